"""The flowchart data against chapter 3 of the report: every path, end point and advice."""

import io
import itertools
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from guidelines.flowchart import ACTOR_ROUTES
from guidelines.flowchart import ADULT_CENTRE_LEADS
from guidelines.flowchart import ADULT_CENTRE_NOTES
from guidelines.flowchart import DROP
from guidelines.flowchart import END_DONE
from guidelines.flowchart import END_PAUSED
from guidelines.flowchart import FLOWCHART
from guidelines.flowchart import ICT_COORDINATOR
from guidelines.flowchart import INTERNAL
from guidelines.flowchart import LEAD_GROUP
from guidelines.flowchart import LEAD_SCHOOL
from guidelines.flowchart import LEADER
from guidelines.flowchart import OUTSOURCE
from guidelines.flowchart import RECRUIT
from guidelines.flowchart import ROUTES
from guidelines.flowchart import SOURCE_LABELS
from guidelines.flowchart import SOURCE_PUBLISHED
from guidelines.flowchart import SOURCE_REPORT
from guidelines.flowchart import Answer
from guidelines.flowchart import End
from guidelines.flowchart import Flowchart
from guidelines.flowchart import Phase
from guidelines.flowchart import PlanAnswer
from guidelines.flowchart import Question
from guidelines.flowchart import Step
from guidelines.flowchart import all_paths
from guidelines.flowchart import gap_advice
from guidelines.flowchart import gap_route
from guidelines.flowchart import walk
from tasks.models import OtherActor
from tasks.models import Task
from tests.guidelines.paths import UP_TO_TEAM

CATALOGUE = Path(settings.BASE_DIR) / "fixtures/ict-task-overview.xlsx"

# The report sits beside the project (../shared/source/), not in it. CI sets
# ICTTEAM_REQUIRE_REPORT so that a missing report fails there instead of skipping.
REPORT = Path(settings.BASE_DIR).parent / "shared/source/team-oriented-ict-coordination-report.txt"


@pytest.fixture(scope="module")
def report() -> str:
    if not REPORT.is_file():
        message = f"the report is not at {REPORT}: the advice is not checked against its text"
        if os.environ.get("ICTTEAM_REQUIRE_REPORT"):
            pytest.fail(message)
        pytest.skip(message)
    # Line breaks, doubled spaces and bold markers of the text export do not count.
    return " ".join(REPORT.read_text(encoding="utf-8").replace("**", "").split())


def advice(node_id: str, role: str) -> str:
    node = FLOWCHART.node(node_id)
    texts = [f"{a.text} {a.support}" for a in node.advice if a.role == role]
    assert texts, f"{node_id} gives no advice to {role}"
    return " ".join(texts)


def test_the_data_has_no_problems():
    assert FLOWCHART.check() == []


def test_every_node_is_reachable_from_step_1():
    assert FLOWCHART.reachable() == set(FLOWCHART.by_id)
    assert FLOWCHART.start == "growth"
    assert FLOWCHART.node("growth").step == 1


def test_eight_steps_in_the_three_phases_of_the_published_version():
    assert [step.number for step in FLOWCHART.steps] == list(range(1, 9))
    assert [(str(p.title), p.steps) for p in FLOWCHART.phases] == [
        ("Enthusiasm and a plan", (1, 2, 3)),
        ("People and resources", (4, 5, 6)),
        ("Implementation and evaluation", (7, 8)),
    ]
    titles = [str(FLOWCHART.step(n).title).lower() for n in (1, 2, 3)]
    assert titles == ["room for change", "a pedagogical vision", "an ict policy plan"]


def _simulate(path) -> object:
    """Walk a path the way a plan would answer it, one answer after the other."""
    answers = {}
    for seq, (node_id, value) in enumerate(path.steps, start=1):
        answers[node_id] = PlanAnswer(value, seq)
    return walk(answers)


