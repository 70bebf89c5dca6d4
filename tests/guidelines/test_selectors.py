import dataclasses
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from guidelines import services
from guidelines.flowchart import OUTSOURCE
from guidelines.flowchart import RECRUIT
from guidelines.flowchart import ChecklistItem
from guidelines.selectors import ChecklistRow
from guidelines.selectors import GapTask
from guidelines.selectors import ToDivide
from guidelines.selectors import action_items
from guidelines.selectors import action_plan
from guidelines.selectors import advice_role
from guidelines.selectors import gap_analysis
from guidelines.selectors import plan_card
from guidelines.selectors import plan_state
from guidelines.selectors import plan_status
from guidelines.selectors import plan_status_of
from guidelines.selectors import task_list_summary
from guidelines.selectors import team_checklist
from guidelines.selectors import team_links
from schools.changes import token_of
from schools.models import Role
from tasks.models import ListTask
from teams.models import Agreement
from teams.models import ConsultationGroup
from teams.models import PersonSchool
from teams.selectors import school_team
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import TaskFactory
from tests.factories import member
from tests.guidelines.paths import TO_THE_END
from tests.guidelines.paths import UP_TO_TEAM

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(school):
    return member(school, role=Role.SCHOOL_LEADER)


@pytest.fixture
def plan(school, leader):
    return services.plan_start(owner=school, user=leader)


def answer_steps(plan, user, pairs):
    for node_id, value in pairs:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=user)
    return plan


def core_task(**kw):
    return TaskFactory(is_core=True, needs_technical=True, needs_pedagogical=True, **kw)


def test_progress_by_phase_and_step(plan, leader):
    for node_id, value in [("growth", "yes"), ("vision", "yes"), ("policy_plan", "yes")]:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
    state = plan_state(plan=plan)
    states = [step.state for phase in state.phases for step in phase.steps]
    assert states == ["done", "done", "done", "current", "todo", "todo", "todo", "todo"]
    assert [phase.state for phase in state.phases] == ["done", "current", "todo"]
    assert state.percent == 38
    card = plan_card(owner=plan.school)
    assert (card.step.number, card.phase.number, card.percent) == (4, 2, 38)


def test_a_paused_step_shows_as_paused(plan, leader):
    services.answer_set(plan=plan, node_id="growth", value="no", user=leader)
    state = plan_state(plan=plan)
    assert state.phases[0].steps[0].state == "paused"
    assert state.paused_end.id == "strategic_project"


def test_gaps_use_expertise_and_motivation_and_sort_into_recruit_or_outsource(school, plan):
    strategic = ListTaskFactory(school=school, task=core_task(code="POL-X-01"))
    technical = ListTaskFactory(school=school, task=TaskFactory(needs_technical=True))
    covered = ListTaskFactory(school=school, task=TaskFactory(needs_technical=True))
    willing = ListTaskFactory(
        school=school, task=TaskFactory(needs_technical=False, needs_pedagogical=True)
    )
    ListTaskFactory(school=school, applies=False)
    ListTaskFactory(school=school, horizon="dropped")
    ListTaskFactory(school=school, level="outsourced")
    # Capable of technical work but not keen on more of it, and executing one task;
    # pedagogical, motivated and free.
    tech = PersonFactory(
        school=school, competence_technical=2, competence_pedagogical=0, motivation_technical=0
    )
    AssignmentFactory(person=tech, list_task=covered)
    PersonFactory(
        school=school,
        competence_technical=0,
        competence_pedagogical=3,
        motivation_pedagogical=2,
    )
    analysis = gap_analysis(plan=plan)
    assert {gap.entry for gap in analysis.gaps} == {strategic, technical}
    assert analysis.gaps[0].entry == strategic  # strategic tasks first
    routes = {gap.entry: gap.route for gap in analysis.gaps}
    assert routes == {strategic: RECRUIT, technical: OUTSOURCE}
    assert [item.entry for item in analysis.to_divide] == [willing]
    # Built with their fields set at once, the gaps are the objects their constructors
    # make: equal, hashable alike and as frozen.
    for made, built in [
        *((gap, GapTask(gap.entry, gap.advice, gap.decision)) for gap in analysis.gaps),
        *((item, ToDivide(item.entry, item.candidates)) for item in analysis.to_divide),
    ]:
        assert made == built and hash(made) == hash(built) and vars(made) == vars(built)
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.entry = None


