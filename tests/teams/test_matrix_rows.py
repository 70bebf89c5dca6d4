import re
from decimal import Decimal
from html import escape
from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation
from django.utils.translation import gettext as _

from tasks.models import ListLevel
from teams.models import Person
from teams.selectors import MANDATE_LABELS
from teams.selectors import MANDATE_LETTERS
from teams.selectors import MatrixRow
from teams.selectors import TeamMember
from teams.selectors import team_matrix
from teams.templatetags.team_tags import cell_html
from tests.teams.builders import give
from tests.teams.builders import person
from tests.teams.builders import team_task

pytestmark = pytest.mark.django_db

# The cluster's template before ``{% matrix_rows %}``: a row at a time, an include for
# each row's status. The tag must write the same HTML.
REFERENCE = Path(__file__).parent / "reference" / "matrix_cluster.html"
CURRENT = Path(__file__).parents[2] / "templates" / "teams" / "_matrix_cluster.html"


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("can_edit", [True, False])
def test_the_matrix_rows_equal_the_template_they_replace(school, language, can_edit):
    tom = person(school, name='Tom "<b>" & Co')
    lotte = person(school, name="Lotte")
    led = team_task(school, core=True, title="Back-ups <i>& restores</i>")
    give(school, led, tom)
    give(school, led, lotte, monitors=True)
    executed = team_task(school, level=ListLevel.SCHOOL_GROUP)
    give(school, executed, lotte, executes=True)
    team_task(school, core=True)  # nobody executes it, no lead
    with translation.override(language):
        matrix = team_matrix(school=school)
        group = matrix.clusters[0]
        context = {"matrix": matrix, "group": group, "can_edit": can_edit}
        expected = Template(REFERENCE.read_text()).render(Context(context))
        written = Template(CURRENT.read_text()).render(Context(context))
    assert len(group.rows) == 3
    assert "Back-ups &lt;i&gt;&amp; restores&lt;/i&gt;" in written
    assert _squeeze(written) == _squeeze(expected)


# The phone's list of a cluster's tasks as the page's template wrote it before.
PHONE_LINKS = (
    '{% for row in group.rows %}<li><a class="mx-target" href="tasks/{{ row.entry.pk }}/">'
    "{{ row.task.code }} {{ row.task.title }}</a></li>{% endfor %}"
)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_phones_task_links_equal_the_template_they_replace(school, language):
    team_task(school, title='Back-ups <i>& "restores"</i>')
    team_task(school)
    with translation.override(language):
        group = team_matrix(school=school).clusters[0]
        expected = Template(PHONE_LINKS).render(Context({"group": group}))
        written = Template("{% load team_tags %}{% matrix_task_links group.rows %}").render(
            Context({"group": group})
        )
    assert written.count("<li>") == 2
    assert written == expected


def _cell_at_a_time(row, editable: bool) -> str:
    """A row's cells as the grid wrote them before its columns were worked out once a
    page: a cell at a time, from the row's cells."""
    parts = []
    for cell in row.cells:
        if editable:
            html = cell_html(cell.entry.pk, cell.person.pk, cell.assignment, base="cell/")
            parts.append(f"<td>{html}</td>")
        elif cell.code:
            spoken = ", ".join(
                str(MANDATE_LABELS[name])
                for name, letter in MANDATE_LETTERS.items()
                if letter in cell.code
            )
            parts.append(
                f'<td class="on"><span aria-hidden="true">{cell.code}</span>'
                f'<span class="vh">{escape(spoken)}</span></td>'
            )
        else:
            parts.append("<td></td>")
    return "".join(parts)


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("can_edit", [True, False])
def test_the_grids_cells_equal_the_cells_written_one_at_a_time(school, language, can_edit):
    people = [person(school, name=f"P{n}") for n in range(4)]
    tasks = [team_task(school) for _ in range(3)]
    give(school, tasks[0], people[0])
    give(school, tasks[0], people[2], decides=True, executes=True, monitors=True)
    give(school, tasks[1], people[3], monitors=True)
    give(school, tasks[1], people[1], decides=True, executes=True, monitors=True, lead=True)
    # tasks[2]: nobody, every cell empty.
    with translation.override(language):
        matrix = team_matrix(school=school)
        rows = matrix.clusters[0].rows
        written = Template("{% load team_tags %}{% matrix_rows rows can_edit %}").render(
            Context({"rows": rows, "can_edit": can_edit})
        )
        expected = [_cell_at_a_time(row, can_edit) for row in rows]
    assert [len(row.cells) for row in rows] == [4, 4, 4]
    for cells in expected:
        assert cells in written
    assert written.count("<td") == 3 * (4 + 1)