def test_every_path_ends_at_an_end_point_or_loops_back_and_a_plan_can_walk_it():
    paths = all_paths()
    assert len(paths) == 19
    ends = {path.end for path in paths if path.end}
    assert ends == {"strategic_project", "develop_vision", "develop_policy_plan", "fact"}
    for path in paths:
        assert path.steps[0][0] == "growth"
        # Each step follows from the answer before it.
        for (node_id, value), nxt in zip(path.steps, path.node_ids[1:], strict=False):
            assert FLOWCHART.next_node(node_id, value).id == nxt
        state = _simulate(path)
        if path.end:
            assert state.current == path.end
            assert state.node_ids == path.node_ids
        else:
            # A loop reopens the node it leads back to: that step is answered again.
            assert path.loops_to in path.node_ids
            assert state.current == path.loops_to
            assert state.node_ids[-1] == path.loops_to


def test_steps_never_go_backwards_except_through_the_evaluation_loop():
    for path in all_paths():
        steps = [FLOWCHART.node(node_id).step for node_id in path.node_ids]
        assert steps == sorted(steps)
        if path.loops_to:
            assert path.steps[-1][0] == "adjust"


def test_end_points_match_chapter_3(report):
    ends = {end.id: end for end in FLOWCHART.ends()}
    assert {end_id: end.kind for end_id, end in ends.items()} == {
        "strategic_project": END_PAUSED,
        "develop_vision": END_PAUSED,
        "develop_policy_plan": END_PAUSED,
        "fact": END_DONE,
    }
    # A paused plan reopens at the question whose "No" paused it.
    assert ends["strategic_project"].resume_at == "growth"
    assert ends["develop_vision"].resume_at == "vision"
    assert ends["develop_policy_plan"].resume_at == "policy_plan"
    fact = "It is going smoothly: great, team-oriented ICT coordination is a fact!"
    assert fact in report
    assert str(ends["fact"].text) == fact


def test_step_1_no_a_strategic_project_and_the_core_technical_tasks(report):
    assert FLOWCHART.next_node("growth", "yes").id == "vision"
    assert FLOWCHART.next_node("growth", "no").id == "strategic_project"
    question = str(FLOWCHART.node("growth").text)
    assert "growth process" in question
    assert "prepared to make available the time" in question
    leader = "include it as a potential strategic project that must be addressed."
    assert leader in report.lower()
    assert leader in advice("strategic_project", LEADER).lower()
    ict = (
        "Priorities must be set given the limited amount of ICT hours available. Focus on "
        "the core technical tasks, which are the tasks required to keep the ICT "
        "infrastructure running."
    )
    # The report starts the sentence after "ICT coordinator:" in lower case.
    assert ict.lower() in report.lower()
    assert ict in advice("strategic_project", ICT_COORDINATOR)


def test_step_2_no_develop_the_vision_with_the_group_and_counselling_service(report):
    assert str(FLOWCHART.node("vision").text) == "Is there an underlying pedagogical vision?"
    assert FLOWCHART.next_node("vision", "yes").id == "policy_plan"
    assert FLOWCHART.next_node("vision", "no").id == "develop_vision"
    leader = advice("develop_vision", LEADER)
    for phrase in (
        "ICT is only a means to an end, not an end in itself",
        "necessary to get everyone on the same page",
        "Prioritise this in collaboration with the school group/community.",
        "you can contact your pedagogical counselling service or independent consultants",
    ):
        assert phrase in report
        assert phrase in leader
    ict = "Focus on the core technical tasks, which are the tasks required to keep the ICT"
    assert ict in advice("develop_vision", ICT_COORDINATOR)


