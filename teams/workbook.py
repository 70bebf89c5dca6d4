"""The division of tasks as an .xlsx workbook: tasks x people with mandates, and back.

ICT coordinators divide tasks in a spreadsheet today; this workbook is that spreadsheet,
and what they change in it imports back into the team.

One sheet. Row 1 is the (frozen) header: code, cluster, topic, task, core, then one
column per person, headed ``Name (#id)`` so a renamed or duplicate name still finds its
person. Each cluster starts with a heading row (no code), its tasks grouped under it;
core tasks are highlighted. A cell holds the person's mandates on the task as letters,
optionally followed by hours per week: ``DEL 2.5`` = decides, executes, lead and contact
point, 2.5 hours. An empty cell is no assignment. Backups are kept as they are.
"""

from __future__ import annotations

import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from decimal import Decimal
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter

from schools.models import School
from schools.workbooks import EMPTY
from schools.workbooks import Cell
from schools.workbooks import WorkbookReader
from schools.workbooks import WorkbookRefused
from schools.workbooks import read_upload
from schools.workbooks import write_row
from tasks.models import Cluster
from tasks.models import ListTask
from teams.models import HOURS
from teams.models import Assignment
from teams.models import Person
from teams.selectors import MANDATE_LABELS
from teams.selectors import MANDATE_LETTERS
from teams.selectors import MANDATES
from teams.selectors import mandate_code
from teams.selectors import school_people
from teams.selectors import team_tasks
from teams.services import assignment_set

# Letter -> mandate field, e.g. "D" -> "decides".
LETTER_MANDATES = {letter: name for name, letter in MANDATE_LETTERS.items()}

# The task columns before the people columns; the import relies on their positions,
# not on their (translated) headers.
TASK_COLUMNS = 5
CODE_COLUMN = 1

# Caps of the import, checked before rows are read: a school's list with its cluster
# headings, and its team.
MAX_ROWS = 2_000
MAX_COLUMNS = TASK_COLUMNS + 300

# Custom document properties of an export: when, and for which school.
EXPORTED_PROPERTY = "ictteam exported"
SCHOOL_PROPERTY = "ictteam school"

HEADER_FILL = PatternFill("solid", fgColor="1F3A5F")
CLUSTER_FILL = PatternFill("solid", fgColor="D9E2F3")
CORE_FILL = PatternFill("solid", fgColor="EFE7FA")

PERSON_HEADER = re.compile(r"\(#(\d+)\)\s*$")
CELL = re.compile(r"(?P<letters>[A-Za-z ,;/+]*?)\s*(?:(?P<hours>\d+(?:[.,]\d+)?)\s*[hH]?)?")
MAX_HOURS = HOURS["validators"][1].limit_value
ZERO = Decimal("0")


def _format_hours(hours: Decimal) -> str:
    # The reader's decimal separator ("2,5" in Dutch); the import reads either.
    return f"{hours.normalize():f}".replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def cell_value(assignment: Assignment) -> str:
    """What a workbook cell says about one assignment: ``"DEL 2.5"``."""
    letters = mandate_code(assignment)
    return f"{letters} {_format_hours(assignment.hours)}" if assignment.hours else letters


def person_header(person: Person) -> str:
    return f"{person.name} (#{person.pk})"


def _legend(exported: datetime | None = None) -> str:
    lines = [f"{MANDATE_LETTERS[name]} = {MANDATE_LABELS[name]}" for name in MANDATES]
    lines.append(_("A number after the letters is the hours per week, e.g. “DEL 2.5”."))
    lines.append(_("An empty cell: no assignment."))
    if exported is not None:
        lines.append(
            _(
                "Exported on %(moment)s. Importing it back lists the assignments changed "
                "since then, before anything is written."
            )
            % {"moment": formats.date_format(timezone.localtime(exported), "DATETIME_FORMAT")}
        )
    return "\n".join(lines)