def test_a_capable_person_without_motivation_does_not_close_a_gap(school, plan):
    entry = ListTaskFactory(school=school, task=TaskFactory(needs_technical=True))
    PersonFactory(school=school, competence_technical=3, motivation_technical=0)
    assert [gap.entry for gap in gap_analysis(plan=plan).gaps] == [entry]


def test_a_decision_overrides_the_rule(school, plan, leader):
    entry = ListTaskFactory(school=school, task=core_task())
    services.gap_decision_set(plan=plan, list_task=entry, route=OUTSOURCE, user=leader)
    gap = gap_analysis(plan=plan).gaps[0]
    assert (gap.suggested, gap.route, gap.overridden) == (RECRUIT, OUTSOURCE, True)


def test_gap_decisions_come_with_their_entries_and_a_dropped_task_prints_without_queries(
    school, plan, leader, django_assert_num_queries
):
    kept = ListTaskFactory(school=school, task=core_task())
    dropped = ListTaskFactory(school=school, task=core_task())
    services.gap_decision_set(plan=plan, list_task=kept, route=OUTSOURCE, user=leader)
    services.gap_decision_set(plan=plan, list_task=dropped, route="drop", user=leader)
    printed = str(ListTask.objects.get(pk=dropped.pk).task)
    with django_assert_num_queries(4):
        analysis = gap_analysis(plan=plan)
    with django_assert_num_queries(0):
        [gap] = analysis.gaps
        assert gap.decision.list_task is gap.entry
        [decision] = analysis.dropped
        assert decision.list_task_id == dropped.pk
        assert str(decision.list_task.task) == printed


def test_the_checklist_counts_only_the_team_tasks_and_mandates_on_any_task(school, plan):
    executed = ListTaskFactory(school=school)
    ListTaskFactory(school=school)
    dropped = ListTaskFactory(school=school, horizon="dropped")
    ListTaskFactory(school=school, level="central")
    ListTaskFactory(school=school, applies=False)
    person = PersonFactory(school=school, ict_hours=2)
    AssignmentFactory(person=person, list_task=executed, executes=True)
    AssignmentFactory(person=person, list_task=dropped, executes=True, decides=True)
    rows = {row.item.key: row for row in team_checklist(plan=plan)}
    assert rows["tasks_divided"].detail == "1 of 2 tasks have someone who executes them"
    assert rows["mandates"].detail.startswith("0 of 2 assigned tasks")
    assert rows["hours_granted"].detail == "1 of 1 people with tasks have hours for them"


