"""The flowchart's engine: its building blocks (phases, steps, questions, answers, outcomes,
ends), the graph they make, and ``walk``, which follows a plan's answers through it.

The chapter-3 data itself is in ``guidelines.flowchart.chapter3``; ``guidelines.flowchart``
exposes both.

Everything the transition wizard shows comes from ``FLOWCHART``: the phases and steps,
every question and answer, where each answer leads, the advice per role (the school
leader or management, and the ICT coordinator), the action items an outcome gives, and
the end points. The wizard, its picture (``guidelines.svg``), the action plan and the
tests all read this one module; views and templates only know how to render a node.

The graph has loops (a plan paused on "No" reopens at the question; the evaluation of
step 8 leads back to steps 6, 7 or 8), so walking it is defined here too: ``walk``
follows a plan's answers from the start and tells where the plan stands.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import KW_ONLY
from dataclasses import dataclass
from dataclasses import field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = str | Promise

LEADER = "leader"
ICT_COORDINATOR = "ict_coordinator"
ROLES = (LEADER, ICT_COORDINATOR)
ROLE_LABELS = {
    LEADER: _("School leader or management"),
    ICT_COORDINATOR: _("ICT coordinator"),
}
# Who an action item is for: one of the two roles, or the whole ICT team.
TEAM = "team"
WHO_LABELS = {**ROLE_LABELS, TEAM: _("The ICT team")}

# What a node's page does besides asking its question (the view renders it).
WORK_RESOURCES = "resources"
WORK_TASK_LIST = "task_list"
WORK_GAPS = "gaps"
WORK_GAP_DECISIONS = "gap_decisions"
WORK_TEAM = "team"
WORK_EVALUATION = "evaluation"
WORK_FOLLOW_UP = "follow_up"
WORKS = frozenset(
    {
        WORK_RESOURCES,
        WORK_TASK_LIST,
        WORK_GAPS,
        WORK_GAP_DECISIONS,
        WORK_TEAM,
        WORK_EVALUATION,
        WORK_FOLLOW_UP,
    }
)

# Who leads from step 4 on.
LEAD_GROUP = "group"
LEAD_SCHOOL = "school"

# End points.
END_PAUSED = "paused"
END_DONE = "done"


@dataclass(frozen=True)
class Advice:
    """What the report tells one role on one branch."""

    role: str
    # The report's words (``tests/guidelines/test_flowchart.py`` checks each against it).
    text: Text
    support: Text = ""
    # What ictteam adds that the report does not say: shown marked as its own suggestion.
    suggestion: Text = ""

    @property
    def role_label(self) -> Text:
        return ROLE_LABELS[self.role]


@dataclass(frozen=True)
class ActionTemplate:
    """An action item an outcome puts on the plan: what, for whom, within how many weeks."""

    key: str
    text: Text
    who: str
    weeks: int = 4

    @property
    def who_label(self) -> Text:
        return WHO_LABELS[self.who]


@dataclass(frozen=True)
class Answer:
    value: str
    label: Text
    # The id of the next node (an End's id for an end point).
    next: str
    # A short label on the flowchart's arrow.
    short: Text = ""
    # Step 4's pooling question decides who leads.
    sets_lead: str = ""
    advice: tuple[Advice, ...] = ()
    actions: tuple[ActionTemplate, ...] = ()


@dataclass(frozen=True)
class Prompt:
    """One of step 5's questions about the task list, and the list fields it decides."""

    text: Text
    fields: tuple[str, ...]
    examples: Text = ""
    # A few words for the flowchart picture.
    short: Text = ""


@dataclass(frozen=True)
class ChecklistItem:
    """One of step 7's team actions, checked off from the team builder's data."""

    key: str
    text: Text
    # Grouping in the checklist: team, mandates, agreements, consultation.
    section: str
    # A few words for the flowchart picture.
    short: Text = ""