def test_step_3_no_draw_up_the_policy_plan(report):
    assert str(FLOWCHART.node("policy_plan").text) == "Is there an ICT policy plan?"
    assert FLOWCHART.next_node("policy_plan", "yes").id == "resources"
    assert FLOWCHART.next_node("policy_plan", "no").id == "develop_policy_plan"
    leader = advice("develop_policy_plan", LEADER)
    for phrase in (
        "all tasks related to ICT coordination serve to implement that plan",
        "shared long-term goal of the entire team, to which everyone contributes",
        "Prioritise this in collaboration with the school group/community",
        "'policy planner' of the Digisprong Knowledge Centre",
    ):
        assert phrase.lower() in report.lower()
        assert phrase.lower() in leader.lower()
    ict = advice("develop_policy_plan", ICT_COORDINATOR)
    assert "ICT coordinator: focus on the core technical tasks and policy tasks" in report
    assert "Focus on the core technical tasks and policy tasks" in ict
    assert "jointly with the director and school team" in ict


def test_step_4_records_resources_then_pooling_decides_who_leads(report):
    resources = FLOWCHART.node("resources")
    assert resources.work == "resources"
    assert "usually not sufficient to handle all ICT coordination tasks" in str(resources.text)
    assert "additional BPT hours or other hours" in str(resources.help)
    pooling = FLOWCHART.node("pooling")
    assert "pool resources for ICT coordination at the school group/community level" in str(
        pooling.text
    )
    yes, no = FLOWCHART.answer("pooling", "yes"), FLOWCHART.answer("pooling", "no")
    assert (yes.sets_lead, yes.next) == (LEAD_GROUP, "tasks_group")
    assert (no.sets_lead, no.next) == (LEAD_SCHOOL, "tasks_school")
    assert "the leading role is taken on by the school group/community" in report
    assert "the leading role is taken on by the school group/community" in str(yes.label)
    assert "you take on the leading role" in str(no.label)


def test_step_5_asks_each_lead_its_own_task_list_questions(report):
    group = FLOWCHART.node("tasks_group")
    school = FLOWCHART.node("tasks_school")
    assert (group.lead, school.lead) == (LEAD_GROUP, LEAD_SCHOOL)
    group_text = " ".join(f"{p.text} {p.examples}" for p in group.prompts)
    for phrase in (
        "economies of scale (financial/efficiency)",
        "writing requests for quotes and specifications, application management",
        "require specialised expertise",
        "planning and structuring network and server infrastructure",
        "meet specific needs quickly and effectively",
        "help desk, first-line help with basic skills",
    ):
        assert phrase in report
        assert phrase in group_text
    assert {f for p in group.prompts for f in p.fields} == {"applies", "level", "level_reason"}
    school_text = " ".join(str(p.text) for p in school.prompts)
    for phrase in (
        "Which tasks are essential in the short term?",
        "Which tasks can be spread out over the long term?",
        "Which tasks can be dropped without jeopardising the priorities of the ICT policy plan?",
        "Provide feedback on this to the general or coordinating director.",
    ):
        assert phrase in report
        assert phrase in school_text
    assert {f for p in school.prompts for f in p.fields} == {
        "applies",
        "horizon",
        "raise_with_director",
    }
    assert FLOWCHART.next_node("tasks_group", "checked").id == "expertise"
    assert FLOWCHART.next_node("tasks_school", "checked").id == "expertise"


def test_step_6_recruit_or_outsource_rule(report):
    question = str(FLOWCHART.node("expertise").text)
    assert "motivation and expertise" in question
    assert "Is the expertise available within the school/schools?" in report
    assert FLOWCHART.next_node("expertise", "yes").id == "team"
    assert FLOWCHART.next_node("expertise", "no").id == "fill_gaps"
    assert FLOWCHART.next_node("fill_gaps", "continue").id == "team"
    assert "require sufficient technical competencies in combination with other skills" in str(
        ROUTES[RECRUIT].rule
    )
    assert "draw up a specific job vacancy" in str(ROUTES[RECRUIT].advice)
    assert "consider outsourcing these tasks to an external company" in str(ROUTES[OUTSOURCE].rule)
    assert [str(r) for r in ROUTES[OUTSOURCE].risks] == [
        "Cost",
        "Dependency",
        "Loss of internal know-how",
    ]
    assert "Cost - Dependency - Loss of internal know-how" in report
    # Strategic, and technical combined with another competence: recruit (rule i).
    for other in ("pedagogical", "administrative", "policy"):
        assert gap_route(strategic=True, technical=True, **{other: True}) == RECRUIT
    # Technical skills only: outsource to an external company (rule ii).
    assert gap_route(strategic=True, technical=True) == OUTSOURCE
    assert gap_route(strategic=False, technical=True) == OUTSOURCE


