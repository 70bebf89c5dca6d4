"""An ICT coordinator sees where a task asks more than a self-assessment says, puts the gap
on the professional development plan in one click, and marks it under way."""

import pytest
from playwright.sync_api import expect

from development.models import DevelopmentItem
from development.models import ItemStatus
from development.routes import SUPPLIERS
from schools.models import Role
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def school():
    school = SchoolFactory(name="Sint-Jan Secundair", slug="sint-jan")
    jens = PersonFactory(school=school, name="Jens Vermeulen", competence_technical=1)
    network = ListTaskFactory(
        school=school,
        task__code="TEC-NET-01",
        task__title="Manage the school network",
        task__is_core=True,
    )
    AssignmentFactory(person=jens, list_task=network, executes=True)
    member(school, role=Role.ICT_COORDINATOR, username="ict.sintjan")
    return school


def test_coordinator_plans_development_from_a_gap(school, page, live_server):
    login(page, live_server, "ict.sintjan", PASSWORD)
    page.goto(f"{live_server.url}/schools/sint-jan/team/")
    page.get_by_role("link", name="Professional development").click()
    gap = page.locator("[data-gap]").filter(has_text="Manage the school network")
    expect(gap).to_contain_text("self-assessed Basic, the tasks ask Good")
    gap.get_by_label("Route").select_option(SUPPLIERS)
    gap.get_by_role("button", name="Add to the plan").click()

    expect(page.get_by_role("alert").first).to_contain_text("added to the plan for Jens")
    plan = page.locator("#plan")
    expect(plan).to_contain_text("Jens Vermeulen")
    expect(plan).to_contain_text("Suppliers' training")
    item = DevelopmentItem.objects.get()
    assert (item.competence, item.list_task.task.code) == ("technical", "TEC-NET-01")

    plan.get_by_role("link", name="Edit").click()
    page.get_by_label("Status").select_option(ItemStatus.UNDER_WAY)
    page.get_by_label("Term").select_option("2")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#plan")).to_contain_text("Under way")
    expect(page.locator("#plan")).to_contain_text("Second term")
    item.refresh_from_db()
    assert item.status == ItemStatus.UNDER_WAY
