"""Requests no page can answer sensibly, refused before they reach one."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.core.exceptions import BadRequest
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.utils.translation import gettext as _

from schools.fields import BIGINT_MAX
from schools.fields import parse_id


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


_ID_ARGUMENTS = {"pk", "id", "object_id", "content_type_id"}


class RefuseOutOfRangeIdsMiddleware:
    """404 for an address whose number no row can have: beyond a bigint.

    Such a number passes the ``<int:…>`` converter but makes SQLite raise an
    OverflowError in a foreign-key lookup and PostgreSQL a DataError, a server error
    instead of the "not found" any other missing id gets.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> None:
        for name, value in [*enumerate(args), *kwargs.items()]:
            if isinstance(value, str) and (name in _ID_ARGUMENTS or isinstance(name, int)):
                if value.isascii() and value.isdigit() and parse_id(value) is None:
                    raise Http404(_("No such page."))
                continue
            if isinstance(value, int) and not -BIGINT_MAX - 1 <= value <= BIGINT_MAX:
                raise Http404(_("No such page."))
        return None