def test_every_route_quotes_the_rule_of_the_report_it_rests_on(report):
    assert set(ROUTES) == {RECRUIT, OUTSOURCE, INTERNAL, DROP}
    for route in ROUTES.values():
        assert str(route.rule) in report, route.key
        assert str(route.rule_name), route.key
    assert "Find out who besides the current ICT coordinator(s) has the necessary" in str(
        ROUTES[INTERNAL].advice
    )


def test_every_actor_table_2_or_chapter_2_names_is_quoted_from_the_report(report):
    for actor in ACTOR_ROUTES.values():
        assert actor.actor in OtherActor.values
        assert str(actor.quote) in report, actor.actor
        assert actor.route in (OUTSOURCE, INTERNAL)
    # The external firms of Table 2 are the only actors that make the outsourcing route.
    assert [a.actor for a in ACTOR_ROUTES.values() if a.route == OUTSOURCE] == ["external_firm"]
    # Those the brief names inside the school: all given the task internally.
    for key in (
        "digicoach",
        "teachers",
        "management",
        "administrative_staff",
        "communication_officer",
        "students",
        "school_group",
        "building_manager",
    ):
        assert ACTOR_ROUTES[key].route == INTERNAL, key


def test_a_pedagogical_task_goes_to_the_digicoaches_inside_not_to_a_company():
    advice = gap_advice(
        strategic=False,
        technical=False,
        pedagogical=True,
        cluster="pedagogical",
        also_by=["digicoach", "students"],
    )
    assert advice.route == INTERNAL
    assert [a.actor for a in advice.insiders] == ["digicoach", "students"]
    assert "'digicoach'" in str(advice.insiders[0].label)


def test_a_strategic_task_needing_technical_and_other_competences_is_recruited_for():
    advice = gap_advice(
        strategic=True,
        technical=True,
        pedagogical=True,
        cluster="pedagogical",
        also_by=["digicoach"],
    )
    assert advice.route == RECRUIT


def test_a_technical_task_is_outsourced_and_so_is_one_table_2_gives_to_external_firms():
    assert gap_route(strategic=False, technical=True, cluster="technical") == OUTSOURCE
    assert (
        gap_route(
            strategic=False,
            technical=True,
            administrative=True,
            cluster="technical",
            also_by=["external_firm"],
        )
        == OUTSOURCE
    )


def test_a_technical_task_table_2_gives_to_someone_inside_stays_inside():
    advice = gap_advice(
        strategic=False, technical=True, cluster="technical", also_by=["building_manager"]
    )
    assert advice.route == INTERNAL
    assert [a.actor for a in advice.insiders] == ["building_manager"]


def test_a_task_with_nobody_named_and_no_technical_side_stays_inside_without_a_role_label():
    advice = gap_advice(
        strategic=False,
        technical=False,
        administrative=True,
        cluster="administrative",
        also_by=["central_level", "technical_advisor"],
    )
    assert advice.route == INTERNAL
    assert advice.insiders == ()


def test_no_rule_suggests_dropping_a_task():
    combos = itertools.product((False, True), repeat=5)
    for strategic, technical, pedagogical, administrative, policy in combos:
        route = gap_route(
            strategic=strategic,
            technical=technical,
            pedagogical=pedagogical,
            administrative=administrative,
            policy=policy,
        )
        assert route != DROP


