import datetime
import io

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from guidelines import services
from guidelines.models import Answer
from guidelines.models import Resources
from schools.models import Role
from schools.models import SchoolChange
from tasks.models import ListTask
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db

UP_TO_POOLING = [
    ("growth", "yes"),
    ("vision", "yes"),
    ("policy_plan", "yes"),
    ("resources", "recorded"),
]


@pytest.fixture
def leader(school):
    return member(school, role=Role.SCHOOL_LEADER)


@pytest.fixture
def coordinator(school):
    return member(school, role=Role.ICT_COORDINATOR)


@pytest.fixture
def plan(school, leader):
    return services.plan_start(owner=school, user=leader)


def url(name, school, **kwargs):
    return reverse(f"guidelines:school_{name}", kwargs={"school_slug": school.slug, **kwargs})


def node_url(school, node_id):
    return url("node", school, node_id=node_id)


def answer_all(plan, user, pairs):
    for node_id, value in pairs:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=user)
    return plan


def test_a_leader_starts_the_plan_and_answers_step_1(client, school, leader):
    client.force_login(leader)
    response = client.get(url("plan", school))
    assert response.status_code == 200
    assert "Start the transition plan" in response.content.decode()
    response = client.post(url("start", school))
    assert response.status_code == 302
    assert response["Location"] == node_url(school, "growth")
    page = client.get(node_url(school, "growth")).content.decode()
    assert "growth process" in page
    response = client.post(node_url(school, "growth"), {"answer": "yes"})
    assert response["Location"] == node_url(school, "vision")
    assert Answer.objects.get(node_id="growth").answered_by == leader


def test_resume_opens_the_current_node(client, school, leader, plan):
    answer_all(plan, leader, [("growth", "yes")])
    client.force_login(leader)
    response = client.get(url("resume", school))
    assert response["Location"] == node_url(school, "vision")


def test_a_paused_plan_says_what_to_do_to_go_on(client, school, leader, plan):
    answer_all(plan, leader, [("growth", "yes"), ("vision", "no")])
    client.force_login(leader)
    page = client.get(node_url(school, "develop_vision")).content.decode()
    assert "What to do to go on" in page
    assert "When the pedagogical vision has been developed" in page
    assert node_url(school, "vision") in page
    overview = client.get(url("plan", school)).content.decode()
    assert "Paused at step 2" in overview


def test_a_node_off_the_path_redirects_to_where_the_plan_stands(client, school, leader, plan):
    client.force_login(leader)
    response = client.get(node_url(school, "team"))
    assert response.status_code == 302
    assert response["Location"] == node_url(school, "growth")
    assert client.get(node_url(school, "nowhere")).status_code == 404


def test_ict_coordinator_reads_with_their_advice_first_but_cannot_answer(
    client, school, leader, coordinator, plan
):
    answer_all(plan, leader, [("growth", "yes"), ("vision", "no")])
    client.force_login(coordinator)
    page = client.get(node_url(school, "develop_vision")).content.decode()
    mine = page.index('data-role="ict_coordinator"')
    other = page.index('data-role="leader"')
    assert mine < other
    assert "advice-mine" in page[page.rfind("<div", 0, mine) : mine]
    assert "For you" in page[mine : mine + 400]
    response = client.post(node_url(school, "vision"), {"answer": "yes"})
    assert response.status_code == 403
    assert not Answer.objects.filter(node_id="vision", value="yes").exists()


def test_a_leader_sees_the_leaders_advice_emphasised(client, school, leader, plan):
    answer_all(plan, leader, [("growth", "no")])
    client.force_login(leader)
    page = client.get(node_url(school, "strategic_project")).content.decode()
    assert page.index('data-role="leader"') < page.index('data-role="ict_coordinator"')
    assert "Include it as a potential strategic project" in page


def test_another_schools_plan_is_404(client, school, other_school, plan):
    outsider = member(other_school, role=Role.SCHOOL_LEADER)
    client.force_login(outsider)
    for response in (
        client.get(url("plan", school)),
        client.get(node_url(school, "growth")),
        client.get(url("action_plan_pdf", school)),
        client.post(node_url(school, "growth"), {"answer": "yes"}),
    ):
        assert response.status_code == 404


