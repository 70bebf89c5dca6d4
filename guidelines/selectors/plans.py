"""Reads of a school's or group's transition plan and where it stands: the plan with its
owner's role in it (``plan_for``, ``advice_role``), its answers along the flowchart's path
and the phases and steps it has reached (``plan_state``).
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from django.contrib.auth import get_user_model
from django.db import router
from django.db.models import Model
from django.db.models import QuerySet

from guidelines.flowchart import ADULT_CENTRE_LEADS
from guidelines.flowchart import FLOWCHART
from guidelines.flowchart import ICT_COORDINATOR
from guidelines.flowchart import LEADER
from guidelines.flowchart import Answer as AnswerDef
from guidelines.flowchart import End
from guidelines.flowchart import Node
from guidelines.flowchart import Phase
from guidelines.flowchart import Step
from guidelines.flowchart import Walk
from guidelines.models import ActionItem
from guidelines.models import Answer
from guidelines.models import Evaluation
from guidelines.models import Resources
from guidelines.models import TransitionPlan
from guidelines.services import plan_walk
from schools.access import CAN_MANAGE
from schools.access import Owner
from schools.access import has_role
from schools.compiled import compiled_rows
from schools.compiled import row_instance
from schools.models import EducationLevel
from schools.models import School


def _plan_rows(plans: QuerySet, resources: bool, answers: bool) -> QuerySet:
    # With its resources, one-to-one, on the plan's row: NULLs before they are recorded.
    joined = [f"resources__{name}" for name in RESOURCES_FIELDS] if resources else []
    if not answers:
        return plans.order_by("pk").values_list(*PLAN_FIELDS, *joined)[:1]
    # With its answers (and who gave them), the plan's row once per answer in their own
    # order, NULLs before the first: one query where the plan and ``plan_state`` took
    # two. An owner has one plan (a one-to-one owner), so no slice is needed.
    joined += (f"answers__{name}" for name in ANSWER_FIELDS)
    joined += (f"answers__answered_by__{name}" for name in ANSWER_USER_FIELDS)
    return plans.order_by("pk", "answers__seq").values_list(*PLAN_FIELDS, *joined)


def _school_plan(school_id: int, *, resources: bool = False, answers: bool = False) -> QuerySet:
    return _plan_rows(TransitionPlan.objects.filter(school_id=school_id), resources, answers)


def _group_plan(group_id: int, *, resources: bool = False, answers: bool = False) -> QuerySet:
    return _plan_rows(TransitionPlan.objects.filter(group_id=group_id), resources, answers)


# Where a plan read with its resources keeps them for ``resources_of``: not Django's own
# cache of ``plan.resources``, which creating the resources fills with what was given.
_RESOURCES = "_resources_read"
# Where a plan read with its answers keeps their rows for ``plan_state``.
_ANSWERS = "_answer_rows_read"


def plan_for(
    *, owner: Owner, resources: bool = False, answers: bool = False
) -> TransitionPlan | None:
    """The owner's plan, or None before it is started (one query, compiled once per
    process: every page of the plan, the documents page and the years' pages read it).
    With ``resources``, step 4's resources come on the same row, for ``resources_of``
    (the action plan); with ``answers``, its answers in the same query, for the first
    ``plan_state`` of it (the plan's overview and the action plan)."""
    options = {"resources": resources, "answers": answers}
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
        values = rows[0][split : split + len(RESOURCES_FIELDS)]
        found = None
        if values[0] is not None:
            found = row_instance(Resources, RESOURCES_FIELDS, values, db)
            found._state.fields_cache["plan"] = plan
        setattr(plan, _RESOURCES, found)
    if answers:
        at = split + (len(RESOURCES_FIELDS) if resources else 0)
        # A plan without answers has one row with NULLs where an answer's id is.
        setattr(plan, _ANSWERS, [row[at:] for row in rows if row[at] is not None])
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
# What the pages print of an answer's author (``get_full_name`` or the username), read
# with the plan on each of its answers' rows; the account's other fields deferred.
ANSWER_USER_FIELDS = ("id", "username", "first_name", "last_name")


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
    return _parts_of(
        compiled_rows(build, convert=True, plan_id=plan.pk), model, fields, plan=plan, user=user
    )


def _parts_of(
    rows: list,
    model: type[Model],
    fields: tuple[str, ...],
    *,
    plan: TransitionPlan,
    user: str,
    user_fields: tuple[str, ...] = USER_FIELDS,
) -> list:
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
                None if values[0] is None else row_instance(user_model, user_fields, values, db)
            )
        parts.append(part)
    return parts


def plan_state(*, plan: TransitionPlan) -> PlanState:
    """The plan's path, current node and progress by phase and step (one query, none for
    a plan read with its answers the first time)."""
    # The answers read with the plan serve once: a page that records an answer and reads
    # the state again reads them anew.
    read = plan.__dict__.pop(_ANSWERS, None)
    if read is None:
        records = _plan_parts(_answer_rows, Answer, ANSWER_FIELDS, plan=plan, user="answered_by")
    else:
        records = _parts_of(
            read,
            Answer,
            ANSWER_FIELDS,
            plan=plan,
            user="answered_by",
            user_fields=ANSWER_USER_FIELDS,
        )
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
