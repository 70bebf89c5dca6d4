"""A school that answered "No" at step 3 writes its ICT policy plan in ictteam, in Dutch:
the vision, a goal tied to a task with an action, a professional development plan from the
team's competence scan, the plan recorded as drawn up, the PDF downloaded, and the
transition plan goes on from step 3 to step 4."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from development.models import DevelopmentItem
from guidelines import services as wizard
from guidelines.models import TransitionPlan
from policy.models import Goal
from policy.models import GoalAction
from schools.models import Role
from tests.browser.test_dutch import assert_dutch
from tests.browser.test_dutch import login_in_dutch
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def dutch(browser):
    context = browser.new_context(locale="nl-BE", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_school_writes_its_policy_plan_in_dutch_and_the_wizard_goes_on(
    dutch, live_server, school, tmp_path
):
    leader = member(school, role=Role.SCHOOL_LEADER, username="directeur")
    plan = wizard.plan_start(owner=school, user=leader)
    for node_id, value in [("growth", "yes"), ("vision", "yes"), ("policy_plan", "no")]:
        plan = wizard.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
    entry = ListTaskFactory(
        school=school,
        task=TaskFactory(code="PED-CLS-01", cluster="pedagogical", title="Digitaal toetsen"),
    )
    an = PersonFactory(school=school, name="An Peeters", competence_technical=1)
    # An holds a core technical task on a Basic self-assessment: the scan finds a gap.
    network = ListTaskFactory(
        school=school,
        task=TaskFactory(
            code="TEC-NET-01", cluster="technical", title="Het schoolnetwerk beheren", is_core=True
        ),
    )
    AssignmentFactory(person=an, list_task=network, executes=True)
    page = dutch
    login_in_dutch(page, live_server, "directeur")

    page.goto(f"{live_server.url}/schools/{school.slug}/plan/steps/develop_policy_plan/")
    page.get_by_role("link", name="Het ICT-beleidsplan schrijven in ictteam").click()
    assert_dutch(page, "ICT-beleidsplan", "Klaar voor verandering", "Pedagogische visie")

    page.get_by_label("Pedagogische visie").fill(
        "ICT is een middel om elke leerling te laten leren."
    )
    page.get_by_role("button", name="De visie bewaren").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_be_visible()

    page.get_by_role("textbox", name=re.compile(r"^Doel\b")).fill("Digitaal toetsen in elke klas")
    page.get_by_label("Taken van de takenlijst die dit doel dienen").select_option(str(entry.pk))
    page.get_by_role("button", name="Het doel toevoegen").click()

    expect(page.get_by_role("heading", name="Digitaal toetsen in elke klas")).to_be_visible()
    assert_dutch(page, "Taken die dit doel dienen", "Een actie toevoegen")
    page.get_by_role("textbox", name=re.compile(r"^Actie\b")).fill("Een toetsinstrument kiezen")
    page.get_by_label("Wie").select_option(label="An Peeters")
    page.get_by_label("Tegen wanneer").fill("2027-02-01")
    page.get_by_role("button", name="De actie toevoegen").click()
    expect(page.get_by_text("De actie is toegevoegd.")).to_be_visible()
    action = GoalAction.objects.get()
    assert action.goal == Goal.objects.get()
    assert action.person.name == "An Peeters"

    # The professional development plan, from the team's competence scan.
    page.goto(f"{live_server.url}/schools/{school.slug}/team/")
    page.get_by_role("link", name="Professionalisering").click()
    gap = page.locator("[data-gap]").filter(has_text="Het schoolnetwerk beheren")
    expect(gap).to_contain_text("zelfinschatting Basis, de taken vragen Goed")
    gap.get_by_role("button", name="Op het plan zetten").click()
    expect(page.get_by_role("alert").first).to_contain_text("An Peeters")
    item = DevelopmentItem.objects.get()
    assert (item.person, item.competence) == (an, "technical")

    page.get_by_role("link", name="ICT-beleidsplan", exact=True).click()
    expect(page.locator("#development")).to_contain_text("An Peeters")
    page.get_by_role("button", name="Het plan is opgesteld").click()
    expect(
        page.get_by_text("Het transitieplan gaat verder: het staat nu bij stap 4.")
    ).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Het ICT-beleidsplan downloaden (PDF)").click()
    target = Path(tmp_path) / "plan.pdf"
    info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="Het transitieplan openen").click()
    expect(page.locator("#node-title")).to_have_text("De ICT-middelen")
    plan = TransitionPlan.objects.get(school=school)
    assert plan.current_node == "resources"
    assert plan.answers.get(node_id="policy_plan").value == "yes"
