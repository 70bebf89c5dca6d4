"""Writes to transition plans. Every write runs in a transaction and validates first."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guidelines.flowchart import DROP
from guidelines.flowchart import FLOWCHART
from guidelines.flowchart import INTERNAL
from guidelines.flowchart import WHO_LABELS
from guidelines.flowchart import WORK_EVALUATION
from guidelines.flowchart import WORK_FOLLOW_UP
from guidelines.flowchart import End
from guidelines.flowchart import PlanAnswer
from guidelines.flowchart import Walk
from guidelines.flowchart import walk
from guidelines.models import ActionItem
from guidelines.models import Answer
from guidelines.models import Evaluation
from guidelines.models import GapDecision
from guidelines.models import PlanStatus
from guidelines.models import Resources
from guidelines.models import TransitionPlan
from schools.access import Owner
from schools.access import owner_kwargs
from schools.concurrency import Conflict
from schools.concurrency import claim
from tasks.models import Horizon
from tasks.models import ListTask
from tasks.services import list_task_update

# The evaluation's repeating action item: one per evaluation, so each round has its own.
NEXT_EVALUATION = "fact:next_evaluation"


def plan_walk(answers: list[Answer]) -> Walk:
    return walk({a.node_id: PlanAnswer(a.value, a.seq) for a in answers})


@transaction.atomic
def plan_start(*, owner: Owner, user) -> TransitionPlan:
    """The owner's plan, started at step 1 if there is none yet."""
    plan, _created = TransitionPlan.objects.get_or_create(
        **owner_kwargs(owner),
        defaults={"started_by": user if user and user.is_authenticated else None},
    )
    return plan


def _sync(plan: TransitionPlan, state: Walk, evaluations: int) -> None:
    """Bring the plan's current node, status, lead and action items in line with its path."""
    node = FLOWCHART.node(state.current)
    if isinstance(node, End):
        plan.status = PlanStatus.PAUSED if node.paused else PlanStatus.FINISHED
    else:
        plan.status = PlanStatus.ACTIVE
    plan.current_node = state.current
    plan.lead = ""
    wanted: dict[str, tuple[int, object]] = {}
    for node_id, value in state.path:
        path_node = FLOWCHART.node(node_id)
        answer = FLOWCHART.answer(node_id, value) if value else None
        if answer is not None and answer.sets_lead:
            plan.lead = answer.sets_lead
        # A question's items come with its answer; an outcome's or end's when it is reached.
        templates = list(answer.actions) if answer else []
        if value or path_node.node_type != "question":
            templates.extend(path_node.actions)
        for template in templates:
            source = f"{node_id}:{template.key}"
            if source == NEXT_EVALUATION:
                source = f"{source}:{evaluations}"
            wanted[source] = (path_node.step, template)
    plan.save()
    now = timezone.now()
    items = ActionItem.objects.filter(plan=plan)
    # Items of a branch the plan no longer follows (e.g. step 1 answered "No", then
    # "Yes") are withdrawn, with when, unless they were done; they come back if the path
    # returns. Items a user added (no source) are theirs to keep.
    items.filter(done=False, withdrawn_at__isnull=True).exclude(source="").exclude(
        source__in=list(wanted)
    ).update(withdrawn_at=now)
    items.filter(source__in=list(wanted), withdrawn_at__isnull=False).update(withdrawn_at=None)
    existing = set(items.filter(source__in=list(wanted)).values_list("source", flat=True))
    today = timezone.localdate()
    ActionItem.objects.bulk_create(
        [
            ActionItem(
                plan=plan,
                source=source,
                step=step,
                text=str(template.text),
                who=str(WHO_LABELS[template.who]),
                due=today + datetime.timedelta(weeks=template.weeks),
            )
            for source, (step, template) in wanted.items()
            if source not in existing
        ]
    )


@transaction.atomic
def answer_set(
    *, plan: TransitionPlan, node_id: str, value: str, user, version: str | None = None
) -> TransitionPlan:
    """Answer the current node, or change the answer of a node earlier on the path.

    A changed answer that sends the plan another way flags the answers that were on the
    old path and are not on the new one as needing review; nothing is deleted.
    ``version`` is the answer's version the form was loaded from ("" for no answer
    yet): an answer given or changed by someone else since raises ``Conflict``.
    """
    plan = TransitionPlan.objects.select_for_update().get(pk=plan.pk)
    if version is not None:
        # The plan row is locked: no one else answers between this check and the save.
        current = plan.answers.filter(node_id=node_id).first()
        if current is not None and version == "":
            raise Conflict(current=current)
        if current is not None:
            claim(current, version)
    node = FLOWCHART.by_id.get(node_id)
    if node is None or FLOWCHART.answer(node_id, value) is None:
        raise ValidationError(_("That is not an answer to this question."))
    answers = {a.node_id: a for a in plan.answers.all()}
    before = plan_walk(list(answers.values()))
    if node_id not in before.node_ids:
        raise ValidationError(_("This question is not on the plan's path."))
    previous = answers.get(node_id)
    changed = previous is not None and previous.value != value
    plan.answer_count += 1
    answer = previous or Answer(plan=plan, node_id=node_id)
    answer.value = value
    answer.seq = plan.answer_count
    answer.answered_by = user if user and user.is_authenticated else None
    answer.answered_at = timezone.now()
    answer.needs_review = False
    answer.full_clean()
    answer.save()
    answers[node_id] = answer
    after = plan_walk(list(answers.values()))
    if changed:
        left_behind = set(before.answered_ids) - set(after.answered_ids) - {node_id}
        plan.answers.filter(node_id__in=left_behind).update(needs_review=True)
    _sync(plan, after, plan.evaluations.count())
    return plan


