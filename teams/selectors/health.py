"""Team health: what the report warns about, read from the database on every page.

Each rule is one small function (``health_rules``) registered in ``HEALTH_RULES`` with
its title, its severity, the passage of the report it follows and where it is fixed. A rule
reads a ``TeamContext``: the school's team, its tasks and its assignments, loaded once (three
queries) before any rule runs, so adding a rule never adds a query. The findings follow
from the rows read, the language and the school's address alone: for the same rows again
(``TeamPeople.rows``, ``TeamContext.rows``) ``team_health`` gives the findings it worked out
for them, and their panel written once (``TeamHealth.written``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import MISSING
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from decimal import Decimal
from functools import cached_property
from operator import attrgetter
from operator import is_
from typing import NamedTuple

from django.db import router
from django.db.models import BooleanField
from django.db.models import ExpressionWrapper
from django.db.models import Q
from django.db.models import QuerySet
from django.urls import get_script_prefix
from django.urls import get_urlconf
from django.utils.functional import Promise
from django.utils.translation import get_language

from schools.changes import kept_by_token
from schools.compiled import compiled_rows
from schools.compiled import made
from schools.compiled import row_instance
from schools.kept import Kept
from schools.models import School
from schools.reversing import process_urls
from schools.reversing import row_url_for
from tasks.models import COMPETENCE_FIELDS
from tasks.models import TEXT_LANGUAGES
from tasks.models import ListTask
from tasks.models import Task
from tasks.models import text_languages
from teams.models import Assignment
from teams.models import Person
from teams.selectors.matrix import team_task_entries
from teams.selectors.matrix import team_tasks
from teams.selectors.people import TeamMember
from teams.selectors.people import TeamPeople
from teams.selectors.people import team_people


class Severity:
    DANGER = "danger"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.DANGER: 0, Severity.WARNING: 1, Severity.INFO: 2}

# The findings are built without their classes' ``__init__`` (``made``), every field set
# at once.
new = object.__new__
# An id no task has, where a task's id goes in its address (``TeamContext._task_url_parts``).
_URL_ID = 2_147_483_647


def _set_at_once(cls: type) -> type:
    """A frozen dataclass's ``__init__`` that sets its fields at once.

    The dataclass's own goes through ``object.__setattr__`` a field at a time, three times
    as slow, and a team page makes hundreds of findings and warnings. The same arguments,
    positional or by name, and the same ``TypeError`` for a missing or unknown one.
    """
    names = tuple(f.name for f in fields(cls))
    defaults = {f.name: f.default for f in fields(cls) if f.default is not MISSING}

    def __init__(self, *args, **kwargs) -> None:
        given = dict(zip(names, args, strict=False))
        values = {**defaults, **given, **kwargs}
        if len(args) > len(names) or given.keys() & kwargs.keys() or values.keys() != {*names}:
            raise TypeError(f"{cls.__name__}() takes {', '.join(names)}")
        self.__dict__.update(values)

    cls.__init__ = __init__
    return cls


@_set_at_once
@dataclass(frozen=True, init=False)
class HealthWarning:
    """One finding of team health and where it is fixed."""

    rule: str
    severity: str
    message: str
    url: str
    entry: ListTask | None = None
    person: Person | None = None
    cluster: str = ""


@dataclass(frozen=True)
class Citation:
    """The passage of the report a rule follows: its section and a short quote."""

    section: Promise | str
    quote: Promise | str


# --------------------------------------------------------------------------- context


class TaskFacts(NamedTuple):
    """What the rules ask of a task's assignments in the team: who executes it (a list
    the rules read, not theirs to change), how many lead it, whether someone may decide
    on it and whether someone backs an assignment up."""

    executors: list
    leads: int
    decided: bool
    backed: bool


# A task nobody in the team holds.
NO_FACTS = TaskFacts([], 0, False, False)


@_set_at_once
@dataclass(frozen=True, init=False)
class Finding:
    """What a rule finds, before the registry names the rule: the message, where it is
    fixed and what it is about. ``severity`` only where it differs from the rule's."""

    message: str
    url: str
    entry: ListTask | None = None
    person: Person | None = None
    cluster: str = ""
    severity: str | None = None


