"""Task workbooks in: the catalogue import and a school's or group's list import.

The format is in ``tasks/workbook.py``; reading the file, with every guard against a
hostile or mistaken upload, is ``schools.workbooks.WorkbookReader``.
"""

from __future__ import annotations

import copy
import functools
import os
import re
from collections.abc import Callable
from collections.abc import Hashable
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import time
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from schools.access import Owner
from schools.access import owner_kwargs
from schools.workbooks import WorkbookReader
from schools.workbooks import WorkbookRefused
from schools.workbooks import is_formula
from schools.workbooks import read_upload
from tasks import workbook as wb
from tasks.models import COMPETENCE_FIELDS
from tasks.models import CONTEXT_FIELDS
from tasks.models import LIST_CHOICE_FIELDS
from tasks.models import TEXT_LANGUAGES
from tasks.models import TRANSLATED_FIELDS
from tasks.models import ListTask
from tasks.models import ReviewState
from tasks.models import Task
from tasks.models import TaskLevel
from tasks.models import TaskStatus
from tasks.models import text_language
from tasks.services import _applies_to
from tasks.services import _default_list_level
from tasks.services import task_list_add_new_catalogue_tasks
from tasks.services import task_list_mark

# Caps that keep a hostile or mistaken upload from tying up the server.
MAX_IMPORT_ROWS = 20_000
# Room for blank and separating rows between tasks, no more: a crafted sheet of empty rows
# is read up to this cap before it is refused.
MAX_SCANNED_ROWS = MAX_IMPORT_ROWS + 1_000
# The eighteen known columns, and room for a few unexpected ones to be named.
MAX_COLUMNS = 64
MAX_IMPORT_ERRORS = 100
# Codes end up in URLs and file names: letters, digits, dots, dashes and underscores only.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

# The Task fields every workbook row sets; the texts (``TEXT_FIELDS``) are set per language
# for the columns the workbook has, and a missing language column keeps what is there.
PLAIN_FIELDS = (
    "cluster",
    "is_core",
    *COMPETENCE_FIELDS.values(),
    "specialisation",
    "also_by",
    "level",
    *CONTEXT_FIELDS.values(),
    "source",
)
TEXT_FIELDS = tuple(f"{name}_{code}" for name in TRANSLATED_FIELDS for code in TEXT_LANGUAGES)
TASK_ROW_FIELDS = (*PLAIN_FIELDS, *TEXT_FIELDS)
_COLUMN_OF_FIELD = {
    "code": wb.CODE,
    "cluster": wb.CLUSTER,
    "is_core": wb.CORE,
    "specialisation": wb.SPECIALISATION,
    "also_by": wb.ALSO_BY,
    "level": wb.LEVEL,
    "source": wb.SOURCE,
    **dict.fromkeys(COMPETENCE_FIELDS.values(), wb.COMPETENCES),
    **dict.fromkeys(CONTEXT_FIELDS.values(), wb.CONTEXTS),
    **{name: name for name in TEXT_FIELDS},
}
_LIST_COLUMN_OF_FIELD = {field: column for column, field in wb.LIST_FIELD_OF_COLUMN.items()}


@dataclass(frozen=True)
class ImportIssue:
    """One problem (or warning) of an import, with where it is in the workbook."""

    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(_("Sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            where.append(_("row %(row)d") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ImportReport:
    """What an import did, or would do on a dry run; nothing was written when it has errors."""

    target: str
    dry_run: bool = False
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)
    errors_truncated: bool = False
    # The catalogue tasks an import with ``lists_later`` left for the fan-out job to put
    # on the lists: the new ones and the reactivated ones.
    for_the_lists: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "unchanged": len(self.unchanged),
            "retired": len(self.retired),
        }

    def summary(self) -> str:
        return (
            _("%(added)d added, %(changed)d changed, %(unchanged)d unchanged, %(retired)d retired")
            % self.counts
        )

    def error(self, message: str, *, sheet: str = "", row: int | None = None, column: str = ""):
        if len(self.errors) >= MAX_IMPORT_ERRORS:
            self.errors_truncated = True
            return
        self.errors.append(ImportIssue(message, sheet, row, column))

    def warn(self, message: str, *, sheet: str = "", row: int | None = None, column: str = ""):
        self.warnings.append(ImportIssue(message, sheet, row, column))

    def _clear_outcome(self) -> None:
        for outcome in (self.added, self.changed, self.unchanged, self.retired):
            outcome.clear()


