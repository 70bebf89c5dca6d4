"""The team's tasks and the tasks × people matrix of mandates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)

from schools.access import Owner, owner_kwargs
from schools.models import School
from tasks.models import Cluster, ListTask, localized, localized_lookup
from tasks.selectors import cluster_rank
from teams.models import (
    Assignment,
    Person,
)
from teams.selectors.people import MANDATE_LETTERS, ZERO, TeamMember, team_people


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


@dataclass(frozen=True)
class MatrixFilters:
    """Filters of the matrix, like the task list's: cluster, core, person, uncovered."""

    q: str = ""
    cluster: str = ""
    core: bool | None = None
    person: int | None = None
    uncovered: bool = False

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


@dataclass
class MatrixRow:
    entry: ListTask
    cells: list[MatrixCell]

    @property
    def task(self):
        return self.entry.task

    @property
    def assignments(self) -> list[Assignment]:
        return [cell.assignment for cell in self.cells if cell.assignment is not None]

    @property
    def executors(self) -> list[Person]:
        return [cell.person for cell in self.cells if cell.executes]

    @property
    def lead(self) -> Person | None:
        return next((cell.person for cell in self.cells if cell.lead), None)

    @property
    def hours(self) -> Decimal:
        return sum((a.hours for a in self.assignments), ZERO)


@dataclass
class MatrixCluster:
    cluster: str
    label: str
    rows: list[MatrixRow]


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
    return condition


def team_matrix(*, school: School, filters: MatrixFilters | None = None) -> TeamMatrix:
    """The tasks × people matrix of a school: three queries whatever its size.

    Rows are the team's tasks (``team_tasks``) matching the filters, grouped by cluster
    in the report's order; columns are every team member (``team_people``); each cell
    holds the assignment of that person on that task, if any.
    """
    filters = filters or MatrixFilters()
    people = team_people(school=school)
    rows = team_tasks(owner=school).filter(_matrix_condition(filters))
    entries = list(rows)
    # A subquery rather than a list of ids: no limit on SQL parameters for large lists.
    by_cell = {
        (a.list_task_id, a.person_id): a
        for a in Assignment.objects.filter(school=school, list_task__in=rows.values("pk"))
    }
    persons = [member.person for member in people]
    clusters: dict[str, MatrixCluster] = {}
    labels = dict(Cluster.choices)
    for entry in entries:
        cluster = entry.task.cluster
        if cluster not in clusters:
            clusters[cluster] = MatrixCluster(cluster, labels.get(cluster, cluster), [])
        cells = [MatrixCell(entry, p, by_cell.get((entry.pk, p.pk))) for p in persons]
        clusters[cluster].rows.append(MatrixRow(entry, cells))
    return TeamMatrix(people=people, clusters=list(clusters.values()))


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
        .order_by(cluster_rank("list_task__task__"), "list_task__task__code", "person__name")
    )
