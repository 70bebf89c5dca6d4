"""The group dashboard: every school of a group side by side, with totals.

It composes every app below it (task lists, teams, the wizard's plans), so it lives on
the top floor. ``group_dashboard`` runs three queries whatever the number of schools
(and a fixed number more once plans are finished, to count their open team actions):
data is aggregated in the database (grouped by school and cluster with conditional
aggregation) and combined in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from operator import attrgetter
from typing import NamedTuple

from django.db import connection
from django.db.models import Count
from django.db.models import DecimalField
from django.db.models import F
from django.db.models import FilteredRelation
from django.db.models import IntegerField
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Sum
from django.db.models import Value
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from guidelines.flowchart import FLOWCHART
from guidelines.models import PlanStatus
from guidelines.models import TransitionPlan
from guidelines.selectors import OPEN_ITEMS
from guidelines.selectors import school_team_checklists
from guidelines.selectors import team_checklist
from schools.changes import kept_by_tokens
from schools.compiled import compiled_rows
from schools.compiled import row_instance
from schools.kept import Kept
from schools.models import School
from schools.models import SchoolGroup
from tasks.models import Cluster
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import Task
from tasks.templatetags.row_urls import row_url_for
from teams.models import Assignment
from teams.models import Person
from teams.models import PersonSchool
from teams.selectors import ZERO

HOURS_OUTPUT = DecimalField(max_digits=9, decimal_places=1)


TENTH = Decimal("0.1")


def _hours(value: object) -> Decimal:
    """Hours with one decimal, whatever the database returns for a sum (a Decimal from
    PostgreSQL, taken as it is: ``str`` and back gives the same Decimal)."""
    if type(value) is Decimal:
        return value.quantize(TENTH)
    return Decimal(str(value or 0)).quantize(TENTH)


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


# --- the wizard's plans ---------------------------------------------------------------


@dataclass(frozen=True)
class PlanSummary:
    """Where a transition plan stands: phase, step, status, and who leads."""

    phase: int
    phase_title: str
    step: int
    step_title: str
    status: str
    status_label: str
    led_by_group: bool
    url: str = ""
    # Open items as the plan's own pages count them (``guidelines.selectors.plan_card``):
    # action items of the path and, once the plan has reached its end, step 7's team
    # actions not yet in place; a finished plan with open items says so.
    open_items: int = 0

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.phase, self.step)


def _plan_summary(
    plan: TransitionPlan, open_items: int = 0, urls: dict | None = None
) -> PlanSummary:
    """``urls``: a cache of the plans' addresses for a page (``row_url_for``), reversed
    once for all its schools' plans."""
    step = FLOWCHART.step(plan.current_step)
    phase = FLOWCHART.phase_of(step.number)
    owner = plan.school or plan.group
    kind = "school" if plan.school_id else "group"
    url = row_url_for({} if urls is None else urls, f"guidelines:{kind}_plan", owner.slug)
    return PlanSummary(
        phase=phase.number,
        phase_title=str(phase.title),
        step=step.number,
        step_title=str(step.title),
        status=plan.status,
        status_label=_status_label(plan, open_items),
        led_by_group=plan.lead == "group",
        url=url,
        open_items=open_items,
    )


def _status_label(plan: TransitionPlan, open_items: int) -> str:
    if plan.status == PlanStatus.FINISHED and open_items:
        return ngettext(
            "Finished, with %(n)d open item", "Finished, with %(n)d open items", open_items
        ) % {"n": open_items}
    return plan.get_status_display()


# What the dashboard reads of a plan and of a school: a plan's step, status, lead and
# ticked team actions (step 7's checklist), a school's name and address (and its level,
# for the workbook). The rest stays deferred: these instances are read, never saved.
PLAN_FIELDS = ("id", "school_id", "group_id", "current_node", "status", "lead", "checklist")
SCHOOL_FIELDS = ("id", "name", "slug", "group_id", "education_level")


def _plans(group_id: int) -> QuerySet:
    """The group's plan and its schools', each with its open action items counted."""
    return (
        TransitionPlan.objects.filter(Q(school__group_id=group_id) | Q(group_id=group_id))
        .annotate(open_items=Count("action_items", filter=OPEN_ITEMS))
        # The count last, where a raw row has it whatever order ``values_list`` names.
        .values_list(*PLAN_FIELDS, "open_items")
        .order_by()
    )


