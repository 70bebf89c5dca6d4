"""Every document of a school, from every app: the registry behind ``export_documents``,
the school's zip download, the group's zip and the admin's bulk export.

To add a document, append one writer to ``DOCUMENT_WRITERS``: a function taking
``school`` (keyword) and returning (file name, bytes) pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from pathlib import Path

from guidelines.documents import action_plan_pdf
from guidelines.selectors import plan_for
from policy.documents import policy_plan_pdf
from policy.selectors import plan_for as policy_plan_for
from schools.documents import file_slug
from schools.documents import unique_name
from schools.documents import zip_bytes
from schools.language import documents_language
from schools.models import School
from teams.documents import role_description_pdf
from teams.documents import team_overview_pdf
from teams.documents import vacancy_pdf
from teams.models import Vacancy
from teams.selectors import school_people
from teams.workbook import division_export_xlsx

Writer = Callable[..., list[tuple[str, bytes]]]


def role_description_documents(*, school: School) -> list[tuple[str, bytes]]:
    """One PDF per person of the school, named by the slugified name."""
    taken: set[str] = set()
    return [
        (
            unique_name(
                f"role-description-{file_slug(person.name, f'person-{person.pk}')}.pdf", taken
            ),
            role_description_pdf(school=school, person=person),
        )
        for person in school_people(school=school)
    ]


def vacancy_documents(*, school: School) -> list[tuple[str, bytes]]:
    taken: set[str] = set()
    return [
        (
            unique_name(f"vacancy-{file_slug(vacancy.title, str(vacancy.pk))}.pdf", taken),
            vacancy_pdf(vacancy=vacancy),
        )
        for vacancy in Vacancy.objects.filter(school=school).select_related("school__group")
    ]


def team_overview_documents(*, school: School) -> list[tuple[str, bytes]]:
    return [("team-overview.pdf", team_overview_pdf(school=school))]


def division_of_tasks_documents(*, school: School) -> list[tuple[str, bytes]]:
    return [("division-of-tasks.xlsx", division_export_xlsx(school=school))]


def action_plan_documents(*, school: School) -> list[tuple[str, bytes]]:
    """``action-plan.pdf``, once the school's transition plan is started."""
    plan = plan_for(owner=school)
    if plan is None:
        return []
    return [("action-plan.pdf", action_plan_pdf(plan=plan))]


def policy_plan_documents(*, school: School) -> list[tuple[str, bytes]]:
    """``ict-policy-plan.pdf``, once the school has started its ICT policy plan."""
    plan = policy_plan_for(owner=school)
    if plan is None:
        return []
    return [("ict-policy-plan.pdf", policy_plan_pdf(owner=school, plan=plan))]


# The documents every school gets, in order. export_documents, the zip downloads and the
# admin's bulk export all write everything listed here.
DOCUMENT_WRITERS: list[Writer] = [
    role_description_documents,
    vacancy_documents,
    team_overview_documents,
    division_of_tasks_documents,
    action_plan_documents,
    policy_plan_documents,
]


def school_documents(*, school: School, language: str | None = None) -> list[tuple[str, bytes]]:
    """Every document of a school as (file name, bytes), from ``DOCUMENT_WRITERS``.

    In ``language`` when given, else in the active language (a page's download).
    """
    documents: list[tuple[str, bytes]] = []
    with documents_language(language=language):
        for writer in DOCUMENT_WRITERS:
            documents.extend(writer(school=school))
    return documents


def schools_documents_zip(*, schools: Iterable[School], language: str | None = None) -> bytes:
    """Every document of the schools in one zip, with a folder per school (its slug).

    A bulk export: in ``language`` when given, else each school in its own
    ``documents_language``.
    """
    return zip_bytes(
        (f"{school.slug}/{name}", content)
        for school in schools
        for name, content in school_documents(
            school=school, language=language or school.documents_language
        )
    )


def export_school_documents(
    *, school: School, out: Path, language: str | None = None
) -> list[Path]:
    """Write every document of a school into ``out/<slug>/``, in ``language`` or else the
    school's ``documents_language``; returns the files written."""
    folder = Path(out) / school.slug
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in school_documents(
        school=school, language=language or school.documents_language
    ):
        path = folder / name
        path.write_bytes(content)
        written.append(path)
    return written
