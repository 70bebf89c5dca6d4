"""Where the tasks people hold ask more than their self-assessment says, where a team is
thin, which schools of a group share a gap, and the professional development plan.

The gap rule (``required_level``), resting on chapter 1 of the report:

- a task that needs a competence asks at least *Basic* in it of everyone who holds it:
  even the tasks others can take on ask "a basic affinity to ICT";
- a core task, or a mandate to decide or to lead, asks at least *Good*: core tasks are of
  "strategic importance" and need "sufficient technical competences in combination with
  other (pedagogical, administrative, or policy-based) competences", and whoever decides
  or is the contact point answers for the task as a whole.

A team is *thin* in a competence its tasks need when nobody in it reaches Good: the
report's T-PAB asks the combination of technical, pedagogical, administrative and policy
competences of the team together, since "having all these competence areas developed to
a high degree appears impossible for one person".

Every function runs a fixed number of SQL queries, whatever the size of the team, the
task list or the group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field

from django.db.models import Case
from django.db.models import F
from django.db.models import IntegerField
from django.db.models import Value
from django.db.models import When
from django.utils.translation import gettext_lazy

from development.models import DevelopmentItem
from development.models import ItemStatus
from development.routes import Route
from development.routes import suggest_routes
from schools.models import School
from schools.models import SchoolGroup
from tasks.models import COMPETENCE_FIELDS
from tasks.models import Competence
from tasks.models import ListTask
from tasks.models import localized
from tasks.selectors import cluster_rank
from teams.models import Assignment
from teams.models import Level
from teams.models import Person
from teams.models import PersonSchool
from teams.selectors import COMPETENCE_LEVEL_FIELDS
from teams.selectors import MOTIVATION_LEVEL_FIELDS

# Where the rule comes from, shown beside the gaps.
RULE_SOURCE = gettext_lazy(
    "Chapter 1, Core tasks of the ICT coordinator; But above all: a combination of "
    "competences (T-PAB)"
)

MANDATE_FIELDS = ("decides", "executes", "monitors", "lead")


def required_level(*, is_core: bool, decides: bool, lead: bool) -> int:
    """The level a task asks, in each competence it needs, of one holder (see above)."""
    if is_core or decides or lead:
        return Level.GOOD
    return Level.BASIC


def competence_level(person: Person, competence: str) -> int:
    return getattr(person, COMPETENCE_LEVEL_FIELDS[competence])


def _level_label(level: int) -> str:
    return str(Level(level).label)


def _competence_label(competence: str) -> str:
    return str(Competence(competence).label)


@dataclass(frozen=True)
class TaskAsk:
    """One task a person holds that asks more of a competence than they have."""

    entry: ListTask
    required: int
    mandates: tuple[str, ...]

    @property
    def task(self):
        return self.entry.task

    @property
    def required_label(self) -> str:
        return _level_label(self.required)


@dataclass
class CompetenceGap:
    """A person short of a competence their tasks ask: what to put on the plan."""

    person: Person
    competence: str
    actual: int
    required: int
    tasks: list[TaskAsk]
    schools_sharing: int = 1
    # The team is thin in this competence and this person is the one to grow it.
    team_candidate: bool = False

    @property
    def label(self) -> str:
        return _competence_label(self.competence)

    @property
    def actual_label(self) -> str:
        return _level_label(self.actual)

    @property
    def required_label(self) -> str:
        return _level_label(self.required)

    @property
    def entry(self) -> ListTask | None:
        """The task that asks the most (the first such on the list), for a plan item."""
        if not self.tasks:
            return None
        return max(self.tasks, key=lambda ask: ask.required).entry

    @property
    def routes(self) -> list[Route]:
        return suggest_routes(
            competence=self.competence,
            required=self.required,
            actual=self.actual,
            schools_sharing=self.schools_sharing,
        )


@dataclass
class PersonDevelopment:
    person: Person
    gaps: list[CompetenceGap]


@dataclass
class ClusterDepth:
    """How well a team covers one competence of T-PAB."""

    competence: str
    # Team tasks that need this competence.
    tasks_needing: int
    # Team members at Good or better.
    strong: int
    # The team member to grow it when the team is thin: the most motivated, then the
    # most competent (the report: distribution "depends mainly on who within the school
    # has which competences, motivation and expertise").
    candidate: Person | None
    schools_sharing: int = 1

    @property
    def label(self) -> str:
        return _competence_label(self.competence)

    @property
    def thin(self) -> bool:
        return self.tasks_needing > 0 and self.strong == 0

    @property
    def candidate_gap(self) -> CompetenceGap | None:
        if not self.thin or self.candidate is None:
            return None
        return CompetenceGap(
            person=self.candidate,
            competence=self.competence,
            actual=competence_level(self.candidate, self.competence),
            required=Level.GOOD,
            tasks=[],
            schools_sharing=self.schools_sharing,
            team_candidate=True,
        )


@dataclass
class TeamDevelopment:
    """A school team's gaps: per person, and per competence for the team as a whole."""

    school: School
    people: list[Person]
    task_count: int
    people_gaps: list[PersonDevelopment]
    clusters: list[ClusterDepth]
    # Schools of the group (this one included), to read ``schools_sharing`` against.
    group_schools: int = 1

    @property
    def thin_clusters(self) -> list[ClusterDepth]:
        return [c for c in self.clusters if c.thin]

    @property
    def gap_competences(self) -> set[str]:
        """Competences in which the team is thin or someone is short for their tasks."""
        found = {c.competence for c in self.thin_clusters}
        for person in self.people_gaps:
            found.update(gap.competence for gap in person.gaps)
        return found

    def for_person(self, person_id: int) -> PersonDevelopment | None:
        return next((p for p in self.people_gaps if p.person.pk == person_id), None)


