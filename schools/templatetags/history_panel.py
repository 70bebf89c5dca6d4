"""``{% history_panel obj %}``: who changed an object, when, and what.

For one object: ``{% history_panel entry %}``. For the objects pointing at one, e.g.
every assignment of a task with who ended which mandate:
``{% history_panel entry related="assignments" subject="person" %}``. The panel runs a
fixed number of queries whatever the length of the history.
"""

from __future__ import annotations

from django import template
from django.db.models import Model
from django.urls import NoReverseMatch
from django.urls import reverse

from schools.access import is_admin_user
from schools.selectors import object_history
from schools.selectors import related_history

register = template.Library()


@register.inclusion_tag("schools/_history.html", takes_context=True)
def history_panel(
    context,
    obj: Model,
    related: str = "",
    subject: str = "",
    limit: int = 10,
    title: str = "",
    heading: str = "h2",
) -> dict:
    if related:
        entries = related_history(
            obj=obj, related_name=related, subject=subject or None, limit=limit
        )
        model = obj._meta.get_field(related).related_model
        admin_url = ""
    else:
        entries = object_history(obj=obj, limit=limit)
        model = type(obj)
        admin_url = _admin_history_url(context, obj)
    return {
        "entries": entries,
        "title": title,
        "heading": heading if heading in {"h2", "h3", "h4"} else "h2",
        "admin_url": admin_url,
        "model_name": model._meta.verbose_name_plural,
        "limit": limit,
    }


def _admin_history_url(context, obj: Model) -> str:
    request = context.get("request")
    if request is None or not is_admin_user(request.user):
        return ""
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])
    except NoReverseMatch:
        return ""