def task_titles(fields: list[str]) -> Callable[[Task], tuple[str, ...]]:
    """A task's titles in ``fields``' order (the reader's language, then the others, as
    ``task.title`` falls back), read in one call: a page names a hundred tasks and more."""
    if len(fields) == 1:
        (name,) = fields
        return lambda task: (getattr(task, name),)
    return attrgetter(*fields)


@dataclass
class TeamContext:
    """A school's team, loaded once for every rule: people, tasks, assignments.

    ``by_task`` holds the assignments of people still in the team (a group-level
    person may have lost their share), each with ``person`` set to the team's object.
    ``unapproved`` counts every assignment of the school whose mandates wait for the
    school leader's approval (``pending_approvals``). ``every`` is each assignment of the
    school, in the team or not: the matrix is built from this context
    (``team_matrix(team=…)``) and counts a task as executed or led by anyone. The
    assignments are model instances (``team_context``) or, where a page reads only what
    the rules and the grid read, ``HeldAssignment`` tuples with the same names
    (``health_context``, ``matrix_context``).
    """

    school: School
    people: list[TeamMember]
    entries: list[ListTask]
    by_task: dict[int, list[Assignment | HeldAssignment]]
    unapproved: int = 0
    every: list[Assignment | HeldAssignment] = field(default_factory=list)
    # The key and severity of the rule being checked (``Rule.check``): its findings on a
    # task or a person are made as its warnings at once, not copied into them one by one.
    checking: tuple[str, str] | None = field(default=None, init=False, repr=False, compare=False)
    # What a narrow read built the context from (``_narrow_context``): the entries'
    # fields, then the people's, the entries' and the assignments' rows, by which team
    # health knows a team it has checked before (``team_health``).
    rows: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @cached_property
    def checked(self) -> Checked | None:
        """The team as team health checked it last, where it was read as these rows
        (``rows``), else None: looked up once a page (``team_health``, the matrix)."""
        return checked(self.school, self.rows)

    @cached_property
    def assignments(self) -> list[Assignment]:
        return [a for entry in self.entries for a in self.held(entry)]

    @cached_property
    def tasks(self) -> list[tuple[ListTask, Task]]:
        """Each entry with its task, in the team's order: the rules read a task's cluster,
        code and needs thousands of times a page, and ``entry.task`` goes through Django's
        descriptor each time."""
        return [(entry, entry.task) for entry in self.entries]

    @cached_property
    def entry_of(self) -> dict[int, ListTask]:
        return {entry.pk: entry for entry in self.entries}

    def held(self, entry: ListTask) -> list[Assignment]:
        """The task's assignments in the team."""
        # ``id``, not ``pk``: the rules ask this thousands of times a page.
        return self.by_task.get(entry.id, [])

    def executors(self, entry: ListTask) -> list[Assignment]:
        """The task's assignments in the team that execute it (a list the rules read, not
        theirs to change)."""
        return self._executors.get(entry.id, [])

    @cached_property
    def _executors(self) -> dict[int, list[Assignment]]:
        # Half the rules ask for a task's executors: worked out once a page, not per rule.
        return {task_id: facts[0] for task_id, facts in self.facts.items() if facts[0]}

    @cached_property
    def facts(self) -> dict[int, TaskFacts]:
        """``TaskFacts`` by task, for the tasks someone in the team holds: worked out in
        one pass over the assignments a page, where each rule went over every task's
        assignments again for its own question (three times as long)."""
        found = {}
        for task_id, held in self.by_task.items():
            executors: list[Assignment] = []
            leads = 0
            decided = backed = False
            for assignment in held:
                if assignment.executes:
                    executors.append(assignment)
                if assignment.lead:
                    leads += 1
                if assignment.decides:
                    decided = True
                if assignment.backup_id:
                    backed = True
            found[task_id] = TaskFacts(executors, leads, decided, backed)
        return found

    def executions(self) -> list[tuple[ListTask, Task, Assignment, Person]]:
        """Every entry and its task with each assignment that executes it and the person
        who does, in the team's order (a list the rules read, not theirs to change)."""
        return self._executions

    @cached_property
    def _executions(self) -> list[tuple[ListTask, Task, Assignment, Person]]:
        # Three rules walk every execution: listed once a page, not generated per rule.
        persons, executors = self._persons, self._executors
        return [
            (entry, task, assignment, persons[assignment.person_id])
            for entry, task in self.tasks
            for assignment in executors.get(entry.id, ())
        ]

    @cached_property
    def _persons(self) -> dict[int, Person]:
        # ``assignment.person`` is the team's object (``team_context`` caches it), but read
        # through Django's descriptor, thousands of times a page; by id it is a dict's.
        return {member.pk: member.person for member in self.people}

    @cached_property
    def _strategic(self) -> set[int]:
        """The ids of the people in the ICT policy team (``Person.is_strategic``)."""
        return {member.pk for member in self.people if member.person.is_strategic}

    def with_role(self, *roles: str, group_level: bool | None = None) -> list[TeamMember]:
        return [
            m
            for m in self.people
            if set(roles) & set(m.person.roles)
            and (group_level is None or m.is_group_level == group_level)
        ]

    def on_task(
        self,
        entry: ListTask,
        message: str,
        *,
        person: Person | None = None,
        severity: str | None = None,
        **params: object,
    ) -> Finding | HealthWarning:
        """A finding on one task, fixed on the task's assignments page and shown in its
        cluster: its message names the task (``task``) and the person (``person``)."""
        named = self._named.get(entry.id) or self._name(entry)
        names = {"task": named[0], "person": person.name if person else "", **params}
        # A page makes a couple of hundred of these: every field set at once, as the
        # checked rule's warning where a rule is being checked.
        checking = self.checking
        if checking is None:
            finding = new(Finding)
            finding.__dict__.update(
                message=message % names,
                url=named[1],
                entry=entry,
                person=person,
                cluster=named[2],
                severity=severity,
            )
            return finding
        warning = new(HealthWarning)
        warning.__dict__.update(
            rule=checking[0],
            severity=severity or checking[1],
            message=message % names,
            url=named[1],
            entry=entry,
            person=person,
            cluster=named[2],
        )
        return warning

    def _name(self, entry: ListTask) -> tuple[str, str, str]:
        """A task's title, address and cluster as its findings give them: a task the
        rules find something on is often named by several of them, and a new team's
        findings name nearly every task, so each is worked out once a page, with the
        title's fields and the address around the task's id worked out once."""
        task = entry.task
        title = next(filter(None, self._titles(task)), "")
        named = self._named[entry.id] = (f"{task.code} {title}", self.task_url(entry), task.cluster)
        return named

    def on_person(
        self, member: TeamMember, message: str, **params: object
    ) -> Finding | HealthWarning:
        """A finding on one person, fixed in the matrix filtered on them: its message
        names them (``person``)."""
        message = message % {"person": member.name, **params}
        url = self.matrix_url(f"person={member.pk}")
        checking = self.checking
        if checking is None:
            return made(
                Finding,
                message=message,
                url=url,
                entry=None,
                person=member.person,
                cluster="",
                severity=None,
            )
        return made(
            HealthWarning,
            rule=checking[0],
            severity=checking[1],
            message=message,
            url=url,
            entry=None,
            person=member.person,
            cluster="",
        )

    def on_team(self, message: str, *, severity: str | None = None) -> Finding:
        """A finding on the team's make-up, fixed among the team's people."""
        return Finding(message, self.team_url(), severity=severity)

    @cached_property
    def _urls(self) -> dict:
        # The addresses' patterns, worked out once per process and language: a page of
        # findings reversed three of them, about 50 µs each.
        return process_urls()

    @cached_property
    def _named(self) -> dict[int, tuple[str, str, str]]:
        return {}

    @cached_property
    def _title_fields(self) -> list[str]:
        # The reader's language looked up once, not once per task named.
        return [f"title_{code}" for code in text_languages()]

    @cached_property
    def _titles(self) -> Callable[[Task], tuple[str, ...]]:
        return task_titles(self._title_fields)

    def task_url(self, entry: ListTask) -> str:
        """Where a finding on the task is fixed: its mandates."""
        head, tail = self._task_url_parts
        return f"{head}{entry.pk}{tail}"

    @cached_property
    def _task_url_parts(self) -> tuple[str, str]:
        # The address around the task's id: a finding links every task it names, a new
        # team's findings nearly every task of the school. Reversed once per process.
        url = row_url_for(self._urls, "teams:task_assignments", self.school.slug, _URL_ID)
        head, _id, tail = url.rpartition(str(_URL_ID))
        return head, tail

    @cached_property
    def _matrix_url(self) -> str:
        return row_url_for(self._urls, "teams:matrix", self.school.slug)

    def matrix_url(self, query: str = "") -> str:
        # Reversed once: a finding on each person links the matrix filtered on them.
        url = self._matrix_url
        return f"{url}?{query}" if query else url

    def team_url(self) -> str:
        return self._team_url

    @cached_property
    def _team_url(self) -> str:
        # Reversed once: the findings on the team's make-up all link its people.
        return row_url_for(self._urls, "teams:overview", self.school.slug)


