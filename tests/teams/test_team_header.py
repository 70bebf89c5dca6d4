from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation

pytestmark = pytest.mark.django_db

# The team's section tabs before ``{% team_sections %}``: the tag must write the same HTML.
REFERENCE = Path(__file__).parent / "reference" / "team_sections.html"


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(
    "team_page", [None, "overview", "matrix", "consultation", "mandates", "development"]
)
def test_the_team_sections_equal_the_template_they_replace(school, language, team_page):
    # ``None``: pages of other apps include the header without naming a tab.
    context = {"school": school, **({} if team_page is None else {"team_page": team_page})}
    with translation.override(language):
        expected = Template("{% load i18n %}" + REFERENCE.read_text().removesuffix("\n")).render(
            Context(context)
        )
        written = Template("{% load team_header %}{% team_sections team_page %}").render(
            Context(context)
        )
    assert written == expected
    assert written.count('aria-current="page"') == (0 if team_page is None else 1)
    assert f'href="/schools/{school.slug}/team/mandates/"' in written


def test_the_team_sections_follow_the_school(school, group):
    from tests.factories import SchoolFactory

    other = SchoolFactory(group=group, slug="other-school")
    template = Template("{% load team_header %}{% team_sections 'matrix' %}")
    first = template.render(Context({"school": school}))
    second = template.render(Context({"school": other}))
    assert f"/schools/{school.slug}/team/matrix/" in first
    assert "/schools/other-school/team/matrix/" in second and school.slug not in second
