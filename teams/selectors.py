"""Reads of the ICT team: people, the tasks × people matrix, team health, role profiles.

Every function runs a fixed number of SQL queries whatever the size of the team or the
task list: data is loaded in a few set-based queries and combined in Python. Nothing is
cached between requests, so team health is recomputed from the database on every page.

The team's tasks are the entries of the school's own task list that apply, are not
dropped and are not left to the central level (see ``team_tasks``). Tasks the school
placed at group level (``ListLevel.SCHOOL_GROUP``) stay on the school's list and are
covered by group-level people who serve the school.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    DecimalField,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.models import School
from tasks.models import COMPETENCE_FIELDS, Cluster, Competence, Horizon, ListLevel, ListTask
from tasks.selectors import cluster_rank
from teams.models import (
    Agreement,
    Assignment,
    ConsultationGroup,
    Level,
    Person,
    PersonSchool,
)

ZERO = Decimal("0")
HOURS_OUTPUT = DecimalField(max_digits=7, decimal_places=1)

# Person fields holding the self-assessed competence and motivation per cluster.
COMPETENCE_LEVEL_FIELDS = {key: f"competence_{key}" for key in Competence.values}
MOTIVATION_LEVEL_FIELDS = {key: f"motivation_{key}" for key in Cluster.values}

# Short cluster names for compact competence badges.
CLUSTER_SHORT = {
    "technical": gettext_lazy("Tech"),
    "pedagogical": gettext_lazy("Ped"),
    "policy": gettext_lazy("Pol"),
    "administrative": gettext_lazy("Adm"),
}

# Mandate letters used by the matrix and the workbook: Decides, Executes, Monitors, Lead.
MANDATES = ("decides", "executes", "monitors", "lead")
MANDATE_LETTERS = {"decides": "D", "executes": "E", "monitors": "M", "lead": "L"}
MANDATE_LABELS = {
    "decides": gettext_lazy("decides"),
    "executes": gettext_lazy("executes"),
    "monitors": gettext_lazy("directs and follows up"),
    "lead": gettext_lazy("lead and contact point"),
}


# --- people -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TeamMember:
    """A person of a school's team with their hours for this school.

    ``hours_available`` and ``hours_used`` are for this school: a group-level person's
    share of hours in it, and the hours of their assignments here. The ``*_total``
    values cover every school a group-level person serves (equal for school people).
    """

    person: Person
    is_group_level: bool
    hours_available: Decimal
    hours_used: Decimal
    hours_available_total: Decimal
    hours_used_total: Decimal

    @property
    def pk(self) -> int:
        return self.person.pk

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def over_hours(self) -> bool:
        return (
            self.hours_used > self.hours_available
            or self.hours_used_total > self.hours_available_total
        )

    @property
    def hours_free(self) -> Decimal:
        return self.hours_available - self.hours_used

    @property
    def usage_percent(self) -> int:
        """Share of the available hours in use, for a progress bar (capped at 100)."""
        if self.hours_available <= 0:
            return 100 if self.hours_used > 0 else 0
        return min(100, int(self.hours_used * 100 / self.hours_available))

    def competence(self, key: str) -> int:
        return getattr(self.person, COMPETENCE_LEVEL_FIELDS[key])

    def motivation(self, key: str) -> int:
        return getattr(self.person, MOTIVATION_LEVEL_FIELDS[key])

    @property
    def competence_profile(self) -> list[dict]:
        """Competence and motivation per cluster, in the report's cluster order."""
        return competence_profile(self.person)


def competence_profile(person: Person) -> list[dict]:
    """A person's level and motivation per cluster, for pages and role descriptions."""
    return [
        {
            "cluster": key,
            "label": label,
            "short": CLUSTER_SHORT[key],
            "level": getattr(person, COMPETENCE_LEVEL_FIELDS[key]),
            "level_label": Level(getattr(person, COMPETENCE_LEVEL_FIELDS[key])).label,
            "motivation": getattr(person, MOTIVATION_LEVEL_FIELDS[key]),
            "motivation_label": Level(getattr(person, MOTIVATION_LEVEL_FIELDS[key])).label,
        }
        for key, label in Cluster.choices
    ]


