"""``{% list_entry_fields %}`` writes the entry's form fields as ``{{ form|crispy }}`` did."""

import re

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation

from tasks.forms import ListTaskForm
from tasks.models import Horizon
from tasks.models import LevelReason
from tasks.models import ListLevel
from tests.factories import ListTaskFactory
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

HOSTILE = 'Ask "<b>" & co\n</textarea>'
VERSION = re.compile(r'name="version" value="[^"]*"')


def _same_spacing(html: str) -> str:
    """Whitespace as a browser reads it between tags: a run of it is one space."""
    return re.sub(r"\s+", " ", VERSION.sub('name="version"', html)).strip()


def _both(form):
    crispy = Template("{% load crispy_forms_tags %}{{ form|crispy }}")
    tag = Template("{% load list_entry_form %}{% list_entry_fields form %}")
    return crispy.render(Context({"form": form})), tag.render(Context({"form": form}))


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(
    "choices",
    [
        {},
        {
            "applies": False,
            "horizon": Horizon.DROPPED,
            "level": ListLevel.SCHOOL_GROUP,
            "level_reason": LevelReason.ECONOMIES_OF_SCALE,
            "raise_with_director": True,
            "note": HOSTILE,
        },
    ],
)
def test_entry_fields_write_the_html_crispy_forms_wrote(school, language, choices):
    entry = ListTaskFactory(school=school, task=TaskFactory(), **choices)
    with translation.override(language):
        expected, written = _both(ListTaskForm(None, instance=entry))
    assert _same_spacing(written) == _same_spacing(expected)
    assert 'name="version"' in written
    if choices:
        assert "&lt;/textarea&gt;" in written and " checked" in written


def test_a_posted_form_with_errors_still_goes_through_crispy_forms(school):
    entry = ListTaskFactory(school=school)
    form = ListTaskForm({"horizon": "never"}, instance=entry)
    assert not form.is_valid()
    expected, written = _both(form)
    assert written == expected
    assert "is-invalid" in written
