"""Reads of ICT policy plans: the plan in the report's order, Knoster's readiness check,
who contributed, the team to choose from, and where the needs scan puts the school."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from development.selectors import DevelopmentPlan
from guidelines.models import Resources
from guidelines.models import TransitionPlan
from policy.models import Goal
from policy.models import GoalAction
from policy.models import NeedsScan
from policy.models import PlanComment
from policy.models import PolicyPlan
from policy.models import ScanResult
from policy.scan import WEAK_BELOW
from policy.scan import area_map
from policy.scan import touches
from schools.access import Owner
from schools.access import owner_kwargs
from schools.models import School
from tasks.models import Cluster
from tasks.models import ListTask
from teams.models import Assignment
from teams.models import Person
from teams.selectors.people import school_people


def plan_for(*, owner: Owner) -> PolicyPlan | None:
    """The owner's policy plan, or None before anything is written (one query)."""
    return PolicyPlan.objects.filter(**owner_kwargs(owner)).first()


def goals_of(*, plan: PolicyPlan) -> list[Goal]:
    """The plan's goals with their tasks, actions (and who) and comments: four queries."""
    return list(
        Goal.objects.filter(plan=plan)
        .select_related("finding__scan")
        .prefetch_related(
            Prefetch(
                "tasks",
                queryset=ListTask.objects.select_related("task").order_by("task__code"),
            ),
            Prefetch("actions", queryset=GoalAction.objects.select_related("person")),
            Prefetch("comments", queryset=PlanComment.objects.select_related("author")),
        )
    )


def plan_comments(*, plan: PolicyPlan) -> list[PlanComment]:
    """The comments on the plan as a whole (not on a goal)."""
    return list(PlanComment.objects.filter(plan=plan, goal__isnull=True).select_related("author"))


def vision_recorded(*, plan: PolicyPlan) -> bool:
    """Step 2 is met when the pedagogical vision is written down here."""
    return bool(plan.pedagogical_vision.strip())


def plan_complete(*, plan: PolicyPlan) -> bool:
    """What a plan needs before it can be recorded as drawn up: the vision and at least
    one goal with a task it serves and an action for it."""
    return (
        vision_recorded(plan=plan)
        and Goal.objects.filter(plan=plan, tasks__isnull=False, actions__isnull=False).exists()
    )


def plan_recorded(*, plan: PolicyPlan) -> bool:
    """Step 3 is met when the plan is recorded as drawn up (and still complete), or when
    the school uploaded the plan it already has."""
    if plan.existing_file:
        return True
    return plan.drawn_up_at is not None and plan_complete(plan=plan)


def transition_resources(*, owner: Owner) -> Resources | None:
    """Step 4's resources of the owner's transition plan: shown beside the plan, not copied."""
    return (
        Resources.objects.filter(plan__in=TransitionPlan.objects.filter(**owner_kwargs(owner)))
        .select_related("plan")
        .first()
    )


def team_candidates(*, owner: Owner, goal: Goal | None = None) -> list[tuple[str, list[Person]]]:
    """The people to choose from for a goal's action, grouped: those with a mandate on the
    goal's tasks first, then the rest of the team. Two queries."""
    if isinstance(owner, School):
        people = list(school_people(school=owner))
    else:
        people = list(Person.objects.filter(group=owner).order_by("name", "pk"))
    mandated: set[int] = set()
    if goal is not None:
        mandated = set(
            Assignment.objects.filter(list_task__in=[t.pk for t in goal.tasks.all()]).values_list(
                "person_id", flat=True
            )
        )
    first = [p for p in people if p.pk in mandated]
    rest = [p for p in people if p.pk not in mandated]
    groups = []
    if first:
        groups.append((_("With a mandate on the goal's tasks"), first))
    if rest:
        groups.append((_("The rest of the team") if first else _("The team"), rest))
    return groups


@dataclass(frozen=True)
class Contributor:
    name: str
    edits: int
    comments: int