@dataclass
class _Row:
    number: int
    code: str
    task: dict[str, object]
    # Only the list columns the workbook has: a missing column keeps the list's choice.
    choices: dict[str, object]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return wb.yes_no(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date | time):
        value = value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _header_names(cells) -> list[str]:
    return [_cell_text(cell.value) for cell in cells]


def _missing_columns(columns) -> list[str]:
    """The catalogue columns a workbook lacks (a text column in no language is missing)."""
    present = {wb.key_of(column) for column in columns}
    return [key for key in wb.CATALOGUE_KEYS if key not in present and key not in wb.OPTIONAL_KEYS]


def _has_catalogue_headers(names: list[str]) -> bool:
    return not _missing_columns(filter(None, map(wb.column_of_header, names)))


def _columns_help() -> str:
    return _("row 1 must hold the columns %(columns)s, optionally followed by %(list)s") % {
        "columns": " | ".join(wb.header(c) for c in wb.catalogue_columns(translations=False)),
        "list": " | ".join(wb.header(c) for c in wb.LIST_COLUMNS),
    }


def _map_headers(
    names: list[str], cells, sheet: str, report: ImportReport
) -> tuple[dict[str, int], dict[str, str]]:
    """Column id -> index and column id -> its header as written, or an error naming the
    missing, unexpected and doubled columns. Headers are recognised in every language."""
    positions: dict[str, int] = {}
    written: dict[str, str] = {}
    unexpected: list[str] = []
    for index, (name, cell) in enumerate(zip(names, cells, strict=True)):
        if is_formula(cell):
            report.error(
                _("a formula is not a column header"),
                sheet=sheet,
                row=1,
                column=get_column_letter(index + 1),
            )
            continue
        if not name:
            continue
        column = wb.column_of_header(name)
        if column is None:
            unexpected.append(name)
        elif column in positions:
            report.error(
                _("the column “%(column)s” appears twice: columns %(first)s and %(second)s")
                % {
                    "column": written[column],
                    "first": get_column_letter(positions[column] + 1),
                    "second": get_column_letter(index + 1),
                },
                sheet=sheet,
                row=1,
            )
        else:
            positions[column] = index
            written[column] = name
    missing = _missing_columns(positions)
    if missing or unexpected:
        parts = []
        if missing:
            parts.append(
                _("missing columns: %(columns)s")
                % {"columns": ", ".join(f"“{wb.header(c)}”" for c in missing)}
            )
        if unexpected:
            parts.append(
                _("unexpected columns: %(columns)s")
                % {"columns": ", ".join(f"“{c}”" for c in unexpected)}
            )
        parts.append(_columns_help())
        report.error("; ".join(parts), sheet=sheet, row=1)
    return positions, written


def _workbook_language(positions: dict[str, int]) -> str:
    """The language a workbook is written in: that of its first task title column."""
    titles = sorted(
        (index, column) for column, index in positions.items() if wb.key_of(column) == wb.TITLE
    )
    return wb.language_of(titles[0][1]) if titles else text_language()


@functools.cache
def _words() -> dict[str, frozenset[str]]:
    """Yes, No and All in every language: the same for every row, so built once.

    Translating a word into each language switches the active language, which costs
    more than reading the cell; done per row it was a tenth of a large import.
    """
    return {
        "yes": frozenset({"yes", "y", "true", "1", "ja", "j"} | wb.words(wb.YES)),
        "no": frozenset({"no", "n", "false", "0", "nee"} | wb.words(wb.NO)),
        "all": frozenset(wb.words(wb.ALL_CONTEXTS)),
    }


def _yes_no(text: str) -> bool | None:
    value = text.casefold()
    if value in _words()["yes"]:
        return True
    if value in _words()["no"]:
        return False
    return None


