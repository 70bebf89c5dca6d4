"""``{% matrix_filter_fields %}`` writes the matrix's filter as the template loop it
replaces did, to the byte, in English and Dutch, before and after a filter is applied."""

from pathlib import Path

import pytest
from django.http import QueryDict
from django.template import Context
from django.template import Template
from django.utils import translation

from teams.forms import MatrixFilterForm
from teams.forms import UnboundMatrixFilter
from teams.forms import matrix_filter
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


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("data", [{}, {"open": "policy", "part": "cluster"}])
def test_the_filter_as_first_shown_is_the_unbound_form(school, language, data):
    people = [person(school, name='Tom "<b>" & Co'), person(school, name="Lotte")]
    query = QueryDict(mutable=True)
    query.update(data)
    with translation.override(language):
        shown = matrix_filter(query, people=people)
        expected = Template(LOOP).render(Context({"filter_form": MatrixFilterForm(people=people)}))
        written = [Template(TAG).render(Context({"filter_form": shown})) for _ in range(2)]
    assert isinstance(shown, UnboundMatrixFilter)
    assert shown.filters() == MatrixFilterForm(query or None, people=people).filters()
    assert written == [expected, expected]


def test_a_filled_in_filter_is_the_form_and_the_team_names_its_own(school):
    people = [person(school, name="Tom"), person(school, name="Lotte")]
    filled = matrix_filter(QueryDict("q=&open=policy"), people=people)
    assert isinstance(filled, MatrixFilterForm)
    renamed = matrix_filter(QueryDict(""), people=[people[0], person(school, name="Ann")])
    first = Template(TAG).render(
        Context({"filter_form": matrix_filter(QueryDict(""), people=people)})
    )
    assert "Lotte" in first and "Ann" not in first
    assert "Ann" in Template(TAG).render(Context({"filter_form": renamed}))
