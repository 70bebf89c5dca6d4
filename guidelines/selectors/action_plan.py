"""The action plan: everything the plan decided, in one read (``action_plan``): the answers
with their advice, the gaps and the team actions of the school's team read once, the
action items, evaluations and resources, and the plan's status.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from dataclasses import replace
from functools import cached_property
from typing import NamedTuple

from django.db import router
from django.db.models import Case
from django.db.models import F
from django.db.models import QuerySet
from django.db.models import TextField
from django.db.models import When
from django.db.models.functions import Cast
from django.utils.translation import get_language
from django.utils.translation import ngettext

from guidelines.flowchart import DROP
from guidelines.flowchart import LEADER
from guidelines.flowchart import WORK_TEAM
from guidelines.flowchart import Advice
from guidelines.flowchart import advice_for
from guidelines.models import ActionItem
from guidelines.models import Evaluation
from guidelines.models import GapDecision
from guidelines.models import PlanStatus
from guidelines.models import Resources
from guidelines.models import TransitionPlan
from guidelines.selectors.gaps import GapAnalysis
from guidelines.selectors.gaps import gap_analysis
from guidelines.selectors.plans import _RESOURCES
from guidelines.selectors.plans import ACTION_ITEM_FIELDS
from guidelines.selectors.plans import EVALUATION_FIELDS
from guidelines.selectors.plans import RESOURCES_FIELDS
from guidelines.selectors.plans import USER_FIELDS
from guidelines.selectors.plans import PathEntry
from guidelines.selectors.plans import PlanState
from guidelines.selectors.plans import _plan_parts
from guidelines.selectors.plans import plan_state
from guidelines.selectors.task_list import DROPPED_TASK_FIELDS
from guidelines.selectors.task_list import task_list_summary
from guidelines.selectors.team_actions import NO_LINKS
from guidelines.selectors.team_actions import PERSON_HOURS
from guidelines.selectors.team_actions import ChecklistRow
from guidelines.selectors.team_actions import TeamFacts
from guidelines.selectors.team_actions import _add_groups_and_agreements
from guidelines.selectors.team_actions import _checklist
from guidelines.selectors.team_actions import _facts_of_team
from guidelines.selectors.team_actions import _school_groups
from guidelines.selectors.team_actions import _team_facts
from guidelines.selectors.team_actions import team_checklist
from guidelines.selectors.team_actions import team_links
from guidelines.services import NEXT_EVALUATION
from schools.changes import kept_by_token
from schools.changes import token_of
from schools.compiled import compiled_rows
from schools.compiled import row_instance
from schools.kept import Kept
from schools.models import School
from tasks.models import COMPETENCE_FIELDS
from tasks.models import TEXT_LANGUAGES
from tasks.models import ListTask
from tasks.models import Task
from teams.models import Assignment
from teams.models import Person
from teams.selectors import SchoolTeam
from teams.selectors.matrix import team_tasks
from teams.selectors.people import team_persons

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

    # Worked out once an action plan: the page and the PDF ask for each twice or more.
    @cached_property
    def current_items(self) -> list[ActionItem]:
        """The items of the path the plan follows (and those a user added)."""
        return [item for item in self.action_items if not item.withdrawn]

    @cached_property
    def withdrawn_items(self) -> list[ActionItem]:
        return [item for item in self.action_items if item.withdrawn]

    @property
    def open_items(self) -> list[ActionItem]:
        return [item for item in self.current_items if not item.done]

    @property
    def done_items(self) -> list[ActionItem]:
        return [item for item in self.current_items if item.done]

    # What the page's kept stretches show (``{% kept %}``): each written once per process
    # for each value.
    @property
    def items_key(self) -> tuple:
        """Everything the action items' table and the withdrawn items show."""
        return (
            tuple((item.text, item.who, item.due, item.done) for item in self.current_items),
            tuple((item.text, item.who, item.withdrawn_at) for item in self.withdrawn_items),
        )

    @property
    def summary_key(self) -> tuple:
        """Everything step 5's section shows of the customised task list."""
        summary = self.summary
        return (
            summary["applying"],
            summary["total"],
            summary["core"],
            *(
                tuple(n for _label, n in summary[name])
                for name in ("horizons", "levels", "reasons")
            ),
            tuple((entry.task.code, entry.task.title) for entry in summary["to_raise"]),
        )

    @property
    def checklist_key(self) -> tuple:
        """Everything step 7's section shows: each team action (the flowchart's text) and
        whether it is done."""
        return tuple((row.item.key, row.done) for row in self.checklist)

    @property
    def evaluations_key(self) -> tuple:
        """Everything step 8's section shows of the evaluations."""
        return tuple(
            (evaluation.date, evaluation.outcome, evaluation.follow_up, evaluation.notes)
            for evaluation in self.evaluations
        )

    @cached_property
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