def _plan_summaries(
    *,
    group: SchoolGroup,
    schools: dict[int, School],
    group_plan: bool = True,
    tokens: dict[int, int | None] | None = None,
) -> tuple[PlanSummary | None, dict[int, PlanSummary]]:
    """The group's plan and each school's, with their open items counted as the plan pages
    count them. One query, and for finished plans three more for the schools' step 7
    (``_open_team_actions``, kept by the schools' change ``tokens``) and three for the
    group's own: a fixed number for any number of schools.

    The plans are built from plain rows with their school or group, the page's own: the
    query is compiled once per process (``compiled_rows``), as the group's figures are.
    """
    plans = []
    for *values, open_items in compiled_rows(_plans, convert=True, group_id=group.pk):
        plan = row_instance(TransitionPlan, PLAN_FIELDS, values, connection.alias)
        if plan.group_id == group.pk:
            if not group_plan:
                continue
            plan.group = group
        elif plan.school_id in schools:
            plan.school = schools[plan.school_id]
        else:
            continue
        plans.append((plan, open_items))
    finished = [
        plan
        for plan, _open in plans
        if plan.status == PlanStatus.FINISHED and plan.school_id in schools
    ]
    open_actions = _open_team_actions(finished, tokens or {}) if finished else {}
    group_plan, by_school, urls = None, {}, {}
    for plan, open_items in plans:
        if plan.group_id == group.pk:
            checklist = team_checklist(plan=plan) if plan.status == PlanStatus.FINISHED else []
            open_items += sum(1 for row in checklist if not row.done)
        else:
            open_items += open_actions.get(plan.pk, 0)
        summary = _plan_summary(plan, open_items, urls)
        if plan.group_id == group.pk:
            group_plan = summary
        else:
            by_school[plan.school_id] = summary
    return group_plan, by_school


# Step 7's open team actions of a school's finished plan, by (school, change token, the
# plan's ticked actions): what the count is worked out from.
_OPEN_ACTIONS: Kept[tuple, int] = Kept(5_000)


def _open_team_actions(
    plans: list[TransitionPlan], tokens: dict[int, int | None]
) -> dict[int, int]:
    """Step 7's team actions not yet in place, by plan: kept while the school's rows (its
    change token) and the plan's ticks stay the same, worked out for the others together
    (``school_team_checklists``, three queries)."""
    by_school = {plan.school_id: plan for plan in plans}

    def count(school_ids: list[int]) -> dict[int, int]:
        chosen = [by_school[school_id] for school_id in school_ids]
        checklists = school_team_checklists(plans=chosen)
        return {
            plan.school_id: sum(1 for row in checklists[plan.pk] if not row.done) for plan in chosen
        }

    def ticked(plan: TransitionPlan) -> tuple[str, ...]:
        return tuple(sorted(name for name, value in plan.checklist.items() if value))

    # What the count is worked out from: the school's rows and the plan's ticks.
    versions = {
        school_id: None if tokens.get(school_id) is None else (tokens[school_id], ticked(plan))
        for school_id, plan in by_school.items()
    }
    counted = kept_by_tokens(_OPEN_ACTIONS, versions, count)
    return {by_school[school_id].pk: n for school_id, n in counted.items()}


# --- the group dashboard ------------------------------------------------------------------


# Slots: four a school, each built without a ``__dict__`` of its own (a third faster).
@dataclass(slots=True)
class ClusterCoverage:
    """Applying tasks of one cluster in one school, and how many have an executor."""

    cluster: str
    label: str
    tasks: int = 0
    covered: int = 0

    @property
    def percent(self) -> int | None:
        return _percent(self.covered, self.tasks)


# The clusters without their labels: a school's figures are the same in every language.
NO_LABELS = dict.fromkeys(Cluster.values, "")


def _empty_clusters(labels: dict[str, str] | None = None) -> dict[str, ClusterCoverage]:
    """A school's clusters, none covered yet; ``labels`` translated once for every row."""
    if labels is None:
        labels = {value: str(label) for value, label in Cluster.choices}
    return {value: ClusterCoverage(value, label) for value, label in labels.items()}


