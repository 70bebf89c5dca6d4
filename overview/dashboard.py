"""The group dashboard as a workbook: the same table as the page, header frozen."""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from overview.selectors import SORT_COLUMNS, Dashboard, SchoolRow
from schools.models import EducationLevel
from schools.workbooks import write_cell
from tasks.models import Cluster

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
TOTAL_FONT = Font(bold=True)


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
    """A row of the sheet; ``labels`` holds the words translated once for every row."""
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
        *(_fraction(coverage.percent) for coverage in row.clusters.values()),
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

    Written in openpyxl's write-only mode: each row goes to the sheet's XML as it is
    appended, without a cell object kept per value (2,000 cells for a hundred schools),
    and numbers go in as plain values; only text (through ``write_cell``, never a
    formula) and styled cells are cells of their own.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Schools")[:31])
    headers = dashboard_columns()
    # Widths and the frozen header come before the first row: a write-only sheet writes
    # them at its top.
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(header) + 2))
    sheet.column_dimensions["A"].width = 36
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(dashboard.rows) + 1}"

    header_font = Font(bold=True, color="FFFFFF")
    header_alignment = Alignment(wrap_text=True, vertical="top")
    header_cells = []
    for header in headers:
        cell = write_cell(WriteOnlyCell(sheet), header)
        cell.font, cell.fill, cell.alignment = header_font, HEADER_FILL, header_alignment
        header_cells.append(cell)
    sheet.append(header_cells)
    # The coverage columns: overall, then one per cluster.
    first = headers.index(_("Coverage"))
    percent_columns = range(first, first + 1 + len(Cluster.values))

    def cells(values: list[object], font: Font | None = None) -> list[object]:
        row: list[object] = []
        for column, value in enumerate(values):
            styled = font is not None or column in percent_columns
            if (value is None or value == "") and not styled:
                row.append(None)
                continue
            if isinstance(value, str) or styled:
                cell = write_cell(WriteOnlyCell(sheet), value)
                if font is not None:
                    cell.font = font
                if column in percent_columns:
                    cell.number_format = "0%"
                value = cell
            row.append(value)
        return row

    labels = _labels()
    for row in dashboard.rows:
        sheet.append(cells(_row_values(row, labels)))
    sheet.append(cells(_row_values(dashboard.totals, labels), TOTAL_FONT))
    workbook.properties.title = _("Dashboard of %(group)s") % {"group": dashboard.group.name}
    workbook.properties.creator = "ictteam"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
