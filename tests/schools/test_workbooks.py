"""The shared workbook reader and writer: crafted workbooks refused fast, text never a formula."""

import io
import re
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from overview.dashboard import dashboard_xlsx
from overview.selectors import group_dashboard
from schools.workbooks import FORMULA_STARTS
from schools.workbooks import WorkbookReader
from schools.workbooks import WorkbookRefused
from schools.workbooks import is_formula
from schools.workbooks import write_cell
from tasks.importer import MAX_SCANNED_ROWS
from tasks.importer import task_import_xlsx
from tasks.models import ListTask
from tasks.models import Task
from teams.models import Assignment
from teams.workbook import division_export_xlsx
from teams.workbook import division_import_xlsx
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import task_workbook
from tests.factories import workbook_row

SHEET = "xl/worksheets/sheet1.xml"
HYPERLINK = '=HYPERLINK("http://x","y")'


def rewrite(data: bytes, member: str, change) -> bytes:
    """The workbook with one part changed, compressed as hard as zip can."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for item in source.infolist():
            content = source.read(item)
            if item.filename == member:
                content = change(content)
            target.writestr(item.filename, content)
    return buffer.getvalue()


def declared(dimension: str):
    return lambda xml: re.sub(
        rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), xml
    )


def empty_rows(count: int, *, numbered: bool):
    """Hundreds of thousands of empty rows after the data, and a dimension that hides them."""

    def change(xml: bytes) -> bytes:
        start = xml.index(b"</sheetData>")
        last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', xml))
        rows = (
            b"".join(b'<row r="%d"/>' % n for n in range(last + 1, last + 1 + count))
            if numbered
            else b"<row/>" * count
        )
        return xml[:start] + rows + xml[start:]

    return change


def one_far_cell(xml: bytes) -> bytes:
    """One value in the sheet's very last cell, without a dimension to warn of it."""
    xml = re.sub(rb'<dimension ref="[^"]*" ?/>', b"", xml)
    start = xml.index(b"</sheetData>")
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    return xml[:start] + far + xml[start:]


def wide_row(xml: bytes) -> bytes:
    """A row of 200,000 cells, each with a value, in a sheet that declares one column."""
    start = xml.index(b"</sheetData>")
    cells = b'<c t="inlineStr"><is><t>x</t></is></c>' * 200_000
    return xml[:start] + b'<row r="3">' + cells + b"</row>" + xml[start:]


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>"
)


def entity_bomb(xml: bytes) -> bytes:
    """The billion laughs: nine levels of entities, ten times each."""
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    return LAUGHS + body.replace(b"</sheetData>", b"</sheetData>", 1)


def entity_after_a_long_comment(xml: bytes) -> bytes:
    """The same, with the DTD pushed past the start of the part by a long comment."""
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    return b'<?xml version="1.0"?><!--' + b" " * 100_000 + b"-->" + LAUGHS[21:] + body


def in_sheet(change):
    return lambda data: rewrite(data, SHEET, change)


def shared_texts(count: int):
    """A table of a million shared texts that no cell uses: openpyxl would read them all."""

    def change(data: bytes) -> bytes:
        texts = b"<si><t>x</t></si>" * count
        table = b'<sst xmlns="%s">%s</sst>' % (NS, texts)
        data = rewrite(
            data,
            "[Content_Types].xml",
            lambda xml: xml.replace(
                b"</Types>",
                b'<Override PartName="/xl/strings.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
            ),
        )
        data = rewrite(
            data,
            "xl/_rels/workbook.xml.rels",
            lambda xml: xml.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdTexts" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/>'
                b"</Relationships>",
            ),
        )
        buffer = io.BytesIO(data)
        with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
            archive.writestr("xl/strings.xml", table)
        return buffer.getvalue()

    return change


NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"

ENTITIES = "XML declarations (a DTD or entities)"

CRAFTED = {
    "dimension": (in_sheet(declared("A1:XFD1048576")), "The sheet declares A1:XFD1048576"),
    "rows": (in_sheet(empty_rows(500_000, numbered=False)), "The sheet goes on past row"),
    # Numbered rows are read one by one up to the scan cap: one more than the task workbook's.
    "numbered rows": (
        in_sheet(empty_rows(MAX_SCANNED_ROWS + 1, numbered=True)),
        "The sheet goes on past row",
    ),
    "far cell": (in_sheet(one_far_cell), "The sheet goes on past row"),
    "wide row": (in_sheet(wide_row), "The row goes on past column"),
    "shared texts": (shared_texts(1_000_000), "more than"),
    "entities": (in_sheet(entity_bomb), "XML declarations (a DTD or entities)"),
    "entities late": (
        in_sheet(entity_after_a_long_comment),
        "XML declarations (a DTD or entities)",
    ),
}


@pytest.fixture
def division(db):
    school = SchoolFactory()
    person = PersonFactory(school=school, name="Ann")
    entry = ListTaskFactory(school=school, task__code="TEC-NET-01")
    AssignmentFactory(person=person, list_task=entry, executes=True, lead=True, hours=1)
    return school


