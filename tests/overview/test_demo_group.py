"""The demo school groups: what the group dashboard and the group level show."""

import pytest
from django.contrib.auth import get_user_model

from overview.demo import seed_demo
from overview.selectors import group_dashboard
from schools.models import SchoolGroup
from tasks.models import ListLevel
from tasks.models import ListTask
from teams.selectors import group_coverage

pytestmark = pytest.mark.django_db


def test_demo_dashboard_shows_schools_at_different_points_and_the_groups_plan(demo):
    dashboard = group_dashboard(group=SchoolGroup.objects.get(slug="noord"))
    assert dashboard.school_count == 3
    assert dashboard.group_plan is not None and dashboard.group_plan.led_by_group
    assert {row.plan.step for row in dashboard.rows if row.plan} >= {2, 8}
    assert dashboard.totals.core_uncovered > 0
    assert dashboard.totals.single_points > 0
    assert dashboard.totals.by_group > 0
    assert dashboard.group_people > 0
    assert len({row.coverage for row in dashboard.rows}) > 1


def test_demo_group_hands_its_group_level_choices_down_with_history(demo):
    admin = get_user_model().objects.get(username="groupadmin.noord")
    noord = SchoolGroup.objects.get(slug="noord")
    sint_jan = noord.schools.get(slug="sint-jan")
    handed_down = ListTask.objects.filter(school=sint_jan, level=ListLevel.SCHOOL_GROUP).exclude(
        level_reason=""
    )
    assert handed_down.exists()
    assert handed_down.first().history.latest("history_date").history_user == admin
    covers = group_coverage(school=sint_jan)
    assert any(cover.by_group and cover.covered for cover in covers.values())


def test_demo_seeding_twice_changes_no_group_choice(demo):
    noord = SchoolGroup.objects.get(slug="noord")
    before = ListTask.history.filter(school__group=noord).count()
    seed_demo()
    assert ListTask.history.filter(school__group=noord).count() == before
