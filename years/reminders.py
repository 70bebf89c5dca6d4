"""Reminders: what a school's team, or a group leading its schools' plans, should have
done by now.

``REMINDER_SOURCES`` is the one list of where reminders come from: each source takes the
owners (schools and groups) and today's date and returns the reminders due, in a fixed
number of queries whatever the number of owners. A school's plans remind the school; a
group-led plan (the group's transition plan, the group's ICT policy plan) reminds the
group. The home page shows them for the user's schools and groups; ``send_reminders``
(a command, for cron) e-mails each one once to the school's leaders and ICT
coordinators, or the group's admins and ICT coordinators, through the background jobs
(``years.jobs``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field

from django.db.models import Max
from django.db.models import Min
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import Subquery
from django.urls import reverse
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from guidelines.flowchart import FLOWCHART
from guidelines.flowchart import WORK_TEAM
from guidelines.models import ActionItem
from guidelines.models import Answer
from guidelines.models import TransitionPlan
from guidelines.services import NEXT_EVALUATION
from policy.models import ActionStatus
from policy.models import GoalAction
from policy.models import PolicyPlan
from schools.access import Owner
from schools.compiled import compiled_rows
from schools.models import School
from schools.models import SchoolGroup

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
class Owners:
    """The schools and groups whose reminders are asked for, by primary key.

    ``whole_groups``: groups all of whose schools are among ``schools``. Their schools'
    plans are found through the group: a group admin's hundred schools are then one
    group id in each query instead of a hundred school ids to prepare, each query again.
    """

    schools: dict[int, School]
    groups: dict[int, SchoolGroup]
    whole_groups: frozenset[int] = frozenset()

    @classmethod
    def of(
        cls,
        schools: Iterable[School],
        groups: Iterable[SchoolGroup] = (),
        *,
        whole_groups: bool = False,
    ) -> Owners:
        """``whole_groups``: the schools include every school of each of the groups."""
        by_pk = {g.pk: g for g in groups}
        return cls(
            {s.pk: s for s in schools}, by_pk, frozenset(by_pk) if whole_groups else frozenset()
        )

    def ids(self) -> dict[str, list[int]]:
        """The ids a source's query filters by (``plans_of``): the schools asked for one
        by one, the groups, and the groups whose schools are asked for by group."""
        return {
            "school_ids": [
                pk for pk, s in self.schools.items() if s.group_id not in self.whole_groups
            ],
            "group_ids": list(self.groups),
            "whole_group_ids": sorted(self.whole_groups),
        }

    def owner(self, school_id: int | None, group_id: int | None) -> Owner:
        """The school or group of a plan, from its ``school_id`` and ``group_id``."""
        return self.schools[school_id] if school_id else self.groups[group_id]

    def __bool__(self) -> bool:
        return bool(self.schools or self.groups)


def plans_of(
    prefix: str, *, school_ids: list[int], group_ids: list[int], whole_group_ids: list[int]
) -> Q:
    """A filter on plans (through ``prefix``) owned by one of the schools or groups
    (``Owners.ids``)."""
    condition = Q(**{f"{prefix}school_id__in": school_ids}) | Q(
        **{f"{prefix}group_id__in": group_ids}
    )
    if whole_group_ids:
        condition |= Q(**{f"{prefix}school__group_id__in": whole_group_ids})
    return condition


def _url(name: str, owner: Owner, **kwargs) -> str:
    """A page of the owner's plan (``KIND`` in the name: ``school`` or ``group``)."""
    kind = "school" if isinstance(owner, School) else "group"
    return reverse(name.replace("KIND", kind), kwargs={f"{kind}_slug": owner.slug, **kwargs})


