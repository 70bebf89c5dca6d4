from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from tasks.forms import ListFilterForm, TaskFilterForm
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

# The filter form's fields as the template wrote them before ``{% filter_fields %}``: the
# tag must write the same HTML.
REFERENCE = Path(__file__).parent / "reference" / "filter_fields.html"


def _both(form, language: str) -> tuple[str, str]:
    context = {"form": form}
    with translation.override(language):
        expected = Template(REFERENCE.read_text().removesuffix("\n")).render(Context(context))
        written = Template("{% load filter_fields %}{% filter_fields form %}").render(
            Context(context)
        )
    return written, expected


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"q": 'back-up "<b>" & co', "cluster": "technical", "core": "yes", "to_review": "on"},
        {"topic": "Hardware & <netwerk>", "applies": "no", "horizon": "nonsense"},
    ],
)
@pytest.mark.parametrize("form_class", [TaskFilterForm, ListFilterForm])
def test_the_filter_fields_equal_the_template_they_replace(form_class, data, language):
    TaskFactory(topic="Hardware & <netwerk>", code="TEC-HW-01")
    form = form_class(data)
    written, expected = _both(form, language)
    assert written == expected
    assert written.count("<select") == len(form.fields) - 1 - ("to_review" in form.fields)
    if data and "q" in data:
        assert "&lt;b&gt;" in written and written.count(" selected") == 2
        assert (" checked" in written) == ("to_review" in form.fields)
