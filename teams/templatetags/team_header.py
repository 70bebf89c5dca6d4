"""``{% team_sections team_page %}``: the team's section tabs under the school's name.

Five links, each a ``{% url %}`` (``reverse()`` walks the URL patterns each time) and an
``{% if %}``, on every page of the team. Written by ``section_tabs`` as the school's tabs
are, the addresses reversed once per process, it is the same HTML
(``tests/teams/test_team_header.py`` compares it with the template it replaces).
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext_noop

from schools.templatetags.section_tabs import section_tabs

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


@register.simple_tag(takes_context=True)
def team_sections(context, team_page: object = "") -> SafeString:
    return section_tabs(
        slug=context["school"].slug,
        sections=SECTIONS,
        current=team_page,
        heading=gettext_noop("Team sections"),
        nav_class="mb-3 no-print",
        list_class="nav nav-pills small",
    )