def division_export_xlsx(*, school: School) -> bytes:
    """The school's division of tasks as an .xlsx workbook. Three queries.

    The workbook records when it was exported (a custom document property, and in the
    legend), so an import can tell which assignments changed since.
    """
    exported = timezone.now()
    people = list(school_people(school=school).order_by("name", "pk"))
    tasks = list(team_tasks(owner=school))
    cells = {
        (a.list_task_id, a.person_id): cell_value(a)
        for a in Assignment.objects.filter(school=school).only(
            "list_task_id", "person_id", "decides", "executes", "monitors", "lead", "hours"
        )
    }

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Division of tasks")[:31]
    headers = [_("Code"), _("Cluster"), _("Topic"), _("Task"), _("Core")]
    headers += [person_header(p) for p in people]
    # Names, titles and topics are user text: written as text, never as formulas.
    for cell in write_row(sheet, 1, headers):
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    legend = _legend(exported)
    sheet.cell(row=1, column=CODE_COLUMN).comment = Comment(legend, "ictteam", 220, 320)
    if people:
        sheet.cell(row=1, column=TASK_COLUMNS + 1).comment = Comment(legend, "ictteam", 220, 320)

    row = 1
    current_cluster = None
    for entry in tasks:
        task = entry.task
        if task.cluster != current_cluster:
            current_cluster = task.cluster
            row += 1
            write_row(sheet, row, ["", str(Cluster(task.cluster).label)])
            for column in range(1, len(headers) + 1):
                sheet.cell(row=row, column=column).fill = CLUSTER_FILL
            sheet.cell(row=row, column=2).font = Font(bold=True)
        row += 1
        write_row(
            sheet,
            row,
            [
                task.code,
                str(Cluster(task.cluster).label),
                task.topic,
                task.title,
                _("core") if task.is_core else "",
                *(cells.get((entry.pk, p.pk), "") for p in people),
            ],
        )
        sheet.row_dimensions[row].outline_level = 1
        if task.is_core:
            for column in range(1, len(headers) + 1):
                sheet.cell(row=row, column=column).fill = CORE_FILL

    # Headings sit above their tasks, so collapsing a cluster keeps its heading visible.
    sheet.sheet_properties.outlinePr.summaryBelow = False
    sheet.freeze_panes = sheet.cell(row=2, column=TASK_COLUMNS + 1)
    widths = [12, 18, 22, 60, 7] + [16] * len(people)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(row, 1)}"
    workbook.properties.creator = "ictteam"
    workbook.custom_doc_props.append(
        StringProperty(name=EXPORTED_PROPERTY, value=exported.isoformat())
    )
    workbook.custom_doc_props.append(StringProperty(name=SCHOOL_PROPERTY, value=str(school.pk)))

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------- import


@dataclass(frozen=True)
class Change:
    """One assignment an import adds, changes or removes."""

    kind: str  # "added", "changed" or "removed"
    label: str
    text: str
    # Set when the assignment changed in ictteam after the workbook was exported.
    stale_key: str = ""


@dataclass
class ImportResult:
    """What an import changed (or, in a dry run, would change)."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    dry_run: bool = False
    changes: list[str] = field(default_factory=list)
    # When the workbook was exported, if it says so.
    exported: datetime | None = None
    # The changes that undo or alter an assignment changed since the export.
    stale: list[Change] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted

    @property
    def stale_keys(self) -> list[str]:
        return [change.stale_key for change in self.stale]


class StaleExport(Exception):
    """The import would undo changes made since the export that nobody confirmed."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__(
            _("%(count)d assignments changed since this file was exported.")
            % {"count": len(result.stale)}
        )
        self.result = result


@dataclass(frozen=True)
class CellValue:
    mandates: frozenset[str]
    hours: Decimal | None


def parse_cell(value: object) -> CellValue | None:
    """A cell's mandates and hours; None for an empty cell. Raises ValueError if unreadable."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    match = CELL.fullmatch(text)
    if match is None:
        raise ValueError(
            _("cannot read “%(value)s”: write mandate letters and optional hours, e.g. “DEL 2.5”")
            % {"value": text}
        )
    letters = re.sub(r"[\s,;/+]", "", match.group("letters")).upper()
    unknown = sorted(set(letters) - set(LETTER_MANDATES))
    if unknown:
        raise ValueError(
            _("unknown mandate “%(letters)s”: use D, E, M and L") % {"letters": "".join(unknown)}
        )
    if not letters:
        raise ValueError(
            _("“%(value)s” has no mandate: write at least one of D, E, M or L") % {"value": text}
        )
    hours = None
    if match.group("hours"):
        hours = Decimal(match.group("hours").replace(",", "."))
        if hours > MAX_HOURS or hours != hours.quantize(Decimal("0.1")):
            raise ValueError(
                _("hours must be between 0 and %(max)s with at most one decimal")
                % {"max": MAX_HOURS}
            )
        hours = hours.quantize(Decimal("0.1"))
    return CellValue(mandates=frozenset(LETTER_MANDATES[letter] for letter in letters), hours=hours)


def _where(sheet: str, row: int, column: int, what: str = "") -> str:
    place = _("sheet “%(sheet)s”, row %(row)d, column %(column)s") % {
        "sheet": sheet,
        "row": row,
        "column": get_column_letter(column),
    }
    return f"{place} ({what})" if what else place


@dataclass
class _Sheet:
    title: str
    header: tuple[Cell, ...]
    rows: list[tuple[int, tuple[Cell, ...]]]
    exported: datetime | None


def _value(cells: tuple[Cell, ...], column: int) -> object:
    return cells[column - 1].value if len(cells) >= column else None


def _read_sheet(file: IO[bytes] | bytes) -> _Sheet:
    """The first sheet's rows, through every guard of the shared workbook reader."""
    try:
        data = read_upload(file, max_bytes=settings.TASK_IMPORT_MAX_BYTES)
        with WorkbookReader(data, max_rows=MAX_ROWS, max_columns=MAX_COLUMNS) as reader:
            if not reader.sheetnames:
                raise ValidationError(_("The workbook is empty."))
            title = reader.sheetnames[0]
            rows = list(reader.rows(title))
            exported = _exported(reader.custom_property(EXPORTED_PROPERTY))
    except WorkbookRefused as refused:
        raise ValidationError(str(refused)) from None
    if not rows:
        raise ValidationError(_("The workbook is empty."))
    number, header = rows[0]
    if number != 1:
        raise ValidationError(
            _("%(where)s: row 1 must hold the headers: code, cluster, topic, task, core, people")
            % {"where": _where(title, 1, CODE_COLUMN)}
        )
    return _Sheet(title=title, header=header, rows=rows[1:], exported=exported)


