"""The team's tasks and the tasks × people matrix of mandates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Exists
from django.db.models import Model
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet

from schools.access import Owner
from schools.access import owner_kwargs
from schools.compiled import compiled_rows
from schools.compiled import row_instance
from schools.models import School
from tasks.models import TEXT_LANGUAGES
from tasks.models import Cluster
from tasks.models import ListTask
from tasks.models import Task
from tasks.models import localized
from tasks.models import localized_lookup
from tasks.selectors import ENTRY_FIELDS
from tasks.selectors import TASK_FIELDS
from tasks.selectors import cluster_rank
from tasks.selectors import entries_from_rows
from teams.models import Assignment
from teams.models import Person
from teams.selectors.people import MANDATE_LETTERS
from teams.selectors.people import ZERO
from teams.selectors.people import TeamMember
from teams.selectors.people import team_people

if TYPE_CHECKING:
    # Team health reads the team's tasks from this module: the context only as a type.
    from teams.selectors.health import TeamContext


def team_tasks(*, owner: Owner) -> QuerySet[ListTask]:
    """Entries of a school's (or a group's own) list the team has to cover, in the report's
    cluster order.

    ``ListTask.objects.team_tasks()``: applying, not dropped, and not left to the central
    level of the education system.
    """
    return (
        ListTask.objects.filter(**owner_kwargs(owner))
        .team_tasks()
        .select_related("task")
        .order_by(cluster_rank("task__"), localized("topic", prefix="task__"), "task__code")
    )


def _team_task_rows(owner_id: int, *, kind: type, task_fields: tuple[str, ...]) -> QuerySet:
    # ``team_tasks``' SQL with its ordering (the clusters' CASE, the topic in the reader's
    # language) took Django longer to build and compile than the database takes to run
    # it, on every page that checks the team: ``team_task_entries`` compiles it once.
    return team_tasks(owner=kind(pk=owner_id)).values_list(
        *ENTRY_FIELDS, *(f"task__{name}" for name in task_fields)
    )


def team_task_entries(*, owner: Owner, task_fields: Sequence[str] = TASK_FIELDS) -> list[ListTask]:
    """``team_tasks`` as a list, each entry with its task (one query); of the task only
    ``task_fields`` (its primary key among them), the others deferred.

    A school's 150 entries with their tasks, built row by row as model instances, cost
    several milliseconds on every page that checks the team; built from plain rows they
    cost a third of that, and are the same objects to read.
    """
    task_fields = tuple(task_fields)
    rows = compiled_rows(
        _team_task_rows,
        options={"kind": type(owner), "task_fields": task_fields},
        convert=True,
        owner_id=owner.pk,
    )
    return entries_from_rows(rows, task_fields)


def rows_with_entries(queryset: QuerySet, fields: Sequence[str]) -> list[Model]:
    """The rows of ``queryset`` (fields ``fields``, attribute names), each with its task-list
    entry (``list_task``) and the entry's task: ``select_related("list_task__task")`` built
    from plain rows, as ``team_task_entries`` builds the entries (one query)."""
    rows = queryset.values_list(
        *fields,
        *(f"list_task__{name}" for name in ENTRY_FIELDS),
        *(f"list_task__task__{name}" for name in TASK_FIELDS),
    )
    model, db = queryset.model, rows.db
    entry_at, task_at = len(fields), len(fields) + len(ENTRY_FIELDS)
    found = []
    for row in rows:
        instance = row_instance(model, fields, row[:entry_at], db)
        entry = row_instance(ListTask, ENTRY_FIELDS, row[entry_at:task_at], db)
        entry._state.fields_cache["task"] = row_instance(Task, TASK_FIELDS, row[task_at:], db)
        instance._state.fields_cache["list_task"] = entry
        found.append(instance)
    return found


@dataclass(frozen=True)
class MatrixFilters:
    """Filters of the matrix, like the task list's: cluster, core, person, uncovered."""

    q: str = ""
    cluster: str = ""
    core: bool | None = None
    person: int | None = None
    uncovered: bool = False
    # One task's row (the focused "who does this task" view).
    task: int | None = None

    @property
    def active(self) -> bool:
        return bool(
            self.q or self.cluster or self.core is not None or self.person or self.uncovered
        )


@dataclass
class MatrixCell:
    """The mandates of one person on one task (no assignment: no mandate)."""

    entry: ListTask
    person: Person
    assignment: Assignment | None = None

    def has(self, mandate: str) -> bool:
        return bool(self.assignment and getattr(self.assignment, mandate))

    @property
    def decides(self) -> bool:
        return self.has("decides")

    @property
    def executes(self) -> bool:
        return self.has("executes")

    @property
    def monitors(self) -> bool:
        return self.has("monitors")

    @property
    def lead(self) -> bool:
        return self.has("lead")

    @property
    def code(self) -> str:
        """The mandates as letters, e.g. "DEL"; empty without an assignment."""
        return mandate_code(self.assignment)

    @property
    def key(self) -> str:
        return f"{self.entry.pk}-{self.person.pk}"


