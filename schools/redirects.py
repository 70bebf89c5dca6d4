"""Where a page may send the browser next: only back into this site."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request: HttpRequest, *, default: str, field: str = "next") -> str:
    """The posted (or queried) ``next`` address when it stays on this site, else ``default``.

    A ``next`` is chosen by whoever wrote the link or form; unchecked it would turn an
    approval button into a redirect to any site (an open redirect for phishing).
    """
    target = request.POST.get(field) or request.GET.get(field) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
