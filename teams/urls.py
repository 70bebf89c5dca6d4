from collections.abc import Callable

from django.http import HttpResponse
from django.urls import URLPattern
from django.urls import include
from django.urls import path

from teams.views import assignments
from teams.views import consultation
from teams.views import documents
from teams.views import group
from teams.views import matrix
from teams.views import people

app_name = "teams"

SCHOOL = "schools/<slug:school_slug>/team/"
GROUP = "groups/<slug:group_slug>/people/"


def edit_pages(
    route: str, name: str, edit: Callable[..., HttpResponse], remove: Callable[..., HttpResponse]
) -> list[URLPattern]:
    """The add (``<name>_add``), edit (``<name>_edit``) and delete (``<name>_delete``) pages of
    one kind of object under ``route``: one view adds and edits, one removes."""
    return [
        path(f"{route}add/", edit, name=f"{name}_add"),
        path(f"{route}<int:pk>/", edit, name=f"{name}_edit"),
        path(f"{route}<int:pk>/delete/", remove, name=f"{name}_delete"),
    ]


# The documents the team produces (teams.views.documents); ``include()`` of a list keeps
# their names in this namespace.
document_pages = [
    path("", documents.documents_index, name="documents"),
    path("people/<int:pk>/", documents.role_description, name="document_role"),
    path("people/<int:pk>/pdf/", documents.role_description_pdf, name="document_role_pdf"),
    path("overview/", documents.team_overview, name="document_overview"),
    path("overview/pdf/", documents.team_overview_pdf, name="document_overview_pdf"),
    path("division-of-tasks/", documents.workbook_export, name="document_workbook"),
    path("division-of-tasks/import/", documents.workbook_import, name="document_workbook_import"),
    path("vacancies/new/", documents.vacancy_new, name="document_vacancy_new"),
    path("vacancies/<int:pk>/", documents.vacancy_edit, name="document_vacancy"),
    path("vacancies/<int:pk>/pdf/", documents.vacancy_pdf, name="document_vacancy_pdf"),
]

# The people and consultation groups of a school group itself.
group_pages = [
    path("", group.group_people_view, name="group_people"),
    *edit_pages("", "group_person", group.group_person_edit, people.person_remove),
    # The same views as a school's consultation groups: they serve either owner.
    *edit_pages(
        "consultation/",
        "group_consultation",
        consultation.consultation_edit,
        consultation.consultation_remove,
    ),
]

urlpatterns = [
    path(SCHOOL, people.overview, name="overview"),
    path(f"{SCHOOL}people/add/", people.person_add, name="person_add"),
    path(f"{SCHOOL}people/<int:pk>/", people.person_detail, name="person_detail"),
    path(f"{SCHOOL}people/<int:pk>/edit/", people.person_edit, name="person_edit"),
    path(f"{SCHOOL}people/<int:pk>/delete/", people.person_remove, name="person_delete"),
    path(f"{SCHOOL}matrix/", matrix.matrix, name="matrix"),
    path(f"{SCHOOL}matrix/cell/<int:pk>/<int:id>/", matrix.matrix_cell, name="matrix_cell"),
    path(f"{SCHOOL}matrix/people/<int:pk>/", matrix.matrix_person, name="matrix_person"),
    path(f"{SCHOOL}matrix/tasks/<int:pk>/", matrix.matrix_task, name="matrix_task"),
    path(f"{SCHOOL}tasks/<int:pk>/", assignments.task_assignments_view, name="task_assignments"),
    path(f"{SCHOOL}mandates/", assignments.mandates, name="mandates"),
    path(f"{SCHOOL}mandates/approve-all/", assignments.mandates_approve_all, name="approve_all"),
    path(
        f"{SCHOOL}assignments/<int:pk>/approve/",
        assignments.assignment_approve_view,
        name="assignment_approve",
    ),
    path(f"{SCHOOL}consultation/", consultation.consultation, name="consultation"),
    *edit_pages(
        f"{SCHOOL}consultation/",
        "consultation",
        consultation.consultation_edit,
        consultation.consultation_remove,
    ),
    *edit_pages(
        f"{SCHOOL}agreements/",
        "agreement",
        consultation.agreement_edit,
        consultation.agreement_remove,
    ),
    path(f"{SCHOOL}documents/", include(document_pages)),
    path(GROUP, include(group_pages)),
]
