"""Chapter 3 of the report as data: the flowchart of Appendix 2, step by step.

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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

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
    text: Text
    support: Text = ""

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


@dataclass(frozen=True)
class ChecklistItem:
    """One of step 7's team actions, checked off from the team builder's data."""

    key: str
    text: Text
    # Grouping in the checklist: team, mandates, agreements, consultation.
    section: str


@dataclass(frozen=True)
class Question:
    id: str
    step: int
    title: Text
    text: Text
    answers: tuple[Answer, ...]
    help: Text = ""
    advice: tuple[Advice, ...] = ()
    work: str = ""
    prompts: tuple[Prompt, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    # Step 5 has a page per lead: which lead this one is for.
    lead: str = ""
    actions: tuple[ActionTemplate, ...] = ()
    # The nodes after this one count only with answers given after it: each evaluation
    # starts a new round of the cycle.
    new_round: bool = False

    node_type = "question"


@dataclass(frozen=True)
class Outcome:
    """A branch's result: advice and action items, then the flow goes on to ``next``."""

    id: str
    step: int
    title: Text
    text: Text
    next: str
    advice: tuple[Advice, ...] = ()
    actions: tuple[ActionTemplate, ...] = ()
    work: str = ""
    continue_label: Text = _("Continue")

    node_type = "outcome"

    @property
    def answers(self) -> tuple[Answer, ...]:
        return (Answer(CONTINUE, self.continue_label, self.next),)

    help: Text = ""
    prompts: tuple[Prompt, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    lead: str = ""
    new_round: bool = False


@dataclass(frozen=True)
class End:
    """An end point: the goal reached, or a pause on a "No" branch until the school is ready.

    A paused plan reopens at ``resume_at``: the question to answer again once the work
    in ``to_go_on`` is done.
    """

    id: str
    step: int
    title: Text
    text: Text
    kind: str
    advice: tuple[Advice, ...] = ()
    actions: tuple[ActionTemplate, ...] = ()
    to_go_on: Text = ""
    resume_at: str = ""

    answers: tuple[Answer, ...] = ()
    help: Text = ""
    work: str = ""
    prompts: tuple[Prompt, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    lead: str = ""
    new_round: bool = False

    node_type = "end"

    @property
    def paused(self) -> bool:
        return self.kind == END_PAUSED


Node = Question | Outcome | End
CONTINUE = "continue"


@dataclass(frozen=True)
class Step:
    number: int
    phase: int
    title: Text
    summary: Text


@dataclass(frozen=True)
class Phase:
    number: int
    title: Text
    steps: tuple[int, ...]


@dataclass(frozen=True)
class Route:
    """Step 6: how a gap is filled, recruitment or outsourcing, and why."""

    key: str
    label: Text
    rule: Text
    advice: Text
    risks: tuple[Text, ...] = ()


RECRUIT = "recruit"
OUTSOURCE = "outsource"

ROUTES = {
    RECRUIT: Route(
        key=RECRUIT,
        label=_("Recruit"),
        rule=_(
            "The tasks are strategically important (technical, administrative, or "
            "pedagogical) and require sufficient technical competencies in combination "
            "with other skills (pedagogical, administrative, or policy): recruitment."
        ),
        advice=_("Use the 'ICT coordination task list' to draw up a specific job vacancy."),
    ),
    OUTSOURCE: Route(
        key=OUTSOURCE,
        label=_("Outsource"),
        rule=_(
            "The tasks that are not strategically important to the school and/or require "
            "only technical skills: consider outsourcing these tasks to an external company."
        ),
        advice=_("Weigh the risks of outsourcing before you ask external companies for a quote."),
        risks=(_("Cost"), _("Dependency"), _("Loss of internal know-how")),
    ),
}


def gap_route(
    *,
    strategic: bool,
    technical: bool,
    pedagogical: bool = False,
    administrative: bool = False,
    policy: bool = False,
) -> str:
    """Step 6's rule: recruit for strategic tasks needing technical and other competences.

    Everything else (not strategic, or technical skills only) is for outsourcing.
    """
    if strategic and technical and (pedagogical or administrative or policy):
        return RECRUIT
    return OUTSOURCE


@dataclass(frozen=True)
class Edge:
    source: str
    answer: Answer
    target: str


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

    def edges(self) -> list[Edge]:
        return [
            Edge(node.id, answer, answer.next) for node in self.nodes for answer in node.answers
        ]

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


def walk(answers: Mapping[str, PlanAnswer], flowchart: Flowchart | None = None) -> Walk:
    """Follow a plan's answers from the start to the first node still to answer, or an end.

    An answer that no longer fits its node (a value the data no longer has) counts as
    unanswered. On a loop, the flow goes on around it only with answers given after the
    answer that led back; otherwise the loop's first node is the one to answer again.
    After a ``new_round`` node (the evaluation) only answers given after it count. The
    path keeps each node once, the latest round.
    """
    chart = flowchart or FLOWCHART
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


# -- The data --------------------------------------------------------------------------

SUPPORT_COUNSELLING = _(
    "For support, you can contact your pedagogical counselling service or independent consultants."
)
CORE_TECHNICAL = _(
    "Focus on the core technical tasks, which are the tasks required to keep the ICT "
    "infrastructure running."
)

PHASES = (
    Phase(1, _("Enthusiasm and a plan"), (1, 2, 3)),
    Phase(2, _("People and resources"), (4, 5, 6)),
    Phase(3, _("Implementation and evaluation"), (7, 8)),
)

STEPS = (
    Step(
        1,
        1,
        _("Room for change"),
        _("A growth process, and the time to make it."),
    ),
    Step(2, 1, _("A pedagogical vision"), _("ICT as a means to an end, not an end in itself.")),
    Step(3, 1, _("An ICT policy plan"), _("The shared long-term goal of the whole team.")),
    Step(
        4,
        2,
        _("Resources and pooling"),
        _("The hours and means available, and who takes the lead."),
    ),
    Step(
        5,
        2,
        _("The ICT coordination task list"),
        _("A customised task list: what applies, when and at which level."),
    ),
    Step(
        6,
        2,
        _("Motivation and expertise"),
        _("Who can carry out the tasks, and how to fill the gaps."),
    ),
    Step(
        7,
        3,
        _("Towards team-oriented ICT coordination"),
        _("The team, its tasks and hours, clear mandates, agreements and consultation."),
    ),
    Step(
        8,
        3,
        _("Evaluate regularly"),
        _("A cyclical growth process: check the collaboration and adjust."),
    ),
)

NODES: tuple[Node, ...] = (
    # Step 1 ---------------------------------------------------------------------------
    Question(
        id="growth",
        step=1,
        title=_("A growth process"),
        text=_(
            "Are you aware that the transition to a team-oriented ICT operation is a growth "
            "process, and are you prepared to make available the time to do this?"
        ),
        help=_(
            "Even schools that already have an ICT team are still exploring. Clear "
            "expectations and vision are crucial for growth. Only then can a step-by-step "
            "plan be set up."
        ),
        answers=(
            Answer("yes", _("Yes"), "vision", short=_("Yes")),
            Answer("no", _("No"), "strategic_project", short=_("No")),
        ),
    ),
    End(
        id="strategic_project",
        step=1,
        kind=END_PAUSED,
        title=_("A strategic project for later"),
        text=_(
            "The school is not ready to make the time available yet. The plan pauses here "
            "until it is."
        ),
        advice=(
            Advice(
                LEADER,
                _("Include it as a potential strategic project that must be addressed."),
            ),
            Advice(
                ICT_COORDINATOR,
                _(
                    "Priorities must be set given the limited amount of ICT hours available. "
                    "Focus on the core technical tasks, which are the tasks required to keep "
                    "the ICT infrastructure running."
                ),
            ),
        ),
        actions=(
            ActionTemplate(
                "strategic_project",
                _("Put team-oriented ICT coordination on the list of strategic projects."),
                LEADER,
                weeks=8,
            ),
            ActionTemplate(
                "set_priorities",
                _("Set priorities for the available ICT hours: the core technical tasks first."),
                ICT_COORDINATOR,
                weeks=2,
            ),
        ),
        to_go_on=_(
            "When the school is prepared to make the time available for the growth process, "
            "answer step 1 again."
        ),
        resume_at="growth",
    ),
    # Step 2 ---------------------------------------------------------------------------
    Question(
        id="vision",
        step=2,
        title=_("A pedagogical vision"),
        text=_("Is there an underlying pedagogical vision?"),
        help=_(
            "The why is driven by a clear pedagogical vision, which stands alongside the "
            "technical vision. Education is not tool-oriented but goal-oriented: the "
            "starting point must be the needs in the classroom, not the technical options."
        ),
        answers=(
            Answer("yes", _("Yes"), "policy_plan", short=_("Yes")),
            Answer("no", _("No"), "develop_vision", short=_("No")),
        ),
    ),
    End(
        id="develop_vision",
        step=2,
        kind=END_PAUSED,
        title=_("Develop the pedagogical vision"),
        text=_(
            "Team-oriented ICT coordination cannot be assured without an underlying "
            "pedagogical vision. The plan pauses here while the vision is developed."
        ),
        advice=(
            Advice(
                LEADER,
                _(
                    "A clear pedagogical vision makes it clear that ICT is only a means to an "
                    "end, not an end in itself. Moreover, the process of developing/defining "
                    "such a vision is necessary to get everyone on the same page. Prioritise "
                    "this in collaboration with the school group/community."
                ),
                support=SUPPORT_COUNSELLING,
            ),
            Advice(ICT_COORDINATOR, CORE_TECHNICAL),
        ),
        actions=(
            ActionTemplate(
                "develop_vision",
                _("Develop the pedagogical vision in collaboration with the school group."),
                LEADER,
                weeks=12,
            ),
            ActionTemplate(
                "vision_support",
                _(
                    "Ask the pedagogical counselling service or independent consultants for "
                    "support with the vision."
                ),
                LEADER,
                weeks=2,
            ),
            ActionTemplate(
                "core_technical",
                _("Keep the ICT infrastructure running: focus on the core technical tasks."),
                ICT_COORDINATOR,
                weeks=2,
            ),
        ),
        to_go_on=_(
            "When the pedagogical vision has been developed with the school group/community, "
            "answer step 2 again."
        ),
        resume_at="vision",
    ),
    # Step 3 ---------------------------------------------------------------------------
    Question(
        id="policy_plan",
        step=3,
        title=_("An ICT policy plan"),
        text=_("Is there an ICT policy plan?"),
        help=_(
            "Once the pedagogical (and technical) vision is clear, it needs to be translated "
            "into an ICT policy plan, which should also include a professional development "
            "plan."
        ),
        answers=(
            Answer("yes", _("Yes"), "resources", short=_("Yes")),
            Answer("no", _("No"), "develop_policy_plan", short=_("No")),
        ),
    ),
    End(
        id="develop_policy_plan",
        step=3,
        kind=END_PAUSED,
        title=_("Draw up the ICT policy plan"),
        text=_(
            "All ICT coordination tasks serve to implement the ICT policy plan. The plan "
            "pauses here while the ICT policy plan is drawn up."
        ),
        advice=(
            Advice(
                LEADER,
                _(
                    "All tasks related to ICT coordination serve to implement that plan. This "
                    "is the shared long-term goal of the entire team, to which everyone "
                    "contributes. Prioritise this in collaboration with the school "
                    "group/community."
                ),
                support=_(
                    "For support, you can contact your pedagogical counselling service or "
                    "independent consultants. You will soon be able to use the 'policy "
                    "planner' of the Digisprong Knowledge Centre."
                ),
            ),
            Advice(
                ICT_COORDINATOR,
                _(
                    "Focus on the core technical tasks and policy tasks. The ICT coordinator's "
                    "role is significant when drawing up of a technical and "
                    "pedagogical-didactical vision jointly with the director and school team."
                ),
            ),
        ),
        actions=(
            ActionTemplate(
                "draw_up_policy_plan",
                _(
                    "Draw up the ICT policy plan, with a professional development plan, in "
                    "collaboration with the school group."
                ),
                LEADER,
                weeks=12,
            ),
            ActionTemplate(
                "policy_plan_support",
                _(
                    "Ask the pedagogical counselling service or independent consultants for "
                    "support with the ICT policy plan."
                ),
                LEADER,
                weeks=2,
            ),
            ActionTemplate(
                "technical_vision",
                _(
                    "Draw up the technical and pedagogical-didactical vision jointly with the "
                    "director and school team."
                ),
                ICT_COORDINATOR,
                weeks=8,
            ),
        ),
        to_go_on=_("When the ICT policy plan has been drawn up, answer step 3 again."),
        resume_at="policy_plan",
    ),
    # Step 4 ---------------------------------------------------------------------------
    Question(
        id="resources",
        step=4,
        title=_("The ICT resources"),
        text=_(
            "The ICT resources that a school receives are usually not sufficient to handle "
            "all ICT coordination tasks. Check the available resources."
        ),
        help=_(
            "As a school, you can use additional BPT hours or other hours. The amount of the "
            "available resources determines how many tasks can be taken up and in what depth "
            "and specialisation."
        ),
        work=WORK_RESOURCES,
        advice=(
            Advice(
                LEADER,
                _(
                    "As a school, you can use additional BPT hours or other hours. Note that "
                    "BPT hours are taken away from the teaching hours that are actually "
                    "intended for the pupils. It is also important to set aside hours for "
                    "pedagogical tasks, and not just for technical support."
                ),
            ),
            Advice(
                ICT_COORDINATOR,
                _(
                    "The amount of the available resources determines how many tasks can be "
                    "taken up and in what depth and specialisation: list what the current ICT "
                    "hours are spent on, and what stays undone."
                ),
            ),
        ),
        answers=(
            Answer(
                "recorded",
                _("The resources are recorded: go on"),
                "pooling",
                short=_("Resources checked"),
            ),
        ),
    ),
    Question(
        id="pooling",
        step=4,
        title=_("Pooling at group level"),
        text=_(
            "Is there a willingness to cooperate/pool resources for ICT coordination at the "
            "school group/community level?"
        ),
        help=_(
            "An ICT team is ideally located partly at the level of the school group/community "
            "and partly at the level of the school. The exact proportion depends on whether "
            "and to what extent the resources for ICT coordination are pooled."
        ),
        answers=(
            Answer(
                "yes",
                _("Yes: the leading role is taken on by the school group/community."),
                "tasks_group",
                short=_("Yes: the group leads"),
                sets_lead=LEAD_GROUP,
                actions=(
                    ActionTemplate(
                        "agree_pooling",
                        _(
                            "Agree with the school group/community on the resources to pool "
                            "for ICT coordination."
                        ),
                        LEADER,
                        weeks=6,
                    ),
                ),
            ),
            Answer(
                "no",
                _("No: you take on the leading role."),
                "tasks_school",
                short=_("No: the school leads"),
                sets_lead=LEAD_SCHOOL,
            ),
        ),
    ),
    # Step 5 ---------------------------------------------------------------------------
    Question(
        id="tasks_group",
        step=5,
        lead=LEAD_GROUP,
        title=_("The task list, led by the school group"),
        text=_(
            "Check the 'ICT coordination task list': the leading role is the school "
            "group/community."
        ),
        work=WORK_TASK_LIST,
        prompts=(
            Prompt(
                _(
                    "To what extent do all tasks apply to the school/schools in the school "
                    "group/community based on the ICT policy plan? Change as needed in order "
                    "to obtain a customised task list."
                ),
                ("applies",),
            ),
            Prompt(
                _(
                    "For which tasks can economies of scale (financial/efficiency) be achieved "
                    "by carrying them out for all schools at the level of the school "
                    "group/community?"
                ),
                ("level", "level_reason"),
                examples=_(
                    "E.g. writing requests for quotes and specifications, application management."
                ),
            ),
            Prompt(
                _(
                    "Which tasks require specialised expertise and are thus better organised "
                    "at the school group/community level?"
                ),
                ("level", "level_reason"),
                examples=_(
                    "E.g. planning and structuring network and server infrastructure, "
                    "organising and/or giving in-service ICT training."
                ),
            ),
            Prompt(
                _(
                    "Which tasks can best be taken up in the schools because it must be "
                    "possible to meet specific needs quickly and effectively?"
                ),
                ("level", "level_reason"),
                examples=_(
                    "E.g. help desk, first-line help with basic skills, supporting teachers "
                    "with ICT integration in the classroom."
                ),
            ),
        ),
        advice=(
            Advice(
                LEADER,
                _(
                    "An ICT team is ideally located partly at the level of the school "
                    "group/community and partly at the level of the school: decide together "
                    "which tasks are carried out for all schools and which stay in each school."
                ),
            ),
            Advice(
                ICT_COORDINATOR,
                _(
                    "As far as technical tasks are concerned, first-line support must be "
                    "provided quickly at the school itself. Specialisation is recommended "
                    "especially for technical tasks: point out where the group's expertise "
                    "is needed."
                ),
            ),
        ),
        answers=(
            Answer(
                "checked",
                _("The task list is customised: go on"),
                "expertise",
                short=_("Task list customised"),
            ),
        ),
    ),
    Question(
        id="tasks_school",
        step=5,
        lead=LEAD_SCHOOL,
        title=_("The task list, led by the school"),
        text=_("Check the 'ICT coordination task list': the leading role is the school."),
        work=WORK_TASK_LIST,
        prompts=(
            Prompt(
                _(
                    "To what extent do all tasks apply to the school based on the ICT policy "
                    "plan? Change as needed in order to obtain a customised task list."
                ),
                ("applies",),
            ),
            Prompt(
                _(
                    "Which tasks are essential in the short term? Which tasks can be spread "
                    "out over the long term? Which tasks can be dropped without jeopardising "
                    "the priorities of the ICT policy plan?"
                ),
                ("horizon",),
            ),
            Prompt(
                _(
                    "For which tasks is cooperation within the school group/community "
                    "appropriate? Provide feedback on this to the general or coordinating "
                    "director."
                ),
                ("raise_with_director",),
            ),
        ),
        advice=(
            Advice(
                LEADER,
                _(
                    "Provide feedback to the general or coordinating director on the tasks "
                    "where cooperation within the school group/community is appropriate."
                ),
            ),
            Advice(
                ICT_COORDINATOR,
                _(
                    "Say which tasks are essential in the short term and which can wait, "
                    "without jeopardising the priorities of the ICT policy plan."
                ),
            ),
        ),
        actions=(
            ActionTemplate(
                "feedback_director",
                _(
                    "Give the general or coordinating director feedback on the tasks for "
                    "cooperation within the school group."
                ),
                LEADER,
                weeks=4,
            ),
        ),
        answers=(
            Answer(
                "checked",
                _("The task list is customised: go on"),
                "expertise",
                short=_("Task list customised"),
            ),
        ),
    ),
    # Step 6 ---------------------------------------------------------------------------
    Question(
        id="expertise",
        step=6,
        title=_("Motivation and expertise"),
        text=_(
            "Find out who besides the current ICT coordinator(s) has the necessary motivation "
            "and expertise to carry out the tasks. Is the expertise available within the "
            "school/schools?"
        ),
        help=_(
            "Divide tasks according to competencies, not profiles: the right person in the "
            "right place. The tasks below apply but nobody with the expertise and the "
            "motivation carries them out yet."
        ),
        work=WORK_GAPS,
        advice=(
            Advice(
                LEADER,
                _(
                    "The right person in the right place is the crucial element. You should "
                    "not divide tasks according to profiles but rather according to "
                    "competencies: look beyond the current ICT coordinator(s), to teachers, "
                    "administrative staff, management, students and parents."
                ),
            ),
            Advice(
                ICT_COORDINATOR,
                _(
                    "The job of ICT coordinator is more appealing: you can take advantage of "
                    "in-house talent and leave less interesting matters to others."
                ),
            ),
        ),
        answers=(
            Answer("yes", _("Yes"), "team", short=_("Yes")),
            Answer(
                "no",
                _("No: consider how the gaps can be filled the best."),
                "fill_gaps",
                short=_("No"),
            ),
        ),
    ),
    Outcome(
        id="fill_gaps",
        step=6,
        title=_("Fill the gaps"),
        text=_("Consider how the gaps can be filled the best: recruitment or outsourcing."),
        work=WORK_GAP_DECISIONS,
        next="team",
        advice=(
            Advice(LEADER, ROUTES[RECRUIT].rule, support=ROUTES[RECRUIT].advice),
            Advice(ICT_COORDINATOR, ROUTES[OUTSOURCE].rule),
        ),
        actions=(
            ActionTemplate(
                "vacancy",
                _("Draw up a job vacancy from the task list for the tasks to recruit for."),
                LEADER,
                weeks=4,
            ),
            ActionTemplate(
                "quotes",
                _(
                    "Ask external companies for quotes for the tasks to outsource, weighing "
                    "cost, dependency and the loss of internal know-how."
                ),
                ICT_COORDINATOR,
                weeks=6,
            ),
        ),
        continue_label=_("The gaps are sorted: go on to step 7"),
    ),
    # Step 7 ---------------------------------------------------------------------------
    Question(
        id="team",
        step=7,
        title=_("Towards team-oriented ICT coordination"),
        text=_(
            "Set up the ICT team in the team builder. Is everything below in place, or "
            "planned, so that the team can start?"
        ),
        work=WORK_TEAM,
        checklist=(
            ChecklistItem(
                "team_assembled",
                _("School leader: assemble the relevant people in an ICT team."),
                "team",
            ),
            ChecklistItem(
                "tasks_divided",
                _(
                    "Use the 'ICT coordination task list' to divide the tasks in consultation "
                    "and based on motivation and expertise."
                ),
                "team",
            ),
            ChecklistItem(
                "hours_granted",
                _(
                    "Recognise this motivation and expertise by utilising the necessary "
                    "hours/resources."
                ),
                "team",
            ),
            ChecklistItem(
                "mandates",
                _(
                    "Create clear mandates: clarity about who may make which decisions, who "
                    "will implement the ICT tasks, and who will direct and follow up on "
                    "everything, and who is appointed as the lead and point of contact."
                ),
                "mandates",
            ),
            ChecklistItem("knowledge_sharing", _("Agree on knowledge sharing."), "agreements"),
            ChecklistItem("backup", _("Agree on backup."), "agreements"),
            ChecklistItem("documentation", _("Agree on documenting the work."), "agreements"),
            ChecklistItem(
                "policy_team",
                _(
                    "ICT policy team (management, technical ICT coordinator(s), pedagogic ICT "
                    "coordinator(s)): policy and vision."
                ),
                "consultation",
            ),
            ChecklistItem(
                "daily_technical",
                _(
                    "Fast and efficient coordination between technical ICT coordinators in "
                    "terms of providing daily services."
                ),
                "consultation",
            ),
            ChecklistItem(
                "sounding_board",
                _("Sounding board for teachers about pedagogical tasks."),
                "consultation",
            ),
            ChecklistItem(
                "group_link",
                _(
                    "Within each of the three types of group, provide a link between the "
                    "school and school group/community levels."
                ),
                "consultation",
            ),
        ),
        advice=(
            Advice(
                LEADER,
                _(
                    "Assemble the relevant people in an ICT team. It is up to management to "
                    "continue to ensure there is a clear division of tasks and clear "
                    "mandates, even if the team composition changes."
                ),
            ),
            Advice(
                ICT_COORDINATOR,
                _(
                    "Once the mandates are clear, the ICT coordinators and the rest of the "
                    "team can take a leading role. Agree on knowledge sharing and backup "
                    "(e.g. not working with personal mailboxes, but with generic addresses), "
                    "and draw up written procedures."
                ),
            ),
        ),
        answers=(
            Answer(
                "started",
                _("The team has started: go on to the evaluation"),
                "evaluate",
                short=_("Team started"),
            ),
        ),
    ),
    # Step 8 ---------------------------------------------------------------------------
    Question(
        id="evaluate",
        step=8,
        title=_("Evaluate the ICT teamwork"),
        text=_(
            "Regularly evaluate the ICT teamwork. Check whether the collaboration is running "
            "smoothly, and whether the composition of the team and the division of tasks "
            "should be adjusted. How is it going?"
        ),
        help=_(
            "Team-oriented ICT coordination is a cyclical growth process: the composition of "
            "an ICT team rarely remains stable. Each evaluation is kept with its date."
        ),
        work=WORK_EVALUATION,
        new_round=True,
        advice=(
            Advice(
                LEADER,
                _(
                    "Check whether the collaboration is running smoothly, and whether the "
                    "composition of the team and the division of tasks should be adjusted."
                ),
            ),
            Advice(
                ICT_COORDINATOR,
                _(
                    "The composition of an ICT team rarely remains stable: people leave and "
                    "new colleagues start. Bring what the team sees in daily practice: what "
                    "works, where tasks are left undone, who is overloaded."
                ),
            ),
        ),
        answers=(
            Answer("smooth", _("It is going smoothly"), "fact", short=_("Smoothly")),
            Answer("poorly", _("It is going poorly"), "supervisor", short=_("Poorly")),
        ),
    ),
    End(
        id="fact",
        step=8,
        kind=END_DONE,
        title=_("Team-oriented ICT coordination is a fact"),
        text=_("It is going smoothly: great, team-oriented ICT coordination is a fact!"),
        advice=(
            Advice(
                LEADER,
                _(
                    "Keep evaluating regularly: such a cyclical operation implies continuous "
                    "evaluation, which also allows for structural adjustment of the process."
                ),
            ),
            Advice(
                ICT_COORDINATOR,
                _(
                    "Keep focusing on knowledge sharing, provide backup (e.g. not working with "
                    "personal mailboxes, but with generic addresses), and draw up written "
                    "procedures for new colleagues."
                ),
            ),
        ),
        actions=(
            ActionTemplate(
                "next_evaluation",
                _("Evaluate the ICT teamwork again."),
                TEAM,
                weeks=26,
            ),
        ),
    ),
    Outcome(
        id="supervisor",
        step=8,
        title=_("Call in a process supervisor"),
        text=_("It is going poorly: call in a process supervisor."),
        next="adjust",
        advice=(
            Advice(
                LEADER,
                _("It is going poorly: call in a process supervisor."),
                support=_(
                    "For support on process supervision and change management, you can "
                    "contact your pedagogical counselling service or independent consultants."
                ),
            ),
            Advice(
                ICT_COORDINATOR,
                _(
                    "Get everyone on board: this is achieved by working bottom-up and "
                    "providing regular feedback when decisions are made. Tell the process "
                    "supervisor where the collaboration gets stuck."
                ),
            ),
        ),
        actions=(
            ActionTemplate(
                "process_supervisor",
                _(
                    "Call in a process supervisor: the pedagogical counselling service or "
                    "independent consultants."
                ),
                LEADER,
                weeks=3,
            ),
        ),
    ),
    Question(
        id="adjust",
        step=8,
        title=_("Adjust the team"),
        text=_("Should the composition of the team or the division of tasks be adjusted?"),
        work=WORK_FOLLOW_UP,
        answers=(
            Answer(
                "composition",
                _("Adjust the team's composition: look again for motivation and expertise"),
                "expertise",
                short=_("Composition"),
            ),
            Answer(
                "division",
                _("Adjust the division of tasks"),
                "team",
                short=_("Division of tasks"),
            ),
            Answer(
                "neither",
                _("Neither for now: evaluate again with the process supervisor"),
                "evaluate",
                short=_("Evaluate again"),
            ),
        ),
    ),
)

FLOWCHART = Flowchart(phases=PHASES, steps=STEPS, nodes=NODES, start="growth")


def next_node(node_id: str, value: str) -> Node:
    return FLOWCHART.next_node(node_id, value)


def all_paths() -> list[Path]:
    return FLOWCHART.paths()


def check() -> list[str]:
    return FLOWCHART.check()