@dataclass(frozen=True)
class Reminder:
    """One reminder for one school or group: what, since when, and where it is done.

    ``template`` is translated when it is shown or sent, so each reader gets it in their
    own language; ``params`` fill it (``date`` is formatted in that language too).
    """

    owner: Owner
    kind: str
    key: str
    due: datetime.date
    template: Promise | str
    url: str
    params: dict = field(default_factory=dict)

    @property
    def is_group(self) -> bool:
        return isinstance(self.owner, SchoolGroup)

    @property
    def message(self) -> str:
        return str(self.template) % {
            **self.params,
            "date": formats.date_format(self.due, "SHORT_DATE_FORMAT"),
        }


@dataclass(frozen=True)
class ReminderKind:
    """A kind of reminder: what it says and the page of the owner's plan where it is done
    (``KIND`` in the page's name: ``school`` or ``group``).

    A reminder's key names its kind, what it is about and its date: a date moved on is
    reminded of again.
    """

    kind: str
    template: Promise | str
    page: str

    def remind(
        self, owner: Owner, pk: int, due: datetime.date, *, page: dict | None = None, **params
    ) -> Reminder:
        return Reminder(
            owner=owner,
            kind=self.kind,
            key=f"{self.kind}:{pk}:{due.isoformat()}",
            due=due,
            template=self.template,
            url=_url(self.page, owner, **(page or {})),
            params=params,
        )


ACTION_OVERDUE = ReminderKind(
    "action",
    _("Action past its date (%(date)s): %(action)s (%(who)s)"),
    "guidelines:KIND_action_plan",
)
NEVER_EVALUATED = ReminderKind(
    "evaluation",
    _(
        "The ICT teamwork has not been evaluated since the team started; it was due "
        "by %(date)s (step 8: evaluate regularly)."
    ),
    "guidelines:KIND_node",
)
EVALUATION_DUE = ReminderKind(
    "evaluation",
    _(
        "The regular evaluation of the ICT teamwork was due by %(date)s (step 8: "
        "evaluate regularly)."
    ),
    "guidelines:KIND_node",
)
POLICY_ACTION_OVERDUE = ReminderKind(
    "policy_action",
    _("ICT policy plan: action past its date (%(date)s): %(action)s (%(who)s)"),
    "policy:KIND_goal",
)
POLICY_EVALUATION_DUE = ReminderKind(
    "policy_evaluation",
    _("The ICT policy plan's evaluation was due by %(date)s."),
    "policy:KIND_plan",
)


# The sources read their rows through ``compiled_rows``: Django took longer to build and
# compile these queries (``evaluation_due``'s subqueries above all) than the database to
# run them, on every home page; only the ids and today's date change. Each takes the
# owners' ids (``Owners.ids()``) as keywords, for ``plans_of``.


def _overdue_items(*, today, **owners):
    return (
        ActionItem.objects.filter(
            plans_of("plan__", **owners),
            done=False,
            withdrawn_at__isnull=True,
            due__lt=today,
        )
        .exclude(source__startswith=NEXT_EVALUATION)
        .order_by("due", "pk")
        .values_list("pk", "due", "text", "who", "plan__school_id", "plan__group_id")
    )


def overdue_actions(owners: Owners, today: datetime.date) -> list[Reminder]:
    """Action items of the owners' transition plans past their date, not done nor withdrawn.

    The next evaluation that step 8 plans is the evaluation's reminder, not another one.
    """
    rows = compiled_rows(_overdue_items, convert=True, dates={"today": today}, **owners.ids())
    return [
        ACTION_OVERDUE.remind(owners.owner(school_id, group_id), pk, due, action=text, who=who)
        for pk, due, text, who, school_id, group_id in rows
    ]


EVALUATE_NODE = "evaluate"


def _team_node() -> str:
    return next(node.id for node in FLOWCHART.nodes if node.work == WORK_TEAM)


def _evaluated_plans(**owners):
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
    return (
        TransitionPlan.objects.filter(plans_of("", **owners))
        .annotate(
            last_evaluation=Max("evaluations__date"),
            team_started=Subquery(started),
            next_due=Subquery(next_due),
        )
        .filter(Q(team_started__isnull=False) | Q(last_evaluation__isnull=False))
        .values_list("pk", "school_id", "group_id", "last_evaluation", "team_started", "next_due")
    )