@transaction.atomic
def plan_confirm_review(*, plan: TransitionPlan, node_id: str, user) -> TransitionPlan:
    """Keep an answer flagged for review as it is (it is back on the path)."""
    answer = plan.answers.filter(node_id=node_id, needs_review=True).first()
    if answer is None:
        raise ValidationError(_("There is no answer to review here."))
    state = plan_walk(list(plan.answers.all()))
    if node_id not in state.answered_ids:
        raise ValidationError(_("This answer is not on the plan's path: change it instead."))
    answer.needs_review = False
    answer.save(update_fields=["needs_review"])
    return plan


@transaction.atomic
def resources_set(
    *,
    plan: TransitionPlan,
    user,
    ict_hours: Decimal,
    bpt_hours: Decimal,
    other_hours: Decimal,
    operating_budget: Decimal,
    note: str = "",
    version: str | None = None,
) -> Resources:
    """Record step 4's resources; ``version`` as in ``answer_set``."""
    resources, _created = Resources.objects.get_or_create(plan=plan)
    claim(resources, version)
    resources.ict_hours = ict_hours
    resources.bpt_hours = bpt_hours
    resources.other_hours = other_hours
    resources.operating_budget = operating_budget
    resources.note = note
    resources.updated_by = user if user and user.is_authenticated else None
    resources.full_clean()
    resources.save()
    return resources


@transaction.atomic
def gap_decision_set(
    *,
    plan: TransitionPlan,
    list_task: ListTask,
    route: str,
    note: str = "",
    taken_by: str = "",
    user,
) -> GapDecision:
    """Record how one gap task is filled. The task must be on the plan owner's list.

    Dropping a task sets it to dropped on the customised task list, as step 5 asks
    ("Which tasks can be dropped without jeopardising the priorities of the ICT policy
    plan?"), so team health and step 7 no longer count it. Who takes a task on is kept
    only for a task given inside.
    """
    if (list_task.school_id, list_task.group_id) != (plan.school_id, plan.group_id):
        raise ValidationError(_("That task is not on this plan's task list."))
    decision = GapDecision.objects.filter(plan=plan, list_task=list_task).first() or GapDecision(
        plan=plan, list_task=list_task
    )
    decision.route = route
    decision.note = note
    decision.taken_by = taken_by.strip() if route == INTERNAL else ""
    decision.decided_by = user if user and user.is_authenticated else None
    decision.full_clean()
    decision.save()
    if route == DROP and list_task.horizon != Horizon.DROPPED:
        list_task_update(entry=list_task, horizon=Horizon.DROPPED)
    return decision


@transaction.atomic
def checklist_tick(*, plan: TransitionPlan, key: str, done: bool, user) -> TransitionPlan:
    """Tick (or untick) one of step 7's team actions that the team data cannot show."""
    keys = {item.key for node in FLOWCHART.nodes for item in node.checklist}
    if key not in keys:
        raise ValidationError(_("Unknown team action."))
    plan = TransitionPlan.objects.select_for_update().get(pk=plan.pk)
    checklist = dict(plan.checklist)
    if done:
        checklist[key] = {
            "by": (user.get_full_name() or user.get_username()) if user else "",
            "at": timezone.now().isoformat(),
        }
    else:
        checklist.pop(key, None)
    plan.checklist = checklist
    plan.save(update_fields=["checklist", "updated"])
    return plan


def _node_with_work(work: str) -> str:
    return next(node.id for node in FLOWCHART.nodes if node.work == work)


@transaction.atomic
def evaluation_record(
    *, plan: TransitionPlan, user, date: datetime.date, outcome: str, notes: str = ""
) -> Evaluation:
    """Step 8: keep an evaluation with its date and outcome, and answer the step with it."""
    evaluation = Evaluation(
        plan=plan,
        date=date,
        outcome=outcome,
        notes=notes,
        recorded_by=user if user and user.is_authenticated else None,
    )
    evaluation.full_clean()
    # The earlier round's "evaluate again" is done by this evaluation.
    ActionItem.objects.filter(plan=plan, source__startswith=NEXT_EVALUATION, done=False).update(
        done=True, done_at=timezone.now()
    )
    evaluation.save()
    answer_set(plan=plan, node_id=_node_with_work(WORK_EVALUATION), value=outcome, user=user)
    return evaluation


@transaction.atomic
def evaluation_follow_up(*, plan: TransitionPlan, value: str, user) -> TransitionPlan:
    """After an evaluation that did not go smoothly: what to adjust, kept with it."""
    plan = answer_set(plan=plan, node_id=_node_with_work(WORK_FOLLOW_UP), value=value, user=user)
    latest = plan.evaluations.order_by("-date", "-pk").first()
    if latest is not None:
        latest.follow_up = value
        latest.full_clean()
        latest.save(update_fields=["follow_up"])
    return plan


@transaction.atomic
def action_item_add(
    *, plan: TransitionPlan, text: str, who: str, due: datetime.date | None, step: int | None
) -> ActionItem:
    item = ActionItem(plan=plan, text=text, who=who, due=due, step=step)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def action_item_update(
    *,
    item: ActionItem,
    done: bool,
    who: str | None = None,
    due: datetime.date | None = None,
    text: str | None = None,
    version: str | None = None,
) -> ActionItem:
    """Change an action item; ``version`` as in ``answer_set``."""
    claim(item, version)
    if done and not item.done:
        item.done_at = timezone.now()
    if not done:
        item.done_at = None
    item.done = done
    if who is not None:
        item.who = who
    if text is not None:
        item.text = text
    item.due = due
    item.full_clean()
    item.save()
    return item
