"""Download buttons, and the upload pages: permissions, dry-run preview, confirm."""

import io
import os
import time
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from schools.models import Role
from schools.workbooks import PENDING_FOLDER
from tasks.models import ListTask
from tasks.models import Task
from tasks.services import task_list_initialise
from tasks.workbook import catalogue_headers
from tasks.workbook import task_row
from tests.factories import TaskFactory
from tests.factories import UserFactory
from tests.factories import member
from tests.factories import task_workbook
from tests.factories import workbook_row

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def login(client, user, password):
    assert client.login(username=user.username, password=password)
    return user


def upload(data: bytes, name: str = "tasks.xlsx") -> io.BytesIO:
    file = io.BytesIO(data)
    file.name = name
    return file


def token_of(response) -> str:
    """The token of the preview's confirm form."""
    return response.context["confirm_form"].initial["token"]


def pending_files(settings) -> list:
    folder = Path(settings.MEDIA_ROOT) / PENDING_FOLDER
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def catalogue(db):
    return [TaskFactory(code=f"TEC-NET-{i:02d}", topic="Network management") for i in (1, 2)]


@pytest.fixture
def superuser(client, password):
    return login(client, UserFactory(is_superuser=True, is_staff=True), password)


# --- Downloads ---


def test_catalogue_download_for_any_logged_in_user(client, catalogue, password):
    login(client, UserFactory(), password)
    response = client.get(reverse("tasks:catalogue_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="ict-task-catalogue.xlsx"' in response["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content))["Tasks"].values)
    assert [row[0] for row in rows[1:]] == ["TEC-NET-01", "TEC-NET-02"]


