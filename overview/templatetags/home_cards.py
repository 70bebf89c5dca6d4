"""``{% school_cards %}``: the home page's school cards, written in Python.

A group admin's home page shows every school of the group (a hundred in the largest
groups); the template's loop resolved half a dozen variables a card, reversed each
school's address and looked up each education level's label by hashing the field's lazy
choices again. The tag reverses the address once, translates the labels once a page and
escapes each value once; the HTML is the loop's (``tests/overview/test_home_cards.py``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from schools.models import School
from tasks.templatetags.row_urls import row_url_for

register = template.Library()

_CARD = (
    "\n    "
    '<div class="col-md-4">\n'
    '      <div class="card h-100"><div class="card-body">\n'
    '        <h3 class="h6 card-title"><a href="{url}">{name}</a></h3>\n'
    '        <p class="card-text small mb-0">{level}{vocational} · {group}</p>\n'
    "      </div></div>\n"
    "    </div>\n"
    "    "
)


@register.simple_tag(takes_context=True)
def school_cards(context, schools: Iterable[School]) -> SafeString:
    """One card a school, as ``templates/schools/home.html``'s loop wrote them."""
    cache = context.render_context.setdefault("row_urls", {})
    levels = {
        value: conditional_escape(label)
        for value, label in School._meta.get_field("education_level").flatchoices
    }
    vocational = " · " + conditional_escape(gettext("technical/vocational"))
    groups: dict[int, str] = {}
    cards = []
    for school in schools:
        group = groups.get(school.group_id)
        if group is None:
            group = groups[school.group_id] = conditional_escape(school.group.name)
        level = school.education_level
        cards.append(
            _CARD.format(
                url=conditional_escape(row_url_for(cache, "schools:school_detail", school.slug)),
                name=conditional_escape(school.name),
                level=levels[level] if level in levels else conditional_escape(level),
                vocational=vocational if school.technical_vocational else "",
                group=group,
            )
        )
    # Every value above is escaped.
    return mark_safe("".join(cards))  # noqa: S308
