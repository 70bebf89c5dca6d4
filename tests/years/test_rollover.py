"""The rollover: who left, what continued, hours reset from the new year's resources, and
the closed year's record holding everything the rollover removed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from guidelines.models import Resources
from schools.school_years import school_year_end
from schools.school_years import school_year_label
from schools.school_years import school_year_of
from schools.school_years import school_year_start
from teams.models import Assignment
from teams.models import Person
from tests.factories import PersonFactory
from tests.years.helpers import leader
from tests.years.helpers import started_plan
from tests.years.helpers import team
from years.models import SchoolYear
from years.models import YearRecord
from years.selectors import current_start_year
from years.services import Hours
from years.services import NewResources
from years.services import rollover_preview
from years.services import school_year_rollover

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
CURRENT = school_year_of(TODAY)


def test_a_school_year_runs_from_1_september_to_31_august():
    assert school_year_of(datetime.date(2026, 8, 31)) == 2025
    assert school_year_of(datetime.date(2026, 9, 1)) == 2026
    assert school_year_start(2026) == datetime.date(2026, 9, 1)
    assert school_year_end(2026) == datetime.date(2027, 8, 31)
    assert school_year_label(2026) == "2026\u20132027"


def _roll(school, user, **kwargs):
    people = kwargs.pop("people")
    arguments = {
        "owner": school,
        "leaving": {people["anna"].pk},
        "hours": {people["bert"].pk: Hours(ict_hours=Decimal("8"), bpt_hours=Decimal("2"))},
        "resources": NewResources(
            ict_hours=Decimal("18"),
            bpt_hours=Decimal("4"),
            other_hours=Decimal("0"),
            operating_budget=Decimal("9000"),
        ),
        **kwargs,
    }
    return school_year_rollover(**arguments, user=user)


def test_the_rollover_removes_who_left_keeps_who_stays_and_resets_the_hours(school):
    user = leader(school)
    plan = started_plan(school, user)
    people = team(school)

    record = _roll(school, user, people=people)

    assert not Person.objects.filter(pk=people["anna"].pk).exists()
    assert set(Person.objects.filter(school=school).values_list("name", flat=True)) == {
        "Bert",
        "Carla",
    }
    # What continues: the stayers' assignments, without the leaver's backup.
    left = {
        (a.list_task.task.code, a.person.name, a.executes, a.decides, a.backup_id)
        for a in Assignment.objects.filter(school=school).select_related(
            "list_task__task", "person"
        )
    }
    assert left == {
        ("TEC-NET-01", "Carla", False, True, None),
        ("PED-ELO-01", "Bert", True, False, None),
    }
    bert = Person.objects.get(pk=people["bert"].pk)
    assert (bert.ict_hours, bert.bpt_hours, bert.other_hours) == (Decimal("8"), Decimal("2"), 0)
    carla = Person.objects.get(pk=people["carla"].pk)
    assert carla.ict_hours == Decimal("2")  # left out of the hours: kept
    resources = Resources.objects.get(plan=plan)
    assert (resources.ict_hours, resources.bpt_hours, resources.operating_budget) == (
        Decimal("18"),
        Decimal("4"),
        Decimal("9000"),
    )
    assert record.start_year == CURRENT
    assert current_start_year(owner=school) == CURRENT + 1
    assert SchoolYear.objects.get(school=school).start_year == CURRENT + 1


def test_the_year_record_holds_the_team_the_division_of_tasks_and_the_figures(school):
    user = leader(school)
    started_plan(school, user)
    people = team(school)

    record = _roll(school, user, people=people)
    record = YearRecord.objects.get(pk=record.pk)

    by_name = {member["name"]: member for member in record.team}
    assert set(by_name) == {"Anna", "Bert", "Carla"}
    assert by_name["Anna"]["left"] is True and by_name["Bert"]["left"] is False
    assert by_name["Anna"]["ict_hours"] == "10.0"
    assert by_name["Anna"]["roles"] == ["technical_coordinator"]
    assert by_name["Bert"]["ict_hours"] == "6.0"  # the closed year's hours, not the new ones
    division = {(row["task"], row["person"]): row for row in record.assignments}
    assert set(division) == {
        ("TEC-NET-01", "Anna"),
        ("TEC-NET-01", "Carla"),
        ("PED-ELO-01", "Anna"),
        ("PED-ELO-01", "Bert"),
    }
    assert division[("TEC-NET-01", "Anna")]["backup"] == "Bert"
    assert division[("TEC-NET-01", "Anna")]["hours"] == "3.0"
    assert division[("PED-ELO-01", "Anna")]["lead"] is True
    figures = record.figures
    assert (figures["tasks"], figures["covered"]) == (2, 2)
    assert figures["clusters"]["technical"] == {"tasks": 1, "covered": 1, "hours": "3.0"}
    assert figures["clusters"]["pedagogical"] == {"tasks": 1, "covered": 1, "hours": "3.0"}
    # Bert executes the ELO alone without a backup: the one single point of failure.
    assert [row["task"] for row in figures["single_points"]] == ["PED-ELO-01"]
    assert "no_backup" in {finding["rule"] for finding in figures["health"]}
    assert record.resources["ict_hours"] == "20.0"
    assert record.closed_by == user


def test_the_preview_names_the_gaps_and_writes_nothing(school):
    user = leader(school)
    started_plan(school, user)
    people = team(school)
    before = Assignment.objects.count()

    preview = rollover_preview(owner=school, leaving={people["anna"].pk}, hours={}, resources=None)

    assert [member.person.name for member in preview.leaving] == ["Anna"]
    assert [row["task"] for row in preview.gaps] == ["TEC-NET-01"]
    assert {(row["task"], row["person"]) for row in preview.removed} == {
        ("TEC-NET-01", "Anna"),
        ("PED-ELO-01", "Anna"),
    }
    assert [(row["person"], row["backup"]) for row in preview.backups_ended] == []
    assert Assignment.objects.count() == before
    assert not YearRecord.objects.exists()


def test_a_leaver_who_backs_someone_up_loses_only_that_backup(school):
    user = leader(school)
    people = team(school)

    preview = rollover_preview(owner=school, leaving={people["bert"].pk}, hours={}, resources=None)
    assert [(row["person"], row["backup"]) for row in preview.backups_ended] == [("Anna", "Bert")]
    assert [row["task"] for row in preview.gaps] == ["PED-ELO-01"]

    school_year_rollover(
        owner=school, leaving={people["bert"].pk}, hours={}, resources=None, user=user
    )
    network = Assignment.objects.get(person=people["anna"], list_task=people["network"])
    assert network.backup_id is None and network.executes
    history = network.history.order_by("-history_date").first()
    assert history.history_user == user


def test_a_year_is_closed_once_and_the_next_but_one_is_not_prepared_yet(school):
    user = leader(school)
    team(school)
    school_year_rollover(owner=school, leaving=set(), hours={}, resources=None, user=user)
    # The year after today's has started in the data: the one after it cannot yet.
    with pytest.raises(ValidationError):
        school_year_rollover(owner=school, leaving=set(), hours={}, resources=None, user=user)
    assert YearRecord.objects.filter(school=school).count() == 1


def test_only_the_schools_own_people_can_leave(school, group):
    user = leader(school)
    someone = PersonFactory(school=None, group=group, name="Group person")
    with pytest.raises(ValidationError):
        school_year_rollover(
            owner=school, leaving={someone.pk}, hours={}, resources=None, user=user
        )
    assert not YearRecord.objects.exists()
    assert Person.objects.filter(pk=someone.pk).exists()
