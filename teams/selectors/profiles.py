"""Gaps (tasks nobody capable executes) and role profiles, for vacancies and role
descriptions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from operator import attrgetter
from typing import NamedTuple

from django.db import router
from django.db.models import Q
from django.db.models import QuerySet

from schools.access import Owner
from schools.compiled import compiled_rows
from schools.compiled import made
from schools.compiled import row_instance
from schools.models import School
from tasks.models import COMPETENCE_FIELDS
from tasks.models import TEXT_LANGUAGES
from tasks.models import Cluster
from tasks.models import Competence
from tasks.models import ListTask
from tasks.models import Task
from tasks.models import localized
from teams.models import Assignment
from teams.models import ConsultationGroup
from teams.models import Level
from teams.models import Person
from teams.selectors.matrix import ENTRY_FIELDS
from teams.selectors.matrix import TASK_FIELDS
from teams.selectors.matrix import team_task_entries
from teams.selectors.people import COMPETENCE_LEVEL_FIELDS
from teams.selectors.people import ZERO
from teams.selectors.people import TeamMember
from teams.selectors.people import _hours_annotations
from teams.selectors.people import _member
from teams.selectors.people import serves_row
from teams.selectors.people import team_persons


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


# Who executes what, a task's executors by name. Only by name: the assignments' own
# ordering (by the task's code, then the name) joined the school group's whole task list
# and catalogue to sort pairs that ``team_gaps`` groups per task anyway, most of the
# query's time at group scale.
def _school_executing(school_id: int) -> QuerySet:
    return (
        Assignment.objects.filter(school_id=school_id, executes=True)
        .order_by("person__name")
        .values_list("list_task_id", "person_id")
    )


def _group_executing(group_id: int) -> QuerySet:
    return (
        Assignment.objects.filter(list_task__group_id=group_id, executes=True)
        .order_by("person__name")
        .values_list("list_task_id", "person_id")
    )


def _team_of(owner: Owner, *, executing: bool = True) -> tuple[list[Person], list[tuple[int, int]]]:
    """The owner's people (model instances from plain rows) and the (entry, person) pairs
    of who executes what (none unless ``executing``): two queries, compiled once per
    process. Django took longer to build and compile them (the team's filter with its
    ``Exists``, the assignments' ordering by task and name) than the database takes to
    run them."""
    pairs: list[tuple[int, int]] = []
    if isinstance(owner, School):
        rows = compiled_rows(
            _school_team_rows, convert=True, school_id=owner.pk, group_id=owner.group_id
        )
        if executing:
            pairs = compiled_rows(_school_executing, school_id=owner.pk)
    else:
        rows = compiled_rows(_group_team_rows, convert=True, group_id=owner.pk)
        if executing:
            pairs = compiled_rows(_group_executing, group_id=owner.pk)
    db = router.db_for_read(Person)
    return [row_instance(Person, PERSON_FIELDS, row, db) for row in rows], pairs


class SchoolTeam(NamedTuple):
    """What ``team_gaps`` reads of a school, with every mandate held there instead of only
    who executes what: the action plan counts step 7's figures from the same rows."""

    people: list[Person]
    entries: list[ListTask]
    # (entry id, person id, decides, executes, monitors, lead) of each of the school's
    # assignments, by the person's name.
    mandates: list[tuple]


def _school_mandates(school_id: int) -> QuerySet:
    return (
        Assignment.objects.filter(school_id=school_id)
        .order_by("person__name")
        .values_list("list_task_id", "person_id", "decides", "executes", "monitors", "lead")
    )


def school_team(*, school: School) -> SchoolTeam:
    """The school's team, its team tasks and every mandate held there (three queries,
    compiled once per process)."""
    people = compiled_rows(
        _school_team_rows, convert=True, school_id=school.pk, group_id=school.group_id
    )
    db = router.db_for_read(Person)
    return SchoolTeam(
        [row_instance(Person, PERSON_FIELDS, row, db) for row in people],
        team_task_entries(owner=school),
        compiled_rows(_school_mandates, school_id=school.pk),
    )


def team_gaps(
    *,
    owner: Owner,
    team: SchoolTeam | None = None,
    executing: list[tuple[int, int]] | None = None,
) -> list[TeamGap]:
    """Team tasks without an executor who has every competence they need (three queries,
    none with the school's ``team`` read already, two with ``executing``: the (entry id,
    person id) pairs of who executes what, by the person's name, as ``_team_of`` reads
    them).

    For a school: its list and its team (group-level people who serve it included); for
    a group: the group's own list and its group-level people. ``candidates`` are the
    people who have those competences; tasks with no candidate are what the team cannot
    cover, and a vacancy is drawn up from them.
    """
    if team is None:
        people, read = _team_of(owner, executing=executing is None)
        executing = read if executing is None else executing
        entries = team_task_entries(owner=owner)
    else:
        people, entries = team.people, team.entries
        executing = [(entry, person) for entry, person, _d, e, _m, _l in team.mandates if e]
    persons = {p.id: p for p in people}
    executors: dict[int, list[Person]] = defaultdict(list)
    for list_task_id, person_id in executing:
        person = persons.get(person_id)
        if person is not None:
            executors[list_task_id].append(person)
    # ``id``, not ``pk``: the property costs a call a read, and these loops read it
    # thousands of times.
    # What each person can take (``can_take``), worked out once a person: the set of the
    # competences they have at least a basic level in. A task's needs are a set too, and
    # a person can take the task when the needs are a subset of theirs. The fields are
    # read with one ``attrgetter`` each, as a tuple, and a task's flags become its set of
    # needs once for each combination of them (a handful), not once a task.
    keys = tuple(COMPETENCE_FIELDS)
    levels = attrgetter(*(COMPETENCE_LEVEL_FIELDS[key] for key in keys))
    flags_of = attrgetter(*COMPETENCE_FIELDS.values())
    has = {
        p.id: frozenset(
            key for key, level in zip(keys, levels(p), strict=True) if level > Level.NONE
        )
        for p in people
    }
    needs_of: dict[tuple, frozenset] = {}
    gaps = []
    # Who can take a task depends only on the competences it needs: the team is tested
    # once for each combination of them (a handful), not once per task.
    candidates: dict[frozenset, tuple[Person, ...]] = {}
    for entry in entries:
        flags = flags_of(entry.task)
        needs = needs_of.get(flags)
        if needs is None:
            needs = needs_of[flags] = frozenset(
                key for key, needed in zip(keys, flags, strict=True) if needed
            )
        doing = executors.get(entry.id, ())
        if any(needs <= has[p.id] for p in doing):
            continue
        if needs not in candidates:
            candidates[needs] = tuple(p for p in people if needs <= has[p.id])
        gaps.append(
            made(TeamGap, entry=entry, executors=tuple(doing), candidates=candidates[needs])
        )
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

# A profile's four queries are compiled once per process (``compiled_rows``): Django took
# longer to build and compile them, with their joins, than the database to run them. The
# rows are built into the model instances the ORM gave (``row_instance``): every field of
# the person's assignments, their entries and backups, the tasks without their long texts
# (``TASK_FIELDS``); of a lead or an assignment backed up only what ``LEAD_FIELDS`` and
# ``BACKS_UP_FIELDS`` name, the rest deferred as ``only()`` left it.
_ASSIGNMENT_FIELDS = tuple(f.attname for f in Assignment._meta.concrete_fields)
_PERSON_FIELDS = tuple(f.attname for f in Person._meta.concrete_fields)
_GROUP_FIELDS = tuple(f.attname for f in ConsultationGroup._meta.concrete_fields)
_TITLES = tuple(f"title_{code}" for code in TEXT_LANGUAGES)
# A lead's or a backed-up assignment's row: the assignment's keys, the person, the task.
_OTHERS_ASSIGNMENT = ("id", "person_id", "list_task_id")
_OTHERS_TASK = ("id", "code", *_TITLES)


def _person_assignments(*, school_id: int, person_id: int) -> QuerySet:
    return (
        Assignment.objects.filter(school_id=school_id, person_id=person_id)
        .order_by(localized("topic", prefix="list_task__task__"), "list_task__task__code")
        .values_list(
            *_ASSIGNMENT_FIELDS,
            *(f"list_task__{name}" for name in ENTRY_FIELDS),
            *(f"list_task__task__{name}" for name in TASK_FIELDS),
            *(f"backup__{name}" for name in _PERSON_FIELDS),
        )
    )


def _others(queryset: QuerySet, person_fields: tuple[str, ...]) -> QuerySet:
    return queryset.values_list(
        *_OTHERS_ASSIGNMENT,
        *(f"person__{name}" for name in person_fields),
        "list_task__task_id",
        *(f"list_task__task__{name}" for name in _OTHERS_TASK),
    )


_LEAD_PERSON = ("id", "name", "email", "phone")
_BACKED_UP_PERSON = ("id", "name")


def _leads(*, school_id: int, person_id: int) -> QuerySet:
    return _others(
        Assignment.objects.filter(
            school_id=school_id, lead=True, list_task__assignments__person_id=person_id
        ).order_by("person__name", "list_task__task__code"),
        _LEAD_PERSON,
    )


def _backed_up(*, school_id: int, person_id: int) -> QuerySet:
    return _others(
        Assignment.objects.filter(school_id=school_id, backup_id=person_id).order_by(
            "list_task__task__code"
        ),
        _BACKED_UP_PERSON,
    )


def _consultation_groups(*, school_id: int, group_id: int, person_id: int) -> QuerySet:
    return (
        ConsultationGroup.objects.filter(
            Q(school_id=school_id) | Q(group_id=group_id), members__id=person_id
        )
        .order_by("kind", "name")
        .values_list(*_GROUP_FIELDS)
    )


def _assignments_of_others(rows: list[tuple], person_fields: tuple[str, ...]) -> list[Assignment]:
    """Assignments with their person and task, as ``only(*LEAD_FIELDS)`` (or
    ``BACKS_UP_FIELDS``) with ``select_related("person", "list_task__task")`` gave them."""
    db = router.db_for_read(Assignment)
    person_at = len(_OTHERS_ASSIGNMENT)
    entry_at = person_at + len(person_fields)
    found = []
    for row in rows:
        assignment = row_instance(Assignment, _OTHERS_ASSIGNMENT, row[:person_at], db)
        entry = row_instance(ListTask, ("id", "task_id"), (row[2], row[entry_at]), db)
        entry._state.fields_cache["task"] = row_instance(
            Task, _OTHERS_TASK, row[entry_at + 1 :], db
        )
        cache = assignment._state.fields_cache
        cache["person"] = row_instance(Person, person_fields, row[person_at:entry_at], db)
        cache["list_task"] = entry
        found.append(assignment)
    return found


def _member_hours(*, school_id: int, person_id: int) -> QuerySet:
    return (
        Person.objects.filter(pk=person_id)
        .annotate(**_hours_annotations(School(pk=school_id)))
        # The annotations last, where a raw row has them.
        .values_list(*_PERSON_FIELDS, "share_hours", "used_here", "used_total")
    )


def _team_member(*, school: School, person: Person) -> TeamMember:
    """``team_member`` (one query) read through ``compiled_rows``: the person's row with
    the team's hours, three subqueries Django took longer to build than to run."""
    rows = compiled_rows(_member_hours, convert=True, school_id=school.pk, person_id=person.pk)
    if not rows:
        raise Person.DoesNotExist("Person matching query does not exist.")
    [row] = rows
    split = len(_PERSON_FIELDS)
    found = row_instance(Person, _PERSON_FIELDS, row[:split], router.db_for_read(Person))
    found.share_hours, found.used_here, found.used_total = row[split:]
    if not serves_row(found, school=school):
        raise Person.DoesNotExist("This person is not on the school's team.")
    return _member(found)


def person_profile(*, school: School, person: Person) -> PersonProfile:
    """A person's tasks in a school with mandates, backups and groups (five queries)."""
    member = _team_member(school=school, person=person)
    ids = {"school_id": school.pk, "person_id": person.pk}
    db = router.db_for_read(Assignment)
    entry_at = len(_ASSIGNMENT_FIELDS)
    task_at = entry_at + len(ENTRY_FIELDS)
    backup_at = task_at + len(TASK_FIELDS)
    # The database orders by topic and code (its collation, as everywhere else); the
    # report's cluster order is applied here, a stable sort of a person's few dozen rows,
    # instead of a CASE in the ORDER BY that costs more to compile than the sort.
    rank = {value: i for i, value in enumerate(Cluster.values)}
    assignments = []
    for row in compiled_rows(_person_assignments, convert=True, **ids):
        assignment = row_instance(Assignment, _ASSIGNMENT_FIELDS, row[:entry_at], db)
        entry = row_instance(ListTask, ENTRY_FIELDS, row[entry_at:task_at], db)
        entry._state.fields_cache["task"] = row_instance(
            Task, TASK_FIELDS, row[task_at:backup_at], db
        )
        cache = assignment._state.fields_cache
        cache["list_task"] = entry
        cache["backup"] = (
            None
            if assignment.backup_id is None
            else row_instance(Person, _PERSON_FIELDS, row[backup_at:], db)
        )
        assignments.append(assignment)
    assignments.sort(key=lambda a: rank.get(a.list_task.task.cluster, len(rank)))
    # The lead of each of these tasks (one per task), with what the role description shows
    # of them as contact points (no query of its own): the person's name and contact
    # details, the task's code and title; only those columns, not the task's every text.
    lead_assignments = _assignments_of_others(
        compiled_rows(_leads, convert=True, **ids), _LEAD_PERSON
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
    backs_up = _assignments_of_others(
        compiled_rows(_backed_up, convert=True, **ids), _BACKED_UP_PERSON
    )
    groups = [
        row_instance(ConsultationGroup, _GROUP_FIELDS, row, db)
        for row in compiled_rows(
            _consultation_groups, convert=True, group_id=school.group_id, **ids
        )
    ]
    return PersonProfile(
        member=member,
        clusters=list(clusters.values()),
        backs_up=backs_up,
        consultation_groups=groups,
        competences_asked=[key for key in Competence.values if key in asked],
        leads=lead_assignments,
    )
