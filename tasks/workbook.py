"""The task workbook format: its sheets, columns, vocabularies and look.

One format serves the shared catalogue (Appendix 1 of the report, rebuilt as
``fixtures/ict-task-overview.xlsx``) and a school's or group's list, which adds the list
columns. A workbook is written in the reader's language: sheet names, headers, the legend,
the choice labels and the catalogue's texts. The catalogue's workbook also carries the
texts in the other language, in columns whose header names the language (``Task (nl)``,
``Taak (en)``), so one file holds the whole catalogue. An import recognises the headers,
sheet names and labels of every language (and the choices' keys, in any case).

Columns are named by an id: a plain key (``code``, ``cluster``) or, for a text that exists
per language, the Task field it fills (``title_nl``, ``why_core_en``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from collections.abc import Sequence
from functools import cache

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.utils.translation import pgettext_lazy
from openpyxl.styles import Alignment
from openpyxl.styles import Font
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from schools.access import Owner
from schools.workbooks import write_cell
from tasks.models import CONTEXT_FIELDS
from tasks.models import TEXT_LANGUAGES
from tasks.models import Cluster
from tasks.models import Competence
from tasks.models import Context
from tasks.models import Horizon
from tasks.models import LevelReason
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import OtherActor
from tasks.models import Specialisation
from tasks.models import Task
from tasks.models import TaskLevel
from tasks.models import TaskStatus
from tasks.models import text_language
from tasks.selectors import task_catalogue
from tasks.selectors import task_list_entries

WORKBOOK_TITLE = pgettext_lazy("task workbook", "Tasks Overview ICT Coordination")
TASKS_SHEET = pgettext_lazy("task workbook sheet", "Tasks")
ABOUT_SHEET = pgettext_lazy("task workbook sheet", "About")
SEPARATOR = "; "
ALL_CONTEXTS = pgettext_lazy("task workbook value", "All")
YES = pgettext_lazy("task workbook value", "Yes")
NO = pgettext_lazy("task workbook value", "No")
EMPTY = pgettext_lazy("task workbook value", "(empty)")
LANGUAGE_NAMES = {"nl": gettext_lazy("Dutch"), "en": gettext_lazy("English")}

# Column keys. A text column (TRANSLATED) has one column per language: the key plus the
# language code, which is also the Task field it fills.
CODE = "code"
CLUSTER = "cluster"
TOPIC = "topic"
TITLE = "title"
DESCRIPTION = "description"
CORE = "core"
WHY_CORE = "why_core"
COMPETENCES = "competences"
SPECIALISATION = "specialisation"
ALSO_BY = "also_by"
LEVEL = "level"
CONTEXTS = "contexts"
SOURCE = "source"
APPLIES = "applies"
HORIZON = "horizon"
OUR_LEVEL = "our_level"
LEVEL_REASON = "level_reason"
RAISE_WITH_DIRECTOR = "raise_with_director"
NOTE = "note"
TRANSLATED = (TOPIC, TITLE, DESCRIPTION, WHY_CORE)

HEADERS = {
    CODE: pgettext_lazy("task workbook column", "Code"),
    CLUSTER: pgettext_lazy("task workbook column", "Cluster"),
    TOPIC: pgettext_lazy("task workbook column", "Topic"),
    TITLE: pgettext_lazy("task workbook column", "Task"),
    DESCRIPTION: pgettext_lazy("task workbook column", "Description"),
    CORE: pgettext_lazy("task workbook column", "Core task"),
    WHY_CORE: pgettext_lazy("task workbook column", "Why core"),
    COMPETENCES: pgettext_lazy("task workbook column", "Competences"),
    SPECIALISATION: pgettext_lazy("task workbook column", "Specialisation"),
    ALSO_BY: pgettext_lazy("task workbook column", "Can also be taken on by"),
    LEVEL: pgettext_lazy("task workbook column", "Level"),
    CONTEXTS: pgettext_lazy("task workbook column", "Contexts"),
    SOURCE: pgettext_lazy("task workbook column", "Source"),
    APPLIES: pgettext_lazy("task workbook column", "Applies"),
    HORIZON: pgettext_lazy("task workbook column", "Horizon"),
    OUR_LEVEL: pgettext_lazy("task workbook column", "Our level"),
    LEVEL_REASON: pgettext_lazy("task workbook column", "Reason for the level"),
    RAISE_WITH_DIRECTOR: pgettext_lazy("task workbook column", "Raise with the general director"),
    NOTE: pgettext_lazy("task workbook column", "Note"),
}

# The catalogue columns in their order (the texts in the workbook's language); an import
# needs all of them but "Why core", which workbooks from before it may lack.
CATALOGUE_KEYS = (
    CODE,
    CLUSTER,
    TOPIC,
    TITLE,
    DESCRIPTION,
    CORE,
    WHY_CORE,
    COMPETENCES,
    SPECIALISATION,
    ALSO_BY,
    LEVEL,
    CONTEXTS,
    SOURCE,
)
OPTIONAL_KEYS = frozenset({WHY_CORE})
# The optional list columns: a school's or group's choices per task.
LIST_COLUMNS = (APPLIES, HORIZON, OUR_LEVEL, LEVEL_REASON, RAISE_WITH_DIRECTOR, NOTE)
LIST_FIELD_OF_COLUMN = {
    APPLIES: "applies",
    HORIZON: "horizon",
    OUR_LEVEL: "level",
    LEVEL_REASON: "level_reason",
    RAISE_WITH_DIRECTOR: "raise_with_director",
    NOTE: "note",
}

# Text limits of the model fields, so an import names the cell instead of failing in SQL.
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
    CORE: 12,
    WHY_CORE: 60,
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
_LANGUAGE_SUFFIX = re.compile(r"^(?P<name>.*?)\s*\((?P<language>[a-z]{2})\)$", re.IGNORECASE)


def key_of(column: str) -> str:
    """The key of a column id: ``title_nl`` -> ``title``."""
    for key in TRANSLATED:
        if column.startswith(f"{key}_") and column[len(key) + 1 :] in TEXT_LANGUAGES:
            return key
    return column


def language_of(column: str) -> str | None:
    """The language of a text column id, None for the others."""
    key = key_of(column)
    return column[len(key) + 1 :] if key != column else None


def header(column: str, language: str | None = None) -> str:
    """A column's header in a workbook written in ``language`` (the active one by default)."""
    workbook_language = text_language(language)
    with translation.override(workbook_language):
        name = str(HEADERS[key_of(column)])
    column_language = language_of(column)
    if column_language and column_language != workbook_language:
        return f"{name} ({column_language})"
    return name


