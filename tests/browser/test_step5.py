"""Step 5 of the wizard on Appendix 1's whole task list: short, with bulk actions, and
"Save and go on" a few tab stops from the question."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from guidelines import services
from schools.models import Role
from tasks.models import ListTask
from tasks.services import task_list_initialise
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.factories import member
from tests.guidelines.test_views import UP_TO_POOLING
from tests.guidelines.test_views import answer_all

pytestmark = pytest.mark.django_db(transaction=True)

MAX_TAB_STOPS = 30


@pytest.fixture
def leader_at_step5(school):
    call_command("import_tasks", "fixtures/ict-task-overview.xlsx", verbosity=0)
    task_list_initialise(owner=school)
    leader = member(school, role=Role.SCHOOL_LEADER, username="leader")
    plan = services.plan_start(owner=school, user=leader)
    answer_all(plan, leader, [*UP_TO_POOLING, ("pooling", "no")])
    return school


def _tab_stops_to(page, name: str) -> int:
    """Tab presses from the question until the button called ``name`` has the focus."""
    page.locator("#node-question").evaluate("q => { q.tabIndex = -1; q.focus(); }")
    for count in range(1, 200):
        page.keyboard.press("Tab")
        active = page.evaluate(
            "() => [document.activeElement.tagName, document.activeElement.textContent.trim()]"
        )
        if active == ["BUTTON", name]:
            return count
    raise AssertionError(f"{name!r} not reached")


def test_step_5_is_short_and_saves_by_keyboard(page, live_server, leader_at_step5):
    school = leader_at_step5
    assert ListTask.objects.filter(school=school).count() == 139
    login(page, live_server, "leader", PASSWORD)
    page.goto(f"{live_server.url}/schools/{school.slug}/plan/steps/tasks_school/")
    expect(page.locator("#node-title")).to_have_text("The task list, led by the school")
    stops = _tab_stops_to(page, "Save and go on")
    assert stops <= MAX_TAB_STOPS, stops
    # One cluster of the list at a time: far from the 139 rows of one long form.
    rows = page.locator("#step5-rows tbody tr")
    assert 0 < rows.count() < 60
    assert page.evaluate("document.documentElement.scrollHeight") < 4500

    # Bulk: every help-desk task is short term.
    page.get_by_label("Tasks", exact=True).select_option(label="Topic: First-line help & help desk")
    page.get_by_label("Set", exact=True).select_option(label="Short term")
    page.get_by_role("button", name="Apply to these tasks").click()
    expect(page.get_by_role("alert")).to_contain_text("changed tasks")
    help_desk = ListTask.objects.filter(school=school, task__topic_en="First-line help & help desk")
    assert help_desk.exists()
    assert set(help_desk.values_list("horizon", flat=True)) == {"short"}

    # Another cluster, one row changed, then "Save and go on" by keyboard.
    page.get_by_role("link", name="Policy & vision").click()
    first = ListTask.objects.get(pk=int(page.locator('input[name="rows-0-id"]').input_value()))
    assert first.task.cluster == "policy"
    page.locator("#id_rows-0-horizon").select_option("dropped")
    stops = _tab_stops_to(page, "Save and go on")
    assert stops <= MAX_TAB_STOPS, stops
    page.keyboard.press("Enter")
    expect(page.locator("#node-title")).not_to_have_text("The task list, led by the school")
    first.refresh_from_db()
    assert first.horizon == "dropped"
