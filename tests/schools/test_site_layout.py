import re
from pathlib import Path

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template import Context
from django.template import Template
from django.template import TemplateSyntaxError
from django.template import engines
from django.test import RequestFactory
from django.urls import set_script_prefix
from django.utils import translation

from schools.context_processors import NavLinks
from schools.context_processors import _school_url
from schools.models import Membership
from schools.models import Role
from tests.factories import SchoolFactory
from tests.factories import SchoolGroupFactory
from tests.factories import UserFactory
from tests.factories import member

pytestmark = pytest.mark.django_db

# The layout before ``{% fixed %}`` and ``{% language_options %}``: base.html must write the
# same HTML for every kind of user, in both languages and under a script prefix.
REFERENCE = Path(__file__).parent / "reference" / "base.html"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def users(group, school, sibling_school, other_school):
    SchoolFactory(group=group, name='A & <B> "school"', slug="a-b")
    several = member(school, role=Role.ICT_COORDINATOR, first_name="Ann", last_name="<Peeters>")
    Membership.objects.create(user=several, school=other_school, role=Role.SCHOOL_LEADER)
    Membership.objects.create(user=several, group=other_school.group, role=Role.GROUP_ADMIN)
    return {
        "group admin": member(group=group, role=Role.GROUP_ADMIN),
        "school member": member(school, role=Role.TEAM_MEMBER),
        "several memberships": several,
        "superuser": UserFactory(is_staff=True, is_superuser=True),
        "no membership": UserFactory(),
        "anonymous": None,
    }


def _render(template, user, context):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    return TOKEN.sub('value="token"', template.render(context, request))


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("prefix", ["/", "/ictteam/"])
@pytest.mark.parametrize(
    "who",
    [
        "group admin",
        "school member",
        "several memberships",
        "superuser",
        "no membership",
        "anonymous",
    ],
)
def test_the_layout_writes_the_html_of_the_template_it_replaces(users, language, prefix, who):
    messages = [Message(constants.ERROR, "Broken & <b>"), Message(constants.SUCCESS, "Saved")]
    reference = engines["django"].from_string(REFERENCE.read_text())
    layout = engines["django"].get_template("base.html")
    set_script_prefix(prefix)
    try:
        with translation.override(language):
            for context in ({}, {"messages": messages}):
                expected = _render(reference, users[who], context)
                written = _render(layout, users[who], context)
                assert written == expected
    finally:
        set_script_prefix("/")
    assert f'<html lang="{language}">' in written
    assert f'action="{prefix}i18n/setlang/"' in written
    assert f'<option value="{language}" lang="{language}" selected>' in written
    assert "Broken &amp; &lt;b&gt;" in written


def test_the_layout_follows_the_language_within_one_process(users):
    layout = engines["django"].get_template("base.html")
    with translation.override("nl"):
        dutch = _render(layout, users["school member"], {})
    with translation.override("en"):
        english = _render(layout, users["school member"], {})
    assert "Afmelden" in dutch and "Log out" not in dutch
    assert "Log out" in english and "Afmelden" not in english
    assert '<option value="en" lang="en" selected>' in english


@pytest.mark.parametrize(
    "body",
    [
        "{{ user }}",
        "{% translate name %}",
        '{% translate "Log out" as label %}',
        "{% url name %}",
        "{% url 'schools:school_detail' school.slug %}",
        "{% static path %}",
        "{% if user %}x{% endif %}",
        "{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}",
        "{% csrf_token %}",
    ],
)
def test_a_fixed_stretch_refuses_anything_that_depends_on_the_page(body):
    with pytest.raises(TemplateSyntaxError, match="fixed"):
        Template("{% load i18n static site_layout %}{% fixed %}" + body + "{% endfixed %}")


def test_a_fixed_stretch_is_written_once_for_each_language_and_prefix():
    template = Template(
        "{% load i18n site_layout %}{% fixed %}{% url 'home' %} {% translate 'Log out' %}"
        "{% endfixed %}"
    )
    assert template.render(Context()) == "/ Log out"
    with translation.override("nl"):
        assert template.render(Context()) == "/ Afmelden"
    set_script_prefix("/ictteam/")
    try:
        assert template.render(Context()) == "/ictteam/ Log out"
    finally:
        set_script_prefix("/")


def test_the_menu_is_written_anew_when_a_school_changes():
    group = SchoolGroupFactory()
    school = SchoolFactory(group=group, name="Een", slug="een")
    first = NavLinks(lambda: [(school.slug, school.name)], _school_url).dropdown_items
    again = NavLinks(lambda: [(school.slug, school.name)], _school_url).dropdown_items
    renamed = NavLinks(lambda: [(school.slug, "Twee & co")], _school_url).dropdown_items
    assert again is first
    assert ">Een</a>" in first
    assert ">Twee &amp; co</a>" in renamed and "Een" not in renamed