@cache
def header_lookup() -> dict[str, str]:
    """Every header an import recognises (casefolded) -> column id, in every language.

    A text column's header without a language names the workbook's language: ``Task`` is
    ``title_en``, ``Taak`` is ``title_nl``; ``Task (nl)`` and ``Taak (nl)`` are ``title_nl``.
    """
    lookup: dict[str, str] = {}
    # English first: a header left untranslated reads as the English it is.
    for language in sorted(TEXT_LANGUAGES, key=lambda code: code != "en"):
        for key in HEADERS:
            if key in TRANSLATED:
                for column_language in TEXT_LANGUAGES:
                    column = f"{key}_{column_language}"
                    lookup.setdefault(header(column, language).casefold(), column)
                    with translation.override(language):
                        plain = str(HEADERS[key])
                    lookup.setdefault(f"{plain} ({column_language})".casefold(), column)
            else:
                lookup.setdefault(header(key, language).casefold(), key)
    return lookup


def column_of_header(name: str) -> str | None:
    """The column id a header names, in any language, any case; None when unknown."""
    text = " ".join(name.split()).casefold()
    found = header_lookup().get(text)
    if found is None:
        match = _LANGUAGE_SUFFIX.match(text)
        if match:
            found = header_lookup().get(f"{match['name']} ({match['language']})".casefold())
    return found


def sheet_names(sheet) -> set[str]:
    """A sheet's name in every language, casefolded, as an import recognises it."""
    names = set()
    for language in TEXT_LANGUAGES:
        with translation.override(language):
            names.add(str(sheet).casefold())
    return names


def words(value) -> set[str]:
    """A workbook word (Yes, No, All) in every language, casefolded."""
    return sheet_names(value)


