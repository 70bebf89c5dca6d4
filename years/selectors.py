"""Reads of school years: the current year, the figures of a year, two years side by side,
and the transition plan's actions and evaluations grouped by the year their date falls in.

An owner is a school or a school group. A school's year is its team (its own people and
the group-level people serving it), its task list and the assignments on it. A group's
year is its group-level people, the tasks they hold in the group's schools (with every
assignment on those tasks, so a task that loses its executor shows) and their hours.

Every function runs a fixed number of queries whatever the size of the team.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from guidelines.models import ActionItem
from guidelines.models import Evaluation
from guidelines.selectors import plan_for
from schools.access import Owner
from schools.access import owner_kwargs
from schools.models import School
from schools.models import SchoolGroup
from schools.school_years import school_year_label
from schools.school_years import school_year_of
from tasks.models import Cluster
from tasks.models import ListTask
from teams.models import Assignment
from teams.models import Person
from teams.selectors import HEALTH_RULES
from teams.selectors import SEVERITY_ORDER
from teams.selectors import ZERO
from teams.selectors import TeamContext
from teams.selectors import TeamMember
from teams.selectors import assigned_hours
from teams.selectors import team_context
from teams.selectors import team_people
from years.models import SchoolYear
from years.models import YearRecord


def current_start_year(*, owner: Owner) -> int:
    """The school year the owner's live data belongs to (one query)."""
    row = SchoolYear.objects.filter(**owner_kwargs(owner)).values_list("start_year", flat=True)
    stored = row.first()
    return stored if stored is not None else school_year_of(timezone.localdate())


def year_records(*, owner: Owner) -> list[YearRecord]:
    """The owner's closed years, newest first (one query)."""
    return list(YearRecord.objects.filter(**owner_kwargs(owner)).order_by("-start_year"))


# --- what a year holds: the owner's team, its tasks, their assignments ----------------------


@dataclass
class YearTeam:
    """The live data of an owner's year, loaded once for the rollover and the figures.

    ``people``: everyone in the record of the year; ``own``: those the owner manages (may
    mark as leaving, give new hours): a school's own people, a group's group-level
    people. ``entries`` and ``by_task`` as in ``TeamContext``; a group's entries are
    tasks of its schools' lists, each with its school. ``context``: the school's team
    context, which the team-health rules read.
    """

    owner: Owner
    people: list[TeamMember]
    own: list[TeamMember]
    entries: list[ListTask]
    by_task: dict[int, list[Assignment]]
    context: TeamContext | None = None

    @property
    def is_group(self) -> bool:
        return isinstance(self.owner, SchoolGroup)

    def assignments_in_scope(self):
        """The assignments the owner's rollover changes, as a queryset."""
        if self.is_group:
            return Assignment.objects.filter(school__group=self.owner)
        return Assignment.objects.filter(school=self.owner)


def _group_people(group: SchoolGroup) -> list[TeamMember]:
    """The group's group-level people with their hours and the hours of their tasks in
    every school of the group (one query)."""
    people = Person.objects.filter(group=group).annotate(used_total=assigned_hours())
    members = []
    for person in people.order_by("name", "pk"):
        available = Decimal(person.hours_available).quantize(Decimal("0.1"))
        used_total = Decimal(person.used_total).quantize(Decimal("0.1"))
        members.append(TeamMember(person, True, available, used_total, available, used_total))
    return members


def year_people(*, owner: Owner) -> tuple[list[TeamMember], list[TeamMember]]:
    """Everyone of the owner's year and those the owner manages (see ``YearTeam``), without
    the tasks: what the rollover form reads (one query)."""
    if isinstance(owner, School):
        people = team_people(school=owner)
        return people, [member for member in people if not member.is_group_level]
    people = _group_people(owner)
    return people, people


