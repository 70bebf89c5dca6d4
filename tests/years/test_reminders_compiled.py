"""The reminders read through queries compiled once per process (``compiled_rows``) find
the same reminders, in the same order, as the model queries they replace: for a school,
for whole groups, for a group alone, and again with other owners and another day (the
ids and the date are swapped into the compiled queries)."""

import datetime

import pytest
from django.db.models import Max
from django.db.models import Min
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import Subquery
from django.utils import timezone

from guidelines import services as plans
from guidelines.models import ActionItem
from guidelines.models import Answer
from guidelines.models import TransitionPlan
from guidelines.services import NEXT_EVALUATION
from policy import services as policy
from policy.models import ActionStatus
from policy.models import GoalAction
from policy.models import PolicyPlan
from schools.models import Role
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import member
from tests.years.helpers import started_plan
from years import reminders as module
from years.reminders import ACTION_OVERDUE
from years.reminders import EVALUATE_NODE
from years.reminders import EVALUATION_DUE
from years.reminders import EVALUATION_INTERVAL
from years.reminders import NEVER_EVALUATED
from years.reminders import POLICY_ACTION_OVERDUE
from years.reminders import POLICY_EVALUATION_DUE
from years.reminders import Owners
from years.reminders import due_reminders

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


# --- the model queries the compiled ones replace, as they were ------------------------------


def _plans(owners: Owners, prefix: str = "") -> Q:
    one_by_one = [pk for pk, s in owners.schools.items() if s.group_id not in owners.whole_groups]
    condition = Q(**{f"{prefix}school_id__in": one_by_one}) | Q(
        **{f"{prefix}group_id__in": list(owners.groups)}
    )
    if owners.whole_groups:
        condition |= Q(**{f"{prefix}school__group_id__in": sorted(owners.whole_groups)})
    return condition


def _owner_of(owners: Owners, plan):
    return owners.schools[plan.school_id] if plan.school_id else owners.groups[plan.group_id]


def _evaluation_due(owners, today):
    started = Answer.objects.filter(plan=OuterRef("pk"), node_id=module._team_node()).values(
        "answered_at"
    )[:1]
    next_due = (
        ActionItem.objects.filter(
            plan=OuterRef("pk"),
            source__startswith=NEXT_EVALUATION,
            done=False,
            withdrawn_at__isnull=True,
            due__isnull=False,
        )
        .values("plan")
        .annotate(first=Min("due"))
        .values("first")[:1]
    )
    found = (
        TransitionPlan.objects.filter(_plans(owners))
        .annotate(
            last_evaluation=Max("evaluations__date"),
            team_started=Subquery(started),
            next_due=Subquery(next_due),
        )
        .filter(Q(team_started__isnull=False) | Q(last_evaluation__isnull=False))
    )
    result = []
    for plan in found:
        if plan.next_due is not None:
            due = plan.next_due
        else:
            due = (plan.last_evaluation or plan.team_started.date()) + EVALUATION_INTERVAL
        if due >= today:
            continue
        never = plan.last_evaluation is None and plan.next_due is None
        kind = NEVER_EVALUATED if never else EVALUATION_DUE
        result.append(
            kind.remind(_owner_of(owners, plan), plan.pk, due, page={"node_id": EVALUATE_NODE})
        )
    return result


def _overdue_actions(owners, today):
    items = (
        ActionItem.objects.filter(
            _plans(owners, "plan__"), done=False, withdrawn_at__isnull=True, due__lt=today
        )
        .exclude(source__startswith=NEXT_EVALUATION)
        .select_related("plan")
        .order_by("due", "pk")
    )
    return [
        ACTION_OVERDUE.remind(
            _owner_of(owners, item.plan), item.pk, item.due, action=item.text, who=item.who
        )
        for item in items
    ]


def _policy_plan_due(owners, today):
    result = []
    actions = (
        GoalAction.objects.filter(_plans(owners, "goal__plan__"), due__lt=today)
        .exclude(status=ActionStatus.DONE)
        .select_related("goal__plan", "person")
        .order_by("due", "pk")
    )
    for action in actions:
        result.append(
            POLICY_ACTION_OVERDUE.remind(
                _owner_of(owners, action.goal.plan),
                action.pk,
                action.due,
                page={"pk": action.goal_id},
                action=action.text,
                who=action.person.name if action.person else "—",
            )
        )
    for plan in PolicyPlan.objects.filter(_plans(owners), next_evaluation__lt=today).order_by("pk"):
        result.append(
            POLICY_EVALUATION_DUE.remind(_owner_of(owners, plan), plan.pk, plan.next_evaluation)
        )
    return result


