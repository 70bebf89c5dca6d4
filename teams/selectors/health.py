"""Team health: what the report warns about, computed from the database on every page.

Each rule is one small function registered in ``HEALTH_RULES`` with its title, its
severity, the passage of the report it follows and where it is fixed. A rule reads a
``TeamContext``: the school's team, its tasks and its assignments, loaded once (three
queries) before any rule runs, so adding a rule never adds a query.
"""

from __future__ import annotations

from collections import Counter
from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import MISSING
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from decimal import Decimal
from functools import cached_property
from operator import attrgetter
from typing import NamedTuple

from django.db import router
from django.db.models import BooleanField
from django.db.models import ExpressionWrapper
from django.db.models import Q
from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.compiled import compiled_rows
from schools.compiled import made
from schools.compiled import row_instance
from schools.models import School
from schools.reversing import process_urls
from schools.reversing import row_url_for
from tasks.models import COMPETENCE_FIELDS
from tasks.models import TEXT_LANGUAGES
from tasks.models import Cluster
from tasks.models import Competence
from tasks.models import ListTask
from tasks.models import Task
from tasks.models import text_languages
from teams.models import Assignment
from teams.models import Level
from teams.models import Person
from teams.models import PersonRole
from teams.selectors.matrix import team_task_entries
from teams.selectors.matrix import team_tasks
from teams.selectors.people import COMPETENCE_LEVEL_FIELDS
from teams.selectors.people import ZERO
from teams.selectors.people import TeamMember
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
    ) -> Finding:
        """A finding on one task, fixed on the task's assignments page and shown in its
        cluster: its message names the task (``task``) and the person (``person``)."""
        named = self._named.get(entry.id) or self._name(entry)
        names = {"task": named[0], "person": person.name if person else "", **params}
        # A page makes a couple of hundred of these: every field set at once.
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

    def _name(self, entry: ListTask) -> tuple[str, str, str]:
        """A task's title, address and cluster as its findings give them: a task the
        rules find something on is often named by several of them, and a new team's
        findings name nearly every task, so each is worked out once a page, with the
        title's fields and the address around the task's id worked out once."""
        task = entry.task
        title = next(filter(None, self._titles(task)), "")
        named = self._named[entry.id] = (f"{task.code} {title}", self.task_url(entry), task.cluster)
        return named

    def on_person(self, member: TeamMember, message: str, **params: object) -> Finding:
        """A finding on one person, fixed in the matrix filtered on them: its message
        names them (``person``)."""
        return made(
            Finding,
            message=message % {"person": member.name, **params},
            url=self.matrix_url(f"person={member.pk}"),
            entry=None,
            person=member.person,
            cluster="",
            severity=None,
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
    db = router.db_for_read(ListTask)
    rows = compiled_rows(
        _team_entry_rows,
        options={"task_fields": task_fields, "entry_fields": entry_fields},
        convert=True,
        school_id=school.pk,
    )
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


def _narrow_context(
    *, school: School, people: list[TeamMember] | None, entry_fields: tuple[str, ...], every: bool
) -> TeamContext:
    if people is None:
        people = team_people(school=school)
    entries = team_entries(school=school, task_fields=HEALTH_TASK_FIELDS, entry_fields=entry_fields)
    persons = {member.pk: member.person for member in people}
    by_task: dict[int, list[HeldAssignment]] = defaultdict(list)
    unapproved = 0
    make = HeldAssignment._make
    waiting_at = HeldAssignment._fields.index("waiting")
    everyone: list[HeldAssignment] = []
    for row in compiled_rows(_health_assignment_rows, convert=True, school_id=school.pk):
        if row[waiting_at]:
            unapproved += 1
        person = persons.get(row[0])
        if person is not None:
            held = make((*row, person))
            by_task[row[1]].append(held)
        elif every:
            held = make((*row, None))
        else:
            continue
        if every:
            everyone.append(held)
    return TeamContext(
        school=school,
        people=people,
        entries=entries,
        by_task=dict(by_task),
        unapproved=unapproved,
        every=everyone,
    )


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
    assignments) cost the page more to build than the grid and the rules take to read."""
    return _narrow_context(
        school=school, people=people, entry_fields=MATRIX_ENTRY_FIELDS, every=True
    )


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
        for found in self.find(team):
            # The finding's own fields (all of them, as ``made`` sets them), with the
            # rule's key and severity, set at once: a page makes a couple of hundred.
            warning = new(HealthWarning)
            warning.__dict__.update(found.__dict__, rule=key, severity=found.severity or severity)
            warnings.append(warning)
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


def _needs_only_technical(task) -> bool:
    return task.needs_technical and not (
        task.needs_pedagogical or task.needs_policy or task.needs_administrative
    )


CH1_CORE = gettext_lazy("Chapter 1, Core tasks of the ICT coordinator")
CH1_TWO_TYPES = gettext_lazy("Chapter 1, Two types of ICT coordinators")
CH2_COMPOSITION = gettext_lazy("Chapter 2, ICT team composition and division of tasks")
CH2_CONCLUSION = gettext_lazy("Chapter 2, Conclusion: a new model (Figure 5)")
CH2_EXPERTISE = gettext_lazy("Chapter 2, Division of tasks based on expertise and talent")
CH2_GROUP = gettext_lazy("Chapter 2, A strong role for the school group or community")
MANDATES_QUOTE = gettext_lazy(
    "Clear mandates: clarity about who is allowed to make which decisions, who will "
    "implement ICT tasks and who directs and follows up everything, and who is appointed "
    "as the lead and point of contact."
)
FIX_MATRIX = gettext_lazy("the tasks × people matrix")
FIX_TASK = gettext_lazy("the task's mandates")
FIX_PEOPLE = gettext_lazy("the team's people and their roles")


# --------------------------------------------------------------- rules on the tasks


@rule("cluster_uncovered", Severity.DANGER, FIX_MATRIX, gettext_lazy("Clusters left to nobody"))
@cites(
    CH2_CONCLUSION,
    gettext_lazy(
        "An entire team is responsible for the four clusters of tasks that make up ICT "
        "coordination."
    ),
)
def cluster_uncovered(team: TeamContext) -> Iterator[Finding]:
    present: Counter[str] = Counter()
    executed: set[str] = set()
    executors = team._executors
    for entry, task in team.tasks:
        present[task.cluster] += 1
        if entry.id in executors:
            executed.add(task.cluster)
    labels = dict(Cluster.choices)
    for cluster in Cluster.values:
        if present.get(cluster) and cluster not in executed:
            yield Finding(
                _(
                    "The %(cluster)s cluster is left to nobody: none of its %(n)d tasks has "
                    "someone executing it."
                )
                % {"cluster": labels[cluster], "n": present[cluster]},
                team.matrix_url(f"cluster={cluster}"),
                cluster=cluster,
            )


@rule("core_not_executed", Severity.DANGER, FIX_TASK, gettext_lazy("Core tasks nobody executes"))
@cites(
    CH1_CORE,
    gettext_lazy(
        "Tasks which are of strategic importance to the school: crucial to respond quickly, "
        "and on a daily basis, to problems with the ICT infrastructure."
    ),
)
def core_not_executed(team: TeamContext) -> Iterator[Finding]:
    message = _("Core task “%(task)s”: nobody executes it.")
    for entry, task in team.tasks:
        if task.is_core and not team.executors(entry):
            yield team.on_task(entry, message)


@rule("over_hours", Severity.DANGER, FIX_MATRIX, gettext_lazy("People over their available hours"))
@cites(
    gettext_lazy("Chapter 1, Resources for ICT coordination"),
    gettext_lazy(
        "The amount of the available resources determines how many tasks can be taken up "
        "and in what depth and specialisation."
    ),
)
def over_hours(team: TeamContext) -> Iterator[Finding]:
    for member in team.people:
        if not member.over_hours:
            continue
        # Over their hours for this school, or else over across the schools they serve.
        if member.hours_used > member.hours_available:
            message = _(
                "%(person)s has %(used)s hours of tasks here but %(available)s hours "
                "available for this school."
            )
            used, available = member.hours_used, member.hours_available
        else:
            message = _(
                "%(person)s has %(used)s hours of tasks across schools but %(available)s "
                "hours available."
            )
            used, available = member.hours_used_total, member.hours_available_total
        yield team.on_person(member, message, used=used, available=available)


@rule("no_backup", Severity.DANGER, FIX_TASK, gettext_lazy("Single points of failure: no backup"))
@cites(
    CH2_GROUP,
    gettext_lazy(
        "This avoids having all the knowledge reside with a single person, which entails "
        "all the attendant risks should this person be absent."
    ),
)
def no_backup(team: TeamContext) -> Iterator[Finding]:
    # Translated once, not once per finding: a new team has a finding on most tasks.
    message = _("Only %(person)s executes “%(task)s” and nobody backs them up.")
    facts = team.facts
    for entry, task in team.tasks:
        executors, _leads, _decided, backed = facts.get(entry.id, NO_FACTS)
        if len(executors) == 1 and not backed:
            yield team.on_task(
                entry,
                message,
                person=executors[0].person,
                severity=Severity.DANGER if task.is_core else Severity.WARNING,
            )


@rule(
    "lead_count",
    Severity.WARNING,
    FIX_TASK,
    gettext_lazy("Tasks without exactly one lead and contact point"),
)
@cites(CH2_CONCLUSION, MANDATES_QUOTE)
def lead_count(team: TeamContext) -> Iterator[Finding]:
    none = _("“%(task)s” has no lead and contact point.")
    several = _("“%(task)s” has %(n)d leads: a task needs exactly one.")
    facts = team.facts
    for entry in team.entries:
        leads = facts.get(entry.id, NO_FACTS).leads
        if not leads:
            yield team.on_task(entry, none)
        elif leads > 1:
            yield team.on_task(entry, several, n=leads)


@rule(
    "no_decider", Severity.WARNING, FIX_TASK, gettext_lazy("Tasks whose decisions nobody may take")
)
@cites(CH2_CONCLUSION, MANDATES_QUOTE)
def no_decider(team: TeamContext) -> Iterator[Finding]:
    message = _("Nobody may take the decisions on “%(task)s”.")
    facts = team.facts
    for entry in team.entries:
        if not facts.get(entry.id, NO_FACTS).decided:
            yield team.on_task(entry, message)


@rule("competence_mismatch", Severity.WARNING, FIX_TASK, gettext_lazy("Competence mismatches"))
@cites(
    CH2_EXPERTISE,
    gettext_lazy(
        "The division of tasks in strong ICT teams is based on the talents, competencies, "
        "expertise, and skills of the people present at the school."
    ),
)
def competence_mismatch(team: TeamContext) -> Iterator[Finding]:
    labels = {key: str(label) for key, label in Competence.choices}
    message = _("%(person)s executes “%(task)s” without the %(competences)s competences it needs.")
    # What each task needs and what each person lacks, worked out once, not per assignment.
    needs: dict[int, list[str]] = {}
    lacks: dict[int, set[str]] = {}
    for entry, task, _assignment, person in team.executions():
        needed = needs.get(entry.id)
        if needed is None:
            needed = needs[entry.id] = [
                key for key, task_field in COMPETENCE_FIELDS.items() if getattr(task, task_field)
            ]
        if not needed:
            continue
        lacking = lacks.get(person.id)
        if lacking is None:
            lacking = lacks[person.id] = {
                key
                for key, level_field in COMPETENCE_LEVEL_FIELDS.items()
                if getattr(person, level_field) == Level.NONE
            }
        missing = [labels[key] for key in needed if key in lacking]
        if missing:
            yield team.on_task(entry, message, person=person, competences=", ".join(missing))


@rule(
    "strategic_on_technical",
    Severity.INFO,
    FIX_TASK,
    gettext_lazy("Technical-only tasks held by strategic people: delegate or outsource"),
)
@cites(
    gettext_lazy("Chapter 1, Tasks that can also (or even better) be taken on by others"),
    gettext_lazy(
        "Tasks which are not of strategic importance to the school; for which only technical "
        "competences are needed; can also be taken on (or even better) by others."
    ),
)
def strategic_on_technical(team: TeamContext) -> Iterator[Finding]:
    strategic = team._strategic
    message = _(
        "%(person)s holds the technical-only task “%(task)s”: a candidate to delegate or outsource."
    )
    for entry, task, assignment, person in team.executions():
        if assignment.person_id in strategic and not task.is_core and _needs_only_technical(task):
            yield team.on_task(entry, message, person=person)


# ---------------------------------------------------------- rules on the report's roles

# The ICT policy team of chapter 2; the head of ICT is a technical ICT coordinator.
TECHNICAL_ROLES = (PersonRole.TECHNICAL_COORDINATOR, PersonRole.HEAD_OF_ICT)


@rule(
    "policy_team_incomplete",
    Severity.WARNING,
    FIX_PEOPLE,
    gettext_lazy("The ICT policy team misses management or a technical ICT coordinator"),
)
@cites(
    CH2_COMPOSITION,
    gettext_lazy(
        "Actors that are usually inextricably linked to the school ICT team are management "
        "and the pedagogical and technical ICT coordinator(s). This group is often called "
        "the ICT policy team."
    ),
)
def policy_team_incomplete(team: TeamContext) -> Iterator[Finding]:
    """Management and a technical ICT coordinator, at school level or serving it from the
    group. (The pedagogical corner of the triangle is its own rule, ``no_pedagogical``.)
    An empty team is not checked: there is no team yet to speak about."""
    if not team.people:
        return
    if not team.with_role(PersonRole.MANAGEMENT):
        yield team.on_team(
            _(
                "Nobody in the team is management (a director with the ICT focus): "
                "management is one corner of the ICT policy team."
            )
        )
    if not team.with_role(*TECHNICAL_ROLES):
        yield team.on_team(
            _(
                "Nobody in the team is a technical ICT coordinator, at school or at group "
                "level: the technical ICT coordinator is one corner of the ICT policy team."
            )
        )


# Catalogue tasks on which management decides: the vision, the ICT policy plan and the
# mandates ("Irrespective of school size, the management or management team is
# responsible for outlining the school vision and elaborating, implementing, and
# following up on the ICT policy plan"; "It is up to management to continue to ensure
# there is a clear division of tasks and clear mandates").
MANAGEMENT_DECIDES = frozenset(
    {"POL-VIS-01", "POL-VIS-02", "POL-VIS-03", "POL-VIS-05", "POL-TEAM-06"}
)


@rule(
    "management_not_deciding",
    Severity.WARNING,
    FIX_TASK,
    gettext_lazy("Vision, policy plan or mandates decided without management"),
)
@cites(
    gettext_lazy("Chapter 2, ICT team composition: Management"),
    gettext_lazy(
        "The management or management team is responsible for outlining the school vision "
        "and elaborating, implementing, and following up on the ICT policy plan."
    ),
)
def management_not_deciding(team: TeamContext) -> Iterator[Finding]:
    """Someone decides these tasks, but not management (no decider at all is
    ``no_decider``)."""
    for entry, task in team.tasks:
        if task.code not in MANAGEMENT_DECIDES:
            continue
        deciders = [a.person for a in team.held(entry) if a.decides]
        if deciders and not any(PersonRole.MANAGEMENT in p.roles for p in deciders):
            message = _(
                "%(people)s decide(s) on “%(task)s”: the vision, the ICT policy plan and the "
                "mandates are management's decision."
            )
            people = ", ".join(p.name for p in deciders)
            yield team.on_task(entry, message, person=deciders[0], people=people)


@rule(
    "no_pedagogical",
    Severity.WARNING,
    FIX_PEOPLE,
    gettext_lazy("No pedagogical ICT coordinator in the school"),
)
@cites(
    gettext_lazy("Chapter 2, ICT team composition: Pedagogical ICT coordinator"),
    gettext_lazy(
        "The third core member of the ICT team is the pedagogical ICT coordinator. This role "
        "is not yet being implemented in all (small) schools. Rather, it usually occurs at "
        "the level of the school group or community."
    ),
)
def no_pedagogical(team: TeamContext) -> Iterator[Finding]:
    """None at all is a warning; only one at group level is worth knowing (info): the
    report's model has the triangle both at group and at school level."""
    if not team.people or team.with_role(PersonRole.PEDAGOGICAL_COORDINATOR, group_level=False):
        return
    at_group = team.with_role(PersonRole.PEDAGOGICAL_COORDINATOR, group_level=True)
    if at_group:
        message = _(
            "The pedagogical ICT coordinator works at group level only (%(people)s): the "
            "report's model also has one in the school, ideally a part-time teacher."
        )
        people = ", ".join(m.name for m in at_group)
        yield team.on_team(message % {"people": people}, severity=Severity.INFO)
    else:
        yield team.on_team(
            _(
                "Nobody in the team is a pedagogical ICT coordinator: the didactic side of "
                "ICT has no one to translate it into the school's policy and classrooms."
            )
        )


