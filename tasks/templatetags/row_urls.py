"""``{% row_url %}``: the ``{% url %}`` of a table row, without resolving it per row.

``reverse()`` walks the URL patterns each time (about 50 µs here); a page that links
every row of a long table (the mandates to approve, the group dashboard's schools) spent
a fifth of its time there. The tag reverses a URL once per template rendering,
with a placeholder for its last argument, and puts each row's value in its place. A value the
placeholder cannot stand for (not an integer or a slug) goes through ``reverse()``.
"""

from __future__ import annotations

import re

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

_INT_PLACEHOLDER = 2_147_483_647
_SLUG_PLACEHOLDER = "row-url-placeholder"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def _pattern(name: str, fixed: tuple, placeholder: object) -> tuple[str, str] | None:
    """The URL around the placeholder, or None when the pattern does not take it."""
    try:
        url = reverse(name, args=[*fixed, placeholder])
    except NoReverseMatch:
        return None
    head, found, tail = url.rpartition(str(placeholder))
    return (head, tail) if found else None


def row_url_for(cache: dict, name: str, *args: object) -> str:
    """``reverse(name, args=args)``, with ``cache`` keeping the URL around the last one.

    The cache must not outlive the request (the URL configuration and the script prefix
    are the request's): the tag keeps it in the template's render context.
    """
    *fixed, last = args
    if isinstance(last, int) and not isinstance(last, bool):
        placeholder: object = _INT_PLACEHOLDER
    elif isinstance(last, str) and _SLUG.fullmatch(last):
        placeholder = _SLUG_PLACEHOLDER
    else:
        return reverse(name, args=args)
    key = (name, *fixed, placeholder)
    try:
        parts = cache[key]
    except KeyError:
        parts = cache[key] = _pattern(name, tuple(fixed), placeholder)
    except TypeError:  # an argument that cannot be a key
        return reverse(name, args=args)
    if parts is None:
        return reverse(name, args=args)
    return f"{parts[0]}{last}{parts[1]}"


@register.simple_tag(takes_context=True)
def row_url(context, name: str, *args: object) -> str:
    """``{% row_url 'teams:assignment_approve' school.slug a.pk %}``: as ``{% url %}``."""
    return row_url_for(context.render_context.setdefault("row_urls", {}), name, *args)