# A school row's counts of team tasks, each an aggregate of the per-cluster query.
TASK_COUNTS = ("tasks", "covered", "core_uncovered", "single_points", "by_group", "at_group_level")


@dataclass(slots=True)
class SchoolRow:
    """One school of the dashboard (or the totals, with ``school`` None).

    ``tasks``: the team's tasks (applying, not dropped, not left to the central level);
    ``covered``: those with someone executing them; ``core_uncovered``: core tasks
    without an executor; ``single_points``: tasks with exactly one executor and no
    backup (team health's single points of failure); ``by_group``: tasks a group-level
    person executes; ``at_group_level``: tasks the school placed at group level.
    Hours are per week: ``hours_available`` counts the school's people and the shares
    of group-level people in the school, ``hours_used`` the hours of its assignments.
    """

    school: School | None
    plan: PlanSummary | None = None
    clusters: dict[str, ClusterCoverage] = field(default_factory=_empty_clusters)
    tasks: int = 0
    covered: int = 0
    core_uncovered: int = 0
    single_points: int = 0
    by_group: int = 0
    at_group_level: int = 0
    people: int = 0
    group_people: int = 0
    hours_available: Decimal = ZERO
    hours_used: Decimal = ZERO

    @property
    def name(self) -> str:
        return self.school.name if self.school else _("Total")

    @property
    def coverage(self) -> int | None:
        return _percent(self.covered, self.tasks)

    @property
    def hours_free(self) -> Decimal:
        return self.hours_available - self.hours_used

    @property
    def over_hours(self) -> bool:
        return self.hours_used > self.hours_available

    @property
    def hours_percent(self) -> int | None:
        if self.hours_available <= 0:
            return None
        return round(100 * self.hours_used / self.hours_available)

    def cluster_list(self) -> list[ClusterCoverage]:
        return list(self.clusters.values())

    @classmethod
    def total_of(cls, rows: list[SchoolRow]) -> SchoolRow:
        """The totals of ``rows``, each figure added up over the rows at once, in their
        order (a row at a time, through ``getattr`` and ``setattr`` for each figure, took
        a hundred schools about 0.4 ms)."""
        totals = cls(None)
        for key, coverage in totals.clusters.items():
            coverage.tasks = sum(row.clusters[key].tasks for row in rows)
            coverage.covered = sum(row.clusters[key].covered for row in rows)
        for name in SUMMED:
            # In the rows' order from the field's own start (a Decimal's for hours).
            setattr(totals, name, sum(map(attrgetter(name), rows), getattr(totals, name)))
        return totals


# What ``SchoolRow.total_of`` adds up besides the clusters.
SUMMED = (*TASK_COUNTS, "people", "group_people", "hours_available", "hours_used")


@dataclass(frozen=True)
class SortColumn:
    key: str
    label: str
    value: Callable[[SchoolRow], object]
    # Columns where more is worse sort with the worst first on the first click.
    worst_first: bool = False


def _plan_key(row: SchoolRow) -> object:
    return row.plan.sort_key if row.plan else None


def _cluster_key(cluster: str) -> Callable[[SchoolRow], object]:
    return lambda row: row.clusters[cluster].percent


SORT_COLUMNS: dict[str, SortColumn] = {
    column.key: column
    for column in [
        SortColumn("name", gettext_lazy("School"), lambda row: row.name.lower()),
        SortColumn("plan", gettext_lazy("Wizard: phase and step"), _plan_key),
        SortColumn("coverage", gettext_lazy("Coverage"), lambda row: row.coverage),
        *(
            SortColumn(f"coverage_{value}", label, _cluster_key(value))
            for value, label in Cluster.choices
        ),
        SortColumn(
            "core_uncovered",
            gettext_lazy("Core tasks without an executor"),
            lambda row: row.core_uncovered,
            worst_first=True,
        ),
        SortColumn(
            "single_points",
            gettext_lazy("Single points of failure"),
            lambda row: row.single_points,
            worst_first=True,
        ),
        SortColumn("by_group", gettext_lazy("Covered by the group"), lambda row: row.by_group),
        SortColumn("people", gettext_lazy("People"), lambda row: row.people),
        SortColumn("hours_used", gettext_lazy("Hours used"), lambda row: row.hours_used),
        SortColumn(
            "hours_available", gettext_lazy("Hours available"), lambda row: row.hours_available
        ),
        SortColumn("hours_free", gettext_lazy("Hours free"), lambda row: row.hours_free),
    ]
}


