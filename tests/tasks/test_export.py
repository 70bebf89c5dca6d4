"""The task workbook export: format, styles, and round trips through the import."""

import io
from pathlib import Path

import openpyxl
import pytest

from tasks.importer import task_import_xlsx
from tasks.models import Cluster
from tasks.models import Horizon
from tasks.models import LevelReason
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import ReviewState
from tasks.models import Task
from tasks.services import task_create_own
from tasks.services import task_list_initialise
from tasks.workbook import LIST_COLUMNS
from tasks.workbook import catalogue_headers
from tasks.workbook import header
from tasks.workbook import task_export_xlsx
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ict-task-overview.xlsx"


def sheet_values(data: bytes | Path, sheet: str = "Tasks") -> list[tuple]:
    source = data if isinstance(data, Path) else io.BytesIO(data)
    book = openpyxl.load_workbook(source, read_only=True)
    try:
        return list(book[sheet].iter_rows(values_only=True))
    finally:
        book.close()


@pytest.fixture
def fixture_catalogue(db):
    report = task_import_xlsx(file=FIXTURE)
    assert report.ok, report.errors
    return report


def test_fixture_imports_then_exports_to_the_same_cell_values(fixture_catalogue):
    exported = task_export_xlsx()
    original = sheet_values(FIXTURE)
    again = sheet_values(exported)
    assert again[0] == original[0] == tuple(catalogue_headers(translations=True))
    assert sorted(again[1:], key=repr) == sorted(original[1:], key=repr)
    assert sheet_values(exported, "About") == sheet_values(FIXTURE, "About")


def test_catalogue_round_trip_changes_nothing(fixture_catalogue):
    before = list(Task.objects.order_by("pk").values())
    report = task_import_xlsx(file=task_export_xlsx())
    assert report.ok, report.errors
    assert report.counts == {
        "added": 0,
        "changed": 0,
        "unchanged": len(fixture_catalogue.added),
        "retired": 0,
    }
    assert list(Task.objects.order_by("pk").values()) == before


def test_school_list_round_trip_keeps_every_choice(fixture_catalogue, school):
    task_list_initialise(owner=school)
    entries = list(ListTask.objects.filter(school=school).order_by("pk")[:3])
    ListTask.objects.filter(pk=entries[0].pk).update(
        applies=False, horizon=Horizon.DROPPED, note="Not for us\nsecond line"
    )
    ListTask.objects.filter(pk=entries[1].pk).update(
        level=ListLevel.OUTSOURCED,
        level_reason=LevelReason.ECONOMIES_OF_SCALE,
        raise_with_director=True,
        review=ReviewState.CHANGED,
    )
    task_create_own(
        owner=school,
        title="Lend laptops",
        cluster=Cluster.ADMINISTRATIVE,
        topic="Laptop pool",
        competences=["administrative"],
        horizon=Horizon.LONG,
        note="Ours",
    )
    tasks_before = list(Task.objects.order_by("pk").values())
    entries_before = list(ListTask.objects.order_by("pk").values())
    exported = task_export_xlsx(owner=school)
    report = task_import_xlsx(file=exported, owner=school)
    assert report.ok, report.errors
    assert report.counts == {
        "added": 0,
        "changed": 0,
        "unchanged": ListTask.objects.filter(school=school).count(),
        "retired": 0,
    }
    assert not report.warnings
    assert list(Task.objects.order_by("pk").values()) == tasks_before
    assert list(ListTask.objects.order_by("pk").values()) == entries_before


def test_group_list_round_trip(fixture_catalogue, group):
    task_list_initialise(owner=group)
    report = task_import_xlsx(file=task_export_xlsx(owner=group), owner=group)
    assert report.ok, report.errors
    assert report.counts["unchanged"] == len(fixture_catalogue.added)
    assert report.counts["changed"] == 0


