from django.urls import path

from teams import document_views, views

app_name = "teams"

SCHOOL = "schools/<slug:school_slug>/team/"
GROUP = "groups/<slug:group_slug>/people/"

urlpatterns = [
    path(SCHOOL, views.overview, name="overview"),
    path(f"{SCHOOL}people/add/", views.person_add, name="person_add"),
    path(f"{SCHOOL}people/<int:pk>/", views.person_detail, name="person_detail"),
    path(f"{SCHOOL}people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path(f"{SCHOOL}people/<int:pk>/delete/", views.person_remove, name="person_delete"),
    path(f"{SCHOOL}matrix/", views.matrix, name="matrix"),
    path(f"{SCHOOL}matrix/cell/<int:pk>/<int:id>/", views.matrix_cell, name="matrix_cell"),
    path(f"{SCHOOL}matrix/people/<int:pk>/", views.matrix_person, name="matrix_person"),
    path(f"{SCHOOL}matrix/tasks/<int:pk>/", views.matrix_task, name="matrix_task"),
    path(f"{SCHOOL}tasks/<int:pk>/", views.task_assignments_view, name="task_assignments"),
    path(f"{SCHOOL}mandates/", views.mandates, name="mandates"),
    path(f"{SCHOOL}mandates/approve-all/", views.mandates_approve_all, name="approve_all"),
    path(
        f"{SCHOOL}assignments/<int:pk>/approve/",
        views.assignment_approve_view,
        name="assignment_approve",
    ),
    path(f"{SCHOOL}consultation/", views.consultation, name="consultation"),
    path(f"{SCHOOL}consultation/add/", views.consultation_edit, name="consultation_add"),
    path(f"{SCHOOL}consultation/<int:pk>/", views.consultation_edit, name="consultation_edit"),
    path(
        f"{SCHOOL}consultation/<int:pk>/delete/",
        views.consultation_remove,
        name="consultation_delete",
    ),
    path(f"{SCHOOL}agreements/add/", views.agreement_edit, name="agreement_add"),
    path(f"{SCHOOL}agreements/<int:pk>/", views.agreement_edit, name="agreement_edit"),
    path(f"{SCHOOL}agreements/<int:pk>/delete/", views.agreement_remove, name="agreement_delete"),
    # The documents the team produces (teams.document_views).
    path(f"{SCHOOL}documents/", document_views.documents_index, name="documents"),
    path(
        f"{SCHOOL}documents/people/<int:pk>/",
        document_views.role_description,
        name="document_role",
    ),
    path(
        f"{SCHOOL}documents/people/<int:pk>/pdf/",
        document_views.role_description_pdf,
        name="document_role_pdf",
    ),
    path(f"{SCHOOL}documents/overview/", document_views.team_overview, name="document_overview"),
    path(
        f"{SCHOOL}documents/overview/pdf/",
        document_views.team_overview_pdf,
        name="document_overview_pdf",
    ),
    path(
        f"{SCHOOL}documents/division-of-tasks/",
        document_views.workbook_export,
        name="document_workbook",
    ),
    path(
        f"{SCHOOL}documents/division-of-tasks/import/",
        document_views.workbook_import,
        name="document_workbook_import",
    ),
    path(
        f"{SCHOOL}documents/vacancies/new/",
        document_views.vacancy_new,
        name="document_vacancy_new",
    ),
    path(
        f"{SCHOOL}documents/vacancies/<int:pk>/",
        document_views.vacancy_edit,
        name="document_vacancy",
    ),
    path(
        f"{SCHOOL}documents/vacancies/<int:pk>/pdf/",
        document_views.vacancy_pdf,
        name="document_vacancy_pdf",
    ),
    path(GROUP, views.group_people_view, name="group_people"),
    path(f"{GROUP}add/", views.group_person_edit, name="group_person_add"),
    path(f"{GROUP}<int:pk>/", views.group_person_edit, name="group_person_edit"),
    path(f"{GROUP}<int:pk>/delete/", views.group_person_remove, name="group_person_delete"),
    path(
        f"{GROUP}consultation/add/",
        views.group_consultation_edit,
        name="group_consultation_add",
    ),
    path(
        f"{GROUP}consultation/<int:pk>/",
        views.group_consultation_edit,
        name="group_consultation_edit",
    ),
    path(
        f"{GROUP}consultation/<int:pk>/delete/",
        views.group_consultation_remove,
        name="group_consultation_delete",
    ),
]