class _RowParser:
    """Turns the cells of one row into Task and ListTask values, or errors naming the cell."""

    def __init__(
        self,
        report: ImportReport,
        sheet: str,
        positions: dict[str, int],
        written: dict[str, str],
        language: str,
    ) -> None:
        self.report = report
        self.sheet = sheet
        self.positions = positions
        self.written = written
        self.language = language
        self.columns = {index: column for column, index in positions.items()}
        # The text columns the workbook has, per text: {"title": ["title_nl", "title_en"]}.
        self.text_columns = {
            name: [f"{name}_{code}" for code in TEXT_LANGUAGES if f"{name}_{code}" in positions]
            for name in TRANSLATED_FIELDS
        }
        # Columns of the current row whose cell was refused already (a formula).
        self.refused: set[str] = set()
        # (model, field, value) the model's validation accepted already.
        self.valid: set[tuple[type, str, object]] = set()

    def name(self, column: str) -> str:
        """A column as the workbook names it (or as this language would)."""
        if not column:
            return ""
        return self.written.get(column) or wb.header(column, self.language)

    def error(self, number: int, column: str, message: str) -> None:
        self.report.error(message, sheet=self.sheet, row=number, column=self.name(column))

    def parse(self, number: int, cells) -> _Row | None:
        errors_before = len(self.report.errors)
        texts: dict[str, str] = {}
        for index, cell in enumerate(cells):
            if cell.value is None:
                continue
            column = self.columns.get(index)
            label = self.name(column) if column else get_column_letter(index + 1)
            if is_formula(cell):
                self.report.error(
                    _("formulas are not accepted: type the value itself"),
                    sheet=self.sheet,
                    row=number,
                    column=label,
                )
            elif column is None:
                self.report.error(
                    _("a value in a column without a known header"),
                    sheet=self.sheet,
                    row=number,
                    column=label,
                )
        self.refused = set()
        for column, index in self.positions.items():
            cell = cells[index] if index < len(cells) else None
            if cell is not None and is_formula(cell):
                # Already reported; read as empty so the row's other cells are checked too.
                self.refused.add(column)
                texts[column] = ""
            else:
                texts[column] = "" if cell is None else _cell_text(cell.value)

        task = self._task_values(number, texts)
        choices = self._choices(number, texts)
        if len(self.report.errors) > errors_before:
            return None
        self._validate_models(number, task, choices)
        if len(self.report.errors) > errors_before:
            return None
        return _Row(number=number, code=texts[wb.CODE], task=task, choices=choices)

    def _required(self, number: int, texts: dict[str, str], column: str) -> str:
        value = texts[column]
        if not value and column not in self.refused:
            self.error(number, column, _("this column must not be empty"))
        return value

    def _texts(self, number: int, texts: dict[str, str]) -> dict[str, str]:
        """The texts of the row per language column; a task needs a title and a topic."""
        values: dict[str, str] = {}
        for name, columns in self.text_columns.items():
            for column in columns:
                values[column] = texts[column]
                limit = Task._meta.get_field(column).max_length or wb.LONG_TEXT_MAX
                self._length(number, column, texts[column], limit)
            empty = not any(values[c] for c in columns) and not self.refused.intersection(columns)
            if name in ("title", "topic") and columns and empty:
                self.error(number, columns[0], _("this column must not be empty"))
        return values

    def _length(self, number: int, column: str, value: str, limit: int) -> str:
        if len(value) > limit:
            self.error(
                number,
                column,
                _("too long: %(length)d characters, at most %(max)d")
                % {"length": len(value), "max": limit},
            )
        return value

    def _one(self, number: int, column: str, text: str, vocabulary: wb.Vocabulary) -> str:
        key = vocabulary.parse(text)
        if key is None:
            self.error(
                number,
                column,
                _("unknown %(what)s “%(value)s”; use one of %(allowed)s")
                % {
                    "what": self.name(column).casefold(),
                    "value": text,
                    "allowed": ", ".join(vocabulary.labels()),
                },
            )
            return ""
        return key

    def _many(self, number: int, column: str, text: str, vocabulary: wb.Vocabulary) -> list[str]:
        keys: list[str] = []
        for part in text.split(";"):
            if part.strip():
                key = self._one(number, column, part.strip(), vocabulary)
                if key and key not in keys:
                    keys.append(key)
        return keys

    def _boolean(self, number: int, column: str, text: str) -> bool | None:
        value = _yes_no(text)
        if value is None:
            self.error(
                number,
                column,
                _("“%(value)s” is not %(yes)s or %(no)s")
                % {"value": text, "yes": wb.YES, "no": wb.NO},
            )
        return value

    def _task_values(self, number: int, texts: dict[str, str]) -> dict[str, object]:
        code = self._required(number, texts, wb.CODE)
        if code:
            self._length(number, wb.CODE, code, Task._meta.get_field("code").max_length)
            if not CODE_PATTERN.match(code):
                self.error(
                    number,
                    wb.CODE,
                    _("“%(code)s” is not a valid code: use letters, digits, “-”, “_” and “.”")
                    % {"code": code},
                )
        cluster_text = self._required(number, texts, wb.CLUSTER)
        cluster = self._one(number, wb.CLUSTER, cluster_text, wb.CLUSTERS) if cluster_text else ""
        text_values = self._texts(number, texts)
        self._length(number, wb.SOURCE, texts[wb.SOURCE], Task._meta.get_field("source").max_length)
        is_core = bool(texts[wb.CORE]) and self._boolean(number, wb.CORE, texts[wb.CORE])
        competences = self._many(
            number, wb.COMPETENCES, texts[wb.COMPETENCES], wb.COMPETENCE_VOCABULARY
        )
        specialisation = (
            self._one(number, wb.SPECIALISATION, texts[wb.SPECIALISATION], wb.SPECIALISATIONS)
            if texts[wb.SPECIALISATION]
            else ""
        )
        also_by = self._many(number, wb.ALSO_BY, texts[wb.ALSO_BY], wb.OTHER_ACTORS)
        level = (
            self._one(number, wb.LEVEL, texts[wb.LEVEL], wb.TASK_LEVELS)
            if texts[wb.LEVEL]
            else TaskLevel.SCHOOL
        )
        contexts_text = texts[wb.CONTEXTS]
        # Empty, like "All", means every context: a task for no one would never show.
        if not contexts_text or contexts_text.casefold() in _words()["all"]:
            contexts = list(CONTEXT_FIELDS)
        else:
            contexts = self._many(number, wb.CONTEXTS, contexts_text, wb.CONTEXT_VOCABULARY)
        return {
            "code": code,
            "cluster": cluster,
            **text_values,
            "is_core": bool(is_core),
            **{name: key in competences for key, name in COMPETENCE_FIELDS.items()},
            "specialisation": specialisation,
            "also_by": also_by,
            "level": level,
            **{name: key in contexts for key, name in CONTEXT_FIELDS.items()},
            "source": texts[wb.SOURCE],
        }

    def _choices(self, number: int, texts: dict[str, str]) -> dict[str, object]:
        choices: dict[str, object] = {}
        for column, name in (
            (wb.APPLIES, "applies"),
            (wb.RAISE_WITH_DIRECTOR, "raise_with_director"),
        ):
            if texts.get(column):
                choices[name] = self._boolean(number, column, texts[column])
        for column, name, vocabulary in (
            (wb.HORIZON, "horizon", wb.HORIZONS),
            (wb.OUR_LEVEL, "level", wb.LIST_LEVELS),
        ):
            if texts.get(column):
                choices[name] = self._one(number, column, texts[column], vocabulary)
        # An empty reason or note is a choice too: it clears the cell's value.
        if wb.LEVEL_REASON in texts:
            text = texts[wb.LEVEL_REASON]
            choices["level_reason"] = (
                self._one(number, wb.LEVEL_REASON, text, wb.LEVEL_REASONS) if text else ""
            )
        if wb.NOTE in texts:
            choices["note"] = self._length(number, wb.NOTE, texts[wb.NOTE], wb.LONG_TEXT_MAX)
        return choices

    def _validate_models(self, number: int, task: dict, choices: dict) -> None:
        """The model fields' own validation, as a second line behind the checks above.

        Field by field rather than ``full_clean`` per row: a value a column repeats on
        every row (a cluster, a level, yes or no) is checked once per column, and no
        model instance is built for it. (The rule of ``Task.clean``, a title and a topic
        in some language, is ``_texts``'s.)
        """
        for model, values, columns in (
            (Task, task, _COLUMN_OF_FIELD),
            (ListTask, choices, _LIST_COLUMN_OF_FIELD),
        ):
            for name, value in values.items():
                key = (model, name, value if isinstance(value, Hashable) else repr(value))
                if key in self.valid:
                    continue
                model_field = model._meta.get_field(name)
                if not (model_field.blank and value in model_field.empty_values):
                    try:
                        model_field.clean(value, None)
                    except ValidationError as exc:
                        for message in exc.messages:
                            self.error(number, columns.get(name, ""), message)
                        continue
                self.valid.add(key)


