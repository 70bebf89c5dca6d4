"""Reads of transition plans. Every function runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from operator import attrgetter
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import router
from django.db.models import Case
from django.db.models import Count
from django.db.models import Exists
from django.db.models import F
from django.db.models import IntegerField
from django.db.models import Model
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import TextField
from django.db.models import Value
from django.db.models import When
from django.urls import NoReverseMatch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guidelines.flowchart import ADULT_CENTRE_LEADS
from guidelines.flowchart import DROP
from guidelines.flowchart import FLOWCHART
from guidelines.flowchart import ICT_COORDINATOR
from guidelines.flowchart import INTERNAL
from guidelines.flowchart import LEADER
from guidelines.flowchart import OUTSOURCE
from guidelines.flowchart import RECRUIT
from guidelines.flowchart import ROUTES
from guidelines.flowchart import WORK_TEAM
from guidelines.flowchart import Advice
from guidelines.flowchart import Answer as AnswerDef
from guidelines.flowchart import ChecklistItem
from guidelines.flowchart import End
from guidelines.flowchart import Node
from guidelines.flowchart import Phase
from guidelines.flowchart import RouteAdvice
from guidelines.flowchart import Step
from guidelines.flowchart import Walk
from guidelines.flowchart import advice_for
from guidelines.flowchart import gap_advice
from guidelines.models import ActionItem
from guidelines.models import Answer
from guidelines.models import Evaluation
from guidelines.models import GapDecision
from guidelines.models import PlanStatus
from guidelines.models import Resources
from guidelines.models import TransitionPlan
from guidelines.services import NEXT_EVALUATION
from guidelines.services import plan_walk
from schools.access import CAN_MANAGE
from schools.access import Owner
from schools.access import has_role
from schools.access import owner_kwargs
from schools.compiled import compiled_rows
from schools.compiled import flag
from schools.compiled import made
from schools.compiled import row_instance
from schools.compiled import summed
from schools.kept import Kept
from schools.models import EducationLevel
from schools.models import School
from schools.reversing import process_urls
from schools.reversing import row_url_for
from tasks.models import COMPETENCE_FIELDS
from tasks.models import TEAM_TASK
from tasks.models import TEXT_LANGUAGES
from tasks.models import Horizon
from tasks.models import LevelReason
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import Task
from tasks.selectors import cluster_rank
from teams.models import Agreement
from teams.models import Assignment
from teams.models import ConsultationGroup
from teams.models import ConsultationKind
from teams.models import Person
from teams.models import PersonSchool
from teams.selectors import SchoolTeam
from teams.selectors import school_team
from teams.selectors import team_gaps
from teams.selectors.matrix import ENTRY_FIELDS


def _plan_rows(plans: QuerySet, resources: bool) -> QuerySet:
    # With its resources, one-to-one, on the plan's row: NULLs before they are recorded.
    joined = (f"resources__{name}" for name in RESOURCES_FIELDS) if resources else ()
    return plans.order_by("pk").values_list(*PLAN_FIELDS, *joined)[:1]


def _school_plan(school_id: int, *, resources: bool = False) -> QuerySet:
    return _plan_rows(TransitionPlan.objects.filter(school_id=school_id), resources)


def _group_plan(group_id: int, *, resources: bool = False) -> QuerySet:
    return _plan_rows(TransitionPlan.objects.filter(group_id=group_id), resources)


# Where a plan read with its resources keeps them for ``resources_of``: not Django's own
# cache of ``plan.resources``, which creating the resources fills with what was given.
_RESOURCES = "_resources_read"


def plan_for(*, owner: Owner, resources: bool = False) -> TransitionPlan | None:
    """The owner's plan, or None before it is started (one query, compiled once per
    process: every page of the plan, the documents page and the years' pages read it).
    With ``resources``, step 4's resources come on the same row, for ``resources_of``
    (the action plan)."""
    options = {"resources": resources}
    if isinstance(owner, School):
        rows = compiled_rows(_school_plan, options=options, convert=True, school_id=owner.pk)
    else:
        rows = compiled_rows(_group_plan, options=options, convert=True, group_id=owner.pk)
    if not rows:
        return None
    db = router.db_for_read(TransitionPlan)
    split = len(PLAN_FIELDS)
    plan = row_instance(TransitionPlan, PLAN_FIELDS, rows[0][:split], db)
    if resources:
        values = rows[0][split:]
        found = None
        if values[0] is not None:
            found = row_instance(Resources, RESOURCES_FIELDS, values, db)
            found._state.fields_cache["plan"] = plan
        setattr(plan, _RESOURCES, found)
    return plan


def is_adult_centre(owner: Owner) -> bool:
    return isinstance(owner, School) and owner.education_level == EducationLevel.ADULT


def lead_label(*, plan: TransitionPlan, owner: Owner) -> str:
    """Who leads from step 4 on, named for an adult education centre as the report does."""
    if not plan.lead:
        return ""
    if is_adult_centre(owner):
        return str(ADULT_CENTRE_LEADS[plan.lead])
    return str(plan.get_lead_display())


def advice_role(*, user, owner: Owner) -> str:
    """Whose advice a user sees first: leaders and group admins the leader's, others the
    ICT coordinator's (ICT coordinators and team members)."""
    if has_role(user, owner, CAN_MANAGE):
        return LEADER
    return ICT_COORDINATOR


