"""The import_tasks and export_tasks management commands."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError
from django.core.management import call_command

from tasks.models import ListTask
from tasks.models import Task
from tasks.services import task_list_initialise
from tests.factories import task_workbook
from tests.factories import workbook_row

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ict-task-overview.xlsx"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_import_command_prints_counts_and_codes(tmp_path):
    path = tmp_path / "tasks.xlsx"
    path.write_bytes(task_workbook([workbook_row("TEC-NET-01"), workbook_row("TEC-NET-02")]))
    output = run("import_tasks", str(path))
    assert "Imported the catalogue: 2 added, 0 changed, 0 unchanged, 0 retired." in output
    assert "added: TEC-NET-01, TEC-NET-02" in output
    assert Task.objects.count() == 2
    assert "0 added, 0 changed, 2 unchanged, 0 retired" in run("import_tasks", str(path))


def test_import_command_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "tasks.xlsx"
    path.write_bytes(task_workbook([workbook_row()]))
    output = run("import_tasks", str(path), "--dry-run")
    assert "Would import the catalogue: 1 added" in output
    assert "nothing was written" in output
    assert not Task.objects.exists()


def test_import_command_fails_with_every_error_and_writes_nothing(tmp_path):
    path = tmp_path / "tasks.xlsx"
    rows = [workbook_row("TEC-NET-01"), workbook_row("TEC-NET-02", Cluster="Tech", Level="X")]
    path.write_bytes(task_workbook(rows))
    with pytest.raises(CommandError) as failure:
        run("import_tasks", str(path))
    message = str(failure.value)
    assert "not imported, nothing was changed" in message
    assert "Sheet “Tasks”, row 3, column “Cluster”: unknown cluster “Tech”" in message
    assert "Sheet “Tasks”, row 3, column “Level”: unknown level “X”" in message
    assert not Task.objects.exists()


def test_import_command_into_a_school_list(tmp_path, school):
    call_command("import_tasks", str(FIXTURE), stdout=io.StringIO())
    task_list_initialise(owner=school)
    path = tmp_path / "list.xlsx"
    call_command("export_tasks", str(path), "--school", school.slug, stdout=io.StringIO())
    book = openpyxl.load_workbook(path)
    sheet = book["Tasks"]
    note_column = [c.value for c in sheet[1]].index("Note") + 1
    sheet.cell(row=2, column=note_column, value="Checked by the team")
    book.save(path)
    output = run("import_tasks", str(path), "--school", school.slug)
    assert "Imported Sint-Jan Secundair: 0 added, 1 changed" in output
    code = sheet.cell(row=2, column=1).value
    assert ListTask.objects.get(school=school, task__code=code).note == "Checked by the team"


def test_import_command_unknown_school_or_both_owners(tmp_path, group):
    with pytest.raises(CommandError, match="No school with the slug 'nope'"):
        run("import_tasks", str(FIXTURE), "--school", "nope")
    with pytest.raises(CommandError):
        run("import_tasks", str(FIXTURE), "--school", "a", "--group", group.slug)
    assert not Task.objects.exists()


def test_export_command_writes_the_catalogue_and_a_group_list(tmp_path, group):
    call_command("import_tasks", str(FIXTURE), stdout=io.StringIO())
    task_list_initialise(owner=group)
    catalogue = tmp_path / "catalogue.xlsx"
    assert "Exported the catalogue" in run("export_tasks", str(catalogue))
    group_list = tmp_path / "group.xlsx"
    assert "Exported Scholengroep Noord" in run("export_tasks", str(group_list), "--group", "noord")
    rows = list(openpyxl.load_workbook(group_list)["Tasks"].iter_rows(values_only=True))
    assert rows[0][-1] == "Note"
    assert len(rows) == Task.objects.count() + 1


def test_export_command_reports_an_unwritable_path(tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        run("export_tasks", str(tmp_path / "missing" / "dir" / "x.xlsx"))