@dataclass
class _Sheet:
    """The task rows read, the sheet they are on, and its columns (the parser knows them)."""

    rows: list[_Row]
    title: str
    parser: _RowParser | None

    @property
    def columns(self) -> dict[str, int]:
        return self.parser.positions if self.parser else {}

    def name(self, column: str) -> str:
        return self.parser.name(column) if self.parser else wb.header(column)


def _read_rows(data: bytes, report: ImportReport) -> _Sheet:
    """The task rows of the workbook, with its sheet and columns; errors go to the report."""
    with WorkbookReader(data, max_rows=MAX_SCANNED_ROWS, max_columns=MAX_COLUMNS) as reader:
        return _read_sheet_rows(reader, report)


def _read_sheet_rows(reader: WorkbookReader, report: ImportReport) -> _Sheet:
    names = reader.sheetnames
    tasks_sheets = [name for name in names if name.casefold() in wb.sheet_names(wb.TASKS_SHEET)]
    if tasks_sheets:
        title = tasks_sheets[0]
        rows = reader.rows(title)
        first = next(rows, None)
    else:
        title = names[0] if names else ""
        rows = reader.rows(title) if names else iter(())
        first = next(rows, None)
        if first is None or not _has_catalogue_headers(_header_names(first[1])):
            raise WorkbookRefused(
                _(
                    "The workbook has no sheet “%(tasks)s” (its sheets: %(sheets)s), and its "
                    "first sheet does not have the task columns."
                )
                % {"tasks": wb.TASKS_SHEET, "sheets": ", ".join(f"“{n}”" for n in names)}
            )
        report.warn(
            _("there is no sheet “%(tasks)s”: read the first sheet, which has the task columns")
            % {"tasks": wb.TASKS_SHEET},
            sheet=title,
        )
    if first is None:
        raise WorkbookRefused(_("The sheet is empty."), sheet=title)
    number, header_cells = first
    header = _header_names(header_cells)
    if number != 1 or not any(header):
        raise WorkbookRefused(
            _("Row 1 is empty; it must hold the column headers %(columns)s.")
            % {
                "columns": " | ".join(
                    wb.header(c) for c in wb.catalogue_columns(translations=False)
                )
            },
            sheet=title,
            row=1,
        )
    positions, written = _map_headers(header, header_cells, title, report)
    if report.errors:
        return _Sheet(rows=[], title=title, parser=None)
    parser = _RowParser(report, title, positions, written, _workbook_language(positions))
    parsed: list[_Row] = []
    first_row_of_code: dict[str, int] = {}
    task_rows = 0
    for number, cells in rows:
        task_rows += 1
        if task_rows > MAX_IMPORT_ROWS:
            raise WorkbookRefused(
                _(
                    "More than %(max)d task rows: more than an import takes. Delete the rows "
                    "that hold no task."
                )
                % {"max": MAX_IMPORT_ROWS},
                sheet=title,
                row=number,
            )
        row = parser.parse(number, cells)
        if row is None:
            continue
        if row.code in first_row_of_code:
            report.error(
                _("the code “%(code)s” is also on row %(row)d; each task needs its own code")
                % {"code": row.code, "row": first_row_of_code[row.code]},
                sheet=title,
                row=number,
                column=parser.name(wb.CODE),
            )
            continue
        first_row_of_code[row.code] = number
        parsed.append(row)
    if not task_rows:
        raise WorkbookRefused(_("The sheet has column headers but no task rows."), sheet=title)
    return _Sheet(rows=parsed, title=title, parser=parser)


