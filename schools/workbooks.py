"""Every .xlsx workbook of ictteam goes through here: one guarded reader, one safe writer.

The reader refuses what would tie up the server or mislead an import before it reads a
single row: a file or an unpacked archive that is too big, XML with a DTD or entities
(the "billion laughs"), a sheet that declares more rows or columns than an import reads.
Then it streams the rows one by one, without padding them to the size a sheet declares,
and marks formula cells so an import can refuse them by name (sheet, row, column).

The writer writes user text as text: a value that Excel would read as a formula (a
leading ``=``, ``+``, ``-``, ``@``, tab or carriage return) is stored as a string cell
with Excel's quote prefix, the same as typing an apostrophe before it, so opening or
editing the cell never runs it, while the text itself is exported unchanged.

An upload that waits for its preview to be confirmed is kept in the default storage
under a random name; the confirm form carries only a signed token naming it.
"""

from __future__ import annotations

import io
import os
import re
import secrets
import zipfile
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import iterparse as fast_iterparse

import defusedxml
from defusedxml.ElementTree import iterparse
from django import forms
from django.contrib import messages
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import column_index_from_string
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS

# A workbook's parts together may unpack to this much; a real task workbook of the
# largest accepted size unpacks to a few megabytes.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
# Only the start of a part may hold a DTD: it comes before the root element.
PROLOG_BYTES = 64 * 1024

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW = f"{_NS}row"
_CELL = f"{_NS}c"
_SHEET_DATA = f"{_NS}sheetData"
_SHARED_STRING = f"{_NS}si"
_TEXT = f"{_NS}t"
_VALUE = f"{_NS}v"
_INLINE_STRING = f"{_NS}is"


class WorkbookRefused(Exception):
    """The file cannot be read as a workbook, or not safely; the message says why and where."""

    def __init__(self, message: str, *, sheet: str = "", row: int | None = None, column: str = ""):
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.row = row
        self.column = column

    def __str__(self) -> str:
        return located(self.message, sheet=self.sheet, row=self.row, column=self.column)


def located(message: str, *, sheet: str = "", row: int | None = None, column: str = "") -> str:
    """A message prefixed with where it applies: “Sheet “Tasks”, row 4, column D: …”."""
    where = []
    if sheet:
        where.append(_("Sheet “%(sheet)s”") % {"sheet": sheet})
    if row:
        where.append(_("row %(row)d") % {"row": row})
    if column:
        where.append(_("column %(column)s") % {"column": column})
    return f"{', '.join(where)}: {message}" if where else message


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell as read: its value, and whether the workbook holds a formula there."""

    value: object = None
    formula: bool = False


EMPTY = Cell()


def read_upload(file: str | os.PathLike | bytes | IO[bytes], *, max_bytes: int) -> bytes:
    """The bytes of a path, an upload or bytes, refusing a file bigger than max_bytes unread."""

    def too_big(size: int) -> WorkbookRefused:
        return WorkbookRefused(
            _("The file is %(size)s; the largest accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )

    if isinstance(file, str | os.PathLike):
        path = Path(file)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise too_big(size)
            data = path.read_bytes()
        except OSError as exc:
            raise WorkbookRefused(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror}
            ) from None
    elif isinstance(file, bytes | bytearray):
        data = bytes(file)
    else:
        # An upload knows its size: refuse a big one before reading it.
        size = getattr(file, "size", None)
        if size is not None and size > max_bytes:
            raise too_big(size)
        if hasattr(file, "seek"):
            file.seek(0)
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_big(len(data))
    if not data:
        raise WorkbookRefused(_("The file is empty."))
    return data


def _not_xlsx() -> WorkbookRefused:
    return WorkbookRefused(
        _(
            "This file is not an Excel workbook (.xlsx). Save it from your spreadsheet as "
            "“Excel Workbook (.xlsx)”, not as CSV or as an old .xls file."
        )
    )


def _entities_refused() -> WorkbookRefused:
    return WorkbookRefused(
        _(
            "This workbook contains XML declarations (a DTD or entities) that Excel never "
            "writes; it is refused. Open it in your spreadsheet and save it again as "
            "“Excel Workbook (.xlsx)”."
        )
    )


def _unreadable(exc: Exception) -> WorkbookRefused:
    return WorkbookRefused(
        _("This workbook cannot be read (%(reason)s).")
        % {"reason": str(exc) or exc.__class__.__name__}
    )


def _refusal(exc: BaseException) -> WorkbookRefused:
    """The refusal for an error of openpyxl, which wraps the XML guard's errors in its own."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, defusedxml.DefusedXmlException):
            return _entities_refused()
        cause = cause.__cause__ or cause.__context__
    return _unreadable(exc)