ASSIGNMENT_FIELDS = tuple(field.attname for field in Assignment._meta.concrete_fields)


def _assignment_rows(school_id: int) -> QuerySet:
    # Compiled once per process (``compiled_rows``): building the query cost more than
    # running it.
    return Assignment.objects.filter(school_id=school_id).values_list(*ASSIGNMENT_FIELDS)


def team_context(*, school: School, people: list[TeamMember] | None = None) -> TeamContext:
    """Load what every rule reads: the team, its tasks, its assignments (three queries;
    two when the page has read the team already and hands it over as ``people``)."""
    if people is None:
        people = team_people(school=school)
    # Built from plain rows: every page that checks the team's health reads them all.
    entries = team_task_entries(owner=school)
    persons = {member.pk: member.person for member in people}
    by_task: dict[int, list[Assignment]] = defaultdict(list)
    db = router.db_for_read(Assignment)
    unapproved = 0
    every = []
    for row in compiled_rows(_assignment_rows, convert=True, school_id=school.pk):
        assignment = row_instance(Assignment, ASSIGNMENT_FIELDS, row, db)
        every.append(assignment)
        if assignment.approved_at is None:
            unapproved += 1
        person = persons.get(assignment.person_id)
        if person is not None:
            # The team's own object, cached as ``assignment.person`` would set it.
            assignment._state.fields_cache["person"] = person
            by_task[assignment.list_task_id].append(assignment)
    return TeamContext(
        school=school,
        people=people,
        entries=entries,
        by_task=dict(by_task),
        unapproved=unapproved,
        every=every,
    )