def test_list_export_has_list_columns_filled(db, school):
    task = TaskFactory(code="TEC-NET-01", is_core=True)
    task_list_initialise(owner=school)
    ListTask.objects.filter(task=task).update(
        horizon=Horizon.LONG, level_reason=LevelReason.QUICK_LOCAL_NEEDS, note="Ours"
    )
    rows = sheet_values(task_export_xlsx(owner=school))
    assert rows[0] == (*catalogue_headers(), *(header(c) for c in LIST_COLUMNS))
    assert rows[1][0] == "TEC-NET-01"
    assert rows[1][13:] == (
        "Yes",
        "Long term",
        "School",
        "Quick response to local needs",
        "No",
        "Ours",
    )


def test_exports_leave_out_retired_tasks_and_other_owners(db, school, sibling_school):
    TaskFactory(code="TEC-NET-01")
    TaskFactory(code="TEC-OLD-01", status="retired")
    task_list_initialise(owner=school)
    task_create_own(owner=sibling_school, title="Theirs", cluster="technical", topic="X")
    codes = [row[0] for row in sheet_values(task_export_xlsx(owner=school))[1:]]
    assert codes == ["TEC-NET-01"]
    assert [row[0] for row in sheet_values(task_export_xlsx())[1:]] == ["TEC-NET-01"]


def test_export_styles_match_the_workbook_format(db):
    TaskFactory(code="TEC-NET-01", is_core=True)
    TaskFactory(code="TEC-NET-02", is_core=False)
    book = openpyxl.load_workbook(io.BytesIO(task_export_xlsx()))
    assert book.sheetnames == ["Tasks", "About"]
    sheet = book["Tasks"]
    header = sheet["A1"]
    assert header.font.b
    assert header.font.color.rgb.endswith("FFFFFF")
    assert header.fill.fgColor.rgb.endswith("1F3864")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:Q3"
    assert sheet["A2"].fill.fgColor.rgb.endswith("E4D7F5")
    assert sheet["Q2"].fill.fgColor.rgb.endswith("E4D7F5")
    assert sheet["A3"].fill.fill_type is None
    assert sheet["E2"].alignment.wrap_text
    assert sheet.column_dimensions["D"].width == 50
    assert sheet.column_dimensions["E"].width == 80


def test_export_writes_formula_like_text_as_text(db, school):
    task_list_initialise(owner=school)
    task_create_own(
        owner=school,
        title='=HYPERLINK("http://example.org","click")',
        cluster="technical",
        topic="X",
    )
    book = openpyxl.load_workbook(io.BytesIO(task_export_xlsx(owner=school)))
    cell = book["Tasks"]["D2"]
    assert cell.value == '=HYPERLINK("http://example.org","click")'
    assert cell.data_type == "s"
    # Excel's quote prefix: editing the cell keeps it text.
    assert cell.quotePrefix


def test_catalogue_export_writes_a_formula_like_title_as_text(db):
    TaskFactory(code="TEC-NET-01", title='=HYPERLINK("http://x","y")', description="-1+2")
    sheet = openpyxl.load_workbook(io.BytesIO(task_export_xlsx()))["Tasks"]
    for cell, text in ((sheet["D2"], '=HYPERLINK("http://x","y")'), (sheet["E2"], "-1+2")):
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


@pytest.mark.parametrize("size", [3, 30])
def test_export_runs_a_constant_number_of_queries(db, school, size, django_assert_num_queries):
    for i in range(size):
        TaskFactory(code=f"TEC-NET-{i:03d}", is_core=i % 2 == 0)
    task_list_initialise(owner=school)
    task_create_own(owner=school, title="Ours", cluster="technical", topic="X")
    with django_assert_num_queries(1):
        catalogue = task_export_xlsx()
    with django_assert_num_queries(1):
        school_list = task_export_xlsx(owner=school)
    assert len(sheet_values(catalogue)) == size + 1
    assert len(sheet_values(school_list)) == size + 2