def test_the_action_plans_one_read_of_the_team_gives_the_same_checklist_and_gaps(
    school, plan, django_assert_num_queries
):
    """The action plan reads a school's team and mandates once for the gaps and step 7:
    the same rows, the same gaps, in one query for the checklist instead of two."""
    executed = ListTaskFactory(school=school, task=core_task())
    clear = ListTaskFactory(school=school)
    ListTaskFactory(school=school, task=core_task())
    dropped = ListTaskFactory(school=school, horizon="dropped")
    ListTaskFactory(school=school, level="central")
    ListTaskFactory(school=school, applies=False)
    nobody = {"competence_administrative": 0}
    admin = TaskFactory(needs_technical=False, needs_administrative=True)
    ListTaskFactory(school=school, task=admin)
    other_school = SchoolFactory(group=school.group)
    first = PersonFactory(school=school, name="Zeno", ict_hours=2, competence_technical=0, **nobody)
    able = {
        f"{kind}_{key}": 2
        for kind in ("competence", "motivation")
        for key in ("technical", "pedagogical")
    }
    second = PersonFactory(school=school, name="Anna", ict_hours=0, **able, **nobody)
    shared = PersonFactory(
        school=None, group=school.group, name="Mira", bpt_hours=Decimal("1.5"), **nobody
    )
    PersonSchool.objects.create(person=shared, school=school, hours=Decimal("2"))
    PersonFactory(school=other_school, name="Elsewhere")
    for person, entry, mandates in (
        (first, executed, {"executes": True}),
        (second, executed, {"decides": True, "executes": False}),
        (first, dropped, {"executes": True, "decides": True}),
        (first, clear, {"decides": True, "monitors": True, "lead": True, "executes": False}),
        (shared, clear, {"executes": True}),
    ):
        AssignmentFactory(person=person, school=school, list_task=entry, **mandates)
    ConsultationGroup.objects.create(school=school, kind="policy_team", name="P", group_link="")
    Agreement.objects.create(school=school, kind="backup", text="Agreed.", in_place=True)

    def rows(checklist):
        return [(r.item.key, r.done, r.computed, r.detail, r.link) for r in checklist]

    def gaps(analysis):
        divide = [(d.entry.pk, [p.pk for p in d.candidates]) for d in analysis.to_divide]
        return [(g.entry.pk, g.route, g.taken_by, g.decision) for g in analysis.gaps], divide

    team = school_team(school=school)
    with django_assert_num_queries(1):
        from_team = team_checklist(plan=plan, team=team)
    # Without the team: the school's change token, the people with the tasks' figures in
    # one query, the groups in one; then the token alone while no row of the school changes.
    with django_assert_num_queries(3):
        own = team_checklist(plan=plan)
    assert rows(from_team) == rows(own)
    with django_assert_num_queries(1):
        again = team_checklist(plan=plan)
    assert rows(again) == rows(own)
    Agreement.objects.filter(school=school).update(in_place=False)
    with django_assert_num_queries(3):
        changed = team_checklist(plan=plan)
    assert rows(changed) != rows(own)
    assert any(not row.done for row in from_team) and any(row.done for row in from_team)
    with django_assert_num_queries(1):
        analysis = gap_analysis(plan=plan, team=team)
    assert gaps(analysis) == gaps(gap_analysis(plan=plan)) and analysis.gaps and analysis.to_divide


def _plan_gaps(analysis):
    """What the action plan shows of the gaps, and reads of them."""
    gaps = [
        (
            gap.entry.pk,
            gap.task.code,
            gap.task.title,
            gap.route,
            gap.taken_by,
            gap.decision.pk if gap.decision else None,
            gap.decision.note if gap.decision else "",
            gap.advice,
        )
        for gap in analysis.gaps
    ]
    dropped = [
        (d.pk, d.list_task_id, d.list_task.task.code, d.list_task.task.title, d.note)
        for d in analysis.dropped
    ]
    divide = [(d.entry.pk, [p.pk for p in d.candidates]) for d in analysis.to_divide]
    return gaps, dropped, divide


def test_the_action_plans_gaps_and_checklist_are_those_of_the_team_and_kept_while_it_stays(
    school, plan, leader, django_assert_num_queries
):
    """The action plan reads only what it shows of the team (its own four queries) and
    keeps the gaps worked out from the same rows: the same gaps, decisions, dropped tasks
    and checklist as the separate reads, before and after each kind of change."""
    plan = answer_steps(plan, leader, UP_TO_TEAM)
    core = ListTaskFactory(school=school, task=core_task(code="POL-A-01", also_by=["ict_team"]))
    technical = ListTaskFactory(school=school, task=TaskFactory(needs_technical=True))
    willing = ListTaskFactory(
        school=school, task=TaskFactory(needs_technical=False, needs_pedagogical=True)
    )
    to_drop = ListTaskFactory(school=school, task=TaskFactory(needs_technical=True))
    ListTaskFactory(school=school, level="outsourced")
    person = PersonFactory(
        school=school,
        ict_hours=2,
        competence_technical=0,
        competence_pedagogical=2,
        motivation_pedagogical=2,
    )
    AssignmentFactory(person=person, school=school, list_task=core, executes=True)
    ConsultationGroup.objects.create(school=school, kind="policy_team", name="P", group_link="")
    services.gap_decision_set(
        plan=plan, list_task=technical, route="internal", taken_by="Jan <b>", user=leader
    )
    services.gap_decision_set(
        plan=plan, list_task=to_drop, route="drop", note="not ours & never", user=leader
    )

    def rows(checklist):
        return [(r.item.key, r.done, r.computed, r.detail, r.link) for r in checklist]

    def same():
        found = action_plan(plan=plan)
        assert _plan_gaps(found.gaps) == _plan_gaps(gap_analysis(plan=plan))
        assert rows(found.checklist) == rows(team_checklist(plan=plan))
        return found

    first = same()
    gaps, dropped, divide = _plan_gaps(first.gaps)
    assert {gap[0] for gap in gaps} == {core.pk, technical.pk}
    assert [d[1] for d in dropped] == [to_drop.pk] and [d[0] for d in divide] == [willing.pk]
    # Read again unchanged: the same analysis; five queries (the path, the school's change
    # token, the items, the resources, the evaluations): the team's four, the consultation
    # groups and step 5's counts are not read while the token stays.
    with django_assert_num_queries(5):
        again = action_plan(plan=plan)
    assert again.gaps is first.gaps
    assert again.checklist is not first.checklist
    # Each kind of row changed: a person's competence, a mandate, a task's field, an
    # entry, a decision and the consultation groups.
    person.competence_technical = 2
    person.save()
    assert same().gaps is not first.gaps
    AssignmentFactory(person=person, school=school, list_task=technical, executes=True)
    same()
    core.task.also_by = []
    core.task.save()
    same()
    ListTaskFactory(school=school, task=TaskFactory(needs_administrative=True))
    same()
    services.gap_decision_set(
        plan=plan, list_task=core, route="outsource", note="a <b> note", user=leader
    )
    same()
    ConsultationGroup.objects.create(
        school=school, kind="daily_technical", name="D", group_link="x"
    )
    same()


