"""The pages of school years: the rollover through its preview, a closed year, the
comparison, and the actions and evaluations by year; who may do what; constant queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from guidelines import services as plans
from schools.models import Role
from schools.school_years import school_year_label
from schools.school_years import school_year_of
from teams.models import Person
from teams.services import assignment_set
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import member
from tests.years.helpers import leader
from tests.years.helpers import started_plan
from tests.years.helpers import team
from years.models import YearRecord
from years.services import school_year_rollover

pytestmark = pytest.mark.django_db

CURRENT = school_year_of(datetime.date.today())


def url(name, school, **kwargs):
    return reverse(f"years:{name}", kwargs={"school_slug": school.slug, **kwargs})


def rollover_data(people, *, leaving=(), **changes):
    data = {"ict_hours": "18", "bpt_hours": "4", "other_hours": "0", "operating_budget": "9000"}
    for person in people:
        for source in ("ict_hours", "bpt_hours", "other_hours", "external_hours"):
            data[f"{source}_{person.pk}"] = str(getattr(person, source))
    for person in leaving:
        data[f"leave_{person.pk}"] = "on"
    data.update(changes)
    return data


def test_the_rollover_page_previews_then_rolls_over(client, school):
    user = leader(school)
    started_plan(school, user)
    people = team(school)
    client.force_login(user)
    trio = [people["anna"], people["bert"], people["carla"]]
    data = rollover_data(trio, leaving=[people["anna"]], **{f"ict_hours_{people['bert'].pk}": "9"})

    form = client.get(url("rollover", school))
    assert form.status_code == 200
    assert f"leave_{people['anna'].pk}" in form.content.decode()

    preview = client.post(url("rollover", school), {**data, "preview": ""})
    page = preview.content.decode()
    assert "Preview of the rollover" in page
    assert "TEC-NET-01" in page  # the gap Anna leaves
    assert Person.objects.filter(pk=people["anna"].pk).exists()
    assert not YearRecord.objects.exists()

    done = client.post(url("rollover", school), {**data, "confirm": ""})
    record = YearRecord.objects.get(school=school)
    assert done.status_code == 302
    assert done["Location"].startswith(url("compare", school))
    assert not Person.objects.filter(pk=people["anna"].pk).exists()
    assert Person.objects.get(pk=people["bert"].pk).ict_hours == Decimal("9")
    assert record.start_year == CURRENT

    compared = client.get(done["Location"])
    page = compared.content.decode()
    assert compared.context["comparison"].left == ["Anna"]
    assert school_year_label(CURRENT) in page and school_year_label(CURRENT + 1) in page


def test_going_back_from_the_preview_keeps_what_was_entered(client, school):
    user = leader(school)
    people = team(school)
    client.force_login(user)
    data = rollover_data([people["anna"]], leaving=[people["anna"]])
    response = client.post(url("rollover", school), {**data, "edit": ""})
    assert response.context["form"][f"leave_{people['anna'].pk}"].value() is True
    assert not YearRecord.objects.exists()


@pytest.mark.parametrize("role", [Role.ICT_COORDINATOR, Role.TEAM_MEMBER])
def test_only_the_leadership_rolls_over(client, school, role):
    people = team(school)
    client.force_login(member(school, role=role))
    assert client.get(url("rollover", school)).status_code == 403
    data = rollover_data([people["anna"]], leaving=[people["anna"]])
    assert client.post(url("rollover", school), {**data, "confirm": ""}).status_code == 403
    assert Person.objects.filter(pk=people["anna"].pk).exists()
    # They read the years and compare them.
    assert client.get(url("school_years", school)).status_code == 200
    assert client.get(url("compare", school)).status_code == 200


def test_a_closed_year_shows_its_team_and_division_of_tasks(client, school):
    user = leader(school)
    people = team(school)
    record = school_year_rollover(
        owner=school, leaving={people["anna"].pk}, hours={}, resources=None, user=user
    )
    client.force_login(member(school, role=Role.TEAM_MEMBER))
    page = client.get(url("record", school, pk=record.pk)).content.decode()
    assert "Anna" in page and "Learning platform" in page
    assert "left" in page


def test_the_comparison_puts_the_figures_side_by_side(client, school):
    user = leader(school)
    people = team(school)
    school_year_rollover(
        owner=school, leaving={people["anna"].pk}, hours={}, resources=None, user=user
    )
    newcomer = PersonFactory(school=school, name="Dirk")
    assignment_set(
        school=school, list_task=people["network"], person=newcomer, executes=True, hours=4
    )
    client.force_login(user)
    response = client.get(url("compare", school), {"first": CURRENT, "second": CURRENT + 1})
    comparison = response.context["comparison"]
    assert comparison.first.start_year == CURRENT and comparison.second.current
    assert comparison.joined == ["Dirk"] and comparison.left == ["Anna"]
    clusters = {row.label: row for row in comparison.clusters}
    assert (clusters["Technical"].first, clusters["Technical"].second) == (
        Decimal("3.0"),
        Decimal("4.0"),
    )
    assert (
        clusters["Pedagogical-didactical"].first,
        clusters["Pedagogical-didactical"].second,
    ) == (
        Decimal("3.0"),
        Decimal("2.0"),
    )
    coverage = {row.label: row for row in comparison.coverage}
    assert (coverage["Technical"].first, coverage["Technical"].second) == (100, 100)
    health = {row.rule: row for row in comparison.health}
    assert health["no_backup"].first == 1 and health["no_backup"].second == 2
    # The same order whichever year is named first.
    swapped = client.get(url("compare", school), {"first": CURRENT + 1, "second": CURRENT})
    assert swapped.context["comparison"].first.start_year == CURRENT


def test_a_closed_years_page_links_to_its_comparison_with_the_current_year(client, school):
    user = leader(school)
    team(school)
    record = school_year_rollover(owner=school, leaving=set(), hours={}, resources=None, user=user)
    client.force_login(user)
    page = client.get(url("record", school, pk=record.pk)).content.decode()
    link = f"{url('compare', school)}?first={CURRENT}"
    assert link in page
    comparison = client.get(link).context["comparison"]
    assert (comparison.first.start_year, comparison.second.start_year) == (CURRENT, CURRENT + 1)


def test_a_year_not_closed_is_not_offered(client, school):
    client.force_login(leader(school))
    response = client.get(url("compare", school), {"first": 1999, "second": CURRENT})
    assert response.context["comparison"] is None
    assert response.status_code == 200


def test_actions_and_evaluations_are_grouped_by_the_school_year_of_their_date(client, school):
    user = leader(school)
    plan = started_plan(school, user)
    last_year = datetime.date(CURRENT, 3, 1)  # in the previous school year
    this_year = datetime.date(CURRENT, 10, 1)
    plans.action_item_add(plan=plan, text="Old action", who="Anna", due=last_year, step=7)
    plans.action_item_add(plan=plan, text="New action", who="Bert", due=this_year, step=7)
    plans.evaluation_record(plan=plan, user=user, date=last_year, outcome="smooth")
    client.force_login(user)
    by_year = client.get(url("school_years", school)).context["by_year"]
    years = {year.start_year: year for year in by_year}
    assert [item.text for item in years[CURRENT - 1].actions] == ["Old action"]
    assert [e.date for e in years[CURRENT - 1].evaluations] == [last_year]
    assert "New action" in [item.text for item in years[CURRENT].actions]


def _bigger_team(school, size):
    for number in range(size):
        person = PersonFactory(school=school, name=f"P{number}")
        entry = ListTaskFactory(school=school)
        assignment_set(school=school, list_task=entry, person=person, executes=True, hours=1)


@pytest.mark.parametrize("size", [1, 12])
def test_the_pages_run_constant_queries(client, school, size, django_assert_num_queries):
    user = leader(school)
    started_plan(school, user)
    _bigger_team(school, size)
    record = school_year_rollover(owner=school, leaving=set(), hours={}, resources=None, user=user)
    _bigger_team(school, size)
    client.force_login(user)
    with django_assert_num_queries(10):
        assert client.get(url("compare", school)).status_code == 200
    with django_assert_num_queries(7):
        assert client.get(url("record", school, pk=record.pk)).status_code == 200
    # Its reminders: two of them the ICT policy plan's (late actions, its evaluation).
    with django_assert_num_queries(14):
        assert client.get(url("school_years", school)).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_the_rollover_form_runs_constant_queries(client, school, size, django_assert_num_queries):
    user = leader(school)
    started_plan(school, user)
    _bigger_team(school, size)
    client.force_login(user)
    with django_assert_num_queries(10):
        assert client.get(url("rollover", school)).status_code == 200
