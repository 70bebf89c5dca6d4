"""Reminders: what a school's team should have done by now.

``REMINDER_SOURCES`` is the one list of where reminders come from: each source takes the
schools and today's date and returns the reminders due, in a fixed number of queries
whatever the number of schools. The home page shows them for the user's schools;
``send_reminders`` (a command, for cron) e-mails each one once to the school's leaders
and ICT coordinators through the background jobs (``years.jobs``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Max, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guidelines.flowchart import FLOWCHART, WORK_TEAM
from guidelines.models import ActionItem, Answer, TransitionPlan
from guidelines.services import NEXT_EVALUATION
from policy.models import ActionStatus, GoalAction, PolicyPlan
from schools.models import School

# Step 8 asks to "regularly evaluate the ICT teamwork" because "the composition of an ICT
# team rarely remains stable" (chapter 3, cyclical growth process): at the latest once a
# school year, counted from the last evaluation, or from the day the team started (step
# 7) when there has been none. A plan that set its next evaluation (the action item step
# 8 adds, half a year on) is reminded at that date instead.
EVALUATION_INTERVAL = datetime.timedelta(days=365)
EVALUATION_CITATION = _(
    "Chapter 3, step 8: “Regularly evaluate the ICT teamwork.” The composition of an ICT "
    "team rarely remains stable: people leave and new colleagues start."
)


@dataclass(frozen=True)
class Reminder:
    """One reminder for one school: what, since when, and where it is done.

    ``template`` is translated when it is shown or sent, so each reader gets it in their
    own language; ``params`` fill it (``date`` is formatted in that language too).
    """

    school: School
    kind: str
    key: str
    due: datetime.date
    template: Promise | str
    url: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return str(self.template) % {
            **self.params,
            "date": formats.date_format(self.due, "SHORT_DATE_FORMAT"),
        }


def overdue_actions(schools: list[School], today: datetime.date) -> list[Reminder]:
    """Action items of the schools' plans past their date, not done nor withdrawn.

    The next evaluation that step 8 plans is the evaluation's reminder, not another one.
    """
    by_pk = {school.pk: school for school in schools}
    items = (
        ActionItem.objects.filter(
            plan__school_id__in=by_pk,
            done=False,
            withdrawn_at__isnull=True,
            due__lt=today,
        )
        .exclude(source__startswith=NEXT_EVALUATION)
        .select_related("plan")
        .order_by("due", "pk")
    )
    reminders = []
    for item in items:
        school = by_pk[item.plan.school_id]
        reminders.append(
            Reminder(
                school=school,
                kind="action",
                key=f"action:{item.pk}:{item.due.isoformat()}",
                due=item.due,
                template=_("Action past its date (%(date)s): %(action)s (%(who)s)"),
                url=reverse("guidelines:school_action_plan", kwargs={"school_slug": school.slug}),
                params={"action": item.text, "who": item.who},
            )
        )
    return reminders


EVALUATE_NODE = "evaluate"


def _team_node() -> str:
    return next(node.id for node in FLOWCHART.nodes if node.work == WORK_TEAM)


def evaluation_due(schools: list[School], today: datetime.date) -> list[Reminder]:
    """Schools whose team has started and whose regular evaluation (step 8) is overdue."""
    by_pk = {school.pk: school for school in schools}
    started = Answer.objects.filter(plan=OuterRef("pk"), node_id=_team_node()).values(
        "answered_at"
    )[:1]
    next_due = (
        ActionItem.objects.filter(
            plan=OuterRef("pk"),
            source__startswith=NEXT_EVALUATION,
            done=False,
            withdrawn_at__isnull=True,
            due__isnull=False,
        )
        .values("plan")
        .annotate(first=Min("due"))
        .values("first")[:1]
    )
    plans = (
        TransitionPlan.objects.filter(school_id__in=by_pk)
        .annotate(
            last_evaluation=Max("evaluations__date"),
            team_started=Subquery(started),
            next_due=Subquery(next_due),
        )
        .filter(Q(team_started__isnull=False) | Q(last_evaluation__isnull=False))
    )
    reminders = []
    for plan in plans:
        if plan.next_due is not None:
            due = plan.next_due
            since = None
        else:
            since = plan.last_evaluation or plan.team_started.date()
            due = since + EVALUATION_INTERVAL
        if due >= today:
            continue
        school = by_pk[plan.school_id]
        if plan.last_evaluation is None and plan.next_due is None:
            template = _(
                "The ICT teamwork has not been evaluated since the team started; it was due "
                "by %(date)s (step 8: evaluate regularly)."
            )
        else:
            template = _(
                "The regular evaluation of the ICT teamwork was due by %(date)s (step 8: "
                "evaluate regularly)."
            )
        reminders.append(
            Reminder(
                school=school,
                kind="evaluation",
                key=f"evaluation:{plan.pk}:{due.isoformat()}",
                due=due,
                template=template,
                url=reverse(
                    "guidelines:school_node",
                    kwargs={"school_slug": school.slug, "node_id": EVALUATE_NODE},
                ),
            )
        )
    return reminders


ReminderSource = Callable[[list[School], datetime.date], list[Reminder]]


# Where reminders come from, in the order they are shown; a new source is one function.
def policy_plan_due(schools: list[School], today: datetime.date) -> list[Reminder]:
    """The ICT policy plan's actions past their date, and its evaluation when its date has
    passed: the plan says "how and when it is evaluated" (chapter 2, the ICT policy plan)."""
    by_pk = {school.pk: school for school in schools}
    reminders = []
    actions = (
        GoalAction.objects.filter(goal__plan__school_id__in=by_pk, due__lt=today)
        .exclude(status=ActionStatus.DONE)
        .select_related("goal__plan", "person")
        .order_by("due", "pk")
    )
    for action in actions:
        school = by_pk[action.goal.plan.school_id]
        reminders.append(
            Reminder(
                school=school,
                kind="policy_action",
                key=f"policy_action:{action.pk}:{action.due.isoformat()}",
                due=action.due,
                template=_(
                    "ICT policy plan: action past its date (%(date)s): %(action)s (%(who)s)"
                ),
                url=reverse(
                    "policy:school_goal", kwargs={"school_slug": school.slug, "pk": action.goal_id}
                ),
                params={"action": action.text, "who": action.person.name if action.person else "—"},
            )
        )
    plans = PolicyPlan.objects.filter(school_id__in=by_pk, next_evaluation__lt=today).order_by("pk")
    for plan in plans:
        school = by_pk[plan.school_id]
        reminders.append(
            Reminder(
                school=school,
                kind="policy_evaluation",
                key=f"policy_evaluation:{plan.pk}:{plan.next_evaluation.isoformat()}",
                due=plan.next_evaluation,
                template=_("The ICT policy plan's evaluation was due by %(date)s."),
                url=reverse("policy:school_plan", kwargs={"school_slug": school.slug}),
            )
        )
    return reminders


REMINDER_SOURCES: list[ReminderSource] = [evaluation_due, overdue_actions, policy_plan_due]


def due_reminders(*, schools: Iterable[School], today: datetime.date) -> list[Reminder]:
    """Every reminder due for the schools, school by school in the order given."""
    schools = list(schools)
    if not schools:
        return []
    found = [reminder for source in REMINDER_SOURCES for reminder in source(schools, today)]
    order = {school.pk: index for index, school in enumerate(schools)}
    return sorted(found, key=lambda r: order[r.school.pk])
