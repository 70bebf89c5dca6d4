"""A school leader rolls the team over to the next school year and compares the two years;
the home page shows the demo's reminder; the pages of school years pass axe-core."""

from __future__ import annotations

import pytest
from django.utils import timezone

from guidelines.models import Resources
from overview.demo.years import LEAVER
from overview.demo.years import OVERDUE_ACTION
from schools.school_years import school_year_label
from schools.school_years import school_year_of
from teams.models import Person
from tests.browser.main_pages import log_in
from tests.browser.main_pages import seed
from tests.browser.test_accessibility import violations_on
from years.models import YearRecord

pytestmark = pytest.mark.django_db(transaction=True)

CURRENT = school_year_of(timezone.localdate())


@pytest.fixture
def demo(db):
    seed()


def test_a_leader_rolls_the_team_over_and_compares_the_two_years(demo, page, live_server):
    log_in(page, live_server, "leader.sintjan")
    reminders = page.get_by_role("region", name="Reminders")
    assert OVERDUE_ACTION in reminders.inner_text()

    page.goto(f"{live_server.url}/schools/sint-jan/")
    page.get_by_role("link", name="School years").click()
    page.get_by_role("link", name="Compare two school years").click()
    people = page.get_by_role("region", name="People")
    assert LEAVER in people.inner_text()

    page.get_by_role("link", name="School years").click()
    page.get_by_role("link", name="Roll over to the next school year").click()
    page.get_by_label("Jens Vermeulen leaves").check()
    page.get_by_label("Lotte Maes: ICT hours per week").fill("10")
    page.locator("#id_ict_hours").fill("26")
    page.get_by_role("button", name="Preview the rollover").click()

    leaving = page.get_by_role("region", name="Who leaves")
    assert "Jens Vermeulen" in leaving.inner_text()
    assert Person.objects.filter(name="Jens Vermeulen").exists()  # nothing written yet
    opening = school_year_label(CURRENT + 1)
    page.get_by_role("button", name=f"Roll over to {opening}").click()

    page.wait_for_url("**/years/compare/**")
    assert f"The school year {school_year_label(CURRENT)} is closed and kept" in page.content()
    left = page.get_by_role("region", name="People").inner_text()
    assert "Jens Vermeulen" in left
    assert not Person.objects.filter(name="Jens Vermeulen").exists()
    assert Person.objects.get(name="Lotte Maes").ict_hours == 10
    assert YearRecord.objects.filter(school__slug="sint-jan", start_year=CURRENT).exists()
    assert Resources.objects.get(plan__school__slug="sint-jan").ict_hours == 26


def test_the_pages_of_school_years_pass_axe(demo, browser, live_server):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, live_server, "leader.sintjan")
    record = YearRecord.objects.get(school__slug="sint-jan")
    found = {}
    for path in ["", "rollover/", "compare/", f"{record.pk}/"]:
        url = f"{live_server.url}/schools/sint-jan/years/{path}"
        assert page.goto(url).status == 200
        found[url] = violations_on(page)
    page.goto(f"{live_server.url}/")
    found["home"] = violations_on(page)
    context.close()
    assert not any(found.values()), found


def test_the_pages_of_a_groups_years_pass_axe(demo, browser, live_server):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    log_in(page, live_server, "groupadmin.noord")
    record = YearRecord.objects.get(group__slug="noord")
    found = {}
    for path in ["", "rollover/", "compare/", f"{record.pk}/"]:
        url = f"{live_server.url}/groups/noord/years/{path}"
        assert page.goto(url).status == 200
        found[url] = violations_on(page)
    # The preview names the schools whose tasks lose an executor.
    page.goto(f"{live_server.url}/groups/noord/years/rollover/")
    page.locator("input[name^=leave_]").first.check()
    page.get_by_role("button", name="Preview the rollover").click()
    page.get_by_role("heading", name="Schools whose tasks lose an executor").wait_for()
    found["preview"] = violations_on(page)
    context.close()
    assert not any(found.values()), found