# What team health alone reads: the rules read a task's code, titles, cluster, core flag
# and needs, an entry only as its id and task, and of an assignment its mandates, hours,
# person, backup and whether it waits for approval. The team page reads them this narrowly
# (``health_context``): the entries' other fields, the tasks' topics and levels and the
# assignments' dates cost more to read and build than the rules take to run.
HEALTH_ENTRY_FIELDS = ("id", "task_id")
HEALTH_TASK_FIELDS = (
    "id",
    "code",
    "cluster",
    "is_core",
    *COMPETENCE_FIELDS.values(),
    *(f"title_{code}" for code in TEXT_LANGUAGES),
)
# The matrix as first shown reads of an entry its level too (the "group level" badge);
# of its task, what the rules read (its code, title, cluster and core flag among them).
MATRIX_ENTRY_FIELDS = (*HEALTH_ENTRY_FIELDS, "level")


class HeldAssignment(NamedTuple):
    """An assignment as the rules and the matrix's cells read it (``Assignment``'s
    names), with its person set to the team's object (``None`` for someone outside the
    team): a tuple, built in one call where a model instance took several."""

    person_id: int
    list_task_id: int
    backup_id: int | None
    decides: bool
    executes: bool
    monitors: bool
    lead: bool
    hours: Decimal
    waiting: bool
    person: Person | None = None


def _team_entry_rows(
    school_id: int,
    *,
    task_fields: tuple[str, ...],
    entry_fields: tuple[str, ...] = HEALTH_ENTRY_FIELDS,
) -> QuerySet:
    # ``team_tasks`` in its order, with only ``entry_fields`` and ``task_fields`` (the
    # task's id is the entry's ``task_id``): compiled once per process, language and set
    # of fields.
    return team_tasks(owner=School(pk=school_id)).values_list(
        *entry_fields, *(f"task__{name}" for name in task_fields[1:])
    )