def test_catalogue_download_needs_login(client, catalogue):
    response = client.get(reverse("tasks:catalogue_export"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_list_download_for_anyone_who_sees_the_list(client, catalogue, school, password):
    task_list_initialise(owner=school)
    login(client, member(school, role=Role.TEAM_MEMBER), password)
    response = client.get(reverse("tasks:school_export", args=[school.slug]))
    assert response.status_code == 200
    assert f'filename="ict-tasks-{school.slug}.xlsx"' in response["Content-Disposition"]
    header = next(openpyxl.load_workbook(io.BytesIO(response.content))["Tasks"].values)
    assert header[-1] == "Note"


def test_list_download_of_another_school_is_404(
    client, catalogue, school, sibling_school, other_school, password
):
    login(client, member(school), password)
    for other in (sibling_school, other_school):
        assert client.get(reverse("tasks:school_export", args=[other.slug])).status_code == 404


def test_group_list_download_for_group_members_only(client, catalogue, group, school, password):
    task_list_initialise(owner=group)
    url = reverse("tasks:group_export", args=[group.slug])
    login(client, member(school, role=Role.SCHOOL_LEADER), password)
    assert client.get(url).status_code == 404
    login(client, member(group=group, role=Role.ICT_COORDINATOR), password)
    assert client.get(url).status_code == 200


def test_download_and_import_buttons_on_the_catalogue_page(client, catalogue, password):
    login(client, UserFactory(), password)
    page = client.get(reverse("tasks:catalogue")).content.decode()
    assert reverse("tasks:catalogue_export") in page
    assert reverse("tasks:catalogue_import") not in page
    login(client, UserFactory(is_superuser=True), password)
    assert (
        reverse("tasks:catalogue_import") in client.get(reverse("tasks:catalogue")).content.decode()
    )


def test_download_and_import_buttons_on_the_list_page(client, catalogue, school, password):
    task_list_initialise(owner=school)
    url = reverse("tasks:school_list", args=[school.slug])
    login(client, member(school, role=Role.TEAM_MEMBER), password)
    page = client.get(url).content.decode()
    assert reverse("tasks:school_export", args=[school.slug]) in page
    assert reverse("tasks:school_import", args=[school.slug]) not in page
    login(client, member(school, role=Role.ICT_COORDINATOR), password)
    assert reverse("tasks:school_import", args=[school.slug]) in client.get(url).content.decode()


# --- Catalogue import page ---


@pytest.mark.parametrize("role", [Role.GROUP_ADMIN, Role.ICT_COORDINATOR])
def test_catalogue_import_is_403_for_everyone_but_superusers(client, group, password, role):
    login(client, member(group=group, role=role), password)
    url = reverse("tasks:catalogue_import")
    assert client.get(url).status_code == 403
    response = client.post(url, {"file": upload(task_workbook([workbook_row()]))})
    assert response.status_code == 403
    assert not Task.objects.exists()


def test_catalogue_import_preview_then_confirm(client, catalogue, superuser, school, settings):
    task_list_initialise(owner=school)
    url = reverse("tasks:catalogue_import")
    assert client.get(url).status_code == 200
    rows = [
        workbook_row(
            "TEC-NET-01",
            Task="Renamed in the catalogue",
            Topic="Network management",
            Description="A task.",
            Specialisation="",
            Can_also_be_taken_on_by="",
        ),
        workbook_row("TEC-NET-03", Task="A new one"),
    ]
    preview = client.post(url, {"file": upload(task_workbook(rows))})
    assert preview.status_code == 200
    report = preview.context["report"]
    assert report.dry_run
    assert (report.added, report.changed, report.unchanged, report.retired) == (
        ["TEC-NET-03"],
        ["TEC-NET-01"],
        [],
        ["TEC-NET-02"],
    )
    page = preview.content.decode()
    assert "Confirm the import" in page
    assert "TEC-NET-03" in page
    assert not Task.objects.filter(code="TEC-NET-03").exists()

    assert len(pending_files(settings)) == 1
    done = client.post(url, {"token": token_of(preview)})
    assert done.status_code == 302
    assert done.url == reverse("tasks:catalogue")
    assert Task.objects.get(code="TEC-NET-03").status == "active"
    assert Task.objects.get(code="TEC-NET-02").status == "retired"
    assert ListTask.objects.get(school=school, task__code="TEC-NET-03").review == "new"
    assert pending_files(settings) == []
    messages = [str(m) for m in done.wsgi_request._messages]
    assert messages == ["Imported tasks.xlsx: 1 added, 1 changed, 0 unchanged, 1 retired."]


def test_catalogue_import_errors_are_a_table_and_change_nothing(
    client, catalogue, superuser, settings
):
    before = list(Task.objects.order_by("pk").values())
    rows = [workbook_row("TEC-NET-01", Cluster="Tech")]
    response = client.post(reverse("tasks:catalogue_import"), {"file": upload(task_workbook(rows))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Problems to fix in the workbook" in page
    assert "<td>Tasks</td><td>2</td><td>Cluster</td><td>unknown cluster “Tech”" in page
    assert "Confirm the import" not in page
    assert pending_files(settings) == []
    assert list(Task.objects.order_by("pk").values()) == before


def test_not_a_workbook_upload_shows_a_clear_error(client, catalogue, superuser):
    response = client.post(
        reverse("tasks:catalogue_import"), {"file": upload(b"Code,Cluster\n1,2\n", "tasks.xlsx")}
    )
    assert "This file is not an Excel workbook (.xlsx)" in response.content.decode()


def test_oversized_upload_is_a_form_error(client, catalogue, superuser, settings):
    settings.TASK_IMPORT_MAX_BYTES = 100
    response = client.post(
        reverse("tasks:catalogue_import"), {"file": upload(task_workbook([workbook_row()]))}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"][0].startswith("The file is")
    assert response.context["report"] is None


def test_confirm_with_a_stale_token_imports_nothing(client, catalogue, superuser):
    url = reverse("tasks:catalogue_import")
    client.post(url, {"file": upload(task_workbook([workbook_row("TEC-NET-09")]))})
    response = client.post(url, {"token": "not-the-token"})
    assert response.status_code == 302
    assert not Task.objects.filter(code="TEC-NET-09").exists()


def test_confirm_revalidates_and_reports_new_errors(client, catalogue, superuser, school):
    # A list upload previewed, then the catalogue changes under it before the confirm.
    task_list_initialise(owner=school)
    url = reverse("tasks:school_import", args=[school.slug])
    row = dict(zip(catalogue_headers(), task_row(catalogue[0]), strict=True))
    row["Note"] = "ours"
    data = task_workbook([row], headers=[*catalogue_headers(), "Note"])
    token = token_of(client.post(url, {"file": upload(data)}))
    Task.objects.filter(pk=catalogue[0].pk).update(title_en="Renamed by the catalogue")
    response = client.post(url, {"token": token})
    assert response.status_code == 200
    assert "differs from the catalogue" in response.content.decode()
    assert ListTask.objects.get(school=school, task=catalogue[0]).note == ""


# --- List import page ---


def test_list_import_is_403_for_a_team_member(client, catalogue, school, password):
    login(client, member(school, role=Role.TEAM_MEMBER), password)
    url = reverse("tasks:school_import", args=[school.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": upload(task_workbook([workbook_row()]))}).status_code == 403


def test_list_import_of_another_school_is_404(
    client, catalogue, school, sibling_school, other_school, password
):
    login(client, member(school, role=Role.SCHOOL_LEADER), password)
    for other in (sibling_school, other_school):
        assert client.get(reverse("tasks:school_import", args=[other.slug])).status_code == 404
    admin = member(group=other_school.group, role=Role.GROUP_ADMIN)
    login(client, admin, password)
    assert client.get(reverse("tasks:school_import", args=[school.slug])).status_code == 404
    assert client.get(reverse("tasks:group_import", args=[school.group.slug])).status_code == 404


def test_group_admin_uploads_a_schools_list_and_the_groups_list(
    client, catalogue, group, school, sibling_school, password
):
    task_list_initialise(owner=sibling_school)
    task_list_initialise(owner=group)
    login(client, member(group=group, role=Role.GROUP_ADMIN), password)
    for owner, url_name, lookup in (
        (sibling_school, "tasks:school_import", {"school": sibling_school}),
        (group, "tasks:group_import", {"group": group}),
    ):
        url = reverse(url_name, args=[owner.slug])
        exported = client.get(url.replace("import/", "export.xlsx")).content
        book = openpyxl.load_workbook(io.BytesIO(exported))
        sheet = book["Tasks"]
        sheet.cell(row=2, column=14, value="No")  # Applies
        buffer = io.BytesIO()
        book.save(buffer)
        preview = client.post(url, {"file": upload(buffer.getvalue())})
        assert preview.context["report"].changed == ["TEC-NET-01"]
        assert ListTask.objects.get(task__code="TEC-NET-01", **lookup).applies is True
        done = client.post(url, {"token": token_of(preview)})
        assert done.status_code == 302
        assert ListTask.objects.get(task__code="TEC-NET-01", **lookup).applies is False


def test_list_import_page_explains_the_rules(client, catalogue, school, password):
    login(client, member(school, role=Role.SCHOOL_LEADER), password)
    page = client.get(reverse("tasks:school_import", args=[school.slug])).content.decode()
    assert "must stay as the catalogue has them" in page
    assert 'enctype="multipart/form-data"' in page
    assert 'for="id_file"' in page


def test_a_preview_for_one_list_cannot_be_confirmed_on_another(
    client, catalogue, group, school, sibling_school, password
):
    task_list_initialise(owner=school)
    task_list_initialise(owner=sibling_school)
    login(client, member(group=group, role=Role.GROUP_ADMIN), password)
    data = task_workbook([workbook_row("OWN-01", Applies="No")])
    token = token_of(
        client.post(reverse("tasks:school_import", args=[school.slug]), {"file": upload(data)})
    )
    response = client.post(
        reverse("tasks:school_import", args=[sibling_school.slug]), {"token": token}
    )
    assert response.status_code == 302
    assert not Task.objects.filter(code="OWN-01").exists()


@pytest.mark.parametrize("size", [3, 30])
def test_preview_runs_a_constant_number_of_queries(
    client, school, password, size, django_assert_num_queries
):
    tasks = [TaskFactory(code=f"TEC-NET-{i:03d}") for i in range(size)]
    task_list_initialise(owner=school)
    login(client, member(school, role=Role.SCHOOL_LEADER), password)
    rows = [dict(zip(catalogue_headers(), task_row(task), strict=True)) for task in tasks]
    for row in rows:
        row["Note"] = "ours"
    data = task_workbook(rows, headers=[*catalogue_headers(), "Note"])
    url = reverse("tasks:school_import", args=[school.slug])
    # Session, user, memberships, school; catalogue, own tasks, list (in a savepoint);
    # the navigation's schools. The upload waits in a file: the session is not written.
    with django_assert_num_queries(10):
        response = client.post(url, {"file": upload(data)})
    assert len(response.context["report"].changed) == size


def test_the_pending_upload_waits_in_a_file_not_in_the_session(
    client, catalogue, superuser, settings
):
    url = reverse("tasks:catalogue_import")
    preview = client.post(url, {"file": upload(task_workbook([workbook_row("TEC-NET-09")]))})
    (waiting,) = pending_files(settings)
    assert waiting.read_bytes()[:2] == b"PK"
    session = client.session.load()
    assert not any(str(value).startswith("UEs") for value in session.values())
    assert len(str(session)) < 500
    assert client.post(url, {"token": token_of(preview)}).status_code == 302
    assert pending_files(settings) == []


def test_another_users_token_confirms_nothing(client, catalogue, superuser, password, settings):
    url = reverse("tasks:catalogue_import")
    preview = client.post(url, {"file": upload(task_workbook([workbook_row("TEC-NET-09")]))})
    login(client, UserFactory(is_superuser=True, is_staff=True), password)
    response = client.post(url, {"token": token_of(preview)})
    assert response.status_code == 302
    assert not Task.objects.filter(code="TEC-NET-09").exists()
    assert len(pending_files(settings)) == 1


def test_unconfirmed_uploads_are_deleted_after_a_day(client, catalogue, superuser, settings):
    url = reverse("tasks:catalogue_import")
    old = token_of(client.post(url, {"file": upload(task_workbook([workbook_row("TEC-NET-09")]))}))
    (waiting,) = pending_files(settings)
    day_ago = time.time() - 25 * 3600
    os.utime(waiting, (day_ago, day_ago))
    client.post(url, {"file": upload(task_workbook([workbook_row("TEC-NET-08")]))})
    assert waiting not in pending_files(settings)
    assert len(pending_files(settings)) == 1
    assert client.post(url, {"token": old}).status_code == 302
    assert not Task.objects.filter(code="TEC-NET-09").exists()
