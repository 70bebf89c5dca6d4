"""The task workbook import: validation of malformed files, and what an import changes."""

import io
import zipfile

import openpyxl
import pytest

from schools import workbooks
from tasks import importer
from tasks.importer import task_import_xlsx
from tasks.models import Cluster
from tasks.models import Horizon
from tasks.models import LevelReason
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import ReviewState
from tasks.models import Task
from tasks.models import TaskStatus
from tasks.services import task_create_own
from tasks.services import task_list_initialise
from tasks.workbook import catalogue_headers
from tasks.workbook import task_row
from tests.factories import WORKBOOK_HEADERS
from tests.factories import ListTaskFactory
from tests.factories import TaskFactory
from tests.factories import task_workbook
from tests.factories import workbook_row

pytestmark = pytest.mark.django_db


def db_state() -> tuple[list[dict], list[dict]]:
    """Every task and list entry with all their values, to prove an import changed nothing."""
    return (
        list(Task.objects.order_by("pk").values()),
        list(ListTask.objects.order_by("pk").values()),
    )


@pytest.fixture
def catalogue_with_a_list(school):
    """Three catalogue tasks on a school's list, one with choices the school made."""
    tasks = [
        TaskFactory(code=f"TEC-NET-0{i}", cluster=Cluster.TECHNICAL, topic="Network management")
        for i in (1, 2, 3)
    ]
    task_list_initialise(owner=school)
    ListTask.objects.filter(task=tasks[0]).update(
        applies=False, horizon=Horizon.LONG, note="Done by the group"
    )
    return tasks


def only_error(report) -> str:
    assert not report.ok
    assert len(report.errors) == 1, report.errors
    return str(report.errors[0])


def assert_refused_and_untouched(data, expected: str, **kwargs) -> importer.ImportReport:
    before = db_state()
    report = task_import_xlsx(file=data, **kwargs)
    assert not report.ok
    assert any(expected in str(error) for error in report.errors), report.errors
    assert (report.added, report.changed, report.retired) == ([], [], [])
    assert db_state() == before
    return report


# --- Malformed files: a clear error, and nothing changed ---


def test_random_bytes_are_not_a_workbook(catalogue_with_a_list):
    message = only_error(
        assert_refused_and_untouched(bytes(range(256)) * 4, "not an Excel workbook (.xlsx)")
    )
    assert "CSV" in message


def test_csv_renamed_to_xlsx_is_not_a_workbook(catalogue_with_a_list, tmp_path):
    path = tmp_path / "tasks.xlsx"
    path.write_text("Code,Cluster,Topic,Task\nTEC-1,Technical,Network,Something\n")
    assert_refused_and_untouched(path, "not an Excel workbook (.xlsx)")


def test_zip_that_is_not_a_workbook_is_refused(catalogue_with_a_list):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    assert_refused_and_untouched(buffer.getvalue(), "a zip archive, but not an Excel workbook")


def test_broken_workbook_parts_are_refused(catalogue_with_a_list):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types>")
        archive.writestr("xl/workbook.xml", "not xml at all")
    assert_refused_and_untouched(buffer.getvalue(), "This workbook cannot be read")


def test_oversized_file_is_refused_before_it_is_read(catalogue_with_a_list):
    class Upload(io.BytesIO):
        size = 6 * 1024 * 1024

        def read(self, *args):
            raise AssertionError("an oversized upload must not be read")

    report = assert_refused_and_untouched(Upload(), "the largest accepted is", max_bytes=1024)
    assert "6.0" in only_error(report)


def test_oversized_bytes_are_refused(catalogue_with_a_list, settings):
    settings.TASK_IMPORT_MAX_BYTES = 1000
    data = task_workbook([workbook_row()])
    assert len(data) > 1000
    assert_refused_and_untouched(data, "the largest accepted is 1000")


def test_decompression_bomb_is_refused_on_declared_sizes(catalogue_with_a_list):
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(task_workbook([workbook_row()]))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        bomb.writestr("xl/media/padding.bin", bytes(workbooks.MAX_UNPACKED_BYTES))
    assert len(buffer.getvalue()) < 1024 * 1024
    assert_refused_and_untouched(buffer.getvalue(), "unpacks to more than")


def test_empty_file_is_refused(catalogue_with_a_list):
    assert_refused_and_untouched(b"", "The file is empty")


