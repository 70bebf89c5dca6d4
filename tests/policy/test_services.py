import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from guidelines.models import Answer
from policy import services
from policy.models import Goal
from policy.models import GoalAction
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

VISION = "Our pupils learn to learn with ICT, for the curriculum objectives."


def _write_vision(plan, user, text=VISION):
    return services.plan_update(
        plan=plan,
        user=user,
        pedagogical_vision=text,
        technical_vision="",
        evaluation="",
        next_evaluation=None,
    )


def _goal_with_action(plan, user, school):
    entry = ListTaskFactory(school=school)
    goal = services.goal_save(plan=plan, user=user, title="Digital tests", tasks=[entry])
    services.action_save(
        goal=goal, user=user, text="Try a tool", person=None, due=datetime.date(2027, 1, 1)
    )
    return goal


def test_writing_the_vision_resumes_a_plan_paused_at_step_2(school, leader, paused_at_vision):
    plan = services.plan_get_or_create(owner=school)
    _write_vision(plan, leader)
    paused_at_vision.refresh_from_db()
    assert paused_at_vision.current_node == "policy_plan"
    answer = Answer.objects.get(plan=paused_at_vision, node_id="vision")
    assert (answer.value, answer.answered_by) == ("yes", leader)
    assert answer.history.count() == 2


def test_an_empty_vision_does_not_resume_the_wizard(school, leader, paused_at_vision):
    plan = services.plan_get_or_create(owner=school)
    _write_vision(plan, leader, text="   ")
    paused_at_vision.refresh_from_db()
    assert paused_at_vision.current_node == "develop_vision"


def test_recording_the_plan_as_drawn_up_resumes_step_3(school, leader, paused_at_plan):
    plan = services.plan_get_or_create(owner=school)
    _write_vision(plan, leader)
    _goal_with_action(plan, leader, school)
    paused_at_plan.refresh_from_db()
    assert paused_at_plan.current_node == "develop_policy_plan"  # a draft is not the plan
    services.plan_mark_drawn_up(plan=plan, user=leader)
    paused_at_plan.refresh_from_db()
    assert paused_at_plan.current_node == "resources"
    assert paused_at_plan.current_step == 4


def test_a_plan_without_a_goal_with_tasks_and_actions_cannot_be_drawn_up(school, leader):
    plan = services.plan_get_or_create(owner=school)
    _write_vision(plan, leader)
    services.goal_save(plan=plan, user=leader, title="No tasks yet")
    with pytest.raises(ValidationError):
        services.plan_mark_drawn_up(plan=plan, user=leader)
    plan.refresh_from_db()
    assert plan.drawn_up_at is None


def test_writing_everything_in_one_go_resumes_both_steps(school, leader, paused_at_vision):
    plan = services.plan_get_or_create(owner=school)
    services.goal_save(plan=plan, user=leader, title="x")
    _goal_with_action(plan, leader, school)
    _write_vision(plan, leader)
    paused_at_vision.refresh_from_db()
    assert paused_at_vision.current_node == "policy_plan"  # step 3 waits for the plan
    services.plan_mark_drawn_up(plan=plan, user=leader)
    paused_at_vision.refresh_from_db()
    assert paused_at_vision.current_node == "resources"


