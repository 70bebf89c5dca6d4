"""The committed catalogue workbook, Appendix 1 of the report rebuilt, imports cleanly."""

from pathlib import Path

import openpyxl
import pytest

from tasks.importer import task_import_xlsx
from tasks.models import Cluster
from tasks.models import Task

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ict-task-overview.xlsx"


def test_fixture_workbook_imports_as_the_whole_catalogue():
    report = task_import_xlsx(file=FIXTURE)
    assert report.ok, report.errors
    assert not report.warnings
    catalogue = Task.objects.catalogue().active()
    assert catalogue.count() == len(report.added) > 100
    assert set(catalogue.values_list("cluster", flat=True)) == set(Cluster.values)
    assert not catalogue.filter(source="").exists()
    assert not catalogue.filter(description_en="").exists()


# Chapter 1, Core tasks of the ICT coordinator: the report's own examples of core tasks
# (repair of servers and network equipment, the help desk, user management, structuring the
# electronic learning environments, supporting teachers in integrating ICT in the classroom).
NAMED_CORE = {"TEC-NET-03", "TEC-HD-02", "ADM-USR-01", "ADM-ELO-01", "PED-CLS-01"}
# Tasks the report gives to others in so many words, so not core.
CONTRADICTED = {
    # "Irrespective of school size, the management or management team is responsible for
    # outlining the school vision and elaborating, implementing, and following up on the ICT
    # policy plan." (chapter 2, Management)
    "POL-VIS-01": "management",
    "POL-VIS-05": "management",
    # Schools "follow the guidelines and ICT vision drawn up by the school group" (chapter 2)
    "POL-SG-01": "school group",
    # ICT-savvy teachers "are the first-line helpdesk for pedagogical questions" (chapter 2)
    "PED-CLS-03": "teachers",
    # Table 2: professionalising colleagues falls to management and teachers
    "PED-TED-01": "management and teachers",
    # Table 2: educational innovation falls to teachers with a special interest in ICT
    "PED-INN-06": "digicoaches",
}


@pytest.fixture
def catalogue(db):
    report = task_import_xlsx(file=FIXTURE)
    assert report.ok, report.errors
    return {task.code: task for task in Task.objects.catalogue().active()}


def test_the_reports_named_core_tasks_are_core(catalogue):
    assert {code for code in NAMED_CORE if catalogue[code].is_core} == NAMED_CORE


def test_tasks_the_report_gives_to_others_are_not_core(catalogue):
    assert [code for code in CONTRADICTED if catalogue[code].is_core] == []


def test_core_follows_the_reports_definition_not_every_cluster(catalogue):
    core = {code for code, task in catalogue.items() if task.is_core}
    assert len(core) == 14
    # "The core of the task profile lies in the technical and teaching and learning tasks":
    # no policy task is core.
    assert not [code for code in core if catalogue[code].cluster == Cluster.POLICY]
    # Core asks technical competences combined with another kind.
    for code in core:
        task = catalogue[code]
        assert task.needs_technical, code
        assert task.needs_pedagogical or task.needs_administrative or task.needs_policy, code


def test_every_core_task_says_why_in_both_languages_and_no_other_task_does(catalogue):
    for code, task in catalogue.items():
        if task.is_core:
            assert task.why_core_en and task.why_core_nl, code
            assert "competence" in task.why_core_en, code
            assert "competenties" in task.why_core_nl, code
        else:
            assert not (task.why_core_en or task.why_core_nl), code


def test_every_catalogue_task_has_its_dutch_title_description_and_topic(catalogue):
    missing = [
        code
        for code, task in catalogue.items()
        if not (task.title_nl and task.description_nl and task.topic_nl)
    ]
    assert missing == []
    # A Dutch title copied from the English one is no translation.
    assert [code for code, task in catalogue.items() if task.title_nl == task.title_en] == []


def test_the_about_sheet_says_the_workbook_is_rebuilt_and_names_the_reports_core_tasks():
    book = openpyxl.load_workbook(FIXTURE, read_only=True)
    try:
        text = " ".join(
            str(value)
            for row in book["About"].iter_rows(values_only=True)
            for value in row
            if value
        )
    finally:
        book.close()
    assert "rebuilt from the report's text" in text
    assert all(code in text for code in NAMED_CORE)


def test_fixture_workbook_imported_twice_changes_nothing():
    task_import_xlsx(file=FIXTURE)
    again = task_import_xlsx(file=FIXTURE)
    assert again.ok
    assert (again.added, again.changed, again.retired) == ([], [], [])
    assert set(Task.objects.values_list("revision", flat=True)) == {1}