def test_no_pedagogical_or_policy_task_is_outsourced_unless_table_2_names_external_firms():
    actors = [(), *([key] for key in OtherActor.values), ["external_firm", "digicoach"]]
    combos = itertools.product((False, True), repeat=5)
    for (strategic, technical, pedagogical, administrative, policy), also_by in itertools.product(
        combos, actors
    ):
        for cluster in ("pedagogical", "policy"):
            route = gap_route(
                strategic=strategic,
                technical=technical,
                pedagogical=pedagogical,
                administrative=administrative,
                policy=policy,
                cluster=cluster,
                also_by=also_by,
            )
            if route == OUTSOURCE:
                assert "external_firm" in also_by, (cluster, also_by)
        # Nor does any task that needs pedagogical or policy competences and nothing named.
        if (pedagogical or policy) and "external_firm" not in also_by:
            assert (
                gap_route(
                    strategic=strategic,
                    technical=technical,
                    pedagogical=pedagogical,
                    administrative=administrative,
                    policy=policy,
                    also_by=also_by,
                )
                != OUTSOURCE
            )


@pytest.mark.django_db
def test_no_pedagogical_or_policy_task_of_the_catalogue_is_proposed_for_an_external_company():
    call_command("import_tasks", str(CATALOGUE), stdout=io.StringIO())
    tasks = list(Task.objects.catalogue())
    assert len(tasks) > 50
    outsourced = []
    for task in tasks:
        advice = gap_advice(
            strategic=task.is_core,
            technical=task.needs_technical,
            pedagogical=task.needs_pedagogical,
            administrative=task.needs_administrative,
            policy=task.needs_policy,
            cluster=task.cluster,
            also_by=task.also_by,
        )
        if advice.route == OUTSOURCE:
            outsourced.append(task)
            if task.cluster in ("pedagogical", "policy"):
                assert "external_firm" in task.also_by, task.code
    # Table 2's technical tasks still go out.
    assert any(task.cluster == "technical" for task in outsourced)


def test_step_7_lists_the_team_actions_of_the_report(report):
    team = FLOWCHART.node("team")
    keys = [item.key for item in team.checklist]
    assert keys == [
        "team_assembled",
        "tasks_divided",
        "hours_granted",
        "mandates",
        "knowledge_sharing",
        "backup",
        "documentation",
        "policy_team",
        "daily_technical",
        "sounding_board",
        "group_link",
    ]
    texts = {item.key: str(item.text) for item in team.checklist}
    for key, phrase in {
        "team_assembled": "assemble the relevant people in an ICT team",
        "tasks_divided": "divide the tasks in consultation and based on motivation and expertise",
        "hours_granted": "utilising the necessary hours/resources",
        "mandates": "who is appointed as the lead and point of contact",
        "daily_technical": "Fast and efficient coordination between technical ICT coordinators",
        "sounding_board": "Sounding board for teachers about pedagogical tasks",
        "group_link": "provide a link between the school and school group/community levels",
    }.items():
        assert phrase in report
        assert phrase in texts[key]
    assert FLOWCHART.next_node("team", "started").id == "evaluate"


def test_step_8_evaluation_loop(report):
    assert "Regularly evaluate the ICT teamwork" in str(FLOWCHART.node("evaluate").text)
    assert FLOWCHART.next_node("evaluate", "smooth").id == "fact"
    assert FLOWCHART.next_node("evaluate", "poorly").id == "supervisor"
    assert "It is going poorly: call in a process supervisor." in report
    assert "call in a process supervisor" in advice("supervisor", LEADER)
    assert "process supervision and change management" in advice("supervisor", LEADER)
    assert FLOWCHART.next_node("supervisor", "continue").id == "adjust"
    # Adjust the team's composition (who, step 6) or the division of tasks (step 7).
    assert FLOWCHART.next_node("adjust", "composition").id == "expertise"
    assert FLOWCHART.next_node("adjust", "division").id == "team"
    assert FLOWCHART.next_node("adjust", "neither").id == "evaluate"
    assert "composition of the team and the division of tasks should be adjusted" in report


