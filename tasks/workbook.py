"""The task workbook format: its sheets, columns, vocabularies and look.

One format serves the shared catalogue (Appendix 1 of the report, rebuilt as
``fixtures/ict-task-overview.xlsx``) and a school's or group's list, which adds the
list columns after the twelve catalogue columns. Cells hold the English labels of the
model choices, whatever the language of the page that exported them, so a workbook
reads the same everywhere; an import also accepts the keys, in any case.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.db import models
from django.utils import translation
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from schools.access import Owner
from schools.workbooks import write_cell
from tasks.models import (
    CONTEXT_FIELDS,
    Cluster,
    Competence,
    Context,
    Horizon,
    LevelReason,
    ListLevel,
    ListTask,
    OtherActor,
    Specialisation,
    Task,
    TaskLevel,
    TaskStatus,
)
from tasks.selectors import task_catalogue, task_list_entries

WORKBOOK_TITLE = "Tasks Overview ICT Coordination"
TASKS_SHEET = "Tasks"
ABOUT_SHEET = "About"
SEPARATOR = "; "
ALL_CONTEXTS = "All"
YES = "Yes"
NO = "No"

# The twelve catalogue columns, in their order.
CODE = "Code"
CLUSTER = "Cluster"
TOPIC = "Topic"
TITLE = "Task"
DESCRIPTION = "Description"
CORE = "Core task"
COMPETENCES = "Competences"
SPECIALISATION = "Specialisation"
ALSO_BY = "Can also be taken on by"
LEVEL = "Level"
CONTEXTS = "Contexts"
SOURCE = "Source"
CATALOGUE_COLUMNS = (
    CODE,
    CLUSTER,
    TOPIC,
    TITLE,
    DESCRIPTION,
    CORE,
    COMPETENCES,
    SPECIALISATION,
    ALSO_BY,
    LEVEL,
    CONTEXTS,
    SOURCE,
)

# The optional list columns: a school's or group's choices per task.
APPLIES = "Applies"
HORIZON = "Horizon"
OUR_LEVEL = "Our level"
LEVEL_REASON = "Reason for the level"
RAISE_WITH_DIRECTOR = "Raise with the general director"
NOTE = "Note"
LIST_COLUMNS = (APPLIES, HORIZON, OUR_LEVEL, LEVEL_REASON, RAISE_WITH_DIRECTOR, NOTE)

# Text limits of the model fields, so an import names the cell instead of failing in SQL.
TASK_FIELD_OF_COLUMN = {
    CODE: "code",
    CLUSTER: "cluster",
    TOPIC: "topic",
    TITLE: "title",
    DESCRIPTION: "description",
    SPECIALISATION: "specialisation",
    ALSO_BY: "also_by",
    LEVEL: "level",
    SOURCE: "source",
}
# TextFields have no max_length; a cap keeps an uploaded workbook from filling the database.
LONG_TEXT_MAX = 10_000

HEADER_FILL = "1F3864"
HEADER_FONT_COLOUR = "FFFFFF"
CORE_FILL = "E4D7F5"
COLUMN_WIDTHS = {
    CODE: 12,
    CLUSTER: 22,
    TOPIC: 24,
    TITLE: 50,
    DESCRIPTION: 80,
    CORE: 20,
    COMPETENCES: 30,
    SPECIALISATION: 20,
    ALSO_BY: 30,
    LEVEL: 20,
    CONTEXTS: 22,
    SOURCE: 40,
    APPLIES: 10,
    HORIZON: 14,
    OUR_LEVEL: 16,
    LEVEL_REASON: 28,
    RAISE_WITH_DIRECTOR: 18,
    NOTE: 50,
}


class Vocabulary:
    """The labels of one TextChoices class as a workbook writes and reads them."""

    def __init__(self, choices: type[models.TextChoices]) -> None:
        self.choices = choices
        self._lookups: dict[str, dict[str, str]] = {}

    def label(self, key: str) -> str:
        """The English label written for a key."""
        with translation.override("en"):
            return str(self.choices(key).label)

    def labels(self, keys: Iterable[str] | None = None) -> list[str]:
        with translation.override("en"):
            return [
                str(self.choices(key).label)
                for key in (self.choices.values if keys is None else keys)
            ]

    def parse(self, text: str) -> str | None:
        """The key for a key or a label (English or the active language), any case."""
        return self._lookup().get(text.strip().casefold())

    def _lookup(self) -> dict[str, str]:
        language = translation.get_language() or "en"
        lookup = self._lookups.get(language)
        if lookup is None:
            lookup = {}
            for language_code in (language, "en"):
                with translation.override(language_code):
                    for key, label in self.choices.choices:
                        lookup.setdefault(str(label).casefold(), key)
            for key in self.choices.values:
                lookup.setdefault(key.casefold(), key)
            self._lookups[language] = lookup
        return lookup


CLUSTERS = Vocabulary(Cluster)
COMPETENCE_VOCABULARY = Vocabulary(Competence)
SPECIALISATIONS = Vocabulary(Specialisation)
OTHER_ACTORS = Vocabulary(OtherActor)
TASK_LEVELS = Vocabulary(TaskLevel)
CONTEXT_VOCABULARY = Vocabulary(Context)
HORIZONS = Vocabulary(Horizon)
LIST_LEVELS = Vocabulary(ListLevel)
LEVEL_REASONS = Vocabulary(LevelReason)


def yes_no(value: bool) -> str:
    return YES if value else NO


def _joined(labels: Sequence[str]) -> str | None:
    return SEPARATOR.join(labels) or None


def task_row(task: Task) -> list[object]:
    """The twelve catalogue cells of a task; None leaves a cell empty."""
    contexts = task.contexts
    return [
        task.code,
        CLUSTERS.label(task.cluster),
        task.topic,
        task.title,
        task.description or None,
        yes_no(task.is_core),
        _joined(COMPETENCE_VOCABULARY.labels(task.competences)),
        SPECIALISATIONS.label(task.specialisation) if task.specialisation else None,
        _joined(OTHER_ACTORS.labels(key for key in task.also_by if key in OtherActor.values)),
        TASK_LEVELS.label(task.level),
        ALL_CONTEXTS
        if len(contexts) == len(CONTEXT_FIELDS)
        else _joined(CONTEXT_VOCABULARY.labels(contexts)),
        task.source or None,
    ]


def list_row(entry: ListTask) -> list[object]:
    """The list cells of an entry on a school's or group's list."""
    return [
        yes_no(entry.applies),
        HORIZONS.label(entry.horizon),
        LIST_LEVELS.label(entry.level),
        LEVEL_REASONS.label(entry.level_reason) if entry.level_reason else None,
        yes_no(entry.raise_with_director),
        entry.note or None,
    ]


def write_tasks_sheet(
    sheet: Worksheet, headers: Sequence[str], rows: Iterable[tuple[bool, Sequence[object]]]
) -> None:
    """Fill the Tasks sheet: styled header, one row per task, core rows in purple."""
    sheet.title = TASKS_SHEET
    header_font = Font(bold=True, color=HEADER_FONT_COLOUR)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    header_alignment = Alignment(wrap_text=True, vertical="center")
    for column, header in enumerate(headers, start=1):
        cell = write_cell(sheet.cell(row=1, column=column), header)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = header_alignment
        sheet.column_dimensions[get_column_letter(column)].width = COLUMN_WIDTHS[header]
    core_fill = PatternFill("solid", fgColor=CORE_FILL)
    body_alignment = Alignment(wrap_text=True, vertical="top")
    row_number = 1
    for is_core, values in rows:
        row_number += 1
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=column)
            write_cell(cell, value)
            cell.alignment = body_alignment
            if is_core:
                cell.fill = core_fill
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{row_number}"


ABOUT_TEXT = [
    (
        "What this is",
        "A rebuild of Appendix 1 (Excel 'Tasks Overview ICT Coordination') of the report, "
        "reconstructed from the report text. One row is one ICT coordination task, grouped in "
        "the report's four clusters.",
    ),
    (
        "Citation",
        "Desmedt, E., Sempels, Y. & Pauwels, M. (IDEA Consult), with the cooperation of "
        'C. McGrath & A. Hampe-Nathaniel (ICF). "Towards team-oriented ICT coordination at '
        'school": Job profile for ICT coordinators, characteristics of strong ICT teams, '
        "guidelines for more team-oriented ICT coordination in schools (concept).",
    ),
    (
        "Purple rows",
        "Rows filled light purple (and Core task = Yes) are the core tasks of the ICT "
        "coordinator, as the original marks them in purple: tasks of strategic importance to "
        "the school (responding quickly and daily to ICT infrastructure problems, the core of "
        "the administration, or closely linked to the pedagogical vision and policy) that need "
        "sufficient technical competences combined with pedagogical, administrative or policy "
        "competences.",
    ),
]

COLUMN_TEXT = {
    CODE: "Stable unique code PREFIX-TOPIC-NN; prefix TEC, PED, POL or ADM by cluster, TOPIC a "
    "short topic abbreviation, NN a two-digit number.",
    CLUSTER: "The task cluster (Figure 1 of the report).",
    TOPIC: "Topic within the cluster (Figure 1 topics plus a few more).",
    TITLE: "Short title of the task.",
    DESCRIPTION: "One or two sentences, close to the report's words.",
    CORE: "Yes = core task of the ICT coordinator (purple); No = can also (or even better) be "
    "taken on by others.",
    COMPETENCES: "Competence areas the task needs, separated by '; '.",
    SPECIALISATION: "Technical specialisation the task fits, if any (empty otherwise).",
    ALSO_BY: "Who else can take on the task, separated by '; ' (empty if the report names no one).",
    LEVEL: "Where the task usually sits: in the school, at school group/community level, or at "
    "the central level of the education system.",
    CONTEXTS: "Education levels and forms the task applies to: All, or a '; '-separated list.",
    SOURCE: "Report section(s) the task comes from, separated by '; '.",
    APPLIES: "Yes if the task applies to this school or group.",
    HORIZON: "When the task is taken up: in the short term, in the long term, or dropped.",
    OUR_LEVEL: "Where this school or group places the task.",
    LEVEL_REASON: "Why the task sits at that level (empty if not decided).",
    RAISE_WITH_DIRECTOR: "Yes to raise the task with the general director of the school group.",
    NOTE: "This school's or group's own remarks on the task.",
}


def allowed_values(with_list_columns: bool) -> list[tuple[str, str]]:
    values = [
        (CLUSTER, " | ".join(CLUSTERS.labels())),
        (CORE, f"{YES} | {NO}"),
        (COMPETENCES, " | ".join(COMPETENCE_VOCABULARY.labels())),
        (SPECIALISATION, " | ".join(["(empty)", *SPECIALISATIONS.labels()])),
        (ALSO_BY, " | ".join(["(empty)", *OTHER_ACTORS.labels()])),
        (LEVEL, " | ".join(TASK_LEVELS.labels())),
        (CONTEXTS, " | ".join([ALL_CONTEXTS, *CONTEXT_VOCABULARY.labels()])),
    ]
    if with_list_columns:
        values += [
            (APPLIES, f"{YES} | {NO}"),
            (HORIZON, " | ".join(HORIZONS.labels())),
            (OUR_LEVEL, " | ".join(LIST_LEVELS.labels())),
            (LEVEL_REASON, " | ".join(["(empty)", *LEVEL_REASONS.labels()])),
            (RAISE_WITH_DIRECTOR, f"{YES} | {NO}"),
        ]
    return values


def write_about_sheet(workbook: Workbook, *, title: str, headers: Sequence[str]) -> None:
    """The legend: what the workbook is, what each column means, the allowed values."""
    sheet = workbook.create_sheet(ABOUT_SHEET)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 110
    # The title names the school or group: user text.
    write_cell(sheet["A1"], title)
    sheet["A1"].font = Font(bold=True, size=14)
    label_style = {"font": Font(bold=True), "alignment": Alignment(wrap_text=True, vertical="top")}
    text_alignment = Alignment(wrap_text=True, vertical="top")
    row = 2

    def add(label: str, text: str | None = None) -> None:
        nonlocal row
        row += 1
        cell = write_cell(sheet.cell(row=row, column=1), label)
        cell.font = label_style["font"]
        cell.alignment = label_style["alignment"]
        if text is not None:
            write_cell(sheet.cell(row=row, column=2), text).alignment = text_alignment

    for label, text in ABOUT_TEXT:
        add(label, text)
    row += 1
    add("Columns")
    for header in headers:
        add(header, COLUMN_TEXT[header])
    row += 1
    add("Allowed values")
    for header, text in allowed_values(with_list_columns=len(headers) > len(CATALOGUE_COLUMNS)):
        add(header, text)


def task_export_xlsx(*, owner: Owner | None = None) -> bytes:
    """The active catalogue, or an owner's list with its choices, as a task workbook."""
    workbook = Workbook()
    if owner is None:
        headers = CATALOGUE_COLUMNS
        rows = ((task.is_core, task_row(task)) for task in task_catalogue())
        title = WORKBOOK_TITLE
    else:
        headers = (*CATALOGUE_COLUMNS, *LIST_COLUMNS)
        entries = task_list_entries(owner=owner).filter(task__status=TaskStatus.ACTIVE)
        rows = (
            (entry.task.is_core, [*task_row(entry.task), *list_row(entry)]) for entry in entries
        )
        title = f"{WORKBOOK_TITLE}: {owner.name}"
    write_tasks_sheet(workbook.active, headers, rows)
    write_about_sheet(workbook, title=title, headers=headers)
    workbook.properties.title = title
    workbook.properties.creator = "ictteam"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