def _model_reminders(*, schools=(), groups=(), today, whole_groups=False):
    schools, groups = list(schools), list(groups)
    owners = Owners.of(schools, groups, whole_groups=whole_groups)
    found = [
        reminder
        for source in (_evaluation_due, _overdue_actions, _policy_plan_due)
        for reminder in source(owners, today)
    ]
    order = {("group", g.pk): index for index, g in enumerate(groups)}
    order.update({("school", s.pk): len(groups) + index for index, s in enumerate(schools)})
    return sorted(found, key=lambda r: order[("group" if r.is_group else "school", r.owner.pk)])


# --- every kind of reminder, for schools and for a group ------------------------------------


def _every_kind(owner, *, person_name: str | None, started_days_ago: int) -> None:
    plan = started_plan(owner)
    Answer.objects.filter(plan=plan, node_id="team").update(
        answered_at=timezone.now() - datetime.timedelta(days=started_days_ago)
    )
    for days, text in [(2, "Write the backup procedure"), (9, "Label the laptops")]:
        plans.action_item_add(plan=plan, text=text, who="Anna", due=_days_ago(days), step=7)
    plans.action_item_add(plan=plan, text="Not yet", who="Anna", due=TODAY, step=7)
    policy_plan = policy.plan_get_or_create(owner=owner)
    goal = policy.goal_save(plan=policy_plan, user=None, title="Safe logins", tasks=[])
    person = None
    if person_name is not None:
        person = PersonFactory(school=owner, name=person_name)
    policy.action_save(
        goal=goal, user=None, text="Roll out the password manager", person=person, due=_days_ago(1)
    )
    policy.action_save(goal=goal, user=None, text="Train the team", person=None, due=_days_ago(5))
    policy.plan_update(
        plan=policy_plan,
        user=None,
        pedagogical_vision="",
        technical_vision="",
        evaluation="Each June",
        next_evaluation=_days_ago(3),
    )


@pytest.fixture
def reminders_everywhere(group, school, sibling_school, other_school):
    _every_kind(school, person_name="Jonas", started_days_ago=400)
    _every_kind(sibling_school, person_name="", started_days_ago=800)
    _every_kind(other_school, person_name="Mira", started_days_ago=500)
    _every_kind(group, person_name=None, started_days_ago=450)
    # The sibling's last evaluation set the plan's next one: the evaluation reminded at
    # that date instead.
    sibling_plan = TransitionPlan.objects.get(school=sibling_school)
    plans.evaluation_record(plan=sibling_plan, user=None, date=_days_ago(400), outcome="smooth")
    ActionItem.objects.filter(plan=sibling_plan, source__startswith=NEXT_EVALUATION).update(
        due=_days_ago(4)
    )


def _assert_same(**asked):
    compiled = due_reminders(**asked)
    assert compiled == _model_reminders(**asked)
    return compiled


def test_the_compiled_reading_finds_a_schools_reminders_as_the_model_queries_did(
    reminders_everywhere, school, sibling_school
):
    found = _assert_same(schools=[school], today=TODAY)
    assert {r.kind for r in found} == {
        "evaluation",
        "action",
        "policy_action",
        "policy_evaluation",
    }
    assert any("Jonas" in r.message for r in found)
    # Another school and another day through the same compiled queries.
    assert _assert_same(schools=[sibling_school], today=TODAY)
    assert any(r.message.endswith("(—)") for r in found)
    assert [r.key for r in _assert_same(schools=[school], today=_days_ago(4))] != [
        r.key for r in found
    ]


def test_the_compiled_reading_finds_whole_groups_reminders_as_the_model_queries_did(
    reminders_everywhere, group, school, sibling_school, other_school, other_group
):
    lone = SchoolFactory()
    _every_kind(lone, person_name="Lies", started_days_ago=366)
    schools = [sibling_school, school, lone]

    by_group = _assert_same(schools=schools, groups=[group], today=TODAY, whole_groups=True)

    assert by_group == due_reminders(schools=schools, groups=[group], today=TODAY)
    assert {r.owner for r in by_group} == {group, school, sibling_school, lone}
    assert len(by_group) == 4 * 6
    # Two whole groups, and a day on which fewer are due.
    both = [*schools, other_school]
    _assert_same(schools=both, groups=[other_group, group], today=_days_ago(6), whole_groups=True)
    assert _assert_same(groups=[group], today=TODAY)


def test_the_home_page_shows_the_compiled_reminders(client, reminders_everywhere, group):
    client.force_login(member(group=group, role=Role.GROUP_ADMIN))
    page = client.get("/").content.decode()
    assert "Roll out the password manager (Jonas)" in page
    assert "Label the laptops" in page