def test_every_piece_of_advice_is_for_a_leader_or_an_ict_coordinator():
    roles = {a.role for node in FLOWCHART.nodes for a in node.advice}
    assert roles == {LEADER, ICT_COORDINATOR}
    for node_id in ("strategic_project", "develop_vision", "develop_policy_plan", "supervisor"):
        node = FLOWCHART.node(node_id)
        assert {a.role for a in node.advice} == {LEADER, ICT_COORDINATOR}, node_id


def test_the_no_branches_give_action_items_with_who():
    for end in FLOWCHART.ends():
        assert end.actions, end.id
        for action in end.actions:
            assert action.weeks > 0
            assert str(action.who_label)


def test_check_reports_dangling_answers_unreachable_nodes_and_dead_ends():
    broken = Flowchart(
        phases=(Phase(1, "One", (1,)),),
        steps=(Step(1, 1, "Only", ""),),
        nodes=(
            Question("a", 1, "A", "A?", (Answer("yes", "Yes", "b"), Answer("no", "No", "x"))),
            Question("b", 1, "B", "B?", (Answer("again", "Again", "a"),)),
            End("lonely", 1, "Lonely", "", END_DONE),
        ),
        start="a",
    )
    problems = broken.check()
    assert "a: answer 'no' leads to unknown node" in problems
    assert "unreachable node: lonely" in problems
    assert "a: no path from here reaches an end point" in problems
    assert "b: no path from here reaches an end point" in problems


def test_walk_stops_at_the_first_unanswered_node_and_ignores_stale_values():
    assert walk({}).current == "growth"
    state = walk({"growth": PlanAnswer("yes", 1), "vision": PlanAnswer("maybe", 2)})
    assert state.current == "vision"
    assert state.answered_ids == ("growth",)


def _plan_answers(*pairs):
    return {node_id: PlanAnswer(value, seq) for seq, (node_id, value) in enumerate(pairs, 1)}


def test_an_evaluation_that_went_poorly_loops_back_and_the_loop_is_answered_again():
    answers = _plan_answers(
        *UP_TO_TEAM, ("evaluate", "poorly"), ("supervisor", "continue"), ("adjust", "division")
    )
    state = walk(answers)
    # Back at step 7: the old answer to it was given before the loop led back.
    assert state.current == "team"
    assert state.node_ids[-1] == "team"
    answers["team"] = PlanAnswer("started", 20)
    assert walk(answers).current == "evaluate"
    answers["evaluate"] = PlanAnswer("smooth", 21)
    state = walk(answers)
    assert state.current == "fact"
    assert "supervisor" not in state.node_ids


def test_a_new_evaluation_does_not_reuse_the_last_rounds_follow_up():
    answers = _plan_answers(
        *UP_TO_TEAM, ("evaluate", "poorly"), ("supervisor", "continue"), ("adjust", "neither")
    )
    assert walk(answers).current == "evaluate"
    answers["evaluate"] = PlanAnswer("poorly", 30)
    state = walk(answers)
    assert state.current == "supervisor"
    assert state.node_ids.count("evaluate") == 1


def test_changing_an_earlier_answer_keeps_the_later_answers_that_still_follow():
    answers = _plan_answers(*UP_TO_TEAM)
    answers["pooling"] = PlanAnswer("no", 50)
    assert walk(answers).current == "evaluate"
    answers["pooling"] = PlanAnswer("yes", 51)
    assert walk(answers).current == "tasks_group"


