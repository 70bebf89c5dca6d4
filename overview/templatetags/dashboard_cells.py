"""``{% dashboard_rows rows %}``, ``{% dashboard_numbers row %}`` and
``{% dashboard_heads sort_links %}``: the group dashboard's table, written in Python.

The dashboard shows a hundred schools in the largest groups, each a row of three links,
its plan and a dozen number cells that each test a value, format a number and sometimes
add a note: through the template engine (a ``{% row_url %}``, a ``{% blocktranslate %}``
and a variable lookup at a time) that was most of the page's rendering. Here the words
are translated and escaped once a page, the links reversed once, each school's text
escaped once and the numbers written as Django writes them: the same HTML
(``tests/overview/test_dashboard.py`` compares both tags with the template they replace).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from html import escape

from django import template
from django.conf import settings
from django.utils.formats import get_format
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.utils.translation import ngettext_lazy

from overview.selectors import SchoolRow
from schools.reversing import rendering_urls
from tasks.templatetags.row_urls import row_url_for

register = template.Library()

DANGER = " text-danger fw-semibold"
WARNING = " text-warning-emphasis fw-semibold"


# makemessages reads ``ngettext`` calls, not ``_Words.plural``'s: the notes' plurals are
# marked here for the catalogue, and translated per count by ``plural``.
_MARKED_PLURALS = (
    ngettext_lazy("%(n)s at group level", "%(n)s at group level", 1),
    ngettext_lazy("%(n)s of the group", "%(n)s of the group", 1),
)


class _Words:
    """What a page writes in every row, translated and escaped once."""

    def __init__(self) -> None:
        self.covered = _("%(covered)s/%(tasks)s")
        self.covered_escaped = conditional_escape(self.covered)
        nobody = conditional_escape(_("(nobody executes this cluster)"))
        self.nobody_cell = (
            f'<td class="text-end{DANGER}">0% <span class="visually-hidden">{nobody}</span></td>\n'
        )
        over = conditional_escape(_("(over)"))
        self.over_note = f' <span class="small">{over}</span>'
        self.separator = get_format("DECIMAL_SEPARATOR")
        # Read once a page: the settings are a lazy object, a lookup cost a dozen a row.
        self.grouping = settings.USE_THOUSAND_SEPARATOR
        self._plurals: dict[tuple[str, int], str] = {}

    def plural(self, singular: str, plural: str, count: int) -> str:
        """``ngettext`` with the count in its place, escaped; once per count and text."""
        key = (singular, count)
        text = self._plurals.get(key)
        if text is None:
            text = self._plurals[key] = conditional_escape(
                ngettext(singular, plural, count) % {"n": self.number(count)}
            )
        return text

    def number(self, value: object) -> str:
        """As ``{{ value }}`` writes it. Without thousand separators Django writes an
        integer as ``str()`` does, and a dozen integers a row through the formats
        machinery were half of this tag's time; hours (decimals) take the language's
        decimal separator."""
        if type(value) is int and not self.grouping:
            return str(value)
        return localize(value)

    def hours(self, value: object) -> str:
        """A Decimal as ``{{ value }}`` writes it: Django's number format without
        grouping is the plain notation with the language's decimal separator."""
        if type(value) is not Decimal or self.grouping:
            return conditional_escape(self.number(value))
        return f"{value:f}".replace(".", self.separator)


def _escaped(value: object) -> str:
    """``conditional_escape``: a school's name, address or plan step is a plain string,
    escaped as Django's ``escape`` does it (the standard library's) without its checks
    for lazy and safe strings, a dozen calls a row."""
    return escape(value) if type(value) is str else conditional_escape(value)


def _note(text: str) -> str:
    return f'<div class="small text-body-secondary">{text}</div>'


def _numbers(row: SchoolRow, words: _Words) -> str:
    """The number cells of one row, every value escaped or a number."""
    number = words.number
    tasks, covered = row.tasks, row.covered
    coverage = "—" if not tasks else f"{round(100 * covered / tasks)}%"
    if words.grouping or type(tasks) is not int or type(covered) is not int:
        counts = _escaped(words.covered % {"covered": number(covered), "tasks": number(tasks)})
    else:
        # ``str`` of an integer has nothing to escape: the words were escaped once.
        counts = words.covered_escaped % {"covered": covered, "tasks": tasks}
    cells = [f'<td class="text-end">{coverage}{_note(counts)}</td>\n']
    for cluster in row.clusters.values():
        total, done = cluster.tasks, cluster.covered
        if not total:
            cells.append('<td class="text-end">—</td>\n')
        elif not done:
            cells.append(words.nobody_cell)
        else:
            cells.append(f'<td class="text-end">{round(100 * done / total)}%</td>\n')
    at_group, group_people = row.at_group_level, row.group_people
    by_group = (
        _note(words.plural("%(n)s at group level", "%(n)s at group level", at_group))
        if at_group
        else ""
    )
    people = (
        _note(words.plural("%(n)s of the group", "%(n)s of the group", group_people))
        if group_people
        else ""
    )
    used, available = row.hours_used, row.hours_available
    over = used > available
    over_note = words.over_note if over else ""
    hours = words.hours
    core, single = row.core_uncovered, row.single_points
    cells.append(
        f'<td class="text-end{DANGER if core else ""}">{number(core)}</td>\n'
        f'<td class="text-end{WARNING if single else ""}">{number(single)}</td>\n'
        f'<td class="text-end">{number(row.by_group)}{by_group}</td>\n'
        f'<td class="text-end">{number(row.people)}{people}</td>\n'
        f'<td class="text-end{DANGER if over else ""}">{hours(used)}{over_note}</td>\n'
        f'<td class="text-end">{hours(available)}</td>\n'
        f'<td class="text-end">{hours(available - used)}</td>\n'
    )
    return "".join(cells)


