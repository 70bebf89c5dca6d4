"""The flowchart picture by keyboard: Tab goes from box to box along the plan's path, each
box says its step as it gets the focus, the focus shows, and Enter opens the step."""

import pytest

from guidelines import services
from guidelines.flowchart import FLOWCHART
from guidelines.selectors import plan_state
from schools.models import Role
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.factories import member

pytestmark = pytest.mark.django_db(transaction=True)

# The focused element, if it is a link in the flowchart picture: its name and the stroke
# of its box (the focus indicator drawn inside the picture).
FOCUSED = """() => {
  const link = document.activeElement;
  if (!link || !link.closest("svg.flowchart")) return null;
  return {
    name: link.getAttribute("aria-label"),
    stroke: getComputedStyle(link.querySelector("rect")).strokeWidth,
  };
}"""


def test_tab_goes_through_the_boxes_of_the_plans_path_and_enter_opens_a_step(
    browser, live_server, school
):
    leader = member(school, role=Role.SCHOOL_LEADER, username="leader")
    plan = services.plan_start(owner=school, user=leader)
    for node_id, value in [("growth", "yes"), ("vision", "yes")]:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
    walk = plan_state(plan=plan).walk
    expected = [node for node in FLOWCHART.nodes if node.id in walk.node_ids]
    assert len(expected) == 3

    context = browser.new_context()
    page = context.new_page()
    login(page, live_server, "leader", PASSWORD)
    page.goto(f"{live_server.url}/schools/sint-jan/plan/")
    # From the top of the page, Tab until the focus enters the picture.
    for _press in range(200):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED):
            break
    visited = []
    while (focused := page.evaluate(FOCUSED)) is not None:
        visited.append(focused)
        page.keyboard.press("Tab")
        assert len(visited) <= len(FLOWCHART.nodes)
    names = [focused["name"] for focused in visited]
    assert len(names) == len(expected)
    here = "You are here: "
    assert [name.startswith(here) for name in names] == [False, False, True]
    for name, node in zip(names, expected, strict=True):
        step, title = name.removeprefix(here).split(": ", 1)
        assert step.startswith(f"Step {node.step} · ")
        assert title == str(node.title)
    # The box with the focus is drawn with a heavier, dark border.
    assert all(focused["stroke"] == "5px" for focused in visited)
    # Past the picture, the focus goes on to the page's next link.
    assert page.evaluate("() => document.activeElement.textContent") == (
        "Download the picture (SVG)"
    )
    # Back into the picture, and Enter opens the step of the box.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED)["name"] == names[1]
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/schools/sint-jan/plan/steps/{expected[1].id}/")
    assert page.locator("#node-title").inner_text() == str(expected[1].title)
    context.close()
