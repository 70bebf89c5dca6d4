"""The one PDF renderer keeps WeasyPrint's fonts and parsed stylesheets per thread."""

import threading

from django.utils import translation

from schools import documents
from schools.documents import render_pdf


def test_consecutive_pdfs_share_the_font_configuration_and_the_parsed_stylesheet():
    first = render_pdf(template="teams/documents/pdf_base.html", context={})
    fonts = documents._renderer.font_config
    sheets = documents._renderer.stylesheets_for_pdf()
    second = render_pdf(template="teams/documents/pdf_base.html", context={})
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert documents._renderer.font_config is fonts
    assert all(
        a is b for a, b in zip(documents._renderer.stylesheets_for_pdf(), sheets, strict=True)
    )


def test_the_print_stylesheet_is_parsed_once_per_language():
    renderer = documents._Renderer()
    with translation.override("en"):
        shared, english = renderer.stylesheets_for_pdf()
        assert renderer.stylesheets_for_pdf()[1] is english
    with translation.override("nl"):
        shared_again, dutch = renderer.stylesheets_for_pdf()
    assert dutch is not english
    assert shared_again is shared
    assert set(renderer.stylesheets) == {"documents", "en", "nl"}


def test_the_shared_stylesheets_parse_without_weasyprint_warnings(caplog):
    # A fresh renderer: the process-wide one may have parsed the sheet in an earlier test.
    with caplog.at_level("WARNING", logger="weasyprint"):
        documents._Renderer().stylesheets_for_pdf()
    assert [record.getMessage() for record in caplog.records] == []


def test_each_thread_builds_its_own_font_configuration():
    mine = documents._renderer.fonts()
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(documents._renderer.fonts()))
    thread.start()
    thread.join()
    assert theirs and theirs[0] is not mine