def _analyse(schools: list[School]) -> dict[int, TeamDevelopment]:
    """Every given school's team development, in four queries for all of them."""
    ids = [school.pk for school in schools]
    teams: dict[int, list[Person]] = defaultdict(list)
    # Own people first, then group-level people who serve the school, as the team pages.
    for person in Person.objects.filter(school_id__in=ids).order_by("name", "pk"):
        teams[person.school_id].append(person)
    for share in (
        PersonSchool.objects.filter(school_id__in=ids)
        .select_related("person")
        .order_by("person__name", "person__pk")
    ):
        teams[share.school_id].append(share.person)
    entries: dict[int, list[ListTask]] = defaultdict(list)
    for entry in (
        ListTask.objects.filter(school_id__in=ids)
        .team_tasks()
        .select_related("task")
        .order_by(cluster_rank("task__"), localized("topic", prefix="task__"), "task__code")
    ):
        entries[entry.school_id].append(entry)
    held: dict[int, list[dict]] = defaultdict(list)
    for row in Assignment.objects.filter(school_id__in=ids).values(
        "school_id", "person_id", "list_task_id", *MANDATE_FIELDS
    ):
        held[row["school_id"]].append(row)
    return {
        school.pk: _team(school, teams[school.pk], entries[school.pk], held[school.pk])
        for school in schools
    }


def _team(
    school: School, people: list[Person], entries: list[ListTask], held: Iterable[dict]
) -> TeamDevelopment:
    persons = {p.pk: p for p in people}
    by_entry = {e.pk: e for e in entries}
    asks: dict[tuple[int, str], list[TaskAsk]] = defaultdict(list)
    for row in held:
        person = persons.get(row["person_id"])
        entry = by_entry.get(row["list_task_id"])
        if person is None or entry is None:
            continue
        task = entry.task
        required = required_level(is_core=task.is_core, decides=row["decides"], lead=row["lead"])
        mandates = tuple(name for name in MANDATE_FIELDS if row[name])
        for competence in task.competences:
            if competence_level(person, competence) < required:
                asks[(person.pk, competence)].append(TaskAsk(entry, required, mandates))
    people_gaps = []
    for person in people:
        gaps = [
            CompetenceGap(
                person=person,
                competence=competence,
                actual=competence_level(person, competence),
                required=max(ask.required for ask in asks[(person.pk, competence)]),
                tasks=asks[(person.pk, competence)],
            )
            for competence in Competence.values
            if (person.pk, competence) in asks
        ]
        if gaps:
            people_gaps.append(PersonDevelopment(person, gaps))
    clusters = []
    for competence in Competence.values:
        needing = sum(1 for e in entries if getattr(e.task, COMPETENCE_FIELDS[competence]))
        strong = sum(1 for p in people if competence_level(p, competence) >= Level.GOOD)
        candidate = max(
            people,
            key=lambda p: (
                getattr(p, MOTIVATION_LEVEL_FIELDS[competence]),
                competence_level(p, competence),
            ),
            default=None,
        )
        clusters.append(ClusterDepth(competence, needing, strong, candidate))
    return TeamDevelopment(school, people, len(entries), people_gaps, clusters)


