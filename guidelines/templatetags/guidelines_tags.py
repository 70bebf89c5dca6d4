"""Template helpers of the transition wizard."""

from __future__ import annotations

from django import template

from guidelines.selectors import plan_card
from schools.models import School, SchoolGroup

register = template.Library()


@register.inclusion_tag("guidelines/_plan_card_body.html", takes_context=True)
def plan_card_for(context, owner: School | SchoolGroup) -> dict:
    """The transition plan's card on an overview page: phase, step and progress (one query)."""
    is_school = isinstance(owner, School)
    return {
        "card": plan_card(owner=owner),
        "owner": owner,
        "url_kind": "school" if is_school else "group",
        "request": context.get("request"),
    }
