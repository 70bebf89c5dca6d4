"""Requests no page can answer sensibly, refused before they reach one."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _


class RefuseNulBytesMiddleware:
    """400 for a NUL byte in the path, the query string or the posted form.

    No form field or address of the project takes one, and PostgreSQL refuses it in any
    text value: left alone it would turn a search, a login name or an autocomplete term
    into a server error.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or b"\x00" in unquote_to_bytes(
            request.META.get("QUERY_STRING", "")
        ):
            raise BadRequest(_("The address contains a NUL byte."))
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            for name, values in request.POST.lists():
                if "\x00" in name or any("\x00" in value for value in values):
                    raise BadRequest(_("The form contains a NUL byte."))
        return self.get_response(request)