@register.simple_tag
def dashboard_numbers(row: SchoolRow) -> SafeString:
    """The number cells of one row (the totals' too)."""
    # Every value in them is escaped or a number.
    return mark_safe(_numbers(row, _Words()))  # noqa: S308


_ROW = (
    "\n    <tr>\n"
    '      <th scope="row">\n'
    '        <a href="{school_url}">{name}</a>\n'
    '        <div class="small fw-normal no-print"><a href="{team_url}">{team}</a> · '
    '<a href="{list_url}">{task_list}</a></div>\n'
    "      </th>\n"
    "      <td>{plan}</td>\n"
    "      {numbers}\n"
    "    </tr>\n"
    "  "
)
# A slug the school links are reversed with once a page: each row's slug takes its place.
_SLUG_MARK = "dashboard-row-slug"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_LINKS = {
    "school_url": "schools:school_detail",
    "team_url": "teams:overview",
    "list_url": "tasks:school_list",
}


def _braced(text: str) -> str:
    """``text`` as a literal of a ``str.format`` template."""
    return text.replace("{", "{{").replace("}", "}}")


@register.simple_tag(takes_context=True)
def dashboard_rows(context, rows: Iterable[SchoolRow]) -> SafeString:
    """Every school's row of the table, as ``templates/overview/dashboard.html``'s loop
    wrote them: its name and links, its plan and its numbers.

    The row is a template made once a page with the words and the links in place, each
    link reversed once with a stand-in slug (``row_url_for``) and escaped once: a school's
    slug has nothing to escape and is put in the stand-in's place (a slug of other
    characters is reversed and escaped for its own row, as before)."""
    cache = rendering_urls(context)
    words = _Words()
    team, task_list = conditional_escape(_("Team")), conditional_escape(_("Task list"))
    phase_step = _("Phase %(phase)s, step %(step)s")
    led = " · " + conditional_escape(_("led by the group"))
    not_started = conditional_escape(_("Not started"))
    not_started = f'<span class="text-body-secondary">{not_started}</span>'
    links = {
        key: _braced(_escaped(row_url_for(cache, name, _SLUG_MARK))).replace(_SLUG_MARK, "{slug}")
        for key, name in _LINKS.items()
    }
    # Formatted twice: first the page's parts (each kept as a literal of the second), then
    # each row's.
    by_slug = _ROW.format(
        **links,
        team=_braced(team),
        task_list=_braced(task_list),
        name="{name}",
        plan="{plan}",
        numbers="{numbers}",
    )
    written = []
    for row in rows:
        school, plan = row.school, row.plan
        slug = school.slug
        if plan is None:
            plan_cell = not_started
        else:
            # As {% blocktranslate %} wrote it: the numbers escaped, not the sentence.
            label = phase_step % {"phase": plan.phase, "step": plan.step}
            if plan.url:
                label = f'<a href="{_escaped(plan.url)}">{label}</a>'
            plan_cell = (
                f"{label}\n"
                f'        <div class="small text-body-secondary">'
                f"{_escaped(plan.step_title)} · {_escaped(plan.status_label)}"
                f"{led if plan.led_by_group else ''}</div>\n"
                "        "
            )
        name, numbers = _escaped(school.name), _numbers(row, words)
        if type(slug) is str and _SLUG.fullmatch(slug):
            written.append(by_slug.format(slug=slug, name=name, plan=plan_cell, numbers=numbers))
        else:
            written.append(
                _ROW.format(
                    **{
                        key: _escaped(row_url_for(cache, url_name, slug))
                        for key, url_name in _LINKS.items()
                    },
                    team=team,
                    task_list=task_list,
                    name=name,
                    plan=plan_cell,
                    numbers=numbers,
                )
            )
    # Every value above is escaped.
    return mark_safe("".join(written))  # noqa: S308


_HEAD = (
    '\n      <th scope="col" aria-sort="{aria}"{end}>\n'
    '        <a href="{query}" class="link-body-emphasis">{label}{arrow}</a>\n'
    "      </th>\n      "
)
_ARROWS = {
    "ascending": ' <span aria-hidden="true">▲</span>',
    "descending": ' <span aria-hidden="true">▼</span>',
}


@register.simple_tag
def dashboard_heads(sort_links: dict) -> SafeString:
    """The column headings, each a link that sorts by it (``overview.dashboard.sort_links``),
    as the template's loop over twenty columns wrote them."""
    heads = "".join(
        _HEAD.format(
            aria=_escaped(link.aria_sort),
            end="" if key in ("name", "plan") else ' class="text-end"',
            query=_escaped(link.query),
            label=_escaped(link.label),
            arrow=_ARROWS.get(link.aria_sort, ""),
        )
        for key, link in sort_links.items()
    )
    # Every value above is escaped.
    return mark_safe(heads)  # noqa: S308