def mandate_code(assignment: Assignment | None) -> str:
    if assignment is None:
        return ""
    return "".join(letter for name, letter in MANDATE_LETTERS.items() if getattr(assignment, name))


class MatrixRow:
    """A task's row: its entry and, for the people shown as columns, its cells.

    The grid's row holds the task's assignments by person (``held``, only the people
    shown) and builds its cells when they are asked for: a cluster of the grid is
    hundreds of cells, most of them empty, and the page writes them from ``held`` and
    the columns (``{% matrix_rows %}``) without a cell object each.
    """

    __slots__ = ("entry", "task", "persons", "held", "_cells")

    def __init__(
        self,
        entry: ListTask,
        cells: list[MatrixCell] | None = None,
        *,
        persons: Sequence[Person] = (),
        held: dict[int, Assignment] | None = None,
    ) -> None:
        self.entry = entry
        self.task = entry.task
        if cells is not None:
            persons = [cell.person for cell in cells]
            held = {
                cell.person.pk: cell.assignment for cell in cells if cell.assignment is not None
            }
        self.persons = persons
        self.held = held or {}
        self._cells = cells

    @property
    def cells(self) -> list[MatrixCell]:
        """A cell for each person shown, in the columns' order."""
        if self._cells is None:
            entry, held = self.entry, self.held
            self._cells = [MatrixCell(entry, p, held.get(p.pk)) for p in self.persons]
        return self._cells

    def show(self, persons: Sequence[Person], held: dict[int, Assignment]) -> None:
        """Give the row its columns, ``persons``, and the assignments they hold on it."""
        self.persons, self.held, self._cells = persons, held, None

    def __repr__(self) -> str:
        return f"MatrixRow({self.entry!r}, {len(self.persons)} columns)"

    def _holding(self) -> list[tuple[Person, Assignment]]:
        held = self.held
        return [(p, held[p.pk]) for p in self.persons if p.pk in held]

    @property
    def assignments(self) -> list[Assignment]:
        return [a for _, a in self._holding()]

    @property
    def executors(self) -> list[Person]:
        return [p for p, a in self._holding() if a.executes]

    @property
    def lead(self) -> Person | None:
        return next((p for p, a in self._holding() if a.lead), None)

    @property
    def executed(self) -> bool:
        """Whether someone shown executes the task (``executors``, without the list)."""
        return any(a.executes for a in self.held.values())

    @property
    def led(self) -> bool:
        """Whether someone shown leads the task (``lead``, without looking them up)."""
        return any(a.lead for a in self.held.values())

    @property
    def hours(self) -> Decimal:
        return sum((a.hours for a in self.assignments), ZERO)


@dataclass
class MatrixCluster:
    """One cluster's rows. A folded cluster (``loaded`` false) has rows without cells: the
    page shows its counts and loads its cells when it is opened."""

    cluster: str
    label: str
    rows: list[MatrixRow]
    loaded: bool = True
    uncovered: int = 0
    without_lead: int = 0


@dataclass
class TeamMatrix:
    """Tasks × people: rows grouped by cluster, one column per team member."""

    people: list[TeamMember]
    clusters: list[MatrixCluster]

    @property
    def rows(self) -> list[MatrixRow]:
        return [row for group in self.clusters for row in group.rows]

    @property
    def row_count(self) -> int:
        return sum(len(group.rows) for group in self.clusters)


def _matrix_condition(filters: MatrixFilters) -> Q:
    condition = Q()
    for word in filters.q.split():
        condition &= (
            localized_lookup("title", "icontains", word, prefix="task__")
            | Q(task__code__icontains=word)
            | localized_lookup("topic", "icontains", word, prefix="task__")
        )
    if filters.cluster:
        condition &= Q(task__cluster=filters.cluster)
    if filters.core is not None:
        condition &= Q(task__is_core=filters.core)
    if filters.person:
        condition &= Exists(
            Assignment.objects.filter(list_task=OuterRef("pk"), person_id=filters.person)
        )
    if filters.uncovered:
        condition &= ~Exists(Assignment.objects.filter(list_task=OuterRef("pk"), executes=True))
    if filters.task:
        condition &= Q(pk=filters.task)
    return condition


ALL_CLUSTERS = "*"


