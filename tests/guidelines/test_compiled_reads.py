"""The plan's answers, action items, evaluations and gap decisions are read with SQL
compiled once per process and built from plain rows: they must be what the ORM reads,
field for field with Django's types, each plan its own whichever plan compiled first."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidelines import services
from guidelines.flowchart import DROP
from guidelines.flowchart import OUTSOURCE
from guidelines.models import Answer
from guidelines.models import Evaluation
from guidelines.models import Resources
from guidelines.models import TransitionPlan
from guidelines.selectors import ACTION_ITEM_FIELDS
from guidelines.selectors import ANSWER_FIELDS
from guidelines.selectors import ANSWER_USER_FIELDS
from guidelines.selectors import DECISION_FIELDS
from guidelines.selectors import EVALUATION_FIELDS
from guidelines.selectors import PLAN_FIELDS
from guidelines.selectors import RESOURCES_FIELDS
from guidelines.selectors import USER_FIELDS
from guidelines.selectors import action_items
from guidelines.selectors import evaluations
from guidelines.selectors import gap_analysis
from guidelines.selectors import plan_for
from guidelines.selectors import plan_state
from guidelines.selectors import resources_of
from schools.models import Role
from tests.factories import ListTaskFactory
from tests.factories import SchoolFactory
from tests.factories import TaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db


def _values(objects, fields) -> list[tuple]:
    """Every field with its type: a date must stay a date, a boolean a boolean."""
    return [tuple((getattr(o, f), type(getattr(o, f))) for f in fields) for o in objects]


def _user(obj, name: str, fields=USER_FIELDS):
    user = obj._state.fields_cache[name]
    return None if user is None else _values([user], fields)


def _plan(school):
    leader = member(school, role=Role.SCHOOL_LEADER)
    plan = services.plan_start(owner=school, user=leader)
    for node_id, value in [("growth", "yes"), ("vision", "yes"), ("policy_plan", "yes")]:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
    due = datetime.date(2027, 3, 1)
    services.action_item_add(plan=plan, text="Later", who="Ann", due=due, step=2)
    done = services.action_item_add(plan=plan, text="Done", who="Bob", due=None, step=None)
    services.action_item_update(item=done, done=True)
    for day, user in ((1, leader), (2, None)):
        Evaluation.objects.create(
            plan=plan, recorded_by=user, date=datetime.date(2025, 1, day), outcome="smooth"
        )
    plan.refresh_from_db()
    return plan, leader


def test_the_plans_parts_are_what_the_orm_reads():
    other, _ = _plan(SchoolFactory())
    plan, leader = _plan(SchoolFactory())
    # One answer whose author's account is gone.
    gone = get_user_model().objects.create(username="gone")
    Answer.objects.filter(plan=plan, node_id="vision").update(answered_by=gone)
    gone.delete()
    # The other plan first: the queries are compiled with its id and must not keep it.
    plan_state(plan=other), action_items(plan=other), evaluations(plan=other)
    with CaptureQueriesContext(connection) as queries:
        answers = plan_state(plan=plan).answers
        items = action_items(plan=plan)
        recorded = evaluations(plan=plan)
    assert len(queries) == 3
    orm_answers = list(plan.answers.select_related("answered_by"))
    assert _values(answers.values(), ANSWER_FIELDS) == _values(orm_answers, ANSWER_FIELDS)
    assert [_user(a, "answered_by") for a in answers.values()] == [
        None if a.answered_by is None else _values([a.answered_by], USER_FIELDS)
        for a in orm_answers
    ]
    assert answers["vision"].answered_by is None
    assert answers["growth"].answered_by == leader
    orm_items = list(plan.action_items.order_by("done", "due", "pk"))
    assert [item.text for item in items][-2:] == ["Later", "Done"]
    assert _values(items, ACTION_ITEM_FIELDS) == _values(orm_items, ACTION_ITEM_FIELDS)
    orm_evaluations = list(plan.evaluations.order_by("-date", "-pk"))
    assert _values(recorded, EVALUATION_FIELDS) == _values(orm_evaluations, EVALUATION_FIELDS)
    assert [e.recorded_by for e in recorded] == [None, leader]
    with CaptureQueriesContext(connection) as queries:
        assert all(part.plan is plan for part in [*answers.values(), *items, *recorded])
    assert len(queries) == 0


def test_the_gap_decisions_are_what_the_orm_reads(school):
    other, _ = _plan(SchoolFactory())
    plan, leader = _plan(school)
    kept = ListTaskFactory(school=school, task=TaskFactory(is_core=True, needs_policy=True))
    dropped = ListTaskFactory(school=school, task=TaskFactory(is_core=True, needs_policy=True))
    services.gap_decision_set(plan=plan, list_task=kept, route=OUTSOURCE, note="n", user=leader)
    services.gap_decision_set(plan=plan, list_task=dropped, route=DROP, user=leader)
    gap_analysis(plan=other)
    analysis = gap_analysis(plan=plan)
    found = [gap.decision for gap in analysis.gaps] + analysis.dropped
    orm = list(plan.gap_decisions.order_by("list_task__task__code"))
    found.sort(key=lambda d: d.list_task.task.code)
    assert _values(found, DECISION_FIELDS) == _values(orm, DECISION_FIELDS)
    assert [d.list_task.task.code for d in found] == [d.list_task.task.code for d in orm]


def test_the_plan_and_its_resources_are_what_the_orm_reads(school, group):
    other, _ = _plan(SchoolFactory())
    plan, leader = _plan(school)
    group_plan = services.plan_start(owner=group, user=member(group=group, role=Role.GROUP_ADMIN))
    Resources.objects.create(plan=plan, ict_hours="4.5", bpt_hours=2, other_hours=0)
    assert plan_for(owner=SchoolFactory()) is None
    assert resources_of(plan=other) is None
    for owner, expected in ((school, plan), (group, group_plan)):
        found = plan_for(owner=owner)
        orm = TransitionPlan.objects.get(pk=expected.pk)
        assert _values([found], PLAN_FIELDS) == _values([orm], PLAN_FIELDS)
    found = resources_of(plan=plan)
    orm = Resources.objects.get(plan=plan)
    assert _values([found], RESOURCES_FIELDS) == _values([orm], RESOURCES_FIELDS)
    assert found.total_hours == orm.total_hours


def test_the_plan_read_with_its_resources_needs_no_second_query(
    school, group, django_assert_num_queries
):
    """The action plan reads step 4's resources on the plan's row: the same plan, the
    same resources, and None (not a query) for a plan without them."""
    plan_for(owner=SchoolFactory(), resources=True)
    plan, leader = _plan(school)
    group_plan = services.plan_start(owner=group, user=member(group=group, role=Role.GROUP_ADMIN))
    Resources.objects.create(plan=plan, ict_hours="4.5", bpt_hours=2, other_hours=0, note="N")
    assert plan_for(owner=SchoolFactory(), resources=True) is None
    for owner, expected in ((school, plan), (group, group_plan)):
        with django_assert_num_queries(1):
            found = plan_for(owner=owner, resources=True)
            resources = resources_of(plan=found)
        orm = TransitionPlan.objects.get(pk=expected.pk)
        assert _values([found], PLAN_FIELDS) == _values([orm], PLAN_FIELDS)
        if owner is group:
            assert resources is None
            continue
        orm_resources = Resources.objects.get(plan=plan)
        assert _values([resources], RESOURCES_FIELDS) == _values([orm_resources], RESOURCES_FIELDS)
        assert resources.plan is found


@pytest.mark.parametrize("resources", [False, True])
def test_the_plan_read_with_its_answers_gives_the_first_state_without_a_query(
    school, group, django_assert_num_queries, resources
):
    """The plan's overview and the action plan read the plan with its answers: the same
    plan, resources and state as read apart, in one query; a second state of the same
    plan (after an answer is recorded) reads the answers anew."""
    plan_for(owner=SchoolFactory(), answers=True, resources=resources)
    plan, leader = _plan(school)
    group_plan = services.plan_start(owner=group, user=member(group=group, role=Role.GROUP_ADMIN))
    Resources.objects.create(plan=plan, ict_hours="4.5", bpt_hours=2, other_hours=0, note="N")
    gone = get_user_model().objects.create(username="gone")
    Answer.objects.filter(plan=plan, node_id="vision").update(answered_by=gone)
    gone.delete()
    assert plan_for(owner=SchoolFactory(), answers=True, resources=resources) is None
    for owner, expected in ((school, plan), (group, group_plan)):
        with django_assert_num_queries(1):
            found = plan_for(owner=owner, answers=True, resources=resources)
            state = plan_state(plan=found)
            read = resources_of(plan=found) if resources else None
        apart = plan_state(plan=plan_for(owner=owner))
        orm = TransitionPlan.objects.get(pk=expected.pk)
        assert _values([found], PLAN_FIELDS) == _values([orm], PLAN_FIELDS)
        assert list(state.answers) == list(apart.answers)
        assert _values(state.answers.values(), ANSWER_FIELDS) == _values(
            apart.answers.values(), ANSWER_FIELDS
        )
        # Of the author, what the pages print (the rest deferred).
        assert [_user(a, "answered_by", ANSWER_USER_FIELDS) for a in state.answers.values()] == [
            _user(a, "answered_by", ANSWER_USER_FIELDS) for a in apart.answers.values()
        ]
        assert [a.answered_by for a in state.answers.values()] == [
            a.answered_by for a in apart.answers.values()
        ]
        assert state.walk.node_ids == apart.walk.node_ids
        if resources and owner is school:
            assert _values([read], RESOURCES_FIELDS) == _values(
                [Resources.objects.get(plan=plan)], RESOURCES_FIELDS
            )
    found = plan_for(owner=school, answers=True)
    with django_assert_num_queries(0):
        assert plan_state(plan=found).answers["vision"].value == "yes"
    services.answer_set(plan=found, node_id="vision", value="no", user=leader)
    with django_assert_num_queries(1):
        again = plan_state(plan=found)
    assert again.answers["vision"].value == "no"