def _set_task_values(task: Task, values: dict[str, object]) -> None:
    """Set what the row gives: every plain field, and the texts of its language columns."""
    for name in TASK_ROW_FIELDS:
        if name in values:
            setattr(task, name, values[name])


def _task_differences(task: Task, values: dict[str, object]) -> tuple[list[str], bool]:
    """What the row changes in the task, and whether a reader of its list would care.

    Texts compare as their readers see them, in every language (a text missing in one
    language shows the other's). A text that only fills a language that had none (a new
    translation, or a reason why a task is core) changes the task without asking the
    lists to review it; any other change does.
    """
    if all(getattr(task, name) == values[name] for name in TASK_ROW_FIELDS if name in values):
        # The common case of a re-imported catalogue, without a copy of the task.
        return [], False
    after = copy.copy(task)
    _set_task_values(after, values)
    plain = [name for name in PLAIN_FIELDS if getattr(task, name) != getattr(after, name)]
    texts = []
    review = bool(plain)
    for name in TRANSLATED_FIELDS:
        changed_in = [
            code for code in TEXT_LANGUAGES if task.text(name, code) != after.text(name, code)
        ]
        if changed_in or any(
            getattr(task, f"{name}_{code}") != getattr(after, f"{name}_{code}")
            for code in TEXT_LANGUAGES
        ):
            texts.append(name)
        if any(getattr(task, f"{name}_{code}") for code in changed_in):
            review = True
    return [*plain, *texts], review