@dataclass(frozen=True)
class _Node:
    """What every node has: its id, its step, a title and a text, positionally; then, by
    keyword, the parts any node may carry, which the wizard reads from whichever node it
    shows (help, advice, action items, the work of its step)."""

    id: str
    step: int
    title: Text
    text: Text
    _: KW_ONLY
    help: Text = ""
    advice: tuple[Advice, ...] = ()
    actions: tuple[ActionTemplate, ...] = ()
    work: str = ""
    prompts: tuple[Prompt, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    # Step 5 has a page per lead: which lead this one is for.
    lead: str = ""
    # The nodes after this one count only with answers given after it: each evaluation
    # starts a new round of the cycle.
    new_round: bool = False


@dataclass(frozen=True)
class Question(_Node):
    answers: tuple[Answer, ...]

    node_type = "question"


@dataclass(frozen=True)
class Outcome(_Node):
    """A branch's result: advice and action items, then the flow goes on to ``next``."""

    next: str
    continue_label: Text = _("Continue")

    node_type = "outcome"

    @property
    def answers(self) -> tuple[Answer, ...]:
        return (Answer(CONTINUE, self.continue_label, self.next),)


@dataclass(frozen=True)
class End(_Node):
    """An end point: the goal reached, or a pause on a "No" branch until the school is ready.

    A paused plan reopens at ``resume_at``: the question to answer again once the work
    in ``to_go_on`` is done.
    """

    kind: str
    to_go_on: Text = ""
    resume_at: str = ""
    answers: tuple[Answer, ...] = ()

    node_type = "end"

    @property
    def paused(self) -> bool:
        return self.kind == END_PAUSED


Node = Question | Outcome | End
CONTINUE = "continue"


# Where a step or phase comes from. The report's chapter 3 is a draft for piloting in
# 2022-23 with seven numbered steps (the evaluation under step 7); the eight steps in
# three phases are those of the final published guidelines.
SOURCE_REPORT = "report"
SOURCE_PUBLISHED = "published"
SOURCE_LABELS = {
    SOURCE_REPORT: _("The report's draft text (chapter 3, for piloting in 2022-23)"),
    SOURCE_PUBLISHED: _("The final published guidelines"),
}


@dataclass(frozen=True)
class Step:
    number: int
    phase: int
    title: Text
    summary: Text
    # Where the step comes from, and which step of the report's draft holds its content.
    source: str = SOURCE_REPORT
    report_step: int = 0
    source_note: Text = ""

    @property
    def source_label(self) -> Text:
        return SOURCE_LABELS[self.source]


@dataclass(frozen=True)
class Phase:
    number: int
    title: Text
    steps: tuple[int, ...]
    # The report's draft has no phases: they come from the final published guidelines.
    source: str = SOURCE_PUBLISHED

    @property
    def source_label(self) -> Text:
        return SOURCE_LABELS[self.source]


@dataclass(frozen=True)
class Path:
    """One way through the flowchart: (node id, answer value) pairs, then an end or a loop."""

    steps: tuple[tuple[str, str], ...]
    end: str = ""
    loops_to: str = ""
    # An answer that leads to no node (only in broken data).
    dangling: str = ""

    @property
    def node_ids(self) -> tuple[str, ...]:
        ids = tuple(node_id for node_id, _value in self.steps)
        return (*ids, self.end) if self.end else ids


@dataclass(frozen=True)
class Flowchart:
    phases: tuple[Phase, ...]
    steps: tuple[Step, ...]
    nodes: tuple[Node, ...]
    start: str
    # Which parts come from the report's draft and which from the published guidelines.
    sources_note: Text = ""
    by_id: dict[str, Node] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_id", {node.id: node for node in self.nodes})

    def node(self, node_id: str) -> Node:
        return self.by_id[node_id]

    def step(self, number: int) -> Step:
        return next(step for step in self.steps if step.number == number)

    def phase_of(self, step_number: int) -> Phase:
        return next(phase for phase in self.phases if step_number in phase.steps)

    def nodes_of_step(self, number: int) -> list[Node]:
        return [node for node in self.nodes if node.step == number]

    def answer(self, node_id: str, value: str) -> Answer | None:
        node = self.by_id.get(node_id)
        if node is None:
            return None
        return next((answer for answer in node.answers if answer.value == value), None)

    def next_node(self, node_id: str, value: str) -> Node:
        """The node an answer leads to; KeyError for an unknown node or answer."""
        answer = self.answer(node_id, value)
        if answer is None:
            raise KeyError(f"{node_id}: no answer {value!r}")
        return self.by_id[answer.next]

    def ends(self) -> list[End]:
        return [node for node in self.nodes if isinstance(node, End)]

    def reachable(self, start: str | None = None) -> set[str]:
        seen: set[str] = set()
        todo = [start or self.start]
        while todo:
            node_id = todo.pop()
            if node_id in seen or node_id not in self.by_id:
                continue
            seen.add(node_id)
            todo.extend(answer.next for answer in self.by_id[node_id].answers)
        return seen

    def paths(self) -> list[Path]:
        """Every simple path from the start: it ends at an end point or loops back."""
        found: list[Path] = []

        def extend(node_id: str, trail: tuple[tuple[str, str], ...], on_path: set[str]) -> None:
            node = self.by_id[node_id]
            if isinstance(node, End):
                found.append(Path(steps=trail, end=node_id))
                return
            for answer in node.answers:
                step = ((node_id, answer.value),)
                if answer.next not in self.by_id:
                    found.append(Path(steps=trail + step, dangling=answer.next))
                elif answer.next in on_path or answer.next == node_id:
                    found.append(Path(steps=trail + step, loops_to=answer.next))
                else:
                    extend(answer.next, trail + step, on_path | {node_id})

        extend(self.start, (), set())
        return found

    def check(self) -> list[str]:
        """Problems in the data: unknown targets, unreachable nodes, nodes with no way out."""
        problems: list[str] = []
        ids = [node.id for node in self.nodes]
        duplicates = sorted({node_id for node_id in ids if ids.count(node_id) > 1})
        problems.extend(f"duplicate node id: {node_id}" for node_id in duplicates)
        if self.start not in self.by_id:
            problems.append(f"start node {self.start!r} does not exist")
            return problems
        step_numbers = {step.number for step in self.steps}
        for step in self.steps:
            if step.source not in SOURCE_LABELS:
                problems.append(f"step {step.number}: unknown source {step.source!r}")
        for phase in self.phases:
            problems.extend(
                f"phase {phase.number}: unknown step {number}"
                for number in phase.steps
                if number not in step_numbers
            )
        for node in self.nodes:
            if node.step not in step_numbers:
                problems.append(f"{node.id}: unknown step {node.step}")
            if not isinstance(node, End) and not node.answers:
                problems.append(f"{node.id}: no answers")
            values = [answer.value for answer in node.answers]
            if len(values) != len(set(values)):
                problems.append(f"{node.id}: duplicate answer values")
            for answer in node.answers:
                if answer.next not in self.by_id:
                    problems.append(f"{node.id}: answer {answer.value!r} leads to unknown node")
                for advice in answer.advice:
                    if advice.role not in ROLES:
                        problems.append(f"{node.id}/{answer.value}: unknown role {advice.role}")
            problems.extend(
                f"{node.id}: unknown role {advice.role}"
                for advice in node.advice
                if advice.role not in ROLES
            )
            if node.work and node.work not in WORKS:
                problems.append(f"{node.id}: unknown work {node.work!r}")
            if isinstance(node, End) and node.paused and node.resume_at not in self.by_id:
                problems.append(f"{node.id}: a paused end must reopen at a known node")
        unreachable = set(self.by_id) - self.reachable()
        problems.extend(f"unreachable node: {node_id}" for node_id in sorted(unreachable))
        end_ids = {end.id for end in self.ends()}
        if not end_ids:
            problems.append("no end point")
        for node_id in sorted(self.reachable()):
            if not (self.reachable(node_id) & end_ids):
                problems.append(f"{node_id}: no path from here reaches an end point")
        for number in sorted(step_numbers):
            if not self.nodes_of_step(number):
                problems.append(f"step {number} has no node")
        return problems


@dataclass(frozen=True)
class PlanAnswer:
    """What ``walk`` needs to know of a stored answer."""

    value: str
    # Answers are numbered in the order they were given: a loop only goes on
    # with answers given after the answer that led back.
    seq: int


@dataclass(frozen=True)
class Walk:
    """Where a plan stands: the nodes on its path (with their answers) and the current node."""

    path: tuple[tuple[str, str], ...]
    current: str

    @property
    def node_ids(self) -> tuple[str, ...]:
        return tuple(node_id for node_id, _value in self.path)

    @property
    def answered_ids(self) -> tuple[str, ...]:
        return tuple(node_id for node_id, value in self.path if value)


def walk_chart(answers: Mapping[str, PlanAnswer], flowchart: Flowchart) -> Walk:
    """Follow a plan's answers from the start to the first node still to answer, or an end.

    An answer that no longer fits its node (a value the data no longer has) counts as
    unanswered. On a loop, the flow goes on around it only with answers given after the
    answer that led back; otherwise the loop's first node is the one to answer again.
    After a ``new_round`` node (the evaluation) only answers given after it count. The
    path keeps each node once, the latest round.
    """
    chart = flowchart
    path: list[tuple[str, str]] = []
    seen: set[str] = set()
    node_id = chart.start
    incoming_seq = 0
    round_seq = 0
    while True:
        node = chart.node(node_id)
        stored = answers.get(node_id)
        revisit = node_id in seen
        if revisit:
            # Around the loop again: show this round only.
            index = next((i for i, (done_id, _v) in enumerate(path) if done_id == node_id), None)
            if index is not None:
                del path[index:]
        seen.add(node_id)
        if isinstance(node, End):
            path.append((node_id, ""))
            return Walk(tuple(path), node_id)
        valid = stored is not None and chart.answer(node_id, stored.value) is not None
        if not valid or (revisit and stored.seq <= incoming_seq) or stored.seq <= round_seq:
            path.append((node_id, ""))
            return Walk(tuple(path), node_id)
        path.append((node_id, stored.value))
        incoming_seq = stored.seq
        if node.new_round:
            round_seq = stored.seq
        node_id = chart.answer(node_id, stored.value).next


def advice_for(advice: Iterable[Advice], role: str) -> list[Advice]:
    """The advice for ``role`` first, then the others: everyone may read everything."""
    advice = list(advice)
    return [a for a in advice if a.role == role] + [a for a in advice if a.role != role]
