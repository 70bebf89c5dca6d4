import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from tasks.models import ListLevel
from teams.selectors import team_matrix
from tests.teams.builders import give, person, team_task

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
