"""A demo school leader filters the catalogue and edits the school's task list."""

import pytest

from overview.demo import DEMO_PASSWORD
from overview.demo import seed_demo
from tasks.models import ListTask
from tests.browser.conftest import login
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    TaskFactory(code="TEC-NET-01", title="Manage the school network", is_core=True)
    TaskFactory(code="TEC-HW-01", title="Repair laptops and printers", is_core=False)
    TaskFactory(
        code="PED-INN-01",
        cluster="pedagogical",
        topic="Educational innovation",
        title="Support teachers in integrating ICT in class",
        is_core=True,
        needs_technical=True,
        needs_pedagogical=True,
    )
    seed_demo()


def test_school_leader_filters_catalogue_and_edits_the_list(demo, page, live_server):
    login(page, live_server, "leader.sintjan", DEMO_PASSWORD)

    page.get_by_role("link", name="Task catalogue").click()
    page.get_by_label("Cluster", exact=True).select_option("pedagogical")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**cluster=pedagogical**")
    rows = page.locator("table tbody tr")
    assert rows.count() == 1
    assert "Support teachers in integrating ICT in class" in rows.first.inner_text()

    page.get_by_label("Cluster", exact=True).select_option("")
    page.get_by_label("Core task").select_option("yes")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**core=yes**")
    assert "Repair laptops and printers" not in page.content()
    assert page.locator("table tbody tr").count() == 2

    page.goto(f"{live_server.url}/schools/sint-jan/")
    page.get_by_role("link", name="Task list").first.click()
    page.get_by_label("Horizon: Repair laptops and printers").select_option("long")
    page.get_by_label("Note: Repair laptops and printers").fill("Outsource to the copier firm")
    page.get_by_label("Applies: Manage the school network").uncheck()
    page.get_by_role("button", name="Save changes").click()
    assert "Saved 2 changed tasks." in page.locator("[role=alert]").inner_text()

    repair = ListTask.objects.get(school__slug="sint-jan", task__code="TEC-HW-01")
    network = ListTask.objects.get(school__slug="sint-jan", task__code="TEC-NET-01")
    assert (repair.horizon, repair.note) == ("long", "Outsource to the copier firm")
    assert network.applies is False
    # The choices are what the page shows after reloading.
    page.reload()
    assert page.get_by_label("Note: Repair laptops and printers").input_value() == (
        "Outsource to the copier firm"
    )
