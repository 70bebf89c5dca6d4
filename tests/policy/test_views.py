import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook
from pypdf import PdfReader

from policy import services
from policy.models import Goal
from policy.models import GoalAction
from policy.models import NeedsScan
from policy.models import PlanComment
from policy.models import PolicyPlan
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db


def url(name, owner, **kwargs):
    return reverse(f"policy:school_{name}", kwargs={"school_slug": owner.slug, **kwargs})


def _fill(school, leader, goals: int):
    plan = services.plan_get_or_create(owner=school)
    services.plan_update(
        plan=plan,
        user=leader,
        pedagogical_vision="Why",
        technical_vision="What",
        evaluation="Each June",
        next_evaluation=datetime.date(2027, 6, 1),
    )
    for n in range(goals):
        entries = [ListTaskFactory(school=school) for _ in range(2)]
        goal = services.goal_save(plan=plan, user=leader, title=f"Goal {n}", tasks=entries)
        for m in range(2):
            services.action_save(
                goal=goal,
                user=leader,
                text=f"Action {m}",
                person=PersonFactory(school=school),
                due=datetime.date(2027, 1, 1),
            )
        services.comment_add(plan=plan, user=leader, text="On the goal", goal=goal)
        services.comment_add(plan=plan, user=leader, text="On the plan")
    return plan


def _count(client, target) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(target).status_code == 200
    return len(context.captured_queries)


def test_the_plan_page_runs_a_constant_number_of_queries(
    client, school, leader, django_assert_num_queries
):
    plan = _fill(school, leader, 1)
    client.force_login(leader)
    client.get(url("plan", school))
    count = _count(client, url("plan", school))
    goal_url = url("goal", school, pk=plan.goals.first().pk)
    goal_count = _count(client, goal_url)
    _fill(school, leader, 6)
    with django_assert_num_queries(count):
        assert client.get(url("plan", school)).status_code == 200
    with django_assert_num_queries(goal_count):
        assert client.get(goal_url).status_code == 200


def test_the_scan_page_runs_a_constant_number_of_queries(
    client, school, leader, django_assert_num_queries
):
    plan = services.plan_get_or_create(owner=school)
    for code in ("PED-CLS-01", "POL-PRO-01"):
        ListTaskFactory(school=school, task=TaskFactory(code=code))
    services.scan_record(
        plan=plan, user=leader, date=datetime.date(2026, 1, 1), scores={"cpd": Decimal(2)}
    )
    client.force_login(leader)
    client.get(url("scan", school))
    count = _count(client, url("scan", school))
    for n in range(10):
        ListTaskFactory(school=school, task=TaskFactory(code=f"PED-CLS-{n + 10}"))
    scan = services.scan_record(
        plan=plan,
        user=leader,
        date=datetime.date(2026, 6, 1),
        scores={area: Decimal(2) for area in ("cpd", "pedagogy_classroom", "leadership")},
    )
    services.findings_to_goals(plan=plan, user=leader, findings=list(scan.results.all()))
    with django_assert_num_queries(count):
        assert client.get(url("scan", school)).status_code == 200


def test_looking_at_the_plan_writes_nothing(client, school):
    user = member(school, role="team_member")
    client.force_login(user)
    response = client.get(url("plan", school))
    assert response.status_code == 200
    assert not PolicyPlan.objects.exists()
    assert client.get(url("plan_pdf", school)).status_code == 404


def test_a_team_member_comments_but_does_not_edit(client, school, teacher):
    client.force_login(teacher)
    response = client.post(url("plan", school), {"pedagogical_vision": "Mine"})
    assert response.status_code == 403
    response = client.post(url("goal_add", school), {"goal-title": "Mine"})
    assert response.status_code == 403
    response = client.post(url("comment", school), {"text": "We want more time to try tools."})
    assert response.status_code == 302
    comment = PlanComment.objects.get()
    assert comment.author == teacher
    assert comment.plan.school == school
    assert not Goal.objects.exists()


