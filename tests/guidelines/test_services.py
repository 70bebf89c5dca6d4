import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from guidelines import services
from guidelines.models import ActionItem
from guidelines.models import Answer
from guidelines.models import Evaluation
from guidelines.models import PlanStatus
from guidelines.models import TransitionPlan
from schools.models import Role
from tests.factories import ListTaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db

UP_TO_POOLING = [
    ("growth", "yes"),
    ("vision", "yes"),
    ("policy_plan", "yes"),
    ("resources", "recorded"),
]
TO_THE_EVALUATION = [
    *UP_TO_POOLING,
    ("pooling", "no"),
    ("tasks_school", "checked"),
    ("expertise", "yes"),
    ("team", "started"),
]


@pytest.fixture
def leader(school):
    return member(school, role=Role.SCHOOL_LEADER)


@pytest.fixture
def plan(school, leader):
    return services.plan_start(owner=school, user=leader)


def answer_all(plan, user, pairs):
    for node_id, value in pairs:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=user)
    return plan


def test_start_is_idempotent_and_opens_at_step_1(school, leader):
    plan = services.plan_start(owner=school, user=leader)
    again = services.plan_start(owner=school, user=leader)
    assert plan == again
    assert (plan.current_node, plan.status, plan.started_by) == ("growth", "active", leader)


def test_group_plan_belongs_to_the_group(group, leader):
    plan = services.plan_start(owner=group, user=leader)
    assert (plan.group, plan.school) == (group, None)


def test_each_answer_is_kept_with_who_and_when_and_moves_the_plan_on(plan, leader):
    plan = services.answer_set(plan=plan, node_id="growth", value="yes", user=leader)
    record = Answer.objects.get(plan=plan, node_id="growth")
    assert (record.value, record.answered_by, record.seq) == ("yes", leader, 1)
    assert record.answered_at is not None
    assert plan.current_node == "vision"


def test_a_no_pauses_the_plan_with_the_action_items_to_go_on(plan, leader):
    plan = answer_all(plan, leader, [("growth", "yes"), ("vision", "no")])
    assert (plan.current_node, plan.status) == ("develop_vision", PlanStatus.PAUSED)
    items = {item.source: item for item in ActionItem.objects.filter(plan=plan)}
    assert set(items) == {
        "develop_vision:develop_vision",
        "develop_vision:vision_support",
        "develop_vision:core_technical",
    }
    develop = items["develop_vision:develop_vision"]
    assert develop.who == "School leader or management"
    assert develop.due > datetime.date.today()
    assert items["develop_vision:core_technical"].who == "ICT coordinator"


def test_a_paused_plan_reopens_where_it_stopped(plan, leader):
    plan = answer_all(plan, leader, [*UP_TO_POOLING, ("pooling", "no")])
    # Back to step 1: "No" pauses, the later answers are kept and flagged.
    plan = services.answer_set(plan=plan, node_id="growth", value="no", user=leader)
    assert plan.status == PlanStatus.PAUSED
    flagged = set(
        Answer.objects.filter(plan=plan, needs_review=True).values_list("node_id", flat=True)
    )
    assert flagged == {"vision", "policy_plan", "resources", "pooling"}
    assert Answer.objects.filter(plan=plan).count() == 5
    plan = services.answer_set(plan=plan, node_id="growth", value="yes", user=leader)
    assert (plan.current_node, plan.status) == ("tasks_school", PlanStatus.ACTIVE)


def test_changing_an_answer_flags_only_the_answers_that_no_longer_follow(plan, leader):
    plan = answer_all(
        plan, leader, [*UP_TO_POOLING, ("pooling", "no"), ("tasks_school", "checked")]
    )
    assert plan.lead == "school"
    plan = services.answer_set(plan=plan, node_id="pooling", value="yes", user=leader)
    assert (plan.current_node, plan.lead) == ("tasks_group", "group")
    review = dict(Answer.objects.filter(plan=plan).values_list("node_id", "needs_review"))
    assert review["tasks_school"] is True
    assert not any(flag for node_id, flag in review.items() if node_id != "tasks_school")
    # The old answer is still there, with its history.
    old = Answer.objects.get(plan=plan, node_id="tasks_school")
    assert old.value == "checked"
    assert Answer.objects.get(plan=plan, node_id="pooling").history.count() == 2


def test_keeping_a_flagged_answer_that_is_back_on_the_path(plan, leader):
    plan = answer_all(
        plan, leader, [*UP_TO_POOLING, ("pooling", "no"), ("tasks_school", "checked")]
    )
    plan = services.answer_set(plan=plan, node_id="pooling", value="yes", user=leader)
    with pytest.raises(ValidationError):
        services.plan_confirm_review(plan=plan, node_id="tasks_school", user=leader)
    plan = services.answer_set(plan=plan, node_id="pooling", value="no", user=leader)
    services.plan_confirm_review(plan=plan, node_id="tasks_school", user=leader)
    assert not Answer.objects.get(plan=plan, node_id="tasks_school").needs_review


def test_answers_off_the_path_or_unknown_are_refused(plan, leader):
    with pytest.raises(ValidationError):
        services.answer_set(plan=plan, node_id="team", value="started", user=leader)
    with pytest.raises(ValidationError):
        services.answer_set(plan=plan, node_id="growth", value="perhaps", user=leader)
    with pytest.raises(ValidationError):
        services.answer_set(plan=plan, node_id="nowhere", value="yes", user=leader)
    assert not Answer.objects.filter(plan=plan).exists()


