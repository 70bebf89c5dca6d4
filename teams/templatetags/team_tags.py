"""Template helpers of the team builder.

The matrix renders its cells in Python: a school's list holds well over a hundred tasks
and a large team over a hundred people, and a cell through the template engine would
make the page slow.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape as _escape

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schools.models import School
from tasks.models import ListLevel
from tasks.models import text_languages
from teams.models import Assignment
from teams.selectors import MANDATE_LABELS
from teams.selectors import MANDATE_LETTERS
from teams.selectors import MatrixCell
from teams.selectors import MatrixCluster
from teams.selectors import MatrixRow
from teams.selectors import TeamMember
from teams.selectors import mandate_code
from teams.selectors import team_health
from teams.selectors import team_people
from teams.selectors.health import task_titles
from teams.templatetags.matrix_filter import text_of

register = template.Library()


def _mandate_words() -> tuple[str, dict[str, str]]:
    """The translated words a cell is read out with: "no mandate" and each mandate."""
    return str(_("no mandate")), {
        letter: str(MANDATE_LABELS[name]) for name, letter in MANDATE_LETTERS.items()
    }


def cell_html(
    entry_pk: int,
    person_pk: int,
    assignment: Assignment | None,
    *,
    base: str,
    origin: str = "",
    words: _CellWords | None = None,
) -> str:
    """One cell: its mandates as letters (read out as words), a link to its editor.

    Built from integers (primary keys), the fixed letters and translated mandate names
    only, so nothing user-written reaches this markup. The link carries the letters the
    cell showed (``s``), so the editor can say when the cell changed since. ``words``:
    a grid's ``_CellWords``, shared by its cells.
    """
    words = words if words is not None else _CellWords(editable=True)
    entry_pk, person_pk = int(entry_pk), int(person_pk)
    code = mandate_code(assignment)
    query = f"?s={code}" + (f"&amp;from={origin}" if origin else "")
    href = f"{base}{entry_pk}/{person_pk}/{query}"
    on = ' class="on"' if code else ""
    return (
        f'<a{on} id="c{entry_pk}-{person_pk}" href="{href}" aria-label="{words[code]}">{code}</a>'
    )


@register.simple_tag
def matrix_cells(row: MatrixRow, editable: bool) -> SafeString:
    """The cells of one row of the grid: a link to each cell's editor, or the letters."""
    return mark_safe(_row_cells(row, editable, _CellWords(bool(editable))))


def _row_cells(row: MatrixRow, editable: bool, words: _CellWords) -> str:
    """A row's cells with the grid's ``words``: a cluster is hundreds of cells and a cell
    holds one of sixteen sets of mandates, so what each set reads out as is escaped once
    a page, not once a cell."""
    return _Columns(row.persons, editable, words).row(int(row.entry.pk), row.held)


# Where a row's id goes in a column's cell written once a page (a NUL byte: no id, mandate
# letter or translated word holds one).
_ROW = "\x00"


class _Columns:
    """The grid's columns, worked out once a page: each person's empty cell, with a
    stand-in for the row's id. A row is then its few held cells written into their
    places, one join and one replace, not hundreds of cells written one by one: most of a
    cluster's cells are empty, and the same for every row but for the task's id.

    The same HTML as ``cell_html`` (with ``base="cell/"``) for each cell of an editable
    grid, and as ``matrix_cells`` for a read-only one.
    """

    def __init__(self, persons, editable: bool, words: _CellWords) -> None:
        self.persons, self.editable, self.words = persons, bool(editable), words
        self.ids = [str(int(p.pk)) for p in persons]
        self.index = {p.pk: column for column, p in enumerate(persons)}
        self.empty = [self.cell(column, "") for column in range(len(self.ids))]
        self.blank = "".join(self.empty)

    def cell(self, column: int, code: str) -> str:
        if self.editable:
            person = self.ids[column]
            on = ' class="on"' if code else ""
            return (
                f'<td><a{on} id="c{_ROW}-{person}" href="cell/{_ROW}/{person}/?s={code}" '
                f'aria-label="{self.words[code]}">{code}</a></td>'
            )
        if code:
            return (
                f'<td class="on"><span aria-hidden="true">{code}</span>'
                f'<span class="vh">{self.words[code]}</span></td>'
            )
        return "<td></td>"

    def row(self, pk: int, held: dict[int, Assignment]) -> str:
        """The cells of the task ``pk`` whose assignments by person are ``held``."""
        html = self.blank
        if held:
            cells, index = self.empty.copy(), self.index
            for person_id, assignment in held.items():
                column = index.get(person_id)
                if column is not None:
                    cells[column] = self.cell(column, _code(assignment))
            html = "".join(cells)
        return html.replace(_ROW, str(pk)) if self.editable else html


