"""An ICT coordinator opens the team documents, downloads them and copies a vacancy."""

import io

import openpyxl
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from schools.models import Role
from tasks.models import Cluster
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def school():
    school = SchoolFactory(name="Sint-Jan Secundair", slug="sint-jan")
    # Nobody has policy competences: the policy task below is a gap nobody could take.
    tom = PersonFactory(
        school=school, name="Tom Claes", roles=["technical_coordinator"], competence_policy=0
    )
    lotte = PersonFactory(
        school=school, name="<script>alert(1)</script>", roles=["digicoach"], competence_policy=0
    )
    network = ListTaskFactory(
        school=school, task__code="TEC-NET-01", task__title="Manage the school network"
    )
    AssignmentFactory(person=tom, list_task=network, decides=True, lead=True, backup=lotte)
    # A policy task nobody can take: the gap a vacancy is drafted for.
    ListTaskFactory(
        school=school,
        task__code="POL-PLN-01",
        task__title="Draw up the ICT policy plan",
        task__cluster=Cluster.POLICY,
        task__needs_technical=False,
        task__needs_policy=True,
    )
    member(school, role=Role.ICT_COORDINATOR, username="ict.sintjan")
    return school


def download(page, action) -> bytes:
    with page.expect_download() as info:
        action()
    return open(info.value.path(), "rb").read()


def test_coordinator_reads_a_role_description_and_downloads_the_documents(
    school, page, live_server
):
    login(page, live_server, "ict.sintjan", PASSWORD)
    page.goto(f"{live_server.url}/schools/sint-jan/")
    page.get_by_role("link", name="Team documents").click()
    page.get_by_role("link", name="Tom Claes", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Role description: Tom Claes"
    assert "TEC-NET-01 Manage the school network" in page.locator("article").inner_text()
    # The backup's name shows literally: escaped, never run.
    assert "<script>alert(1)</script>" in page.locator("article").inner_text()

    pdf = download(page, lambda: page.get_by_role("link", name="Download the PDF").click())
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Role description: Tom Claes" in text
    assert "Manage the school network" in text

    page.get_by_role("link", name="Team documents").click()
    workbook = download(
        page, lambda: page.get_by_role("link", name="Division of tasks (.xlsx)").click()
    )
    sheet = openpyxl.load_workbook(io.BytesIO(workbook)).active
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]] == [
        "TEC-NET-01",
        "POL-PLN-01",
    ]

    # The zip is written by a job (here at once: the test settings run jobs immediately).
    page.get_by_role("button", name="Download all documents (.zip)").click()
    archive = download(
        page, lambda: page.get_by_role("link", name="Download sint-jan-documents").click()
    )
    assert archive.startswith(b"PK")


def test_coordinator_drafts_a_vacancy_edits_it_and_copies_it_as_plain_text(
    school, page, live_server
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    login(page, live_server, "ict.sintjan", PASSWORD)
    page.goto(f"{live_server.url}/schools/sint-jan/team/documents/")
    assert page.get_by_label("POL-PLN-01 Draw up the ICT policy plan").is_checked()
    page.get_by_role("button", name="Draft a vacancy for the chosen tasks").click()
    assert "ICT policy coordinator at Sint-Jan Secundair" in page.locator("h1").inner_text()

    page.get_by_label("Hours per week").fill("6")
    page.get_by_role("button", name="Save the vacancy").click()
    assert "Saved the vacancy." in page.locator("[role=alert]").inner_text()
    plain = page.get_by_label("Select the text and copy it, or use the copy button.")
    assert "Hours per week: 6" in plain.input_value()

    page.get_by_role("button", name="Copy as plain text").click()
    # The clipboard is written asynchronously: the status says so once the write is done.
    expect(page.locator("[data-copy-status]")).to_have_text("Copied to the clipboard.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == plain.input_value()
    assert "Draw up the ICT policy plan" in copied
