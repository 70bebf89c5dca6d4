import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation

from teams.models import PersonSchool
from teams.selectors import team_health
from teams.selectors import team_people
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# The template the rows were rendered with before ``{% team_people_rows %}``: the tag
# must write the same HTML.
REFERENCE = Path(__file__).parent / "reference" / "team_people_rows.html"


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_team_people_rows_equal_the_template_they_replace(school, group, language):
    # Every kind of row: a name to escape, over hours, no roles, no hours at all, a
    # group-level person with a share of hours and hours elsewhere.
    busy = PersonFactory(
        school=school,
        name='Tom "<b>" & Co',
        roles=["management", "digicoach"],
        ict_hours=Decimal("1.5"),
        competence_technical=3,
        competence_policy=0,
    )
    idle = PersonFactory(school=school, name="Lotte", roles=[], ict_hours=0)
    shared = PersonFactory(school=None, group=group, name="Group <coach>", ict_hours=8)
    PersonSchool.objects.create(person=shared, school=school, hours=Decimal("2.5"))
    entry = ListTaskFactory(school=school)
    AssignmentFactory(person=busy, list_task=entry, hours=Decimal("2.5"))
    AssignmentFactory(person=shared, school=school, list_task=entry, hours=Decimal("1"))
    people = team_people(school=school)
    context = {"school": school, "people": people}
    with translation.override(language):
        expected = Template(REFERENCE.read_text()).render(Context(context))
        written = Template("{% load team_people_rows %}{% team_people_rows people %}").render(
            Context(context)
        )
    assert {m.person for m in people} == {busy, idle, shared}
    assert any(m.over_hours for m in people)
    assert "&lt;coach&gt;" in written
    assert _squeeze(written) == _squeeze(expected)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_people_rows_of_a_team_checked_before_are_written_once(school, language):
    tom = PersonFactory(school=school, name='Tom "<b>" & Co', roles=["management"])
    PersonFactory(school=school, name="Lotte", roles=[])
    AssignmentFactory(person=tom, list_task=ListTaskFactory(school=school))
    page = Template("{% load team_people_rows %}{% team_health_people_rows health people %}")
    rows = Template("{% load team_people_rows %}{% team_people_rows people %}")

    def written():
        people = team_people(school=school)
        health = team_health(school=school, people=people)
        context = {"people": people, "health": health, "school": school}
        return health, page.render(Context(context)), rows.render(Context(context))

    with translation.override(language):
        first, html, expected = written()
        again, html_again, _ = written()
        assert html == html_again == expected and "Tom &quot;&lt;b&gt;&quot; &amp; Co" in html
        assert again.written is first.written and ("people_rows",) in first.written
        first.written[("people_rows",)] = "kept"
        assert written()[1] == "kept"
        # Another name: the team is checked again, its rows written anew.
        type(tom).objects.filter(pk=tom.pk).update(name="Tom")
        _, renamed, expected = written()
        assert renamed == expected != html
