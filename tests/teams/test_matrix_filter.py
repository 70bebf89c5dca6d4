"""``{% matrix_filter_fields %}`` writes the matrix's filter as the template loop it
replaces did, to the byte, in English and Dutch, before and after a filter is applied."""

from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from teams.forms import MatrixFilterForm
from tests.teams.builders import person

pytestmark = pytest.mark.django_db

# The loop of ``teams/matrix.html`` before the tag, as it stood in the page.
LOOP = (Path(__file__).parent / "reference" / "matrix_filter.html").read_text()
TAG = "{% load matrix_filter %}        {% matrix_filter_fields filter_form %}"


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {"q": 'back-ups "<b>" & co', "cluster": "technical", "core": "yes", "uncovered": "on"},
        {"person": "PERSON", "core": "no"},
        {"cluster": "nonsense", "person": "not a number", "q": "x" * 120},
    ],
)
def test_the_matrix_filter_is_the_template_it_replaces(school, language, data):
    people = [person(school, name='Tom "<b>" & Co'), person(school, name="Lotte")]
    if data and data.get("person") == "PERSON":
        data = {**data, "person": str(people[1].pk)}
    with translation.override(language):
        form = MatrixFilterForm(data, people=people)
        form.is_valid()
        expected = Template(LOOP).render(Context({"filter_form": form}))
        written = Template(TAG).render(Context({"filter_form": form}))
    assert "Lotte" in written
    assert written == expected
