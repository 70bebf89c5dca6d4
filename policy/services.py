"""Writes to ICT policy plans. Every write runs in a transaction and validates first.

When the vision or the plan is recorded here, the transition wizard paused at step 2 or
3 goes on: ``wizard_resume`` answers the step's question "yes" through the wizard's own
service, as a user's answer is recorded (with who and when, and its history).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guidelines import services as wizard
from guidelines.models import TransitionPlan
from policy.models import ActionStatus
from policy.models import Goal
from policy.models import GoalAction
from policy.models import NeedsScan
from policy.models import PlanComment
from policy.models import PolicyPlan
from policy.models import ScanResult
from policy.scan import AREAS
from policy.scan import touches
from policy.selectors import plan_complete
from policy.selectors import plan_recorded
from policy.selectors import vision_recorded
from schools.access import Owner
from schools.access import owner_kwargs
from schools.access import owners_conflict
from schools.concurrency import claim
from tasks.models import ListTask
from teams.models import Person

# The wizard's paused ends and the question each one answers again (chapter3.py).
VISION_PAUSE, VISION_QUESTION = "develop_vision", "vision"
PLAN_PAUSE, PLAN_QUESTION = "develop_policy_plan", "policy_plan"

# An uploaded plan: the formats schools write plans in, and a cap on the size.
UPLOAD_EXTENSIONS = ("pdf", "docx", "odt")
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# The first bytes of each format: a PDF, or a zip container (DOCX and ODT).
UPLOAD_MAGIC = {"pdf": b"%PDF-", "docx": b"PK\x03\x04", "odt": b"PK\x03\x04"}


def _user_or_none(user):
    return user if user is not None and user.is_authenticated else None


def _save(obj, *, user) -> None:
    """Validate and save, the history naming the user (none for a script's write)."""
    obj._history_user = _user_or_none(user)
    obj.full_clean()
    obj.save()


def _delete(obj, *, user) -> None:
    obj._history_user = _user_or_none(user)
    obj.delete()


@transaction.atomic
def plan_get_or_create(*, owner: Owner) -> PolicyPlan:
    plan, _created = PolicyPlan.objects.get_or_create(**owner_kwargs(owner))
    return plan


@transaction.atomic
def wizard_resume(*, plan: PolicyPlan, user) -> list[str]:
    """Let the transition plan go on where it paused for what this plan now records.

    Paused at step 2 (or waiting at its question) with a vision recorded: step 2 is
    answered "yes" (on to step 3). Paused at step 3 (or waiting at its question) with the
    plan recorded: step 3 is answered "yes" (on to step 4). Both in a row when the plan
    was written in one go. Returns the questions answered.
    """
    transition = TransitionPlan.objects.filter(**owner_kwargs(plan.owner)).first()
    answered: list[str] = []
    if transition is None:
        return answered
    if transition.current_node in (VISION_PAUSE, VISION_QUESTION) and vision_recorded(plan=plan):
        transition = wizard.answer_set(
            plan=transition, node_id=VISION_QUESTION, value="yes", user=user
        )
        answered.append(VISION_QUESTION)
    if transition.current_node in (PLAN_PAUSE, PLAN_QUESTION) and plan_recorded(plan=plan):
        wizard.answer_set(plan=transition, node_id=PLAN_QUESTION, value="yes", user=user)
        answered.append(PLAN_QUESTION)
    return answered


@transaction.atomic
def plan_update(
    *,
    plan: PolicyPlan,
    user,
    pedagogical_vision: str,
    technical_vision: str,
    evaluation: str,
    next_evaluation: datetime.date | None,
    version: str | None = None,
) -> PolicyPlan:
    """Write the visions and the evaluation; ``version`` as in ``schools.concurrency``."""
    claim(plan, version)
    plan.pedagogical_vision = pedagogical_vision.strip()
    plan.technical_vision = technical_vision.strip()
    plan.evaluation = evaluation.strip()
    plan.next_evaluation = next_evaluation
    _save(plan, user=user)
    wizard_resume(plan=plan, user=user)
    return plan


@transaction.atomic
def plan_mark_drawn_up(*, plan: PolicyPlan, user) -> PolicyPlan:
    """The leadership records the plan as drawn up; it must hold what a plan needs."""
    plan = PolicyPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan_complete(plan=plan):
        raise ValidationError(
            _(
                "A plan is drawn up when it has a pedagogical vision and at least one goal "
                "with a task it serves and an action."
            )
        )
    plan.drawn_up_at = timezone.now()
    plan.drawn_up_by = _user_or_none(user)
    plan._history_user = _user_or_none(user)
    plan.save()
    wizard_resume(plan=plan, user=user)
    return plan


def _check_upload(upload: UploadedFile) -> str:
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in UPLOAD_EXTENSIONS:
        raise ValidationError(_("Upload the plan as a PDF, DOCX or ODT file."))
    if upload.size > UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)d MB; at most %(max)d MB is accepted.")
            % {"size": -(-upload.size // (1024 * 1024)), "max": UPLOAD_MAX_BYTES // (1024 * 1024)}
        )
    upload.seek(0)
    start = upload.read(8)
    upload.seek(0)
    if not start.startswith(UPLOAD_MAGIC[extension]):
        raise ValidationError(
            _("The file is not a %(format)s file.") % {"format": extension.upper()}
        )
    return extension


@transaction.atomic
def plan_upload(*, plan: PolicyPlan, user, upload: UploadedFile) -> PolicyPlan:
    """Keep the school's existing plan as a file; it counts as the plan being recorded."""
    _check_upload(upload)
    plan = PolicyPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.existing_file:
        plan.existing_file.delete(save=False)
    plan.existing_file_name = (upload.name or "plan")[-200:]
    plan.existing_file.save(upload.name, upload, save=False)
    _save(plan, user=user)
    wizard_resume(plan=plan, user=user)
    return plan


@transaction.atomic
def plan_upload_remove(*, plan: PolicyPlan, user) -> PolicyPlan:
    if plan.existing_file:
        plan.existing_file.delete(save=False)
    plan.existing_file = ""
    plan.existing_file_name = ""
    plan._history_user = _user_or_none(user)
    plan.save()
    return plan


def _own_tasks(plan: PolicyPlan, tasks: Iterable[ListTask]) -> list[ListTask]:
    tasks = list(tasks)
    for entry in tasks:
        if (entry.school_id, entry.group_id) != (plan.school_id, plan.group_id):
            raise ValidationError(_("That task is not on this plan's task list."))
    return tasks


@transaction.atomic
def goal_save(
    *,
    plan: PolicyPlan,
    user,
    title: str,
    description: str = "",
    tasks: Iterable[ListTask] = (),
    goal: Goal | None = None,
    finding: ScanResult | None = None,
    version: str | None = None,
) -> Goal:
    """Add a goal, or change one; its tasks come from the owner's own list only."""
    tasks = _own_tasks(plan, tasks)
    if goal is None:
        goal = Goal(plan=plan, finding=finding)
    else:
        if goal.plan_id != plan.pk:
            raise ValidationError(_("That goal is not on this plan."))
        claim(goal, version)
    if finding is not None and finding.scan.plan_id != plan.pk:
        raise ValidationError(_("That finding is not of this plan's needs scan."))
    goal.title = title.strip()
    goal.description = description.strip()
    _save(goal, user=user)
    goal.tasks.set(tasks)
    return goal


@transaction.atomic
def goal_delete(*, goal: Goal, user) -> None:
    _delete(goal, user=user)


def _check_person(plan: PolicyPlan, person: Person | None) -> None:
    if person is not None and owners_conflict(plan.owner, person.school or person.group):
        raise ValidationError(_("That person is not in this team."))


@transaction.atomic
def action_save(
    *,
    goal: Goal,
    user,
    text: str,
    person: Person | None,
    due: datetime.date | None,
    status: str = ActionStatus.PLANNED,
    action: GoalAction | None = None,
    version: str | None = None,
) -> GoalAction:
    """Add an action to a goal, or change one: who of the team, by when, how far."""
    _check_person(goal.plan, person)
    if action is None:
        action = GoalAction(goal=goal)
    else:
        if action.goal_id != goal.pk:
            raise ValidationError(_("That action is not of this goal."))
        claim(action, version)
    action.text = text.strip()
    action.person = person
    action.due = due
    action.status = status
    _save(action, user=user)
    return action


@transaction.atomic
def action_delete(*, action: GoalAction, user) -> None:
    _delete(action, user=user)


@transaction.atomic
def comment_add(*, plan: PolicyPlan, user, text: str, goal: Goal | None = None) -> PlanComment:
    if goal is not None and goal.plan_id != plan.pk:
        raise ValidationError(_("That goal is not on this plan."))
    comment = PlanComment(plan=plan, goal=goal, author=_user_or_none(user), text=text.strip())
    comment.full_clean()
    comment.save()
    return comment


# --- the needs scan ---------------------------------------------------------------------


@transaction.atomic
def scan_record(
    *,
    plan: PolicyPlan,
    user,
    date: datetime.date,
    scores: dict[str, Decimal | None],
    tool: str = "selfie",
    tool_name: str = "",
    note: str = "",
) -> NeedsScan:
    """Record one scan with a score per area (areas without a score are left out)."""
    unknown = set(scores) - set(AREAS)
    if unknown:
        raise ValidationError(_("Unknown area: %(areas)s.") % {"areas": ", ".join(sorted(unknown))})
    given = {area: score for area, score in scores.items() if score is not None}
    if not given:
        raise ValidationError(_("Give a score for at least one area."))
    scan = NeedsScan(
        plan=plan,
        tool=tool,
        tool_name=tool_name.strip() if tool == "other" else "",
        date=date,
        note=note.strip(),
        recorded_by=_user_or_none(user),
    )
    _save(scan, user=user)
    for area, score in given.items():
        result = ScanResult(scan=scan, area=area, score=score)
        _save(result, user=user)
    return scan


@transaction.atomic
def findings_to_goals(
    *,
    plan: PolicyPlan,
    user,
    findings: Iterable[ScanResult],
    due: datetime.date | None = None,
) -> list[Goal]:
    """Turn chosen findings of the scan into goals, each with its action item.

    Each goal records the finding it came from and is tied to the tasks of the owner's
    list that work on the area (``policy.scan.AREA_TOPICS``); its first action is to work
    on the area, for the lead of the plan to give to someone of the team. A finding that
    already became a goal is not added twice.
    """
    entries = list(
        ListTask.objects.filter(**owner_kwargs(plan.owner))
        .team_tasks()
        .select_related("task")
        .order_by("task__code")
    )
    goals = []
    for finding in findings:
        if finding.scan.plan_id != plan.pk:
            raise ValidationError(_("That finding is not of this plan's needs scan."))
        if Goal.objects.filter(plan=plan, finding=finding).exists():
            continue
        label = finding.get_area_display()
        goal = goal_save(
            plan=plan,
            user=user,
            title=_("Strengthen: %(area)s") % {"area": label},
            tasks=[entry for entry in entries if touches(finding.area, entry.task.code)],
            finding=finding,
        )
        action_save(
            goal=goal,
            user=user,
            text=_("Work out what to do about %(area)s, with the team.") % {"area": label},
            person=None,
            due=due,
        )
        goals.append(goal)
    return goals
