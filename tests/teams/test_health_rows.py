from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation
from django.utils.translation import gettext_lazy

from teams.selectors import HealthRule
from teams.selectors import HealthWarning
from teams.selectors.health import Citation

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


# The health panel's loop over its rules before ``{% health_rules %}``.
RULES_REFERENCE = Path(__file__).parent / "reference" / "health_rules.html"


def _rules(cited: bool) -> list[HealthRule]:
    citation = Citation(gettext_lazy("Chapter 2, A <strong> role"), 'It "avoids" & <more>')
    return [
        HealthRule(
            key,
            f"Rule <{key}> & more",
            severity,
            _warnings(count),
            citation if cited and n != 1 else None,
            f"the task's <mandates> & {n}",
        )
        for n, (key, severity, count) in enumerate(
            [
                ("no_backup", "danger", 3),
                ("lead_count", "warning", 52),
                ("no_pedagogical", "info", 1),
            ]
        )
    ]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("compact", [None, False, True])
@pytest.mark.parametrize("cited", [True, False])
@pytest.mark.parametrize("count", [0, 1, 3])
def test_the_health_rules_equal_the_template_loop_they_replace(language, compact, cited, count):
    rules = _rules(cited)[:count]
    # ``None``: the team page includes the panel without ``compact``.
    context = {"health": {"by_rule": rules}, **({} if compact is None else {"compact": compact})}
    with translation.override(language):
        expected = Template(
            "{% load i18n health_rows %}" + RULES_REFERENCE.read_text().removesuffix("\n")
        ).render(Context(context))
        written = Template(
            "{% load health_rows %}{% health_rules health.by_rule compact %}"
        ).render(Context(context))
    assert written == expected
    assert written.count(" open>") == (1 if count and not compact else 0)
    if count and cited and not compact:
        assert "&lt;strong&gt;" in written and "&quot;avoids&quot; &amp; &lt;more&gt;" in written
