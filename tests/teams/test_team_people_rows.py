import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation

from teams.models import PersonSchool
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
