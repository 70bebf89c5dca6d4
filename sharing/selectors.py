"""Reads for sharing good practice within a school group.

How the group's schools divide a task or a cluster, and what a copy of one school's set-up
of a task into another school would hold. The report names learning from each other a
lever for change (chapter 2, "Learning from each other – peer review – sharing good
practices"): strong ICT teams "find and have found a lot of support from other schools".

People appear by their roles (``PersonRole``), not by name, unless their school agreed to
show names (``SharingConsent``) or the reader belongs to that school. Every read runs a
fixed number of queries whatever the number of schools: one for the schools, one for the
list entries, one for the assignments of the chosen task or cluster.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Q
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from schools.access import user_memberships
from schools.models import School
from schools.models import SchoolGroup
from tasks.models import Cluster
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import Task
from teams.models import Assignment
from teams.models import Person
from teams.models import PersonRole
from teams.selectors import MANDATE_LABELS
from teams.selectors import MANDATES
from teams.selectors import ZERO
from teams.selectors import mandates_of
from teams.selectors import team_people_queryset

if TYPE_CHECKING:
    from schools.access import AnyUser

ROLE_ORDER = {key: index for index, key in enumerate(PersonRole.values)}


def shares_names(school: School) -> bool:
    """Whether a school agreed to show names to its group (no choice yet means no).

    Reads ``school.sharing_consent``: select it with the school to keep this query-free.
    """
    consent = getattr(school, "sharing_consent", None)
    return bool(consent and consent.share_names)


def own_school_ids(user: AnyUser) -> frozenset[int]:
    """Schools the user belongs to themselves: they see their own people's names anyway."""
    return frozenset(m.school_id for m in user_memberships(user) if m.school_id)


def role_labels(roles: Iterable[str]) -> str:
    """A person as the other schools see them: their roles, in the report's order."""
    valid = [key for key in roles if key in ROLE_ORDER]
    labels = [PersonRole(key).label for key in sorted(set(valid), key=ROLE_ORDER.__getitem__)]
    return " / ".join(str(label) for label in labels) or _("someone without a role")


def person_label(person: Person, *, named: bool) -> str:
    return person.name if named else role_labels(person.roles)


@dataclass(frozen=True)
class Holder:
    """One person's mandates and hours on a task in one school, as others may see them."""

    label: str
    roles: tuple[str, ...]
    group_level: bool
    decides: bool
    executes: bool
    monitors: bool
    lead: bool
    backup: str
    hours: Decimal

    @property
    def mandates(self) -> list[str]:
        return [str(MANDATE_LABELS[name]) for name in MANDATES if getattr(self, name)]


def _holder(assignment: Assignment, *, named: bool) -> Holder:
    person = assignment.person
    return Holder(
        label=person_label(person, named=named),
        roles=tuple(person.roles),
        group_level=person.group_id is not None,
        decides=assignment.decides,
        executes=assignment.executes,
        monitors=assignment.monitors,
        lead=assignment.lead,
        backup=person_label(assignment.backup, named=named) if assignment.backup else "",
        hours=assignment.hours,
    )


@dataclass
class SchoolTask:
    """One school's set-up of one task: its list entry and who holds which mandate."""

    school: School
    entry: ListTask
    named: bool
    holders: list[Holder] = field(default_factory=list)

    @property
    def hours(self) -> Decimal:
        return sum((h.hours for h in self.holders), ZERO)

    @property
    def covered(self) -> bool:
        # Covered as team health counts it: someone executes the task.
        return any(h.executes for h in self.holders)

    @property
    def by_group_people(self) -> bool:
        return any(h.group_level for h in self.holders)


@dataclass(frozen=True)
class CommonRole:
    """The role most schools give a mandate, and in how many of the schools that give it."""

    mandate: str
    mandate_label: str
    role_label: str
    schools: int
    of: int


@dataclass
class TaskDivision:
    """How the group's schools divide one task, with the group-wide figures."""

    task: Task
    schools: list[SchoolTask]
    group_size: int

    @property
    def on_list(self) -> int:
        return len(self.schools)

    @property
    def covered(self) -> int:
        return sum(1 for s in self.schools if s.covered)

    @property
    def typical_hours(self) -> Decimal | None:
        """The median hours per week of the schools where someone holds the task."""
        hours = [s.hours for s in self.schools if s.holders]
        if not hours:
            return None
        return Decimal(statistics.median(hours)).quantize(Decimal("0.1"))

    @property
    def outsourced(self) -> int:
        return sum(1 for s in self.schools if s.entry.level == ListLevel.OUTSOURCED)

    @property
    def group_level(self) -> int:
        """Schools that place the task at group level or have group-level people on it."""
        return sum(
            1 for s in self.schools if s.entry.level == ListLevel.SCHOOL_GROUP or s.by_group_people
        )

    @property
    def common_roles(self) -> list[CommonRole]:
        """Per mandate, the role most schools give it (each school counted once per role)."""
        result = []
        for mandate in MANDATES:
            counts: Counter[str] = Counter()
            giving = 0
            for school in self.schools:
                roles = {
                    role for h in school.holders if getattr(h, mandate) for role in h.roles
                } & ROLE_ORDER.keys()
                if any(getattr(h, mandate) for h in school.holders):
                    giving += 1
                counts.update(roles)
            if not counts:
                continue
            role, n = min(counts.items(), key=lambda item: (-item[1], ROLE_ORDER[item[0]]))
            result.append(
                CommonRole(
                    mandate=mandate,
                    mandate_label=str(MANDATE_LABELS[mandate]),
                    role_label=str(PersonRole(role).label),
                    schools=n,
                    of=giving,
                )
            )
        return result