def _exported(value: object) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    else:
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)


def _formula_errors(sheet: _Sheet, columns: list[int]) -> list[str]:
    """A formula shows its last result in Excel but no value here: refuse it, named."""
    errors = []
    for number, cells in [(1, sheet.header), *sheet.rows]:
        for column in columns:
            if len(cells) >= column and cells[column - 1].formula:
                errors.append(
                    _("%(where)s: a formula; type the mandates (or the header) themselves")
                    % {"where": _where(sheet.title, number, column)}
                )
    return errors


def _read_people(sheet: _Sheet, people: dict[int, Person], errors: list[str]) -> dict[int, Person]:
    """Column number -> person, from the header's ``Name (#id)`` (or a unique name)."""
    by_name: dict[str, list[Person]] = {}
    for person in people.values():
        by_name.setdefault(person.name.strip(), []).append(person)
    columns: dict[int, Person] = {}
    for index in range(TASK_COLUMNS, len(sheet.header)):
        column = index + 1
        value = sheet.header[index].value
        title = str(value).strip() if value is not None else ""
        if not title:
            if any(_value(cells, column) not in (None, "") for _number, cells in sheet.rows):
                errors.append(
                    _("%(where)s: a column with mandates has no person in its header")
                    % {"where": _where(sheet.title, 1, column)}
                )
            continue
        match = PERSON_HEADER.search(title)
        if match:
            person = people.get(int(match.group(1)))
        else:
            named = by_name.get(title, [])
            person = named[0] if len(named) == 1 else None
        if person is None:
            errors.append(
                _("%(where)s: “%(name)s” is not a person of this school's team")
                % {"where": _where(sheet.title, 1, column), "name": title}
            )
        elif person in columns.values():
            errors.append(
                _("%(where)s: %(name)s has two columns")
                % {"where": _where(sheet.title, 1, column), "name": person.name}
            )
        else:
            columns[column] = person
    return columns


