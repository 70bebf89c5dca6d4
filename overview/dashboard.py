"""The group dashboard as a workbook: the same table as the page, header frozen."""

from __future__ import annotations

import datetime
import functools
import io
import math
import zipfile
from dataclasses import dataclass
from math import isfinite
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.packaging.core import DocumentProperties
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.xml.functions import tostring

from overview.selectors import SORT_COLUMNS
from overview.selectors import Dashboard
from overview.selectors import SchoolRow
from schools.models import EducationLevel
from schools.workbooks import cell_text
from tasks.models import Cluster

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
TOTAL_FONT = Font(bold=True)
# The rows' styles: the header's, the totals' (bold), or none but the percentages.
HEADER, TOTALS, PLAIN = "header", "totals", ""


def _fraction(percent: int | None) -> float | None:
    return None if percent is None else percent / 100


def dashboard_columns() -> list[str]:
    return [
        _("School"),
        _("Education level"),
        _("Wizard phase"),
        _("Wizard step"),
        _("Plan status"),
        _("Led by the group"),
        _("Team tasks"),
        _("With an executor"),
        _("Coverage"),
        *(_("Coverage: %(cluster)s") % {"cluster": label} for label in Cluster.labels),
        _("Core tasks without an executor"),
        _("Single points of failure"),
        _("Covered by the group"),
        _("Placed at group level"),
        _("People"),
        _("Hours used"),
        _("Hours available"),
        _("Hours free"),
    ]


def _row_values(row: SchoolRow, labels: dict[str, str]) -> list[object]:
    """A row of the sheet; ``labels`` holds the words translated once for every row. The
    percentages as fractions (``_fraction`` of ``percent``), worked out here for the
    clusters without a property and two calls each."""
    plan, school = row.plan, row.school
    return [
        row.name,
        labels.get(school.education_level, school.education_level) if school else "",
        f"{plan.phase}. {plan.phase_title}" if plan else "",
        f"{plan.step}. {plan.step_title}" if plan else "",
        plan.status_label if plan else (labels["not_started"] if school else ""),
        (labels["yes"] if plan.led_by_group else labels["no"]) if plan else "",
        row.tasks,
        row.covered,
        _fraction(row.coverage),
        *(
            round(100 * coverage.covered / coverage.tasks) / 100 if coverage.tasks else None
            for coverage in row.clusters.values()
        ),
        row.core_uncovered,
        row.single_points,
        row.by_group,
        row.at_group_level,
        row.people,
        float(row.hours_used),
        float(row.hours_available),
        float(row.hours_free),
    ]


def _labels() -> dict[str, str]:
    return {
        **{value: str(label) for value, label in EducationLevel.choices},
        "not_started": _("Not started"),
        "yes": _("yes"),
        "no": _("no"),
    }


def dashboard_xlsx(*, dashboard: Dashboard) -> bytes:
    """The dashboard's table with a totals row, in the dashboard's order.

    The rows are written by ``_SheetRows`` as openpyxl's write-only sheet would write
    them, without a cell object and an XML element tree per value (2,000 values for a
    hundred schools: three quarters of the workbook's time); the package around them
    (styles, workbook, sheet's top and bottom, manifest: ``_package``) is openpyxl's,
    saved once per process for each language, number of rows and set of styles. Only
    text (by ``write_cell``'s rules: never a formula) and numbers are written.
    """
    headers = dashboard_columns()
    # The coverage columns: overall, then one per cluster.
    first = headers.index(_("Coverage"))
    rows = _SheetRows(percent_columns=range(first, first + 1 + len(Cluster.values)))
    rows.append(headers, style=HEADER)
    labels = _labels()
    for row in dashboard.rows:
        rows.append(_row_values(row, labels))
    rows.append(_row_values(dashboard.totals, labels), style=TOTALS)
    package = _package(_("Schools")[:31], tuple(headers), len(dashboard.rows), tuple(rows.order))
    # The properties as ``Workbook`` and ``Workbook.save`` set them: created and
    # modified now, in UTC.
    properties = DocumentProperties()
    properties.title = _("Dashboard of %(group)s") % {"group": dashboard.group.name}
    properties.creator = "ictteam"
    properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
    buffer = io.BytesIO()
    # zlib's fastest level: a fifth of the default's time for the rows' 70 kB of XML, for
    # a download a seventh larger (a hundred schools: 12 -> 14 kB).
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in package.parts:
            if name == CORE_PART:
                data = tostring(properties.to_tree())
            elif name == SHEET_PART:
                data = b"".join((data, rows.sheet_data(package.styles), package.sheet_end))
            archive.writestr(name, data)
    return buffer.getvalue()