def _check_archive(data: bytes) -> None:
    """Refuse what is no workbook, unpacks too big, or declares XML entities, unparsed."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_xlsx() from None
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            raise WorkbookRefused(
                _("This file is a zip archive, but not an Excel workbook (.xlsx).")
            )
        # A decompression bomb is refused on the sizes the archive declares; zipfile never
        # unpacks more than a member declares.
        if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
            raise WorkbookRefused(
                _("This workbook unpacks to more than %(limit)s; it is refused.")
                % {"limit": filesizeformat(MAX_UNPACKED_BYTES)}
            )
        for info in infos:
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(info) as member:
                    start = member.read(PROLOG_BYTES)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
                raise _unreadable(exc) from None
            if start.startswith((b"\xff\xfe", b"\xfe\xff")):
                start = start.decode("utf-16", errors="ignore").encode()
            if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                raise _entities_refused()


def _root_within_prolog(start: bytes) -> bool:
    """Whether an XML part's root element starts within ``start``, after nothing but an
    XML declaration, processing instructions, comments and white space.

    A DTD (and with it any entity) can only come before the root element: a part whose
    root starts here, in bytes that hold no DTD, has none anywhere.
    """
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        start = start.decode("utf-16", errors="ignore").encode()
    position = 3 if start.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while position < len(start) and start[position] in b" \t\r\n":
            position += 1
        if start.startswith(b"<?", position):
            end = start.find(b"?>", position + 2)
            position = -1 if end < 0 else end + 2
        elif start.startswith(b"<!--", position):
            end = start.find(b"-->", position + 4)
            position = -1 if end < 0 else end + 3
        else:
            break
        if position < 0:
            return False
    name_start = start[position + 1 : position + 2]
    return start[position : position + 1] == b"<" and (
        name_start.isalpha() or name_start in (b"_", b":")
    )


def _read_shared_strings(source, max_strings: int) -> list[str]:
    """The workbook's table of texts, refused past max_strings.

    openpyxl reads the whole table when it opens a workbook, however few cells use it,
    and slowly: a few kilobytes of a million empty texts would take minutes.
    """
    strings: list[str] = []
    refused = _(
        "The workbook holds more than %(max)d different texts; at most that many are read."
    ) % {"max": max_strings}
    for _event, node in iterparse(source, forbid_dtd=True):
        if node.tag != _SHARED_STRING:
            continue
        if len(strings) >= max_strings:
            raise WorkbookRefused(refused)
        children = list(node)
        if len(children) == 1 and children[0].tag == _TEXT:
            text = children[0].text or ""
        else:
            # Rich text: openpyxl joins its runs, leaving out the phonetic guides.
            text = Text.from_tree(node).content
        strings.append(text.replace("x005F_", ""))
        node.clear()
    return strings


class _GuardedExcelReader(ExcelReader):
    """openpyxl's reader, read-only and keeping formulas, with a capped table of texts."""

    def __init__(self, data: bytes, *, max_strings: int) -> None:
        super().__init__(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
        self.max_strings = max_strings

    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            name = part.PartName[1:]
            # Counting the text elements as bytes first refuses a table of a million texts
            # in milliseconds; the parse below still counts, whatever the markup's prefixes.
            with self.archive.open(name) as source:
                elements = _count_text_elements(source)
            if elements > self.max_strings:
                raise WorkbookRefused(
                    _(
                        "The workbook holds more than %(max)d different texts; at most that "
                        "many are read."
                    )
                    % {"max": self.max_strings}
                )
            with self.archive.open(name) as source:
                self.shared_strings = _read_shared_strings(source, self.max_strings)


_TEXT_ELEMENT_STARTS = (b"<si>", b"<si ", b":si>", b":si ")


def _count_text_elements(source, chunk: int = 1 << 20) -> int:
    """How many ``<si>`` elements a table of texts holds, read a megabyte at a time."""
    count, tail = 0, b""
    while block := source.read(chunk):
        # The last few bytes of a block are kept: a start tag may straddle two blocks.
        data = tail + block
        count += sum(data.count(start) for start in _TEXT_ELEMENT_STARTS)
        tail = data[-4:]
        count -= sum(tail.count(start) for start in _TEXT_ELEMENT_STARTS)
    return count + sum(tail.count(start) for start in _TEXT_ELEMENT_STARTS)


class WorkbookReader:
    """A guarded, read-only workbook: use as a context manager, then read its sheets' rows."""

    def __init__(
        self, data: bytes, *, max_rows: int, max_columns: int, max_strings: int | None = None
    ) -> None:
        self.max_rows = max_rows
        self.max_columns = max_columns
        _check_archive(data)
        try:
            # Read-only streams the rows; keeping formulas (not their results) lets an
            # import refuse them.
            reader = _GuardedExcelReader(
                data, max_strings=4 * max_rows if max_strings is None else max_strings
            )
            reader.read()
            self.workbook = reader.wb
        except WorkbookRefused:
            raise
        except (InvalidFileException, zipfile.BadZipFile):
            raise _not_xlsx() from None
        except Exception as exc:  # openpyxl raises many kinds of errors for broken files
            raise _refusal(exc) from None

    def __enter__(self) -> WorkbookReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.workbook.close()

    @property
    def sheetnames(self) -> list[str]:
        return self.workbook.sheetnames

    def custom_property(self, name: str) -> object:
        """A custom document property (File > Properties > Custom), or None."""
        properties = getattr(self.workbook, "custom_doc_props", None)
        if properties is None or name not in properties.names:
            return None
        return properties[name].value

    def check_size(self, name: str) -> None:
        """Refuse a sheet that declares more rows or columns than an import reads."""
        sheet = self.workbook[name]
        rows, columns = sheet.max_row or 0, sheet.max_column or 0
        if rows > self.max_rows or columns > self.max_columns:
            raise WorkbookRefused(
                _(
                    "The sheet declares %(range)s: %(rows)d rows and %(columns)d columns; at "
                    "most %(max_rows)d rows and %(max_columns)d columns are read. Delete the "
                    "empty rows and columns after your data, or copy the data to a new "
                    "workbook."
                )
                % {
                    "range": f"A1:{get_column_letter(max(columns, 1))}{max(rows, 1)}",
                    "rows": rows,
                    "columns": columns,
                    "max_rows": self.max_rows,
                    "max_columns": self.max_columns,
                },
                sheet=name,
            )

    def rows(self, name: str) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        """(row number, cells) for every row that has a value, read lazily.

        A row's cells run from column A to its last cell with a value, never to the width
        the sheet declares. Rows and columns past the caps refuse the workbook as soon as
        they are met.
        """
        self.check_size(name)
        try:
            yield from self._rows(name)
        except WorkbookRefused:
            raise
        except Exception as exc:  # a broken sheet only shows while its rows are read
            raise _refusal(exc) from None

    def _too_many_rows(self, name: str, number: int) -> WorkbookRefused:
        return WorkbookRefused(
            _("The sheet goes on past row %(max)d; at most %(max)d rows are read.")
            % {"max": self.max_rows},
            sheet=name,
            row=number,
        )

    def _too_many_columns(self, name: str, number: int) -> WorkbookRefused:
        return WorkbookRefused(
            _("The row goes on past column %(column)s; at most %(max)d columns are read.")
            % {"column": get_column_letter(self.max_columns), "max": self.max_columns},
            sheet=name,
            row=number,
        )

    def _rows(self, name: str) -> Iterator[tuple[int, tuple[Cell, ...]]]:
        sheet = self.workbook[name]
        workbook = self.workbook
        # openpyxl's own cell parser (values, shared strings, dates, formulas), driven
        # element by element so a row is checked while it is read, not after.
        parser = WorkSheetParser(
            None,
            sheet._shared_strings,
            data_only=False,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        shared_strings = sheet._shared_strings
        depth = 0
        rows_read = 0
        row_number = 0
        cells: dict[int, Cell] = {}
        cells_in_row = 0
        with sheet._get_source() as source:
            if not _root_within_prolog(source.read(PROLOG_BYTES)):
                raise _entities_refused()
        # A sheet is by far the largest part: it is parsed by the C parser, twice as fast
        # as defusedxml's, which is safe since no DTD can come after the root element,
        # which starts within the bytes checked here and by ``_check_archive``.
        with sheet._get_source() as source:
            for event, element in fast_iterparse(source, events=("start", "end")):
                if event == "start":
                    depth += 1
                    if element.tag == _ROW:
                        rows_read += 1
                        given = element.get("r")
                        row_number = int(given) if given and given.isdigit() else row_number + 1
                        if row_number > self.max_rows or rows_read > self.max_rows:
                            raise self._too_many_rows(name, row_number)
                        parser.row_counter = row_number
                        parser.col_counter = 0
                        cells = {}
                        cells_in_row = 0
                    continue
                depth -= 1
                tag = element.tag
                if tag == _CELL:
                    cells_in_row += 1
                    text = _plain_text(element, shared_strings)
                    if text is _OTHER:
                        cell = parser.parse_cell(element)
                        column, value = cell["column"], cell["value"]
                        formula = cell["data_type"] == "f"
                    else:
                        coordinate = element.get("r")
                        column = (
                            column_index_from_string(coordinate.rstrip("0123456789"))
                            if coordinate
                            else parser.col_counter + 1
                        )
                        parser.col_counter = column
                        value, formula = text, False
                    if column > self.max_columns or cells_in_row > self.max_columns:
                        raise self._too_many_columns(name, row_number)
                    if value is not None:
                        cells[column] = Cell(value, formula=formula)
                    element.clear()
                elif tag == _ROW:
                    element.clear()
                    if cells:
                        width = max(cells)
                        yield row_number, tuple(cells.get(c, EMPTY) for c in range(1, width + 1))
                elif depth == 1 and tag != _SHEET_DATA:
                    # The sheet's other parts (merged cells, formatting, ...) are not needed.
                    element.clear()


# A cell that is neither plain text nor empty: openpyxl's cell parser reads it.
_OTHER = object()


def _plain_text(element, shared_strings: Sequence[str]) -> object:
    """The text of a cell that holds only text (a shared or an inline one), None for an
    empty (formatted) cell, else ``_OTHER``.

    Nearly every cell of a task workbook is one of these; reading them here, without
    openpyxl's general cell parser (a dict and, for inline text, a rich-text object per
    cell), took a third off reading a 10,000-row workbook. Every other cell (numbers,
    dates, formulas, rich text) goes through openpyxl's parser as before.
    """
    kind = element.get("t")
    if len(element) == 0 and kind in (None, "n", "s", "inlineStr"):
        return None
    if kind == "s":
        children = list(element)
        if len(children) != 1 or children[0].tag != _VALUE:
            return _OTHER
        index = children[0].text
        if not index or not index.isdigit() or int(index) >= len(shared_strings):
            return _OTHER
        return shared_strings[int(index)]
    if kind == "inlineStr":
        children = list(element)
        if len(children) != 1 or children[0].tag != _INLINE_STRING:
            return _OTHER
        runs = list(children[0])
        if len(runs) != 1 or runs[0].tag != _TEXT or runs[0].text is None:
            return _OTHER
        return runs[0].text
    return _OTHER


def is_formula(cell: Cell) -> bool:
    """A formula, or text a spreadsheet would take for one when it is edited."""
    return cell.formula or (isinstance(cell.value, str) and cell.value.startswith("="))


# ---------------------------------------------------------------------------- writing


def cell_text(value: str) -> tuple[str, bool]:
    """Text as a cell holds it, the characters XML cannot hold dropped, and whether it
    needs the quote prefix: text a spreadsheet would take for a formula when the cell is
    edited (the rule of every workbook the project writes)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return text, text.startswith(FORMULA_STARTS)


def write_cell(cell, value: object):
    """Put a value in a cell; text is always text, and never runs as a formula.

    openpyxl takes a string that starts with ``=`` for a formula: it is written as a
    string instead. Text Excel would read as a formula when the cell is edited gets the
    quote prefix, as an apostrophe typed before it would. Characters XML cannot hold
    are dropped rather than failing the whole export.
    """
    if value == "":
        # An empty text is an empty cell, not an empty string stored in the workbook.
        cell.value = None
    elif isinstance(value, str):
        cell.value, quoted = cell_text(value)
        cell.data_type = "s"
        if quoted:
            cell.quotePrefix = True
    else:
        cell.value = value
    return cell


def write_row(sheet, row: int, values: Sequence[object]) -> list:
    """Write a row of values from column A with write_cell; the cells written."""
    return [
        write_cell(sheet.cell(row=row, column=column), value)
        for column, value in enumerate(values, start=1)
    ]


def append_row(sheet, values: Sequence[object]) -> list:
    """Write a row below the last one, like ``sheet.append``, but safely."""
    row = sheet.max_row + 1 if sheet.max_row > 1 or sheet.cell(1, 1).value is not None else 1
    return write_row(sheet, row, values)


# ---------------------------------------------------------------------------- pending uploads

PENDING_FOLDER = "pending-workbooks"
PENDING_MAX_AGE = timedelta(days=1)
_PENDING_SALT = "schools.workbooks.pending"
_PENDING_NAME = re.compile(rf"^{PENDING_FOLDER}/[A-Za-z0-9_-]{{20,64}}\.xlsx$")


@dataclass(frozen=True)
class PendingUpload:
    """An upload waiting for its preview to be confirmed."""

    path: str
    name: str
    data: bytes
    extra: dict


def pending_save(*, data: bytes, name: str, purpose: str, extra: dict | None = None) -> str:
    """Keep an upload until it is confirmed; the signed token the confirm form carries.

    The purpose (what it imports into, and for whom) is signed into the token, so a
    token cannot confirm an upload elsewhere or for someone else.
    """
    pending_cleanup()
    path = default_storage.save(
        f"{PENDING_FOLDER}/{secrets.token_urlsafe(24)}.xlsx", ContentFile(data)
    )
    return signing.dumps(
        {"path": path, "name": name[:200], "purpose": purpose, "extra": extra or {}},
        salt=_PENDING_SALT,
        compress=True,
    )


def pending_load(*, token: str, purpose: str) -> PendingUpload | None:
    """The upload a token names, if it is still waiting, for this purpose; else None."""
    try:
        payload = signing.loads(token, salt=_PENDING_SALT, max_age=PENDING_MAX_AGE.total_seconds())
    except signing.BadSignature:
        return None
    path = payload.get("path", "")
    if payload.get("purpose") != purpose or not _PENDING_NAME.match(path):
        return None
    try:
        with default_storage.open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    return PendingUpload(
        path=path, name=payload.get("name", ""), data=data, extra=payload.get("extra", {})
    )


class PendingConfirmForm(forms.Form):
    """Confirms a previewed upload; the signed token names the file waiting in storage."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=20_000)


def pending_confirmed(
    request: HttpRequest, confirm: forms.Form, *, purpose: str
) -> PendingUpload | None:
    """The upload a posted confirm form (its ``token`` field) names, still waiting for
    this purpose; else None, with a message telling the user to upload the file again
    (the view goes back to its upload form)."""
    pending = None
    if confirm.is_valid():
        pending = pending_load(token=confirm.cleaned_data["token"], purpose=purpose)
    if pending is None:
        messages.error(request, pending_gone())
    return pending


def import_steps(
    request: HttpRequest,
    *,
    purpose: str,
    upload: Callable[[], HttpResponse | dict],
    confirm: Callable[[forms.Form, PendingUpload], HttpResponse | dict],
    show: Callable[[dict], HttpResponse],
    confirm_form: type[forms.Form] = PendingConfirmForm,
) -> HttpResponse:
    """An import page's answer to a request: upload → preview → confirm.

    A GET shows the upload form: ``show({})``. A POST carrying a ``token`` confirms:
    the upload it names, still waiting for ``purpose``, goes to ``confirm(form,
    pending)``; one that no longer waits sends the user back to the upload form with a
    message. Any other POST is an upload: ``upload()`` reads it and previews what it
    would change, keeping it with ``pending_save`` when there is something to confirm.
    Each step gives back a response when it is done, else what the page shows beside
    its defaults, for ``show``; a step that kept an upload gives its ``token``, and the
    page shows the ``confirm_form`` carrying it (else ``confirm_form`` is None). A page
    whose confirm asks more than the token gives its own form. Nothing is written before
    the confirm.
    """
    if request.method != "POST":
        step: HttpResponse | dict = {}
    elif "token" not in request.POST:
        step = upload()
    else:
        form = confirm_form(request.POST)
        pending = pending_confirmed(request, form, purpose=purpose)
        if pending is None:
            return redirect(request.path)
        step = confirm(form, pending)
    if isinstance(step, HttpResponse):
        return step
    token = step.pop("token", None)
    return show({"confirm_form": confirm_form(initial={"token": token}) if token else None, **step})


def pending_gone() -> str:
    """What to tell the user whose confirmed upload no longer waits (expired, or a
    token for another purpose)."""
    return _("That upload is no longer waiting; upload the file again.")


def pending_discard(upload: PendingUpload) -> None:
    default_storage.delete(upload.path)


def pending_cleanup() -> int:
    """Delete the uploads nobody confirmed within a day; how many were deleted."""
    try:
        _folders, files = default_storage.listdir(PENDING_FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return 0
    cutoff = timezone.now() - PENDING_MAX_AGE
    deleted = 0
    for filename in files:
        path = f"{PENDING_FOLDER}/{filename}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                deleted += 1
        except (OSError, NotImplementedError):
            continue
    return deleted