# A cell's letters by its four mandates: one of sixteen sets, worked out the first time
# each is met (``mandate_code`` goes through the letters for each of a grid's cells).
_CODES: dict[tuple, str] = {}


def _code(assignment) -> str:
    # True and 1 are one key: the same letters.
    flags = (assignment.decides, assignment.executes, assignment.monitors, assignment.lead)
    code = _CODES.get(flags)
    if code is None:
        code = _CODES[flags] = mandate_code(assignment)
    return code


class _CellWords(dict):
    """What a cell's letters read out as, escaped, worked out the first time a set of
    letters is met: "DEL: decides, executes, lead…" in an editable grid (``cell_html``),
    the names alone in a read-only one (``matrix_cells``)."""

    def __init__(self, editable: bool) -> None:
        super().__init__()
        self.editable = editable
        self.none, self.names = _mandate_words()

    def __missing__(self, code: str) -> str:
        spoken = ", ".join(self.names[letter] for letter in code)
        if self.editable:
            spoken = escape(f"{code}: {spoken}") if code else escape(self.none)
        else:
            spoken = escape(spoken)
        self[code] = spoken
        return spoken


def _title_of(fields: list[str]):
    """A task's title as ``task.title`` gives it (the reader's language, else another),
    with the language's fields (``title_nl``, ``title_en``) looked up once a page and
    read in one call (``task_titles``): the page writes every task's title."""
    titles = task_titles(fields)

    def title(task) -> str:
        return next(filter(None, titles(task)), "")

    return title


@register.simple_tag
def matrix_rows(rows: list[MatrixRow], editable: bool) -> SafeString:
    """The grid's rows: each task's heading, its status and its cells.

    The same HTML the cluster's template wrote a row at a time, with an include for the
    status (``tests/teams/test_matrix_rows.py`` compares them); the words are translated
    once a page.
    """
    # The words outside the f-strings: xgettext does not read inside their braces.
    labels = [escape(w) for w in (_("Core"), _("group level"), _("nobody executes"), _("no lead"))]
    core = f' <span class="badge badge-core">{labels[0]}</span>'
    group_level = f' <span class="badge text-bg-secondary">{labels[1]}</span>'
    nobody = f'<span class="badge text-bg-danger">{labels[2]}</span>'
    no_lead = f' <span class="badge text-bg-warning">{labels[3]}</span>'
    words = _CellWords(bool(editable))
    title = _title_of([f"title_{code}" for code in text_languages()])
    columns = None
    parts = []
    for row in rows:
        entry, task = row.entry, row.task
        pk = int(entry.pk)
        if columns is None or columns.persons is not row.persons:
            # The rows of a grid share their columns: worked out once.
            columns = _Columns(row.persons, editable, words)
        marks = (core if task.is_core else "") + (
            group_level if entry.level == ListLevel.SCHOOL_GROUP else ""
        )
        status = ("" if row.executed else nobody) + ("" if row.led else no_lead)
        css = ' class="core-task"' if task.is_core else ""
        name = f"{_escape(task.code)} {_escape(title(task))}"
        parts.append(
            f'\n  <tr id="r{pk}"{css}>\n'
            f'    <th scope="row"><a href="tasks/{pk}/">{name}</a>{marks}</th>\n'
            f'    <td class="mx-state" id="s{pk}">{status}</td>\n'
            f"    {columns.row(pk, row.held)}\n  </tr>\n  "
        )
    return mark_safe("".join(parts))


@register.simple_tag
def matrix_people_heads(people: list[TeamMember]) -> SafeString:
    """The grid's column headings: each person's name, linking to their column, and their
    hours used of those available (the same HTML as the template's loop with a
    ``{% blocktranslate %}`` a person; the words translated once a page)."""
    hours = _("%(used)s/%(available)s h")
    # A team's hours are a few values over and over: each localised once a page. By the
    # text of the number, as 2 and 2.0 (equal, with one hash) are written differently.
    numbers: dict[str, str] = {}

    def number(value) -> str:
        key = str(value)
        written = numbers.get(key)
        if written is None:
            written = numbers[key] = text_of(value)
        return written

    parts = []
    for member in people:
        pk = text_of(member.pk)
        over = " text-danger fw-semibold" if member.over_hours else ""
        used = {"used": number(member.hours_used), "available": number(member.hours_available)}
        parts.append(
            f'<th scope="col"><a href="people/{pk}/">{text_of(member.name)}</a> '
            f'<span class="mx-h{over}" data-h="{pk}">{hours % used}</span></th>'
        )
    return mark_safe("".join(parts))


