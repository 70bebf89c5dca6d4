from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from teams.selectors import HealthRule, HealthWarning

# The health panel's list of a rule's findings before ``{% health_warning_items %}``:
# the tag must write the same HTML.
REFERENCE = Path(__file__).parent / "reference" / "health_warning_items.html"


def _warnings(count: int) -> list[HealthWarning]:
    return [
        HealthWarning(
            "no_backup",
            "danger",
            f'Only Tom "<b>" & Co executes “TEC-{n:02d} Back-ups” and nobody backs them up.',
            f"/schools/a/team/tasks/{n}/?next=x&y=<z>",
        )
        for n in range(count)
    ]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("count", [0, 1, 50, 51, 52, 120])
def test_the_health_warning_items_equal_the_template_they_replace(language, count):
    rule = HealthRule("no_backup", "Single points of failure", "danger", _warnings(count))
    context = {"rule": rule}
    with translation.override(language):
        # The reference stands where the tag does: after the list's opening tag, before
        # the line that closes it.
        expected = Template(REFERENCE.read_text().removesuffix("\n")).render(Context(context))
        written = Template("{% load health_rows %}{% health_warning_items rule.warnings %}").render(
            Context(context)
        )
    assert written == expected
    assert written.count("<li>") == min(count, 50) + (count > 50)
    if count:
        assert "&lt;b&gt;" in written and "&amp;y=&lt;z&gt;" in written


def test_more_findings_than_shown_are_counted_in_dutch():
    rule = HealthRule("no_backup", "", "danger", _warnings(53))
    with translation.override("nl"):
        written = Template("{% load health_rows %}{% health_warning_items rule.warnings %}").render(
            Context({"rule": rule})
        )
    assert written.endswith("<li>en nog 3</li>")