@dataclass(frozen=True)
class SchoolClusterTotal:
    """One school's figures over every task of a cluster."""

    school: School
    named: bool
    tasks: int
    covered: int
    hours: Decimal


@dataclass
class GroupDivision:
    """How the group's schools divide a task, or every task of a cluster."""

    group: SchoolGroup
    schools: list[School]
    tasks: list[TaskDivision]
    cluster: str = ""

    @property
    def cluster_label(self) -> str:
        return str(Cluster(self.cluster).label) if self.cluster else ""

    @property
    def school_totals(self) -> list[SchoolClusterTotal]:
        """Per school: tasks of the selection on its list, how many covered, the hours."""
        totals: dict[int, list] = {s.pk: [0, 0, ZERO, False] for s in self.schools}
        for division in self.tasks:
            for item in division.schools:
                row = totals[item.school.pk]
                row[0] += 1
                row[1] += int(item.covered)
                row[2] += item.hours
                row[3] = item.named
        return [
            SchoolClusterTotal(
                school=school,
                named=totals[school.pk][3],
                tasks=totals[school.pk][0],
                covered=totals[school.pk][1],
                hours=totals[school.pk][2],
            )
            for school in self.schools
        ]


def group_schools(*, group: SchoolGroup) -> list[School]:
    """The group's schools with their consent (one query)."""
    return list(
        School.objects.filter(group=group).select_related("sharing_consent").order_by("name")
    )


def comparable_entries(*, group: SchoolGroup) -> QuerySet[ListTask]:
    """The group's schools' entries a team covers, of tasks the schools can share.

    A school's own task means nothing to another school: only the catalogue's tasks and
    the group's own tasks are compared.
    """
    return (
        ListTask.objects.team_tasks()
        .filter(school__group=group)
        .filter(Q(task__school__isnull=True, task__group__isnull=True) | Q(task__group=group))
    )


def task_choices(*, group: SchoolGroup) -> list[Task]:
    """The tasks at least one of the group's schools has its team cover (one query)."""
    return list(
        Task.objects.filter(pk__in=comparable_entries(group=group).values("task_id")).order_by(
            "code"
        )
    )


def group_division(
    *,
    group: SchoolGroup,
    task: Task | None = None,
    cluster: str = "",
    named_schools: Iterable[int] = (),
) -> GroupDivision:
    """How the group's schools divide ``task``, or every task of ``cluster``.

    ``named_schools``: schools whose names the reader sees whatever they agreed (their own).
    Three queries whatever the number of schools and tasks.
    """
    schools = group_schools(group=group)
    by_pk = {school.pk: school for school in schools}
    named_schools = set(named_schools)
    entries = comparable_entries(group=group).select_related("task")
    if task is not None:
        entries = entries.filter(task=task)
    elif cluster:
        entries = entries.filter(task__cluster=cluster)
    else:
        entries = entries.none()
    setups: dict[int, SchoolTask] = {}
    divisions: dict[int, TaskDivision] = {}
    for entry in entries.order_by("task__code"):
        school = by_pk[entry.school_id]
        division = divisions.setdefault(
            entry.task_id, TaskDivision(task=entry.task, schools=[], group_size=len(schools))
        )
        setup = SchoolTask(
            school=school,
            entry=entry,
            named=shares_names(school) or school.pk in named_schools,
        )
        division.schools.append(setup)
        setups[entry.pk] = setup
    # The one queryset of the group's assignments on the selection.
    assignments = (
        Assignment.objects.filter(list_task__in=entries.values("pk"))
        .select_related("person", "backup")
        .order_by("-lead", "person__name", "pk")
    )
    for assignment in assignments:
        setup = setups[assignment.list_task_id]
        setup.holders.append(_holder(assignment, named=setup.named))
    for division in divisions.values():
        division.schools.sort(key=lambda s: s.school.name)
    return GroupDivision(
        group=group,
        schools=schools,
        tasks=sorted(divisions.values(), key=lambda d: d.task.code),
        cluster=cluster if task is None else "",
    )


