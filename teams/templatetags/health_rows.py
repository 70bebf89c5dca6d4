"""``{% health_warning_items rule.warnings %}``: a team-health rule's findings as list items.

A team that has just started holds hundreds of findings (a task without a lead, without
a decider, without a backup…), up to fifty a rule on the team page: through the template
engine that was a loop with two variable lookups a finding. Written here in Python,
every value escaped once, it is the same HTML (``tests/teams/test_health_rows.py``
compares it with the template it replaces).
"""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

from teams.selectors import HealthWarning

register = template.Library()

# A rule lists this many findings and says how many more there are.
SHOWN = 50
# The panel's indentation, kept so that the page is the same to the byte.
_GAP = "\n            "


@register.simple_tag
def health_warning_items(warnings: Sequence[HealthWarning]) -> SafeString:
    items = [_GAP]
    items += [
        f'{_GAP}<li><a href="{conditional_escape(w.url)}">{conditional_escape(w.message)}</a></li>'
        f"{_GAP}"
        for w in warnings[:SHOWN]
    ]
    items.append(_GAP)
    more = len(warnings) - SHOWN
    if more > 0:
        text = ngettext("and %(n)s more", "and %(n)s more", more) % {"n": more}
        items.append(f"<li>{conditional_escape(text)}</li>")
    return mark_safe("".join(items))