def _set_choices(entry: ListTask, choices: dict[str, object]) -> bool:
    changed = False
    for name, value in choices.items():
        if getattr(entry, name) != value:
            setattr(entry, name, value)
            changed = True
    return changed


def _write_tasks(*, added: list[Task], changed: list[Task], retired: list[Task]) -> None:
    """Create the new tasks, save the changed ones with a new revision, retire the rest."""
    now = timezone.now()
    Task.objects.bulk_create(added)
    for task in changed:
        task.updated = now
    Task.objects.bulk_update(changed, [*TASK_ROW_FIELDS, "status", "revision", "updated"])
    Task.objects.filter(pk__in=[task.pk for task in retired]).update(
        status=TaskStatus.RETIRED, updated=now
    )


def _plan_catalogue(
    sheet: _Sheet, report: ImportReport, *, lists_later: bool
) -> Callable[[], None]:
    rows = sheet.rows
    existing = {task.code: task for task in Task.objects.catalogue()}
    added: list[Task] = []
    changed: list[Task] = []
    to_review: list[Task] = []
    reactivated: list[Task] = []
    for row in rows:
        task = existing.get(row.code)
        if task is None:
            added.append(Task(**row.task))
            report.added.append(row.code)
            continue
        was_retired = task.status != TaskStatus.ACTIVE
        differences, review = _task_differences(task, row.task)
        if was_retired or differences:
            _set_task_values(task, row.task)
            task.status = TaskStatus.ACTIVE
            task.revision += 1
            changed.append(task)
            if was_retired or review:
                to_review.append(task)
            report.changed.append(row.code)
            if was_retired:
                reactivated.append(task)
        else:
            report.unchanged.append(row.code)
    seen = {row.code for row in rows}
    retired = [
        task
        for code, task in existing.items()
        if code not in seen and task.status == TaskStatus.ACTIVE
    ]
    report.retired.extend(task.code for task in retired)

    def apply() -> None:
        _write_tasks(added=added, changed=changed, retired=retired)
        # A reactivated task joins the lists made while it was retired, as new there.
        if lists_later:
            report.for_the_lists = [task.pk for task in [*added, *reactivated]]
        else:
            task_list_add_new_catalogue_tasks(tasks=[*added, *reactivated])
        task_list_mark(tasks=to_review, review=ReviewState.CHANGED)
        task_list_mark(tasks=retired, review=ReviewState.RETIRED)

    return apply


