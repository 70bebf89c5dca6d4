"""The catalogue in Dutch and English: texts, workbooks in the reader's language, imports
that read either language, and a corrected catalogue re-imported over an older one."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from schools.models import Role
from tasks import workbook as wb
from tasks.importer import task_import_xlsx
from tasks.models import Horizon
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import ReviewState
from tasks.models import Task
from tasks.models import TaskStatus
from tasks.services import task_create_own
from tasks.services import task_list_initialise
from tasks.workbook import task_export_xlsx
from tests.factories import member

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ict-task-overview.xlsx"
DUTCH = {"HTTP_ACCEPT_LANGUAGE": "nl-BE,nl;q=0.9"}

# The tasks the report's definition of core (chapter 1) no longer counts as core: the
# catalogue before it was rebuilt from the report's text flagged these core too.
NO_LONGER_CORE = {
    "PED-CLS-03",
    "PED-INN-06",
    "PED-SEC-01",
    "PED-SEN-01",
    "PED-TED-01",
    "POL-FIN-01",
    "POL-NEED-01",
    "POL-SEC-01",
    "POL-SG-01",
    "POL-SG-04",
    "POL-TEAM-01",
    "POL-VIS-01",
    "POL-VIS-02",
    "POL-VIS-03",
    "POL-VIS-05",
    "POL-VIS-06",
    "POL-VIS-07",
    "TEC-BCK-01",
    "TEC-NET-04",
    "TEC-SEC-01",
    "TEC-SEC-02",
    "TEC-SEC-03",
    "TEC-SEN-01",
}


def rows(data: bytes, sheet: int = 0) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return list(book.worksheets[sheet].iter_rows(values_only=True))
    finally:
        book.close()


def sheet_names(data: bytes) -> list[str]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return book.sheetnames
    finally:
        book.close()


def db_state() -> tuple[list[dict], list[dict]]:
    return (
        list(Task.objects.order_by("pk").values()),
        list(ListTask.objects.order_by("pk").values()),
    )


@pytest.fixture
def catalogue(db):
    report = task_import_xlsx(file=FIXTURE)
    assert report.ok, report.errors
    return {task.code: task for task in Task.objects.catalogue()}


def test_a_task_reads_in_the_readers_language_and_falls_back_to_the_other(catalogue):
    task = catalogue["TEC-NET-03"]
    with translation.override("nl"):
        assert task.title == task.title_nl != task.title_en
        assert task.topic == task.topic_nl
    with translation.override("nl-be"):
        assert task.description == task.description_nl
    with translation.override("en"):
        assert task.title == task.title_en
        assert task.why_core == task.why_core_en
    task.title_nl = ""
    with translation.override("nl"):
        assert task.title == task.title_en


def test_the_dutch_catalogue_workbook_is_dutch_throughout(catalogue):
    data = task_export_xlsx(language="nl")
    assert sheet_names(data) == ["Taken", "Toelichting"]
    header, *body = rows(data)
    assert header == (
        "Code",
        "Cluster",
        "Thema",
        "Taak",
        "Omschrijving",
        "Kerntaak",
        "Waarom kerntaak",
        "Competenties",
        "Specialisatie",
        "Kan ook opgenomen worden door",
        "Niveau",
        "Contexten",
        "Bron",
        "Thema (en)",
        "Taak (en)",
        "Omschrijving (en)",
        "Waarom kerntaak (en)",
    )
    by_code = {row[0]: row for row in body}
    network = catalogue["TEC-NET-03"]
    row = by_code["TEC-NET-03"]
    assert row[1:7] == (
        "Technisch",
        network.topic_nl,
        network.title_nl,
        network.description_nl,
        "Ja",
        network.why_core_nl,
    )
    assert row[13:] == (
        network.topic_en,
        network.title_en,
        network.description_en,
        network.why_core_en,
    )
    assert by_code["POL-VIS-01"][5:7] == ("Nee", None)
    assert by_code["TEC-BCK-01"][11] == "Alle"
    about = rows(data, sheet=1)
    assert about[0][0] == "Takenoverzicht ICT-coördinatie"
    legend = " ".join(str(value) for line in about for value in line if value)
    assert "heropgebouwd op basis van de tekst van het rapport" in legend
    assert "Technisch | Pedagogisch-didactisch | Beleid & visie | Administratief" in legend
    assert "TEC-NET-03, TEC-HD-02, ADM-USR-01, ADM-ELO-01, PED-CLS-01" in legend


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_dutch_catalogue_export_imports_back_unchanged_in_either_language(catalogue, language):
    data = task_export_xlsx(language="nl")
    before = db_state()
    with translation.override(language):
        report = task_import_xlsx(file=data)
    assert report.ok, report.errors
    assert report.warnings == []
    assert (report.added, report.changed, report.retired) == ([], [], [])
    assert len(report.unchanged) == len(catalogue)
    assert db_state() == before


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_dutch_list_export_imports_back_in_either_language_and_reads_dutch_labels(
    catalogue, school, language
):
    task_list_initialise(owner=school)
    with translation.override("nl"):
        own = task_create_own(
            owner=school, title="Laptops uitlenen", cluster="technical", topic="Pool"
        )
    data = task_export_xlsx(owner=school, language="nl")
    header, *body = rows(data)
    assert header[-6:] == (
        "Van toepassing",
        "Termijn",
        "Ons niveau",
        "Reden voor het niveau",
        "Voorleggen aan de algemeen directeur",
        "Notitie",
    )
    assert "Taak (en)" not in header
    before = db_state()
    with translation.override(language):
        report = task_import_xlsx(file=data, owner=school)
    assert report.ok, report.errors
    assert (report.added, report.changed) == ([], [])
    assert db_state() == before

    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Taken"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    line = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "TEC-NET-03")
    sheet.cell(line, columns["Termijn"], "Lange termijn")
    sheet.cell(line, columns["Ons niveau"], "Uitbesteed")
    sheet.cell(line, columns["Van toepassing"], "Nee")
    mine = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == own.task.code)
    sheet.cell(mine, columns["Taak"], "Laptops uitlenen aan leerlingen")
    buffer = io.BytesIO()
    book.save(buffer)
    with translation.override(language):
        report = task_import_xlsx(file=buffer.getvalue(), owner=school)
    assert report.ok, report.errors
    assert sorted(report.changed) == sorted(["TEC-NET-03", own.task.code])
    entry = ListTask.objects.get(school=school, task__code="TEC-NET-03")
    assert (entry.applies, entry.horizon, entry.level) == (
        False,
        Horizon.LONG,
        ListLevel.OUTSOURCED,
    )
    task = Task.objects.get(pk=own.task.pk)
    assert (task.title_nl, task.title_en) == ("Laptops uitlenen aan leerlingen", "")


def test_an_english_workbook_imports_under_dutch(catalogue):
    data = task_export_xlsx(language="en")
    with translation.override("nl"):
        report = task_import_xlsx(file=data)
    assert report.ok, report.errors
    assert report.changed == []


def test_a_schools_own_task_stays_in_the_language_it_was_written_in(catalogue, school):
    task_list_initialise(owner=school)
    with translation.override("nl"):
        own = task_create_own(
            owner=school, title="Laptops uitlenen", cluster="technical", topic="Pool"
        )
    task = Task.objects.get(pk=own.task.pk)
    assert (task.title_nl, task.title_en) == ("Laptops uitlenen", "")
    with translation.override("en"):
        assert task.title == "Laptops uitlenen"
        english = task_export_xlsx(owner=school, language="en")
    row = next(row for row in rows(english) if row[0] == task.code)
    assert row[3] == "Laptops uitlenen"
    # Edited in an English workbook, the text stays the Dutch it was written in.
    book = openpyxl.load_workbook(io.BytesIO(english))
    sheet = book["Tasks"]
    line = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == task.code)
    sheet.cell(line, 4, "Laptops uitlenen aan leerkrachten")
    buffer = io.BytesIO()
    book.save(buffer)
    report = task_import_xlsx(file=buffer.getvalue(), owner=school)
    assert report.ok, report.errors
    assert report.changed == [task.code]
    task.refresh_from_db()
    assert (task.title_nl, task.title_en) == ("Laptops uitlenen aan leerkrachten", "")


def test_reimporting_the_corrected_catalogue_marks_only_the_tasks_whose_flag_changed(
    catalogue, school, group
):
    # The catalogue as it was: the same tasks in English only, 37 of them flagged core.
    Task.objects.update(topic_nl="", title_nl="", description_nl="", why_core_nl="", why_core_en="")
    Task.objects.filter(code__in=NO_LONGER_CORE).update(is_core=True)
    assert Task.objects.filter(is_core=True).count() == 37
    task_list_initialise(owner=school)
    task_list_initialise(owner=group)

    report = task_import_xlsx(file=FIXTURE)

    assert report.ok, report.errors
    assert len(report.changed) == len(catalogue)
    assert Task.objects.filter(is_core=True).count() == 14
    for owner in ({"school": school}, {"group": group}):
        marked = set(
            ListTask.objects.filter(review=ReviewState.CHANGED, **owner).values_list(
                "task__code", flat=True
            )
        )
        # Translations and reasons filled in where there were none ask nobody to review.
        assert marked == NO_LONGER_CORE


def test_changing_a_dutch_text_marks_the_task_on_the_lists(catalogue, school):
    task_list_initialise(owner=school)
    data = task_export_xlsx(language="nl")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Taken"]
    line = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "TEC-HD-02")
    sheet.cell(line, 4, "Een helpdesk opzetten en beheren")
    buffer = io.BytesIO()
    book.save(buffer)
    report = task_import_xlsx(file=buffer.getvalue())
    assert report.changed == ["TEC-HD-02"]
    task = Task.objects.get(code="TEC-HD-02")
    assert task.title_nl == "Een helpdesk opzetten en beheren"
    assert task.title_en == catalogue["TEC-HD-02"].title_en
    entry = ListTask.objects.get(school=school, task=task)
    assert entry.review == ReviewState.CHANGED


def test_a_workbook_without_dutch_columns_keeps_the_dutch_texts(catalogue):
    data = task_export_xlsx(language="en")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["Tasks"]
    sheet.delete_cols(14, 4)
    buffer = io.BytesIO()
    book.save(buffer)
    report = task_import_xlsx(file=buffer.getvalue())
    assert report.ok, report.errors
    assert report.changed == []
    assert [str(warning) for warning in report.warnings] == [
        "Sheet “Tasks”: the workbook has no texts in Dutch; the catalogue keeps the ones it has"
    ]
    assert Task.objects.get(code="TEC-NET-03").title_nl == catalogue["TEC-NET-03"].title_nl


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_header_reads_back_as_its_column_in_either_language(language):
    columns = [*wb.catalogue_columns(language=language), *wb.LIST_COLUMNS]
    for column in columns:
        assert wb.column_of_header(wb.header(column, language)) == column
        assert wb.column_of_header(wb.header(column, language).upper()) == column
    with translation.override(language):
        texts = {wb.header(f"{key}_{language}") for key in wb.TRANSLATED}
    assert len(texts) == len(wb.TRANSLATED)


def test_the_text_headers_differ_between_the_languages():
    for key in wb.TRANSLATED:
        assert wb.header(f"{key}_nl", "nl") != wb.header(f"{key}_en", "en")


@pytest.mark.parametrize(
    "vocabulary",
    [
        wb.CLUSTERS,
        wb.COMPETENCE_VOCABULARY,
        wb.SPECIALISATIONS,
        wb.OTHER_ACTORS,
        wb.TASK_LEVELS,
        wb.CONTEXT_VOCABULARY,
        wb.HORIZONS,
        wb.LIST_LEVELS,
        wb.LEVEL_REASONS,
    ],
)
def test_every_label_of_either_language_reads_back_as_its_own_choice(vocabulary):
    for language in ("nl", "en"):
        with translation.override(language):
            for key in vocabulary.choices.values:
                assert vocabulary.parse(vocabulary.label(key)) == key


def test_the_catalogue_page_shows_dutch_and_searches_both_languages(client, school, password):
    task_import_xlsx(file=FIXTURE)
    user = member(school, role=Role.SCHOOL_LEADER)
    client.login(username=user.username, password=password)
    task = Task.objects.get(code="TEC-NET-03")
    page = client.get(reverse("tasks:catalogue"), {"q": "servers"}, **DUTCH).content.decode()
    assert task.title_nl in page
    dutch_word = task.title_nl.split()[-1]
    found = client.get(reverse("tasks:catalogue"), {"q": dutch_word}, **DUTCH)
    assert task.title_nl in found.content.decode()
    assert Task.objects.filter(status=TaskStatus.ACTIVE).count() > 100
