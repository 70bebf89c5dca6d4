"""``{% health_warning_items rule.warnings %}``: a team-health rule's findings as list items.

A team that has just started holds hundreds of findings (a task without a lead, without
a decider, without a backup…), up to fifty a rule on the team page: through the template
engine that was a loop with two variable lookups a finding. Written here in Python,
every value escaped once, it is the same HTML (``tests/teams/test_health_rows.py``
compares it with the template it replaces).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import ngettext

from teams.selectors import HealthRule
from teams.selectors import HealthWarning

register = template.Library()

# A rule lists this many findings and says how many more there are.
SHOWN = 50
# The panel's indentation, kept so that the page is the same to the byte.
_GAP = "\n            "


def _escaped(value: object) -> str:
    """``conditional_escape``: the standard library's ``escape`` for a plain text (Django's
    own wraps it in calls that cost more than the escaping, 480 times a page)."""
    if type(value) is str:
        return escape(value)
    return conditional_escape(value)


@register.simple_tag
def health_warning_items(warnings: Sequence[HealthWarning]) -> SafeString:
    items = [_GAP]
    items += [
        f'{_GAP}<li><a href="{_escaped(w.url)}">{_escaped(w.message)}</a></li>{_GAP}'
        for w in warnings[:SHOWN]
    ]
    items.append(_GAP)
    more = len(warnings) - SHOWN
    if more > 0:
        text = ngettext("and %(n)s more", "and %(n)s more", more) % {"n": more}
        items.append(f"<li>{conditional_escape(text)}</li>")
    return mark_safe("".join(items))


# The panel's lines around a rule, kept so that the page is the same to the byte.
_RULE_GAP = "\n      "


@register.simple_tag
def health_rules(rules: Sequence[HealthRule], compact: bool = False) -> SafeString:
    """``{% health_rules health.by_rule compact %}``: the panel's rules, each with its
    findings, as the loop over them in ``teams/_health_panel.html`` wrote them (compared
    with it in ``tests/teams/test_health_rows.py``): the template engine's loop, its
    variables and its ``blocktranslate`` cost more than the findings' list."""
    fixed = gettext("Fixed in %(place)s.")
    written = []
    for number, rule in enumerate(rules):
        opened = " open" if number == 0 and not compact else ""
        citation = rule.citation
        cited = ""
        if citation and not compact:
            place = fixed % {"place": _escaped(rule.fixed_in)}
            cited = (
                f'<p class="small text-body-secondary mt-1 mb-1"><q>{_escaped(citation.quote)}'
                f"</q> — {_escaped(citation.section)}. {place}</p>"
            )
        written.append(
            f'{_RULE_GAP}<li class="mb-2" data-rule="{_escaped(rule.rule)}">'
            f"\n        <details{opened}>"
            f'\n          <summary><span class="badge text-bg-{_escaped(rule.severity)}">'
            f"{len(rule.warnings)}</span> {_escaped(rule.label)}</summary>"
            f"\n          {cited}"
            f'\n          <ul class="small mt-1">{health_warning_items(rule.warnings)}'
            f"\n          </ul>\n        </details>\n      </li>{_RULE_GAP}"
        )
    return mark_safe("".join(written))