def _share_counts(team: TeamDevelopment, counts: dict[str, int], schools: int) -> None:
    team.group_schools = schools
    for cluster in team.clusters:
        cluster.schools_sharing = counts.get(cluster.competence, 0)
    for person in team.people_gaps:
        for gap in person.gaps:
            gap.schools_sharing = counts.get(gap.competence, 0)


def team_development(*, school: School) -> TeamDevelopment:
    """A school team's gaps, each with how many schools of the group share it (five
    queries: the group's schools, then four for all their teams)."""
    schools = list(School.objects.filter(group_id=school.group_id).order_by("name", "pk"))
    analyses = _analyse(schools)
    counts: dict[str, int] = defaultdict(int)
    for analysis in analyses.values():
        for competence in analysis.gap_competences:
            counts[competence] += 1
    team = analyses[school.pk]
    _share_counts(team, counts, len(schools))
    return team


# --- the group ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupCluster:
    """One competence across a group's schools: counts only, never people."""

    competence: str
    schools_with_gap: int
    schools_thin: int
    people_short: int
    school_names: tuple[str, ...]

    @property
    def label(self) -> str:
        return _competence_label(self.competence)

    @property
    def shared(self) -> bool:
        """Shared by two or more schools: a case for in-service training at group level."""
        return self.schools_with_gap >= 2


@dataclass(frozen=True)
class GroupDevelopment:
    group: SchoolGroup
    school_count: int
    clusters: list[GroupCluster]
    # Per school (by name): the competences it has a gap in.
    schools: list[tuple[School, list[str]]] = field(default_factory=list)


def group_development(*, group: SchoolGroup) -> GroupDevelopment:
    """How many of a group's schools share a gap in each competence (five queries).

    For the group's own roles: schools by name, people only as counts.
    """
    schools = list(School.objects.filter(group=group).order_by("name", "pk"))
    analyses = _analyse(schools)
    clusters = []
    for competence in Competence.values:
        with_gap = [s for s in schools if competence in analyses[s.pk].gap_competences]
        thin = sum(
            1
            for s in schools
            if any(c.competence == competence and c.thin for c in analyses[s.pk].clusters)
        )
        short = sum(
            1
            for s in schools
            for p in analyses[s.pk].people_gaps
            if any(g.competence == competence for g in p.gaps)
        )
        clusters.append(
            GroupCluster(competence, len(with_gap), thin, short, tuple(s.name for s in with_gap))
        )
    rows = [
        (
            s,
            [
                _competence_label(key)
                for key in Competence.values
                if key in analyses[s.pk].gap_competences
            ],
        )
        for s in schools
    ]
    return GroupDevelopment(group, len(schools), clusters, rows)


# --- the plan ----------------------------------------------------------------------------


def plan_items(*, school: School, person: Person | None = None) -> list[DevelopmentItem]:
    """The school's plan items, open ones first (one query)."""
    items = DevelopmentItem.objects.filter(school=school)
    if person is not None:
        items = items.filter(person=person)
    status_rank = Case(
        *(When(status=key, then=Value(rank)) for rank, key in enumerate(ItemStatus.values)),
        output_field=IntegerField(),
    )
    return list(
        items.select_related("person", "list_task__task").order_by(
            status_rank,
            F("school_year").asc(nulls_last=True),
            "term",
            F("due").asc(nulls_last=True),
            "person__name",
            "pk",
        )
    )


@dataclass
class DevelopmentPlan:
    """What the professional development plan's section shows, on a page or in a PDF."""

    school: School
    items: list[DevelopmentItem]
    thin_clusters: list[ClusterDepth]

    @property
    def counts(self) -> list[tuple[str, int]]:
        return [
            (str(label), sum(1 for item in self.items if item.status == key))
            for key, label in ItemStatus.choices
        ]


def development_plan(*, school: School) -> DevelopmentPlan:
    """The school's professional development plan and where its team is thin, for the
    ICT policy plan (``templates/development/_plan_section.html``; five queries)."""
    team = _analyse([school])[school.pk]
    return DevelopmentPlan(
        school=school, items=plan_items(school=school), thin_clusters=team.thin_clusters
    )