class Vocabulary:
    """The labels of one TextChoices class as a workbook writes and reads them."""

    def __init__(self, choices: type[models.TextChoices]) -> None:
        self.choices = choices
        self._lookup: dict[str, str] | None = None

    def label(self, key: str) -> str:
        """The label written for a key, in the active language."""
        return str(self.choices(key).label)

    def labels(self, keys: Iterable[str] | None = None) -> list[str]:
        return [
            str(self.choices(key).label) for key in (self.choices.values if keys is None else keys)
        ]

    def parse(self, text: str) -> str | None:
        """The key for a key or a label in any language of the site, any case."""
        if self._lookup is None:
            lookup: dict[str, str] = {}
            for language in TEXT_LANGUAGES:
                with translation.override(language):
                    for key, label in self.choices.choices:
                        lookup.setdefault(str(label).casefold(), key)
            for key in self.choices.values:
                lookup.setdefault(key.casefold(), key)
            self._lookup = lookup
        return self._lookup.get(text.strip().casefold())


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
    return str(YES if value else NO)


def _joined(labels: Sequence[str]) -> str | None:
    return SEPARATOR.join(labels) or None


def catalogue_columns(*, language: str | None = None, translations: bool = True) -> list[str]:
    """The catalogue's column ids in order: texts in the workbook's language, then (with
    ``translations``) the same texts in the other languages."""
    workbook_language = text_language(language)
    columns = [f"{key}_{workbook_language}" if key in TRANSLATED else key for key in CATALOGUE_KEYS]
    if translations:
        columns += [
            f"{key}_{other}"
            for other in TEXT_LANGUAGES
            if other != workbook_language
            for key in TRANSLATED
        ]
    return columns


def catalogue_headers(*, language: str | None = None, translations: bool = False) -> list[str]:
    """The catalogue's headers as a workbook in ``language`` writes them."""
    columns = catalogue_columns(language=language, translations=translations)
    return [header(column, language) for column in columns]


def cell_value(task: Task, column: str) -> object:
    """The cell of a catalogue column for a task, in the active language; None leaves it empty."""
    key, language = key_of(column), language_of(column)
    if language:
        return task.text(key, language) or None
    if key == CODE:
        return task.code
    if key == CLUSTER:
        return CLUSTERS.label(task.cluster)
    if key == CORE:
        return yes_no(task.is_core)
    if key == COMPETENCES:
        return _joined(COMPETENCE_VOCABULARY.labels(task.competences))
    if key == SPECIALISATION:
        return SPECIALISATIONS.label(task.specialisation) if task.specialisation else None
    if key == ALSO_BY:
        return _joined(OTHER_ACTORS.labels(k for k in task.also_by if k in OtherActor.values))
    if key == LEVEL:
        return TASK_LEVELS.label(task.level)
    if key == CONTEXTS:
        contexts = task.contexts
        if len(contexts) == len(CONTEXT_FIELDS):
            return str(ALL_CONTEXTS)
        return _joined(CONTEXT_VOCABULARY.labels(contexts))
    if key == SOURCE:
        return task.source or None
    raise KeyError(column)


def task_row(task: Task, columns: Sequence[str] | None = None) -> list[object]:
    """The catalogue cells of a task (by default the columns of the active language)."""
    columns = columns or catalogue_columns(translations=False)
    return [cell_value(task, column) for column in columns]


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
    sheet: Worksheet, columns: Sequence[str], rows: Iterable[tuple[bool, Sequence[object]]]
) -> None:
    """Fill the Tasks sheet: styled header, one row per task, core rows in purple."""
    sheet.title = str(TASKS_SHEET)
    header_font = Font(bold=True, color=HEADER_FONT_COLOUR)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    header_alignment = Alignment(wrap_text=True, vertical="center")
    for number, column in enumerate(columns, start=1):
        cell = write_cell(sheet.cell(row=1, column=number), header(column))
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = header_alignment
        sheet.column_dimensions[get_column_letter(number)].width = COLUMN_WIDTHS[key_of(column)]
    core_fill = PatternFill("solid", fgColor=CORE_FILL)
    body_alignment = Alignment(wrap_text=True, vertical="top")
    row_number = 1
    for is_core, values in rows:
        row_number += 1
        for number, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=number)
            write_cell(cell, value)
            cell.alignment = body_alignment
            if is_core:
                cell.fill = core_fill
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{row_number}"


# The report's own examples of core tasks (chapter 1, Core tasks of the ICT coordinator);
# every other core flag applies the report's definition to the task.
NAMED_CORE = ("TEC-NET-03", "TEC-HD-02", "ADM-USR-01", "ADM-ELO-01", "PED-CLS-01")