def test_step_7s_links_are_the_team_builders_addresses(school, other_school):
    """Reversed once per process with a stand-in for the slug: each school's own."""
    names = {
        "team": "teams:overview",
        "matrix": "teams:matrix",
        "mandates": "teams:mandates",
        "consultation": "teams:consultation",
        "agreements": "teams:agreement_add",
        "vacancy": "teams:document_vacancy_new",
        "documents": "teams:documents",
        "tasks": "tasks:school_list",
    }
    for owner in (other_school, school):
        expected = {
            key: reverse(name, kwargs={"school_slug": owner.slug}) for key, name in names.items()
        }
        assert team_links(owner=owner) == expected
    with translation.override("nl"):
        assert team_links(owner=school)["team"] == reverse(
            "teams:overview", kwargs={"school_slug": school.slug}
        )


def test_team_checklist_is_computed_from_the_team_builder(school, plan):
    rows = {row.item.key: row for row in team_checklist(plan=plan)}
    assert all(row.computed for row in rows.values())
    assert not any(row.done for row in rows.values())
    entry = ListTaskFactory(school=school)
    first = PersonFactory(school=school, ict_hours=4)
    second = PersonFactory(school=school, ict_hours=2)
    AssignmentFactory(
        person=first, list_task=entry, decides=True, monitors=True, lead=True, executes=True
    )
    AssignmentFactory(person=second, list_task=entry, executes=True)
    _agree_and_consult(school)
    rows = {row.item.key: row for row in team_checklist(plan=plan)}
    assert all(row.done for row in rows.values()), [k for k, r in rows.items() if not r.done]


def _agree_and_consult(school):
    for kind in ("knowledge_sharing", "backup", "documentation"):
        Agreement.objects.create(school=school, kind=kind, text="Agreed.", in_place=True)
    for kind in ("policy_team", "daily_technical", "sounding_board"):
        ConsultationGroup.objects.create(
            school=school, kind=kind, name=kind, group_link="Meets the group's ICT team."
        )


def _complete_team(school):
    """A team that puts every one of step 7's team actions in place."""
    first = PersonFactory(school=school, ict_hours=4)
    second = PersonFactory(school=school, ict_hours=2)
    for entry in ListTask.objects.filter(school=school).team_tasks():
        AssignmentFactory(
            person=first, list_task=entry, decides=True, monitors=True, lead=True, executes=True
        )
        AssignmentFactory(person=second, list_task=entry, executes=True)
    _agree_and_consult(school)