def test_a_rows_cells_are_the_people_shown_only(school):
    """A person's column alone (``person=``): the row holds that person's assignment, and
    its status speaks of them only."""
    tom, lotte = person(school, name="Tom"), person(school, name="Lotte")
    entry = team_task(school)
    give(school, entry, tom)
    give(school, entry, lotte, monitors=True)
    row = team_matrix(school=school, person=lotte).rows[0]
    assert [cell.person for cell in row.cells] == [lotte]
    assert set(row.held) == {lotte.pk}
    assert row.cells[0].code == "M"
    assert (row.executors, row.lead, row.executed, row.led) == ([], None, False, False)
    whole = team_matrix(school=school).rows[0]
    assert whole.executors == [tom] and whole.lead == tom and whole.executed and whole.led
    assert whole.hours == 2


def test_a_row_built_from_cells_holds_their_assignments(school):
    tom, lotte = person(school, name="Tom"), person(school, name="Lotte")
    entry = team_task(school)
    give(school, entry, lotte, executes=True)
    cells = team_matrix(school=school).rows[0].cells
    row = MatrixRow(entry, cells)
    assert row.cells is cells
    assert row.persons == [cell.person for cell in cells] and set(row.persons) == {tom, lotte}
    assert row.executors == [lotte] and row.lead is None
    assert MatrixRow(entry, []).cells == [] and not MatrixRow(entry, []).executed


# The grid's column headings and the phone's list of the team as the template wrote them.
HEADS = (
    '{% load i18n %}{% for member in people %}<th scope="col"><a href="people/{{ member.pk }}/">'
    '{{ member.name }}</a> <span class="mx-h{% if member.over_hours %} text-danger '
    'fw-semibold{% endif %}" data-h="{{ member.pk }}">{% blocktranslate with '
    "used=member.hours_used available=member.hours_available %}{{ used }}/{{ available }} h"
    "{% endblocktranslate %}</span></th>{% endfor %}"
)
PEOPLE_LINKS = (
    '{% for member in people %}<li><a class="mx-target" href="people/{{ member.pk }}/">'
    "{{ member.name }}</a></li>{% endfor %}"
)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_people_heads_and_links_equal_the_template_they_replace(language):
    def member(pk, name, used, available):
        return TeamMember(Person(pk=pk, name=name), False, available, used, available, used)

    # 2 and 2.0 are equal with one hash but written differently; 1234 with a comma in Dutch.
    people = [
        member(7, 'Tom "<b>" & Co', Decimal("2"), Decimal("2.0")),
        member(8, "Lotte", Decimal("2.0"), Decimal("2")),
        member(1234, "Zoë", Decimal("12.5"), Decimal("1234.25")),
        member(9, "An", Decimal("0"), Decimal("2.5")),
    ]
    with translation.override(language):
        for reference, tag in [
            (HEADS, "matrix_people_heads"),
            (PEOPLE_LINKS, "matrix_people_links"),
        ]:
            expected = Template(reference).render(Context({"people": people}))
            written = Template(f"{{% load team_tags %}}{{% {tag} people %}}").render(
                Context({"people": people})
            )
            assert written == expected
    assert "Tom &quot;&lt;b&gt;&quot; &amp; Co" in written


def _link_one_at_a_time(cell, editable: bool) -> str:
    """A focused view's cell as ``{% matrix_cell_link %}`` wrote it before its words were
    worked out once a template: each cell on its own."""
    if editable:
        return cell_html(cell.entry.pk, cell.person.pk, cell.assignment, base="cell/", origin="p")
    if not cell.code:
        return f'<span class="text-body-secondary">{escape(str(_("no mandate")))}</span>'
    spoken = ", ".join(
        str(MANDATE_LABELS[name]) for name, letter in MANDATE_LETTERS.items() if letter in cell.code
    )
    return f'<span aria-hidden="true">{cell.code}</span><span class="vh">{escape(spoken)}</span>'


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("can_edit", [True, False])
def test_a_focused_views_cells_equal_the_cells_written_one_at_a_time(school, language, can_edit):
    tom = person(school, name="Tom")
    tasks = [team_task(school) for _ in range(4)]
    give(school, tasks[0], tom)
    give(school, tasks[1], tom, monitors=True)
    give(school, tasks[2], tom, decides=True, executes=True, monitors=True)
    links = (
        "{% load team_tags %}{% for row in rows %}{% with cell=row.cells.0 %}"
        '[{% matrix_cell_link cell can_edit "cell/" "p" %}]{% endwith %}{% endfor %}'
    )
    with translation.override(language):
        rows = team_matrix(school=school, person=tom).rows
        written = Template(links).render(Context({"rows": rows, "can_edit": can_edit}))
        expected = "".join(f"[{_link_one_at_a_time(row.cells[0], can_edit)}]" for row in rows)
    assert len(rows) == 4
    assert written == expected
