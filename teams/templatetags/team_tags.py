"""Template helpers of the team builder.

The matrix renders its cells in Python: a school's list holds well over a hundred tasks
and a large team dozens of people, and four checkboxes per cell through the template
engine would make the page slow.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from schools.models import School
from teams.selectors import (
    MANDATE_LETTERS,
    MatrixRow,
    TeamMatrix,
    mandate_code,
    team_health,
    team_people,
)

register = template.Library()

LETTERS = tuple(MANDATE_LETTERS.items())


@register.simple_tag
def matrix_cells(row: MatrixRow, editable: bool) -> SafeString:
    """The cells of one matrix row: four checkboxes each, or the mandate letters.

    Built from integers (primary keys) and the fixed mandate letters only, so nothing
    user-written reaches this markup; names and titles are rendered by the template.
    Plain string building keeps a large team's matrix fast.
    """
    entry_pk = int(row.entry.pk)
    parts = []
    for cell in row.cells:
        assignment = cell.assignment
        on = " mx-on" if assignment is not None else ""
        if not editable:
            parts.append(f'<td class="mx-cell{on}">{mandate_code(assignment)}</td>')
            continue
        person_pk = int(cell.person.pk)
        boxes = "".join(
            f'<label class="mx"><input type="checkbox" name="m-{entry_pk}-{person_pk}" '
            f'value="{letter}" aria-labelledby="md-{letter} t-{entry_pk} p-{person_pk}"'
            f"{' checked' if assignment is not None and getattr(assignment, name) else ''}>"
            f"{letter}</label>"
            for name, letter in LETTERS
        )
        parts.append(f'<td class="mx-cell{on}"><span class="mx-grid">{boxes}</span></td>')
    return mark_safe("".join(parts))


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
