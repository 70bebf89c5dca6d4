"""A demo group admin opens the group dashboard, drills into a school, exports the group's
documents, and cannot reach another group's schools by editing URLs."""

import zipfile

import pytest
from playwright.sync_api import expect

from overview.demo import DEMO_PASSWORD
from overview.demo import seed_demo
from schools.models import School
from tests.browser.conftest import login
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    TaskFactory(code="TEC-NET-01", title="Manage the school network", is_core=True)
    TaskFactory(code="TEC-HW-01", title="Repair laptops and printers")
    TaskFactory(
        code="PED-TED-02",
        cluster="pedagogical",
        topic="Teacher training",
        title="Organise in-service ICT training at school group level",
        level="school_group",
        needs_pedagogical=True,
    )
    TaskFactory(
        code="POL-PUR-01",
        cluster="policy",
        topic="Purchasing",
        title="Write requests for quotes",
        level="school_group",
        needs_policy=True,
    )
    seed_demo()


def test_group_admin_uses_the_dashboard_and_stays_inside_the_group(demo, page, live_server):
    login(page, live_server, "groupadmin.noord", DEMO_PASSWORD)
    page.get_by_role("link", name="Scholengroep Noord").first.click()
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", name="Every school side by side")).to_be_visible()
    table = page.locator("table.dashboard-table")
    for name in ("Basisschool De Linde", "Sint-Jan Secundair", "Buitengewoon Onderwijs De Brug"):
        expect(table.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(table.locator("tfoot")).to_contain_text("Total")
    expect(page.locator("#group-plan-heading")).to_be_visible()
    expect(page.get_by_text("The group leads the transition for its schools.")).to_be_visible()

    # Sort by single points of failure, worst first; the server orders the rows.
    table.get_by_role("link", name="Single points of failure").click()
    expect(page).to_have_url(
        f"{live_server.url}/groups/noord/dashboard/?sort=single_points&order=desc"
    )
    header = table.locator("th", has=page.get_by_role("link", name="Single points of failure"))
    expect(header).to_have_attribute("aria-sort", "descending")
    first_school = table.locator("tbody tr").first.locator("th a").first
    expect(first_school).to_have_text("Basisschool De Linde")

    # Drill down into a school.
    table.get_by_role("link", name="Sint-Jan Secundair", exact=True).click()
    expect(page.get_by_role("heading", name="Sint-Jan Secundair", level=1)).to_be_visible()
    page.go_back()

    # Export the documents of every school of the group: a job writes the zip (here at once,
    # the test settings run jobs immediately, so the job is done when its page opens).
    # Every PDF of three schools is rendered in this request: give it time on a busy machine.
    page.get_by_role("button", name="Export the documents of every school (.zip)").click(
        timeout=90_000
    )
    # The job speaks the language of whoever started it; the documents are in the group's.
    expect(page.locator("#job-status").get_by_role("status")).to_contain_text(
        "Done. 3 schools exported.", timeout=90_000
    )
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download documents-noord").click()
    download = download_info.value
    assert download.suggested_filename.startswith("documents-noord-")
    archive = zipfile.ZipFile(download.path())
    folders = {name.split("/")[0] for name in archive.namelist()}
    assert folders == {"de-linde", "sint-jan", "de-brug"}
    assert "sint-jan/team-overview.pdf" in archive.namelist()

    # Another group's schools are out of reach, whatever the URL says.
    zuid_school = School.objects.get(slug="atheneum-zuid")
    for path in (
        "/schools/atheneum-zuid/",
        "/schools/atheneum-zuid/team/",
        "/groups/zuid/dashboard/",
        f"/admin/schools/school/{zuid_school.pk}/change/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 404, path
        if not path.startswith("/admin/"):
            expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("link", name="Atheneum Zuid")).to_have_count(0)
