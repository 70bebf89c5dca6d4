"""``{% dashboard_numbers row %}``: the group dashboard's number cells of one school.

The dashboard shows a hundred schools in the largest groups, each with a dozen cells
that each test a value, format a number and sometimes add a note: through the template
engine (an include per row, a variable lookup and an ``{% if %}`` at a time) that was
a third of the page. Written here with ``format_html``, every value escaped, it is the
same HTML (``tests/overview/test_dashboard.py`` compares it with the template it
replaces) at a fraction of the cost.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.utils.formats import localize as localize_value
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from overview.selectors import ClusterCoverage, SchoolRow

register = template.Library()

DANGER = " text-danger fw-semibold"


def localize(value: object) -> str:
    """As ``{{ value }}`` writes it. Without thousand separators Django writes an integer
    as ``str()`` does, and a dozen integers a row through the formats machinery were half
    of this tag's time; hours (decimals) take the language's decimal separator."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return localize_value(value)


def _note(text: str) -> SafeString:
    return format_html('<div class="small text-body-secondary">{}</div>', text)


def _count_note(count: int, text: str) -> SafeString | str:
    """A note with ``count`` in ``text`` (its ``%(n)s``), or nothing for none."""
    return _note(text % {"n": localize(count)}) if count else ""


def _cluster(coverage: ClusterCoverage) -> tuple[str, SafeString]:
    nobody = bool(coverage.tasks and not coverage.covered)
    if coverage.percent is None:
        value = mark_safe("—")
    elif nobody:
        value = format_html(
            '{}% <span class="visually-hidden">{}</span>',
            localize(coverage.percent),
            _("(nobody executes this cluster)"),
        )
    else:
        value = format_html("{}%", localize(coverage.percent))
    return (DANGER if nobody else "", value)


@register.simple_tag
def dashboard_numbers(row: SchoolRow) -> SafeString:
    coverage = "—" if row.coverage is None else format_html("{}%", localize(row.coverage))
    covered = _("%(covered)s/%(tasks)s") % {
        "covered": localize(row.covered),
        "tasks": localize(row.tasks),
    }
    by_group = _count_note(
        row.at_group_level,
        ngettext("%(n)s at group level", "%(n)s at group level", row.at_group_level),
    )
    people = _count_note(
        row.group_people,
        ngettext("%(n)s of the group", "%(n)s of the group", row.group_people),
    )
    over = format_html(' <span class="small">{}</span>', _("(over)")) if row.over_hours else ""
    return format_html(
        '<td class="text-end">{}{}</td>\n{}'
        '<td class="text-end{}">{}</td>\n'
        '<td class="text-end{}">{}</td>\n'
        '<td class="text-end">{}{}</td>\n'
        '<td class="text-end">{}{}</td>\n'
        '<td class="text-end{}">{}{}</td>\n'
        '<td class="text-end">{}</td>\n'
        '<td class="text-end">{}</td>\n',
        coverage,
        _note(covered),
        format_html_join(
            "", '<td class="text-end{}">{}</td>\n', (_cluster(c) for c in row.cluster_list())
        ),
        DANGER if row.core_uncovered else "",
        localize(row.core_uncovered),
        " text-warning-emphasis fw-semibold" if row.single_points else "",
        localize(row.single_points),
        localize(row.by_group),
        by_group,
        localize(row.people),
        people,
        DANGER if row.over_hours else "",
        localize(row.hours_used),
        over,
        localize(row.hours_available),
        localize(row.hours_free),
    )
