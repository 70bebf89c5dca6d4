"""What every app needs to hand a user a file: one PDF renderer, one zip builder, one
download response, and file names made from user text.

It sits in the bottom layer so that the team builder, the wizard and the top floor share
one implementation of each, instead of a copy per app.
"""

from __future__ import annotations

import functools
import io
import re
import threading
import zipfile
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlparse

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext_noop

STATIC_ROOT_DIR = Path(settings.BASE_DIR) / "static"

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"


@functools.cache
def local_fetcher():
    """A WeasyPrint URL fetcher for data: URLs and the app's own static files only.

    Documents never need the network, and a fetcher that refuses it keeps a crafted
    link in user content from making the server fetch anything.
    """
    from weasyprint.urls import URLFetcher  # WeasyPrint loads slowly: only when a PDF is made.

    class LocalOnlyFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None):
            parsed = urlparse(url)
            allowed = parsed.scheme == "data" or (
                parsed.scheme == "file"
                and Path(parsed.path).resolve().is_relative_to(STATIC_ROOT_DIR.resolve())
            )
            if not allowed:
                raise ValueError(f"documents do not fetch {url}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher(allowed_protocols=["data", "file"])


# The stylesheets every PDF shares: the document rules the browser pages use too (a
# static file, so the Content-Security-Policy lets pages load it), then the print rules (a
# template, so the page footer speaks the reader's language).
DOCUMENT_CSS = STATIC_ROOT_DIR / "css" / "documents.css"
PDF_STYLESHEET = "documents/print.css"
# The page footer's word, translated in print.css: makemessages reads only .html, .txt
# and .py files, so the message is marked here for the catalogue to have it.
PAGE_LABEL = gettext_noop("Page")

# Indentation between tags: the parser and the style pass walk every whitespace-only text
# node, and in a document it renders as nothing more than one space. (No PDF template
# holds a <pre> or pre-formatted text, where it would matter.)
BETWEEN_TAGS = re.compile(r">\s+<")


class _Renderer(threading.local):
    """What WeasyPrint can reuse from one document to the next, per thread.

    A font configuration (Fontconfig's font list and Pango's font map, with their caches
    of fonts, metrics and line-height struts) costs more to build than a short document
    takes to lay out, and so does parsing the print stylesheet. Both are kept for the
    life of the process, one per thread because Pango's font map is not thread-safe.
    """

    def __init__(self) -> None:
        self.font_config = None
        self.stylesheets: dict[str, object] = {}

    def fonts(self):
        if self.font_config is None:
            from weasyprint.text.fonts import FontConfiguration

            self.font_config = FontConfiguration()
        return self.font_config

    def stylesheets_for_pdf(self) -> list:
        """The parsed shared stylesheets, the print one in the active language."""
        from weasyprint import CSS

        options = {
            "base_url": STATIC_ROOT_DIR.as_uri() + "/",
            "url_fetcher": local_fetcher(),
            "font_config": self.fonts(),
        }
        if "documents" not in self.stylesheets:
            self.stylesheets["documents"] = CSS(filename=str(DOCUMENT_CSS), **options)
        key = get_language() or ""
        if key not in self.stylesheets:
            self.stylesheets[key] = CSS(string=render_to_string(PDF_STYLESHEET), **options)
        return [self.stylesheets["documents"], self.stylesheets[key]]


_renderer = _Renderer()


def render_pdf(*, template: str, context: dict) -> bytes:
    """Render a document template to PDF bytes with WeasyPrint.

    The template gets ``for_pdf`` set, so a body shared with the browser page can leave
    out what only the screen needs. Every PDF is styled by the shared print stylesheet
    (``PDF_STYLESHEET``, parsed once per language and thread); a template's own
    ``<style>`` only adds what differs, such as a landscape page.
    """
    from weasyprint import HTML  # WeasyPrint loads slowly: only when a PDF is made.

    html = BETWEEN_TAGS.sub("> <", render_to_string(template, {**context, "for_pdf": True}))
    return HTML(
        string=html, base_url=STATIC_ROOT_DIR.as_uri() + "/", url_fetcher=local_fetcher()
    ).write_pdf(
        font_config=_renderer.fonts(),
        stylesheets=_renderer.stylesheets_for_pdf(),
    )


def zip_bytes(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of (path inside the archive, content) pairs."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
    return buffer.getvalue()


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A response that makes the browser save ``content`` as ``filename``.

    The file name is encoded for any character (RFC 6266), so a name typed by a user
    cannot break the header.
    """
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def file_slug(text: str, fallback: str) -> str:
    """A file name part: the slugified text, or the fallback when nothing is left."""
    return slugify(text)[:80].strip("-") or fallback


def unique_name(name: str, taken: set[str]) -> str:
    """``name``, or ``name-2``, ``name-3``, … before the extension, not yet in ``taken``."""
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 2
    while candidate in taken:
        candidate = f"{stem}-{n}{dot}{ext}"
        n += 1
    taken.add(candidate)
    return candidate
