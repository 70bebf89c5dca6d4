import datetime
from decimal import Decimal

import pytest

from development import services as development
from development.routes import RouteKey
from development.selectors import development_plan
from guidelines import services as wizard
from policy import services
from policy.selectors import contributors
from policy.selectors import goals_of
from policy.selectors import readiness
from policy.selectors import scan_standing
from policy.selectors import scans_of
from policy.selectors import transition_resources
from tasks.models import Competence
from teams.models import Level
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def _states(plan, owner):
    goals = goals_of(plan=plan) if plan else []
    people = contributors(plan=plan) if plan else []
    return {
        element.key: element
        for element in readiness(
            plan=plan,
            goals=goals,
            resources=transition_resources(owner=owner),
            people=people,
            development=development_plan(school=owner),
        )
    }


def test_an_empty_plan_misses_every_element(school):
    elements = _states(None, school)
    assert [e.state for e in elements.values()] == ["missing"] * 5
    assert "pedagogical vision" in elements["vision"].missing[0]
    assert "no goals" in " ".join(elements["plan"].missing)
    assert "Step 4" in elements["resources"].missing[0]


def test_the_elements_follow_the_plans_data(school, leader, teacher):
    plan = services.plan_get_or_create(owner=school)
    services.plan_update(
        plan=plan,
        user=leader,
        pedagogical_vision="Why",
        technical_vision="What with",
        evaluation="Each June with the team",
        next_evaluation=datetime.date(2027, 6, 1),
    )
    person = PersonFactory(school=school)
    goal = services.goal_save(
        plan=plan, user=leader, title="Goal", tasks=[ListTaskFactory(school=school)]
    )
    services.action_save(
        goal=goal, user=leader, text="Do", person=person, due=datetime.date(2027, 1, 1)
    )
    services.comment_add(plan=plan, user=teacher, text="Good idea")
    transition = wizard.plan_start(owner=school, user=leader)
    wizard.resources_set(
        plan=transition,
        user=leader,
        ict_hours=Decimal(8),
        bpt_hours=Decimal(0),
        other_hours=Decimal(0),
        operating_budget=Decimal(0),
    )
    elements = _states(plan, school)
    assert elements["vision"].state == "in_place"
    assert elements["incentive"].state == "in_place"
    assert elements["plan"].state == "in_place"
    assert elements["resources"].state == "in_place"
    # Nobody grows a competence yet: the professional development plan is empty.
    assert elements["skills"].state == "missing"


def test_skills_follow_the_professional_development_plan(school, leader):
    plan = services.plan_get_or_create(owner=school)
    task = TaskFactory(needs_technical=True, needs_pedagogical=False)
    novice = PersonFactory(school=school, competence_technical=Level.BASIC)
    AssignmentFactory(person=novice, list_task=ListTaskFactory(school=school, task=task))

    elements = _states(plan, school)
    assert elements["skills"].state == "missing"
    assert any("Technical" in str(line) for line in elements["skills"].missing)

    development.item_create(
        school=school,
        person=novice,
        competence=Competence.TECHNICAL,
        route=RouteKey.SUPPLIERS,
        school_year=2026,
        user=leader,
    )
    elements = _states(plan, school)
    # An item, but the team is still thin in technical competence until someone grows.
    assert elements["skills"].state == "partly"

    novice.competence_technical = Level.GOOD
    novice.save()
    assert _states(plan, school)["skills"].state == "in_place"


def test_an_action_without_who_leaves_the_plan_partly_in_place(school, leader):
    plan = services.plan_get_or_create(owner=school)
    goal = services.goal_save(
        plan=plan, user=leader, title="Goal", tasks=[ListTaskFactory(school=school)]
    )
    services.action_save(goal=goal, user=leader, text="Do", person=None, due=None)
    element = _states(plan, school)["plan"]
    assert element.state == "partly"
    assert any("no one or no date" in item for item in element.missing)


def test_contributors_count_changes_and_comments_per_person(school, leader, teacher):
    plan = services.plan_get_or_create(owner=school)
    services.plan_update(
        plan=plan,
        user=leader,
        pedagogical_vision="Why",
        technical_vision="",
        evaluation="",
        next_evaluation=None,
    )
    services.goal_save(plan=plan, user=leader, title="Goal")
    services.comment_add(plan=plan, user=teacher, text="One")
    services.comment_add(plan=plan, user=teacher, text="Two")
    rows = {row.name: (row.edits, row.comments) for row in contributors(plan=plan)}
    assert rows[leader.get_full_name() or leader.username] == (2, 0)
    assert rows[teacher.get_full_name() or teacher.username] == (0, 2)


def test_the_standing_names_the_weak_areas_with_their_clusters_and_tasks(school, leader):
    held = ListTaskFactory(school=school, task=TaskFactory(code="POL-PRO-01", cluster="policy"))
    free = ListTaskFactory(
        school=school, task=TaskFactory(code="PED-TED-02", cluster="pedagogical")
    )
    ListTaskFactory(school=school, task=TaskFactory(code="TEC-NET-09"))
    ListTaskFactory(school=school, task=TaskFactory(code="POL-PRO-02"), applies=False)
    AssignmentFactory(school=school, list_task=held, person__school=school)
    plan = services.plan_get_or_create(owner=school)
    services.scan_record(
        plan=plan,
        user=leader,
        date=datetime.date(2026, 10, 1),
        scores={"cpd": Decimal("2.4"), "infrastructure": Decimal("3.8")},
    )
    scan = scans_of(plan=plan)[0]
    rows = scan_standing(owner=school, scan=scan)
    assert [row.result.area for row in rows] == ["cpd", "infrastructure"]
    cpd = rows[0]
    assert cpd.weak and not rows[1].weak
    assert cpd.clusters == ["Policy & vision", "Pedagogical-didactical"]
    # A task that does not apply is not the team's to cover.
    assert cpd.tasks == [free, held]  # by code
    assert cpd.covered == 1