# --- where a plan stands ----------------------------------------------------------------


@dataclass(frozen=True)
class PathEntry:
    node: Node
    value: str
    answer_def: AnswerDef | None
    record: Answer | None
    is_current: bool


@dataclass(frozen=True)
class StepProgress:
    step: Step
    # done, current, paused or todo
    state: str
    # The node a link to this step opens: its node on the path, or none yet.
    node_id: str


@dataclass(frozen=True)
class PhaseProgress:
    phase: Phase
    steps: list[StepProgress]

    @property
    def state(self) -> str:
        states = {step.state for step in self.steps}
        if states == {"done"}:
            return "done"
        if states == {"todo"}:
            return "todo"
        return "current"

    @property
    def done_count(self) -> int:
        return sum(1 for step in self.steps if step.state == "done")


@dataclass
class PlanState:
    plan: TransitionPlan
    walk: Walk
    answers: dict[str, Answer]
    path: list[PathEntry]
    phases: list[PhaseProgress]
    to_review: list[Answer] = field(default_factory=list)

    @property
    def current(self) -> Node:
        return FLOWCHART.node(self.walk.current)

    @property
    def paused_end(self) -> End | None:
        node = self.current
        return node if isinstance(node, End) and node.paused else None

    @property
    def finished(self) -> bool:
        node = self.current
        return isinstance(node, End) and not node.paused

    @property
    def steps_done(self) -> int:
        return sum(phase.done_count for phase in self.phases)

    @property
    def percent(self) -> int:
        return round(100 * self.steps_done / len(FLOWCHART.steps))

    @property
    def answered_path(self) -> list[PathEntry]:
        return [entry for entry in self.path if entry.value]

    def on_path(self, node_id: str) -> bool:
        return node_id in self.walk.node_ids


def _fields(model: type[Model]) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


PLAN_FIELDS = _fields(TransitionPlan)
RESOURCES_FIELDS = _fields(Resources)
ANSWER_FIELDS = _fields(Answer)
ACTION_ITEM_FIELDS = _fields(ActionItem)
EVALUATION_FIELDS = _fields(Evaluation)
USER_FIELDS = _fields(get_user_model())


def _answer_rows(plan_id: int) -> QuerySet:
    return Answer.objects.filter(plan_id=plan_id).values_list(
        *ANSWER_FIELDS, *(f"answered_by__{name}" for name in USER_FIELDS)
    )


def _plan_parts(
    build, model: type[Model], fields: tuple[str, ...], *, plan: TransitionPlan, user: str = ""
) -> list:
    """A plan's answers, action items or evaluations as ``plan.<parts>`` reads them (with
    ``select_related(user)`` where given): the same model instances, built from plain rows
    of a query compiled once per process. Every page of the plan reads them, and building
    Django's query and its instances, some forty fields a row, cost more than running it."""
    rows = compiled_rows(build, convert=True, plan_id=plan.pk)
    db = router.db_for_read(model)
    user_model = get_user_model()
    split = len(fields)
    parts = []
    for row in rows:
        part = row_instance(model, fields, row[:split], db)
        cache = part._state.fields_cache
        cache["plan"] = plan
        if user:
            values = row[split:]
            cache[user] = (
                None if values[0] is None else row_instance(user_model, USER_FIELDS, values, db)
            )
        parts.append(part)
    return parts


def plan_state(*, plan: TransitionPlan) -> PlanState:
    """The plan's path, current node and progress by phase and step (one query)."""
    records = _plan_parts(_answer_rows, Answer, ANSWER_FIELDS, plan=plan, user="answered_by")
    by_node = {record.node_id: record for record in records}
    state = plan_walk(records)
    path = [
        PathEntry(
            node=FLOWCHART.node(node_id),
            value=value,
            answer_def=FLOWCHART.answer(node_id, value) if value else None,
            record=by_node.get(node_id) if value else None,
            is_current=node_id == state.current,
        )
        for node_id, value in state.path
    ]
    current = FLOWCHART.node(state.current)
    finished = isinstance(current, End) and not current.paused
    first_on_path: dict[int, str] = {}
    for node_id in state.node_ids:
        first_on_path.setdefault(FLOWCHART.node(node_id).step, node_id)
    phases = []
    for phase in FLOWCHART.phases:
        steps = []
        for number in phase.steps:
            if finished or (number < current.step and number in first_on_path):
                step_state = "done"
            elif number == current.step:
                step_state = "paused" if isinstance(current, End) else "current"
            else:
                step_state = "todo"
            steps.append(
                StepProgress(FLOWCHART.step(number), step_state, first_on_path.get(number, ""))
            )
        phases.append(PhaseProgress(phase, steps))
    return PlanState(
        plan=plan,
        walk=state,
        answers=by_node,
        path=path,
        phases=phases,
        to_review=[record for record in records if record.needs_review],
    )


# --- step 5: the customised task list ----------------------------------------------------

# What a decision's page prints of a task it dropped (off the task list, so not among the
# team's entries), and the action plan of a task to raise: its code and title.
DROPPED_TASK_FIELDS = ("id", "code", *(f"title_{code}" for code in TEXT_LANGUAGES))