def _own_task_texts(task: Task | None, values: dict[str, object], language: str) -> dict:
    """A row's texts for a school's own task, in the language the task was written in.

    An own task has no translation: a workbook in another language shows its text as
    written, and an edit there goes back into that language (unless the workbook has the
    text in both languages, which then sets both).
    """
    written = language
    if task is not None:
        filled = [code for code in TEXT_LANGUAGES if getattr(task, f"title_{code}")]
        if len(filled) == 1:
            written = filled[0]
    values = dict(values)
    for name in TRANSLATED_FIELDS:
        given = [code for code in TEXT_LANGUAGES if f"{name}_{code}" in values]
        if len(given) == 1 and given[0] != written:
            values[f"{name}_{written}"] = values.pop(f"{name}_{given[0]}")
    return values


def _plan_list(source: _Sheet, owner: Owner, report: ImportReport) -> Callable[[], None]:
    rows = source.rows
    owned = owner_kwargs(owner)
    catalogue = {task.code: task for task in Task.objects.catalogue()}
    own = {task.code: task for task in Task.objects.filter(**owned)}
    entries = {entry.task_id: entry for entry in ListTask.objects.filter(**owned)}
    sheet = source.title
    catalogue_columns = [
        column
        for column in sorted(source.columns, key=source.columns.get)
        if column not in wb.LIST_COLUMNS
    ]
    language = source.parser.language if source.parser else text_language()
    new_tasks: list[Task] = []
    changed_tasks: list[Task] = []
    new_entries: list[ListTask] = []
    changed_entries: list[ListTask] = []

    def new_entry(task: Task, choices: dict[str, object]) -> ListTask:
        entry = ListTask(
            task=task,
            applies=_applies_to(task, owner),
            level=_default_list_level(task),
            **owned,
        )
        _set_choices(entry, choices)
        new_entries.append(entry)
        return entry

    def entry_changed(entry: ListTask, choices: dict[str, object]) -> bool:
        if not _set_choices(entry, choices):
            return False
        # Changing the choices is reviewing them, as on the list page.
        entry.review = ReviewState.NONE
        changed_entries.append(entry)
        return True

    for row in rows:
        task = catalogue.get(row.code)
        if task is not None:
            expected = wb.task_row(task, catalogue_columns)
            given = wb.task_row(Task(**row.task), catalogue_columns)
            for column, want, got in zip(catalogue_columns, expected, given, strict=True):
                if want != got:
                    report.error(
                        _(
                            "“%(given)s” differs from the catalogue's “%(catalogue)s”: a list "
                            "cannot change a catalogue task; put your own remarks in “%(note)s” "
                            "or add a task of your own"
                        )
                        % {"given": got or "", "catalogue": want or "", "note": wb.header(wb.NOTE)},
                        sheet=sheet,
                        row=row.number,
                        column=source.name(column),
                    )
            entry = entries.get(task.pk)
            if entry is None:
                if task.status != TaskStatus.ACTIVE:
                    report.error(
                        _("the catalogue retired this task; it cannot be added to a list"),
                        sheet=sheet,
                        row=row.number,
                        column=source.name(wb.CODE),
                    )
                    continue
                new_entry(task, row.choices)
                report.added.append(row.code)
            elif entry_changed(entry, row.choices):
                report.changed.append(row.code)
            else:
                report.unchanged.append(row.code)
            continue
        task = own.get(row.code)
        values = _own_task_texts(task, row.task, language)
        if task is None:
            task = Task(**values, **owned)
            new_tasks.append(task)
            new_entry(task, row.choices)
            report.added.append(row.code)
            continue
        differences, _review = _task_differences(task, values)
        task_changed = task.status != TaskStatus.ACTIVE or bool(differences)
        if task_changed:
            _set_task_values(task, values)
            task.status = TaskStatus.ACTIVE
            task.revision += 1
            changed_tasks.append(task)
        entry = entries.get(task.pk)
        if entry is None:
            new_entry(task, row.choices)
            choices_changed = True
        else:
            choices_changed = entry_changed(entry, row.choices)
        (report.changed if task_changed or choices_changed else report.unchanged).append(row.code)

    seen = {row.code for row in rows}
    retired = [
        task for code, task in own.items() if code not in seen and task.status == TaskStatus.ACTIVE
    ]
    report.retired.extend(task.code for task in retired)
    left = sorted(
        task.code
        for task in catalogue.values()
        if task.code not in seen and task.pk in entries and task.status == TaskStatus.ACTIVE
    )
    if left:
        report.warn(
            _(
                "%(count)d catalogue tasks on the list are not in the workbook; they stay on "
                "the list as they are: %(codes)s"
            )
            % {"count": len(left), "codes": ", ".join(left)},
            sheet=sheet,
        )

    def apply() -> None:
        _write_tasks(added=new_tasks, changed=changed_tasks, retired=retired)
        now = timezone.now()
        # Entries of new own tasks take the primary keys the tasks just got.
        ListTask.objects.bulk_create(new_entries)
        for entry in changed_entries:
            entry.updated = now
        ListTask.objects.bulk_update(changed_entries, [*LIST_CHOICE_FIELDS, "review", "updated"])

    return apply