def test_the_resources_step_records_the_hours_and_budget(client, school, leader, plan):
    answer_all(plan, leader, [("growth", "yes"), ("vision", "yes"), ("policy_plan", "yes")])
    client.force_login(leader)
    response = client.post(
        node_url(school, "resources"),
        {
            "ict_hours": "12",
            "bpt_hours": "6",
            "other_hours": "2",
            "operating_budget": "8000",
            "note": "",
        },
    )
    assert response["Location"] == node_url(school, "pooling")
    resources = Resources.objects.get(plan=plan)
    assert (resources.ict_hours, resources.operating_budget) == (12, 8000)


def test_step_5_edits_the_schools_task_list_inside_the_wizard(client, school, leader, plan):
    entry = ListTaskFactory(school=school, horizon="short")
    answer_all(plan, leader, [*UP_TO_POOLING, ("pooling", "no")])
    client.force_login(leader)
    page = client.get(node_url(school, "tasks_school")).content.decode()
    assert "Which tasks are essential in the short term?" in page
    assert 'name="rows-0-horizon"' in page
    assert 'name="rows-0-level_reason"' not in page
    response = client.post(
        node_url(school, "tasks_school"),
        {
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "1",
            "rows-0-id": str(entry.pk),
            "rows-0-applies": "on",
            "rows-0-horizon": "long",
            "rows-0-raise_with_director": "on",
            "action": "answer",
        },
    )
    assert response["Location"] == node_url(school, "expertise")
    entry.refresh_from_db()
    assert (entry.horizon, entry.raise_with_director) == ("long", True)


def test_step_5_led_by_the_group_asks_level_and_reason(client, school, leader, plan):
    ListTaskFactory(school=school)
    answer_all(plan, leader, [*UP_TO_POOLING, ("pooling", "yes")])
    client.force_login(leader)
    page = client.get(node_url(school, "tasks_group")).content.decode()
    assert "economies of scale" in page
    assert 'name="rows-0-level_reason"' in page
    assert 'name="rows-0-horizon"' not in page


def test_step_6_shows_gaps_and_step_6_outcome_records_decisions(client, school, leader, plan):
    core = ListTaskFactory(
        school=school,
        task=TaskFactory(is_core=True, needs_technical=True, needs_pedagogical=True),
    )
    technical = ListTaskFactory(school=school, task=TaskFactory(needs_technical=True))
    answer_all(plan, leader, [*UP_TO_POOLING, ("pooling", "no"), ("tasks_school", "checked")])
    client.force_login(leader)
    page = client.get(node_url(school, "expertise")).content.decode()
    assert core.task.title in page and technical.task.title in page
    assert "suggested by the team data" in page
    client.post(node_url(school, "expertise"), {"answer": "no"})
    page = client.get(node_url(school, "fill_gaps")).content.decode()
    assert "Loss of internal know-how" in page
    response = client.post(
        node_url(school, "fill_gaps"),
        {
            f"route_{core.pk}": "recruit",
            f"route_{technical.pk}": "outsource",
            f"note_{technical.pk}": "Ask the group's framework contract",
            "action": "answer",
        },
    )
    assert response["Location"] == node_url(school, "team")
    decisions = dict(plan.gap_decisions.values_list("list_task_id", "route"))
    assert decisions == {core.pk: "recruit", technical.pk: "outsource"}


def test_step_7_checks_off_what_the_team_builder_shows(client, school, leader, plan):
    PersonFactory(school=school, name="Tom Claes")
    PersonFactory(school=school, name="Lotte Maes")
    answer_all(
        plan,
        leader,
        [*UP_TO_POOLING, ("pooling", "no"), ("tasks_school", "checked"), ("expertise", "yes")],
    )
    client.force_login(leader)
    page = client.get(node_url(school, "team")).content.decode()
    assert "2 people in the team" in page
    assert 'data-key="team_assembled"' in page
    response = client.post(node_url(school, "team"), {"action": "answer"})
    assert response["Location"] == node_url(school, "evaluate")


def test_step_8_records_an_evaluation_with_its_date(client, school, leader, plan):
    answer_all(
        plan,
        leader,
        [
            *UP_TO_POOLING,
            ("pooling", "no"),
            ("tasks_school", "checked"),
            ("expertise", "yes"),
            ("team", "started"),
        ],
    )
    client.force_login(leader)
    response = client.post(
        node_url(school, "evaluate"),
        {"date": "2025-03-01", "outcome": "smooth", "notes": "<b>fine</b>"},
    )
    assert response["Location"] == node_url(school, "fact")
    page = client.get(url("plan", school)).content.decode()
    assert "Going smoothly" in page
    assert "&lt;b&gt;fine&lt;/b&gt;" in page