def test_uploading_an_existing_plan_resumes_step_3(
    school, leader, paused_at_plan, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    plan = services.plan_get_or_create(owner=school)
    upload = SimpleUploadedFile("Beleidsplan.pdf", b"%PDF-1.4 a plan", "application/pdf")
    services.plan_upload(plan=plan, user=leader, upload=upload)
    plan.refresh_from_db()
    assert plan.existing_file_name == "Beleidsplan.pdf"
    assert plan.existing_file.read().startswith(b"%PDF-")
    paused_at_plan.refresh_from_db()
    assert paused_at_plan.current_node == "resources"


@pytest.mark.parametrize(
    ("name", "content"),
    [("plan.exe", b"MZ"), ("plan.pdf", b"PK\x03\x04 not a pdf"), ("plan.docx", b"%PDF-")],
)
def test_an_upload_of_another_kind_is_refused(school, leader, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = tmp_path
    plan = services.plan_get_or_create(owner=school)
    with pytest.raises(ValidationError):
        services.plan_upload(plan=plan, user=leader, upload=SimpleUploadedFile(name, content))
    plan.refresh_from_db()
    assert not plan.existing_file


def test_an_upload_over_the_cap_is_refused(school, leader, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services, "UPLOAD_MAX_BYTES", 10)
    plan = services.plan_get_or_create(owner=school)
    with pytest.raises(ValidationError, match="MB"):
        services.plan_upload(
            plan=plan, user=leader, upload=SimpleUploadedFile("p.pdf", b"%PDF-" + b"x" * 20)
        )


def test_a_goal_takes_only_tasks_of_the_plans_own_list(school, sibling_school, leader):
    plan = services.plan_get_or_create(owner=school)
    foreign = ListTaskFactory(school=sibling_school)
    with pytest.raises(ValidationError):
        services.goal_save(plan=plan, user=leader, title="x", tasks=[foreign])
    assert not Goal.objects.exists()


def test_an_action_takes_only_people_of_the_team(school, other_school, leader):
    plan = services.plan_get_or_create(owner=school)
    goal = services.goal_save(plan=plan, user=leader, title="x")
    stranger = PersonFactory(school=other_school)
    with pytest.raises(ValidationError):
        services.action_save(goal=goal, user=leader, text="a", person=stranger, due=None)
    assert not GoalAction.objects.exists()


def test_a_group_plan_takes_the_groups_tasks(group, leader):
    plan = services.plan_get_or_create(owner=group)
    entry = ListTaskFactory(school=None, group=group)
    goal = services.goal_save(plan=plan, user=leader, title="Group goal", tasks=[entry])
    assert list(goal.tasks.all()) == [entry]
    assert plan.group == group and plan.school is None


def test_findings_become_goals_tied_to_the_tasks_they_touch(school, leader):
    pedagogical = ListTaskFactory(
        school=school, task=TaskFactory(code="PED-CLS-01", cluster="pedagogical")
    )
    network = ListTaskFactory(school=school, task=TaskFactory(code="TEC-NET-01"))
    plan = services.plan_get_or_create(owner=school)
    scan = services.scan_record(
        plan=plan,
        user=leader,
        date=datetime.date(2026, 10, 1),
        scores={"pedagogy_classroom": Decimal("2.1"), "infrastructure": Decimal("4.2")},
    )
    finding = scan.results.get(area="pedagogy_classroom")
    goals = services.findings_to_goals(
        plan=plan, user=leader, findings=[finding], due=datetime.date(2027, 3, 1)
    )
    assert len(goals) == 1
    goal = goals[0]
    assert goal.finding == finding
    assert list(goal.tasks.all()) == [pedagogical]
    assert network not in goal.tasks.all()
    action = goal.actions.get()
    assert action.due == datetime.date(2027, 3, 1)
    # The same finding does not become a second goal.
    assert services.findings_to_goals(plan=plan, user=leader, findings=[finding]) == []
    assert finding.goals.count() == 1


def test_a_finding_of_another_plan_is_refused(school, sibling_school, leader):
    plan = services.plan_get_or_create(owner=school)
    other = services.plan_get_or_create(owner=sibling_school)
    scan = services.scan_record(
        plan=other, user=leader, date=datetime.date(2026, 1, 1), scores={"leadership": Decimal(2)}
    )
    with pytest.raises(ValidationError):
        services.findings_to_goals(plan=plan, user=leader, findings=list(scan.results.all()))


def test_a_scan_needs_a_score_and_names_another_tool(school, leader):
    plan = services.plan_get_or_create(owner=school)
    with pytest.raises(ValidationError):
        services.scan_record(plan=plan, user=leader, date=datetime.date(2026, 1, 1), scores={})
    with pytest.raises(ValidationError):
        services.scan_record(
            plan=plan,
            user=leader,
            date=datetime.date(2026, 1, 1),
            scores={"leadership": Decimal(3)},
            tool="other",
        )
    with pytest.raises(ValidationError):
        services.scan_record(
            plan=plan, user=leader, date=datetime.date(2026, 1, 1), scores={"cpd": Decimal(6)}
        )
    assert not plan.scans.exists()


def test_comments_on_a_goal_of_another_plan_are_refused(school, sibling_school, teacher):
    plan = services.plan_get_or_create(owner=school)
    other = services.plan_get_or_create(owner=sibling_school)
    goal = services.goal_save(plan=other, user=None, title="x")
    with pytest.raises(ValidationError):
        services.comment_add(plan=plan, user=teacher, text="Nice", goal=goal)


def test_a_mandate_puts_a_person_first_for_a_goals_actions(school, leader):
    from policy.selectors import team_candidates

    entry = ListTaskFactory(school=school)
    holder = AssignmentFactory(school=school, list_task=entry, person__school=school).person
    other = PersonFactory(school=school, name="Aaron")
    plan = services.plan_get_or_create(owner=school)
    goal = services.goal_save(plan=plan, user=leader, title="x", tasks=[entry])
    groups = team_candidates(owner=school, goal=goal)
    assert [people for _label, people in groups] == [[holder], [other]]