# Where the rows go: the end of the sheet's data, empty when openpyxl saves it; and the
# part with the workbook's title and times, written for each workbook.
SHEET_PART = "xl/worksheets/sheet1.xml"
SHEET_DATA_END = b"</sheetData>"
CORE_PART = "docProps/core.xml"
# Packages kept per process: one a language, number of schools and set of styles used.
PACKAGES = 32


@dataclass(frozen=True)
class _Package:
    """A workbook's parts as openpyxl saved it without rows, in its order; the sheet's
    part up to the end of its (empty) data, ``sheet_end`` the rest; each style the rows
    use (in ``_SheetRows.order``) as the attribute that names it."""

    parts: tuple[tuple[str, bytes], ...]
    sheet_end: bytes
    styles: tuple[str, ...]


@functools.lru_cache(maxsize=PACKAGES)
def _package(
    title: str, headers: tuple[str, ...], rows: int, styles: tuple[tuple[str, bool, bool], ...]
) -> _Package:
    """The workbook openpyxl writes (write-only mode) for a sheet named ``title`` with
    these column headers and ``rows`` schools below them, its styles registered in the
    order the rows first use them, as openpyxl registers a cell's style when it writes
    the cell: the style numbers are openpyxl's. Saved once per process for each set of
    arguments: building and saving the workbook was about half the download's CPU."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    # Widths and the frozen header come before the first row: a write-only sheet writes
    # them at its top.
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(header) + 2))
    sheet.column_dimensions["A"].width = 36
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{rows + 1}"
    attributes = []
    for style, percent, quoted in styles:
        cell = WriteOnlyCell(sheet)
        if style == HEADER:
            cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
        elif style == TOTALS:
            cell.font = TOTAL_FONT
        if percent:
            cell.number_format = "0%"
        if quoted:
            cell.quotePrefix = True
        attributes.append(f' s="{cell.style_id}"' if cell.has_style else "")
    # As ``Workbook.save`` saves (``openpyxl.writer.excel.save_workbook``), its parts
    # stored as they are: ``dashboard_xlsx`` compresses them once, with the rows.
    buffer = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED)).save()
    archive = zipfile.ZipFile(buffer)
    parts, sheet_end = [], b""
    for name in archive.namelist():
        data = archive.read(name)
        if name == SHEET_PART:
            data, end, rest = data.partition(SHEET_DATA_END)
            sheet_end = end + rest
        parts.append((name, data))
    return _Package(parts=tuple(parts), sheet_end=sheet_end, styles=tuple(attributes))


class _SheetRows:
    """The sheet's rows, the header's too, as openpyxl's write-only sheet writes them
    (``openpyxl.cell._writer.etree_write_cell``), byte for byte: text inline, a number
    as ``%.16g``, an empty cell left out unless styled. A style (the header's, the
    percentages, the bold totals, text with a quote prefix) is numbered in ``order``
    when first used, as openpyxl registers it in the workbook when it writes the cell;
    ``sheet_data`` writes the rows with the numbers the workbook gave those styles
    (``_package``). ``tests/overview/test_dashboard.py`` compares the workbooks.
    """

    def __init__(self, *, percent_columns: range) -> None:
        self.percent_columns = percent_columns
        self.number = 0
        self.parts: list[str] = []
        # A style's mark in ``parts`` until its number is known: a NUL byte, which no
        # text in the sheet holds (``cell_text`` drops it).
        self.marks: dict[tuple[str, bool, bool], str] = {}
        self.order: list[tuple[str, bool, bool]] = []
        self.letters: list[str] = []
        self.percents: list[bool] = []
        self._attributes: dict[tuple[str, int], list[str | None]] = {}
        # Each text's inline value as written (``_inline``), and whether it is quoted.
        self.texts: dict[str, tuple[str, bool]] = {}

    def _style(self, style: str, percent: bool, quoted: bool) -> str:
        key = (style, percent, quoted)
        mark = self.marks.get(key)
        if mark is None:
            mark = self.marks[key] = f"\x00{len(self.order)}\x00"
            self.order.append(key)
        return mark

    def sheet_data(self, styles: tuple[str, ...]) -> bytes:
        """The rows' XML, each style's mark replaced by its attribute in ``styles``."""
        text = "".join(self.parts)
        for key, mark in self.marks.items():
            text = text.replace(mark, styles[self.order.index(key)])
        return text.encode()

    def append(self, values: list[object], *, style: str = PLAIN) -> None:
        """A row below the last; ``style`` for every cell of it, the empty ones too."""
        self.number += 1
        number, parts, letters = self.number, self.parts, self.letters
        while len(letters) < len(values):
            letters.append(get_column_letter(len(letters) + 1))
        percents = [False] * len(values) if style == HEADER else self._percents(len(values))
        # Each column's attribute for a cell of this style that is not quoted text, looked
        # up when a cell first needs it (``_style`` numbers a style when first used).
        attributes = self._attributes.get((style, len(values)))
        if attributes is None:
            attributes = self._attributes[style, len(values)] = [None] * len(values)
        parts.append(f'<row r="{number}">')
        texts = self.texts
        for column, value in enumerate(values):
            kind = type(value)
            quoted = inline = False
            if kind is float:
                # As ``_number`` writes it; a float that is not finite as an empty value.
                text = f"{value:.16g}" if isfinite(value) else ""
            elif kind is int and -EXACT_INTEGERS < value < EXACT_INTEGERS:
                # Written by ``%.16g`` as ``str`` writes it.
                text = value
            elif value is None or value == "":
                text = None
            elif isinstance(value, str):
                # write_cell's rules: characters XML cannot hold dropped, text that a
                # spreadsheet would take for a formula quoted; openpyxl's length limit;
                # escaped once for each text (a level, phase, step or status repeats on
                # most rows).
                written = texts.get(value)
                if written is None:
                    text, quoted = cell_text(value)
                    written = texts[value] = (_inline(text[:32767]), quoted)
                text, quoted = written
                inline = True
            else:
                text = _number(value)
            percent = percents[column]
            if quoted:
                attribute = self._style(style, percent, True)
            elif style or percent:
                attribute = attributes[column]
                if attribute is None:
                    attribute = attributes[column] = self._style(style, percent, False)
            elif text is None:
                # An empty cell without a style is not written.
                continue
            else:
                attribute = ""
            if text is None:
                parts.append(f'<c r="{letters[column]}{number}"{attribute} t="n" />')
            elif inline:
                parts.append(f'<c r="{letters[column]}{number}"{attribute} t="inlineStr">{text}')
            else:
                parts.append(f'<c r="{letters[column]}{number}"{attribute} t="n"><v>{text}</v></c>')
        parts.append("</row>")

    def _percents(self, columns: int) -> list[bool]:
        """For each of a row's columns, whether it holds a percentage."""
        if len(self.percents) != columns:
            self.percents = [column in self.percent_columns for column in range(columns)]
        return self.percents


