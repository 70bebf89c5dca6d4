"""The one PDF renderer keeps WeasyPrint's fonts and parsed print stylesheet per thread."""

import threading

from django.utils import translation

from schools import documents
from schools.documents import PDF_STYLESHEET, render_pdf


def test_consecutive_pdfs_share_the_font_configuration_and_the_parsed_stylesheet():
    first = render_pdf(template="teams/documents/pdf_base.html", context={})
    fonts = documents._renderer.font_config
    sheet = documents._renderer.stylesheets[(PDF_STYLESHEET, translation.get_language())]
    second = render_pdf(template="teams/documents/pdf_base.html", context={})
    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert documents._renderer.font_config is fonts
    assert documents._renderer.stylesheets[(PDF_STYLESHEET, translation.get_language())] is sheet


def test_the_print_stylesheet_is_parsed_once_per_language():
    renderer = documents._Renderer()
    with translation.override("en"):
        english = renderer.stylesheet(PDF_STYLESHEET)
        assert renderer.stylesheet(PDF_STYLESHEET) is english
    with translation.override("nl"):
        dutch = renderer.stylesheet(PDF_STYLESHEET)
    assert dutch is not english
    assert set(renderer.stylesheets) == {(PDF_STYLESHEET, "en"), (PDF_STYLESHEET, "nl")}


def test_the_print_stylesheet_parses_without_weasyprint_warnings(caplog):
    # A fresh renderer: the process-wide one may have parsed the sheet in an earlier test.
    with caplog.at_level("WARNING", logger="weasyprint"):
        documents._Renderer().stylesheet(PDF_STYLESHEET)
    assert [record.getMessage() for record in caplog.records] == []


def test_each_thread_builds_its_own_font_configuration():
    mine = documents._renderer.fonts()
    theirs = []
    thread = threading.Thread(target=lambda: theirs.append(documents._renderer.fonts()))
    thread.start()
    thread.join()
    assert theirs and theirs[0] is not mine
