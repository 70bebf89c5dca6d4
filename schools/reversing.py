"""Addresses without ``reverse()`` for every row or every page.

``reverse()`` walks the URL patterns each time (about 50 µs here); a page that links
every row of a long table (the mandates to approve, the group dashboard's schools) spent
a fifth of its time there, and the tabs on every page of a school reversed seven
addresses each time. ``row_url_for`` reverses a URL once per cache, with a placeholder
for its last argument, and puts each value in its place; a value the placeholder cannot
stand for (not an integer or a slug) goes through ``reverse()``. ``process_urls()`` is a
cache that lives as long as the process, one per URL configuration and script prefix
and language (all an address depends on besides its arguments).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import NoReverseMatch
from django.urls import get_script_prefix
from django.urls import get_urlconf
from django.urls import reverse
from django.utils.translation import get_language

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

    The cache must not outlive what an address depends on besides its arguments: the
    request's URL configuration, script prefix and (were the patterns ever prefixed with
    it) language. ``{% row_url %}`` keeps one in the template's render context;
    ``process_urls()`` keys one on all three.
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


# Per URL configuration, script prefix and language: each request sets them, so a cache
# keyed on them may outlive the request (outside a request, the settings' configuration).
_PROCESS_URLS: dict[tuple, dict] = {}


def process_urls() -> dict:
    """A ``row_url_for`` cache for the current URL configuration, prefix and language."""
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())
    return _PROCESS_URLS.setdefault(key, {})