def test_workbook_without_tasks_sheet_or_task_columns_is_refused(catalogue_with_a_list):
    data = task_workbook(
        [{"Notes": "x"}], headers=["Notes"], sheet="Sheet1", extra_sheets=("Budget",)
    )
    message = only_error(assert_refused_and_untouched(data, "has no sheet “Tasks”"))
    assert "“Sheet1”, “Budget”" in message


def test_first_sheet_with_task_columns_is_read_when_tasks_sheet_is_missing(db):
    data = task_workbook([workbook_row()], sheet="Overview")
    report = task_import_xlsx(file=data)
    assert report.ok, report.errors
    assert report.added == ["TEC-NET-01"]
    assert "there is no sheet “Tasks”" in str(report.warnings[0])
    assert "“Overview”" in str(report.warnings[0])


def test_missing_and_unexpected_headers_are_named(catalogue_with_a_list):
    headers = [h for h in WORKBOOK_HEADERS if h != "Topic"]
    headers[headers.index("Level")] = "Lvl"
    message = only_error(assert_refused_and_untouched(task_workbook([], headers=headers), "row 1"))
    assert message.startswith("Sheet “Tasks”, row 1: missing columns: “Topic”, “Level”")
    assert "unexpected columns: “Lvl”" in message


def test_duplicate_header_names_both_columns(catalogue_with_a_list):
    headers = [*WORKBOOK_HEADERS, "cluster"]
    message = only_error(
        assert_refused_and_untouched(task_workbook([workbook_row()], headers=headers), "twice")
    )
    assert "the column “Cluster” appears twice: columns B and M" in message


def test_empty_sheet_is_refused(catalogue_with_a_list):
    message = only_error(
        assert_refused_and_untouched(task_workbook(headers=[]), "The sheet is empty")
    )
    assert message.startswith("Sheet “Tasks”")


def test_headers_without_task_rows_are_refused(catalogue_with_a_list):
    assert_refused_and_untouched(task_workbook([]), "column headers but no task rows")


def test_unknown_cluster_names_sheet_row_and_column(catalogue_with_a_list):
    rows = [workbook_row("TEC-NET-01"), workbook_row("TEC-NET-02", Cluster="Tech")]
    message = only_error(assert_refused_and_untouched(task_workbook(rows), "unknown cluster"))
    assert message == (
        "Sheet “Tasks”, row 3, column “Cluster”: unknown cluster “Tech”; use one of "
        "Technical, Pedagogical-didactical, Policy & vision, Administrative"
    )


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("Competences", "Technical; Cooking", "unknown competences “Cooking”"),
        ("Specialisation", "Plumbing", "unknown specialisation “Plumbing”"),
        ("Can also be taken on by", "Teachers; Aliens", "unknown can also be taken on by “Aliens”"),
        ("Level", "Province", "unknown level “Province”"),
        ("Contexts", "Primary; Nursery", "unknown contexts “Nursery”"),
        ("Core task", "Maybe", "“Maybe” is not Yes or No"),
    ],
)
def test_unknown_vocabulary_values_name_the_column(catalogue_with_a_list, column, value, expected):
    data = task_workbook([workbook_row(**{column: value})])
    message = only_error(assert_refused_and_untouched(data, expected))
    assert message.startswith(f"Sheet “Tasks”, row 2, column “{column}”: ")


@pytest.mark.parametrize("column", ["Code", "Cluster", "Topic", "Task"])
def test_missing_required_value_is_an_error(catalogue_with_a_list, column):
    data = task_workbook([workbook_row(), workbook_row("TEC-NET-02", **{column: "  "})])
    message = only_error(assert_refused_and_untouched(data, "must not be empty"))
    assert message == f"Sheet “Tasks”, row 3, column “{column}”: this column must not be empty"


def test_duplicate_codes_name_both_rows(catalogue_with_a_list):
    rows = [workbook_row("TEC-NET-01"), workbook_row("TEC-NET-02"), workbook_row("TEC-NET-01")]
    message = only_error(assert_refused_and_untouched(task_workbook(rows), "also on row 2"))
    assert message.startswith("Sheet “Tasks”, row 4, column “Code”: the code “TEC-NET-01”")