def evaluation_due(owners: Owners, today: datetime.date) -> list[Reminder]:
    """Schools (and groups leading a plan) whose team has started and whose regular
    evaluation (step 8) is overdue."""
    reminders = []
    for pk, school_id, group_id, last_evaluation, team_started, next_due in compiled_rows(
        _evaluated_plans, convert=True, **owners.ids()
    ):
        if next_due is not None:
            due = next_due
            since = None
        else:
            since = last_evaluation or team_started.date()
            due = since + EVALUATION_INTERVAL
        if due >= today:
            continue
        never = last_evaluation is None and next_due is None
        kind = NEVER_EVALUATED if never else EVALUATION_DUE
        owner = owners.owner(school_id, group_id)
        reminders.append(kind.remind(owner, pk, due, page={"node_id": EVALUATE_NODE}))
    return reminders


ReminderSource = Callable[[Owners, datetime.date], list[Reminder]]


def _overdue_policy_actions(*, today, **owners):
    return (
        GoalAction.objects.filter(
            plans_of("goal__plan__", **owners),
            due__lt=today,
        )
        .exclude(status=ActionStatus.DONE)
        .order_by("due", "pk")
        .values_list(
            "pk",
            "due",
            "text",
            "goal_id",
            "person_id",
            "person__name",
            "goal__plan__school_id",
            "goal__plan__group_id",
        )
    )


def _policy_plans_to_evaluate(*, today, **owners):
    return (
        PolicyPlan.objects.filter(
            plans_of("", **owners),
            next_evaluation__lt=today,
        )
        .order_by("pk")
        .values_list("pk", "school_id", "group_id", "next_evaluation")
    )


def policy_plan_due(owners: Owners, today: datetime.date) -> list[Reminder]:
    """The ICT policy plan's actions past their date, and its evaluation when its date has
    passed: the plan says "how and when it is evaluated" (chapter 2, the ICT policy plan)."""
    ids, dates = owners.ids(), {"today": today}
    reminders = [
        POLICY_ACTION_OVERDUE.remind(
            owners.owner(school_id, group_id),
            pk,
            due,
            page={"pk": goal_id},
            action=text,
            who=name if person_id is not None else "—",
        )
        for pk, due, text, goal_id, person_id, name, school_id, group_id in compiled_rows(
            _overdue_policy_actions, convert=True, dates=dates, **ids
        )
    ]
    for pk, school_id, group_id, next_evaluation in compiled_rows(
        _policy_plans_to_evaluate, convert=True, dates=dates, **ids
    ):
        owner = owners.owner(school_id, group_id)
        reminders.append(POLICY_EVALUATION_DUE.remind(owner, pk, next_evaluation))
    return reminders


# Where reminders come from, in the order they are shown; a new source is one function.
REMINDER_SOURCES: list[ReminderSource] = [evaluation_due, overdue_actions, policy_plan_due]


def due_reminders(
    *,
    schools: Iterable[School] = (),
    groups: Iterable[SchoolGroup] = (),
    today: datetime.date,
    whole_groups: bool = False,
) -> list[Reminder]:
    """Every reminder due for the schools and groups: the groups' first (a group-led plan
    concerns all its schools), then school by school, each in the order given.

    ``whole_groups``: the schools include every school of each of the groups (as a
    user's visible schools do for their visible groups), so the queries ask for the
    groups' schools by group (``Owners``)."""
    schools, groups = list(schools), list(groups)
    owners = Owners.of(schools, groups, whole_groups=whole_groups)
    if not owners:
        return []
    found = [reminder for source in REMINDER_SOURCES for reminder in source(owners, today)]
    order = {("group", g.pk): index for index, g in enumerate(groups)}
    order.update({("school", s.pk): len(groups) + index for index, s in enumerate(schools)})
    return sorted(found, key=lambda r: order[("group" if r.is_group else "school", r.owner.pk)])
