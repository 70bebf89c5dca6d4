from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.urls import set_script_prefix
from django.utils import translation

from schools.templatetags.section_tabs import GROUP_SECTIONS
from schools.templatetags.section_tabs import SCHOOL_SECTIONS
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

# The school's tabs before ``{% owner_nav "school" %}``: the tag must write the same HTML.
REFERENCE = Path(__file__).parent / "reference" / "school_nav.html"
INCLUDE = Template('{% include "schools/_school_nav.html" %}')


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("section", [None, *(page for page, _, _ in SCHOOL_SECTIONS), "other"])
def test_the_school_tabs_equal_the_template_they_replace(school, language, section):
    # ``None``: pages that include the tabs without naming one (the task list, the team).
    context = {"school": school, **({} if section is None else {"section": section})}
    with translation.override(language):
        expected = Template(REFERENCE.read_text()).render(Context(context))
        written = INCLUDE.render(Context(context))
    assert written == expected
    current = section in {page for page, _, _ in SCHOOL_SECTIONS}
    assert written.count('aria-current="page"') == (1 if current else 0)
    assert f'href="/schools/{school.slug}/years/"' in written


def test_the_school_tabs_follow_the_school_and_the_script_prefix(school, group):
    other = SchoolFactory(group=group, slug="other-school")
    first = INCLUDE.render(Context({"school": school, "section": "plan"}))
    second = INCLUDE.render(Context({"school": other, "section": "plan"}))
    assert f'href="/schools/{school.slug}/plan/"' in first
    assert 'href="/schools/other-school/plan/"' in second and school.slug not in second
    set_script_prefix("/ictteam/")
    try:
        prefixed = INCLUDE.render(Context({"school": school, "section": "plan"}))
    finally:
        set_script_prefix("/")
    assert f'href="/ictteam/schools/{school.slug}/plan/"' in prefixed


GROUP_REFERENCE = Path(__file__).parent / "reference" / "group_nav.html"
GROUP_INCLUDE = Template('{% include "schools/_group_nav.html" %}')


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("section", [None, *(page for page, _, _ in GROUP_SECTIONS), "other"])
def test_the_group_tabs_equal_the_template_they_replace(group, language, section):
    context = {"group": group, **({} if section is None else {"section": section})}
    with translation.override(language):
        expected = Template(GROUP_REFERENCE.read_text()).render(Context(context))
        written = GROUP_INCLUDE.render(Context(context))
    assert written == expected
    current = section in {page for page, _, _ in GROUP_SECTIONS}
    assert written.count('aria-current="page"') == (1 if current else 0)
    assert f'href="/groups/{group.slug}/"' in written
