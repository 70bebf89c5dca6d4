"""The group dashboard as a workbook: the same table as the page, header frozen."""

from __future__ import annotations

import io
from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from overview.selectors import SORT_COLUMNS, Dashboard, SchoolRow
from schools.workbooks import write_row
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


def _row_values(row: SchoolRow) -> list[object]:
    plan = row.plan
    return [
        row.name,
        row.school.get_education_level_display() if row.school else "",
        f"{plan.phase}. {plan.phase_title}" if plan else "",
        f"{plan.step}. {plan.step_title}" if plan else "",
        plan.status_label if plan else (_("Not started") if row.school else ""),
        (_("yes") if plan.led_by_group else _("no")) if plan else "",
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


def dashboard_xlsx(*, dashboard: Dashboard) -> bytes:
    """The dashboard's table with a totals row, in the dashboard's order."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Schools")[:31]
    headers = dashboard_columns()
    # School names are user text: written as text, never as formulas.
    for cell in write_row(sheet, 1, headers):
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(dashboard.rows, start=2):
        write_row(sheet, number, _row_values(row))
    for cell in write_row(sheet, len(dashboard.rows) + 2, _row_values(dashboard.totals)):
        cell.font = TOTAL_FONT
    # The coverage columns: overall, then one per cluster.
    first = headers.index(_("Coverage")) + 1
    percent_columns = range(first, first + 1 + len(Cluster.values))
    for column in percent_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = "0%"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(header) + 2))
    sheet.column_dimensions["A"].width = 36
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{sheet.max_row - 1}"
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