# --- a copy of one school's set-up of a task into another ---------------------------------


@dataclass(frozen=True)
class CopySlot:
    """One person of the source's set-up, to be mapped onto a person of the target.

    ``key`` identifies the slot in the form; the source person stays unnamed unless their
    school agreed. A slot may only back someone up (``backs_up``) without a mandate.
    """

    key: int
    label: str
    roles: tuple[str, ...]
    decides: bool = False
    executes: bool = False
    monitors: bool = False
    lead: bool = False
    hours: Decimal = ZERO
    backup_key: int | None = None
    backs_up: tuple[str, ...] = ()

    @property
    def role_label(self) -> str:
        return role_labels(self.roles)

    @property
    def mandates(self) -> list[str]:
        return [str(MANDATE_LABELS[name]) for name in MANDATES if getattr(self, name)]

    @property
    def has_mandate(self) -> bool:
        return self.decides or self.executes or self.monitors or self.lead


@dataclass
class CopyPlan:
    """What copying ``source``'s set-up of ``task`` into ``target`` starts from."""

    source: School
    target: School
    task: Task
    named: bool
    slots: list[CopySlot]
    target_entry: ListTask | None
    target_people: list[Person]
    current: list[Assignment]
    suggestions: dict[int, Person | None]

    @property
    def slots_by_key(self) -> dict[int, CopySlot]:
        return {slot.key: slot for slot in self.slots}


def _suggest(slots: list[CopySlot], people: list[Person]) -> dict[int, Person | None]:
    """Per slot, the target's person sharing most of its roles, preferring someone not
    suggested yet, so that a set-up spread over several people stays spread."""
    taken: set[int] = set()
    suggestions: dict[int, Person | None] = {}
    for slot in sorted(slots, key=lambda s: (not s.lead, not s.executes, s.key)):
        wanted = set(slot.roles)
        ranked = sorted(
            (p for p in people if wanted & set(p.roles)),
            key=lambda p: (p.pk in taken, -len(wanted & set(p.roles)), p.name, p.pk),
        )
        choice = ranked[0] if ranked else None
        suggestions[slot.key] = choice
        if choice is not None:
            taken.add(choice.pk)
    return suggestions


def source_assignments(*, source: School, task: Task) -> list[Assignment]:
    """The source school's assignments on a task, with their people (one query)."""
    return list(
        Assignment.objects.filter(school=source, list_task__task=task)
        .select_related("person", "backup")
        .order_by("-lead", "person__name", "pk")
    )


def copy_slots(assignments: Iterable[Assignment], *, named: bool) -> list[CopySlot]:
    """The source's set-up as slots: each holder, then each backup who holds nothing."""
    assignments = list(assignments)
    holders = {a.person_id for a in assignments}
    backs_up: dict[int, list[str]] = {}
    people: dict[int, Person] = {}
    for a in assignments:
        people[a.person_id] = a.person
        if a.backup is not None:
            people[a.backup_id] = a.backup
            backs_up.setdefault(a.backup_id, []).append(person_label(a.person, named=named))
    slots = [
        CopySlot(
            key=a.person_id,
            label=person_label(a.person, named=named),
            roles=tuple(a.person.roles),
            hours=a.hours,
            backup_key=a.backup_id,
            backs_up=tuple(backs_up.get(a.person_id, ())),
            **mandates_of(a),
        )
        for a in assignments
    ]
    slots += [
        CopySlot(
            key=pk,
            label=person_label(people[pk], named=named),
            roles=tuple(people[pk].roles),
            backs_up=tuple(names),
        )
        for pk, names in backs_up.items()
        if pk not in holders
    ]
    return slots


def copy_plan(*, source: School, target: School, task: Task, viewer: AnyUser) -> CopyPlan:
    """The source's set-up of a task as slots to map onto the target's people.

    Names of the source's people only when the source agreed or the viewer belongs to it.
    Four queries.
    """
    named = shares_names(source) or source.pk in own_school_ids(viewer)
    slots = copy_slots(source_assignments(source=source, task=task), named=named)
    people = list(team_people_queryset(school=target).order_by("name", "pk"))
    target_entry = ListTask.objects.filter(school=target, task=task).first()
    current = (
        list(
            Assignment.objects.filter(list_task=target_entry)
            .select_related("person", "backup")
            .order_by("-lead", "person__name")
        )
        if target_entry is not None
        else []
    )
    return CopyPlan(
        source=source,
        target=target,
        task=task,
        named=named,
        slots=slots,
        target_entry=target_entry,
        target_people=people,
        current=current,
        suggestions=_suggest(slots, people),
    )


def copy_sources(*, target: School) -> list[School]:
    """The other schools of the target's group, with their consent (one query)."""
    return [s for s in group_schools(group=target.group) if s.pk != target.pk]