def year_team(*, owner: Owner) -> YearTeam:
    """What the owner's year holds now: three queries for a school, two for a group."""
    if isinstance(owner, School):
        team = team_context(school=owner)
        own = [member for member in team.people if not member.is_group_level]
        return YearTeam(owner, team.people, own, team.entries, team.by_task, context=team)
    people = _group_people(owner)
    ids = [member.pk for member in people]
    held = Assignment.objects.filter(Q(person_id__in=ids) | Q(backup_id__in=ids)).values(
        "list_task"
    )
    tasks = ListTask.objects.filter(school__group=owner).team_tasks()
    assignments = (
        Assignment.objects.filter(list_task__in=held, school__group=owner)
        .filter(list_task__in=tasks.values("pk"))
        .select_related("list_task__task", "list_task__school", "person")
        .order_by("list_task__school__name", "list_task__task__code", "pk")
    )
    entries: dict[int, ListTask] = {}
    by_task: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        entries.setdefault(assignment.list_task_id, assignment.list_task)
        by_task[assignment.list_task_id].append(assignment)
    return YearTeam(owner, people, people, list(entries.values()), dict(by_task))


# --- a year's team, division of tasks and figures, as data ---------------------------------


def _hours(value: Decimal) -> str:
    return str(value.quantize(Decimal("0.1")))


def team_snapshot(team: TeamContext | YearTeam, *, leaving: set[int] = frozenset()) -> list[dict]:
    """Every member of the team with their roles and hours, and whether they leave."""
    return [
        {
            "id": member.pk,
            "name": member.person.name,
            "roles": list(member.person.roles),
            "group_level": member.is_group_level,
            "ict_hours": _hours(member.person.ict_hours),
            "bpt_hours": _hours(member.person.bpt_hours),
            "other_hours": _hours(member.person.other_hours),
            "external_hours": _hours(member.person.external_hours),
            "hours_available": _hours(member.hours_available),
            "hours_used": _hours(member.hours_used),
            "left": member.pk in leaving,
        }
        for member in team.people
    ]


def assignments_snapshot(team: TeamContext | YearTeam) -> list[dict]:
    """The division of tasks: every assignment with its mandates, backup and hours (a
    group's: with the school each task belongs to)."""
    names = {member.pk: member.person.name for member in team.people}
    for assignments in team.by_task.values():
        for assignment in assignments:
            # A group's tasks are held with the schools' own people too.
            names.setdefault(assignment.person_id, assignment.person.name)
    group = isinstance(team, YearTeam) and team.is_group
    return [
        {
            **({"school": entry.school.name} if group else {}),
            "task": entry.task.code,
            "title": entry.task.title,
            "cluster": entry.task.cluster,
            "core": entry.task.is_core,
            "person_id": assignment.person_id,
            "person": names.get(assignment.person_id, ""),
            "decides": assignment.decides,
            "executes": assignment.executes,
            "monitors": assignment.monitors,
            "lead": assignment.lead,
            "backup": names.get(assignment.backup_id, "") if assignment.backup_id else "",
            "hours": _hours(assignment.hours),
        }
        for entry in team.entries
        for assignment in team.by_task.get(entry.pk, [])
    ]


def figures_of(team: TeamContext) -> dict:
    """Hours per cluster, coverage, single points of failure and team health, as data.

    The same rules as the team-health panel (``teams.selectors.HEALTH_RULES``) on the
    same team context; single points of failure are its ``no_backup`` findings.
    """
    clusters = {key: {"tasks": 0, "covered": 0, "hours": ZERO} for key in Cluster.values}
    covered_total = 0
    for entry in team.entries:
        assignments = team.by_task.get(entry.pk, [])
        cluster = clusters[entry.task.cluster]
        cluster["tasks"] += 1
        if any(a.executes for a in assignments):
            cluster["covered"] += 1
            covered_total += 1
        cluster["hours"] += sum((a.hours for a in assignments), ZERO)
    warnings = [found for rule in HEALTH_RULES.values() for found in rule.check(team)]
    single_points = [
        {
            "task": w.entry.task.code if w.entry else "",
            "title": w.entry.task.title if w.entry else "",
            "person": w.person.name if w.person else "",
        }
        for w in warnings
        if w.rule == "no_backup"
    ]
    health = [{"rule": w.rule, "severity": w.severity, "message": w.message} for w in warnings]
    return _figures(team, clusters, covered_total, single_points, health, across_schools=False)


