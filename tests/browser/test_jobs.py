"""A group admin exports every school's documents: the job waits for the worker, its page
follows the progress by itself, and offers the zip when the worker is done."""

import zipfile
from io import StringIO

import pytest
from django.core.management import call_command

from schools.models import Role
from tests.browser.conftest import login
from tests.factories import PASSWORD
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import SchoolGroupFactory
from tests.factories import member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def group(settings):
    # Jobs wait in the database for a worker, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    group = SchoolGroupFactory(name="Scholengroep Noord", slug="noord")
    for slug, name in (("sint-jan", "Sint-Jan Secundair"), ("de-linde", "Basisschool De Linde")):
        PersonFactory(school=SchoolFactory(group=group, slug=slug, name=name), name="Tom Claes")
    member(group=group, role=Role.GROUP_ADMIN, username="groupadmin.noord")
    return group


def test_group_admin_follows_a_documents_export_and_downloads_the_zip(group, page, live_server):
    login(page, live_server, "groupadmin.noord", PASSWORD)
    page.goto(f"{live_server.url}/groups/noord/dashboard/")
    page.get_by_role("button", name="Export the documents of every school (.zip)").click()

    # The job's own status, not the page's busy indicator (also a status region).
    status = page.locator("#job-status").get_by_role("status")
    assert status.inner_text() == "Waiting for a worker to start."
    assert page.get_by_role("link", name="Download").count() == 0

    # The real worker, once over what waits; the open page notices by itself.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())

    link = page.get_by_role("link", name="Download documents-noord")
    link.wait_for()
    assert status.inner_text() == "Done. 2 schools exported."
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "2"
    with page.expect_download() as info:
        link.click()
    archive = zipfile.ZipFile(info.value.path())
    assert {name.split("/")[0] for name in archive.namelist()} == {"sint-jan", "de-linde"}
    assert "sint-jan/role-description-tom-claes.pdf" in archive.namelist()