def team_tasks_by_entry(*, school: School, task_fields: tuple[str, ...]) -> list[tuple[int, Task]]:
    """Each entry's id with its task, the task with only ``task_fields`` (``"id"`` first,
    the others deferred), in ``team_tasks``' order: for a reader of a task's names and
    flags only, who needs no entry object. One query."""
    db = router.db_for_read(Task)
    rows = compiled_rows(
        _team_entry_rows, options={"task_fields": task_fields}, convert=True, school_id=school.pk
    )
    # The task's id is the entry's ``task_id``: its row starts at the second column.
    return [(row[0], row_instance(Task, task_fields, row[1:], db)) for row in rows]


def team_entries(
    *,
    school: School,
    task_fields: tuple[str, ...],
    entry_fields: tuple[str, ...] = HEALTH_ENTRY_FIELDS,
) -> list[ListTask]:
    """``team_task_entries`` read narrowly: each entry with only ``entry_fields`` (its id
    and ``task_id`` first) and its task, the task with only ``task_fields`` (``"id"``
    first); the other fields deferred, read from the database if touched. For readers of
    a task's names and flags only (team health, the matrix as first shown), who never
    save an entry: the entries' other fields and their dates cost more to read and build
    than those pages take to use them. One query."""
    rows = compiled_rows(
        _team_entry_rows,
        options={"task_fields": task_fields, "entry_fields": entry_fields},
        convert=True,
        school_id=school.pk,
    )
    return _entries_of(rows, task_fields=task_fields, entry_fields=entry_fields)


def _entries_of(
    rows: list[tuple], *, task_fields: tuple[str, ...], entry_fields: tuple[str, ...]
) -> list[ListTask]:
    """``team_entries``' entries and their tasks, from its rows."""
    db = router.db_for_read(ListTask)
    split = len(entry_fields)
    entries = []
    for row in rows:
        entry = row_instance(ListTask, entry_fields, row[:split], db)
        # The task's id is the entry's ``task_id``, its second column.
        task = row_instance(Task, task_fields, (row[1], *row[split:]), db)
        entry._state.fields_cache["task"] = task
        entries.append(entry)
    return entries


def _health_assignment_rows(school_id: int) -> QuerySet:
    # The school's assignments, the approval read as whether it is still to come: compiled
    # once. A task's assignments in their order (``Assignment.Meta.ordering`` is the task's
    # code, then the person's name): by the person's name, as the database collates it.
    # The rules read them per task, so the order across tasks does not matter, and the
    # join to the tasks to sort by their code was most of the query's time.
    waiting = ExpressionWrapper(Q(approved_at__isnull=True), output_field=BooleanField())
    return (
        Assignment.objects.filter(school_id=school_id)
        .annotate(waiting=waiting)
        .order_by("person__name")
        .values_list(*HeldAssignment._fields[:-1])
    )


def _narrow_rows(*, school: School, entry_fields: tuple[str, ...]) -> tuple[list, list]:
    """The rows of the school's team entries with their tasks (``team_entries``, the
    fields the rules read) and of its assignments (``HeldAssignment``): two queries."""
    entries = compiled_rows(
        _team_entry_rows,
        options={"task_fields": HEALTH_TASK_FIELDS, "entry_fields": entry_fields},
        convert=True,
        school_id=school.pk,
    )
    return entries, compiled_rows(_health_assignment_rows, convert=True, school_id=school.pk)