def _figures(
    team: TeamContext | YearTeam,
    clusters: dict,
    covered: int,
    single_points: list[dict],
    health: list[dict],
    *,
    across_schools: bool,
) -> dict:
    """A year's figures in the one shape the comparison reads; a school's people count
    their hours for the school, a group's people theirs across the group's schools."""
    available, used = (
        ("hours_available_total", "hours_used_total")
        if across_schools
        else ("hours_available", "hours_used")
    )
    return {
        "tasks": len(team.entries),
        "covered": covered,
        "clusters": {
            key: {**values, "hours": _hours(values["hours"])} for key, values in clusters.items()
        },
        "hours_available": _hours(sum((getattr(m, available) for m in team.people), ZERO)),
        "hours_used": _hours(sum((getattr(m, used) for m in team.people), ZERO)),
        "people": len(team.people),
        "single_points": single_points,
        "health": health,
    }


def group_figures(team: YearTeam) -> dict:
    """A group's year in the same shape as a school's figures: the tasks its group-level
    people hold in the group's schools, how many of them someone executes, their hours
    per cluster, single points of failure (a group-level person the only executor and
    nobody backing them up) and over-booked group-level people, under the team-health
    rules' keys so the comparison names them alike."""
    ids = {member.pk for member in team.people}
    clusters = {key: {"tasks": 0, "covered": 0, "hours": ZERO} for key in Cluster.values}
    covered_total = 0
    single_points = []
    health = []
    for entry in team.entries:
        assignments = team.by_task.get(entry.pk, [])
        cluster = clusters[entry.task.cluster]
        cluster["tasks"] += 1
        executors = [a for a in assignments if a.executes]
        if executors:
            cluster["covered"] += 1
            covered_total += 1
        cluster["hours"] += sum((a.hours for a in assignments if a.person_id in ids), ZERO)
        if (
            len(executors) == 1
            and executors[0].person_id in ids
            and not any(a.backup_id for a in assignments)
        ):
            person = executors[0].person.name
            title = f"{entry.task.code} {entry.task.title}"
            single_points.append(
                {
                    "task": entry.task.code,
                    "title": entry.task.title,
                    "person": person,
                    "school": entry.school.name,
                }
            )
            health.append(
                {
                    "rule": "no_backup",
                    "severity": "danger" if entry.task.is_core else "warning",
                    "message": _(
                        "Only %(person)s executes “%(task)s” in %(school)s and nobody backs "
                        "them up."
                    )
                    % {"person": person, "task": title, "school": entry.school.name},
                }
            )
    for member in team.people:
        if member.hours_used_total > member.hours_available_total:
            health.append(
                {
                    "rule": "over_hours",
                    "severity": "danger",
                    "message": _(
                        "%(person)s has %(used)s hours of tasks across schools but "
                        "%(available)s hours available."
                    )
                    % {
                        "person": member.name,
                        "used": member.hours_used_total,
                        "available": member.hours_available_total,
                    },
                }
            )
    return _figures(team, clusters, covered_total, single_points, health, across_schools=True)


def year_figures(team: YearTeam) -> dict:
    """The figures of a year: a school's with the team-health rules, a group's its own."""
    return figures_of(team.context) if team.context is not None else group_figures(team)


# --- two years side by side ------------------------------------------------------------


@dataclass
class YearView:
    """One year as the comparison reads it: the current one live, a closed one recorded."""

    start_year: int
    figures: dict
    people: dict[int, str]
    current: bool = False
    record: YearRecord | None = None

    @property
    def label(self) -> str:
        return school_year_label(self.start_year)

    @property
    def coverage(self) -> int | None:
        tasks = self.figures.get("tasks", 0)
        return round(100 * self.figures.get("covered", 0) / tasks) if tasks else None


def current_year_view(*, owner: Owner, start_year: int) -> YearView:
    team = year_team(owner=owner)
    return YearView(
        start_year=start_year,
        figures=year_figures(team),
        people={member.pk: member.person.name for member in team.people},
        current=True,
    )