@register.simple_tag
def matrix_people_links(people: list[TeamMember]) -> SafeString:
    """The phone's list of the team, each a link to their column (the same HTML as the
    template's loop)."""
    return _target_links(
        (f"people/{text_of(member.pk)}/", text_of(member.name)) for member in people
    )


@register.simple_tag
def matrix_task_links(rows: list[MatrixRow]) -> SafeString:
    """The phone's list of a cluster's tasks, each a link to its own page (the same HTML
    as a template loop, a task's code and title escaped once)."""
    title = _title_of([f"title_{code}" for code in text_languages()])
    return _target_links(
        (f"tasks/{int(row.entry.pk)}/", f"{_escape(row.task.code)} {_escape(title(row.task))}")
        for row in rows
    )


def _target_links(links: Iterable[tuple[str, str]]) -> SafeString:
    """The phone's list items, each a link (its address and text escaped already)."""
    return mark_safe(
        "".join(f'<li><a class="mx-target" href="{href}">{text}</a></li>' for href, text in links)
    )


# The clusters' headings, as the loops of ``teams/matrix.html`` wrote them with a
# ``blocktranslate`` for each count (fifteen a page, about 0.2 ms): the counts' words
# are the same messages, translated here (``tests/teams/test_matrix_rows.py`` compares
# them with the template they replace).


@register.simple_tag
def matrix_phone_clusters(clusters: list[MatrixCluster]) -> SafeString:
    """The phone's list of clusters, each with its tasks' links."""
    who = _("Who does the tasks of %(cluster)s")
    return mark_safe(
        "".join(
            '\n      <details class="mb-2">'
            f'\n        <summary class="mx-target">{who % {"cluster": text_of(group.label)}}'
            '</summary>\n        <ul class="list-unstyled mx-list">'
            f"\n          {matrix_task_links(group.rows)}"
            "\n        </ul>\n      </details>\n      "
            for group in clusters
        )
    )


@register.simple_tag
def matrix_cluster_summary(group: MatrixCluster) -> SafeString:
    """A cluster's heading in the grid: its tasks, those nobody executes, those without a
    lead."""
    n = len(group.rows)
    tasks = ngettext("%(n)s task", "%(n)s tasks", n) % {"n": text_of(n)}
    parts = [
        f'<span class="badge badge-cluster-{text_of(group.cluster)}">{text_of(group.label)}'
        f"</span>\n        {tasks}"
    ]
    if n := group.uncovered:
        counted = ngettext("%(n)s nobody executes", "%(n)s nobody executes", n)
        parts.append(f' · <span class="text-danger">{counted % {"n": text_of(n)}}</span>')
    if n := group.without_lead:
        counted = ngettext("%(n)s without a lead", "%(n)s without a lead", n)
        parts.append(f" · {counted % {'n': text_of(n)}}")
    return mark_safe("".join(parts))


@register.simple_tag
def matrix_cluster_load(group: MatrixCluster, filter_query: str) -> SafeString:
    """The link that loads a folded cluster: a page of its own, or its part by htmx."""
    query = f"{text_of(filter_query)}&amp;" if filter_query else ""
    cluster = text_of(group.cluster)
    show = _("Show the tasks of %(cluster)s") % {"cluster": text_of(group.label)}
    return mark_safe(
        f'<a class="mx-load mx-target" href="?{query}open={cluster}#cl-{cluster}" '
        f'hx-get="?{query}open={cluster}&amp;part=cluster" hx-target="closest .mx-body" '
        f'hx-swap="innerHTML">{show}</a>'
    )


@register.simple_tag(takes_context=True)
def matrix_cell_link(
    context: template.Context, cell: MatrixCell, editable: bool, base: str, origin: str = ""
) -> SafeString:
    """One cell outside the grid (a person's or a task's focused view).

    A person's column is a cell for each of the school's tasks: what a cell's letters read
    out as is worked out once a template, not once a cell."""
    editable = bool(editable)
    key = (_CellWords, editable)
    words = context.render_context.get(key)
    if words is None:
        words = context.render_context[key] = _CellWords(editable)
    if editable:
        return mark_safe(
            cell_html(
                cell.entry.pk,
                cell.person.pk,
                cell.assignment,
                base=base,
                origin=origin,
                words=words,
            )
        )
    code = cell.code
    if not code:
        return mark_safe(f'<span class="text-body-secondary">{escape(words.none)}</span>')
    return mark_safe(f'<span aria-hidden="true">{code}</span><span class="vh">{words[code]}</span>')


@register.inclusion_tag("teams/_school_card_body.html")
def team_card(school: School) -> dict:
    """The team card on the school overview: people count and health summary."""
    health = team_health(school=school)
    return {
        "school": school,
        "people_count": len(team_people(school=school)),
        "health": health,
        "rules": health.by_rule(),
    }