def _narrow_context(
    *,
    school: School,
    people: list[TeamMember] | None,
    entry_fields: tuple[str, ...],
    every: bool,
    rows: tuple[list, list] | None = None,
) -> TeamContext:
    if people is None:
        people = team_people(school=school)
    entry_rows, assignment_rows = rows or _narrow_rows(school=school, entry_fields=entry_fields)
    persons = {member.pk: member.person for member in people}
    # A plain dict, handed over as it is: a lookup of a task without assignments adds none.
    by_task: dict[int, list[HeldAssignment]] = {}
    unapproved = 0
    # ``HeldAssignment._make`` without its call: the tuple's own constructor, 300 a page.
    make = tuple.__new__
    waiting_at = HeldAssignment._fields.index("waiting")
    everyone: list[HeldAssignment] = []
    for row in assignment_rows:
        if row[waiting_at]:
            unapproved += 1
        person = persons.get(row[0])
        if person is not None:
            held = make(HeldAssignment, (*row, person))
            by_task.setdefault(row[1], []).append(held)
        elif every:
            held = make(HeldAssignment, (*row, None))
        else:
            continue
        if every:
            everyone.append(held)
    team = TeamContext(
        school=school,
        people=people,
        entries=_entries_of(entry_rows, task_fields=HEALTH_TASK_FIELDS, entry_fields=entry_fields),
        by_task=by_task,
        unapproved=unapproved,
        every=everyone,
    )
    team.rows = _rows_read(people, entry_fields, entry_rows, assignment_rows)
    return team


def _rows_read(
    people: list[TeamMember], entry_fields: tuple[str, ...], entries: list, assignments: list
) -> tuple | None:
    """What team health's findings follow from, as read: ``TeamContext.rows``. None
    where the people were not read as ``team_people`` reads them (their rows unknown)."""
    people_rows = getattr(people, "rows", None)
    if people_rows is None:
        return None
    return (entry_fields, people_rows, entries, assignments)


def health_context(*, school: School, people: list[TeamMember] | None = None) -> TeamContext:
    """What the rules read of the school's team, and only that (three queries; two with
    ``people``): the entries with their tasks as ``team_context`` gives them but for the
    fields no rule reads (deferred), the assignments of the team as ``HeldAssignment``.
    ``every`` stays empty: it is the matrix's (``matrix_context``)."""
    return _narrow_context(
        school=school, people=people, entry_fields=HEALTH_ENTRY_FIELDS, every=False
    )


def matrix_context(*, school: School, people: list[TeamMember] | None = None) -> TeamContext:
    """What the matrix as first shown and team health beside it read of the school's
    team (three queries; two with ``people``): ``health_context`` with each entry's level
    and ``every`` assignment of the school as ``HeldAssignment`` (someone's outside the
    team with no person), what ``team_matrix(team=…)`` builds the grid from.

    ``team_context``'s model instances (every field of 145 entries, their tasks and 300
    assignments) cost the page more to build than the grid and the rules take to read.

    Where team health checked these rows before (``checked``), the context it checked
    is given again: built from the same rows, it is the same (read, never changed, by
    the grid and the rules)."""
    if people is None:
        people = team_people(school=school)
    read = _narrow_rows(school=school, entry_fields=MATRIX_ENTRY_FIELDS)
    before = checked(school, _rows_read(people, MATRIX_ENTRY_FIELDS, *read))
    if before is not None and before.context is not None:
        return before.context
    team = _narrow_context(
        school=school, people=people, entry_fields=MATRIX_ENTRY_FIELDS, every=True, rows=read
    )
    # Looked up already: not again for the grid and team health.
    team.__dict__["checked"] = before
    return team


# -------------------------------------------------------------------------- registry

