"""{% row_url %} gives what {% url %} gives, for every kind of last argument."""

import pytest
from django.template import Context
from django.template import Template
from django.urls import NoReverseMatch
from django.urls import reverse
from django.urls import set_script_prefix

from tasks.templatetags.row_urls import row_url_for


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("teams:assignment_approve", ["sint-jan", 7]),
        ("teams:assignment_approve", ["sint-jan", 2_147_483_647]),
        ("teams:task_assignments", ["other-school_2", 12345]),
        ("teams:overview", ["sint-jan"]),
        ("tasks:school_list", ["school-42"]),
        ("tasks:school_entry", ["sint-jan", 1]),
    ],
)
def test_a_row_url_is_the_url_reverse_gives(name, args):
    cache = {}
    assert row_url_for(cache, name, *args) == reverse(name, args=args)
    assert cache
    # Twice: the second comes from the cache.
    assert row_url_for(cache, name, *args) == reverse(name, args=args)


def test_each_rendering_reverses_afresh_under_its_script_prefix():
    template = Template("{% load row_urls %}{% row_url 'teams:overview' slug %}")
    try:
        set_script_prefix("/ict/")
        assert template.render(Context({"slug": "sint-jan"})).startswith("/ict/")
    finally:
        set_script_prefix("/")
    assert template.render(Context({"slug": "sint-jan"})) == reverse(
        "teams:overview", args=["sint-jan"]
    )


def test_a_value_the_pattern_refuses_is_refused_as_by_url():
    with pytest.raises(NoReverseMatch):
        row_url_for({}, "teams:assignment_approve", "sint-jan", "not-a-number")
    with pytest.raises(NoReverseMatch):
        row_url_for({}, "teams:overview", "ünïcode school")


def test_the_tag_escapes_as_the_url_tag_does():
    template = Template(
        "{% load row_urls %}{% row_url 'teams:assignment_approve' slug pk %}|"
        "{% url 'teams:assignment_approve' slug pk %}"
    )
    ours, theirs = template.render(Context({"slug": "sint-jan", "pk": 3})).split("|")
    assert ours == theirs


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("teams:document_overview", ["sint-jan"]),
        ("teams:document_role_pdf", ["sint-jan", 7]),
        ("tasks:group_export", ["groep-1"]),
    ],
)
def test_a_page_url_is_the_url_tag_s_once_per_process_and_script_prefix(name, args):
    template = Template(
        "{% load row_urls %}{% page_url name a b %}|{% url name a b %}"
        if len(args) == 2
        else "{% load row_urls %}{% page_url name a %}|{% url name a %}"
    )
    context = dict(zip(("a", "b"), args, strict=False)) | {"name": name}
    for prefix in ("/", "/ict/", "/"):
        try:
            set_script_prefix(prefix)
            ours, theirs = template.render(Context(context)).split("|")
        finally:
            set_script_prefix("/")
        assert ours == theirs and ours.startswith(prefix)