# Integers below this many digits ``%.16g`` writes in full, as ``str`` does.
EXACT_INTEGERS = 10**15


def _inline(text: str) -> str:
    """A cell's inline text after its type, as openpyxl writes it: escaped, its spaces
    kept where it starts or ends with one."""
    space = ' xml:space="preserve"' if text.strip() and text != text.strip() else ""
    return f"<is><t{space}>{_xml_text(text)}</t></is></c>"


def _xml_text(text: str) -> str:
    """Text escaped as ElementTree escapes an element's text."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _number(value: object) -> str:
    """A number as openpyxl writes it (``openpyxl.compat.safe_string``)."""
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return ""
    return f"{value:.16g}"


@dataclass(frozen=True)
class SortLink:
    """A column header's link: the query string that sorts by it, and its aria-sort."""

    label: str
    query: str
    aria_sort: str


def sort_links(*, dashboard: Dashboard) -> dict[str, SortLink]:
    """For every sortable column, the link its header points at.

    A click on the sorted column reverses it; a click on another sorts it ascending, or
    worst first for the columns where more is worse (core tasks without an executor,
    single points of failure).
    """
    links = {}
    for key, column in SORT_COLUMNS.items():
        if key == dashboard.sort:
            descending = not dashboard.descending
            aria = "descending" if dashboard.descending else "ascending"
        else:
            descending = column.worst_first
            aria = "none"
        query = urlencode({"sort": key, "order": "desc" if descending else "asc"})
        links[key] = SortLink(label=str(column.label), query=f"?{query}", aria_sort=aria)
    return links
