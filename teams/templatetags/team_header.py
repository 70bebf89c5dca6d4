"""``{% team_sections team_page %}``: the team's section tabs under the school's name.

Five links, each a ``{% url %}`` (``reverse()`` walks the URL patterns each time) and an
``{% if %}``, on every page of the team. Written here, the addresses are reversed once per
process (per URL configuration and script prefix, which is all they depend on besides
the school), and it is the same HTML (``tests/teams/test_team_header.py`` compares it
with the template it replaces).
"""

from __future__ import annotations

from html import escape

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, gettext_noop

from tasks.templatetags.row_urls import row_url_for

register = template.Library()

# The tabs in their order: the page's name, its URL's name and its label (marked for the
# catalogue, translated when the tabs are written, as ``{% translate %}`` did).
SECTIONS = (
    ("overview", "teams:overview", gettext_noop("People and team health")),
    ("matrix", "teams:matrix", gettext_noop("Tasks × people matrix")),
    ("consultation", "teams:consultation", gettext_noop("Consultation and agreements")),
    ("mandates", "teams:mandates", gettext_noop("Mandates to approve")),
    ("development", "development:school_plan", gettext_noop("Professional development")),
)
# The addresses around the school's slug, per URL configuration and script prefix.
_URLS: dict[tuple, dict] = {}


@register.simple_tag(takes_context=True)
def team_sections(context, team_page: object = "") -> SafeString:
    slug = context["school"].slug
    urls = _URLS.setdefault((get_urlconf(), get_script_prefix()), {})
    items = []
    for page, name, label in SECTIONS:
        active = ' active" aria-current="page' if team_page == page else ""
        url = escape(row_url_for(urls, name, slug))
        text = gettext(label)
        items.append(
            f'    <li class="nav-item"><a class="nav-link{active}" href="{url}">{text}</a></li>\n'
        )
    # As {% translate %}: the translations as they are.
    heading = gettext("Team sections")
    return mark_safe(
        f'<nav aria-label="{heading}" class="mb-3 no-print">\n'
        '  <ul class="nav nav-pills small">\n'
        f"{''.join(items)}"
        "  </ul>\n</nav>"
    )