def task_import_xlsx(
    *,
    file: str | os.PathLike | bytes | IO[bytes],
    owner: Owner | None = None,
    dry_run: bool = False,
    max_bytes: int | None = None,
    lists_later: bool = False,
) -> ImportReport:
    """Import a task workbook into the catalogue (no owner) or into a school's or group's list.

    The catalogue import matches tasks by code: new ones are added to every list as new,
    changed ones get a new revision and are flagged on the lists, and tasks missing from
    the workbook are retired (never deleted: lists keep them). A list import sets the
    list's choices for catalogue tasks, which must match the catalogue, and adds, changes
    or retires the owner's own tasks. Every problem is reported with its sheet, row and
    column; when there is any, or on a dry run, nothing is written.

    With ``lists_later``, a catalogue import writes the catalogue but leaves the new
    tasks' entries on the lists to the fan-out job (``tasks.jobs``), naming the tasks in
    ``report.for_the_lists``; the entries of changed and retired tasks are marked here.
    """
    max_bytes = settings.TASK_IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    report = ImportReport(target=owner.name if owner else _("the catalogue"), dry_run=dry_run)
    try:
        sheet = _read_rows(read_upload(file, max_bytes=max_bytes), report)
    except WorkbookRefused as refused:
        report.errors.append(
            ImportIssue(refused.message, refused.sheet, refused.row, refused.column)
        )
        return report
    if not sheet.rows:
        return report
    if owner is None:
        ignored = [sheet.name(column) for column in wb.LIST_COLUMNS if column in sheet.columns]
        if ignored:
            report.warn(
                _(
                    "the columns %(columns)s belong to a school's or group's list; the "
                    "catalogue import ignored them"
                )
                % {"columns": ", ".join(f"“{c}”" for c in ignored)},
                sheet=sheet.title,
            )
        for code in TEXT_LANGUAGES:
            if not any(f"{name}_{code}" in sheet.columns for name in TRANSLATED_FIELDS):
                report.warn(
                    _(
                        "the workbook has no texts in %(language)s; the catalogue keeps the "
                        "ones it has"
                    )
                    % {"language": wb.LANGUAGE_NAMES.get(code, code)},
                    sheet=sheet.title,
                )
    read_warnings = len(report.warnings)
    try:
        with transaction.atomic():
            # Planned even after row errors, to report the errors only the data reveals too.
            plan = (
                _plan_catalogue(sheet, report, lists_later=lists_later)
                if owner is None
                else _plan_list(sheet, owner, report)
            )
            if report.errors:
                report._clear_outcome()
                # What a plan from only some of the rows says about missing tasks would mislead.
                del report.warnings[read_warnings:]
                # Row by row, as the workbook reads; within a row, in the order found.
                report.errors.sort(key=lambda issue: issue.row or 0)
                return report
            if not dry_run:
                plan()
    except IntegrityError:
        report._clear_outcome()
        report.errors.append(
            ImportIssue(_("The tasks changed while importing; nothing was imported. Try again."))
        )
    return report
