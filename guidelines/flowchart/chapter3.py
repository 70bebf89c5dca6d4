"""Chapter 3 of the report as data: every phase, step, question, answer, outcome and end of
the flowchart (Appendix 2), each with the report's words it rests on, and step 6's routes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from guidelines.flowchart.engine import END_DONE
from guidelines.flowchart.engine import END_PAUSED
from guidelines.flowchart.engine import ICT_COORDINATOR
from guidelines.flowchart.engine import LEAD_GROUP
from guidelines.flowchart.engine import LEAD_SCHOOL
from guidelines.flowchart.engine import LEADER
from guidelines.flowchart.engine import SOURCE_PUBLISHED
from guidelines.flowchart.engine import TEAM
from guidelines.flowchart.engine import WORK_EVALUATION
from guidelines.flowchart.engine import WORK_FOLLOW_UP
from guidelines.flowchart.engine import WORK_GAP_DECISIONS
from guidelines.flowchart.engine import WORK_GAPS
from guidelines.flowchart.engine import WORK_RESOURCES
from guidelines.flowchart.engine import WORK_TASK_LIST
from guidelines.flowchart.engine import WORK_TEAM
from guidelines.flowchart.engine import ActionTemplate
from guidelines.flowchart.engine import Advice
from guidelines.flowchart.engine import Answer
from guidelines.flowchart.engine import ChecklistItem
from guidelines.flowchart.engine import End
from guidelines.flowchart.engine import Flowchart
from guidelines.flowchart.engine import Node
from guidelines.flowchart.engine import Outcome
from guidelines.flowchart.engine import Path
from guidelines.flowchart.engine import Phase
from guidelines.flowchart.engine import PlanAnswer
from guidelines.flowchart.engine import Prompt
from guidelines.flowchart.engine import Question
from guidelines.flowchart.engine import Step
from guidelines.flowchart.engine import Text
from guidelines.flowchart.engine import Walk
from guidelines.flowchart.engine import walk_chart


@dataclass(frozen=True)
class Route:
    """Step 6: one way to fill a gap, the rule of the report it rests on, and what to do."""

    key: str
    label: Text
    # A few words for the flowchart picture.
    short: Text
    # Which rule of the report this is, e.g. "Chapter 3, step 6, rule i".
    rule_name: Text
    # The report's words, quoted.
    rule: Text
    advice: Text
    risks: tuple[Text, ...] = ()


RECRUIT = "recruit"
OUTSOURCE = "outsource"
INTERNAL = "internal"
DROP = "drop"

ROUTES = {
    route.key: route
    for route in (
        Route(
            RECRUIT,
            _("Recruit"),
            _("i. Recruit: strategic, technical+"),
            _("Chapter 3, step 6, rule i: recruitment"),
            _(
                "The tasks are strategically important (technical, administrative, or "
                "pedagogical) and require sufficient technical competencies in combination "
                "with other skills (pedagogical, administrative, or policy): recruitment."
            ),
            _("Use the 'ICT coordination task list' to draw up a specific job vacancy."),
        ),
        Route(
            OUTSOURCE,
            _("Outsource to an external company"),
            _("ii. Outsource: technical tasks"),
            _("Chapter 3, step 6, rule ii: outsourcing"),
            _(
                "The tasks that are not strategically important to the school and/or require "
                "only technical skills: consider outsourcing these tasks to an external company."
            ),
            _("Weigh the risks of outsourcing before you ask external companies for a quote."),
            # Table 2, next to "External firms".
            risks=(_("Cost"), _("Dependency"), _("Loss of internal know-how")),
        ),
        Route(
            INTERNAL,
            _("Give it to someone inside"),
            _("iii. Inside: whom Table 2 names"),
            _("Chapter 1, Table 2: tasks that can also be taken on by others"),
            _(
                "Which tasks are distributed in practice, and how this can be done, is context "
                "specific and depends mainly on who within the school has which competences, "
                "motivation and expertise."
            ),
            _(
                "Find out who besides the current ICT coordinator(s) has the necessary "
                "motivation and expertise to carry out the tasks."
            ),
        ),
        Route(
            DROP,
            _("Drop it"),
            _("iv. Drop it (step 5)"),
            _("Chapter 3, step 5: tasks that can be dropped"),
            _(
                "Which tasks can be dropped without jeopardising the priorities of the ICT "
                "policy plan?"
            ),
            _("The task is set to dropped on the customised task list (step 5's horizon)."),
        ),
    )
}


@dataclass(frozen=True)
class ActorRoute:
    """Who Table 2 (or chapter 2) names for a task, which route that makes, and its words."""

    # A key of ``tasks.models.OtherActor``: the catalogue's "can also be taken on by".
    actor: str
    route: str
    # How the report names them, for the suggestion.
    label: Text
    where: Text
    quote: Text


# Table 2 ("Who can take on which ICT coordination tasks?") and the chapter 2 sections on
# the ICT team's actors, row by row. Only these actors are suggested by name; the
# catalogue's other keys (central level, counselling service, technical advisor) are not
# someone inside the school nor an external company, so they make no route.
ACTOR_ROUTES: dict[str, ActorRoute] = {
    route.actor: route
    for route in (
        ActorRoute(
            "external_firm",
            OUTSOURCE,
            _("External firms"),
            _("Table 2, technical tasks"),
            _("External firms"),
        ),
        ActorRoute(
            "building_manager",
            INTERNAL,
            _("The responsible of Infrastructure/Building Management"),
            _("Table 2, technical tasks"),
            _("The responsible of Infrastructure/Building Management/TA(C)"),
        ),
        ActorRoute(
            "digicoach",
            INTERNAL,
            _("Teachers with a special interest in ICT integration ('digicoach')"),
            _("Table 2, pedagogical-didactical tasks"),
            _(
                "Teachers with a special interest in ICT integration ('digicoach', "
                "'speedboat teacher',)"
            ),
        ),
        ActorRoute(
            "teachers",
            INTERNAL,
            _("Teachers"),
            _("Table 2, policy & vision and administrative tasks"),
            _("The School's management Teachers"),
        ),
        ActorRoute(
            "management",
            INTERNAL,
            _("The school's management"),
            _("Table 2, policy & vision tasks"),
            _("The School's management"),
        ),
        ActorRoute(
            "administrative_staff",
            INTERNAL,
            _("Administrative staff member"),
            _("Table 2, administrative tasks"),
            _("Administrative Staff Member"),
        ),
        ActorRoute(
            "communication_officer",
            INTERNAL,
            _("Communication officer"),
            _("Table 2, administrative tasks"),
            _("Communication officer"),
        ),
        ActorRoute(
            "students",
            INTERNAL,
            _("Students as 'digileaders'"),
            _("Chapter 2, parents and students"),
            _("a school that appoints students as 'digileaders'"),
        ),
        ActorRoute(
            "parents",
            INTERNAL,
            _("Parents, with a manual"),
            _("Chapter 2, parents and students"),
            _(
                "Schools can also draw up a manual so that simple administrative actions can "
                "be carried out by parents"
            ),
        ),
        ActorRoute(
            "school_group",
            INTERNAL,
            _("The school group/community"),
            _("Chapter 2, a strong role for the school group or community"),
            _(
                "By calling on the knowledge and expertise of the school group/community, "
                "more time is freed up for schools"
            ),
        ),
    )
}

# Table 2's clusters whose row names no external firm: their tasks are never "technical"
# in the sense of rule ii, whatever competences the catalogue ticks.
NOT_TECHNICAL_CLUSTERS = frozenset({"pedagogical", "policy"})


@dataclass(frozen=True)
class RouteAdvice:
    """Why step 6 suggests a route for one task: the rule, and whom the report names."""

    route: str
    actors: tuple[ActorRoute, ...] = ()

    @property
    def info(self) -> Route:
        return ROUTES[self.route]

    @property
    def insiders(self) -> tuple[ActorRoute, ...]:
        return tuple(a for a in self.actors if a.route == INTERNAL)


def gap_advice(
    *,
    strategic: bool,
    technical: bool,
    pedagogical: bool = False,
    administrative: bool = False,
    policy: bool = False,
    cluster: str = "",
    also_by: tuple[str, ...] | list[str] = (),
) -> RouteAdvice:
    """Step 6's rules for one gap task, in the report's order.

    i. Strategic, and technical competences combined with others: recruit.
    ii. Technical (only technical skills, or Table 2 names external firms for it), unless
        the report names only someone inside for it: outsource to an external company.
    iii. Otherwise give it to someone inside: whom Table 2 or chapter 2 names (the
        catalogue's "can also be taken on by"), or whoever has the competences, motivation
        and expertise ("can also be taken on (or even better) by others").
    Dropping (step 5's horizon) is the school's choice; no rule suggests it.
    """
    named = tuple(ACTOR_ROUTES[key] for key in also_by if key in ACTOR_ROUTES)
    if strategic and technical and (pedagogical or administrative or policy):
        return RouteAdvice(RECRUIT, named)
    external = any(a.route == OUTSOURCE for a in named)
    insiders = any(a.route == INTERNAL for a in named)
    technical_only = (
        technical
        and not (pedagogical or administrative or policy)
        and cluster not in NOT_TECHNICAL_CLUSTERS
    )
    if external or (technical_only and not insiders):
        return RouteAdvice(OUTSOURCE, named)
    return RouteAdvice(INTERNAL, named)


def gap_route(**kwargs) -> str:
    """The route step 6's rules suggest (see ``gap_advice``)."""
    return gap_advice(**kwargs).route


SUPPORT_COUNSELLING = _(
    "For support, you can contact your pedagogical counselling service or independent consultants."
)
CORE_TECHNICAL = _(
    "Focus on the core technical tasks, which are the tasks required to keep the ICT "
    "infrastructure running."
)

# The three phases, and the step titles, are those of the final published guidelines;
# steps 1 to 7 hold the report's draft steps 1 to 7, step 8 the evaluation the draft has
# under its step 7.
PHASES = (
    Phase(1, _("Enthusiasm and a plan"), (1, 2, 3)),
    Phase(2, _("People and resources"), (4, 5, 6)),
    Phase(3, _("Implementation and evaluation"), (7, 8)),
)

SOURCES_NOTE = _(
    "The questions, answers and advice quote the report's draft text (chapter 3, for "
    "piloting in 2022-23), which has seven numbered steps with the evaluation under step "
    "7. The eight steps in three phases, and their short titles, come from the final "
    "published guidelines. What the report does not say is marked as ictteam's own "
    "suggestion."
)

# Adult education centres as the report names them: "partly at the level of the centre,
# partly at the level of the adult education locations" (chapter 2, the new model), and
# Box 2 on pooling. Shown instead of "the school" where a centre runs the plan.
ADULT_CENTRE_LEADS = {
    LEAD_SCHOOL: _("The adult education centre (for its locations)"),
    LEAD_GROUP: _("The school group/community"),
}
ADULT_CENTRE_NOTES = {
    "pooling": _(
        "The discussion about pooling resources is less important (or only important in "
        "cases where an adult education centre uses the infrastructure of schools in "
        "compulsory education)."
    ),
    "tasks_school": _(
        "An ICT team is ideally located partly at the level of the school group/community "
        "and partly at the level of the school (for adult education: partly at the level of "
        "the centre, partly at the level of the adult education locations)."
    ),
    "tasks_group": _(
        "An ICT team is ideally located partly at the level of the school group/community "
        "and partly at the level of the school (for adult education: partly at the level of "
        "the centre, partly at the level of the adult education locations)."
    ),
    "expertise": _(
        "a single adult education centre is required to perform the ICT coordination tasks "
        "in and for multiple locations."
    ),
}

STEPS = (
    # Steps 1 to 6: number, phase, title and summary; each holds the report's draft step
    # of the same number.
    *(
        Step(number, phase, title, summary, report_step=number)
        for number, phase, title, summary in (
            (1, 1, _("Room for change"), _("A growth process, and the time to make it.")),
            (2, 1, _("A pedagogical vision"), _("ICT as a means to an end, not an end in itself.")),
            (3, 1, _("An ICT policy plan"), _("The shared long-term goal of the whole team.")),
            (
                4,
                2,
                _("Resources and pooling"),
                _("The hours and means available, and who takes the lead."),
            ),
            (
                5,
                2,
                _("The ICT coordination task list"),
                _("A customised task list: what applies, when and at which level."),
            ),
            (
                6,
                2,
                _("Motivation and expertise"),
                _("Who can carry out the tasks, and how to fill the gaps."),
            ),
        )
    ),
    Step(
        7,
        3,
        _("Towards team-oriented ICT coordination"),
        _("The team, its tasks and hours, clear mandates, agreements and consultation."),
        report_step=7,
        source_note=_("The report's draft step 7 also holds the regular evaluation (step 8)."),
    ),
    Step(
        8,
        3,
        _("Evaluate regularly"),
        _("A cyclical growth process: check the collaboration and adjust."),
        source=SOURCE_PUBLISHED,
        report_step=7,
        source_note=_(
            "A step of its own in the final published guidelines; in the report's draft, "
            "'Regularly evaluate the ICT teamwork' is part of step 7."
        ),
    ),
)


def yes_no(yes: str, no: str) -> tuple[Answer, Answer]:
    """A plain Yes or No question's answers, by the node each leads to."""
    return (
        Answer("yes", _("Yes"), yes, short=_("Yes")),
        Answer("no", _("No"), no, short=_("No")),
    )


# Both of step 5's task-list pages, whoever leads, go on to step 6 the same way.
TASK_LIST_CHECKED = (
    Answer(
        "checked",
        _("The task list is customised: go on"),
        "expertise",
        short=_("Task list customised"),
    ),
)


# Every node starts with its id, step, title and text.
NODES: tuple[Node, ...] = (
    # Step 1 ---------------------------------------------------------------------------
    Question(
        "growth",
        1,
        _("A growth process"),
        _(
            "Are you aware that the transition to a team-oriented ICT operation is a growth "
            "process, and are you prepared to make available the time to do this?"
        ),
        help=_(
            "Even schools that already have an ICT team are still exploring. Clear "
            "expectations and vision are crucial for growth. Only then can a step-by-step "
            "plan be set up."
        ),
        answers=yes_no("vision", "strategic_project"),
    ),
    End(
        "strategic_project",
        1,
        _("A strategic project for later"),
        _(
            "The school is not ready to make the time available yet. The plan pauses here "
            "until it is."
        ),
        END_PAUSED,
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
        "vision",
        2,
        _("A pedagogical vision"),
        _("Is there an underlying pedagogical vision?"),
        help=_(
            "The why is driven by a clear pedagogical vision, which stands alongside the "
            "technical vision. Education is not tool-oriented but goal-oriented: the "
            "starting point must be the needs in the classroom, not the technical options."
        ),
        answers=yes_no("policy_plan", "develop_vision"),
    ),
    End(
        "develop_vision",
        2,
        _("Develop the pedagogical vision"),
        _(
            "Team-oriented ICT coordination cannot be assured without an underlying "
            "pedagogical vision. The plan pauses here while the vision is developed."
        ),
        END_PAUSED,
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
        "policy_plan",
        3,
        _("An ICT policy plan"),
        _("Is there an ICT policy plan?"),
        help=_(
            "Once the pedagogical (and technical) vision is clear, it needs to be translated "
            "into an ICT policy plan, which should also include a professional development "
            "plan."
        ),
        answers=yes_no("resources", "develop_policy_plan"),
    ),
    End(
        "develop_policy_plan",
        3,
        _("Draw up the ICT policy plan"),
        _(
            "All ICT coordination tasks serve to implement the ICT policy plan. The plan "
            "pauses here while the ICT policy plan is drawn up."
        ),
        END_PAUSED,
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
        "resources",
        4,
        _("The ICT resources"),
        _(
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
                    "taken up and in what depth and specialisation."
                ),
                suggestion=_(
                    "List what the current ICT hours are spent on, and what stays undone."
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
        "pooling",
        4,
        _("Pooling at group level"),
        _(
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
        "tasks_group",
        5,
        _("The task list, led by the school group"),
        _(
            "Check the 'ICT coordination task list': the leading role is the school "
            "group/community."
        ),
        lead=LEAD_GROUP,
        work=WORK_TASK_LIST,
        prompts=(
            Prompt(
                _(
                    "To what extent do all tasks apply to the school/schools in the school "
                    "group/community based on the ICT policy plan? Change as needed in order "
                    "to obtain a customised task list."
                ),
                ("applies",),
                short=_("Which tasks apply? Customise"),
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
                short=_("Economies of scale: group level"),
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
                short=_("Specialised expertise: group"),
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
                short=_("Needs met quickly: schools"),
            ),
        ),
        advice=(
            Advice(
                LEADER,
                _(
                    "An ICT team is ideally located partly at the level of the school "
                    "group/community and partly at the level of the school (for adult "
                    "education: partly at the level of the centre, partly at the level of the "
                    "adult education locations)."
                ),
                suggestion=_(
                    "Decide together which tasks are carried out for all schools and which "
                    "stay in each school."
                ),
            ),
            Advice(
                ICT_COORDINATOR,
                _(
                    "As far as technical tasks are concerned, first-line support must be "
                    "provided quickly at the school itself. Specialisation is recommended "
                    "especially for technical tasks."
                ),
                suggestion=_("Point out where the group's expertise is needed."),
            ),
        ),
        answers=TASK_LIST_CHECKED,
    ),
    Question(
        "tasks_school",
        5,
        _("The task list, led by the school"),
        _("Check the 'ICT coordination task list': the leading role is the school."),
        lead=LEAD_SCHOOL,
        work=WORK_TASK_LIST,
        prompts=(
            Prompt(
                _(
                    "To what extent do all tasks apply to the school based on the ICT policy "
                    "plan? Change as needed in order to obtain a customised task list."
                ),
                ("applies",),
                short=_("Which tasks apply? Customise"),
            ),
            Prompt(
                _(
                    "Which tasks are essential in the short term? Which tasks can be spread "
                    "out over the long term? Which tasks can be dropped without jeopardising "
                    "the priorities of the ICT policy plan?"
                ),
                ("horizon",),
                short=_("Short term, long term, drop?"),
            ),
            Prompt(
                _(
                    "For which tasks is cooperation within the school group/community "
                    "appropriate? Provide feedback on this to the general or coordinating "
                    "director."
                ),
                ("raise_with_director",),
                short=_("Cooperation in the group?"),
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
        answers=TASK_LIST_CHECKED,
    ),
    # Step 6 ---------------------------------------------------------------------------
    Question(
        "expertise",
        6,
        _("Motivation and expertise"),
        _(
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
        "fill_gaps",
        6,
        _("Fill the gaps"),
        _(
            "Consider how the gaps can be filled the best: recruit, outsource to an external "
            "company, give the task to someone inside, or drop it."
        ),
        work=WORK_GAP_DECISIONS,
        next="team",
        advice=(
            Advice(
                LEADER,
                ROUTES[RECRUIT].rule,
                support=ROUTES[RECRUIT].advice,
                suggestion=_(
                    "Give a task that needs no recruitment to the people Table 2 names for "
                    "it inside the school before you consider an external company."
                ),
            ),
            Advice(
                ICT_COORDINATOR,
                ROUTES[OUTSOURCE].rule,
                support=_("Watch out for risks: - Cost - Dependency - Loss of internal know-how"),
            ),
        ),
        actions=(
            ActionTemplate(
                "vacancy",
                _("Draw up a job vacancy from the task list for the tasks to recruit for."),
                LEADER,
                weeks=4,
            ),
            ActionTemplate(
                "internal",
                _(
                    "Agree with the people inside who take on the tasks given internally, "
                    "and record them in the team builder."
                ),
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
        "team",
        7,
        _("Towards team-oriented ICT coordination"),
        _(
            "Set up the ICT team in the team builder. Is everything below in place, or "
            "planned, so that the team can start?"
        ),
        work=WORK_TEAM,
        checklist=(
            ChecklistItem(
                "team_assembled",
                _("School leader: assemble the relevant people in an ICT team."),
                "team",
                _("Assemble the ICT team"),
            ),
            ChecklistItem(
                "tasks_divided",
                _(
                    "Use the 'ICT coordination task list' to divide the tasks in consultation "
                    "and based on motivation and expertise."
                ),
                "team",
                _("Divide the tasks"),
            ),
            ChecklistItem(
                "hours_granted",
                _(
                    "Recognise this motivation and expertise by utilising the necessary "
                    "hours/resources."
                ),
                "team",
                _("Hours/resources for them"),
            ),
            ChecklistItem(
                "mandates",
                _(
                    "Create clear mandates: clarity about who may make which decisions, who "
                    "will implement the ICT tasks, and who will direct and follow up on "
                    "everything, and who is appointed as the lead and point of contact."
                ),
                "mandates",
                _("Clear mandates"),
            ),
            ChecklistItem(
                "knowledge_sharing",
                _("Agree on knowledge sharing."),
                "agreements",
                _("Knowledge sharing"),
            ),
            ChecklistItem("backup", _("Agree on backup."), "agreements", _("Backup")),
            ChecklistItem(
                "documentation",
                _("Agree on documenting the work."),
                "agreements",
                _("Documenting the work"),
            ),
            ChecklistItem(
                "policy_team",
                _(
                    "ICT policy team (management, technical ICT coordinator(s), pedagogic ICT "
                    "coordinator(s)): policy and vision."
                ),
                "consultation",
                _("ICT policy team"),
            ),
            ChecklistItem(
                "daily_technical",
                _(
                    "Fast and efficient coordination between technical ICT coordinators in "
                    "terms of providing daily services."
                ),
                "consultation",
                _("Daily technical coordination"),
            ),
            ChecklistItem(
                "sounding_board",
                _("Sounding board for teachers about pedagogical tasks."),
                "consultation",
                _("Sounding board for teachers"),
            ),
            ChecklistItem(
                "group_link",
                _(
                    "Within each of the three types of group, provide a link between the "
                    "school and school group/community levels."
                ),
                "consultation",
                _("Link school and group level"),
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
        "evaluate",
        8,
        _("Evaluate the ICT teamwork"),
        _(
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
                    "new colleagues start."
                ),
                suggestion=_(
                    "Bring what the team sees in daily practice: what works, where tasks are "
                    "left undone, who is overloaded."
                ),
            ),
        ),
        answers=(
            Answer("smooth", _("It is going smoothly"), "fact", short=_("Smoothly")),
            Answer("poorly", _("It is going poorly"), "supervisor", short=_("Poorly")),
        ),
    ),
    End(
        "fact",
        8,
        _("Team-oriented ICT coordination is a fact"),
        _("It is going smoothly: great, team-oriented ICT coordination is a fact!"),
        END_DONE,
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
        "supervisor",
        8,
        _("Call in a process supervisor"),
        _("It is going poorly: call in a process supervisor."),
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
                    "providing regular feedback when decisions are made."
                ),
                suggestion=_("Tell the process supervisor where the collaboration gets stuck."),
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
        "adjust",
        8,
        _("Adjust the team"),
        _("Should the composition of the team or the division of tasks be adjusted?"),
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

FLOWCHART = Flowchart(
    phases=PHASES, steps=STEPS, nodes=NODES, start="growth", sources_note=SOURCES_NOTE
)


def next_node(node_id: str, value: str) -> Node:
    return FLOWCHART.next_node(node_id, value)


def all_paths() -> list[Path]:
    return FLOWCHART.paths()


def check() -> list[str]:
    return FLOWCHART.check()


def walk(answers: Mapping[str, PlanAnswer], flowchart: Flowchart | None = None) -> Walk:
    """Where a plan stands on chapter 3's flowchart (or ``flowchart``), given its answers."""
    return walk_chart(answers, flowchart or FLOWCHART)