def test_the_coordinator_writes_the_plan_but_only_the_leader_records_it(
    client, school, coordinator, leader, paused_at_plan
):
    entry = ListTaskFactory(school=school)
    person = PersonFactory(school=school, name="Jan Peeters")
    client.force_login(coordinator)
    response = client.post(
        url("plan", school),
        {
            "pedagogical_vision": "ICT serves learning.",
            "technical_vision": "",
            "evaluation": "",
            "next_evaluation": "",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url("goal_add", school), {"goal-title": "Digital tests", "goal-tasks": [entry.pk]}
    )
    goal = Goal.objects.get()
    assert response.url == url("goal", school, pk=goal.pk)
    response = client.post(
        url("action_add", school, pk=goal.pk),
        {
            "new-text": "Choose a tool",
            "new-person": person.pk,
            "new-due": "2027-02-01",
            "new-status": "planned",
        },
    )
    action = GoalAction.objects.get()
    assert (action.person, action.due) == (person, datetime.date(2027, 2, 1))
    assert client.post(url("drawn_up", school)).status_code == 403
    client.force_login(leader)
    client.post(url("drawn_up", school))
    paused_at_plan.refresh_from_db()
    assert paused_at_plan.current_step == 4


def test_a_stale_vision_form_shows_the_other_persons_change(client, school, leader, coordinator):
    plan = services.plan_get_or_create(owner=school)
    client.force_login(leader)
    page = client.get(url("plan", school))
    version = page.context["form"]["version"].value()
    services.plan_update(
        plan=plan,
        user=coordinator,
        pedagogical_vision="Theirs",
        technical_vision="",
        evaluation="",
        next_evaluation=None,
    )
    response = client.post(
        url("plan", school),
        {
            "pedagogical_vision": "Mine",
            "technical_vision": "",
            "evaluation": "",
            "version": version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].conflict
    plan.refresh_from_db()
    assert plan.pedagogical_vision == "Theirs"


def test_the_pdf_holds_the_plan(client, school, leader):
    _fill(school, leader, 1)
    client.force_login(leader)
    response = client.get(url("plan_pdf", school))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Goal 0" in text and "Knoster" in text


def test_the_uploaded_plan_is_for_the_schools_members_only(
    client, school, sibling_school, leader, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(leader)
    upload = SimpleUploadedFile("Ons plan.pdf", b"%PDF-1.4 plan", "application/pdf")
    response = client.post(url("upload", school), {"file": upload})
    assert response.status_code == 302
    response = client.get(url("file", school))
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "Ons plan.pdf" in response["Content-Disposition"]
    client.force_login(member(sibling_school, role="school_leader"))
    assert client.get(url("file", school)).status_code == 404


def _scan_book(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_scan_is_imported_after_its_preview(client, school, leader, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(leader)
    data = _scan_book([["Area", "Score"], ["A", 2.5], ["C", 4]])
    response = client.post(
        url("scan_import", school),
        {
            "meta-tool": "selfie",
            "meta-date": "2026-10-01",
            "file": SimpleUploadedFile("selfie.xlsx", data),
        },
    )
    assert response.status_code == 200
    assert response.context["preview"]
    assert not NeedsScan.objects.exists()
    token = response.context["confirm_form"]["token"].value()
    response = client.post(url("scan_import", school), {"token": token})
    assert response.status_code == 302
    scan = NeedsScan.objects.get()
    assert scan.date == datetime.date(2026, 10, 1)
    assert {r.area: r.score for r in scan.results.all()} == {
        "leadership": Decimal("2.5"),
        "infrastructure": Decimal("4.0"),
    }


def test_a_wrong_workbook_is_named_and_nothing_is_written(client, school, leader):
    client.force_login(leader)
    data = _scan_book([["Area", "Score"], ["Z", 2.5]])
    response = client.post(
        url("scan_import", school),
        {
            "meta-tool": "selfie",
            "meta-date": "2026-10-01",
            "file": SimpleUploadedFile("s.xlsx", data),
        },
    )
    assert "row 2, column A" in response.content.decode()
    assert not NeedsScan.objects.exists()


def test_weak_findings_become_goals_from_the_scan_page(client, school, leader):
    entry = ListTaskFactory(school=school, task=TaskFactory(code="POL-VIS-01"))
    client.force_login(leader)
    client.post(
        url("scan", school),
        {"tool": "selfie", "date": "2026-10-01", "score_leadership": "2.2", "score_cpd": "4"},
    )
    scan = NeedsScan.objects.get()
    page = client.get(url("scan", school))
    form = page.context["findings_form"]
    weak = scan.results.get(area="leadership")
    assert form.fields["findings"].initial == [str(weak.pk)]
    client.post(url("scan_goals", school, pk=scan.pk), {"findings-findings": [str(weak.pk)]})
    goal = Goal.objects.get()
    assert goal.finding == weak
    assert list(goal.tasks.all()) == [entry]
    assert goal.actions.count() == 1


def test_the_wizards_pause_leads_to_the_plan(client, school, leader, paused_at_plan):
    client.force_login(leader)
    page = client.get(
        reverse(
            "guidelines:school_node",
            kwargs={"school_slug": school.slug, "node_id": "develop_policy_plan"},
        )
    )
    assert url("plan", school) in page.content.decode()
    assert "Write the ICT policy plan in ictteam" in page.content.decode()


def test_a_group_leading_has_its_own_plan(client, group):
    admin = member(group=group, role="group_admin")
    client.force_login(admin)
    target = reverse("policy:group_plan", kwargs={"group_slug": group.slug})
    response = client.post(
        target,
        {"pedagogical_vision": "Group why", "technical_vision": "", "evaluation": ""},
    )
    assert response.status_code == 302
    assert PolicyPlan.objects.get().group == group
    assert client.get(target).status_code == 200


@pytest.mark.parametrize("goal", ["9" * 30, "²", "x"])
def test_a_comment_on_a_goal_that_cannot_be_is_not_found(client, school, teacher, goal):
    client.force_login(teacher)
    response = client.post(url("comment", school), {"text": "Hello", "goal": goal})
    assert response.status_code == 404
    assert not PlanComment.objects.exists()