# What the action plan reads of an item: its row in the table or the withdrawn list, and
# whether it counts as open (``open_count``); the rest deferred.
ACTION_PLAN_ITEM_FIELDS = (
    "id",
    "plan_id",
    "source",
    "step",
    "text",
    "who",
    "due",
    "done",
    "withdrawn_at",
)


def _action_plan_item_rows(plan_id: int) -> QuerySet:
    return (
        ActionItem.objects.filter(plan_id=plan_id)
        .order_by("done", "due", "pk")
        .values_list(*ACTION_PLAN_ITEM_FIELDS)
    )


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


# --- the action plan's team -----------------------------------------------------------------

# What the action plan reads of a school's team for its gaps and step 7's figures, and no
# more: a person's competences, motivations and hours; an entry's level and its task's
# code, titles and what step 6's rules read. The fields not read are deferred: nothing on
# the page or in its PDF reads them (``tests/guidelines/test_selectors.py``).
PLAN_PERSON_FIELDS = (
    "id",
    *(
        field.attname
        for field in Person._meta.concrete_fields
        if field.attname.startswith(("competence_", "motivation_"))
    ),
    *PERSON_HOURS,
)
PLAN_ENTRY_FIELDS = ("id", "level", "task_id")
PLAN_TASK_FIELDS = (
    "id",
    "code",
    *(f"title_{code}" for code in TEXT_LANGUAGES),
    *COMPETENCE_FIELDS.values(),
    "is_core",
    "cluster",
)
# A decision as the page prints it; a dropped task's entry and task only for a dropped
# one (NULL on the others), as ``_gap_decision_rows`` reads them.
PLAN_DECISION_FIELDS = ("id", "list_task_id", "route", "taken_by", "note")
_PLAN_DROPPED = ("plan_dropped_entry_id", *(f"plan_dropped_{n}" for n in DROPPED_TASK_FIELDS))


def _plan_people_rows(school_id: int, group_id: int) -> QuerySet:
    school = School(pk=school_id, group_id=group_id)
    return team_persons(school=school).values_list(*PLAN_PERSON_FIELDS)


def _plan_entry_rows(school_id: int) -> QuerySet:
    # ``also_by`` as its JSON text: a text is the same on every database and can be part
    # of the key the gaps are kept by; it is read as JSON once for each text.
    return (
        team_tasks(owner=School(pk=school_id))
        .annotate(also_by_text=Cast("task__also_by", TextField()))
        .values_list(*PLAN_ENTRY_FIELDS, *(f"task__{n}" for n in PLAN_TASK_FIELDS), "also_by_text")
    )


def _plan_mandate_rows(school_id: int) -> QuerySet:
    # In the assignments' own order, without the join to the people that ordering by name
    # takes: the page counts the mandates and prints nobody's.
    return (
        Assignment.objects.filter(school_id=school_id)
        .order_by("pk")
        .values_list("list_task_id", "person_id", "decides", "executes", "monitors", "lead")
    )


def _plan_decision_rows(plan_id: int) -> QuerySet:
    def dropped(name: str) -> Case:
        return Case(When(route=DROP, then=F(name)))

    names = ("list_task_id", *(f"list_task__task__{n}" for n in DROPPED_TASK_FIELDS))
    return (
        GapDecision.objects.filter(plan_id=plan_id)
        .annotate(
            **{alias: dropped(name) for alias, name in zip(_PLAN_DROPPED, names, strict=True)}
        )
        .values_list(*PLAN_DECISION_FIELDS, *_PLAN_DROPPED)
    )


# The gaps and step 7's figures of a school's team, kept per process by the school's
# change token, the plan and the language (the entries in the reader's language's order):
# the action plan of an unchanged team is read again and again, and the gaps' hundred and
# more entries, their decisions and their HTML cost more than reading the rows. At most
# 16 schools kept (about 0.4 MB each with the gaps' HTML).
_PLAN_TEAMS: Kept[tuple, tuple[GapAnalysis, TeamFacts]] = Kept(16)


def _also_by(text: str | None, parsed: dict) -> list:
    if text is None:
        return []
    found = parsed.get(text)
    if found is None:
        found = parsed[text] = json.loads(text)
    return found


