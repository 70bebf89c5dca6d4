import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from policy.workbook import read_scan


def _book(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "SELFIE"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_areas_are_read_by_letter_english_or_dutch_name():
    data = _book(
        [
            ["SELFIE results 2026"],
            ["Area", "Score"],
            ["A", 3.2],
            ["Infrastructure and equipment", "4,1"],
            ["Beoordelingspraktijken", 2],
        ]
    )
    rows = read_scan(data)
    assert rows.errors == []
    assert rows.scores == {
        "leadership": Decimal("3.2"),
        "infrastructure": Decimal("4.1"),
        "assessment": Decimal("2.0"),
    }


@pytest.mark.parametrize(
    ("row", "where", "what"),
    [
        (["Nonsense", 3], "row 3, column A", "not an area"),
        (["B", 7], "row 3, column B", "from 1 to 5"),
        (["B", "=1+1"], "row 3, column B", "formula"),
    ],
)
def test_a_wrong_row_is_named_by_row_and_column(row, where, what):
    rows = read_scan(_book([["Area", "Score"], ["A", 3], row]))
    assert len(rows.errors) == 1
    assert where in rows.errors[0] and what in rows.errors[0]


def test_a_workbook_without_the_columns_says_so():
    rows = read_scan(_book([["Name", "Value"], ["A", 3]]))
    assert rows.scores == {}
    assert "“Area”" in rows.errors[0]


def test_a_file_that_is_not_a_workbook_is_refused():
    rows = read_scan(b"not a workbook")
    assert rows.scores == {} and rows.errors