def task_import_error(data: bytes, _school) -> str:
    report = task_import_xlsx(file=data)
    assert not report.ok
    return str(report.errors[0])


def division_import_error(data: bytes, school) -> str:
    with pytest.raises(ValidationError) as refused:
        division_import_xlsx(school=school, file=data)
    return refused.value.messages[0]


IMPORTS = {
    "task workbook": (lambda school: task_workbook([workbook_row()]), task_import_error),
    "division of tasks": (
        lambda school: division_export_xlsx(school=school),
        division_import_error,
    ),
}


@pytest.mark.parametrize("bomb", CRAFTED)
@pytest.mark.parametrize("kind", IMPORTS)
def test_crafted_workbooks_are_refused_fast_and_small(division, kind, bomb):
    make, import_error = IMPORTS[kind]
    change, expected = CRAFTED[bomb]
    data = change(make(division))
    assert len(data) < 100 * 1024
    tasks, assignments = Task.objects.count(), Assignment.objects.count()
    tracemalloc.start()
    started = time.process_time()
    try:
        message = import_error(data, division)
        seconds = time.process_time() - started
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert expected in message
    assert seconds < 1.0, f"{kind}, {bomb}: {seconds:.2f} s"
    assert peak < 16 * 1024 * 1024, f"{kind}, {bomb}: {peak / 1e6:.1f} MB"
    assert (Task.objects.count(), Assignment.objects.count()) == (tasks, assignments)
    assert ListTask.objects.count() == 1


def test_an_entity_in_the_shared_strings_is_refused_too(db):
    book = openpyxl.Workbook()
    book.active["A1"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    data = rewrite(buffer.getvalue(), "[Content_Types].xml", entity_bomb)
    with pytest.raises(WorkbookRefused, match="a DTD or entities"):
        WorkbookReader(data, max_rows=10, max_columns=10)


def test_the_dimension_is_refused_with_the_sheet_named(db):
    data = rewrite(task_workbook([workbook_row()]), SHEET, declared("A1:B20000"))
    with (
        WorkbookReader(data, max_rows=100, max_columns=30) as reader,
        pytest.raises(WorkbookRefused) as refused,
    ):
        reader.check_size("Tasks")
    assert str(refused.value).startswith("Sheet “Tasks”: The sheet declares A1:B20000: 20000 rows")


def test_rows_are_read_without_padding_and_formulas_marked(db):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "head"
    sheet["C3"] = "=1+1"
    sheet["B3"] = 4
    buffer = io.BytesIO()
    book.save(buffer)
    data = rewrite(buffer.getvalue(), SHEET, declared("A1:C3"))
    with WorkbookReader(data, max_rows=10, max_columns=10) as reader:
        rows = list(reader.rows(reader.sheetnames[0]))
    assert [number for number, _cells in rows] == [1, 3]
    assert [cell.value for cell in rows[0][1]] == ["head"]
    third = rows[1][1]
    assert [cell.value for cell in third] == [None, 4, "=1+1"]
    assert [cell.formula for cell in third] == [False, False, True]
    assert is_formula(third[2]) and not is_formula(third[1])


# --- writing ------------------------------------------------------------------------------


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_text_that_a_spreadsheet_would_run_is_written_as_quoted_text(start):
    book = openpyxl.Workbook()
    text = f"{start}HYPERLINK(1)"
    write_cell(book.active["A1"], text)
    write_cell(book.active["A2"], "plain")
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    # XML reads a carriage return back as a line feed; the cell is text either way.
    assert sheet["A1"].value == text.replace("\r", "\n")
    assert sheet["A1"].data_type == "s"
    assert sheet["A1"].quotePrefix
    assert not sheet["A2"].quotePrefix


def test_characters_xml_cannot_hold_are_dropped_not_fatal():
    book = openpyxl.Workbook()
    write_cell(book.active["A1"], "bell\x07 and tab\tkept")
    assert book.active["A1"].value == "bell and tab\tkept"


def assert_text(cell, text: str) -> None:
    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_division_export_writes_a_formula_like_name_and_title_as_text(division):
    PersonFactory(school=division, name=HYPERLINK)
    Task.objects.filter(code="TEC-NET-01").update(title_en=HYPERLINK)
    sheet = openpyxl.load_workbook(io.BytesIO(division_export_xlsx(school=division))).active
    header = {cell.value: cell for cell in sheet[1]}
    person = next(cell for value, cell in header.items() if value.startswith("=HYPERLINK"))
    assert person.data_type == "s" and person.quotePrefix
    title = next(row[3] for row in sheet.iter_rows(min_row=2) if row[0].value == "TEC-NET-01")
    assert_text(title, HYPERLINK)


def test_dashboard_writes_a_formula_like_school_name_as_text(db):
    school = SchoolFactory(name=HYPERLINK)
    sheet = openpyxl.load_workbook(
        io.BytesIO(dashboard_xlsx(dashboard=group_dashboard(group=school.group)))
    ).active
    assert_text(sheet["A2"], HYPERLINK)