Check = Callable[[TeamContext], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule of team health: its check, and what the panel says about it."""

    key: str
    title: Promise | str
    severity: str
    citation: Citation
    fixed_in: Promise | str
    find: Check

    def check(self, team: TeamContext) -> list[HealthWarning]:
        """The rule's findings on the team, each under the rule's key and, unless the
        finding says otherwise, the rule's severity."""
        key, severity = self.key, self.severity
        warnings = []
        # The findings on a task or a person come as this rule's warnings already
        # (``TeamContext.on_task``, ``on_person``): a page makes a couple of hundred.
        outer, team.checking = team.checking, (key, severity)
        try:
            for found in self.find(team):
                if type(found) is not HealthWarning:
                    # The finding's own fields (all of them, as ``made`` sets them), with
                    # the rule's key and severity, set at once.
                    warning = new(HealthWarning)
                    warning.__dict__.update(
                        found.__dict__, rule=key, severity=found.severity or severity
                    )
                    found = warning
                warnings.append(found)
        finally:
            team.checking = outer
        return warnings


# The rules of team health, in the order the panel shows them.
HEALTH_RULES: dict[str, Rule] = {}


def cites(section: Promise | str, quote: Promise | str) -> Callable[[Check], Check]:
    """The passage of the report a check follows (its section and a short quote), for
    ``rule`` above it: ``@cites(section, quote)`` right under the rule's row."""

    def attach(check: Check) -> Check:
        check.citation = Citation(section, quote)
        return check

    return attach


def rule(
    key: str, severity: str, fixed_in: Promise | str, title: Promise | str
) -> Callable[[Check], Check]:
    """Register a check as a rule of team health, one row a rule:
    ``@rule(key, severity, fixed_in, title)`` over the check's ``@cites``. ``severity`` is
    the rule's worst finding, ``fixed_in`` the page the panel sends the user to."""

    def register(check: Check) -> Check:
        if key in HEALTH_RULES:
            raise ValueError(f"Team-health rule {key!r} is registered twice.")
        citation = getattr(check, "citation", None)
        if citation is None:
            # Team health decides for the user: every rule follows the report and says where.
            raise ValueError(f"Team-health rule {key!r} cites no passage of the report.")
        HEALTH_RULES[key] = Rule(key, title, severity, citation, fixed_in, check)
        return check

    return register


# ----------------------------------------------------------------------------- result


@dataclass
class HealthRule:
    """The findings of one rule, with what the panel says about the rule."""

    rule: str
    label: str
    severity: str
    warnings: list[HealthWarning]
    citation: Citation | None = None
    fixed_in: str = ""


@dataclass
class TeamHealth:
    """Every team-health finding of a school, computed from the current data."""

    warnings: list[HealthWarning] = field(default_factory=list)
    task_count: int = 0
    people_count: int = 0
    # Assignments of the school whose mandates wait for approval, counted from the rows
    # health reads: the team page shows the number without a query of its own.
    unapproved: int = 0
    # The panel's HTML by how it is shown (``{% health_panel_rules %}``), written once for
    # these findings in this language: shared by every ``TeamHealth`` that gives them again.
    written: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_healthy(self) -> bool:
        return not self.warnings

    def by_rule(self) -> list[HealthRule]:
        """Warnings grouped per rule, rules with findings only, in the panel's order."""
        grouped: dict[str, list[HealthWarning]] = defaultdict(list)
        for warning in self.warnings:
            grouped[warning.rule].append(warning)
        rules = []
        for key, registered in HEALTH_RULES.items():
            found = grouped.get(key)
            if found:
                severity = min((w.severity for w in found), key=SEVERITY_ORDER.__getitem__)
                rules.append(
                    HealthRule(
                        key,
                        str(registered.title),
                        severity,
                        found,
                        registered.citation,
                        str(registered.fixed_in),
                    )
                )
        return rules

    def rule_keys(self) -> set[str]:
        return {warning.rule for warning in self.warnings}

    def count(self, severity: str | None = None) -> int:
        if severity is None:
            return len(self.warnings)
        return sum(1 for w in self.warnings if w.severity == severity)

    def for_rule(self, rule: str) -> list[HealthWarning]:
        return [w for w in self.warnings if w.rule == rule]


def team_health(
    *,
    school: School,
    people: list[TeamMember] | None = None,
    team: TeamContext | None = None,
) -> TeamHealth:
    """Check the school's team against every rule in ``HEALTH_RULES`` (three queries; two
    with ``people``, the school's ``team_people`` a page has read already; none with
    ``team``, the school's ``team_context`` a page has read already).

    Group-level tasks covered by a group-level person serving the school count as
    covered like any other. Where the rows read are those checked last (``checked``),
    their findings are given again.
    """
    if team is None:
        if people is None:
            people = team_people(school=school)
        read = _narrow_rows(school=school, entry_fields=HEALTH_ENTRY_FIELDS)
        rows = _rows_read(people, HEALTH_ENTRY_FIELDS, *read)
        before = checked(school, rows)
        if before is not None:
            return before.health()
        team = _narrow_context(
            school=school, people=people, entry_fields=HEALTH_ENTRY_FIELDS, every=False, rows=read
        )
    else:
        rows = team.rows
        before = team.checked
        if before is not None:
            return before.health()
    warnings: list[HealthWarning] = []
    for registered in HEALTH_RULES.values():
        warnings.extend(registered.check(team))
    health = TeamHealth(
        warnings=warnings,
        task_count=len(team.entries),
        people_count=len(team.people),
        unapproved=team.unapproved,
    )
    if rows is not None:
        team.__dict__["checked"] = _keep_checked(school, rows, health, team)
    return health


# The team page's people and findings by the school's change token, and by what the
# findings are written in and with (the language, the school's address, the rules): the
# same while no row of the school changes. At most 64 schools.
_TEAM_PAGES: Kept[tuple, tuple[TeamPeople, TeamHealth]] = Kept(64)


def team_page(*, school: School) -> tuple[TeamPeople, TeamHealth]:
    """The team page's people (``team_people``) and their health (``team_health``): one
    query, the school's change token, while they are kept; else four. Kept people are
    shared: read, never changed; the findings come in a list of their own."""

    def read() -> tuple[TeamPeople, TeamHealth]:
        people = team_people(school=school)
        return people, team_health(school=school, people=people)

    people, health = kept_by_token(
        _TEAM_PAGES,
        school,
        read,
        school.slug,
        get_language(),
        get_urlconf(),
        get_script_prefix(),
        tuple(HEALTH_RULES.values()),
    )
    return people, TeamHealth(
        list(health.warnings),
        health.task_count,
        health.people_count,
        health.unapproved,
        written=health.written,
    )


class Checked:
    """A school's team as team health checked it last: the rows read, the rules that
    checked them, the findings and counts, the context the rules read (``context``, given
    again to the matrix: ``matrix_context``) and what pages wrote from those rows
    (``written``: the health panel, the matrix's grid), by what and how they wrote it."""

    __slots__ = ("rules", "rows", "warnings", "counts", "written", "context")

    def __init__(self, rules: tuple, rows: tuple, health: TeamHealth, context: TeamContext) -> None:
        self.rules, self.rows, self.context = rules, rows, context
        self.warnings = tuple(health.warnings)
        self.counts = (health.task_count, health.people_count, health.unapproved)
        self.written = health.written

    def health(self) -> TeamHealth:
        """The findings again, in a list of their own."""
        return TeamHealth(list(self.warnings), *self.counts, written=self.written)


# The team last checked, by school, language and addresses (``Checked``). The rules'
# findings follow from the rows read (the people, the team's tasks with their titles,
# the assignments), the reader's language (their words) and the school's address (their
# links) alone: where a page reads the same rows again, the findings are the same, and
# are given again rather than worked out anew (the fourteen rules and their couple of
# hundred findings, a fifth of the team's pages), and so is what was written from them.
# A change of any row, of the language or of the rules checks the team again. Bounded as
# ``schools.kept.Kept``, dropped all at once when full: an entry holds its rows, the
# matrix's context and what was written from them (its grid's clusters, up to a
# megabyte for a large school), so sixteen schools at most.
_CHECKED: dict[tuple, Checked] = {}
_CHECKED_MOST = 16


def _checked_key(school: School, rows: tuple) -> tuple:
    # The entries' fields too: the team page and the matrix read them differently, and
    # each keeps its own.
    language, urls = get_language(), (get_urlconf(), get_script_prefix())
    return (school.pk, school.slug, language, *urls, rows[0])


def checked(school: School, rows: tuple | None) -> Checked | None:
    """The school's team as checked last, where it was read as ``rows`` (``TeamContext.rows``)
    by the same rules; None for rows not checked (or unknown)."""
    if rows is None:
        return None
    kept = _CHECKED.get(_checked_key(school, rows))
    if kept is None:
        return None
    rules, current = kept.rules, tuple(HEALTH_RULES.values())
    # The same rules (not only their keys), then the rows, compared value by value.
    if len(rules) != len(current) or not all(map(is_, rules, current)) or kept.rows != rows:
        return None
    return kept


def _keep_checked(school: School, rows: tuple, health: TeamHealth, context: TeamContext) -> Checked:
    if len(_CHECKED) >= _CHECKED_MOST:
        _CHECKED.clear()
    # The context only where it is the matrix's (every assignment of the school): the team
    # page's is not read again.
    kept = _CHECKED[_checked_key(school, rows)] = Checked(
        tuple(HEALTH_RULES.values()), rows, health, context if context.every else None
    )
    return kept