def division_import_xlsx(
    *,
    school: School,
    file: IO[bytes] | bytes,
    dry_run: bool = False,
    user=None,
    confirmed_stale: Collection[str] = (),
) -> ImportResult:
    """Read a division-of-tasks workbook back and set the school's assignments.

    Every cell of the sheet states one person's mandates on one task: the import creates,
    changes or ends assignments to match, through ``services.assignment_set`` (hours
    as written or kept, backups kept). Tasks and people missing from the sheet are left
    alone. Unknown tasks or people, a task with two leads, formulas and unreadable cells
    refuse the whole import with errors naming sheet, row and column; nothing is written
    then. A dry run reports what would change without writing.

    A workbook exported by ictteam says when: a change to an assignment that changed
    after that moment is stale, listed in ``result.stale``. Unless each is among
    ``confirmed_stale`` (the keys a preview showed), StaleExport is raised and nothing
    is written.
    """
    sheet = _read_sheet(file)
    errors: list[str] = []
    people = {p.pk: p for p in school_people(school=school)}
    columns = _read_people(sheet, people, errors)
    errors += _formula_errors(sheet, [CODE_COLUMN, *range(TASK_COLUMNS + 1, len(sheet.header) + 1)])

    team = {entry.task.code: entry for entry in team_tasks(owner=school)}
    on_list = set(school.task_list.values_list("task__code", flat=True))
    wanted: dict[tuple[ListTask, Person], CellValue | None] = {}
    seen: dict[str, int] = {}
    for number, row in sheet.rows:
        raw = _value(row, CODE_COLUMN)
        code = str(raw).strip() if raw is not None else ""
        cells = {column: row[column - 1] if len(row) >= column else EMPTY for column in columns}
        if not code:
            if any(cell.value not in (None, "") for cell in cells.values()):
                errors.append(
                    _("%(where)s: mandates on a row without a task code")
                    % {"where": _where(sheet.title, number, CODE_COLUMN)}
                )
            continue
        where = _where(sheet.title, number, CODE_COLUMN)
        entry = team.get(code)
        if entry is None:
            message = (
                _("%(where)s: task %(code)s does not apply to this school: change the task list")
                if code in on_list
                else _("%(where)s: unknown task “%(code)s”: it is not on this school's list")
            )
            errors.append(message % {"where": where, "code": code})
            continue
        if code in seen:
            errors.append(
                _("%(where)s: task %(code)s is already on row %(first)d")
                % {"where": where, "code": code, "first": seen[code]}
            )
            continue
        seen[code] = number
        leads = []
        for column, cell in cells.items():
            person = columns[column]
            if cell.formula:
                # Reported with the other formulas; not read as an empty cell.
                continue
            try:
                value = parse_cell(cell.value)
            except ValueError as exc:
                errors.append(f"{_where(sheet.title, number, column, person.name)}: {exc}")
                continue
            wanted[entry, person] = value
            if value is not None and "lead" in value.mandates:
                leads.append(person.name)
        if len(leads) > 1:
            errors.append(
                _("%(where)s: %(code)s has %(n)d leads (%(names)s): a task has exactly one")
                % {"where": where, "code": code, "n": len(leads), "names": ", ".join(leads)}
            )
    if errors:
        raise ValidationError(errors)
    return _apply(
        school=school,
        wanted=wanted,
        dry_run=dry_run,
        user=user,
        exported=sheet.exported,
        confirmed_stale=set(confirmed_stale),
    )


def _stale_key(assignment: Assignment) -> str:
    # The moment is part of the key: a change after the preview needs a new confirmation.
    return f"{assignment.list_task_id}-{assignment.person_id}-{assignment.updated.isoformat()}"


@transaction.atomic
def _apply(
    *,
    school: School,
    wanted: dict[tuple[ListTask, Person], CellValue | None],
    dry_run: bool,
    user,
    exported: datetime | None,
    confirmed_stale: set[str],
) -> ImportResult:
    result = ImportResult(dry_run=dry_run, exported=exported)
    existing = {
        (a.list_task_id, a.person_id): a
        for a in Assignment.objects.filter(school=school).select_related("backup")
    }
    writes = []
    # Leads last: the service moves a task's lead, which must not undo a later cell.
    for (entry, person), cell in sorted(
        wanted.items(), key=lambda item: bool(item[1] and "lead" in item[1].mandates)
    ):
        current = existing.get((entry.pk, person.pk))
        label = f"{entry.task.code} · {person.name}"
        hours = ZERO
        if cell is None:
            if current is None:
                continue
            result.deleted += 1
            change = Change("removed", label, _("%(what)s: removed") % {"what": label})
        else:
            hours = cell.hours if cell.hours is not None else (current.hours if current else ZERO)
            after = Assignment(hours=hours, **{name: name in cell.mandates for name in MANDATES})
            if current is not None and cell_value(current) == cell_value(after):
                result.unchanged += 1
                continue
            if current is None:
                result.created += 1
                change = Change(
                    "added",
                    label,
                    _("%(what)s: added as %(cell)s") % {"what": label, "cell": cell_value(after)},
                )
            else:
                result.updated += 1
                change = Change(
                    "changed",
                    label,
                    _("%(what)s: %(before)s → %(after)s")
                    % {"what": label, "before": cell_value(current), "after": cell_value(after)},
                )
        if current is not None and exported is not None and current.updated > exported:
            change = Change(change.kind, label, change.text, stale_key=_stale_key(current))
            result.stale.append(change)
        result.changes.append(change.text)
        writes.append((entry, person, cell, current, hours))
    if dry_run:
        return result
    if any(key not in confirmed_stale for key in result.stale_keys):
        raise StaleExport(result)
    for entry, person, cell, current, hours in writes:
        label = f"{entry.task.code} · {person.name}"
        try:
            assignment_set(
                school=school,
                list_task=entry,
                person=person,
                **({name: name in cell.mandates for name in MANDATES} if cell else {}),
                backup=current.backup if current else None,
                hours=hours if cell else ZERO,
                user=user,
            )
        except ValidationError as exc:
            raise ValidationError([f"{label}: {message}" for message in exc.messages]) from exc
    return result