def _executed_by(team: TeamContext, cluster: str) -> tuple[int, dict[int, int]]:
    """How many of a cluster's tasks someone executes, and how many each person executes."""
    executed = 0
    per_person: dict[int, int] = defaultdict(int)
    executing = team._executors
    for entry, task in team.tasks:
        if task.cluster != cluster:
            continue
        executors = {a.person_id for a in executing.get(entry.id, ())}
        if executors:
            executed += 1
        for person_id in executors:
            per_person[person_id] += 1
    return executed, per_person


@rule(
    "both_profiles",
    Severity.WARNING,
    FIX_MATRIX,
    gettext_lazy("One person carries both the technical and the pedagogical work"),
)
@cites(
    CH1_TWO_TYPES,
    gettext_lazy(
        "Most technical ICT coordinators do not always turn out to be the most socially and "
        "educationally strong people. It is not self-evident to do both."
    ),
)
def both_profiles(team: TeamContext) -> Iterator[Finding]:
    """Someone executes more than half of the executed technical tasks and more than half
    of the executed pedagogical ones: the two profiles of chapter 1 in one person."""
    technical, tech_by = _executed_by(team, Cluster.TECHNICAL)
    pedagogical, ped_by = _executed_by(team, Cluster.PEDAGOGICAL)
    if not technical or not pedagogical:
        return
    message = _(
        "%(person)s executes %(tech)d of the %(tech_all)d technical and %(ped)d of the "
        "%(ped_all)d pedagogical tasks: the report finds the two profiles rarely in one "
        "person; share one side."
    )
    for member in team.people:
        tech, ped = tech_by.get(member.pk, 0), ped_by.get(member.pk, 0)
        if 2 * tech > technical and 2 * ped > pedagogical:
            counts = {"tech": tech, "tech_all": technical, "ped": ped, "ped_all": pedagogical}
            yield team.on_person(member, message, **counts)