def test_formula_cells_are_refused(catalogue_with_a_list):
    data = task_workbook([workbook_row(Task='=HYPERLINK("http://example.org","x")')])
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book["Tasks"]["D2"].data_type == "f"
    message = only_error(assert_refused_and_untouched(data, "formulas are not accepted"))
    assert message.startswith("Sheet “Tasks”, row 2, column “Task”: ")


def test_text_that_starts_like_a_formula_is_refused_too(catalogue_with_a_list):
    book = openpyxl.load_workbook(io.BytesIO(task_workbook([workbook_row()])))
    cell = book["Tasks"]["E2"]
    cell.value = "=1+1"
    cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    message = only_error(assert_refused_and_untouched(buffer.getvalue(), "formulas"))
    assert "column “Description”" in message


@pytest.mark.parametrize(
    ("column", "length", "limit"),
    [("Code", 31, 30), ("Topic", 101, 100), ("Task", 301, 300), ("Source", 501, 500)],
)
def test_overly_long_values_are_refused(catalogue_with_a_list, column, length, limit):
    data = task_workbook([workbook_row(**{column: "A" * length})])
    message = only_error(assert_refused_and_untouched(data, "too long"))
    assert message == (
        f"Sheet “Tasks”, row 2, column “{column}”: too long: {length} characters, at most {limit}"
    )


def test_invalid_code_characters_are_refused(catalogue_with_a_list):
    assert_refused_and_untouched(task_workbook([workbook_row("TEC/NET 1")]), "not a valid code")


def test_value_in_a_column_without_header_is_refused(catalogue_with_a_list):
    book = openpyxl.load_workbook(io.BytesIO(task_workbook([workbook_row()])))
    book["Tasks"]["N2"] = "stray"
    buffer = io.BytesIO()
    book.save(buffer)
    message = only_error(assert_refused_and_untouched(buffer.getvalue(), "without a known header"))
    assert message.startswith("Sheet “Tasks”, row 2, column “N”")


def test_all_errors_are_collected_up_to_a_cap(catalogue_with_a_list):
    rows = [workbook_row(f"TEC-X-{i:03d}", Cluster="Tech") for i in range(150)]
    report = assert_refused_and_untouched(task_workbook(rows), "unknown cluster")
    assert len(report.errors) == importer.MAX_IMPORT_ERRORS
    assert report.errors_truncated
    assert report.errors[0].row == 2
    assert report.errors[-1].row == importer.MAX_IMPORT_ERRORS + 1


def test_too_many_rows_are_refused(catalogue_with_a_list, monkeypatch):
    monkeypatch.setattr(importer, "MAX_IMPORT_ROWS", 3)
    rows = [workbook_row(f"TEC-X-{i}") for i in range(4)]
    assert_refused_and_untouched(task_workbook(rows), "More than 3 task rows")


def test_errors_carry_sheet_row_and_column_separately(catalogue_with_a_list):
    report = task_import_xlsx(file=task_workbook([workbook_row(Level="Province")]))
    error = report.errors[0]
    assert (error.sheet, error.row, error.column) == ("Tasks", 2, "Level")


# --- The catalogue import ---


def test_catalogue_import_adds_tasks_with_all_columns(db):
    row = workbook_row(
        "PED-INT-01",
        Cluster="pedagogical",
        Topic="ICT integration in class",
        Core_task="YES",
        Competences="technical; Pedagogical-didactical",
        Specialisation="learning platform",
        Can_also_be_taken_on_by="Digicoach/ICT-savvy teacher; Teachers",
        Level="school group",
        Contexts="Primary; Special needs",
    )
    report = task_import_xlsx(file=task_workbook([row]))
    assert report.ok, report.errors
    assert report.added == ["PED-INT-01"]
    task = Task.objects.get(code="PED-INT-01")
    assert task.cluster == "pedagogical"
    assert task.is_core
    assert task.competences == ["technical", "pedagogical"]
    assert task.specialisation == "learning_platform"
    assert task.also_by == ["digicoach", "teachers"]
    assert task.level == "school_group"
    assert task.contexts == ["primary", "special_needs"]
    assert task.source == "Ch. 1, Figure 1"
    assert (task.school, task.group, task.status, task.revision) == (None, None, "active", 1)


