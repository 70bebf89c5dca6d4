from pathlib import Path

import pytest
from django.http import QueryDict
from django.template import Context
from django.template import Template
from django.utils import translation

from tasks.forms import ListFilterForm
from tasks.forms import TaskFilterForm
from tasks.forms import UnboundFilters
from tasks.selectors import TaskFilters
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


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("form_class", [TaskFilterForm, ListFilterForm])
def test_the_filter_as_first_shown_is_written_as_its_unbound_form(form_class, language):
    TaskFactory(topic="Hardware & <netwerk>", code="TEC-HW-01")
    with translation.override(language):
        unbound = form_class.from_query({})
    assert isinstance(unbound, UnboundFilters)
    assert unbound.filters() == TaskFilters() and not unbound.is_filtered
    with translation.override(language):
        # Built in the reader's language, as a page builds it: the topics' cluster names.
        _written, expected = _both(form_class(None), language)
        tag = Template("{% load filter_fields %}{% filter_fields form %}")
        first = tag.render(Context({"form": unbound}))
        # Written once per language and topics: a later page reads the first one's HTML.
        again = tag.render(Context({"form": form_class.from_query({})}))
    assert first == again == expected


def test_the_filter_as_first_shown_follows_the_catalogue_topics():
    TaskFactory(topic="Netwerk", code="TEC-HW-01")
    with translation.override("en"):
        tag = Template("{% load filter_fields %}{% filter_fields form %}")
        before = tag.render(Context({"form": TaskFilterForm.from_query({})}))
        TaskFactory(topic="Printers & <scanners>", code="TEC-HW-02")
        after = tag.render(Context({"form": TaskFilterForm.from_query({})}))
    assert "Printers &amp; &lt;scanners&gt;" in after and "Printers" not in before


def test_a_query_string_builds_the_form():
    form = ListFilterForm.from_query(QueryDict("cluster=technical"))
    assert isinstance(form, ListFilterForm) and form.filters().cluster == "technical"
