from decimal import Decimal

import pytest

from sharing.selectors import copy_plan
from sharing.selectors import group_division
from sharing.selectors import task_choices
from sharing.services import consent_set
from tasks.models import Cluster
from tests.factories import SchoolFactory
from tests.factories import TaskFactory
from tests.factories import member
from tests.sharing.helpers import person
from tests.sharing.helpers import setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    return TaskFactory(code="TEC-NET-01", cluster=Cluster.TECHNICAL, title="Network")


@pytest.fixture
def divided(school, sibling_school, task):
    """Sint-Jan: its technical coordinator executes and leads, management decides;
    De Linde: its digicoach executes."""
    coordinator = person(school, "Tom Claes", "technical_coordinator")
    director = person(school, "Sofie Peeters", "management")
    setup(
        school,
        task,
        (coordinator, {"executes": True, "lead": True, "hours": 3, "backup": director}),
        (director, {"decides": True, "hours": 0}),
    )
    setup(
        sibling_school,
        task,
        (person(sibling_school, "An Jacobs", "digicoach"), {"executes": True, "hours": 1}),
    )
    return school, sibling_school


def _by_school(division):
    (task_division,) = division.tasks
    return {s.school.slug: s for s in task_division.schools}, task_division


def test_without_consent_the_schools_show_roles_not_names(group, divided, task):
    division = group_division(group=group, task=task)
    rows, _ = _by_school(division)
    labels = [h.label for h in rows["sint-jan"].holders]
    assert labels == ["Technical ICT coordinator", "Director / management (ICT focus)"]
    assert rows["sint-jan"].holders[0].backup == "Director / management (ICT focus)"
    assert not any("Tom" in label or "Sofie" in label for label in labels)


def test_a_school_that_agreed_shows_names(group, divided, task, school):
    consent_set(school=school, share_names=True)
    rows, _ = _by_school(group_division(group=group, task=task))
    assert [h.label for h in rows["sint-jan"].holders] == ["Tom Claes", "Sofie Peeters"]
    assert rows["sint-jan"].holders[0].backup == "Sofie Peeters"
    # De Linde did not agree: still roles.
    assert [h.label for h in rows["de-linde"].holders] == [
        "Teacher: digicoach / focal point / i-coach"
    ]


def test_the_readers_own_school_shows_names(group, divided, task, sibling_school):
    rows, _ = _by_school(group_division(group=group, task=task, named_schools={sibling_school.pk}))
    assert [h.label for h in rows["de-linde"].holders] == ["An Jacobs"]
    assert rows["sint-jan"].holders[0].label == "Technical ICT coordinator"


def test_group_figures_count_cover_hours_and_the_common_role(group, divided, task):
    third = SchoolFactory(group=group, name="De Brug")
    setup(
        third,
        task,
        (person(third, "X", "technical_coordinator"), {"executes": True, "hours": 2}),
        level="outsourced",
    )
    SchoolFactory(group=group, name="Without the task")
    _rows, figures = _by_school(group_division(group=group, task=task))
    assert (figures.on_list, figures.group_size, figures.covered) == (3, 4, 3)
    # Sint-Jan 3 h, De Linde 1 h, De Brug 2 h: the median is 2.
    assert figures.typical_hours == Decimal("2.0")
    assert figures.outsourced == 1
    common = {c.mandate: c for c in figures.common_roles}
    assert common["executes"].role_label == "Technical ICT coordinator"
    assert (common["executes"].schools, common["executes"].of) == (2, 3)
    assert common["decides"].role_label == "Director / management (ICT focus)"
    assert "monitors" not in common


def test_a_cluster_takes_every_task_of_it_and_nothing_else(group, divided, task, school):
    other = TaskFactory(code="TEC-NET-02", cluster=Cluster.TECHNICAL)
    pedagogical = TaskFactory(code="PED-01", cluster=Cluster.PEDAGOGICAL)
    setup(school, other)
    setup(school, pedagogical)
    division = group_division(group=group, cluster=Cluster.TECHNICAL)
    assert [d.task.code for d in division.tasks] == ["TEC-NET-01", "TEC-NET-02"]
    totals = {t.school.slug: t for t in division.school_totals}
    assert (totals["sint-jan"].tasks, totals["sint-jan"].covered) == (2, 1)
    assert totals["sint-jan"].hours == Decimal("3")


def test_nothing_of_another_group_is_compared(group, divided, task, other_school):
    setup(other_school, task, (person(other_school, "Foreign", "management"), {"executes": True}))
    rows, figures = _by_school(group_division(group=group, task=task))
    assert set(rows) == {"sint-jan", "de-linde"}
    assert figures.group_size == 2


def test_a_schools_own_task_is_not_offered_for_comparison(group, divided, school, task):
    own = TaskFactory(code="OWN-1", school=school)
    setup(school, own)
    assert [t.code for t in task_choices(group=group)] == [task.code]


@pytest.mark.parametrize("schools", [3, 30])
def test_the_division_runs_constant_queries_whatever_the_number_of_schools(
    group, task, schools, django_assert_num_queries
):
    for n in range(schools):
        s = SchoolFactory(group=group)
        setup(s, task, (person(s, f"P{n}", "digicoach"), {"executes": True}))
    with django_assert_num_queries(3):
        division = group_division(group=group, cluster=Cluster.TECHNICAL)
        assert division.tasks[0].covered == schools


def test_the_copy_plan_suggests_the_targets_people_by_role(divided, task, school, sibling_school):
    target_coordinator = person(sibling_school, "Els", "technical_coordinator")
    viewer = member(sibling_school, role="school_leader")
    plan = copy_plan(source=school, target=sibling_school, task=task, viewer=viewer)
    assert not plan.named
    by_label = {slot.label: slot for slot in plan.slots}
    coordinator = by_label["Technical ICT coordinator"]
    assert (coordinator.executes, coordinator.lead, coordinator.hours) == (True, True, 3)
    assert plan.suggestions[coordinator.key] == target_coordinator
    # Nobody in De Linde is management: that part stays open.
    assert plan.suggestions[by_label["Director / management (ICT focus)"].key] is None
    assert plan.target_entry.school == sibling_school