def test_reimport_reports_added_changed_unchanged_retired_and_lists_keep_choices(
    catalogue_with_a_list, school
):
    first, second, third = catalogue_with_a_list
    rows = [
        workbook_row(
            first.code,
            Task=first.title,
            Topic=first.topic,
            Description=first.description,
            Specialisation="",
            Can_also_be_taken_on_by="",
            Source=first.source,
        ),
        workbook_row(
            second.code,
            Task="A better title",
            Topic=second.topic,
            Specialisation="",
            Can_also_be_taken_on_by="",
            Source=second.source,
            Description=second.description,
        ),
        workbook_row("TEC-NET-09", Task="Brand new"),
    ]
    report = task_import_xlsx(file=task_workbook(rows))
    assert report.ok, report.errors
    assert report.counts == {"added": 1, "changed": 1, "unchanged": 1, "retired": 1}
    assert (report.added, report.changed, report.unchanged, report.retired) == (
        ["TEC-NET-09"],
        [second.code],
        [first.code],
        [third.code],
    )
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.title, second.revision) == ("A better title", 2)
    assert third.status == TaskStatus.RETIRED
    entries = {e.task.code: e for e in ListTask.objects.filter(school=school)}
    assert entries[first.code].review == ReviewState.NONE
    assert (entries[first.code].applies, entries[first.code].note) == (False, "Done by the group")
    assert entries[second.code].review == ReviewState.CHANGED
    # The retired task stays on the list: a list entry is never lost.
    assert entries[third.code].review == ReviewState.RETIRED
    assert entries["TEC-NET-09"].review == ReviewState.NEW


def test_retired_task_that_reappears_is_reactivated(catalogue_with_a_list, school, sibling_school):
    third = catalogue_with_a_list[2]
    Task.objects.filter(pk=third.pk).update(status=TaskStatus.RETIRED)
    ListTask.objects.filter(task=third).update(review=ReviewState.RETIRED)
    # A list started while the task was retired does not have it yet.
    task_list_initialise(owner=sibling_school)
    assert not ListTask.objects.filter(school=sibling_school, task=third).exists()
    rows = [
        workbook_row(
            t.code,
            Task=t.title,
            Topic=t.topic,
            Description=t.description,
            Specialisation="",
            Can_also_be_taken_on_by="",
            Source=t.source,
        )
        for t in catalogue_with_a_list
    ]
    report = task_import_xlsx(file=task_workbook(rows))
    assert report.changed == [third.code]
    third.refresh_from_db()
    assert (third.status, third.revision) == (TaskStatus.ACTIVE, 2)
    assert ListTask.objects.get(school=school, task=third).review == ReviewState.CHANGED
    assert ListTask.objects.get(school=sibling_school, task=third).review == ReviewState.NEW


def test_dry_run_reports_the_same_and_writes_nothing(catalogue_with_a_list):
    rows = [workbook_row("TEC-NET-01", Task="Renamed"), workbook_row("TEC-NET-09")]
    before = db_state()
    dry = task_import_xlsx(file=task_workbook(rows), dry_run=True)
    assert dry.ok and dry.dry_run
    assert db_state() == before
    real = task_import_xlsx(file=task_workbook(rows))
    assert (dry.added, dry.changed, dry.unchanged, dry.retired) == (
        real.added,
        real.changed,
        real.unchanged,
        real.retired,
    )
    assert db_state() != before


def test_catalogue_import_ignores_list_columns_with_a_warning(db):
    headers = [*WORKBOOK_HEADERS, "Applies", "Note"]
    report = task_import_xlsx(
        file=task_workbook([workbook_row(Applies="No", Note="ours")], headers=headers)
    )
    assert report.ok
    assert report.added == ["TEC-NET-01"]
    assert "the columns “Applies”, “Note” belong to a school's or group's list" in str(
        report.warnings[0]
    )
    assert not ListTask.objects.exists()


def test_file_path_and_file_object_are_accepted(db, tmp_path):
    path = tmp_path / "tasks.xlsx"
    path.write_bytes(task_workbook([workbook_row()]))
    assert task_import_xlsx(file=path, dry_run=True).added == ["TEC-NET-01"]
    assert task_import_xlsx(file=str(path), dry_run=True).added == ["TEC-NET-01"]
    with path.open("rb") as handle:
        assert task_import_xlsx(file=handle).added == ["TEC-NET-01"]


