"""Gaps (tasks nobody capable executes) and role profiles, for vacancies and role
descriptions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import router
from django.db.models import (
    Q,
    QuerySet,
)

from schools.access import Owner
from schools.compiled import compiled_rows
from schools.models import School
from tasks.models import (
    COMPETENCE_FIELDS,
    TEXT_LANGUAGES,
    Cluster,
    Competence,
    ListTask,
    localized,
)
from teams.models import (
    Assignment,
    ConsultationGroup,
    Level,
    Person,
)
from teams.selectors.matrix import row_instance, team_task_entries
from teams.selectors.people import (
    COMPETENCE_LEVEL_FIELDS,
    ZERO,
    TeamMember,
    team_member,
    team_persons,
)


def can_take(person: Person, task) -> bool:
    """Whether a person has at least a basic level in every competence the task needs."""
    return all(
        getattr(person, COMPETENCE_LEVEL_FIELDS[key]) > Level.NONE
        for key, task_field in COMPETENCE_FIELDS.items()
        if getattr(task, task_field)
    )


@dataclass(frozen=True)
class TeamGap:
    """A team task nobody capable executes, with the team members who could take it."""

    entry: ListTask
    executors: tuple[Person, ...]
    candidates: tuple[Person, ...]

    @property
    def task(self):
        return self.entry.task

    @property
    def nobody_capable(self) -> bool:
        """No one in the team has the competences: a vacancy (or outsourcing) case."""
        return not self.candidates


# What ``team_gaps`` reads of a person: every field, for the gaps' people are model
# instances to their readers (the candidates' names and levels, a vacancy's choices).
PERSON_FIELDS = tuple(field.attname for field in Person._meta.concrete_fields)


def _school_team_rows(school_id: int, group_id: int) -> QuerySet:
    # The team as ``team_persons`` reads it, in its order.
    return team_persons(school=School(pk=school_id, group_id=group_id)).values_list(*PERSON_FIELDS)


def _group_team_rows(group_id: int) -> QuerySet:
    return (
        Person.objects.filter(group_id=group_id).order_by("name", "pk").values_list(*PERSON_FIELDS)
    )


def _school_executing(school_id: int) -> QuerySet:
    return Assignment.objects.filter(school_id=school_id, executes=True).values_list(
        "list_task_id", "person_id"
    )


def _group_executing(group_id: int) -> QuerySet:
    return Assignment.objects.filter(list_task__group_id=group_id, executes=True).values_list(
        "list_task_id", "person_id"
    )


def _team_of(owner: Owner) -> tuple[list[Person], list[tuple[int, int]]]:
    """The owner's people (model instances from plain rows) and the (entry, person) pairs
    of who executes what: two queries, compiled once per process. Django took longer to
    build and compile them (the team's filter with its ``Exists``, the assignments'
    ordering by task and name) than the database takes to run them."""
    if isinstance(owner, School):
        rows = compiled_rows(
            _school_team_rows, convert=True, school_id=owner.pk, group_id=owner.group_id
        )
        executing = compiled_rows(_school_executing, school_id=owner.pk)
    else:
        rows = compiled_rows(_group_team_rows, convert=True, group_id=owner.pk)
        executing = compiled_rows(_group_executing, group_id=owner.pk)
    db = router.db_for_read(Person)
    return [row_instance(Person, PERSON_FIELDS, row, db) for row in rows], executing


def team_gaps(*, owner: Owner) -> list[TeamGap]:
    """Team tasks without an executor who has every competence they need (three queries).

    For a school: its list and its team (group-level people who serve it included); for
    a group: the group's own list and its group-level people. ``candidates`` are the
    people who have those competences; tasks with no candidate are what the team cannot
    cover, and a vacancy is drawn up from them.
    """
    people, executing = _team_of(owner)
    entries = team_task_entries(owner=owner)
    persons = {p.id: p for p in people}
    executors: dict[int, list[Person]] = defaultdict(list)
    for list_task_id, person_id in executing:
        if person_id in persons:
            executors[list_task_id].append(persons[person_id])
    # ``id``, not ``pk``: the property costs a call a read, and these loops read it
    # thousands of times.
    # What each person can take (``can_take``), worked out once a person: the set of the
    # competences they have at least a basic level in. A task's needs are a set too, and
    # a person can take the task when the needs are a subset of theirs.
    fields = tuple(COMPETENCE_FIELDS.items())
    has = {
        p.id: frozenset(
            key
            for key, _task_field in fields
            if getattr(p, COMPETENCE_LEVEL_FIELDS[key]) > Level.NONE
        )
        for p in people
    }
    gaps = []
    # Who can take a task depends only on the competences it needs: the team is tested
    # once for each combination of them (a handful), not once per task.
    candidates: dict[frozenset, tuple[Person, ...]] = {}
    for entry in entries:
        task = entry.task
        needs = frozenset(key for key, task_field in fields if getattr(task, task_field))
        doing = executors.get(entry.id, [])
        if any(needs <= has[p.id] for p in doing):
            continue
        if needs not in candidates:
            candidates[needs] = tuple(p for p in people if needs <= has[p.id])
        gaps.append(TeamGap(entry, tuple(doing), candidates[needs]))
    return gaps


@dataclass
class ProfileCluster:
    cluster: str
    label: str
    assignments: list[Assignment]

    @property
    def hours(self) -> Decimal:
        return sum((a.hours for a in self.assignments), ZERO)


@dataclass
class PersonProfile:
    """Everything a role description says about one person in one school.

    ``clusters``: the person's assignments grouped by cluster (each with ``list_task``,
    ``task``, ``backup`` loaded and ``lead_person`` set to the task's lead or None);
    ``backs_up``: assignments of others on which this person is the backup (with
    ``BACKS_UP_FIELDS`` only);
    ``competences_asked``: competence keys the tasks they execute need;
    ``leads``: the lead assignment of each of their tasks.
    """

    member: TeamMember
    clusters: list[ProfileCluster]
    backs_up: list[Assignment]
    consultation_groups: list[ConsultationGroup]
    competences_asked: list[str]
    # The lead assignment of each of the person's tasks (theirs too), by the lead's name
    # and the task's code, with ``person`` and ``list_task__task`` (``LEAD_FIELDS`` only).
    leads: list[Assignment] = field(default_factory=list)

    @property
    def person(self) -> Person:
        return self.member.person

    @property
    def assignments(self) -> list[Assignment]:
        return [a for group in self.clusters for a in group.assignments]

    @property
    def hours(self) -> Decimal:
        return sum((a.hours for a in self.assignments), ZERO)

    @property
    def backed_up_by(self) -> list[Person]:
        """The people who back this person up, each once, by name."""
        seen: dict[int, Person] = {}
        for assignment in self.assignments:
            if assignment.backup is not None:
                seen.setdefault(assignment.backup.pk, assignment.backup)
        return sorted(seen.values(), key=lambda p: p.name)

    @property
    def competence_labels(self) -> list[str]:
        labels = dict(Competence.choices)
        return [str(labels[key]) for key in self.competences_asked]

    @property
    def lead_tasks(self) -> list[Assignment]:
        """Tasks where this person is the lead and contact point."""
        return [a for a in self.assignments if a.lead]


# What the pages show of the task of an assignment listed by person.
_TASK_FIELDS = (
    "list_task_id",
    "list_task__task__code",
    *(f"list_task__task__title_{code}" for code in TEXT_LANGUAGES),
)
# What ``PersonProfile.leads`` loads of each lead assignment.
LEAD_FIELDS = ("person__name", "person__email", "person__phone", *_TASK_FIELDS)
# What ``PersonProfile.backs_up`` loads of each assignment the person backs up.
BACKS_UP_FIELDS = ("person__name", *_TASK_FIELDS)


def person_profile(*, school: School, person: Person) -> PersonProfile:
    """A person's tasks in a school with mandates, backups and groups (five queries)."""
    member = team_member(school=school, person=person)
    # The database orders by topic and code (its collation, as everywhere else); the
    # report's cluster order is applied here, a stable sort of a person's few dozen rows,
    # instead of a CASE in the ORDER BY that costs more to compile than the sort.
    rank = {value: i for i, value in enumerate(Cluster.values)}
    assignments = sorted(
        Assignment.objects.filter(school=school, person=person)
        .select_related("list_task__task", "backup")
        .order_by(localized("topic", prefix="list_task__task__"), "list_task__task__code"),
        key=lambda a: rank.get(a.list_task.task.cluster, len(rank)),
    )
    # The lead of each of these tasks (one per task), with what the role description shows
    # of them as contact points (no query of its own): the person's name and contact
    # details, the task's code and title; only those columns, not the task's every text.
    lead_assignments = list(
        Assignment.objects.filter(school=school, lead=True, list_task__assignments__person=person)
        .select_related("person", "list_task__task")
        .only(*LEAD_FIELDS)
        .order_by("person__name", "list_task__task__code")
    )
    leads = {lead.list_task_id: lead.person.name for lead in lead_assignments}
    labels = dict(Cluster.choices)
    clusters: dict[str, ProfileCluster] = {}
    asked: set[str] = set()
    for assignment in assignments:
        assignment.lead_name = leads.get(assignment.list_task_id, "")
        task = assignment.list_task.task
        if task.cluster not in clusters:
            clusters[task.cluster] = ProfileCluster(task.cluster, labels.get(task.cluster, ""), [])
        clusters[task.cluster].assignments.append(assignment)
        if assignment.executes or assignment.lead:
            asked.update(task.competences)
    backs_up = list(
        Assignment.objects.filter(school=school, backup=person)
        .select_related("person", "list_task__task")
        .only(*BACKS_UP_FIELDS)
        .order_by("list_task__task__code")
    )
    groups = list(
        ConsultationGroup.objects.filter(
            Q(school=school) | Q(group_id=school.group_id), members=person
        ).order_by("kind", "name")
    )
    return PersonProfile(
        member=member,
        clusters=list(clusters.values()),
        backs_up=backs_up,
        consultation_groups=groups,
        competences_asked=[key for key in Competence.values if key in asked],
        leads=lead_assignments,
    )