def test_a_group_plan_ticks_what_the_team_builder_does_not_keep(group, leader):
    plan = services.plan_start(owner=group, user=leader)
    plan = services.checklist_tick(plan=plan, key="backup", done=True, user=leader)
    rows = {row.item.key: row for row in team_checklist(plan=plan)}
    assert not rows["backup"].computed and rows["backup"].done
    assert not rows["documentation"].computed and not rows["documentation"].done
    assert rows["team_assembled"].computed


def test_step_5s_counts_are_kept_by_the_schools_change_token(school, django_assert_num_queries):
    ListTaskFactory(school=school, horizon="short")
    token = token_of(school)
    first = task_list_summary(owner=school, token=token)
    with django_assert_num_queries(0):
        assert task_list_summary(owner=school, token=token) == first
    ListTaskFactory(school=school, horizon="long", raise_with_director=True)
    changed = token_of(school)
    assert changed != token
    summary = task_list_summary(owner=school, token=changed)
    assert (summary["total"], len(summary["to_raise"])) == (first["total"] + 1, 1)
    assert summary == task_list_summary(owner=school)


def test_task_list_summary_counts_the_choices_of_step_5(school):
    ListTaskFactory(
        school=school, horizon="short", level="school_group", level_reason="economies_of_scale"
    )
    ListTaskFactory(school=school, horizon="long", raise_with_director=True)
    ListTaskFactory(school=school, horizon="dropped")
    ListTaskFactory(school=school, applies=False)
    summary = task_list_summary(owner=school)
    assert (summary["total"], summary["applying"]) == (4, 3)
    assert {str(k): v for k, v in summary["horizons"]} == {
        "Short term": 1,
        "Long term": 1,
        "Dropped": 1,
    }
    assert summary["reason_economies_of_scale"] == 1
    assert len(summary["to_raise"]) == 1


def test_task_list_summary_counts_levels_and_core_tasks_among_the_applying_only(school):
    ListTaskFactory(school=school, horizon="short", level="school", task__is_core=True)
    ListTaskFactory(school=school, horizon="long", level="school", task__is_core=False)
    ListTaskFactory(school=school, horizon="short", level="school_group", task__is_core=True)
    # A dropped task keeps its level, but is not counted at it.
    ListTaskFactory(school=school, horizon="dropped", level="school", task__is_core=True)
    ListTaskFactory(school=school, applies=False, level="school", task__is_core=True)
    ListTaskFactory(school=school, applies=False, level_reason="economies_of_scale")
    summary = task_list_summary(owner=school)
    assert (summary["total"], summary["applying"], summary["core"]) == (6, 4, 3)
    assert summary["level_school"] == 2
    assert summary["level_school_group"] == 1
    assert summary["level_outsourced"] == summary["level_central"] == 0
    assert [count for _label, count in summary["horizons"]] == [2, 1, 1]
    assert [count for _label, count in summary["reasons"]] == [0, 0, 0]


def test_task_list_summary_of_a_group_counts_the_group_list_only(school, group):
    ListTaskFactory(school=None, group=group, horizon="short", level="school", task__is_core=True)
    ListTaskFactory(school=None, group=group, horizon="long", level="central")
    ListTaskFactory(school=None, group=group, applies=False)
    # The school's own list is not the group's.
    ListTaskFactory(school=school, horizon="short", level="school", task__is_core=True)
    summary = task_list_summary(owner=group)
    assert (summary["total"], summary["applying"], summary["core"]) == (3, 2, 1)
    assert (summary["level_school"], summary["level_central"]) == (1, 1)
    assert [count for _label, count in summary["horizons"]][:2] == [1, 1]
    school_summary = task_list_summary(owner=school)
    assert (school_summary["total"], school_summary["core"]) == (1, 1)