# An entry to raise with the general director: its id, task, and what the action plan
# prints of the task (code and titles), NULL on every other entry.
# The entry's own id under a name of its own: its task's fields hold an ``id`` too.
_RAISED = (
    "raised_entry_id",
    "raised_task_id",
    *(f"raised_{name}" for name in DROPPED_TASK_FIELDS),
)


def _combinations_of(tasks: QuerySet) -> QuerySet:
    """The entries counted per combination of the five values step 5 counts, and each
    entry to raise with the general director a row of its own (with its task's code and
    titles, in the report's cluster order, then the code): one query for both."""

    def raised(name: str) -> Case:
        return Case(When(raise_with_director=True, then=F(name)))

    names = ("pk", "task_id", *(f"task__{name}" for name in DROPPED_TASK_FIELDS))
    return (
        tasks.annotate(
            raised_cluster=raised("task__cluster"),
            **{alias: raised(name) for alias, name in zip(_RAISED, names, strict=True)},
        )
        .values_list("applies", "task__is_core", "horizon", "level", "level_reason", *_RAISED)
        .annotate(n=Count("pk"))
        .order_by(cluster_rank("raised_"), "raised_code")
    )


def _school_combinations(school_id: int) -> QuerySet:
    return _combinations_of(ListTask.objects.filter(school_id=school_id))


def _group_combinations(group_id: int) -> QuerySet:
    return _combinations_of(ListTask.objects.filter(group_id=group_id))


def task_list_summary(*, owner: Owner) -> dict:
    """Counts of the customised list by applies, horizon, level and reason, and the
    tasks to raise with the general director (one query)."""
    # Counted per combination of the five values (a few dozen rows) and added up here:
    # one filtered count per figure made a query of twenty aggregates, slower to build
    # than to run.
    counts: dict = {"total": 0, "applying": 0, "core": 0}
    counts.update({f"horizon_{value}": 0 for value in Horizon.values})
    counts.update({f"level_{value}": 0 for value in ListLevel.values})
    counts.update({f"reason_{value}": 0 for value in LevelReason.values})
    # Compiled once per process (building the grouped query cost more than running it).
    if isinstance(owner, School):
        combinations = compiled_rows(_school_combinations, school_id=owner.pk)
    else:
        combinations = compiled_rows(_group_combinations, group_id=owner.pk)
    to_raise = []
    db = ListTask.objects.db
    for applies, is_core, horizon, level, reason, *raised, n in combinations:
        if raised[0] is not None:
            # The entry with its task's code and titles (the rest deferred): ids, a code
            # and titles need no conversion from the database's values.
            entry = row_instance(ListTask, ("id", "task_id"), raised[:2], db)
            entry._state.fields_cache["task"] = row_instance(
                Task, DROPPED_TASK_FIELDS, raised[2:], db
            )
            to_raise.append(entry)
        counts["total"] += n
        if not applies:
            continue
        counts["applying"] += n
        if is_core:
            counts["core"] += n
        if f"horizon_{horizon}" in counts:
            counts[f"horizon_{horizon}"] += n
        if horizon != Horizon.DROPPED and f"level_{level}" in counts:
            counts[f"level_{level}"] += n
        if f"reason_{reason}" in counts:
            counts[f"reason_{reason}"] += n
    counts["horizons"] = [(label, counts[f"horizon_{value}"]) for value, label in Horizon.choices]
    counts["levels"] = [(label, counts[f"level_{value}"]) for value, label in ListLevel.choices]
    counts["reasons"] = [(label, counts[f"reason_{value}"]) for value, label in LevelReason.choices]
    counts["to_raise"] = to_raise
    return counts


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


def gap_analysis(*, plan: TransitionPlan, team: SchoolTeam | None = None) -> GapAnalysis:
    """Step 6: the team builder's gaps, sorted by who could take them on.

    A task with a capable and motivated candidate is for dividing in step 7; without one
    it is a gap: to recruit for, to outsource, to give to someone inside or to drop (the
    report's rules, or the plan's decision). Tasks already placed with an external firm
    are decided. Four queries (one with the school's ``team`` read already).
    """
    owner = plan.owner
    raw = [
        gap for gap in team_gaps(owner=owner, team=team) if gap.entry.level != ListLevel.OUTSOURCED
    ]
    all_decisions = _gap_decisions(plan=plan, entries={gap.entry.id: gap.entry for gap in raw})
    decisions = {decision.list_task_id: decision for decision in all_decisions}
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
        gap = made(GapTask, entry=entry, advice=advice, decision=decisions.get(entry.id))
        (core if is_core else others).append(gap)
    gaps = core + others
    gap_ids = {gap.entry.id for gap in gaps}
    dropped = [
        decision
        for decision in all_decisions
        if decision.route == DROP and decision.list_task_id not in gap_ids
    ]
    return GapAnalysis(gaps=gaps, to_divide=to_divide, dropped=dropped)


# --- step 7: team actions -----------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    done: bool
    # True when the team builder's data decides; False for a box the user ticks.
    computed: bool = False
    detail: str = ""
    ticked: dict | None = None
    link: str = ""