# Every piece of advice in the data, with a phrase it quotes from the report (chapter 3,
# or the chapter 2 sections it builds on). A new piece of advice needs its line here.
ADVICE_FROM_THE_REPORT = {
    ("resources", LEADER): "It is also important to set aside hours for pedagogical tasks, "
    "and not just for technical support",
    ("resources", ICT_COORDINATOR): "determines how many tasks can be taken up and in what "
    "depth and specialisation",
    ("tasks_group", LEADER): "ideally located partly at the level of the school "
    "group/community and partly at the level of the school",
    ("tasks_group", ICT_COORDINATOR): "first-line support must be provided quickly at the "
    "school itself",
    ("tasks_school", LEADER): "general or coordinating director",
    ("tasks_school", ICT_COORDINATOR): "without jeopardising the priorities of the ICT policy plan",
    ("expertise", LEADER): "You should not divide tasks according to profiles but rather "
    "according to competencies",
    ("expertise", ICT_COORDINATOR): "you can take advantage of in-house talent and leave "
    "less interesting matters to others",
    ("fill_gaps", LEADER): "require sufficient technical competencies in combination with "
    "other skills (pedagogical, administrative, or policy): recruitment",
    ("fill_gaps", ICT_COORDINATOR): "consider outsourcing these tasks to an external company",
    ("team", LEADER): "It is up to management to continue to ensure there is a clear "
    "division of tasks and clear mandates, even if the team composition changes",
    ("team", ICT_COORDINATOR): "not working with personal mailboxes, but with generic addresses",
    ("evaluate", LEADER): "Check whether the collaboration is running smoothly",
    ("evaluate", ICT_COORDINATOR): "composition of an ICT team rarely remains stable",
    ("fact", LEADER): "cyclical operation implies continuous evaluation",
    ("fact", ICT_COORDINATOR): "draw up written procedures",
    ("supervisor", LEADER): "call in a process supervisor",
    ("supervisor", ICT_COORDINATOR): "working bottom-up and providing regular feedback when "
    "decisions are made",
    ("strategic_project", LEADER): "Include it as a potential strategic project that must "
    "be addressed",
    ("strategic_project", ICT_COORDINATOR): "keep the ICT infrastructure running",
    ("develop_vision", LEADER): "ICT is only a means to an end, not an end in itself",
    ("develop_vision", ICT_COORDINATOR): "Focus on the core technical tasks",
    ("develop_policy_plan", LEADER): "all tasks related to ICT coordination serve to "
    "implement that plan",
    ("develop_policy_plan", ICT_COORDINATOR): "jointly with the director and school team",
}


def test_every_piece_of_advice_quotes_the_report(report):
    given = {(node.id, a.role) for node in FLOWCHART.nodes for a in node.advice}
    assert given == set(ADVICE_FROM_THE_REPORT)
    for (node_id, role), phrase in ADVICE_FROM_THE_REPORT.items():
        assert phrase.lower() in report.lower(), (node_id, role)
        assert phrase.lower() in advice(node_id, role).lower(), (node_id, role)


def test_each_step_says_whether_it_comes_from_the_reports_draft_or_the_published_guidelines(
    report,
):
    # The report's draft numbers seven steps, the evaluation under step 7.
    assert "7. Towards team-oriented ICT coordination" in report
    assert "8. " not in report.split("Chapter 3: Guidelines for more team-oriented")[-1]
    sources = {step.number: (step.source, step.report_step) for step in FLOWCHART.steps}
    assert sources == {
        **{n: (SOURCE_REPORT, n) for n in range(1, 8)},
        8: (SOURCE_PUBLISHED, 7),
    }
    assert all(phase.source == SOURCE_PUBLISHED for phase in FLOWCHART.phases)
    assert "Regularly evaluate the ICT teamwork" in str(FLOWCHART.step(8).source_note)
    note = str(FLOWCHART.sources_note)
    assert "seven numbered steps" in note and "final published guidelines" in note
    assert "for piloting in 2022-23" in str(SOURCE_LABELS[SOURCE_REPORT])


def test_what_the_report_does_not_say_is_kept_apart_as_a_suggestion(report):
    suggestions = [
        str(a.suggestion) for node in FLOWCHART.nodes for a in node.advice if a.suggestion
    ]
    assert suggestions
    for suggestion in suggestions:
        assert suggestion.lower() not in report.lower()


def test_adult_education_centres_are_named_as_the_report_names_them(report):
    for note in ADULT_CENTRE_NOTES.values():
        assert str(note) in report
    assert "adult education centre" in str(ADULT_CENTRE_LEADS[LEAD_SCHOOL]).lower()