def test_going_back_to_change_an_answer_flags_what_no_longer_follows(client, school, leader, plan):
    answer_all(plan, leader, [*UP_TO_POOLING, ("pooling", "no"), ("tasks_school", "checked")])
    client.force_login(leader)
    page = client.get(node_url(school, "pooling")).content.decode()
    assert "You can change the answer" in page
    client.post(node_url(school, "pooling"), {"answer": "yes"})
    overview = client.get(url("plan", school)).content.decode()
    assert "Answers to review" in overview
    assert "not on the current path" in overview


def test_action_items_are_edited_by_the_leader(client, school, leader, plan):
    answer_all(plan, leader, [("growth", "no")])
    item = plan.action_items.first()
    client.force_login(leader)
    response = client.post(
        url("action", school, pk=item.pk),
        {"text": item.text, "who": "Karel Wouters", "due": "2030-01-31", "done": "on"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.who, item.due, item.done) == ("Karel Wouters", datetime.date(2030, 1, 31), True)
    client.post(url("action_add", school), {"text": "Visit a strong team", "who": "Karel"})
    assert plan.action_items.filter(text="Visit a strong team").exists()


def test_action_items_of_another_school_are_404(client, school, other_school, leader, plan):
    other_leader = member(other_school, role=Role.SCHOOL_LEADER)
    other_plan = services.plan_start(owner=other_school, user=other_leader)
    answer_all(other_plan, other_leader, [("growth", "no")])
    foreign = other_plan.action_items.first()
    client.force_login(leader)
    response = client.post(
        url("action", school, pk=foreign.pk), {"text": "x", "who": "y", "done": "on"}
    )
    assert response.status_code == 404


def test_the_action_plan_pdf_has_answers_advice_items_and_task_summary(
    client, school, leader, plan
):
    ListTaskFactory(school=school, raise_with_director=True, task=TaskFactory(title="Quotes"))
    answer_all(plan, leader, [("growth", "yes"), ("vision", "no")])
    client.force_login(leader)
    page = client.get(url("action_plan", school)).content.decode()
    assert "Answers and advice" in page
    response = client.get(url("action_plan_pdf", school))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join((p.extract_text() or "").split())
        for p in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Action plan" in text
    assert "Is there an underlying pedagogical vision?" in text
    assert "ICT is only a means to an end" in text
    assert "Develop the pedagogical vision in collaboration with the school group." in text
    assert "To raise with the general or coordinating director" in text
    assert "Quotes" in text


def test_the_plans_svg_highlights_the_path(client, school, leader, plan):
    answer_all(plan, leader, [("growth", "yes")])
    client.force_login(leader)
    response = client.get(url("svg", school))
    assert response["Content-Type"].startswith("image/svg+xml")
    svg = response.content.decode()
    assert 'class="fc-node fc-question fc-on-path" id="fc-node-growth"' in svg
    assert 'class="fc-node fc-question fc-on-path fc-current" id="fc-node-vision"' in svg


def test_the_school_overview_shows_the_plan_card(client, school, leader, plan):
    answer_all(plan, leader, [("growth", "yes"), ("vision", "no")])
    client.force_login(leader)
    page = client.get(reverse("schools:school_detail", args=[school.slug])).content.decode()
    assert "Transition plan" in page
    assert "Step 2 of 8: A pedagogical vision" in page
    assert url("plan", school) in page


def test_the_group_leads_its_own_plan(client, group, school):
    admin = member(group=group, role=Role.GROUP_ADMIN)
    leader = member(school, role=Role.SCHOOL_LEADER)
    client.force_login(admin)
    start = reverse("guidelines:group_start", kwargs={"group_slug": group.slug})
    client.post(start)
    plan = group.transition_plan
    answer_all(plan, admin, [*UP_TO_POOLING, ("pooling", "yes")])
    page = client.get(
        reverse(
            "guidelines:group_node", kwargs={"group_slug": group.slug, "node_id": "tasks_group"}
        )
    )
    assert page.status_code == 200
    assert "led by the school group" in page.content.decode()
    # A school leader does not reach the group's own plan.
    client.force_login(leader)
    response = client.get(reverse("guidelines:group_plan", kwargs={"group_slug": group.slug}))
    assert response.status_code == 404


def test_the_flowchart_page_and_picture(client, leader):
    client.force_login(leader)
    page = client.get(reverse("guidelines:flowchart")).content.decode()
    assert "Phase 1: Enthusiasm and a plan" in page
    assert "<svg" in page
    assert client.get(reverse("guidelines:flowchart_svg")).status_code == 200


def _grow(plan, school, leader, size):
    """A bigger plan: more answers, action items, evaluations and list entries."""
    ListTaskFactory.create_batch(size, school=school)
    PersonFactory.create_batch(size, school=school)
    for i in range(size):
        services.action_item_add(plan=plan, text=f"Item {i}", who="Karel", due=None, step=1)
    return plan


TO_EVALUATE = [
    *UP_TO_POOLING,
    ("pooling", "no"),
    ("tasks_school", "checked"),
    ("expertise", "yes"),
    ("team", "started"),
]


def _count(client, target):
    with CaptureQueriesContext(connection) as context:
        assert client.get(target).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "node_id",
    ["growth", "resources", "pooling", "tasks_school", "expertise", "team", "evaluate", "fact"],
)
def test_wizard_pages_run_a_constant_number_of_queries(
    client, school, leader, plan, django_assert_num_queries, node_id
):
    answer_all(plan, leader, TO_EVALUATE)
    services.evaluation_record(
        plan=plan, user=leader, date=datetime.date(2025, 1, 1), outcome="smooth"
    )
    client.force_login(leader)
    target = node_url(school, node_id)
    client.get(target)  # the first request of a session warms caches
    # The first read after a change to the school's rows (a new change token), and the
    # next, which takes what the first worked out of them.
    SchoolChange.objects.filter(school=school).update(token=F("token") + 1)
    changed, count = _count(client, target), _count(client, target)
    _grow(plan, school, leader, 15)
    for day in range(2, 5):
        services.evaluation_record(
            plan=plan, user=leader, date=datetime.date(2025, 1, day), outcome="smooth"
        )
    with django_assert_num_queries(changed):
        assert client.get(target).status_code == 200
    with django_assert_num_queries(count):
        response = client.get(target)
    assert response.status_code == 200


