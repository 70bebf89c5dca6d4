"""The workbook reader's own reading of text and empty cells reads what openpyxl reads,
whether the texts are inline (as openpyxl writes them) or shared (as Excel does)."""

import io
import re
import zipfile
from datetime import datetime

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from schools.workbooks import WorkbookReader
from schools.workbooks import is_formula
from tasks.importer import task_import_xlsx
from tests.factories import task_workbook
from tests.factories import workbook_row

pytestmark = pytest.mark.django_db

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SHARED_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SHARED_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def with_shared_strings(data: bytes) -> bytes:
    """The workbook with its inline texts moved to a table of shared texts, as Excel
    writes them."""
    texts: list[str] = []

    def shared(match: re.Match) -> str:
        texts.append(match.group(2))
        return f'<c{match.group(1)} t="s"><v>{len(texts) - 1}</v></c>'

    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                content = re.sub(
                    r'<c([^>]*?) t="inlineStr"><is><t>([^<]*)</t></is></c>',
                    shared,
                    content.decode(),
                ).encode()
            elif info.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SHARED_TYPE}"/>'
                    f"</Types>".encode(),
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdShared" Type="{_SHARED_REL}" '
                    f'Target="sharedStrings.xml"/></Relationships>'.encode(),
                )
            target.writestr(info, content)
        table = "".join(f"<si><t>{text}</t></si>" for text in texts)
        target.writestr(
            "xl/sharedStrings.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}">{table}</sst>',
        )
    assert texts, "the workbook had no inline texts to share"
    return buffer.getvalue()


def mixed_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tasks"
    sheet.append(["text", 3, 2.5, True, datetime(2026, 9, 1, 8, 30), "=1+1", None, "  spaced "])
    sheet.append([None, None, "only C"])
    sheet["B2"].fill = PatternFill("solid", fgColor="DDDDDD")  # an empty, formatted cell
    sheet["D2"].fill = PatternFill("solid", fgColor="DDDDDD")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read(data: bytes) -> list[tuple[int, list[tuple[object, bool]]]]:
    with WorkbookReader(data, max_rows=10, max_columns=10) as reader:
        return [
            (number, [(cell.value, is_formula(cell)) for cell in cells])
            for number, cells in reader.rows("Tasks")
        ]


def openpyxl_rows(data: bytes) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    rows = [[cell.value for cell in row] for row in book["Tasks"].iter_rows()]
    book.close()
    return rows


@pytest.mark.parametrize("shared", [False, True], ids=["inline texts", "shared texts"])
def test_every_kind_of_cell_reads_as_openpyxl_reads_it(shared):
    data = with_shared_strings(mixed_workbook()) if shared else mixed_workbook()

    rows = read(data)

    expected = openpyxl_rows(data)
    assert [number for number, _cells in rows] == [1, 2]
    for (_number, cells), values in zip(rows, expected, strict=True):
        # The reader stops at a row's last value; openpyxl pads to the sheet's width.
        assert [value for value, _formula in cells] == values[: len(cells)]
        assert all(value is None for value in values[len(cells) :])
    assert rows[0][1][5] == ("=1+1", True)
    assert rows[0][1][7] == ("  spaced ", False)
    assert rows[1][1] == [(None, False), (None, False), ("only C", False)]


def test_a_catalogue_with_shared_texts_imports_as_the_same_with_inline_texts():
    rows = [workbook_row(f"NEW-{number}") for number in range(3)]
    inline = task_workbook(rows)

    first = task_import_xlsx(file=inline, dry_run=True)
    second = task_import_xlsx(file=with_shared_strings(inline), dry_run=True)

    assert first.ok and second.ok, (first.errors, second.errors)
    assert first.added == second.added == ["NEW-0", "NEW-1", "NEW-2"]
