"""A Flemish browser (nl-BE) gets the whole site in Dutch: the wizard and the matrix."""

import pytest
from playwright.sync_api import expect

from guidelines.models import Answer
from schools.models import Role
from teams.models import Assignment
from tests.factories import PASSWORD
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db(transaction=True)

# Phrases of the English pages that must not show through on a Dutch one.
ENGLISH_PHRASES = [
    "Log out",
    "Transition plan",
    "Answer and go on",
    "Your answer",
    "What the report advises",
    "Save the cell",
    "Team health",
    "Task catalogue",
    "Skip to main content",
]


@pytest.fixture
def dutch(browser):
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login_in_dutch(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(f"{live_server.url}/")


def assert_dutch(page, *words: str) -> None:
    assert page.locator("html").get_attribute("lang") == "nl"
    text = page.locator("body").inner_text()
    for word in words:
        assert word in text, word
    shown = [phrase for phrase in ENGLISH_PHRASES if phrase in text]
    assert shown == [], f"English on a Dutch page: {shown}"


def test_a_school_leader_runs_a_wizard_step_in_dutch(dutch, live_server, school):
    member(school, role=Role.SCHOOL_LEADER, username="directeur")
    page = dutch
    login_in_dutch(page, live_server, "directeur")
    assert_dutch(page, "Welkom", "Je scholen", "Afmelden", "Taal")

    page.goto(f"{live_server.url}/schools/{school.slug}/")
    page.get_by_role("link", name="Transitieplan", exact=True).click()
    assert_dutch(page, "De overgang naar een teamgerichte ICT-coördinatie", "stroomschema")
    page.get_by_role("button", name="Het transitieplan starten").click()

    expect(page.locator("#node-title")).to_have_text("Een groeiproces")
    assert_dutch(page, "Je antwoord", "Wat het rapport adviseert", "groeiproces")
    page.get_by_label("Ja", exact=True).check()
    page.get_by_role("button", name="Antwoorden en verdergaan").click()

    expect(page.locator("#node-title")).to_have_text("Een pedagogische visie")
    assert_dutch(page, "Is er een onderliggende pedagogische visie?", "Stap 2 van 8")
    assert Answer.objects.get(node_id="growth").value == "yes"


def test_an_ict_coordinator_saves_a_matrix_cell_in_dutch(dutch, live_server, school):
    member(school, role=Role.ICT_COORDINATOR, username="coordinator")
    entry = ListTaskFactory(
        school=school,
        task=TaskFactory(code="TEC-NET-01", title="Manage the school network", is_core=True),
    )
    person = PersonFactory(school=school, name="An Peeters")
    page = dutch
    login_in_dutch(page, live_server, "coordinator")

    page.goto(f"{live_server.url}/schools/{school.slug}/team/")
    assert_dutch(page, "Ons ICT-team", "Teamgezondheid", "Kerntaken die niemand uitvoert")
    page.get_by_role("link", name="Matrix taken × personen").click()
    assert_dutch(page, "Wie doet wat: taken × personen", "D: beslist", "E: voert uit")

    page.locator(f"#c{entry.pk}-{person.pk}").click()
    page.get_by_label("E: voert uit").check()
    assert_dutch(page, "Mandaten", "Uren per week")
    page.get_by_role("button", name="De cel bewaren").click()
    expect(page.locator("#mx-status")).to_contain_text("De teamgezondheid is bijgewerkt.")
    assignment = Assignment.objects.get(list_task=entry, person=person)
    assert assignment.executes and not assignment.decides
