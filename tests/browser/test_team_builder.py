"""A demo ICT coordinator adds a person, gives them a task in the matrix, and watches
team health change."""

import re

import pytest
from playwright.sync_api import expect

from overview.demo import DEMO_PASSWORD
from overview.demo import seed_demo
from schools.models import School
from tasks.models import ListTask
from teams.models import Assignment
from teams.models import Person
from tests.browser.conftest import login
from tests.factories import ListTaskFactory
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    TaskFactory(code="TEC-NET-01", title="Manage the school network", is_core=True)
    TaskFactory(code="TEC-HW-01", title="Repair laptops and printers")
    seed_demo()
    # A core task of Sint-Jan's own that nobody in the demo team holds yet.
    return ListTaskFactory(
        school=School.objects.get(slug="sint-jan"),
        task=TaskFactory(
            code="PED-OWN-01",
            cluster="pedagogical",
            topic="ICT in the classroom",
            title="Coach teachers in the new learning platform",
            is_core=True,
            needs_technical=True,
            needs_pedagogical=True,
        ),
    )


def test_coordinator_adds_a_person_assigns_a_task_and_sees_team_health_change(
    demo, page, live_server
):
    entry = ListTask.objects.get(task__code="PED-OWN-01")
    login(page, live_server, "ict.sintjan", DEMO_PASSWORD)
    page.get_by_role("link", name="Sint-Jan Secundair").first.click()
    page.get_by_role("link", name="Team", exact=True).click()
    panel = page.locator(".health-panel")
    expect(panel.locator('[data-rule="core_not_executed"]')).to_contain_text("1")
    expect(panel).to_contain_text("PED-OWN-01")

    # Add a digicoach with a self-assessment.
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Name").fill('Jens "digicoach" <Peeters>')
    page.get_by_label("Teacher: digicoach / focal point / i-coach").check()
    page.get_by_label("BPT hours per week").fill("4")
    page.get_by_label(re.compile(r"Good: I manage devices")).check()
    page.get_by_label(re.compile(r"Expert: I lead educational innovation")).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name='Jens "digicoach" <Peeters>')).to_be_visible()
    person = Person.objects.get(name='Jens "digicoach" <Peeters>')
    assert person.competence_technical == 2 and person.competence_pedagogical == 3

    # In the matrix, show the uncovered tasks and give the new person the task by keyboard.
    page.get_by_role("link", name="Tasks × people matrix").click()
    page.get_by_label("Only tasks nobody executes").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("table.mx-grid tbody tr")).to_have_count(1)  # the one task
    # The click only starts the page's load: the grid's keys work once its script has run.
    expect(page.locator("table.mx-grid")).to_have_attribute("data-mx-ready", "1")
    cell = page.locator(f"#c{entry.pk}-{person.pk}")
    cell.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#id_decides")).to_be_focused()
    page.keyboard.press("Space")  # D
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # E
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # L
    expect(page.locator("#id_lead")).to_be_checked()
    expect(page.locator("#id_monitors")).not_to_be_checked()
    page.keyboard.press("Enter")
    expect(page.locator("#mx-status")).to_contain_text("Saved the mandates")
    expect(cell).to_have_text("DEL")
    expect(cell).to_be_focused()
    assignment = Assignment.objects.get(list_task=entry, person=person)
    assert (assignment.decides, assignment.executes, assignment.monitors, assignment.lead) == (
        True,
        True,
        False,
        True,
    )

    # Team health moved on: the core task is covered, but nobody backs the new person up.
    panel = page.locator(".health-panel")
    expect(panel.locator('[data-rule="core_not_executed"]')).to_have_count(0)
    expect(panel.locator('[data-rule="no_backup"]')).to_contain_text("PED-OWN-01")
    page.get_by_label("Only tasks nobody executes").uncheck()
    page.get_by_role("button", name="Apply filters").click()

    # Fix it where the warning links to: the task's page.
    panel.locator('[data-rule="no_backup"] summary').click()
    panel.get_by_role("link", name=re.compile("PED-OWN-01")).click()
    page.get_by_label(re.compile(r"^Backup: Jens")).select_option(label="Lotte Maes")
    page.get_by_label(re.compile(r"^Hours per week: Jens")).fill("1.5")
    page.get_by_role("button", name="Save mandates").click()
    expect(page.get_by_text("Team health: nothing to fix on this task.")).to_be_visible()
    assignment.refresh_from_db()
    assert assignment.backup.name == "Lotte Maes"
    assert str(assignment.hours) == "1.5"

    page.get_by_role("link", name="People and team health").click()
    expect(page.locator(".health-panel")).to_contain_text("Healthy: every rule is met.")
    expect(page.locator("#team-people")).to_contain_text("1.5 / 4.0")
    assert "<Peeters>" in page.locator("#team-people").inner_text()
