"""The division of tasks as a workbook: its layout, and the import back."""

import io
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from schools.models import Role
from tasks.models import Cluster
from teams.models import Assignment
from teams.workbook import TASK_COLUMNS
from teams.workbook import StaleExport
from teams.workbook import division_export_xlsx
from teams.workbook import division_import_xlsx
from teams.workbook import parse_cell
from teams.workbook import person_header
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(school):
    ann = PersonFactory(school=school, name="Ann")
    bob = PersonFactory(school=school, name="Bob")
    network = ListTaskFactory(
        school=school, task__code="TEC-NET-01", task__title="Network", task__is_core=True
    )
    wifi = ListTaskFactory(school=school, task__code="TEC-NET-02", task__title="Wi-fi")
    platform = ListTaskFactory(
        school=school,
        task__code="PED-LRN-01",
        task__title="Learning platform",
        task__cluster=Cluster.PEDAGOGICAL,
    )
    AssignmentFactory(
        person=ann, list_task=network, decides=True, lead=True, hours=Decimal("2.5"), backup=bob
    )
    AssignmentFactory(person=bob, list_task=network, executes=True, hours=1)
    AssignmentFactory(person=bob, list_task=platform, lead=True, executes=False, hours=0)
    return {"ann": ann, "bob": bob, "network": network, "wifi": wifi, "platform": platform}


def state(school) -> set[tuple]:
    """Every assignment of the school with all it holds, to compare before and after."""
    return set(
        Assignment.objects.filter(school=school).values_list(
            "list_task__task__code",
            "person__name",
            "decides",
            "executes",
            "monitors",
            "lead",
            "hours",
            "backup__name",
        )
    )


def load(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def save(sheet) -> io.BytesIO:
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    buffer.seek(0)
    return buffer


def find(sheet, code: str, name: str):
    """The cell of one task (by code) and one person (by header name)."""
    columns = {cell.value.split(" (#")[0]: cell.column for cell in sheet[1][TASK_COLUMNS:]}
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == code)[0].row
    return sheet.cell(row=row, column=columns[name])


# --- export -------------------------------------------------------------------------------


def test_export_has_one_sheet_tasks_by_cluster_and_people_with_mandates(school, team):
    sheet = load(division_export_xlsx(school=school))
    assert len(sheet.parent.worksheets) == 1
    assert [c.value for c in sheet[1]] == [
        "Code",
        "Cluster",
        "Topic",
        "Task",
        "Core",
        person_header(team["ann"]),
        person_header(team["bob"]),
    ]
    assert sheet.freeze_panes == "F2"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    # A heading row per cluster, its tasks below it.
    assert rows[0][:2] == [None, "Technical"]
    assert rows[1] == ["TEC-NET-01", "Technical", "Hardware", "Network", "core", "DEL 2.5", "E 1"]
    assert rows[2][0] == "TEC-NET-02" and rows[2][5:] == [None, None]
    assert rows[3][:2] == [None, "Pedagogical-didactical"]
    assert rows[4][0] == "PED-LRN-01" and rows[4][5:] == [None, "L"]


def test_export_highlights_core_tasks_and_groups_clusters(school, team):
    sheet = load(division_export_xlsx(school=school))
    core_row = find(sheet, "TEC-NET-01", "Ann").row
    other_row = find(sheet, "TEC-NET-02", "Ann").row
    assert sheet.cell(row=core_row, column=4).fill.fgColor.rgb.endswith("EFE7FA")
    assert sheet.cell(row=other_row, column=4).fill.fgColor.rgb in (None, "00000000")
    assert sheet.row_dimensions[core_row].outline_level == 1
    assert sheet.row_dimensions[2].outline_level == 0


