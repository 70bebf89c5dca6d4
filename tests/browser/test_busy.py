"""Work that takes a while shows that it is working: the download link is marked busy and
the page's status region says so until the file arrives; a page instead of a file (an
error) is shown as the link would show it."""

import zipfile

import pytest
from playwright.sync_api import expect

from schools.models import Role
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def school():
    school = SchoolFactory(name="Sint-Jan Secundair", slug="sint-jan")
    PersonFactory(school=school, name="Tom Claes")
    member(school, role=Role.ICT_COORDINATOR, username="ict.sintjan")
    return school


def test_a_document_zip_marks_its_link_busy_until_the_file_arrives(school, page, live_server):
    login(page, live_server, "ict.sintjan", PASSWORD)
    page.goto(f"{live_server.url}/schools/sint-jan/team/documents/")
    # The zip is written by a job (at once in the test settings); its page links the file.
    page.get_by_role("button", name="Download all documents (.zip)").click()
    link = page.get_by_role("link", name="Download sint-jan-documents")
    # The link shows before the page's last script has run; a click before that is
    # simply followed (nothing to mark busy), so the test clicks once the page has loaded.
    expect(link).to_be_visible()
    page.wait_for_load_state("load")
    # Hold the server's answer back, so the busy state can be seen while it works.
    release = []
    page.route("**/jobs/*/download/", lambda route: release.append(route))
    link.click()
    expect(link).to_have_attribute("aria-busy", "true")
    expect(page.locator("#busy-status")).to_have_text("Working on it: this can take a minute.")
    with page.expect_download() as info:
        release[0].continue_()
    assert info.value.suggested_filename.endswith(".zip")
    assert zipfile.ZipFile(info.value.path()).namelist()
    expect(link).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("#busy-status")).to_have_text("Done: the download has started.")


def test_an_upload_marks_its_button_busy(school, page, live_server, tmp_path):
    login(page, live_server, "ict.sintjan", PASSWORD)
    page.goto(f"{live_server.url}/schools/sint-jan/team/documents/division-of-tasks/import/")
    form = page.locator("form[enctype='multipart/form-data']")
    workbook = tmp_path / "division.xlsx"
    workbook.write_bytes(b"not a workbook")
    form.locator("input[type=file]").set_input_files(str(workbook))
    # A listener after the page's own sees the form as it leaves, before the next page.
    seen = []
    page.on("console", lambda message: seen.append(message.text))
    page.evaluate(
        """() => document.addEventListener("submit", (event) => console.log(
            event.submitter.getAttribute("aria-busy") + "|" +
            document.getElementById("busy-status").textContent))"""
    )
    form.locator("[type=submit]").click()
    assert seen == ["true|Working on it: this can take a minute."]
    # The next page (the server's answer about the upload) is not busy.
    expect(page.get_by_role("alert").first).to_be_visible()
    expect(page.locator("[aria-busy=true]")).to_have_count(0)