def contributors(*, plan: PolicyPlan) -> list[Contributor]:
    """Who took part in the plan, from its history and its comments: the record of
    co-creation. Five queries, whatever the plan's size."""
    edits: dict[int, int] = {}
    histories = [
        PolicyPlan.history.filter(id=plan.pk),
        Goal.history.filter(plan_id=plan.pk),
        GoalAction.history.filter(goal__plan_id=plan.pk),
        NeedsScan.history.filter(plan_id=plan.pk),
    ]
    for history in histories:
        for user_id in history.exclude(history_user=None).values_list("history_user_id", flat=True):
            edits[user_id] = edits.get(user_id, 0) + 1
    comments: dict[int, int] = {}
    for user_id in (
        PlanComment.objects.filter(plan=plan)
        .exclude(author=None)
        .values_list("author_id", flat=True)
    ):
        comments[user_id] = comments.get(user_id, 0) + 1
    users = get_user_model().objects.filter(pk__in=set(edits) | set(comments))
    rows = [
        Contributor(
            name=user.get_full_name() or user.get_username(),
            edits=edits.get(user.pk, 0),
            comments=comments.get(user.pk, 0),
        )
        for user in users
    ]
    return sorted(rows, key=lambda row: (-(row.edits + row.comments), row.name))


# --- Knoster's five elements (Box 5) ----------------------------------------------------

IN_PLACE, PARTLY, MISSING = "in_place", "partly", "missing"
STATE_LABELS = {
    IN_PLACE: gettext_lazy("In place"),
    PARTLY: gettext_lazy("Partly"),
    MISSING: gettext_lazy("Missing"),
}


@dataclass(frozen=True)
class Element:
    key: str
    name: str
    # Box 5's words for the element.
    box: str
    state: str
    missing: list[str]

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def _state(done: int, of: int) -> str:
    if done >= of:
        return IN_PLACE
    return PARTLY if done else MISSING


def _box_5() -> dict[str, tuple[str, str]]:
    """Knoster's five elements of change, each with the words of Box 5 for it."""
    return {
        "vision": (
            _("Vision"),
            _(
                "Vision and interest answer the why question and thus form the starting "
                "point of a change process."
            ),
        ),
        "incentive": (
            _("Incentive"),
            _(
                "Answer the question of why someone must adapt their knowledge, attitude, "
                "and/or skills; prevents resistance."
            ),
        ),
        "plan": (
            _("Plan"),
            _(
                "A clear plan answers the questions 'who may/must do what, when, and how', "
                "and 'who bears what responsibility, when, and about what?'"
            ),
        ),
        "resources": (
            _("Resources"),
            _(
                "To avoid frustrating teachers, one should think beforehand about what "
                "resources are needed."
            ),
        ),
        "skills": (
            _("Skills"),
            _(
                "It must be clear at the start of the process what skills you need, what "
                "level of mastery you have, and within what timeframe you can/must "
                "acquire them."
            ),
        ),
    }


def readiness(
    *,
    plan: PolicyPlan | None,
    goals: list[Goal],
    resources: Resources | None,
    people: list[Contributor],
    development: DevelopmentPlan | None = None,
    group_owned: bool = False,
) -> list[Element]:
    """Knoster's five elements of change as a check beside the plan, each with its state
    and what is missing, derived from the plan's data (Box 5 of the report)."""
    states: dict[str, tuple[str, list[str]]] = {}
    # Vision: "vision and interest answer the why question".
    missing = []
    if plan is None or not plan.pedagogical_vision.strip():
        missing.append(_("The pedagogical vision (the why) is not written down."))
    if plan is None or not plan.technical_vision.strip():
        missing.append(_("The technical vision is not written down."))
    states["vision"] = (_state(2 - len(missing), 2), missing)
    # Incentive: the team must see why; co-creation prevents resistance.
    missing = []
    commenters = [person for person in people if person.comments]
    if len(people) < 2:
        missing.append(
            _("Only one person has worked on the plan: involve the team and the teachers.")
        )
    if not commenters:
        missing.append(_("Nobody has commented on the plan yet: ask the teachers for feedback."))
    states["incentive"] = (_state(2 - len(missing), 2), missing)
    # Plan: who does what, when and how.
    missing = []
    actions = [action for goal in goals for action in goal.actions.all()]
    if not goals:
        missing.append(_("The plan has no goals yet."))
    elif any(not goal.tasks.all() for goal in goals):
        missing.append(_("Some goals are not tied to the tasks that serve them."))
    if goals and not actions:
        missing.append(_("The goals have no actions yet."))
    elif any(action.person_id is None or action.due is None for action in actions):
        missing.append(_("Some actions have no one or no date yet."))
    if plan is None or not (plan.evaluation.strip() and plan.next_evaluation):
        missing.append(_("It is not written down how and when the plan is evaluated."))
    states["plan"] = (_state(3 - len(missing), 3) if goals else MISSING, missing)
    # Resources: step 4 of the transition plan.
    missing = []
    if resources is None:
        missing.append(_("Step 4 of the transition plan has no resources recorded yet."))
    elif not resources.total_hours and not resources.operating_budget:
        missing.append(_("Step 4 records no hours and no budget."))
    states["resources"] = (MISSING if missing else IN_PLACE, missing)
    # Skills: the professional development plan the policy plan includes.
    states["skills"] = _skills(development=development, group_owned=group_owned)
    return [Element(key, name, box, *states[key]) for key, (name, box) in _box_5().items()]


