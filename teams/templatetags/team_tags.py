"""Template helpers of the team builder.

The matrix renders its cells in Python: a school's list holds well over a hundred tasks
and a team a dozen people, and four checkboxes per cell through the template engine
would make the page slow. Everything is escaped through ``format_html``.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from schools.models import School
from teams.selectors import MANDATE_LETTERS, MatrixRow, TeamMatrix, team_health, team_people

register = template.Library()

LETTERS = tuple(MANDATE_LETTERS.items())


@register.simple_tag
def matrix_cells(row: MatrixRow, editable: bool) -> SafeString:
    """The cells of one matrix row: four checkboxes each, or the mandate letters."""
    entry_pk = row.entry.pk
    if not editable:
        return format_html_join(
            "",
            '<td class="mx-cell{}">{}</td>',
            ((" mx-on" if cell.code else "", cell.code) for cell in row.cells),
        )
    cells = []
    for cell in row.cells:
        person_pk = cell.person.pk
        boxes = format_html_join(
            "",
            '<label class="mx"><input type="checkbox" class="form-check-input" name="m-{}-{}" '
            'value="{}" aria-labelledby="md-{} t-{} p-{}"{}>{}</label>',
            (
                (
                    entry_pk,
                    person_pk,
                    letter,
                    letter,
                    entry_pk,
                    person_pk,
                    " checked" if cell.has(name) else "",
                    letter,
                )
                for name, letter in LETTERS
            ),
        )
        cells.append(
            format_html(
                '<td class="mx-cell{}"><span class="mx-grid">{}</span></td>',
                " mx-on" if cell.code else "",
                boxes,
            )
        )
    return SafeString("".join(cells))


@register.simple_tag
def matrix_state(matrix: TeamMatrix) -> str:
    """The matrix as rendered, so a save writes only the cells the user changed."""
    return ";".join(
        f"{cell.entry.pk}-{cell.person.pk}-{cell.code}"
        for row in matrix.rows
        for cell in row.cells
        if cell.code
    )


@register.simple_tag
def matrix_ids(matrix: TeamMatrix) -> dict[str, str]:
    return {
        "rows": ",".join(str(row.entry.pk) for row in matrix.rows),
        "cols": ",".join(str(member.pk) for member in matrix.people),
    }


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
