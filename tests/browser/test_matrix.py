"""The matrix of a large generated school (150 people, about 600 assignments), edited by
keyboard in the grid and by touch in the focused views of a phone."""

import pytest
from playwright.sync_api import expect

from overview.bench import teams as bench
from schools.models import Role
from teams.models import Assignment
from teams.services import assignment_set
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.factories import member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def large_school():
    school, people, _user = bench.build_school()
    member(school, role=Role.ICT_COORDINATOR, username="coordinator")
    return school, people[1:]


def _watch(page) -> list[str]:
    """Content-Security-Policy violations, script errors and failed requests."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )
    return problems


def _box(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    return box["width"], box["height"]


def test_coordinator_edits_the_large_matrix_by_keyboard(page, live_server, large_school):
    school, people = large_school
    problems = _watch(page)
    login(page, live_server, "coordinator", PASSWORD)
    page.goto(f"{live_server.url}/schools/{school.slug}/team/matrix/")
    grid = page.locator("table.mx-grid").first
    expect(grid).to_be_visible()
    # One cluster is unfolded; the grid is one tab stop, its cells are moved with arrows.
    assert page.locator("table.mx-grid").count() == 1
    cells = grid.locator("td > a")
    assert cells.count() == 150 * grid.locator("tbody tr").count()
    assert grid.locator('td > a[tabindex="0"]').count() == 1
    first = cells.first
    first.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.id")
    entry_pk, person_pk = (int(part) for part in focused[1:].split("-"))
    row_ids = grid.locator("tbody tr").evaluate_all("rows => rows.map(r => r.id)")
    assert f"r{entry_pk}" == row_ids[1]
    assert grid.locator('td > a[tabindex="0"]').get_attribute("id") == focused

    # The header row and the task column stay in view while the grid scrolls.
    scroller = page.locator(".mx-scroll").first
    header = grid.locator("thead th").nth(5)
    top_before = header.bounding_box()["y"]
    task_cell = grid.locator("tbody th").first
    left_before = task_cell.bounding_box()["x"]
    scroller.evaluate("box => { box.scrollTop = 400; box.scrollLeft = 900; }")
    assert abs(header.bounding_box()["y"] - top_before) < 2
    assert abs(task_cell.bounding_box()["x"] - left_before) < 2
    page.locator(f"#{focused}").focus()

    # Enter opens the cell's editor; the mandates are checkboxes of 24 px or more.
    before = Assignment.objects.filter(list_task_id=entry_pk, person_id=person_pk).first()
    assert before is None or not before.monitors
    page.keyboard.press("Enter")
    dialog = page.locator("#mx-editor")
    expect(dialog).to_be_visible()
    expect(page.locator("#id_decides")).to_be_focused()
    for box in ("decides", "executes", "monitors", "lead"):
        width, height = _box(page.locator(f"#id_{box}"))
        assert width >= 24 and height >= 24, box
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#id_monitors")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#id_hours")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("1.5")
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    # The place is kept: the same cell has the focus and shows its new letters.
    expect(page.locator(f"#{focused}")).to_be_focused()
    expect(page.locator(f"#{focused}")).to_contain_text("M")
    expect(page.locator("#mx-status")).to_contain_text("Saved the mandates")
    saved = Assignment.objects.get(list_task_id=entry_pk, person_id=person_pk)
    assert saved.monitors and str(saved.hours) == "1.5"

    # Someone else changes the cell while it is open: the editor shows it, saves nothing.
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    assignment_set(
        school=school,
        list_task=saved.list_task,
        person=saved.person,
        executes=True,
        hours=saved.hours,
    )
    page.locator("#id_lead").check()
    page.get_by_role("button", name="Save the cell").click()
    expect(page.locator("#mx-conflict")).to_contain_text("Someone else changed this cell")
    saved.refresh_from_db()
    assert (saved.executes, saved.monitors, saved.lead) == (True, False, False)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator(f"#{focused}")).to_be_focused()

    # A folded cluster loads its rows when opened.
    folded = page.locator("details.mx-cluster:not([open])").first
    cluster = folded.get_attribute("id")
    folded.locator("summary").click()
    expect(page.locator(f"#{cluster} table.mx-grid")).to_be_visible()
    assert page.locator(f"#{cluster} table.mx-grid td > a").count() > 150
    assert problems == []


def test_on_a_phone_the_focused_views_replace_the_grid(browser, live_server, large_school):
    school, people = large_school
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    problems = _watch(phone)
    try:
        login(phone, live_server, "coordinator", PASSWORD)
        phone.goto(f"{live_server.url}/schools/{school.slug}/team/matrix/")
        expect(phone.locator(".mx-desktop")).to_be_hidden()
        summary = phone.get_by_text("A person's tasks", exact=True)
        width, height = _box(summary)
        assert height >= 24
        summary.tap()
        who = people[7]
        link = phone.get_by_role("link", name=who.name, exact=True)
        assert _box(link)[1] >= 24
        link.tap()
        expect(phone.get_by_role("heading", name=f"{who.name}'s tasks")).to_be_visible()

        # Give them a task they do not have yet: open "other tasks", tap its cell.
        phone.locator("details summary.mx-target").first.tap()
        cell = phone.locator("details[open] .mx-cellbox > a").first
        width, height = _box(cell)
        assert width >= 24 and height >= 24
        cell_id = cell.get_attribute("id")
        entry_pk = int(cell_id[1:].split("-")[0])
        cell.tap()
        expect(phone.locator("#mx-editor")).to_be_visible()
        for target in ("#id_executes", "#id_hours", "#id_backup"):
            width, height = _box(phone.locator(target))
            assert width >= 24 and height >= 24, target
        phone.locator("#id_executes").tap()
        save = phone.get_by_role("button", name="Save the cell")
        assert _box(save)[1] >= 24
        save.tap()
        expect(phone.locator("#mx-editor")).to_be_hidden()
        expect(phone.locator(f"#{cell_id}")).to_have_text("E")
        assert Assignment.objects.get(list_task_id=entry_pk, person=who).executes
        assert problems == []
    finally:
        context.close()
