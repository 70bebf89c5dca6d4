"""The export_documents command: a folder per school with every document."""

from io import StringIO

import pytest
from django.core.management import CommandError
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from teams.documents import vacancy_draft
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory

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


def pdf_text(path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_language_option_writes_the_same_files_in_each_language(tmp_path, school):
    person = PersonFactory(school=school, name="Tom Claes")
    AssignmentFactory(
        person=person,
        list_task__school=school,
        list_task__task__title="Repair the servers",
        list_task__task__title_nl="De servers herstellen",
    )
    dutch, english = tmp_path / "nl", tmp_path / "en"
    export("--all", "--language", "nl", "--out", str(dutch))
    export("--all", "--language", "en", "--out", str(english))
    assert tree(dutch) == tree(english)
    assert "sint-jan/team-overview.pdf" in tree(dutch)
    overview_nl = pdf_text(dutch / "sint-jan" / "team-overview.pdf")
    overview_en = pdf_text(english / "sint-jan" / "team-overview.pdf")
    assert "Team overview" in overview_en and "Team overview" not in overview_nl
    assert "Teamoverzicht" in overview_nl or "teamoverzicht" in overview_nl.lower()
    role_nl = pdf_text(dutch / "sint-jan" / "role-description-tom-claes.pdf")
    role_en = pdf_text(english / "sint-jan" / "role-description-tom-claes.pdf")
    assert "Role description" in role_en and "Functieomschrijving" in role_nl
    # The catalogue's texts follow the documents' language too.
    assert "Repair the servers" in role_en and "De servers herstellen" in role_nl
    sheet_nl = load_workbook(dutch / "sint-jan" / "division-of-tasks.xlsx").active
    sheet_en = load_workbook(english / "sint-jan" / "division-of-tasks.xlsx").active
    assert (sheet_nl.title, sheet_en.title) == ("Taakverdeling", "Division of tasks")


def test_without_the_option_each_school_exports_in_its_own_documents_language(
    tmp_path, school, other_school
):
    school.documents_language = "nl"
    school.save()
    export("--all", "--out", str(tmp_path))
    assert "Team overview" not in pdf_text(tmp_path / school.slug / "team-overview.pdf")
    assert "Team overview" in pdf_text(tmp_path / other_school.slug / "team-overview.pdf")


def test_a_new_school_exports_its_documents_in_dutch(db):
    from schools.models import School
    from schools.models import SchoolGroup

    group = SchoolGroup.objects.create(name="Noord", slug="noord")
    school = School.objects.create(group=group, name="De Linde", slug="de-linde")
    assert (group.documents_language, school.documents_language) == ("nl", "nl")