def _skills(*, development: DevelopmentPlan | None, group_owned: bool) -> tuple[str, list]:
    """Skills from the professional development plan: in place when it has items and the
    team is thin nowhere its tasks need it (the report's T-PAB)."""
    if group_owned:
        return PARTLY, [_("Each school of the group keeps its own professional development plan.")]
    missing = []
    if development is None or not development.items:
        missing.append(_("The professional development plan has no items yet."))
    for cluster in development.thin_clusters if development is not None else []:
        missing.append(
            _("Nobody in the team reaches Good in %(competence)s, which its tasks need.")
            % {"competence": cluster.label}
        )
    if not missing:
        return IN_PLACE, []
    has_items = development is not None and bool(development.items)
    return (PARTLY if has_items else MISSING), missing


# --- the needs scan -----------------------------------------------------------------------


def scans_of(*, plan: PolicyPlan) -> list[NeedsScan]:
    """The plan's scans, newest first, with their results and the goals made of them."""
    return list(
        NeedsScan.objects.filter(plan=plan).prefetch_related(
            Prefetch("results", queryset=ScanResult.objects.prefetch_related("goals"))
        )
    )


@dataclass(frozen=True)
class AreaStanding:
    result: ScanResult
    label: str
    weak: bool
    clusters: list[str]
    tasks: list[ListTask]
    goals: list[Goal]

    @property
    def covered(self) -> int:
        """How many of the touched tasks someone in the team holds."""
        return sum(1 for entry in self.tasks if getattr(entry, "held", False))


def scan_standing(*, owner: Owner, scan: NeedsScan) -> list[AreaStanding]:
    """Where the school stands against its task list: per area of the scan, the clusters
    and the tasks of the owner's list it touches, weakest area first. Two queries."""
    entries = list(
        ListTask.objects.filter(**owner_kwargs(owner))
        .team_tasks()
        .select_related("task")
        .order_by("task__code")
    )
    held = set(
        Assignment.objects.filter(list_task__in=[e.pk for e in entries]).values_list(
            "list_task_id", flat=True
        )
    )
    for entry in entries:
        entry.held = entry.pk in held
    clusters = dict(Cluster.choices)
    rows = []
    for result in sorted(scan.results.all(), key=lambda r: (r.score, r.area)):
        mapped = area_map(result.area)
        rows.append(
            AreaStanding(
                result=result,
                label=mapped.label,
                weak=result.score < WEAK_BELOW,
                clusters=[str(clusters[key]) for key in mapped.clusters],
                tasks=[entry for entry in entries if touches(result.area, entry.task.code)],
                goals=list(result.goals.all()),
            )
        )
    return rows


def weak_threshold() -> Decimal:
    return WEAK_BELOW


def owner_tasks(*, owner: Owner) -> QuerySet[ListTask]:
    """The owner's customised list, for choosing the tasks a goal serves."""
    return (
        ListTask.objects.filter(**owner_kwargs(owner))
        .team_tasks()
        .select_related("task")
        .order_by("task__code")
    )