def test_missing_path_is_a_clear_error(db, tmp_path):
    report = task_import_xlsx(file=tmp_path / "nowhere.xlsx")
    assert "Cannot read" in only_error(report)


def test_empty_rows_between_tasks_are_skipped_and_rows_keep_their_numbers(db):
    rows = [workbook_row("TEC-NET-01"), {}, workbook_row("TEC-NET-02", Cluster="Tech")]
    report = task_import_xlsx(file=task_workbook(rows))
    assert report.errors[0].row == 4


# --- A school's or group's list ---


def list_headers() -> list[str]:
    return [
        *WORKBOOK_HEADERS,
        "Applies",
        "Horizon",
        "Our level",
        "Reason for the level",
        "Raise with the general director",
        "Note",
    ]


def catalogue_row(task: Task, **cells: object) -> dict[str, object]:
    """A list workbook row for a catalogue task, its catalogue columns as the catalogue has them."""
    row = dict(zip(catalogue_headers(), task_row(task), strict=True))
    row.update({name.replace("_", " "): value for name, value in cells.items()})
    return row


def test_list_import_sets_choices_of_catalogue_tasks(catalogue_with_a_list, school):
    first, second, third = catalogue_with_a_list
    rows = [
        catalogue_row(first, Applies="No", Horizon="Long term", Note="Done by the group"),
        catalogue_row(
            second,
            Applies="yes",
            Horizon="dropped",
            Our_level="Outsourced",
            Reason_for_the_level="Specialised expertise",
            Raise_with_the_general_director="Yes",
            Note="Ask the firm",
        ),
    ]
    ListTask.objects.filter(task=second).update(review=ReviewState.CHANGED)
    report = task_import_xlsx(file=task_workbook(rows, headers=list_headers()), owner=school)
    assert report.ok, report.errors
    assert (report.added, report.changed, report.unchanged, report.retired) == (
        [],
        [second.code],
        [first.code],
        [],
    )
    entry = ListTask.objects.get(school=school, task=second)
    assert (entry.horizon, entry.level, entry.level_reason) == (
        Horizon.DROPPED,
        ListLevel.OUTSOURCED,
        LevelReason.SPECIALISED_EXPERTISE,
    )
    assert (entry.raise_with_director, entry.note, entry.review) == (True, "Ask the firm", "")
    # The task the workbook leaves out stays as it was, and the report says so.
    assert ListTask.objects.filter(school=school, task=third).exists()
    assert third.code in str(report.warnings[0])


def test_list_import_refuses_changes_to_catalogue_columns(catalogue_with_a_list, school):
    first = catalogue_with_a_list[0]
    rows = [catalogue_row(first, Task="Our own wording", Applies="No")]
    report = assert_refused_and_untouched(
        task_workbook(rows, headers=list_headers()), "differs from the catalogue", owner=school
    )
    message = only_error(report)
    assert message.startswith("Sheet “Tasks”, row 2, column “Task”: “Our own wording” differs")
    assert "put your own remarks in “Note”" in message


def test_list_import_adds_changes_and_retires_own_tasks(catalogue_with_a_list, school):
    kept = task_create_own(owner=school, title="Lend laptops", cluster="technical", topic="Pool")
    gone = task_create_own(owner=school, title="Old task", cluster="technical", topic="Pool")
    rows = [
        workbook_row(kept.task.code, Task="Lend laptops to pupils", Topic="Pool", Note="Ours"),
        workbook_row("OWN-NEW", Cluster="Administrative", Topic="Inventory", Horizon="Long term"),
    ]
    report = task_import_xlsx(
        file=task_workbook(rows, headers=[*WORKBOOK_HEADERS, "Horizon", "Note"]), owner=school
    )
    assert report.ok, report.errors
    assert (report.added, report.changed, report.retired) == (
        ["OWN-NEW"],
        [kept.task.code],
        [gone.task.code],
    )
    kept.refresh_from_db()
    kept.task.refresh_from_db()
    assert (kept.task.title, kept.task.revision, kept.note) == ("Lend laptops to pupils", 2, "Ours")
    new = ListTask.objects.get(school=school, task__code="OWN-NEW")
    assert (new.task.school, new.task.cluster, new.horizon) == (school, "administrative", "long")
    gone.task.refresh_from_db()
    assert gone.task.status == TaskStatus.RETIRED
    assert ListTask.objects.filter(pk=gone.pk).exists()
    # Own tasks never reach the catalogue.
    assert not Task.objects.catalogue().filter(code="OWN-NEW").exists()