def test_the_overview_and_action_plan_run_a_constant_number_of_queries(
    client, school, leader, plan, django_assert_num_queries
):
    answer_all(plan, leader, TO_EVALUATE)
    client.force_login(leader)
    pages = [url("plan", school), url("action_plan", school)]
    counts = [_count(client, page) for page in pages]
    _grow(plan, school, leader, 15)
    services.evaluation_record(
        plan=plan, user=leader, date=datetime.date(2025, 1, 1), outcome="smooth"
    )
    # The evaluation adds a node to the path but no query.
    for page, count in zip(pages, counts, strict=True):
        with django_assert_num_queries(count):
            assert client.get(page).status_code == 200


def test_list_entries_of_another_school_are_refused_in_step_5(
    client, school, other_school, leader, plan
):
    ListTaskFactory(school=school)
    foreign = ListTaskFactory(school=other_school, horizon="short")
    answer_all(plan, leader, [*UP_TO_POOLING, ("pooling", "no")])
    client.force_login(leader)
    client.post(
        node_url(school, "tasks_school"),
        {
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "1",
            "rows-0-id": str(foreign.pk),
            "rows-0-horizon": "dropped",
            "action": "save",
        },
    )
    assert ListTask.objects.get(pk=foreign.pk).horizon == "short"


def test_a_flagged_answer_back_on_the_path_can_be_kept(client, school, leader, plan):
    plan = answer_all(
        plan, leader, [*UP_TO_POOLING, ("pooling", "no"), ("tasks_school", "checked")]
    )
    plan = answer_all(plan, leader, [("pooling", "yes"), ("pooling", "no")])
    client.force_login(leader)
    page = client.get(node_url(school, "tasks_school")).content.decode()
    assert "This answer needs review" in page
    response = client.post(url("keep", school, node_id="tasks_school"))
    assert response.status_code == 302
    assert not Answer.objects.get(plan=plan, node_id="tasks_school").needs_review


def test_a_team_member_reads_the_plan_but_cannot_keep_or_add(client, school, leader, plan):
    reader = member(school, role=Role.TEAM_MEMBER)
    client.force_login(reader)
    assert client.get(url("plan", school)).status_code == 200
    assert client.post(url("keep", school, node_id="growth")).status_code == 403
    assert client.post(url("action_add", school), {"text": "x", "who": "y"}).status_code == 403
    assert client.post(url("start", school)).status_code == 403


