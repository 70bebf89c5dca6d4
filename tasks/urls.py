from django.urls import path

from tasks import views

app_name = "tasks"

urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/tasks/<str:code>/", views.task_detail, name="task_detail"),
    path("catalogue/export.xlsx", views.catalogue_export, name="catalogue_export"),
    path("catalogue/import/", views.catalogue_import, name="catalogue_import"),
    path(
        "schools/<slug:school_slug>/tasks/export.xlsx",
        views.task_list_export,
        name="school_export",
    ),
    path("schools/<slug:school_slug>/tasks/import/", views.task_list_import, name="school_import"),
    path("groups/<slug:group_slug>/tasks/export.xlsx", views.task_list_export, name="group_export"),
    path("groups/<slug:group_slug>/tasks/import/", views.task_list_import, name="group_import"),
    path("schools/<slug:school_slug>/tasks/", views.task_list, name="school_list"),
    path("schools/<slug:school_slug>/tasks/start/", views.task_list_start, name="school_start"),
    path(
        "schools/<slug:school_slug>/tasks/reviewed/",
        views.task_list_reviewed,
        name="school_reviewed",
    ),
    path("schools/<slug:school_slug>/tasks/add/", views.own_task_add, name="school_add"),
    path("schools/<slug:school_slug>/tasks/<int:pk>/", views.list_entry, name="school_entry"),
    path("groups/<slug:group_slug>/tasks/", views.task_list, name="group_list"),
    path("groups/<slug:group_slug>/tasks/start/", views.task_list_start, name="group_start"),
    path(
        "groups/<slug:group_slug>/tasks/reviewed/", views.task_list_reviewed, name="group_reviewed"
    ),
    path("groups/<slug:group_slug>/tasks/add/", views.own_task_add, name="group_add"),
    path("groups/<slug:group_slug>/tasks/<int:pk>/", views.list_entry, name="group_entry"),
]