@dataclass
class Dashboard:
    """Every school of a group side by side, the totals, and the group's own level."""

    group: SchoolGroup
    rows: list[SchoolRow]
    totals: SchoolRow
    group_plan: PlanSummary | None = None
    # Group-level people: how many, their hours, and how much of it is shared out.
    group_people: int = 0
    group_hours: Decimal = ZERO
    group_hours_shared: Decimal = ZERO
    sort: str = "name"
    descending: bool = False

    def sorted_by(self, key: str, *, descending: bool = False) -> Dashboard:
        """The same dashboard with its rows in another order; unknown keys sort by name.

        Schools without a value (no tasks, no plan) come last whatever the direction.
        """
        column = SORT_COLUMNS.get(key, SORT_COLUMNS["name"])
        with_value = [row for row in self.rows if column.value(row) is not None]
        without = [row for row in self.rows if column.value(row) is None]
        with_value.sort(key=lambda row: (column.value(row), row.name.lower()), reverse=descending)
        without.sort(key=lambda row: row.name.lower())
        return Dashboard(
            group=self.group,
            rows=with_value + without,
            totals=self.totals,
            group_plan=self.group_plan,
            group_people=self.group_people,
            group_hours=self.group_hours,
            group_hours_shared=self.group_hours_shared,
            sort=column.key,
            descending=descending,
        )

    @property
    def school_count(self) -> int:
        return len(self.rows)


# --- the group's figures, each query compiled once ------------------------------------


def _per_task(school_ids: list[int]) -> QuerySet:
    """The schools' team tasks, a row each: its school, task and level, and how many
    execute it, how many of its assignments have a backup and how many group-level
    people execute it; ``PER_CLUSTER`` adds them up per school and cluster.

    The assignments come in one join grouped per task: PostgreSQL ran the four
    subqueries a task this replaces about 40 % slower on a group of 100 schools. The
    rows are grouped by the entry alone and the catalogue's task (its cluster, whether it
    is core) is joined to the grouped rows: joined before, its columns widened the
    14,500 rows PostgreSQL groups, a seventh of the query's time.
    """
    executes = Q(counted__executes=True)
    return (
        ListTask.objects.filter(school_id__in=school_ids)
        .team_tasks()
        # Only the assignments that count for a figure: one that executes or has a
        # backup. Half of a group's assignments do neither (they decide, direct or
        # lead); left out of the join, PostgreSQL groups half the rows per task.
        .annotate(
            counted=FilteredRelation(
                "assignments",
                condition=Q(assignments__executes=True) | Q(assignments__backup__isnull=False),
            )
        )
        # The entry's own columns: grouped by its primary key alone.
        .values("pk", school_key=F("school_id"), task_key=F("task_id"), list_level=F("level"))
        .annotate(
            executors=Count("counted", filter=executes),
            backups=Count("counted", filter=Q(counted__backup__isnull=False)),
            group_executors=Count(
                "counted",
                filter=executes & Q(counted__person__in=Person.objects.filter(group__isnull=False)),
            ),
        )
        .values_list(
            "school_key", "task_key", "list_level", "executors", "backups", "group_executors"
        )
        .order_by()
    )


def _per_cluster_sql() -> str:
    """``outer`` SQL around ``_per_task``: its rows per school and the cluster of their
    task, each of ``TASK_COUNTS`` a sum: a task, executed, core without an executor, a
    single point of failure (one executor and no backup), executed by a group-level
    person, placed at group level."""

    def count(condition: str) -> str:
        return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"

    figures = ", ".join(
        [
            "COUNT(*)",
            count("per_task.executors > 0"),
            count("per_task.executors = 0 AND task.is_core"),
            count("per_task.executors = 1 AND per_task.backups = 0"),
            count("per_task.group_executors > 0"),
            count(f"per_task.list_level = '{ListLevel.SCHOOL_GROUP.value}'"),
        ]
    )
    return (
        f"SELECT per_task.school_key, task.cluster, {figures} FROM ({{rows}}) per_task "
        f'INNER JOIN "{Task._meta.db_table}" task ON task.id = per_task.task_key '
        "GROUP BY per_task.school_key, task.cluster"
    )


