"""Step 4's unassigned hours, read in one query for the documents page's vacancy."""

from decimal import Decimal

import pytest

from guidelines.models import Resources
from guidelines.models import TransitionPlan
from overview.resources import unassigned_plan_hours
from tests.factories import PersonFactory
from tests.factories import SchoolFactory


def _person(school, ict="0", bpt="0", other="0"):
    return PersonFactory(
        school=school, ict_hours=Decimal(ict), bpt_hours=Decimal(bpt), other_hours=Decimal(other)
    )


def _plan_with_resources(school, **hours):
    plan = TransitionPlan.objects.create(school=school)
    Resources.objects.create(plan=plan, **{k: Decimal(v) for k, v in hours.items()})
    return plan


@pytest.mark.django_db
def test_no_plan_and_a_plan_without_resources_read_as_none(django_assert_num_queries):
    school = SchoolFactory()
    with django_assert_num_queries(1):
        assert unassigned_plan_hours(school) is None
    TransitionPlan.objects.create(school=school)
    with django_assert_num_queries(1):
        assert unassigned_plan_hours(school) is None


@pytest.mark.django_db
def test_the_hours_left_are_the_resources_minus_what_the_schools_own_people_hold(
    django_assert_num_queries,
):
    school = SchoolFactory()
    other = SchoolFactory(group=school.group)
    _plan_with_resources(school, ict_hours="10.5", bpt_hours="4", other_hours="1.5")
    _plan_with_resources(other, ict_hours="40")
    # Without people, nothing is held.
    assert unassigned_plan_hours(school) == Decimal("16.0")
    _person(school, ict="2.5", bpt="1")
    _person(school, other="0.5")
    # Another school's people and the group's own hold none of this school's hours.
    _person(other, ict="7")
    PersonFactory(school=None, group=school.group, ict_hours=Decimal("9"))
    with django_assert_num_queries(1):
        assert unassigned_plan_hours(school) == Decimal("12.0")
    assert unassigned_plan_hours(other) == Decimal("33")
    _person(school, ict="30")
    assert unassigned_plan_hours(school) == Decimal("0")
