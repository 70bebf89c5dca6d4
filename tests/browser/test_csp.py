"""Under the Content-Security-Policy the pages still work: no violation in the browser on
the login and password pages, a school's team pages (progress bars, the matrix's script),
the wizard and the admin site."""

import pytest
from playwright.sync_api import expect

from overview.demo import DEMO_PASSWORD
from overview.demo import seed_demo
from teams.models import Person
from tests.browser.conftest import login
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    TaskFactory(code="TEC-NET-01", title="Manage the school network", is_core=True)
    TaskFactory(code="TEC-HW-01", title="Repair laptops and printers")
    seed_demo()


def _watch(page) -> list[str]:
    """Every CSP violation and script error the page reports."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def test_pages_run_under_the_content_security_policy(demo, page, live_server):
    problems = _watch(page)
    page.goto(f"{live_server.url}/accounts/password-reset/")
    expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()
    login(page, live_server, "groupadmin.noord", DEMO_PASSWORD)
    person = Person.objects.filter(school__slug="sint-jan").first()
    for path in (
        "/",
        "/schools/sint-jan/",
        "/schools/sint-jan/team/",
        "/schools/sint-jan/team/matrix/",
        "/schools/sint-jan/plan/",
        "/admin/",
        "/admin/teams/person/",
        f"/admin/teams/person/{person.pk}/change/",
        "/admin/auth/user/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    # The inline style attributes the policy allows still size the progress bars.
    page.goto(f"{live_server.url}/schools/sint-jan/team/")
    bars = page.locator(".progress-bar")
    if bars.count():
        assert bars.first.evaluate("bar => bar.style.width") != ""
    assert problems == []