def test_task_list_summary_lists_the_tasks_to_raise_in_cluster_order_in_the_language(school, group):
    # Catalogue tasks without an entry here, so that no entry has its task's id.
    TaskFactory.create_batch(3)
    policy = ListTaskFactory(
        school=school,
        raise_with_director=True,
        task__code="BEL-001",
        task__cluster="policy",
        task__title="Budget",
        task__title_nl="Begroting",
    )
    technical = ListTaskFactory(
        school=school, raise_with_director=True, task__code="TEC-009", task__title="Wifi"
    )
    first = ListTaskFactory(
        school=school, raise_with_director=True, task__code="TEC-003", task__is_core=True
    )
    ListTaskFactory(school=school, raise_with_director=False, task__code="TEC-001")
    ListTaskFactory(school=None, group=group, raise_with_director=True, task__code="TEC-002")
    summary = task_list_summary(owner=school)
    to_raise = summary["to_raise"]
    assert [entry.pk for entry in to_raise] == [first.pk, technical.pk, policy.pk]
    # Read with the counts: each entry counted once, raised or not.
    assert (summary["total"], summary["applying"]) == (4, 4)
    with translation.override("nl"):
        assert [(e.task.code, e.task.title) for e in to_raise] == [
            ("TEC-003", first.task.title),
            ("TEC-009", "Wifi"),
            ("BEL-001", "Begroting"),
        ]
    assert [e.task.code for e in task_list_summary(owner=group)["to_raise"]] == ["TEC-002"]


def test_advice_role_follows_the_membership(school, group):
    assert advice_role(user=member(school, role=Role.SCHOOL_LEADER), owner=school) == "leader"
    assert advice_role(user=member(group=group, role=Role.GROUP_ADMIN), owner=school) == "leader"
    assert (
        advice_role(user=member(school, role=Role.ICT_COORDINATOR), owner=school)
        == "ict_coordinator"
    )
    assert (
        advice_role(user=member(school, role=Role.TEAM_MEMBER), owner=school) == "ict_coordinator"
    )


def _row(done):
    return ChecklistRow(ChecklistItem("k", "Team action", "team"), done, False)


def test_the_plan_says_finished_only_at_the_end_with_step_7_complete(plan, leader):
    for node_id, value in TO_THE_END:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
    state = plan_state(plan=plan)
    assert state.finished
    items = action_items(plan=plan)
    assert [item.source for item in items if not item.done] == [
        "tasks_school:feedback_director",
        "fact:next_evaluation:0",
    ]
    status = plan_status(state=state, items=items, checklist=[_row(True)])
    assert status.label == "Finished, with 1 open item"
    feedback = items[0]
    services.action_item_update(item=feedback, done=True, due=None)
    items = action_items(plan=plan)
    # The end's own "evaluate again" is the next round, not an open item.
    assert plan_status(state=state, items=items, checklist=[_row(True)]).label == "Finished"
    status = plan_status(state=state, items=items, checklist=[_row(True), _row(False)])
    assert (status.label, status.complete) == ("Finished, with 1 open item", False)
    extra = services.action_item_add(plan=plan, text="Own", who="K", due=None, step=7)
    status = plan_status(state=state, items=action_items(plan=plan), checklist=[_row(False)])
    assert status.label == "Finished, with 2 open items"
    services.action_item_update(item=extra, done=True, due=None)
    status = plan_status_of(plan=plan, state=state, items=action_items(plan=plan))
    assert status.label == "Finished, with 11 open items"


def test_the_card_says_finished_only_when_the_plan_page_does(school, plan, leader):
    ListTaskFactory(school=school)
    for node_id, value in TO_THE_END:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
    feedback = next(item for item in action_items(plan=plan) if "feedback" in item.source)
    services.action_item_update(item=feedback, done=True, due=None)

    def page_and_card() -> tuple[str, str]:
        page = plan_status_of(plan=plan, state=plan_state(plan=plan), items=action_items(plan=plan))
        return page.label, plan_card(owner=school).status_label

    # Every action item done, but step 7's team actions are not in place: the page counts
    # them as open, and so does the card.
    page, card = page_and_card()
    assert page.startswith("Finished, with ")
    assert card == page
    _complete_team(school)
    assert page_and_card() == ("Finished", "Finished")
    # An own action item left open shows on both again.
    services.action_item_add(plan=plan, text="Own", who="K", due=None, step=7)
    assert page_and_card() == ("Finished, with 1 open item", "Finished, with 1 open item")


def test_a_plan_not_at_its_end_is_never_called_finished(plan, leader):
    plan = services.answer_set(plan=plan, node_id="growth", value="no", user=leader)
    state = plan_state(plan=plan)
    status = plan_status(state=state, items=action_items(plan=plan), checklist=[])
    assert status.label == "Paused"
