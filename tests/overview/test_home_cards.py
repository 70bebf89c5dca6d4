"""``{% school_cards %}`` writes the school cards the home page's loop wrote."""

from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation

from schools.models import EducationLevel
from schools.models import School
from tests.factories import SchoolFactory
from tests.factories import SchoolGroupFactory

pytestmark = pytest.mark.django_db

# The cards as templates/schools/home.html wrote them before the tag.
REFERENCE = Path(__file__).parent / "reference" / "home_school_cards.html"
HOSTILE = 'Ask "<b>" & co'


@pytest.fixture
def schools(group):
    """Schools of every education level, vocational or not, in two groups, with a name
    to escape."""
    other = SchoolGroupFactory(name=HOSTILE)
    SchoolFactory(group=group, name=HOSTILE, education_level=EducationLevel.PRIMARY)
    SchoolFactory(group=group, technical_vocational=True)
    SchoolFactory(group=other, education_level=EducationLevel.ADULT)
    SchoolFactory(group=other, education_level=EducationLevel.SPECIAL_NEEDS)
    return list(School.objects.select_related("group").order_by("group__name", "name"))


@pytest.mark.parametrize("language", ["en", "nl"])
def test_school_cards_write_the_html_of_the_template_they_replace(schools, language):
    with translation.override(language):
        expected = Template(REFERENCE.read_text()).render(Context({"schools": schools}))
        written = Template("{% load home_cards %}{% school_cards schools %}").render(
            Context({"schools": schools})
        )
    assert written == expected
    assert "&lt;b&gt;" in written and "<b>" not in written
    assert written.count('class="col-md-4"') == len(schools)


def test_school_cards_of_no_schools_are_empty():
    assert (
        Template("{% load home_cards %}{% school_cards schools %}").render(Context({"schools": []}))
        == ""
    )