def test_resources_are_validated_and_kept(plan, leader):
    resources = services.resources_set(
        plan=plan,
        user=leader,
        ict_hours=Decimal("12"),
        bpt_hours=Decimal("4.5"),
        other_hours=Decimal("2"),
        operating_budget=Decimal("5000"),
    )
    assert resources.total_hours == Decimal("18.5")
    with pytest.raises(ValidationError):
        services.resources_set(
            plan=plan,
            user=leader,
            ict_hours=Decimal("-1"),
            bpt_hours=Decimal("0"),
            other_hours=Decimal("0"),
            operating_budget=Decimal("0"),
        )


def test_the_evaluation_history_of_a_cyclical_process(plan, leader):
    plan = answer_all(plan, leader, TO_THE_EVALUATION)
    assert plan.current_node == "evaluate"
    first = services.evaluation_record(
        plan=plan, user=leader, date=datetime.date(2025, 1, 10), outcome="poorly", notes="Stuck."
    )
    plan.refresh_from_db()
    assert plan.current_node == "supervisor"
    assert ActionItem.objects.filter(plan=plan, source="supervisor:process_supervisor").exists()
    plan = services.answer_set(plan=plan, node_id="supervisor", value="continue", user=leader)
    plan = services.evaluation_follow_up(plan=plan, value="division", user=leader)
    first.refresh_from_db()
    assert first.follow_up == "division"
    assert plan.current_node == "team"
    plan = services.answer_set(plan=plan, node_id="team", value="started", user=leader)
    assert plan.current_node == "evaluate"
    services.evaluation_record(
        plan=plan, user=leader, date=datetime.date(2025, 6, 10), outcome="smooth"
    )
    plan.refresh_from_db()
    assert (plan.current_node, plan.status) == ("fact", PlanStatus.FINISHED)
    assert list(Evaluation.objects.filter(plan=plan).values_list("outcome", flat=True)) == [
        "smooth",
        "poorly",
    ]
    # Each smooth evaluation plans the next one; a later evaluation closes it.
    again = ActionItem.objects.get(plan=plan, source__startswith="fact:next_evaluation")
    assert not again.done
    services.evaluation_record(
        plan=plan, user=leader, date=datetime.date(2025, 12, 10), outcome="smooth"
    )
    again.refresh_from_db()
    assert again.done
    assert (
        ActionItem.objects.filter(
            plan=plan, source__startswith="fact:next_evaluation", done=False
        ).count()
        == 1
    )


def test_gap_decisions_only_for_tasks_of_the_plans_own_list(plan, leader, school, other_school):
    own = ListTaskFactory(school=school)
    foreign = ListTaskFactory(school=other_school)
    decision = services.gap_decision_set(plan=plan, list_task=own, route="recruit", user=leader)
    assert decision.route == "recruit"
    again = services.gap_decision_set(plan=plan, list_task=own, route="outsource", user=leader)
    assert again.pk == decision.pk
    with pytest.raises(ValidationError):
        services.gap_decision_set(plan=plan, list_task=foreign, route="recruit", user=leader)
    with pytest.raises(ValidationError):
        services.gap_decision_set(plan=plan, list_task=own, route="both", user=leader)


def test_checklist_ticks_know_the_team_actions(plan, leader):
    plan = services.checklist_tick(plan=plan, key="backup", done=True, user=leader)
    assert plan.checklist["backup"]["by"] == leader.get_full_name()
    plan = services.checklist_tick(plan=plan, key="backup", done=False, user=leader)
    assert "backup" not in plan.checklist
    with pytest.raises(ValidationError):
        services.checklist_tick(plan=plan, key="coffee", done=True, user=leader)


def test_action_items_can_be_added_and_done(plan):
    item = services.action_item_add(
        plan=plan, text="Visit a school with a strong ICT team", who="Karel", due=None, step=1
    )
    item = services.action_item_update(item=item, done=True, who="Karel", due=None)
    assert item.done and item.done_at is not None
    item = services.action_item_update(item=item, done=False)
    assert item.done_at is None


def test_one_plan_per_school(school, leader):
    services.plan_start(owner=school, user=leader)
    assert TransitionPlan.objects.filter(school=school).count() == 1


def test_items_of_a_branch_the_plan_no_longer_follows_are_withdrawn_with_when(plan, leader):
    plan = answer_all(plan, leader, [("growth", "no")])
    items = {item.source: item for item in ActionItem.objects.filter(plan=plan)}
    done = items["strategic_project:set_priorities"]
    services.action_item_update(item=done, done=True, due=done.due)
    plan = answer_all(plan, leader, [("growth", "yes")])
    items = {item.source: item for item in ActionItem.objects.filter(plan=plan)}
    withdrawn = items["strategic_project:strategic_project"]
    assert withdrawn.withdrawn and withdrawn.withdrawn_at is not None
    # What was done stays done, not withdrawn: it happened.
    assert not items["strategic_project:set_priorities"].withdrawn
    # Back on that branch, the item is on the plan again.
    plan = answer_all(plan, leader, [("growth", "no")])
    withdrawn.refresh_from_db()
    assert not withdrawn.withdrawn


def test_items_a_user_added_are_never_withdrawn(plan, leader):
    item = services.action_item_add(plan=plan, text="Own", who="Karel", due=None, step=1)
    answer_all(plan, leader, [("growth", "no"), ("growth", "yes")])
    item.refresh_from_db()
    assert not item.withdrawn
