"""``{% owner_nav "school" %}`` and ``{% owner_nav "group" %}``: the tabs of a school's or
a group's sections, on every page of a school or group.

Seven or nine links, each a ``{% url %}`` (``reverse()`` walks the URL patterns each time) and an
``{% if %}``. Written here, the addresses are reversed once per process
(``schools.reversing.process_urls``) and it is the same HTML the template wrote
(``tests/schools/test_section_tabs.py`` compares them). ``section_tabs`` writes any such
row of tabs: the team's sections use it too.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_noop

from schools.reversing import process_urls
from schools.reversing import row_url_for

register = template.Library()

# The school's sections in their order: the page's name, its URL's name and its label
# (marked for the catalogue, translated when the tabs are written, as {% translate %} did).
SCHOOL_SECTIONS = (
    ("overview", "schools:school_detail", gettext_noop("Overview")),
    ("tasks", "tasks:school_list", gettext_noop("Task list")),
    ("team", "teams:overview", gettext_noop("Team")),
    ("documents", "teams:documents", gettext_noop("Team documents")),
    ("plan", "guidelines:school_plan", gettext_noop("Transition plan")),
    ("policy", "policy:school_plan", gettext_noop("ICT policy plan")),
    ("years", "years:school_years", gettext_noop("School years")),
)


# The group's sections likewise (the first is the group's own page).
GROUP_SECTIONS = (
    ("schools", "schools:group_detail", gettext_noop("Schools")),
    ("dashboard", "overview:group_dashboard", gettext_noop("Dashboard")),
    ("tasks", "tasks:group_list", gettext_noop("Group task list")),
    ("people", "teams:group_people", gettext_noop("Group-level people")),
    ("plan", "guidelines:group_plan", gettext_noop("Group transition plan")),
    ("policy", "policy:group_plan", gettext_noop("Group ICT policy plan")),
    ("development", "development:group", gettext_noop("Professional development")),
    ("years", "years:group_years", gettext_noop("School years")),
    ("sharing", "sharing:group", gettext_noop("Good practice")),
)


def section_tabs(
    *,
    slug: str,
    sections: Iterable[tuple[str, str, str]],
    current: object,
    heading: str,
    nav_class: str,
    list_class: str,
) -> SafeString:
    """A ``<nav>`` named ``heading`` (marked for the catalogue) with a tab per section of
    the school or group ``slug``, the ``current`` one marked as the page."""
    urls = process_urls()
    items = []
    for page, name, label in sections:
        active = ' active" aria-current="page' if current == page else ""
        url = escape(row_url_for(urls, name, slug))
        items.append(
            f'    <li class="nav-item"><a class="nav-link{active}" href="{url}">'
            f"{gettext(label)}</a></li>\n"
        )
    # As {% translate %} wrote them: the translations as they are.
    return mark_safe(
        f'<nav aria-label="{gettext(heading)}" class="{nav_class}">\n'
        f'  <ul class="{list_class}">\n'
        f"{''.join(items)}"
        "  </ul>\n</nav>"
    )


# Each owner's tabs: its sections and the name of their row (marked for the catalogue).
OWNER_TABS = {
    "school": (SCHOOL_SECTIONS, gettext_noop("School sections")),
    "group": (GROUP_SECTIONS, gettext_noop("Group sections")),
}


@register.simple_tag(takes_context=True)
def owner_nav(context, kind: str) -> SafeString:
    """The tabs of the ``school`` or the ``group`` in the context, ``section`` (from the
    context) the current one."""
    sections, heading = OWNER_TABS[kind]
    return section_tabs(
        slug=context[kind].slug,
        sections=sections,
        current=context.get("section", ""),
        heading=heading,
        nav_class="mb-3",
        list_class="nav nav-tabs",
    )