def _url(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


# For rows that are counted, not shown: no link to reverse.
NO_LINKS: dict[str, str] = dict.fromkeys(
    ("team", "matrix", "mandates", "consultation", "agreements", "vacancy", "documents", "tasks"),
    "",
)


def team_links(*, owner: Owner) -> dict[str, str]:
    """Where step 7's team actions are done in the team builder."""
    if isinstance(owner, School):
        # Each address reversed once per process (``process_urls``), the school's slug
        # put in its place: eight ``reverse()`` a page were a tenth of a millisecond.
        urls = process_urls()

        def school_url(name: str) -> str:
            try:
                return row_url_for(urls, name, owner.slug)
            except NoReverseMatch:
                return ""

        return {
            "team": school_url("teams:overview"),
            "matrix": school_url("teams:matrix"),
            "mandates": school_url("teams:mandates"),
            "consultation": school_url("teams:consultation"),
            "agreements": school_url("teams:agreement_add"),
            "vacancy": school_url("teams:document_vacancy_new"),
            "documents": school_url("teams:documents"),
            "tasks": school_url("tasks:school_list"),
        }
    slug = {"group_slug": owner.slug}
    return {
        "team": _url("teams:group_people", **slug),
        "matrix": "",
        "mandates": "",
        "consultation": "",
        "agreements": "",
        "vacancy": "",
        "documents": "",
        "tasks": _url("tasks:group_list", **slug),
    }


@dataclass
class TeamFacts:
    """What step 7's computed team actions are decided from, for one owner."""

    people: list[PersonHours]
    tasks_total: int
    tasks_executed: int
    # Tasks with assignments, and those of them where someone decides, executes, monitors
    # and leads.
    mandated: int
    clear: int
    working: set[int]
    groups: list[tuple[str, str]]
    # None for a group, whose agreements the team builder does not keep.
    agreements: set[str] | None


# What the checklist reads of a person (``hours_available``): a person has some forty
# fields, and a team a hundred people or more.
PERSON_HOURS = ("ict_hours", "bpt_hours", "other_hours", "external_hours")


class PersonHours(NamedTuple):
    """What the checklist reads of a person: plain rows, not a model instance a person."""

    pk: int
    hours_available: Decimal


def _task_figures(tasks: QuerySet[ListTask], owner_field: str) -> QuerySet:
    """Each task a row: its owner and a 0 or 1 for each of ``TASK_COUNTS`` (a team task;
    a team task someone executes; a task with assignments; one where someone decides,
    executes, monitors and leads), which ``TASK_SUMS`` adds up per owner.

    The assignments come in one join grouped per task: an ``Exists`` per mandate made
    PostgreSQL probe them five times a task (ten schools' lists: 19 → 6 ms).
    """

    def given(**mandate: bool) -> Count:
        return Count(
            "assignments", filter=Q(**{f"assignments__{k}": v for k, v in mandate.items()})
        )

    return (
        tasks.values("pk", owner_key=F(owner_field))
        .annotate(
            assigned=Count("assignments"),
            deciding=given(decides=True),
            executing=given(executes=True),
            monitoring=given(monitors=True),
            leading=given(lead=True),
        )
        .annotate(
            total=flag(TEAM_TASK),
            executed=flag(TEAM_TASK & Q(executing__gt=0)),
            mandated=flag(Q(assigned__gt=0)),
            clear=flag(Q(deciding__gt=0, executing__gt=0, monitoring__gt=0, leading__gt=0)),
        )
        .values_list("owner_key", *TASK_COUNTS)
        .order_by()
    )


TASK_COUNTS = ("total", "executed", "mandated", "clear")
# Per owner, one row (none without tasks).
TASK_SUMS = summed(("owner_key",), TASK_COUNTS)


def _groups_and_agreements(groups: QuerySet, agreements: QuerySet | None) -> QuerySet:
    """The consultation groups and the agreements in place in one query: rows of
    ``(*key, kind, link)``, where an agreement's link is None (a group's is text, never
    NULL)."""
    # Without the models' default ordering: SQLite takes none inside a compound query.
    if agreements is None:
        return groups
    return groups.order_by().union(agreements.order_by(), all=True)


def _add_groups_and_agreements(facts: TeamFacts, rows) -> None:
    for kind, link in rows:
        if link is None:
            facts.agreements.add(kind)
        else:
            facts.groups.append((kind, link))


def _facts_of_team(team: SchoolTeam) -> TeamFacts:
    """``_team_facts`` of a school from its team read for the gaps (``school_team``): the
    same people, and the task counts from its mandates (an assignment is on its school's
    own list), so only the consultation groups and agreements are left to read."""
    facts = TeamFacts([], 0, 0, 0, 0, set(), [], set())
    for person in team.people:
        hours = (getattr(person, name) for name in PERSON_HOURS)
        facts.people.append(PersonHours(person.pk, sum(map(_decimal, hours), start=Decimal(0))))
    # Per entry with assignments: whether someone decides, executes, monitors, leads.
    held: dict[int, list[bool]] = {}
    for entry_id, person_id, *mandates in team.mandates:
        facts.working.add(person_id)
        given = held.get(entry_id)
        if given is None:
            held[entry_id] = [bool(mandate) for mandate in mandates]
        else:
            for n, mandate in enumerate(mandates):
                given[n] = given[n] or bool(mandate)
    facts.tasks_total = len(team.entries)
    facts.tasks_executed = sum(
        1 for entry in team.entries if entry.id in held and held[entry.id][1]
    )
    facts.mandated = len(held)
    facts.clear = sum(1 for given in held.values() if all(given))
    return facts


def _group_people(group_id: int) -> QuerySet:
    works = Assignment.objects.filter(list_task__group_id=group_id, person=OuterRef("pk"))
    return (
        Person.objects.filter(group_id=group_id)
        .annotate(works=Exists(works.order_by()))
        .values_list("pk", *PERSON_HOURS, "works")
        # Unordered: DISTINCT would read the ordering's name too.
        .order_by()
    )


def _group_task_counts(group_id: int) -> QuerySet:
    return _task_figures(ListTask.objects.filter(group_id=group_id), "group_id")


def _school_groups(school_id: int) -> QuerySet:
    return _groups_and_agreements(
        ConsultationGroup.objects.filter(school_id=school_id).values_list("kind", "group_link"),
        Agreement.objects.filter(school_id=school_id, in_place=True)
        .annotate(link=Value(None, output_field=TextField()))
        .values_list("kind", "link"),
    )


def _group_groups(group_id: int) -> QuerySet:
    # A group's agreements the team builder does not keep.
    return ConsultationGroup.objects.filter(group_id=group_id).values_list("kind", "group_link")


def _decimal(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _school_people_and_counts(school_id: int, group_id: int) -> QuerySet:
    """The school's people and its tasks' figures (``_task_figures``) in one query: rows
    of ``(kind, key, five numbers)``, a person (kind 0: its id, four hours and whether
    they work here, 1 or 0) or a task (kind 1: the school's id, its four figures and a
    0), which ``PEOPLE_AND_COUNTS`` adds up per school.

    The people are the school's own and the group's people who serve it, each once;
    whether they work here is tested per person, without the assignments' default
    ordering (a join to the people). Unordered: DISTINCT would read the ordering's name
    too."""
    works = Assignment.objects.filter(school_id=school_id, person=OuterRef("pk")).order_by()
    people = (
        Person.objects.filter(
            Q(school_id=school_id) | Q(group_id=group_id, school_shares__school_id=school_id)
        )
        .distinct()
        .annotate(
            kind=Value(0, output_field=IntegerField()),
            works=Case(When(Exists(works), then=Value(1)), default=Value(0)),
        )
        .values_list("kind", "pk", *PERSON_HOURS, "works")
        .order_by()
    )
    tasks = (
        _task_figures(ListTask.objects.filter(school_id=school_id), "school_id")
        .annotate(
            kind=Value(1, output_field=IntegerField()), after=Value(0, output_field=IntegerField())
        )
        .values_list("kind", "owner_key", *TASK_COUNTS, "after")
    )
    return people.union(tasks, all=True)


# Per person one row as it is; the tasks' figures added up, one row for the school (none
# without tasks). The columns are named as the people's.
PEOPLE_AND_COUNTS = (
    "SELECT kind, pk, "
    + ", ".join(f"SUM({name})" for name in (*PERSON_HOURS, "works"))
    + " FROM ({rows}) per_row GROUP BY kind, pk"
)


def _team_facts(*, owner: Owner) -> TeamFacts:
    """Compiled once per process: for a school two queries, the people (with whether they
    work on a task) with the task counts, and the consultation groups with the
    agreements; for a group three, the people and the counts apart."""
    is_school = isinstance(owner, School)
    if is_school:
        rows = compiled_rows(
            _school_people_and_counts,
            outer=PEOPLE_AND_COUNTS,
            school_id=owner.pk,
            group_id=owner.group_id,
        )
        people = [row[1:] for row in rows if row[0] == 0]
        counts = [row[1:6] for row in rows if row[0] == 1]
        groups = compiled_rows(_school_groups, school_id=owner.pk)
    else:
        people = compiled_rows(_group_people, group_id=owner.pk)
        counts = compiled_rows(_group_task_counts, outer=TASK_SUMS, group_id=owner.pk)
        groups = compiled_rows(_group_groups, group_id=owner.pk)
    facts = TeamFacts([], 0, 0, 0, 0, set(), [], set() if is_school else None)
    # The annotation last: a raw row has the fields first, whatever order values_list names.
    for pk, *hours, working in people:
        facts.people.append(PersonHours(pk, sum(map(_decimal, hours), start=Decimal(0))))
        if working:
            facts.working.add(pk)
    # Sums: a number of the database's own type (a decimal where the column is one).
    for _owner, total, executed, mandated, clear in counts:
        facts.tasks_total, facts.tasks_executed = int(total), int(executed)
        facts.mandated, facts.clear = int(mandated), int(clear)
    _add_groups_and_agreements(facts, groups)
    return facts


def _schools_people(school_ids: list[int]) -> QuerySet:
    # A school's own people and the group's people who serve it, each with whether they
    # work there; the annotation last, where a raw row has it. The assignments probed are
    # those of these schools, as the school they are matched with is: PostgreSQL hashes
    # the assignments they probe, which without it were every assignment in the
    # database (ten of a hundred schools: 6.7 -> 1.7 ms of its CPU).
    here = Assignment.objects.filter(school_id__in=school_ids)
    own = Person.objects.filter(school_id__in=school_ids).annotate(
        works=Exists(here.filter(person=OuterRef("pk"), school=OuterRef("school_id")))
    )
    shares = PersonSchool.objects.filter(
        school_id__in=school_ids, person__group_id=F("school__group_id")
    ).annotate(
        works=Exists(here.filter(person=OuterRef("person_id"), school=OuterRef("school_id")))
    )
    return (
        own.values_list("school_id", "pk", *PERSON_HOURS, "works")
        .order_by()
        .union(
            shares.values_list(
                "school_id", "person_id", *(f"person__{name}" for name in PERSON_HOURS), "works"
            ).order_by(),
            all=True,
        )
    )


def _schools_task_counts(school_ids: list[int]) -> QuerySet:
    return _task_figures(ListTask.objects.filter(school_id__in=school_ids), "school_id")


def _schools_groups(school_ids: list[int]) -> QuerySet:
    return _groups_and_agreements(
        ConsultationGroup.objects.filter(school_id__in=school_ids).values_list(
            "school_id", "kind", "group_link"
        ),
        Agreement.objects.filter(school_id__in=school_ids, in_place=True)
        .annotate(link=Value(None, output_field=TextField()))
        .values_list("school_id", "kind", "link"),
    )


def _school_team_facts(*, schools: list[School]) -> dict[int, TeamFacts]:
    """``_team_facts`` for many schools at once: three queries for any number, compiled
    once per process for each number of schools. Read as tuples: a group's schools have
    hundreds of people, and a model instance a person cost more than the rest of the
    checklist."""
    ids = [school.pk for school in schools]
    facts = {pk: TeamFacts([], 0, 0, 0, 0, set(), [], set()) for pk in ids}
    if not ids:
        return facts
    for school_id, pk, *hours, working in compiled_rows(_schools_people, school_ids=ids):
        facts[school_id].people.append(PersonHours(pk, sum(map(_decimal, hours), start=Decimal(0))))
        if working:
            facts[school_id].working.add(pk)
    for school_id, total, executed, mandated, clear in compiled_rows(
        _schools_task_counts, outer=TASK_SUMS, school_ids=ids
    ):
        each = facts[school_id]
        each.tasks_total, each.tasks_executed = total, executed
        each.mandated, each.clear = mandated, clear
    for school_id, kind, link in compiled_rows(_schools_groups, school_ids=ids):
        _add_groups_and_agreements(facts[school_id], [(kind, link)])
    return facts


def team_checklist(*, plan: TransitionPlan, team: SchoolTeam | None = None) -> list[ChecklistRow]:
    """Step 7's team actions, checked off from the team builder's data where it can be.

    Two queries for a school and three for a group (``_team_facts``); one, the
    consultation groups and agreements, with the school's ``team`` read already. A
    group's agreements the team builder does not keep: for a group those are boxes to
    tick.
    """
    owner = plan.owner
    if team is None:
        facts = _team_facts(owner=owner)
    else:
        facts = _facts_of_team(team)
        _add_groups_and_agreements(facts, compiled_rows(_school_groups, school_id=owner.pk))
    return _checklist(plan=plan, facts=facts, links=team_links(owner=owner))


def school_team_checklists(*, plans: list[TransitionPlan]) -> dict[int, list[ChecklistRow]]:
    """``team_checklist`` for many schools' plans in three queries, by plan; without the
    links to the team builder, for pages that only count what is open."""
    schools = [plan.school for plan in plans]
    facts = _school_team_facts(schools=schools)
    return {
        plan.pk: _checklist(plan=plan, facts=facts[plan.school_id], links=NO_LINKS)
        for plan in plans
    }


def _checklist(
    *, plan: TransitionPlan, facts: TeamFacts, links: dict[str, str]
) -> list[ChecklistRow]:
    node = next(node for node in FLOWCHART.nodes if node.work == WORK_TEAM)
    people = facts.people
    kinds = {kind for kind, _link in facts.groups}
    linked = {kind for kind, link in facts.groups if link.strip()}
    people_working = [p for p in people if p.pk in facts.working]
    hours_ok = bool(people_working) and all(p.hours_available > 0 for p in people_working)
    three = [
        ConsultationKind.POLICY_TEAM,
        ConsultationKind.DAILY_TECHNICAL,
        ConsultationKind.SOUNDING_BOARD,
    ]
    with_hours = sum(1 for p in people_working if p.hours_available > 0)
    computed: dict[str, tuple[bool, str, str]] = {
        "team_assembled": (
            len(people) >= 2,
            ngettext("%(n)d person in the team", "%(n)d people in the team", len(people))
            % {"n": len(people)},
            links["team"],
        ),
        "tasks_divided": (
            facts.tasks_total > 0 and facts.tasks_executed == facts.tasks_total,
            _("%(done)d of %(total)d tasks have someone who executes them")
            % {"done": facts.tasks_executed, "total": facts.tasks_total},
            links["matrix"] or links["team"],
        ),
        "hours_granted": (
            hours_ok,
            _("%(done)d of %(total)d people with tasks have hours for them")
            % {"done": with_hours, "total": len(people_working)},
            links["team"],
        ),
        "mandates": (
            facts.mandated > 0 and facts.clear == facts.mandated,
            _(
                "%(done)d of %(total)d assigned tasks have someone who decides, executes, "
                "directs and follows up, and leads"
            )
            % {"done": facts.clear, "total": facts.mandated},
            links["mandates"] or links["team"],
        ),
        "policy_team": (ConsultationKind.POLICY_TEAM in kinds, "", links["consultation"]),
        "daily_technical": (
            ConsultationKind.DAILY_TECHNICAL in kinds,
            "",
            links["consultation"],
        ),
        "sounding_board": (ConsultationKind.SOUNDING_BOARD in kinds, "", links["consultation"]),
        "group_link": (
            all(kind in linked for kind in three),
            _("%(done)d of 3 groups linked to the group level")
            % {"done": sum(1 for kind in three if kind in linked)},
            links["consultation"],
        ),
    }
    if facts.agreements is not None:
        for key in ("knowledge_sharing", "backup", "documentation"):
            computed[key] = (key in facts.agreements, "", links["agreements"])
    rows = []
    for item in node.checklist:
        if item.key in computed:
            done, detail, link = computed[item.key]
            rows.append(ChecklistRow(item, done, computed=True, detail=detail, link=link))
        else:
            ticked = plan.checklist.get(item.key)
            rows.append(ChecklistRow(item, bool(ticked), ticked=ticked))
    return rows


# --- the action plan ----------------------------------------------------------------------


@dataclass(frozen=True)
class AdvisedEntry:
    entry: PathEntry
    advice: list[Advice]


@dataclass
class ActionPlan:
    state: PlanState
    advised: list[AdvisedEntry]
    action_items: list[ActionItem]
    resources: Resources | None
    summary: dict
    gaps: GapAnalysis | None
    checklist: list[ChecklistRow]
    evaluations: list[Evaluation]
    role: str

    @property
    def plan(self) -> TransitionPlan:
        return self.state.plan

    @property
    def current_items(self) -> list[ActionItem]:
        """The items of the path the plan follows (and those a user added)."""
        return [item for item in self.action_items if not item.withdrawn]

    @property
    def withdrawn_items(self) -> list[ActionItem]:
        return [item for item in self.action_items if item.withdrawn]

    @property
    def open_items(self) -> list[ActionItem]:
        return [item for item in self.current_items if not item.done]

    @property
    def done_items(self) -> list[ActionItem]:
        return [item for item in self.current_items if item.done]

    @property
    def status(self) -> PlanStatusLabel:
        return plan_status(state=self.state, items=self.action_items, checklist=self.checklist)


@dataclass(frozen=True)
class PlanStatusLabel:
    """What the plan says of itself: finished only at the end with nothing left open."""

    status: str
    label: str
    open_count: int = 0

    @property
    def complete(self) -> bool:
        return self.status == PlanStatus.FINISHED and self.open_count == 0


def open_count(*, items: list[ActionItem], checklist: list[ChecklistRow]) -> int:
    """Open items: action items of the path not done, and step 7's actions not in place.

    The repeating "evaluate again" is the next round of the cycle, not work left open.
    """
    items_open = sum(
        1
        for item in items
        if not item.done and not item.withdrawn and not item.source.startswith(NEXT_EVALUATION)
    )
    return items_open + sum(1 for row in checklist if not row.done)


def plan_status(
    *, state: PlanState, items: list[ActionItem], checklist: list[ChecklistRow]
) -> PlanStatusLabel:
    """ "Finished" only when the path has reached its end and step 7 is complete (every
    team action in place, every action item done); otherwise "finished, with N open
    items"."""
    plan = state.plan
    if not state.finished:
        return PlanStatusLabel(plan.status, str(plan.get_status_display()))
    count = open_count(items=items, checklist=checklist)
    if count == 0:
        return PlanStatusLabel(PlanStatus.FINISHED, str(PlanStatus.FINISHED.label))
    label = ngettext("Finished, with %(n)d open item", "Finished, with %(n)d open items", count) % {
        "n": count
    }
    return PlanStatusLabel(PlanStatus.FINISHED, label, count)


def plan_status_of(*, plan: TransitionPlan, state: PlanState, items: list[ActionItem]):
    """The status for a page that has the plan's state and items.

    Step 7's team actions are read once the path has reached step 7 (not only at the
    end), so the page runs the same queries before and after the last evaluation. The
    status only counts what is open: the rows' links to the team builder are not
    reversed."""
    reached_step7 = any(entry.node.work == WORK_TEAM for entry in state.path)
    checklist = (
        _checklist(plan=plan, facts=_team_facts(owner=plan.owner), links=NO_LINKS)
        if reached_step7
        else []
    )
    return plan_status(state=state, items=items, checklist=checklist)


def _action_item_rows(plan_id: int) -> QuerySet:
    return (
        ActionItem.objects.filter(plan_id=plan_id)
        .order_by("done", "due", "pk")
        .values_list(*ACTION_ITEM_FIELDS)
    )


def action_items(*, plan: TransitionPlan) -> list[ActionItem]:
    """The plan's action items, open ones first (one query, compiled once per process; a
    plan walked to the end has a hundred and more)."""
    return _plan_parts(_action_item_rows, ActionItem, ACTION_ITEM_FIELDS, plan=plan)


def _evaluation_rows(plan_id: int) -> QuerySet:
    return (
        Evaluation.objects.filter(plan_id=plan_id)
        .order_by("-date", "-pk")
        .values_list(*EVALUATION_FIELDS, *(f"recorded_by__{name}" for name in USER_FIELDS))
    )


def evaluations(*, plan: TransitionPlan) -> list[Evaluation]:
    """The plan's evaluations, the latest first, each with who recorded it (one query)."""
    return _plan_parts(
        _evaluation_rows, Evaluation, EVALUATION_FIELDS, plan=plan, user="recorded_by"
    )


def _resources_rows(plan_id: int) -> QuerySet:
    return (
        Resources.objects.filter(plan_id=plan_id).order_by("pk").values_list(*RESOURCES_FIELDS)[:1]
    )


def resources_of(*, plan: TransitionPlan) -> Resources | None:
    """Step 4's resources, or None before they are recorded (one query, compiled once;
    none where the plan was read with them, ``plan_for(resources=True)``)."""
    if _RESOURCES in plan.__dict__:
        return plan.__dict__[_RESOURCES]
    rows = compiled_rows(_resources_rows, convert=True, plan_id=plan.pk)
    if not rows:
        return None
    resources = row_instance(Resources, RESOURCES_FIELDS, rows[0], router.db_for_read(Resources))
    resources._state.fields_cache["plan"] = plan
    return resources


def action_plan(*, plan: TransitionPlan, role: str = LEADER) -> ActionPlan:
    """Everything the action plan page and PDF show, in a fixed number of queries."""
    state = plan_state(plan=plan)
    advised = []
    for entry in state.path:
        advice = list(entry.node.advice) + list(entry.answer_def.advice if entry.answer_def else ())
        advised.append(AdvisedEntry(entry, advice_for(advice, role)))
    reached_step6 = any(entry.node.step >= 6 for entry in state.path)
    reached_step7 = any(entry.node.work == WORK_TEAM for entry in state.path)
    owner = plan.owner
    # A school's gaps and step 7's figures from one read of its team and mandates: four
    # queries, where the gaps' own read and step 7's took five, the people read twice.
    team = (
        school_team(school=owner)
        if reached_step6 and reached_step7 and isinstance(owner, School)
        else None
    )
    return ActionPlan(
        state=state,
        advised=advised,
        action_items=action_items(plan=plan),
        resources=resources_of(plan=plan),
        summary=task_list_summary(owner=plan.owner),
        gaps=gap_analysis(plan=plan, team=team) if reached_step6 else None,
        checklist=team_checklist(plan=plan, team=team) if reached_step7 else [],
        evaluations=evaluations(plan=plan),
        role=role,
    )


# --- overview cards -----------------------------------------------------------------------


# A plan's open action items in one annotation: not done, not withdrawn, and not the
# repeating "evaluate again", which is the cycle's next round rather than work left open.
OPEN_ITEMS = Q(action_items__done=False, action_items__withdrawn_at__isnull=True) & ~Q(
    action_items__source__startswith=NEXT_EVALUATION
)


@dataclass(frozen=True)
class PlanCard:
    plan: TransitionPlan | None
    step: Step | None
    phase: Phase | None
    percent: int
    # Open items as the plan's own pages count them: action items of the path and, once
    # the plan has reached its end, step 7's team actions not yet in place.
    open_items: int = 0

    @property
    def status_label(self) -> str:
        if self.plan is None:
            return ""
        if self.plan.status == PlanStatus.FINISHED and self.open_items:
            return ngettext(
                "Finished, with %(n)d open item", "Finished, with %(n)d open items", self.open_items
            ) % {"n": self.open_items}
        return self.plan.get_status_display()


def plan_card(*, owner: Owner) -> PlanCard:
    """The overview card: phase, step, progress and open items from the stored plan (one
    query; a finished plan also reads step 7's team actions, so the card never says
    "Finished" where the plan page says what is still open)."""
    plan = (
        TransitionPlan.objects.filter(**owner_kwargs(owner))
        .annotate(open_items=Count("action_items", filter=OPEN_ITEMS))
        .first()
    )
    if plan is None:
        return PlanCard(None, None, None, 0)
    step = FLOWCHART.step(plan.current_step)
    finished = plan.status == PlanStatus.FINISHED
    done = len(FLOWCHART.steps) if finished else step.number - 1
    open_items = plan.open_items
    if finished:
        # The end lies past step 7, so the plan page counts its checklist: the card too.
        open_items += sum(1 for row in team_checklist(plan=plan) if not row.done)
    return PlanCard(
        plan,
        step,
        FLOWCHART.phase_of(step.number),
        round(100 * done / len(FLOWCHART.steps)),
        open_items,
    )


def total_hours(resources: Resources | None) -> Decimal:
    return resources.total_hours if resources else Decimal("0")
