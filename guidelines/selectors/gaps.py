"""Step 6 of the plan: the gaps in the team (``gap_analysis``): each team task nobody does,
or that no one is competent or motivated for, with the report's advice to recruit,
outsource or divide it and the decision the school took.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from operator import attrgetter

from django.db import router
from django.db.models import Case
from django.db.models import F
from django.db.models import QuerySet
from django.db.models import When

from guidelines.flowchart import DROP
from guidelines.flowchart import INTERNAL
from guidelines.flowchart import OUTSOURCE
from guidelines.flowchart import RECRUIT
from guidelines.flowchart import ROUTES
from guidelines.flowchart import RouteAdvice
from guidelines.flowchart import gap_advice
from guidelines.models import GapDecision
from guidelines.models import TransitionPlan
from guidelines.selectors.task_list import DROPPED_TASK_FIELDS
from schools.compiled import compiled_rows
from schools.compiled import made
from schools.compiled import row_instance
from schools.kept import Kept
from tasks.models import COMPETENCE_FIELDS
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import Task
from teams.models import Person
from teams.selectors import SchoolTeam
from teams.selectors import team_gaps
from teams.selectors.matrix import ENTRY_FIELDS

# --- step 6: gaps, and recruit or outsource -----------------------------------------------

MOTIVATED_LEVEL = 1


def motivated(person: Person, task) -> bool:
    """Whether a person is motivated for every cluster of competence a task needs."""
    return all(
        getattr(person, f"motivation_{key}") >= MOTIVATED_LEVEL
        for key, task_field in COMPETENCE_FIELDS.items()
        if getattr(task, task_field)
    )


@dataclass(frozen=True)
class GapTask:
    """A task nobody with the expertise and the motivation carries out, or could."""

    entry: ListTask
    # What step 6's rules suggest, and why (the rule and whom the report names).
    advice: RouteAdvice
    decision: GapDecision | None

    @property
    def task(self):
        return self.entry.task

    @property
    def suggested(self) -> str:
        return self.advice.route

    @property
    def route(self) -> str:
        return self.decision.route if self.decision else self.suggested

    @property
    def route_info(self):
        return ROUTES[self.route]

    @property
    def suggested_info(self):
        return ROUTES[self.suggested]

    @property
    def overridden(self) -> bool:
        return self.decision is not None and self.decision.route != self.suggested

    @property
    def suggested_by(self) -> str:
        """Whom the report names inside for this task, as it names them."""
        return ", ".join(str(actor.label) for actor in self.advice.insiders)

    @property
    def taken_by(self) -> str:
        if self.decision is not None and self.decision.route == INTERNAL:
            return self.decision.taken_by or self.suggested_by
        return self.suggested_by if self.route == INTERNAL else ""


@dataclass(frozen=True)
class ToDivide:
    """A task no capable person executes yet, with the people who could and want to."""

    entry: ListTask
    candidates: tuple[Person, ...]

    @property
    def task(self):
        return self.entry.task


@dataclass
class GapAnalysis:
    gaps: list[GapTask]
    to_divide: list[ToDivide]
    # Gap tasks the plan dropped in step 6: off the task list (step 5's horizon), kept here.
    dropped: list[GapDecision] = field(default_factory=list)
    # The action plan's HTML of these gaps by language, written once for an analysis the
    # action plan keeps (``_PLAN_TEAMS``).
    written: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def _with(self, route: str) -> list[GapTask]:
        return [gap for gap in self.gaps if gap.route == route]

    @property
    def recruit(self) -> list[GapTask]:
        return self._with(RECRUIT)

    @property
    def outsource(self) -> list[GapTask]:
        return self._with(OUTSOURCE)

    @property
    def internal(self) -> list[GapTask]:
        return self._with(INTERNAL)

    @property
    def to_drop(self) -> list[GapTask]:
        return self._with(DROP)

    @property
    def undecided(self) -> list[GapTask]:
        return [gap for gap in self.gaps if gap.decision is None]

    @property
    def by_route(self) -> list[tuple[list[GapTask], object]]:
        """The gaps per route, in the order of the report's rules, with the route (the
        gaps gone through once, not once a route)."""
        keys = (RECRUIT, OUTSOURCE, INTERNAL, DROP)
        found: dict[str, list[GapTask]] = {key: [] for key in keys}
        for gap in self.gaps:
            route = found.get(gap.route)
            if route is not None:
                route.append(gap)
        return [(found[key], ROUTES[key]) for key in keys]


def suggested_advice(task) -> RouteAdvice:
    # Step 6's rules take the competences a task needs under the competences' own names.
    return gap_advice(
        strategic=task.is_core,
        cluster=task.cluster,
        also_by=tuple(task.also_by or ()),
        **{key: getattr(task, name) for key, name in COMPETENCE_FIELDS.items()},
    )


def suggested_route(task) -> str:
    return suggested_advice(task).route


# Step 6's advice for each combination of the fields its rules read (the needs, whether
# the task is core, its cluster, whom the catalogue names), kept for the process: the
# rules are fixed and their advice immutable, and a team's gaps came to some sixty
# combinations, each worked out again on every request. A catalogue has a few hundred
# at most; the bound only guards against an unforeseen one. Equal advice (the same route
# and actors) is kept as one object, under its route and actors' keys.
_ADVICE: Kept[tuple, RouteAdvice] = Kept(4096)


def _one_advice(task: Task) -> RouteAdvice:
    """Step 6's advice for the task, one object for equal advice: the pages name its
    insiders once an object."""
    advice = suggested_advice(task)
    return _ADVICE.get(
        (advice.route, tuple(actor.actor for actor in advice.actors)), lambda: advice
    )


DECISION_FIELDS = tuple(field.attname for field in GapDecision._meta.concrete_fields)


# A decision's entry and task are read with it only for a dropped task (``CASE``, NULL
# otherwise): the entry of any other decision that counts is one of the gaps' entries,
# and a hundred rows of entry columns nobody reads cost more to receive than the join.
_DROPPED_ENTRY = tuple(f"dropped_entry_{name}" for name in ENTRY_FIELDS)
_DROPPED_TASK = tuple(f"dropped_task_{name}" for name in DROPPED_TASK_FIELDS)


def _gap_decision_rows(plan_id: int) -> QuerySet:
    def dropped(name: str) -> Case:
        return Case(When(route=DROP, then=F(name)))

    return (
        GapDecision.objects.filter(plan_id=plan_id)
        .annotate(
            **{
                alias: dropped(f"list_task__{name}")
                for alias, name in zip(_DROPPED_ENTRY, ENTRY_FIELDS, strict=True)
            },
            **{
                alias: dropped(f"list_task__task__{name}")
                for alias, name in zip(_DROPPED_TASK, DROPPED_TASK_FIELDS, strict=True)
            },
        )
        .values_list(*DECISION_FIELDS, *_DROPPED_ENTRY, *_DROPPED_TASK)
    )


def _gap_decisions(*, plan: TransitionPlan, entries: dict[int, ListTask]) -> list[GapDecision]:
    """The plan's gap decisions from plain rows (one query, compiled once per process:
    building its three-table join cost Django more than running it), each with its entry
    where the analysis reads it: the gap's own entry where the team still has the task,
    else, for a dropped task, an entry read with the decision with what is printed of its
    task (the rest deferred). Any other decision is not the analysis's (neither a gap's
    nor a dropped task's), and its entry is read as the ORM reads a relation, if ever. A
    team that has just started decides on a hundred gaps and more."""
    rows = compiled_rows(_gap_decision_rows, convert=True, plan_id=plan.pk)
    db = router.db_for_read(GapDecision)
    entry_at, task_at = len(DECISION_FIELDS), len(DECISION_FIELDS) + len(ENTRY_FIELDS)
    found = []
    for row in rows:
        decision = row_instance(GapDecision, DECISION_FIELDS, row[:entry_at], db)
        entry = entries.get(decision.list_task_id)
        if entry is None and decision.route == DROP:
            entry = row_instance(ListTask, ENTRY_FIELDS, row[entry_at:task_at], db)
            task = row_instance(Task, DROPPED_TASK_FIELDS, row[task_at:], db)
            entry._state.fields_cache["task"] = task
        if entry is not None:
            decision._state.fields_cache["list_task"] = entry
        found.append(decision)
    return found


def gap_analysis(
    *,
    plan: TransitionPlan,
    team: SchoolTeam | None = None,
    decisions: list[GapDecision] | None = None,
) -> GapAnalysis:
    """Step 6: the team builder's gaps, sorted by who could take them on.

    A task with a capable and motivated candidate is for dividing in step 7; without one
    it is a gap: to recruit for, to outsource, to give to someone inside or to drop (the
    report's rules, or the plan's decision). Tasks already placed with an external firm
    are decided. Four queries (one with the school's ``team`` read already, none with
    its ``decisions`` too: each given the entry of its gap here).
    """
    owner = plan.owner
    raw = [
        gap for gap in team_gaps(owner=owner, team=team) if gap.entry.level != ListLevel.OUTSOURCED
    ]
    entries = {gap.entry.id: gap.entry for gap in raw}
    if decisions is None:
        all_decisions = _gap_decisions(plan=plan, entries=entries)
    else:
        # Read already (the action plan's): each gap's decision given its gap's entry.
        all_decisions = decisions
        for decision in all_decisions:
            entry = entries.get(decision.list_task_id)
            if entry is not None:
                decision._state.fields_cache["list_task"] = entry
    by_entry = {decision.list_task_id: decision for decision in all_decisions}
    # Strategic tasks first: they are the ones the school cannot do without (a stable
    # partition, as a sort on ``not is_core`` would give).
    core: list[GapTask] = []
    others: list[GapTask] = []
    to_divide: list[ToDivide] = []
    # Who is motivated depends on the competences a task needs, and step 6's advice on
    # those and a few more of the task's fields: each worked out once for each
    # combination (a handful), not once per task.
    willing_for: dict[tuple, tuple[Person, ...]] = {}
    needs_of = attrgetter(*COMPETENCE_FIELDS.values())
    for gap in raw:
        entry = gap.entry
        task = entry.task
        needs = needs_of(task)
        # The candidates too depend only on the needs (``team_gaps``).
        willing = willing_for.get(needs)
        if willing is None:
            willing = willing_for[needs] = tuple(p for p in gap.candidates if motivated(p, task))
        if willing:
            to_divide.append(made(ToDivide, entry=entry, candidates=willing))
            continue
        is_core = task.is_core
        rules = (needs, is_core, task.cluster, tuple(task.also_by or ()))
        advice = _ADVICE.get(rules, lambda task=task: _one_advice(task))
        gap = made(GapTask, entry=entry, advice=advice, decision=by_entry.get(entry.id))
        (core if is_core else others).append(gap)
    gaps = core + others
    gap_ids = {gap.entry.id for gap in gaps}
    dropped = [
        decision
        for decision in all_decisions
        if decision.route == DROP and decision.list_task_id not in gap_ids
    ]
    return GapAnalysis(gaps=gaps, to_divide=to_divide, dropped=dropped)
