"""A school with a team, a plan whose team has started, and resources: what a rollover needs."""

from __future__ import annotations

from decimal import Decimal

from guidelines import services as plans
from schools.models import Role
from tasks.models import Cluster
from teams.services import assignment_set
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory
from tests.factories import member

ENTHUSIASM = [("growth", "yes"), ("vision", "yes"), ("policy_plan", "yes")]


def started_plan(school, user=None):
    """The school's plan walked to step 8: the team has started."""
    plan = plans.plan_start(owner=school, user=user)
    for node_id, value in ENTHUSIASM:
        plan = plans.answer_set(plan=plan, node_id=node_id, value=value, user=user)
    plans.resources_set(
        plan=plan,
        user=user,
        ict_hours=Decimal("20"),
        bpt_hours=Decimal("6"),
        other_hours=Decimal("2"),
        operating_budget=Decimal("10000"),
    )
    for node_id, value in [
        ("resources", "recorded"),
        ("pooling", "no"),
        ("tasks_school", "checked"),
        ("expertise", "yes"),
        ("team", "started"),
    ]:
        plan = plans.answer_set(plan=plan, node_id=node_id, value=value, user=user)
    return plan


def team(school):
    """Anna executes the network (Bert backs her up) and leads the ELO; Bert executes the
    ELO alone; Carla decides on the network. Returns the people and the tasks."""
    anna = PersonFactory(school=school, name="Anna", ict_hours=10, roles=["technical_coordinator"])
    bert = PersonFactory(school=school, name="Bert", ict_hours=6, roles=["digicoach"])
    carla = PersonFactory(school=school, name="Carla", ict_hours=2, roles=["management"])
    network = ListTaskFactory(
        school=school, task=TaskFactory(code="TEC-NET-01", title="Network", is_core=True)
    )
    elo = ListTaskFactory(
        school=school,
        task=TaskFactory(code="PED-ELO-01", title="Learning platform", cluster=Cluster.PEDAGOGICAL),
    )
    assignment_set(
        school=school, list_task=network, person=anna, executes=True, backup=bert, hours=3
    )
    assignment_set(school=school, list_task=network, person=carla, decides=True)
    assignment_set(school=school, list_task=elo, person=anna, lead=True, hours=1)
    assignment_set(school=school, list_task=elo, person=bert, executes=True, hours=2)
    return {"anna": anna, "bert": bert, "carla": carla, "network": network, "elo": elo}


def leader(school):
    return member(school, role=Role.SCHOOL_LEADER, username="leader", email="leader@example.org")