def test_step_5_rows_escape_task_titles(client, school, leader, plan):
    ListTaskFactory(school=school, task=TaskFactory(title='<img src=x onerror="alert(1)">'))
    answer_all(plan, leader, [*UP_TO_POOLING, ("pooling", "no")])
    client.force_login(leader)
    page = client.get(node_url(school, "tasks_school")).content.decode()
    assert "<img src=x" not in page
    assert "Horizon — &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_step_6_gives_a_pedagogical_gap_to_the_digicoaches_and_drops_another(
    client, school, leader, plan
):
    pedagogical = ListTaskFactory(
        school=school,
        task=TaskFactory(
            cluster="pedagogical", needs_pedagogical=True, also_by=["digicoach", "students"]
        ),
    )
    policy = ListTaskFactory(
        school=school, task=TaskFactory(cluster="policy", needs_policy=True, also_by=[])
    )
    answer_all(plan, leader, [*UP_TO_POOLING, ("pooling", "no"), ("tasks_school", "checked")])
    services.answer_set(plan=plan, node_id="expertise", value="no", user=leader)
    client.force_login(leader)
    page = client.get(node_url(school, "fill_gaps")).content.decode()
    # Neither is proposed for an external company: both go to someone inside, and the
    # pedagogical one names whom the report names, quoted.
    assert page.count('data-suggested="internal"') == 2
    assert 'data-suggested="outsource"' not in page
    assert "Teachers with a special interest in ICT integration" in page
    assert "Students as &#x27;digileaders&#x27;" in page
    assert "Chapter 1, Table 2: tasks that can also be taken on by others" in page
    response = client.post(
        node_url(school, "fill_gaps"),
        {
            f"route_{pedagogical.pk}": "internal",
            f"taken_by_{pedagogical.pk}": "An. Digicoach",
            f"route_{policy.pk}": "drop",
            f"taken_by_{policy.pk}": "ignored",
            "action": "save",
        },
    )
    assert response.status_code == 302
    decisions = {d.list_task_id: (d.route, d.taken_by) for d in plan.gap_decisions.all()}
    assert decisions == {pedagogical.pk: ("internal", "An. Digicoach"), policy.pk: ("drop", "")}
    policy.refresh_from_db()
    assert policy.horizon == "dropped"
    page = client.get(node_url(school, "fill_gaps")).content.decode()
    assert "Dropped in this step" in page
    assert policy.task.title in page
    plan_page = client.get(url("action_plan", school)).content.decode()
    assert "taken on by An. Digicoach" in plan_page
    assert "Chapter 3, step 5: tasks that can be dropped" in plan_page


def test_the_pages_list_withdrawn_items_apart_and_say_finished_with_open_items(
    client, school, leader, plan
):
    answer_all(plan, leader, [("growth", "no"), ("growth", "yes")])
    answer_all(plan, leader, TO_EVALUATE[1:])
    services.evaluation_record(
        plan=plan, user=leader, date=datetime.date(2025, 1, 1), outcome="smooth"
    )
    client.force_login(leader)
    page = client.get(url("plan", school)).content.decode()
    assert "Finished, with" in page and "open items" in page
    assert "items withdrawn: their branch is no longer on the plan" in page
    withdrawn = page.split("wizard-withdrawn", 1)[1]
    assert "Put team-oriented ICT coordination on the list of strategic projects." in withdrawn
    action_plan = client.get(url("action_plan", school)).content.decode()
    current, _sep, rest = action_plan.partition("Withdrawn: their branch")
    assert "on the list of strategic projects" not in current.split("Action items", 1)[1]
    assert "on the list of strategic projects" in rest
    assert "Status: Finished, with" in action_plan


def test_pages_and_the_action_plan_say_where_each_step_comes_from(client, school, leader, plan):
    client.force_login(leader)
    flowchart = client.get(reverse("guidelines:flowchart")).content.decode()
    for page in (flowchart, client.get(url("action_plan", school)).content.decode()):
        assert "seven numbered steps" in page
        assert "report's draft, step 7" in page
        assert "final published guidelines; in the report's draft under step 7" in page
    # Step 6's four routes, with the rule each rests on, on the flowchart page.
    assert "Chapter 3, step 6, rule ii: outsourcing" in flowchart
    assert "ictteam's own suggestion" in flowchart
    overview = client.get(url("plan", school)).content.decode()
    assert "seven numbered steps" in overview


def test_an_adult_education_centre_is_named_centre_and_locations(client, school, leader, plan):
    school.education_level = "adult"
    school.save()
    answer_all(plan, leader, [*UP_TO_POOLING, ("pooling", "no")])
    client.force_login(leader)
    page = client.get(url("plan", school)).content.decode()
    assert "Leading role: The adult education centre (for its locations)." in page
    node = client.get(node_url(school, "tasks_school")).content.decode()
    assert "partly at the level of the centre, partly at the level of the adult education" in node
