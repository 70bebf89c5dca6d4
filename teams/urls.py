from django.urls import path

from teams.views import assignments, consultation, documents, group, matrix, people

app_name = "teams"

SCHOOL = "schools/<slug:school_slug>/team/"
GROUP = "groups/<slug:group_slug>/people/"

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
    path(f"{SCHOOL}consultation/add/", consultation.consultation_edit, name="consultation_add"),
    path(
        f"{SCHOOL}consultation/<int:pk>/", consultation.consultation_edit, name="consultation_edit"
    ),
    path(
        f"{SCHOOL}consultation/<int:pk>/delete/",
        consultation.consultation_remove,
        name="consultation_delete",
    ),
    path(f"{SCHOOL}agreements/add/", consultation.agreement_edit, name="agreement_add"),
    path(f"{SCHOOL}agreements/<int:pk>/", consultation.agreement_edit, name="agreement_edit"),
    path(
        f"{SCHOOL}agreements/<int:pk>/delete/",
        consultation.agreement_remove,
        name="agreement_delete",
    ),
    # The documents the team produces (teams.views.documents).
    path(f"{SCHOOL}documents/", documents.documents_index, name="documents"),
    path(
        f"{SCHOOL}documents/people/<int:pk>/",
        documents.role_description,
        name="document_role",
    ),
    path(
        f"{SCHOOL}documents/people/<int:pk>/pdf/",
        documents.role_description_pdf,
        name="document_role_pdf",
    ),
    path(f"{SCHOOL}documents/overview/", documents.team_overview, name="document_overview"),
    path(
        f"{SCHOOL}documents/overview/pdf/",
        documents.team_overview_pdf,
        name="document_overview_pdf",
    ),
    path(
        f"{SCHOOL}documents/division-of-tasks/",
        documents.workbook_export,
        name="document_workbook",
    ),
    path(
        f"{SCHOOL}documents/division-of-tasks/import/",
        documents.workbook_import,
        name="document_workbook_import",
    ),
    path(
        f"{SCHOOL}documents/vacancies/new/",
        documents.vacancy_new,
        name="document_vacancy_new",
    ),
    path(
        f"{SCHOOL}documents/vacancies/<int:pk>/",
        documents.vacancy_edit,
        name="document_vacancy",
    ),
    path(
        f"{SCHOOL}documents/vacancies/<int:pk>/pdf/",
        documents.vacancy_pdf,
        name="document_vacancy_pdf",
    ),
    path(GROUP, group.group_people_view, name="group_people"),
    path(f"{GROUP}add/", group.group_person_edit, name="group_person_add"),
    path(f"{GROUP}<int:pk>/", group.group_person_edit, name="group_person_edit"),
    path(f"{GROUP}<int:pk>/delete/", group.group_person_remove, name="group_person_delete"),
    path(
        f"{GROUP}consultation/add/",
        group.group_consultation_edit,
        name="group_consultation_add",
    ),
    path(
        f"{GROUP}consultation/<int:pk>/",
        group.group_consultation_edit,
        name="group_consultation_edit",
    ),
    path(
        f"{GROUP}consultation/<int:pk>/delete/",
        group.group_consultation_remove,
        name="group_consultation_delete",
    ),
]
