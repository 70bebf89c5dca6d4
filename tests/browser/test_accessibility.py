"""WCAG 2.2 AA on every main page, for every role, on the demo data.

axe-core runs inside the page (tests/browser/assets/axe-core, vendored with its licence:
nothing downloads at run time) with the rules tagged for WCAG 2.0, 2.1 and 2.2 at levels A
and AA. Any violation fails, with the page, the rule and the elements it found.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.main_pages import ROLES
from tests.browser.main_pages import admin_object_pages
from tests.browser.main_pages import admin_pages
from tests.browser.main_pages import job_pages
from tests.browser.main_pages import log_in
from tests.browser.main_pages import open_page
from tests.browser.main_pages import other_school_pages
from tests.browser.main_pages import public_pages
from tests.browser.main_pages import seed
from tests.browser.main_pages import site_pages

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
    count: v.nodes.length,
  }));
}"""


@pytest.fixture
def demo(db):
    seed()


@pytest.fixture
def axe_page(browser):
    # axe is injected as a script of its own; the site's CSP rightly refuses it, so this
    # context alone bypasses the policy (tests/browser/test_csp.py checks the policy).
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def violations_on(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, TAGS)


def report(found: dict[str, list[dict]]) -> str:
    lines = []
    for url, violations in found.items():
        for v in violations:
            lines.append(f"{url}: {v['id']} ({v['count']}×) {v['help']}")
            lines.extend(f"    {target}" for target in v["targets"])
    return "\n".join(lines)


def check(page, urls: list[str], base: str) -> tuple[list[str], dict[str, list[dict]]]:
    checked, found = [], {}
    for url in urls:
        if not open_page(page, base + url):
            continue
        checked.append(url)
        violations = violations_on(page)
        if violations:
            found[url] = violations
    return checked, found


def test_pages_before_logging_in_meet_wcag_22_aa(demo, axe_page, live_server):
    urls = public_pages()
    checked, found = check(axe_page, urls, live_server.url)
    assert checked == urls
    assert not found, report(found)


def test_the_flowchart_picture_meets_wcag_22_aa_with_its_links_to_the_steps(
    demo, axe_page, live_server
):
    # The plan page draws the picture with a link on every box of the plan's path; the
    # public flowchart draws it without links. Every rule runs on both, none set aside.
    log_in(axe_page, live_server, ROLES["school leader"])
    urls = ["/flowchart/", "/schools/sint-jan/plan/"]
    checked, found = check(axe_page, urls, live_server.url)
    assert checked == urls
    assert not found, report(found)
    assert axe_page.locator("svg.flowchart[role=group] a[aria-label]").count() >= 5


@pytest.mark.parametrize("role", list(ROLES))
def test_every_main_page_of_a_role_meets_wcag_22_aa(role, demo, axe_page, live_server):
    log_in(axe_page, live_server, ROLES[role])
    # Pages each role must be able to open, besides its share of the common list.
    own = job_pages(ROLES[role]) + (other_school_pages() if role == "group admin" else [])
    checked, found = check(axe_page, site_pages() + own, live_server.url)
    # Every role has its own school's or group's pages; none sees only the home page.
    assert len(checked) >= 20, checked
    assert set(own) <= set(checked)
    assert not found, report(found)


@pytest.mark.parametrize("role", ["school leader", "group admin"])
def test_the_admin_pages_of_a_role_meet_wcag_22_aa(role, demo, axe_page, live_server):
    log_in(axe_page, live_server, ROLES[role])
    base = live_server.url
    lists, found = check(axe_page, admin_pages(), base)
    checked, found_objects = check(axe_page, admin_object_pages(axe_page, base, lists), base)
    found.update(found_objects)
    assert len(lists) >= 10 and len(checked) >= 10, (lists, checked)
    # Each row's history, and its past versions, are open to whoever may see the row.
    assert any(url.endswith("/history/") for url in checked), checked
    assert any(re.search(r"/history/\d+/$", url) for url in checked), checked
    assert not found, report(found)
