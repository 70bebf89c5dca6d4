"""A demo group admin sees how Scholengroep Noord's schools divide a cluster, by role where a
school keeps names to itself, and copies Sint-Jan's set-up of a task into De Linde."""

import pytest
from playwright.sync_api import expect

from schools.models import School
from tasks.models import ListTask
from teams.models import Assignment
from tests.browser.main_pages import log_in
from tests.browser.main_pages import seed
from tests.browser.test_accessibility import violations_on

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    seed()


@pytest.fixture
def page(browser):
    # axe is injected as a script of its own, which the site's CSP rightly refuses
    # (tests/browser/test_csp.py checks the policy on these pages).
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _copyable_task(source: School, target: School) -> str:
    """A technical task Sint-Jan holds that De Linde's team covers, one nobody holds there
    yet if there is one."""
    held = set(
        Assignment.objects.filter(
            school=source, executes=True, list_task__task__cluster="technical"
        ).values_list("list_task__task__code", flat=True)
    )
    busy = set(
        Assignment.objects.filter(school=target).values_list("list_task__task__code", flat=True)
    )
    codes = set(
        ListTask.objects.team_tasks().filter(school=target).values_list("task__code", flat=True)
    )
    return sorted(held & codes, key=lambda code: (code in busy, code))[0]


def test_group_admin_compares_a_cluster_and_copies_a_set_up(demo, page, live_server):
    sint_jan = School.objects.get(slug="sint-jan")
    de_linde = School.objects.get(slug="de-linde")
    code = _copyable_task(sint_jan, de_linde)
    log_in(page, live_server, "groupadmin.noord")
    page.goto(f"{live_server.url}/groups/noord/")
    page.get_by_role("link", name="Good practice").click()
    page.get_by_label("or a whole cluster").select_option("technical")
    page.get_by_role("button", name="Compare").click()
    expect(
        page.get_by_role("heading", name="The Technical cluster across the group")
    ).to_be_visible()
    assert not violations_on(page)

    # Sint-Jan agreed to show names, De Linde did not.
    task = page.locator(f"details[data-task='{code}']")
    task.locator("summary").click()
    rows = task.locator("tbody tr")
    expect(rows.filter(has_text="Basisschool De Linde").first).to_be_visible()
    sint_jan_names = set(
        Assignment.objects.filter(school=sint_jan).values_list("person__name", flat=True)
    )
    de_linde_names = set(
        Assignment.objects.filter(school=de_linde).values_list("person__name", flat=True)
    )
    text = page.content()
    assert any(name in text for name in sint_jan_names)
    assert not any(name in text for name in de_linde_names)

    # Copy Sint-Jan's set-up of the task into De Linde.
    task.get_by_label("Copy the set-up of").select_option("sint-jan")
    task.get_by_label("into").select_option("de-linde")
    task.get_by_role("button", name="Choose who takes it on").click()
    expect(
        page.get_by_role("heading", name="Copy another school's set-up of a task")
    ).to_be_visible()
    selects = page.locator("tr[data-slot] select")
    assert selects.count() >= 1
    # Give the first part of the set-up to De Linde's first person if nobody was suggested.
    first = selects.first
    if first.input_value() == "":
        first.select_option(index=1)
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("[data-preview]")).to_be_visible()
    assert not violations_on(page)
    page.get_by_role("button", name="Copy into my school").click()
    expect(page.get_by_text("Copied the set-up of")).to_be_visible()
    assert Assignment.objects.filter(school=de_linde, list_task__task__code=code).exists()
