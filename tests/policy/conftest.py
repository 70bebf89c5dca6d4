import pytest

from guidelines import services as wizard
from schools.models import Role
from tests.factories import member


@pytest.fixture
def leader(school):
    return member(school, role=Role.SCHOOL_LEADER)


@pytest.fixture
def coordinator(school):
    return member(school, role=Role.ICT_COORDINATOR)


@pytest.fixture
def teacher(school):
    return member(school, role=Role.TEAM_MEMBER)


def answer_all(plan, user, pairs):
    for node_id, value in pairs:
        plan = wizard.answer_set(plan=plan, node_id=node_id, value=value, user=user)
    return plan


@pytest.fixture
def paused_at_vision(school, leader):
    plan = wizard.plan_start(owner=school, user=leader)
    return answer_all(plan, leader, [("growth", "yes"), ("vision", "no")])


@pytest.fixture
def paused_at_plan(school, leader):
    plan = wizard.plan_start(owner=school, user=leader)
    return answer_all(plan, leader, [("growth", "yes"), ("vision", "yes"), ("policy_plan", "no")])