PER_CLUSTER = _per_cluster_sql()


# The kinds of row of ``_hours_and_people``.
USED, PEOPLE, SHARES = 0, 1, 2
# A person's hours available, summed in the query.
AVAILABLE = F("ict_hours") + F("bpt_hours") + F("other_hours") + F("external_hours")


def _hours_and_people(school_ids: list[int]) -> QuerySet:
    """The schools' hours and people, a row (kind, school, count, hours) each: the hours
    of the school's assignments (``USED``, no count); its people and their hours
    (``PEOPLE``); the group-level people's shares in it, how many and their hours
    (``SHARES``). One query for the three."""

    def kind(value: int) -> Value:
        return Value(value, output_field=IntegerField())

    columns = ("kind", "school_id", "n", "hours")
    used = (
        Assignment.objects.filter(school_id__in=school_ids)
        .values("school_id")
        .annotate(kind=kind(USED), n=kind(0), hours=Sum("hours", output_field=HOURS_OUTPUT))
        .values_list(*columns)
        .order_by()
    )
    people = (
        Person.objects.filter(school_id__in=school_ids)
        .values("school_id")
        .annotate(kind=kind(PEOPLE), n=Count("pk"), hours=Sum(AVAILABLE, output_field=HOURS_OUTPUT))
        .values_list(*columns)
        .order_by()
    )
    shares = (
        PersonSchool.objects.filter(
            school_id__in=school_ids, person__group_id=F("school__group_id")
        )
        .values("school_id")
        .annotate(kind=kind(SHARES), n=Count("pk"), hours=Sum("hours"))
        .values_list(*columns)
        .order_by()
    )
    return used.union(people, shares, all=True)


def _schools(group_id: int) -> QuerySet:
    """The group's schools by name, each with its change token."""
    return (
        School.objects.filter(group_id=group_id)
        .values_list(*SCHOOL_FIELDS, "change__token")
        .order_by("name")
    )


def _group_people(group_id: int) -> QuerySet:
    """The group-level people: how many, and their hours (no row for none)."""
    return (
        Person.objects.filter(group_id=group_id)
        .values("group_id")
        .annotate(n=Count("pk"), hours=Sum(AVAILABLE, output_field=HOURS_OUTPUT))
        .values_list("n", "hours")
        .order_by()
    )


# --- a school's figures, kept by its change token ---------------------------------------


class Figures(NamedTuple):
    """What the dashboard works out from one school's rows (``SchoolRow``'s counts and
    hours; per cluster, a pair of tasks and covered, in ``Cluster``'s order). The same
    until one of those rows changes, and with it the school's change token."""

    clusters: tuple[tuple[int, int], ...]
    tasks: int
    covered: int
    core_uncovered: int
    single_points: int
    by_group: int
    at_group_level: int
    people: int
    group_people: int
    hours_available: Decimal
    hours_used: Decimal
    hours_shared: Decimal


# By (school, change token): a hundred schools' figures are about 60 kB.
_FIGURES: Kept[tuple[int, int], Figures] = Kept(5_000)