def test_list_import_into_a_group_list(catalogue_with_a_list, group, school):
    task_list_initialise(owner=group)
    first = catalogue_with_a_list[0]
    rows = [catalogue_row(first, Our_level="School group", Applies="Yes")]
    report = task_import_xlsx(file=task_workbook(rows, headers=list_headers()), owner=group)
    assert report.ok, report.errors
    assert ListTask.objects.get(group=group, task=first).level == ListLevel.SCHOOL_GROUP
    # The school's own list is another list.
    assert ListTask.objects.get(school=school, task=first).level == ListLevel.SCHOOL


def test_list_import_adds_catalogue_task_missing_from_the_list(catalogue_with_a_list, school):
    first = catalogue_with_a_list[0]
    ListTask.objects.filter(school=school, task=first).delete()
    report = task_import_xlsx(file=task_workbook([catalogue_row(first)]), owner=school)
    assert report.added == [first.code]
    assert ListTask.objects.filter(school=school, task=first).exists()


def test_list_import_cannot_add_a_retired_catalogue_task(catalogue_with_a_list, school):
    first = catalogue_with_a_list[0]
    ListTask.objects.filter(school=school, task=first).delete()
    Task.objects.filter(pk=first.pk).update(status=TaskStatus.RETIRED)
    first.refresh_from_db()
    assert_refused_and_untouched(
        task_workbook([catalogue_row(first)]), "the catalogue retired this task", owner=school
    )


def test_list_import_errors_on_choice_columns_name_the_column(catalogue_with_a_list, school):
    rows = [catalogue_row(catalogue_with_a_list[0], Horizon="Someday")]
    message = only_error(
        assert_refused_and_untouched(
            task_workbook(rows, headers=list_headers()), "unknown horizon", owner=school
        )
    )
    assert message.startswith("Sheet “Tasks”, row 2, column “Horizon”: unknown horizon “Someday”")


def test_list_import_of_another_school_touches_only_that_list(
    catalogue_with_a_list, school, sibling_school
):
    task_list_initialise(owner=sibling_school)
    first = catalogue_with_a_list[0]
    own_elsewhere = ListTaskFactory(school=school, task=TaskFactory(code="OWN-01", school=school))
    rows = [catalogue_row(first, Note="Sibling's note")]
    report = task_import_xlsx(
        file=task_workbook(rows, headers=list_headers()), owner=sibling_school
    )
    assert report.ok
    assert report.retired == []
    assert ListTask.objects.get(school=sibling_school, task=first).note == "Sibling's note"
    assert ListTask.objects.get(school=school, task=first).note == "Done by the group"
    own_elsewhere.task.refresh_from_db()
    assert own_elsewhere.task.status == TaskStatus.ACTIVE


def test_row_errors_and_catalogue_differences_are_reported_together(catalogue_with_a_list, school):
    first, second, _third = catalogue_with_a_list
    rows = [
        catalogue_row(first, Horizon="Someday"),
        catalogue_row(second, Task="Our own wording"),
    ]
    report = assert_refused_and_untouched(
        task_workbook(rows, headers=list_headers()), "unknown horizon", owner=school
    )
    assert [(e.row, e.column) for e in report.errors] == [(2, "Horizon"), (3, "Task")]
    # No warning about tasks "left out": the workbook was not read whole.
    assert report.warnings == []


def test_errors_are_listed_in_row_order(catalogue_with_a_list, school):
    first, second, third = catalogue_with_a_list
    rows = [
        catalogue_row(first, Task="Changed"),
        catalogue_row(second, Horizon="Someday"),
        catalogue_row(third, Task="Changed too"),
    ]
    report = task_import_xlsx(file=task_workbook(rows, headers=list_headers()), owner=school)
    assert [e.row for e in report.errors] == [2, 3, 4]


def test_a_formula_does_not_hide_other_errors_of_its_row(catalogue_with_a_list):
    data = task_workbook([workbook_row(Task="=1+1", Cluster="Tech")])
    report = assert_refused_and_untouched(data, "formulas are not accepted")
    assert [(e.row, e.column) for e in report.errors] == [(2, "Task"), (2, "Cluster")]
