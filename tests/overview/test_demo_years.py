"""The demo's school years: Sint-Jan closed the previous year with the rollover, has a year
to compare with and a reminder on the home page, and its team is still healthy."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from overview.demo import seed_demo
from overview.demo.years import LEAVER
from overview.demo.years import OVERDUE_ACTION
from schools.models import School
from schools.school_years import school_year_of
from tasks.importer import task_import_xlsx
from teams.models import Person
from teams.selectors import pending_approvals
from teams.selectors import team_health
from years.models import YearRecord
from years.selectors import compare_years
from years.selectors import current_start_year
from years.selectors import current_year_view
from years.selectors import record_view

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ict-task-overview.xlsx"
CURRENT = school_year_of(timezone.localdate())


def test_sint_jan_has_a_closed_previous_year_to_compare_and_a_reminder(client):
    assert task_import_xlsx(file=FIXTURE).ok
    seed_demo()
    seed_demo()  # idempotent

    sint_jan = School.objects.get(slug="sint-jan")
    [record] = YearRecord.objects.filter(school=sint_jan)
    assert record.start_year == CURRENT - 1
    assert current_start_year(owner=sint_jan) == CURRENT
    left = [member["name"] for member in record.team if member["left"]]
    assert left == [LEAVER]
    assert not Person.objects.filter(name=LEAVER).exists()
    assert len(record.figures["single_points"]) == 2

    comparison = compare_years(
        first=record_view(record), second=current_year_view(owner=sint_jan, start_year=CURRENT)
    )
    assert comparison.left == [LEAVER]
    assert comparison.second.figures["single_points"] == []
    # The new year's team is as healthy and approved as the demo's Sint-Jan always was.
    assert team_health(school=sint_jan).is_healthy
    assert not pending_approvals(school=sint_jan).exists()

    client.login(username="leader.sintjan", password="ictteam-demo")
    home = client.get(reverse("home")).content.decode()
    assert OVERDUE_ACTION in home

    # Scholengroep Noord closed its previous year with the group's rollover.
    noord = sint_jan.group
    [group_record] = YearRecord.objects.filter(group=noord)
    assert group_record.start_year == CURRENT - 1 and current_start_year(owner=noord) == CURRENT
    assert group_record.team and not any(member["left"] for member in group_record.team)
    assert group_record.assignments and all("school" in row for row in group_record.assignments)
    now = current_year_view(owner=noord, start_year=CURRENT)
    assert Decimal(group_record.figures["hours_available"]) == (
        Decimal(now.figures["hours_available"]) + 2
    )