def record_view(record: YearRecord) -> YearView:
    return YearView(
        start_year=record.start_year,
        figures=record.figures,
        # Who left at the rollover was no longer there in the new year, but was in this one.
        people={member["id"]: member["name"] for member in record.team},
        record=record,
    )


@dataclass(frozen=True)
class CompareRow:
    label: str
    first: object
    second: object
    difference: object = None


@dataclass(frozen=True)
class HealthCompareRow:
    rule: str
    title: str
    severity: str
    first: int
    second: int


@dataclass
class Comparison:
    first: YearView
    second: YearView
    clusters: list[CompareRow] = field(default_factory=list)
    coverage: list[CompareRow] = field(default_factory=list)
    health: list[HealthCompareRow] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)


def _percent(covered: int, tasks: int) -> int | None:
    return round(100 * covered / tasks) if tasks else None


def _difference(first, second):
    if first is None or second is None:
        return None
    return second - first


def compare_years(*, first: YearView, second: YearView) -> Comparison:
    """Two years side by side, the earlier one first: what changed from one to the other."""
    if first.start_year > second.start_year:
        first, second = second, first
    comparison = Comparison(first=first, second=second)
    for key, label in Cluster.choices:
        a = first.figures.get("clusters", {}).get(key, {})
        b = second.figures.get("clusters", {}).get(key, {})
        hours_a, hours_b = Decimal(a.get("hours", "0")), Decimal(b.get("hours", "0"))
        comparison.clusters.append(CompareRow(str(label), hours_a, hours_b, hours_b - hours_a))
        pct_a = _percent(a.get("covered", 0), a.get("tasks", 0))
        pct_b = _percent(b.get("covered", 0), b.get("tasks", 0))
        comparison.coverage.append(CompareRow(str(label), pct_a, pct_b, _difference(pct_a, pct_b)))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    worst: dict[str, str] = {}
    for index, view in enumerate((first, second)):
        for finding in view.figures.get("health", []):
            counts[finding["rule"]][index] += 1
            severity = finding["severity"]
            if SEVERITY_ORDER.get(severity, 9) < SEVERITY_ORDER.get(worst.get(finding["rule"]), 9):
                worst[finding["rule"]] = severity
    for key, rule in HEALTH_RULES.items():
        if key in counts:
            comparison.health.append(
                HealthCompareRow(key, str(rule.title), worst[key], *counts.pop(key))
            )
    # A rule since removed from the registry still counts, under its key.
    for key, (a, b) in sorted(counts.items()):
        comparison.health.append(HealthCompareRow(key, key, worst[key], a, b))
    comparison.joined = sorted(name for pk, name in second.people.items() if pk not in first.people)
    comparison.left = sorted(name for pk, name in first.people.items() if pk not in second.people)
    return comparison


# --- the plan's actions and evaluations by school year --------------------------------------


@dataclass
class YearItems:
    start_year: int | None
    actions: list[ActionItem] = field(default_factory=list)
    evaluations: list[Evaluation] = field(default_factory=list)

    @property
    def label(self) -> str:
        return school_year_label(self.start_year) if self.start_year is not None else ""


def plan_items_by_year(*, owner: Owner) -> list[YearItems]:
    """The plan's action items (by their date) and evaluations (by theirs) per school year,
    newest year first; items without a date last. Three queries."""
    plan = plan_for(owner=owner)
    if plan is None:
        return []
    years: dict[int | None, YearItems] = {}

    def year(day) -> YearItems:
        key = school_year_of(day) if day is not None else None
        return years.setdefault(key, YearItems(key))

    for item in ActionItem.objects.filter(plan=plan, withdrawn_at__isnull=True).order_by(
        "due", "pk"
    ):
        year(item.due).actions.append(item)
    for evaluation in Evaluation.objects.filter(plan=plan).order_by("date", "pk"):
        year(evaluation.date).evaluations.append(evaluation)
    dated = sorted((key for key in years if key is not None), reverse=True)
    return [years[key] for key in dated] + ([years[None]] if None in years else [])