def team_people_queryset(*, school: School) -> QuerySet[Person]:
    """People of the school's team: its own people and group-level people serving it.

    Annotated with ``share_hours`` (hours for this school; None for school people),
    ``used_here`` (assignment hours in this school) and ``used_total`` (in every school).
    One query.
    """
    share = PersonSchool.objects.filter(person=OuterRef("pk"), school=school)
    used_here = (
        Assignment.objects.filter(person=OuterRef("pk"), school=school)
        .order_by()
        .values("person")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    used_total = (
        Assignment.objects.filter(person=OuterRef("pk"))
        .order_by()
        .values("person")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return (
        Person.objects.filter(Q(school=school) | Q(group_id=school.group_id) & Exists(share))
        .annotate(
            share_hours=Subquery(share.values("hours")[:1], output_field=HOURS_OUTPUT),
            used_here=Coalesce(
                Subquery(used_here, output_field=HOURS_OUTPUT),
                Value(ZERO),
                output_field=HOURS_OUTPUT,
            ),
            used_total=Coalesce(
                Subquery(used_total, output_field=HOURS_OUTPUT),
                Value(ZERO),
                output_field=HOURS_OUTPUT,
            ),
        )
        .order_by("group_id", "name", "pk")
    )


def _hours(value: object) -> Decimal:
    """Hours with one decimal, whatever the database returns for a sum."""
    return Decimal(str(value or 0)).quantize(Decimal("0.1"))


def _member(person: Person) -> TeamMember:
    is_group = person.group_id is not None
    total = _hours(person.hours_available)
    return TeamMember(
        person=person,
        is_group_level=is_group,
        hours_available=_hours(person.share_hours) if is_group else total,
        hours_used=_hours(person.used_here),
        hours_available_total=total,
        hours_used_total=_hours(person.used_total),
    )


def team_people(*, school: School) -> list[TeamMember]:
    """The school's team: its own people first, then group-level people serving it.

    Each with their hours available and used for this school. One query.
    """
    return [_member(person) for person in team_people_queryset(school=school)]


def team_member(*, school: School, person: Person) -> TeamMember:
    """One person of the school's team with their hours (one query)."""
    return _member(team_people_queryset(school=school).get(pk=person.pk))


def serves_school(*, person: Person, school: School) -> bool:
    """Whether a person belongs to the school's team (own, or group-level with a share)."""
    if person.school_id is not None:
        return person.school_id == school.pk
    return (
        person.group_id == school.group_id
        and PersonSchool.objects.filter(person=person, school=school).exists()
    )


# --- the team's tasks and the matrix ----------------------------------------------------


def team_tasks(*, school: School) -> QuerySet[ListTask]:
    """Entries of the school's list the team has to cover, in the report's cluster order.

    Applying, not dropped, and not left to the central level of the education system.
    """
    return (
        ListTask.objects.filter(school=school, applies=True)
        .exclude(horizon=Horizon.DROPPED)
        .exclude(level=ListLevel.CENTRAL)
        .select_related("task")
        .order_by(cluster_rank("task__"), "task__topic", "task__code")
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
            Q(task__title__icontains=word)
            | Q(task__code__icontains=word)
            | Q(task__topic__icontains=word)
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
    rows = team_tasks(school=school).filter(_matrix_condition(filters))
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


# --- team health ------------------------------------------------------------------------


class Severity:
    DANGER = "danger"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.DANGER: 0, Severity.WARNING: 1, Severity.INFO: 2}


# The rules of team health, in the order the panel shows them.
HEALTH_RULES = {
    "cluster_uncovered": gettext_lazy("Clusters left to nobody"),
    "core_not_executed": gettext_lazy("Core tasks nobody executes"),
    "over_hours": gettext_lazy("People over their available hours"),
    "no_backup": gettext_lazy("Single points of failure: no backup"),
    "lead_count": gettext_lazy("Tasks without exactly one lead and contact point"),
    "no_decider": gettext_lazy("Tasks whose decisions nobody may take"),
    "competence_mismatch": gettext_lazy("Competence mismatches"),
    "strategic_on_technical": gettext_lazy(
        "Technical-only tasks held by strategic people: delegate or outsource"
    ),
}


@dataclass(frozen=True)
class HealthWarning:
    """One finding of team health and where it is fixed."""

    rule: str
    severity: str
    message: str
    url: str
    entry: ListTask | None = None
    person: Person | None = None
    cluster: str = ""


@dataclass
class HealthRule:
    rule: str
    label: str
    severity: str
    warnings: list[HealthWarning]


@dataclass
class TeamHealth:
    """Every team-health finding of a school, computed from the current data."""

    warnings: list[HealthWarning] = field(default_factory=list)
    task_count: int = 0
    people_count: int = 0

    @property
    def is_healthy(self) -> bool:
        return not self.warnings

    def by_rule(self) -> list[HealthRule]:
        """Warnings grouped per rule, rules with findings only, in the panel's order."""
        grouped: dict[str, list[HealthWarning]] = defaultdict(list)
        for warning in self.warnings:
            grouped[warning.rule].append(warning)
        rules = []
        for rule, label in HEALTH_RULES.items():
            found = grouped.get(rule)
            if found:
                severity = min((w.severity for w in found), key=SEVERITY_ORDER.__getitem__)
                rules.append(HealthRule(rule, str(label), severity, found))
        return rules

    def rule_keys(self) -> set[str]:
        return {warning.rule for warning in self.warnings}

    def count(self, severity: str | None = None) -> int:
        if severity is None:
            return len(self.warnings)
        return sum(1 for w in self.warnings if w.severity == severity)

    def for_rule(self, rule: str) -> list[HealthWarning]:
        return [w for w in self.warnings if w.rule == rule]


def _task_url(school: School, entry: ListTask) -> str:
    return reverse("teams:task_assignments", kwargs={"school_slug": school.slug, "pk": entry.pk})


def _matrix_url(school: School, query: str = "") -> str:
    url = reverse("teams:matrix", kwargs={"school_slug": school.slug})
    return f"{url}?{query}" if query else url


def _needs_only_technical(task) -> bool:
    return task.needs_technical and not (
        task.needs_pedagogical or task.needs_policy or task.needs_administrative
    )


def team_health(*, school: School) -> TeamHealth:
    """Check the school's team against every rule of team health (three queries).

    Rules: clusters left to nobody; core tasks nobody executes; people over their
    available hours; tasks with a single executor and no backup (single point of
    failure); tasks without exactly one lead and contact point; tasks whose decisions
    nobody may take; executors lacking a competence the task needs (level None);
    technical-only, non-core tasks executed by strategic people (delegate or outsource).
    Group-level tasks covered by a group-level person serving the school count as
    covered like any other.
    """
    people = team_people(school=school)
    entries = list(team_tasks(school=school))
    persons = {member.pk: member.person for member in people}
    by_task: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in Assignment.objects.filter(school=school):
        # Only people still in the team count (a group-level person may have lost the share).
        if assignment.person_id in persons:
            assignment.person = persons[assignment.person_id]
            by_task[assignment.list_task_id].append(assignment)

    warnings: list[HealthWarning] = []
    executed_clusters: set[str] = set()
    clusters_present: dict[str, int] = defaultdict(int)
    competence_labels = dict(Competence.choices)

    for entry in entries:
        task = entry.task
        title = f"{task.code} {task.title}"
        url = _task_url(school, entry)
        assignments = by_task.get(entry.pk, [])
        executors = [a for a in assignments if a.executes]
        leads = [a for a in assignments if a.lead]
        clusters_present[task.cluster] += 1
        if executors:
            executed_clusters.add(task.cluster)

        if task.is_core and not executors:
            warnings.append(
                HealthWarning(
                    "core_not_executed",
                    Severity.DANGER,
                    _("Core task “%(task)s”: nobody executes it.") % {"task": title},
                    url,
                    entry=entry,
                    cluster=task.cluster,
                )
            )
        if len(leads) != 1:
            message = (
                _("“%(task)s” has no lead and contact point.")
                if not leads
                else _("“%(task)s” has %(n)d leads: a task needs exactly one.")
            ) % {"task": title, "n": len(leads)}
            warnings.append(
                HealthWarning(
                    "lead_count", Severity.WARNING, message, url, entry=entry, cluster=task.cluster
                )
            )
        if not any(a.decides for a in assignments):
            warnings.append(
                HealthWarning(
                    "no_decider",
                    Severity.WARNING,
                    _("Nobody may take the decisions on “%(task)s”.") % {"task": title},
                    url,
                    entry=entry,
                    cluster=task.cluster,
                )
            )
        if len(executors) == 1 and not any(a.backup_id for a in assignments):
            person = executors[0].person
            warnings.append(
                HealthWarning(
                    "no_backup",
                    Severity.DANGER if task.is_core else Severity.WARNING,
                    _("Only %(person)s executes “%(task)s” and nobody backs them up.")
                    % {"person": person.name, "task": title},
                    url,
                    entry=entry,
                    person=person,
                    cluster=task.cluster,
                )
            )
        for assignment in executors:
            person = assignment.person
            missing = [
                competence_labels[key]
                for key, task_field in COMPETENCE_FIELDS.items()
                if getattr(task, task_field)
                and getattr(person, COMPETENCE_LEVEL_FIELDS[key]) == Level.NONE
            ]
            if missing:
                warnings.append(
                    HealthWarning(
                        "competence_mismatch",
                        Severity.WARNING,
                        _(
                            "%(person)s executes “%(task)s” without the %(competences)s "
                            "competences it needs."
                        )
                        % {
                            "person": person.name,
                            "task": title,
                            "competences": ", ".join(str(label) for label in missing),
                        },
                        url,
                        entry=entry,
                        person=person,
                        cluster=task.cluster,
                    )
                )
            if not task.is_core and _needs_only_technical(task) and person.is_strategic:
                warnings.append(
                    HealthWarning(
                        "strategic_on_technical",
                        Severity.INFO,
                        _(
                            "%(person)s holds the technical-only task “%(task)s”: a candidate to "
                            "delegate or outsource."
                        )
                        % {"person": person.name, "task": title},
                        url,
                        entry=entry,
                        person=person,
                        cluster=task.cluster,
                    )
                )

    labels = dict(Cluster.choices)
    for cluster in Cluster.values:
        if clusters_present.get(cluster) and cluster not in executed_clusters:
            warnings.insert(
                0,
                HealthWarning(
                    "cluster_uncovered",
                    Severity.DANGER,
                    _(
                        "The %(cluster)s cluster is left to nobody: none of its %(n)d tasks has "
                        "someone executing it."
                    )
                    % {"cluster": labels[cluster], "n": clusters_present[cluster]},
                    _matrix_url(school, f"cluster={cluster}"),
                    cluster=cluster,
                ),
            )

    for member in people:
        if member.over_hours:
            if member.hours_used > member.hours_available:
                message = _(
                    "%(person)s has %(used)s hours of tasks here but %(available)s hours "
                    "available for this school."
                ) % {
                    "person": member.name,
                    "used": member.hours_used,
                    "available": member.hours_available,
                }
            else:
                message = _(
                    "%(person)s has %(used)s hours of tasks across schools but %(available)s "
                    "hours available."
                ) % {
                    "person": member.name,
                    "used": member.hours_used_total,
                    "available": member.hours_available_total,
                }
            warnings.append(
                HealthWarning(
                    "over_hours",
                    Severity.DANGER,
                    message,
                    _matrix_url(school, f"person={member.pk}"),
                    person=member.person,
                )
            )

    order = list(HEALTH_RULES)
    warnings.sort(key=lambda w: order.index(w.rule))
    return TeamHealth(warnings=warnings, task_count=len(entries), people_count=len(people))


# --- gaps and profiles, for vacancies and role descriptions ------------------------------


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


def team_gaps(*, school: School) -> list[TeamGap]:
    """Team tasks without an executor who has every competence they need (three queries).

    ``candidates`` are the team members who have those competences; tasks with no
    candidate are what the team cannot cover and a vacancy text is drawn up from.
    """
    people = [member.person for member in team_people(school=school)]
    entries = list(team_tasks(school=school))
    executors: dict[int, list[Person]] = defaultdict(list)
    persons = {p.pk: p for p in people}
    for list_task_id, person_id in Assignment.objects.filter(
        school=school, executes=True
    ).values_list("list_task_id", "person_id"):
        if person_id in persons:
            executors[list_task_id].append(persons[person_id])
    gaps = []
    for entry in entries:
        doing = executors.get(entry.pk, [])
        if any(can_take(p, entry.task) for p in doing):
            continue
        candidates = tuple(p for p in people if can_take(p, entry.task))
        gaps.append(TeamGap(entry, tuple(doing), candidates))
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
    ``backs_up``: assignments of others on which this person is the backup;
    ``competences_asked``: competence keys the tasks they execute need.
    """

    member: TeamMember
    clusters: list[ProfileCluster]
    backs_up: list[Assignment]
    consultation_groups: list[ConsultationGroup]
    competences_asked: list[str]

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


def person_profile(*, school: School, person: Person) -> PersonProfile:
    """A person's tasks in a school with mandates, backups and groups (five queries)."""
    member = team_member(school=school, person=person)
    assignments = list(
        Assignment.objects.filter(school=school, person=person)
        .select_related("list_task__task", "backup")
        .order_by(
            cluster_rank("list_task__task__"), "list_task__task__topic", "list_task__task__code"
        )
    )
    leads = dict(
        Assignment.objects.filter(
            school=school, lead=True, list_task__assignments__person=person
        ).values_list("list_task_id", "person__name")
    )
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
    )


def consultation_groups(*, school: School) -> list[ConsultationGroup]:
    """The school's consultation groups and its group's, with their members (two queries)."""
    return list(
        ConsultationGroup.objects.filter(Q(school=school) | Q(group_id=school.group_id))
        .prefetch_related("members")
        .order_by("group_id", "kind", "name")
    )


def agreements(*, school: School) -> list[Agreement]:
    return list(Agreement.objects.filter(school=school).order_by("kind", "pk"))


def group_people(*, group_id: int) -> list[Person]:
    """A group's group-level people with their school shares (two queries)."""
    return list(
        Person.objects.filter(group_id=group_id)
        .prefetch_related("school_shares__school")
        .order_by("name")
    )


def group_consultation_people(*, group_id: int) -> list[Person]:
    """Who may sit in a group's consultation groups: its group-level people and the people
    of its schools, group-level people first (one query)."""
    return list(
        Person.objects.filter(Q(group_id=group_id) | Q(school__group_id=group_id))
        .select_related("school")
        .order_by("school__name", "name")
    )


def group_consultation_groups(*, group_id: int) -> list[ConsultationGroup]:
    """A group's own consultation groups with their members (two queries)."""
    return list(
        ConsultationGroup.objects.filter(group_id=group_id)
        .prefetch_related("members")
        .order_by("kind", "name")
    )


def people_by_pk(people: Iterable[TeamMember]) -> dict[int, Person]:
    return {member.pk: member.person for member in people}