@rule(
    "policy_outside_team",
    Severity.WARNING,
    FIX_TASK,
    gettext_lazy("Core policy tasks executed outside the ICT policy team"),
)
@cites(
    CH2_CONCLUSION,
    gettext_lazy("Policy and vision development is carried out by the ICT policy team."),
)
def policy_outside_team(team: TeamContext) -> Iterator[Finding]:
    """Core policy tasks only: Table 2 lets teachers take the other policy tasks
    (motivating colleagues, project work, ICT days and fairs)."""
    message = _(
        "%(person)s executes the policy task “%(task)s” but is not in the ICT policy team "
        "(management, technical or pedagogical ICT coordinator)."
    )
    strategic = team._strategic
    for entry, task, assignment, person in team.executions():
        if (
            task.cluster == Cluster.POLICY
            and task.is_core
            and assignment.person_id not in strategic
        ):
            yield team.on_task(entry, message, person=person)


@rule(
    "technical_on_policy",
    Severity.INFO,
    FIX_MATRIX,
    gettext_lazy("Technical ICT coordinators spending most hours on policy"),
)
@cites(
    CH1_TWO_TYPES,
    gettext_lazy(
        "The technical ICT coordinator combines very strong technical competences, with the "
        "necessary policy-making and administrative skills."
    ),
)
def technical_on_policy(team: TeamContext) -> Iterator[Finding]:
    """More than half of a technical ICT coordinator's hours here go to policy tasks."""
    coordinators = team.with_role(PersonRole.TECHNICAL_COORDINATOR)
    if not coordinators:
        return
    # Only the coordinators' hours are added up, not the whole team's.
    counted = {member.pk for member in coordinators}
    hours: dict[int, Decimal] = defaultdict(Decimal)
    policy: dict[int, Decimal] = defaultdict(Decimal)
    on_policy_tasks = {entry.id for entry, task in team.tasks if task.cluster == Cluster.POLICY}
    for assignment in team.assignments:
        if assignment.person_id not in counted:
            continue
        hours[assignment.person_id] += assignment.hours
        if assignment.list_task_id in on_policy_tasks:
            policy[assignment.person_id] += assignment.hours
    message = _(
        "%(person)s, technical ICT coordinator, spends %(policy)s of %(hours)s hours on "
        "policy tasks: the technical work needs them first; share the policy work within the "
        "ICT policy team."
    )
    for member in coordinators:
        total = hours.get(member.pk, ZERO)
        on_policy = policy.get(member.pk, ZERO)
        if total > 0 and 2 * on_policy > total:
            yield team.on_person(member, message, policy=on_policy, hours=total)


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
    covered like any other.
    """
    if team is None:
        team = health_context(school=school, people=people)
    warnings: list[HealthWarning] = []
    for registered in HEALTH_RULES.values():
        warnings.extend(registered.check(team))
    return TeamHealth(
        warnings=warnings,
        task_count=len(team.entries),
        people_count=len(team.people),
        unapproved=team.unapproved,
    )