ABOUT_TEXT = [
    (
        pgettext_lazy("task workbook", "What this is"),
        pgettext_lazy(
            "task workbook",
            "A rebuild of Appendix 1 (Excel 'Tasks Overview ICT Coordination') of the report, "
            "reconstructed from the report text. One row is one ICT coordination task, grouped "
            "in the report's four clusters.",
        ),
    ),
    (
        pgettext_lazy("task workbook", "Citation"),
        pgettext_lazy(
            "task workbook",
            "Desmedt, E., Sempels, Y. & Pauwels, M. (IDEA Consult), with the cooperation of "
            'C. McGrath & A. Hampe-Nathaniel (ICF). "Towards team-oriented ICT coordination at '
            'school": Job profile for ICT coordinators, characteristics of strong ICT teams, '
            "guidelines for more team-oriented ICT coordination in schools (concept).",
        ),
    ),
    (
        pgettext_lazy("task workbook", "Purple rows"),
        pgettext_lazy(
            "task workbook",
            "Rows filled light purple (and Core task = Yes) are the core tasks of the ICT "
            "coordinator by the report's definition (chapter 1, Core tasks of the ICT "
            "coordinator): tasks of strategic importance to the school (responding quickly and "
            "daily to ICT infrastructure problems, the core of the administration, or closely "
            "linked to the pedagogical vision and policy) that need sufficient technical "
            "competences combined with pedagogical, administrative or policy competences. "
            "Tasks that need technical skills only, or pedagogical, administrative or policy "
            "skills with a basic affinity to ICT, are not core. The column Why core gives, for "
            "each core task, the clause it meets and the competences it combines.",
        ),
    ),
    (
        pgettext_lazy("task workbook", "How the flags were set"),
        pgettext_lazy(
            "task workbook",
            "This workbook is rebuilt from the report's text, not copied from the original "
            "appendix, and so are its core flags. The report names five core tasks explicitly "
            "(repairing servers and network equipment, the help desk, user management, "
            "structuring the electronic learning environments, supporting teachers in "
            "integrating ICT in the classroom): %(named)s. Every other flag applies the "
            "definition above to the task; tasks the report gives to others (management, "
            "teachers, digicoaches) are not core.",
        ),
    ),
]

COLUMN_TEXT = {
    CODE: pgettext_lazy(
        "task workbook",
        "Stable unique code PREFIX-TOPIC-NN; prefix TEC, PED, POL or ADM by cluster, TOPIC a "
        "short topic abbreviation, NN a two-digit number.",
    ),
    CLUSTER: pgettext_lazy("task workbook", "The task cluster (Figure 1 of the report)."),
    TOPIC: pgettext_lazy(
        "task workbook", "Topic within the cluster (Figure 1 topics plus a few more)."
    ),
    TITLE: pgettext_lazy("task workbook", "Short title of the task."),
    DESCRIPTION: pgettext_lazy(
        "task workbook", "One or two sentences, close to the report's words."
    ),
    CORE: pgettext_lazy(
        "task workbook",
        "Yes = core task of the ICT coordinator (purple); No = can also (or even better) be "
        "taken on by others.",
    ),
    WHY_CORE: pgettext_lazy(
        "task workbook",
        "For a core task: the clause of the report's definition it meets and the competences "
        "it combines; empty for the other tasks.",
    ),
    COMPETENCES: pgettext_lazy(
        "task workbook", "Competence areas the task needs, separated by '; '."
    ),
    SPECIALISATION: pgettext_lazy(
        "task workbook", "Technical specialisation the task fits, if any (empty otherwise)."
    ),
    ALSO_BY: pgettext_lazy(
        "task workbook",
        "Who else can take on the task, separated by '; ' (empty if the report names no one).",
    ),
    LEVEL: pgettext_lazy(
        "task workbook",
        "Where the task usually sits: in the school, at school group/community level, or at "
        "the central level of the education system.",
    ),
    CONTEXTS: pgettext_lazy(
        "task workbook",
        "Education levels and forms the task applies to: All, or a '; '-separated list.",
    ),
    SOURCE: pgettext_lazy(
        "task workbook", "Report section(s) the task comes from, separated by '; '."
    ),
    APPLIES: pgettext_lazy("task workbook", "Yes if the task applies to this school or group."),
    HORIZON: pgettext_lazy(
        "task workbook",
        "When the task is taken up: in the short term, in the long term, or dropped.",
    ),
    OUR_LEVEL: pgettext_lazy("task workbook", "Where this school or group places the task."),
    LEVEL_REASON: pgettext_lazy(
        "task workbook", "Why the task sits at that level (empty if not decided)."
    ),
    RAISE_WITH_DIRECTOR: pgettext_lazy(
        "task workbook", "Yes to raise the task with the general director of the school group."
    ),
    NOTE: pgettext_lazy("task workbook", "This school's or group's own remarks on the task."),
}
TRANSLATION_TEXT = pgettext_lazy("task workbook", "The column %(column)s in %(language)s.")