class _PlanRows(NamedTuple):
    """The rows the action plan's team is read as: its people, task-list entries,
    mandates and gap decisions."""

    people: list
    entries: list
    mandates: list
    decisions: list


def _plan_team_work(*, plan: TransitionPlan, rows: _PlanRows) -> tuple[GapAnalysis, TeamFacts]:
    """The gaps and step 7's figures of the rows read for the action plan, with the same
    functions as the other pages (``team_gaps``, ``gap_analysis``, ``_facts_of_team``)."""
    people, entries, mandates, decisions = rows
    db = router.db_for_read(Person)
    task_at, text_at = len(PLAN_ENTRY_FIELDS), len(PLAN_ENTRY_FIELDS) + len(PLAN_TASK_FIELDS)
    parsed: dict = {}
    built = []
    for row in entries:
        entry = row_instance(ListTask, PLAN_ENTRY_FIELDS, row[:task_at], db)
        task = row_instance(Task, PLAN_TASK_FIELDS, row[task_at:text_at], db)
        # A copy each: a task's list is its own, as the ORM reads it.
        task.also_by = list(_also_by(row[text_at], parsed))
        entry._state.fields_cache["task"] = task
        built.append(entry)
    team = SchoolTeam(
        [row_instance(Person, PLAN_PERSON_FIELDS, row, db) for row in people], built, mandates
    )
    found = []
    entry_at = len(PLAN_DECISION_FIELDS)
    for row in decisions:
        decision = row_instance(GapDecision, PLAN_DECISION_FIELDS, row[:entry_at], db)
        if row[entry_at] is not None:
            entry = row_instance(ListTask, ("id",), row[entry_at : entry_at + 1], db)
            entry.task_id = row[entry_at + 1]
            entry._state.fields_cache["task"] = row_instance(
                Task, DROPPED_TASK_FIELDS, row[entry_at + 1 :], db
            )
            decision._state.fields_cache["list_task"] = entry
        found.append(decision)
    return gap_analysis(plan=plan, team=team, decisions=found), _facts_of_team(team)


def _plan_team(
    *, plan: TransitionPlan, school: School, token: int | None
) -> tuple[GapAnalysis, TeamFacts]:
    """The action plan's gaps and step 7's figures of a school's team: nothing read while
    the school's change ``token`` is the one they were worked out at; else five queries,
    each compiled once per process. Kept results are shared: read, never changed."""
    return kept_by_token(
        _PLAN_TEAMS,
        school,
        lambda: _plan_team_read(plan=plan, school=school),
        plan.pk,
        get_language(),
        token=token,
    )


def _plan_team_read(*, plan: TransitionPlan, school: School) -> tuple[GapAnalysis, TeamFacts]:
    rows = _PlanRows(
        compiled_rows(
            _plan_people_rows, convert=True, school_id=school.pk, group_id=school.group_id
        ),
        compiled_rows(_plan_entry_rows, convert=True, school_id=school.pk),
        compiled_rows(_plan_mandate_rows, convert=True, school_id=school.pk),
        compiled_rows(_plan_decision_rows, convert=True, plan_id=plan.pk),
    )
    gaps, facts = _plan_team_work(plan=plan, rows=rows)
    # A school's: its consultation groups and agreements, from the team builder.
    facts = replace(facts, groups=[], agreements=set())
    _add_groups_and_agreements(facts, compiled_rows(_school_groups, school_id=school.pk))
    return gaps, facts


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
    # Read once for the page: what is kept of the school's rows is kept by it.
    token = token_of(owner) if isinstance(owner, School) else None
    gaps: GapAnalysis | None = None
    checklist: list[ChecklistRow] = []
    if reached_step6 and reached_step7 and isinstance(owner, School):
        # A school's gaps and step 7's figures from one read of its team and mandates,
        # worked out once for the same rows (``_plan_team``).
        gaps, facts = _plan_team(plan=plan, school=owner, token=token)
        checklist = _checklist(plan=plan, facts=facts, links=team_links(owner=owner))
    else:
        gaps = gap_analysis(plan=plan) if reached_step6 else None
        checklist = team_checklist(plan=plan) if reached_step7 else []
    return ActionPlan(
        state=state,
        advised=advised,
        action_items=_plan_parts(
            _action_plan_item_rows, ActionItem, ACTION_PLAN_ITEM_FIELDS, plan=plan
        ),
        resources=resources_of(plan=plan),
        summary=task_list_summary(owner=owner, token=token),
        gaps=gaps,
        checklist=checklist,
        evaluations=evaluations(plan=plan),
        role=role,
    )
