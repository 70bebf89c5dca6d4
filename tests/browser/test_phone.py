"""Phones: no main page scrolls sideways in a 390-px viewport, and the wizard shows its
question before the overview of the phases, which stays folded away until asked for."""

from __future__ import annotations

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

PHONE = {"width": 390, "height": 844}

WIDTH = "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"

# The element that sticks out furthest on the right, to say what to fix.
WIDEST = """() => {
  const clipped = (element) => {
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(up).overflowX)) return true;
    }
    return false;
  };
  let widest = null, right = 0;
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right > right + 0.5 && !clipped(element)) { right = box.right; widest = element; }
  }
  if (!widest) return "";
  const id = widest.id ? "#" + widest.id : "";
  const cls = typeof widest.className === "string" && widest.className.trim()
    ? "." + widest.className.trim().split(/\\s+/).join(".") : "";
  return widest.tagName.toLowerCase() + id + cls + " (" + Math.round(right) + " px)";
}"""


@pytest.fixture
def demo(db):
    seed()


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def measure(page, urls: list[str], base: str) -> tuple[list[str], dict[str, str]]:
    """The pages the role may open, and those of them wider than the phone, with why."""
    checked, too_wide = [], {}
    for url in urls:
        if not open_page(page, base + url):
            continue
        checked.append(url)
        width = page.evaluate(WIDTH)
        if width > PHONE["width"]:
            too_wide[url] = f"{width} px, widest: {page.evaluate(WIDEST)}"
    return checked, too_wide


def explain(too_wide: dict[str, str]) -> str:
    return "\n".join(f"{url}: {why}" for url, why in too_wide.items())


def test_no_page_before_logging_in_scrolls_sideways_on_a_phone(demo, phone, live_server):
    urls = public_pages()
    checked, too_wide = measure(phone, urls, live_server.url)
    assert checked == urls
    assert not too_wide, explain(too_wide)


@pytest.mark.parametrize("role", list(ROLES))
def test_no_main_page_scrolls_sideways_on_a_phone(role, demo, phone, live_server):
    log_in(phone, live_server, ROLES[role])
    own = job_pages(ROLES[role]) + (other_school_pages() if role == "group admin" else [])
    checked, too_wide = measure(phone, site_pages() + own, live_server.url)
    assert len(checked) >= 20
    assert set(own) <= set(checked)
    assert not too_wide, explain(too_wide)


@pytest.mark.parametrize("role", ["school leader", "group admin"])
def test_no_admin_page_of_a_role_scrolls_sideways_on_a_phone(role, demo, phone, live_server):
    log_in(phone, live_server, ROLES[role])
    base = live_server.url
    lists, too_wide = measure(phone, admin_pages(), base)
    checked, too_wide_objects = measure(phone, admin_object_pages(phone, base, lists), base)
    too_wide.update(too_wide_objects)
    assert len(lists) >= 10 and len(checked) >= 10, (lists, checked)
    assert not too_wide, explain(too_wide)


def test_the_wizard_puts_the_question_first_and_folds_the_phases_on_a_phone(
    demo, phone, live_server
):
    log_in(phone, live_server, ROLES["school leader"])
    phone.goto(f"{live_server.url}/schools/sint-jan/plan/resume/")
    question = phone.locator("#node-title")
    overview = phone.locator("details.wizard-progress")
    assert question.bounding_box()["y"] < overview.bounding_box()["y"]
    assert overview.get_attribute("open") is None
    assert not phone.locator(".wizard-phase").first.is_visible()
    # The summary still tells where the plan stands, and opens the phases.
    summary = overview.locator("summary")
    assert "of 8 steps done" in summary.inner_text()
    summary.click()
    assert phone.locator(".wizard-phase").first.is_visible()


def test_the_wizard_shows_the_phases_above_the_question_on_a_wide_screen(demo, page, live_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, ROLES["school leader"])
    page.goto(f"{live_server.url}/schools/sint-jan/plan/resume/")
    assert page.locator(".wizard-phase").first.is_visible()
    phases = page.locator("details.wizard-progress").bounding_box()
    assert phases["y"] < page.locator("#node-title").bounding_box()["y"]