def _column_text(column: str) -> str:
    language = language_of(column)
    if language and language != text_language():
        return str(TRANSLATION_TEXT) % {
            "column": header(key_of(column)),
            "language": LANGUAGE_NAMES.get(language, language),
        }
    return str(COLUMN_TEXT[key_of(column)])


def allowed_values(with_list_columns: bool) -> list[tuple[str, str]]:
    yes_or_no = f"{YES} | {NO}"
    values = [
        (CLUSTER, " | ".join(CLUSTERS.labels())),
        (CORE, yes_or_no),
        (COMPETENCES, " | ".join(COMPETENCE_VOCABULARY.labels())),
        (SPECIALISATION, " | ".join([str(EMPTY), *SPECIALISATIONS.labels()])),
        (ALSO_BY, " | ".join([str(EMPTY), *OTHER_ACTORS.labels()])),
        (LEVEL, " | ".join(TASK_LEVELS.labels())),
        (CONTEXTS, " | ".join([str(ALL_CONTEXTS), *CONTEXT_VOCABULARY.labels()])),
    ]
    if with_list_columns:
        values += [
            (APPLIES, yes_or_no),
            (HORIZON, " | ".join(HORIZONS.labels())),
            (OUR_LEVEL, " | ".join(LIST_LEVELS.labels())),
            (LEVEL_REASON, " | ".join([str(EMPTY), *LEVEL_REASONS.labels()])),
            (RAISE_WITH_DIRECTOR, yes_or_no),
        ]
    return [(header(column), text) for column, text in values]


def write_about_sheet(workbook: Workbook, *, title: str, columns: Sequence[str]) -> None:
    """The legend: what the workbook is, what each column means, the allowed values."""
    sheet = workbook.create_sheet(str(ABOUT_SHEET))
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
        cell = write_cell(sheet.cell(row=row, column=1), str(label))
        cell.font = label_style["font"]
        cell.alignment = label_style["alignment"]
        if text is not None:
            write_cell(sheet.cell(row=row, column=2), str(text)).alignment = text_alignment

    named = ", ".join(NAMED_CORE)
    for label, text in ABOUT_TEXT:
        add(label, str(text) % {"named": named} if "%(named)s" in str(text) else text)
    row += 1
    add(pgettext_lazy("task workbook", "Columns"))
    for column in columns:
        add(header(column), _column_text(column))
    row += 1
    add(pgettext_lazy("task workbook", "Allowed values"))
    for name, text in allowed_values(with_list_columns=any(c in LIST_COLUMNS for c in columns)):
        add(name, text)


def task_export_xlsx(*, owner: Owner | None = None, language: str | None = None) -> bytes:
    """The active catalogue, or an owner's list with its choices, as a task workbook.

    Written in ``language`` (the active one by default). The catalogue's workbook carries
    its texts in every language; a list's carries the reader's.
    """
    with translation.override(text_language(language)):
        workbook = Workbook()
        if owner is None:
            columns = catalogue_columns()
            rows = ((task.is_core, task_row(task, columns)) for task in task_catalogue())
            title = str(WORKBOOK_TITLE)
        else:
            catalogue = catalogue_columns(translations=False)
            columns = [*catalogue, *LIST_COLUMNS]
            entries = task_list_entries(owner=owner).filter(task__status=TaskStatus.ACTIVE)
            rows = (
                (entry.task.is_core, [*task_row(entry.task, catalogue), *list_row(entry)])
                for entry in entries
            )
            title = f"{WORKBOOK_TITLE}: {owner.name}"
        write_tasks_sheet(workbook.active, columns, rows)
        write_about_sheet(workbook, title=title, columns=columns)
        workbook.properties.title = title
        workbook.properties.creator = "ictteam"
        workbook.properties.language = text_language()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