def test_workbook_download(client, school, team):
    client.force_login(member(school))
    response = client.get(reverse("teams:document_workbook", args=[school.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "sint-jan-division-of-tasks.xlsx" in response["Content-Disposition"]
    assert load(response.content)["A2"].value is None


# --- round trip ---------------------------------------------------------------------------


def test_export_then_import_changes_nothing(school, team):
    before = state(school)
    result = division_import_xlsx(
        school=school, file=io.BytesIO(division_export_xlsx(school=school))
    )
    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    assert result.unchanged == 3
    assert state(school) == before


def test_editing_a_cell_changes_that_assignment_only(school, team):
    before = state(school)
    sheet = load(division_export_xlsx(school=school))
    find(sheet, "TEC-NET-01", "Bob").value = "E M 1.5"
    result = division_import_xlsx(school=school, file=save(sheet))
    assert (result.created, result.updated, result.deleted) == (0, 1, 0)
    after = state(school)
    assert before - after == {
        ("TEC-NET-01", "Bob", False, True, False, False, Decimal("1.0"), None)
    }
    assert after - before == {("TEC-NET-01", "Bob", False, True, True, False, Decimal("1.5"), None)}


def test_filling_and_emptying_cells_adds_and_ends_assignments(school, team):
    sheet = load(division_export_xlsx(school=school))
    find(sheet, "TEC-NET-02", "Ann").value = "del 3"
    find(sheet, "PED-LRN-01", "Bob").value = None
    result = division_import_xlsx(school=school, file=save(sheet))
    assert (result.created, result.updated, result.deleted) == (1, 0, 1)
    assert ("TEC-NET-02", "Ann", True, True, False, True, Decimal("3.0"), None) in state(school)
    assert not Assignment.objects.filter(list_task=team["platform"]).exists()


def test_hours_left_out_keep_the_recorded_hours_and_the_backup(school, team):
    sheet = load(division_export_xlsx(school=school))
    find(sheet, "TEC-NET-01", "Ann").value = "DEL"
    division_import_xlsx(school=school, file=save(sheet))
    ann = Assignment.objects.get(list_task=team["network"], person=team["ann"])
    assert (ann.executes, ann.hours, ann.backup) == (True, Decimal("2.5"), team["bob"])


def test_moving_the_lead_in_the_sheet(school, team):
    sheet = load(division_export_xlsx(school=school))
    find(sheet, "TEC-NET-01", "Ann").value = "D 2.5"
    find(sheet, "TEC-NET-01", "Bob").value = "EL 1"
    division_import_xlsx(school=school, file=save(sheet))
    leads = Assignment.objects.filter(list_task=team["network"], lead=True)
    assert [a.person for a in leads] == [team["bob"]]


def test_dry_run_reports_changes_without_writing(school, team):
    before = state(school)
    sheet = load(division_export_xlsx(school=school))
    find(sheet, "TEC-NET-02", "Bob").value = "M"
    result = division_import_xlsx(school=school, file=save(sheet), dry_run=True)
    assert result.dry_run and result.created == 1
    assert result.changes == ["TEC-NET-02 · Bob: added as M"]
    assert state(school) == before


def test_a_removed_column_or_row_leaves_those_assignments_alone(school, team):
    before = state(school)
    sheet = load(division_export_xlsx(school=school))
    sheet.delete_cols(TASK_COLUMNS + 2)  # Bob
    sheet.delete_rows(find(sheet, "PED-LRN-01", "Ann").row)
    division_import_xlsx(school=school, file=save(sheet))
    assert state(school) == before


def test_person_found_by_name_when_the_header_lost_its_id(school, team):
    sheet = load(division_export_xlsx(school=school))
    sheet.cell(row=1, column=TASK_COLUMNS + 1).value = "Ann"
    find(sheet, "TEC-NET-02", "Ann").value = "E"
    assert division_import_xlsx(school=school, file=save(sheet)).created == 1


# --- errors -------------------------------------------------------------------------------


def import_errors(school, sheet) -> list[str]:
    with pytest.raises(ValidationError) as error:
        division_import_xlsx(school=school, file=save(sheet))
    return error.value.messages


def test_unknown_people_and_tasks_are_refused_with_their_place(school, other_school, team):
    stranger = PersonFactory(school=other_school, name="Stranger")
    foreign = ListTaskFactory(school=other_school, task__code="TEC-XXX-99")
    before = state(school)
    sheet = load(division_export_xlsx(school=school))
    sheet.cell(row=1, column=TASK_COLUMNS + 3).value = person_header(stranger)
    sheet.append([foreign.task.code, "Technical", "", "Foreign task", "", "E"])
    errors = import_errors(school, sheet)
    assert errors == [
        f"sheet “Division of tasks”, row 1, column H: “Stranger (#{stranger.pk})” is not a "
        "person of this school's team",
        f"sheet “Division of tasks”, row {sheet.max_row}, column A: unknown task “TEC-XXX-99”: "
        "it is not on this school's list",
    ]
    assert state(school) == before


def test_unreadable_cells_and_two_leads_refuse_the_whole_import(school, team):
    before = state(school)
    sheet = load(division_export_xlsx(school=school))
    find(sheet, "TEC-NET-02", "Ann").value = "E"  # valid, but must not be written
    cell = find(sheet, "PED-LRN-01", "Ann")
    cell.value = "X 2"
    find(sheet, "TEC-NET-01", "Bob").value = "L"
    errors = import_errors(school, sheet)
    assert (
        f"sheet “Division of tasks”, row {cell.row}, column F (Ann): unknown mandate “X”: "
        "use D, E, M and L" in errors
    )
    assert any("TEC-NET-01 has 2 leads (Ann, Bob)" in error for error in errors)
    assert state(school) == before


def test_a_task_that_does_not_apply_is_refused(school, team):
    sheet = load(division_export_xlsx(school=school))
    team["wifi"].applies = False
    team["wifi"].save()
    errors = import_errors(school, sheet)
    assert errors == [
        "sheet “Division of tasks”, row 4, column A: task TEC-NET-02 does not apply to this "
        "school: change the task list"
    ]


def test_a_file_that_is_no_workbook_is_refused(school):
    with pytest.raises(ValidationError, match=r"not an Excel workbook \(\.xlsx\)"):
        division_import_xlsx(school=school, file=io.BytesIO(b"Code;Task\n"))


@pytest.mark.parametrize(
    ("value", "mandates", "hours"),
    [
        ("DEML", {"decides", "executes", "monitors", "lead"}, None),
        (" e, l 2,5 h", {"executes", "lead"}, Decimal("2.5")),
        ("M 10", {"monitors"}, Decimal("10.0")),
    ],
)
def test_cells_read_letters_and_hours(value, mandates, hours):
    cell = parse_cell(value)
    assert (cell.mandates, cell.hours) == (mandates, hours)


@pytest.mark.parametrize("value", ["2", "DX", "E 2.25", "E 81", "E-1"])
def test_unreadable_cells_are_refused(value):
    with pytest.raises(ValueError):
        parse_cell(value)


def test_empty_cells_are_no_assignment():
    assert parse_cell(None) is None
    assert parse_cell("  ") is None


# --- import page --------------------------------------------------------------------------


def upload_of(sheet) -> io.BytesIO:
    upload = save(sheet)
    upload.name = "division.xlsx"
    return upload


def import_url(school) -> str:
    return reverse("teams:document_workbook_import", args=[school.slug])


def test_import_page_previews_then_applies_on_confirm(client, school, team, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    sheet = load(division_export_xlsx(school=school))
    find(sheet, "TEC-NET-02", "Bob").value = "E 1"
    client.force_login(member(school))
    preview = client.post(import_url(school), {"file": upload_of(sheet)})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "TEC-NET-02 · Bob: added as E 1" in page
    assert "Confirm the import" in page
    assert not Assignment.objects.filter(list_task=team["wifi"], person=team["bob"]).exists()
    token = preview.context["confirm_form"].initial["token"]
    assert len(list((tmp_path / "pending-workbooks").iterdir())) == 1
    done = client.post(import_url(school), {"token": token})
    assert done.status_code == 302
    assert Assignment.objects.filter(list_task=team["wifi"], person=team["bob"]).exists()
    assert list((tmp_path / "pending-workbooks").iterdir()) == []
    # The token is spent with its file.
    again = client.post(import_url(school), {"token": token})
    assert again.status_code == 302 and again.url == import_url(school)


def test_import_page_shows_errors_and_writes_nothing(client, school, team):
    client.force_login(member(school))
    before = state(school)
    sheet = load(division_export_xlsx(school=school))
    find(sheet, "TEC-NET-02", "Bob").value = "Q"
    page = client.post(import_url(school), {"file": upload_of(sheet)})
    assert page.status_code == 200
    assert "unknown mandate “Q”" in page.content.decode()
    assert page.context["confirm_form"] is None
    assert state(school) == before


def test_import_page_never_applies_without_the_preview(client, school, team):
    client.force_login(member(school))
    sheet = load(division_export_xlsx(school=school))
    find(sheet, "TEC-NET-01", "Ann").value = None
    page = client.post(import_url(school), {"file": upload_of(sheet), "dry_run": ""})
    assert page.status_code == 200
    assert "TEC-NET-01 · Ann: removed" in page.content.decode()
    assert Assignment.objects.filter(list_task=team["network"], person=team["ann"]).exists()


def test_a_token_of_another_school_or_user_confirms_nothing(
    client, school, sibling_school, team, password
):
    sheet = load(division_export_xlsx(school=school))
    find(sheet, "TEC-NET-02", "Bob").value = "E"
    admin = member(group=school.group, role=Role.GROUP_ADMIN)
    client.force_login(admin)
    token = client.post(import_url(school), {"file": upload_of(sheet)}).context["confirm_form"]
    token = token.initial["token"]
    assert client.post(import_url(sibling_school), {"token": token}).status_code == 302
    client.force_login(member(school))
    assert client.post(import_url(school), {"token": token}).status_code == 302
    assert not Assignment.objects.filter(list_task=team["wifi"], person=team["bob"]).exists()


def test_team_member_may_download_but_not_import(client, school, team):
    client.force_login(member(school, role=Role.TEAM_MEMBER))
    assert client.get(reverse("teams:document_workbook", args=[school.slug])).status_code == 200
    response = client.get(reverse("teams:document_workbook_import", args=[school.slug]))
    assert response.status_code == 403


# --- formulas and stale exports -----------------------------------------------------------


def test_a_formula_in_a_mandate_cell_is_refused_not_read_as_empty(school, team):
    before = state(school)
    sheet = load(division_export_xlsx(school=school))
    cell = find(sheet, "TEC-NET-01", "Ann")
    cell.value = '=IF(1,"DEL 2.5","")'
    assert cell.data_type == "f"
    errors = import_errors(school, sheet)
    assert errors == [
        f"sheet “Division of tasks”, row {cell.row}, column F: a formula; type the mandates "
        "(or the header) themselves"
    ]
    assert state(school) == before


def test_the_export_records_when_it_was_exported(school, team):
    before = timezone.now()
    content = division_export_xlsx(school=school)
    book = openpyxl.load_workbook(io.BytesIO(content))
    exported = datetime.fromisoformat(book.custom_doc_props["ictteam exported"].value)
    assert before <= exported <= timezone.now()
    assert book.custom_doc_props["ictteam school"].value == str(school.pk)
    assert "Exported on" in book.active["A1"].comment.text


def change_after_the_export(school, team):
    """Bob's hours on the network task change, and Ann takes the wi-fi, after an export."""
    content = division_export_xlsx(school=school)
    bob = Assignment.objects.get(list_task=team["network"], person=team["bob"])
    bob.hours = Decimal("3")
    bob.save()
    AssignmentFactory(person=team["ann"], list_task=team["wifi"], executes=True, hours=1)
    return content


def test_reimporting_a_stale_export_lists_the_changes_and_writes_nothing(school, team):
    content = change_after_the_export(school, team)
    before = state(school)
    preview = division_import_xlsx(school=school, file=content, dry_run=True)
    assert sorted(change.text for change in preview.stale) == [
        "TEC-NET-01 · Bob: E 3 → E 1",
        "TEC-NET-02 · Ann: removed",
    ]
    with pytest.raises(StaleExport) as refused:
        division_import_xlsx(school=school, file=content)
    assert len(refused.value.result.stale) == 2
    assert state(school) == before
    # Confirmed change by change, as the preview showed them, the import goes ahead.
    division_import_xlsx(school=school, file=content, confirmed_stale=preview.stale_keys)
    assert not Assignment.objects.filter(list_task=team["wifi"], person=team["ann"]).exists()
    assert Assignment.objects.get(list_task=team["network"], person=team["bob"]).hours == 1


def test_a_change_after_the_preview_needs_a_new_confirmation(school, team):
    content = change_after_the_export(school, team)
    preview = division_import_xlsx(school=school, file=content, dry_run=True)
    ann = Assignment.objects.get(list_task=team["wifi"], person=team["ann"])
    ann.monitors = True
    ann.save()
    with pytest.raises(StaleExport):
        division_import_xlsx(school=school, file=content, confirmed_stale=preview.stale_keys)
    assert Assignment.objects.get(list_task=team["wifi"], person=team["ann"]).monitors


def test_the_import_page_warns_about_a_stale_export_before_removing(client, school, team):
    content = change_after_the_export(school, team)
    before = state(school)
    client.force_login(member(school))
    upload = io.BytesIO(content)
    upload.name = "division.xlsx"
    preview = client.post(import_url(school), {"file": upload})
    page = preview.content.decode()
    assert "2 assignments changed since this file was exported on" in page
    assert "importing removes or overwrites them" in page
    assert "TEC-NET-02 · Ann: removed" in page
    token = preview.context["confirm_form"].initial["token"]

    unticked = client.post(import_url(school), {"token": token})
    assert unticked.status_code == 200
    assert "tick that the changed assignments may be overwritten" in unticked.content.decode()
    assert state(school) == before

    token = unticked.context["confirm_form"].initial["token"]
    done = client.post(import_url(school), {"token": token, "accept_stale": "on"})
    assert done.status_code == 302
    assert not Assignment.objects.filter(list_task=team["wifi"], person=team["ann"]).exists()


def test_a_workbook_without_an_export_time_is_imported_without_stale_warnings(school, team):
    sheet = load(division_export_xlsx(school=school))
    sheet.parent.custom_doc_props = type(sheet.parent.custom_doc_props)()
    bob = Assignment.objects.get(list_task=team["network"], person=team["bob"])
    bob.hours = Decimal("3")
    bob.save()
    result = division_import_xlsx(school=school, file=save(sheet), dry_run=True)
    assert result.exported is None and result.stale == []
    assert result.changes == ["TEC-NET-01 · Bob: E 3 → E 1"]
