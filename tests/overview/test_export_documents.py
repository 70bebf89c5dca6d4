"""The export_documents command: a folder per school with every document."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from teams.documents import vacancy_draft
from tests.factories import AssignmentFactory, ListTaskFactory, PersonFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def export(*args: str) -> str:
    out = StringIO()
    call_command("export_documents", *args, stdout=out)
    return out.getvalue()


def tree(root) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


def test_one_school_gets_a_folder_with_every_document(tmp_path, school, other_school):
    person = PersonFactory(school=school, name="Tom Claes")
    AssignmentFactory(person=person)
    PersonFactory(school=other_school)
    output = export("--school", school.slug, "--out", str(tmp_path))
    assert tree(tmp_path) == {
        "sint-jan/role-description-tom-claes.pdf",
        "sint-jan/team-overview.pdf",
        "sint-jan/division-of-tasks.xlsx",
    }
    assert "Wrote 3 documents for 1 schools" in output
    role = PdfReader(tmp_path / "sint-jan" / "role-description-tom-claes.pdf")
    assert "Tom Claes" in role.pages[0].extract_text()
    workbook = load_workbook(tmp_path / "sint-jan" / "division-of-tasks.xlsx")
    assert workbook.active["F1"].value == f"Tom Claes (#{person.pk})"


def test_all_schools_get_a_folder_each_with_vacancies(tmp_path, school, other_school):
    ListTaskFactory(school=school, task__title="Repair the servers")
    vacancy_draft(school=school)
    empty = SchoolFactory(slug="de-brug")
    export("--all", "--out", str(tmp_path))
    files = tree(tmp_path)
    assert {path.split("/")[0] for path in files} == {"sint-jan", "atheneum-zuid", empty.slug}
    assert "sint-jan/vacancy-technical-ict-coordinator-at-sint-jan-secundair.pdf" in files
    assert "de-brug/team-overview.pdf" in files


def test_an_unknown_school_or_no_choice_is_an_error(tmp_path, school):
    with pytest.raises(CommandError, match="No school"):
        export("--school", "nowhere", "--out", str(tmp_path))
    with pytest.raises(CommandError):
        export("--out", str(tmp_path))
    with pytest.raises(CommandError):
        export("--all", "--school", school.slug, "--out", str(tmp_path))
    assert tree(tmp_path) == set()


def test_an_unwritable_folder_is_an_error(tmp_path, school):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(CommandError, match="Cannot write"):
        export("--school", school.slug, "--out", str(blocker))