def _work_out(school_ids: list[int]) -> dict[int, Figures]:
    """The figures of ``school_ids``, from the database: two queries for any number."""
    rows = {pk: SchoolRow(None, clusters=_empty_clusters(NO_LABELS)) for pk in school_ids}
    shared = dict.fromkeys(school_ids, ZERO)
    for kind, school_id, count, hours in compiled_rows(_hours_and_people, school_ids=school_ids):
        row = rows[school_id]
        if kind == USED:
            row.hours_used = _hours(hours)
            continue
        row.people += count
        row.hours_available += _hours(hours)
        if kind == SHARES:
            row.group_people += count
            shared[school_id] += _hours(hours)
    # Tuples, added up in one pass: four clusters a school make four hundred rows.
    for school_id, cluster, tasks, covered, core, single, by_group, at_group in compiled_rows(
        _per_task, outer=PER_CLUSTER, school_ids=school_ids
    ):
        row = rows[school_id]
        coverage = row.clusters.get(cluster)
        if coverage is not None:
            coverage.tasks += tasks
            coverage.covered += covered
        row.tasks += tasks
        row.covered += covered
        row.core_uncovered += core
        row.single_points += single
        row.by_group += by_group
        row.at_group_level += at_group
    return {
        pk: Figures(
            clusters=tuple((c.tasks, c.covered) for c in row.clusters.values()),
            tasks=row.tasks,
            covered=row.covered,
            core_uncovered=row.core_uncovered,
            single_points=row.single_points,
            by_group=row.by_group,
            at_group_level=row.at_group_level,
            people=row.people,
            group_people=row.group_people,
            hours_available=row.hours_available,
            hours_used=row.hours_used,
            hours_shared=shared[pk],
        )
        for pk, row in rows.items()
    }


def school_figures(tokens: dict[int, int | None]) -> dict[int, Figures]:
    """Each school's figures by its change token (``schools.changes``): kept from an
    earlier request while the token is the same, worked out for the others together.
    A school without a token (none is written yet) is worked out every time.

    The tokens are read before the figures: a write between the two gives figures newer
    than their token, which the next request, seeing the new token, works out again;
    never figures older than their token.
    """
    return kept_by_tokens(_FIGURES, tokens, _work_out)


def group_dashboard(*, group: SchoolGroup, group_plan: bool = True) -> Dashboard:
    """Every school of the group side by side, with totals.

    Three queries, whatever the size of the group: the schools with their change tokens,
    the group-level people, the plans. Each school's figures (coverage per cluster, core
    tasks without an executor, single points of failure, group coverage, people and
    hours) are kept by its change token (``school_figures``): worked out, two queries
    for any number of schools, only for the schools whose rows changed since. Finished
    plans add step 7's open team actions, kept the same way (three queries for the
    schools whose rows or ticks changed, three for the group's own plan), so "Finished"
    means what the plan page means. Without ``group_plan`` (the workbook, which lists the
    schools alone) the group's own plan is left out, and with it those three.
    """
    # Plain rows: a hundred schools' model instances, each field through its descriptor,
    # cost more than their query.
    alias = connection.alias
    labels = {value: str(label) for value, label in Cluster.choices}
    schools, tokens = [], {}
    for *values, token in compiled_rows(_schools, group_id=group.pk):
        school = row_instance(School, SCHOOL_FIELDS, values, alias)
        schools.append(school)
        tokens[school.pk] = token
    figures = school_figures(tokens)
    group_people, group_hours, shared = 0, ZERO, ZERO
    for count, hours in compiled_rows(_group_people, group_id=group.pk):
        group_people, group_hours = count, _hours(hours)

    rows = {}
    for school in schools:
        each = figures[school.pk]
        rows[school.pk] = SchoolRow(
            school,
            clusters={
                value: ClusterCoverage(value, label, tasks, covered)
                for (value, label), (tasks, covered) in zip(
                    labels.items(), each.clusters, strict=True
                )
            },
            tasks=each.tasks,
            covered=each.covered,
            core_uncovered=each.core_uncovered,
            single_points=each.single_points,
            by_group=each.by_group,
            at_group_level=each.at_group_level,
            people=each.people,
            group_people=each.group_people,
            hours_available=each.hours_available,
            hours_used=each.hours_used,
        )
        shared += each.hours_shared

    group_plan_summary, plans = _plan_summaries(
        group=group,
        schools={school.pk: school for school in schools},
        group_plan=group_plan,
        tokens=tokens,
    )
    for school_id, summary in plans.items():
        rows[school_id].plan = summary

    school_rows = list(rows.values())
    return Dashboard(
        group=group,
        rows=school_rows,
        totals=SchoolRow.total_of(school_rows),
        group_plan=group_plan_summary,
        group_people=group_people,
        group_hours=group_hours,
        group_hours_shared=shared,
    )