def team_matrix(
    *,
    school: School,
    filters: MatrixFilters | None = None,
    open_cluster: str = ALL_CLUSTERS,
    person: Person | None = None,
    people: list[TeamMember] | None = None,
    team: TeamContext | None = None,
) -> TeamMatrix:
    """The tasks × people matrix of a school: three queries whatever its size.

    Rows are the team's tasks (``team_tasks``) matching the filters, grouped by cluster
    in the report's order; columns are every team member (``team_people``), or only
    ``person`` for one person's column; each cell holds the assignment of that person
    on that task, if any.

    Only ``open_cluster``'s rows get cells (``ALL_CLUSTERS``: every cluster's; a cluster
    without rows here: the first that has some): a large school's grid of every cluster
    at once is tens of thousands of cells, more than a page should carry. Folded clusters
    keep their rows and counts.

    ``people``: the school's ``team_people`` where the page has read them already (two
    queries then). ``team``: the school's ``matrix_context`` (or ``team_context``) where
    the page has read it for team health; without filters the matrix is built from its
    people, tasks and assignments (no query), with filters it is read as above.
    """
    filters = filters or MatrixFilters()
    if team is not None and not (filters.active or filters.task):
        # The matrix as first shown: every task of the team and every assignment, the
        # rows team health reads (``matrix_context``), read once for both.
        people, entries, assignments = team.people, team.entries, team.every
    else:
        if people is None:
            people = team_people(school=school)
        rows = team_tasks(owner=school).filter(_matrix_condition(filters))
        entries = list(rows)
        # A subquery rather than a list of ids: no limit on SQL parameters for large lists.
        assignments = Assignment.objects.filter(school=school, list_task__in=rows.values("pk"))
    if person is not None:
        people = [member for member in people if member.pk == person.pk]
    persons = [member.person for member in people]
    shown = {p.pk for p in persons}
    # Each task's assignments by person, the people shown only (a row's cells).
    by_task: dict[int, dict[int, Assignment]] = {}
    executed: set[int] = set()
    led: set[int] = set()
    for a in assignments:
        task_id = a.list_task_id
        if a.person_id in shown:
            held = by_task.get(task_id)
            if held is None:
                held = by_task[task_id] = {}
            held[a.person_id] = a
        if a.executes:
            executed.add(task_id)
        if a.lead:
            led.add(task_id)
    present = list(dict.fromkeys(entry.task.cluster for entry in entries))
    if open_cluster != ALL_CLUSTERS and open_cluster not in present:
        open_cluster = present[0] if present else ""
    clusters: dict[str, MatrixCluster] = {}
    labels = dict(Cluster.choices)
    for entry in entries:
        row = MatrixRow(entry)
        cluster = row.task.cluster
        group = clusters.get(cluster)
        if group is None:
            group = clusters[cluster] = MatrixCluster(
                cluster,
                labels.get(cluster, cluster),
                [],
                loaded=open_cluster in (ALL_CLUSTERS, cluster),
            )
        pk = entry.pk
        group.uncovered += pk not in executed
        group.without_lead += pk not in led
        if group.loaded:
            # A folded cluster's rows have no cells.
            row.show(persons, by_task.get(pk, {}))
        group.rows.append(row)
    return TeamMatrix(people=people, clusters=list(clusters.values()))


@dataclass(frozen=True)
class CellState:
    """What a matrix cell holds: its mandates, hours and backup.

    The editor carries the state it showed (``token``); a save compares it with the
    cell's state at that moment, so a change someone made meanwhile is shown, never
    overwritten unseen.
    """

    code: str = ""
    hours: Decimal = ZERO
    backup_id: int | None = None

    @classmethod
    def of(cls, assignment: Assignment | None) -> CellState:
        if assignment is None:
            return cls()
        return cls(mandate_code(assignment), assignment.hours, assignment.backup_id)

    @property
    def token(self) -> str:
        return f"{self.code}|{Decimal(self.hours).normalize():f}|{self.backup_id or ''}"

    @classmethod
    def parse(cls, token: str) -> CellState | None:
        parts = token.split("|")
        if len(parts) != 3 or set(parts[0]) - set(MANDATE_LETTERS.values()):
            return None
        try:
            hours = Decimal(parts[1] or "0")
        except ArithmeticError:
            return None
        if not hours.is_finite() or (parts[2] and not parts[2].isdigit()):
            return None
        code = "".join(letter for letter in MANDATE_LETTERS.values() if letter in parts[0])
        return cls(code, hours, int(parts[2]) if parts[2] else None)


def matrix_cell(*, school: School, entry: ListTask, person: Person) -> Assignment | None:
    """The assignment of one cell, with its backup, or None."""
    return (
        Assignment.objects.filter(school=school, list_task=entry, person=person)
        .select_related("backup")
        .first()
    )


def task_assignments(*, school: School, entry: ListTask) -> list[Assignment]:
    """The assignments on one task of the school, with their people and backups."""
    return list(
        Assignment.objects.filter(school=school, list_task=entry)
        .select_related("person", "backup", "approved_by")
        .order_by("-lead", "person__name")
    )


def pending_approvals(*, school: School) -> QuerySet[Assignment]:
    """Assignments whose mandates the school leader has not approved (yet, or since a change)."""
    return (
        Assignment.objects.filter(school=school, approved_at__isnull=True)
        .select_related("person", "list_task__task")
        # What the page shows of each: a long list of full tasks and people (every text
        # of the catalogue in both languages) cost more to load than to show.
        .only(
            "decides",
            "executes",
            "monitors",
            "lead",
            "hours",
            "person__name",
            "list_task__task__code",
            *(f"list_task__task__title_{code}" for code in TEXT_LANGUAGES),
        )
        .order_by(cluster_rank("list_task__task__"), "list_task__task__code", "person__name")
    )
