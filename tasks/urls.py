from django.urls import path

from schools.access import owner_paths
from tasks import views

app_name = "tasks"

urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/tasks/<str:code>/", views.task_detail, name="task_detail"),
    path("catalogue/export.xlsx", views.catalogue_export, name="catalogue_export"),
    path("catalogue/import/", views.catalogue_import, name="catalogue_import"),
    path(
        "catalogue/import/jobs/<int:pk>/retry/",
        views.catalogue_fan_out_retry,
        name="catalogue_fan_out_retry",
    ),
    # The task list of a school or of a group: the same pages under either prefix.
    *owner_paths(
        "tasks/",
        [
            ("", views.task_list, "list"),
            ("export.xlsx", views.task_list_export, "export"),
            ("import/", views.task_list_import, "import"),
            ("start/", views.task_list_start, "start"),
            ("reviewed/", views.task_list_reviewed, "reviewed"),
            ("add/", views.own_task_add, "add"),
            ("<int:pk>/", views.list_entry, "entry"),
        ],
    ),
]
