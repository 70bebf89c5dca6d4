from django.urls import include
from django.urls import path

from schools.access import owner_paths
from tasks import views

app_name = "tasks"

# The shared catalogue, the same for everyone (imported by superusers); ``include()`` of a
# list keeps the names in this namespace.
catalogue_pages = [
    path("", views.catalogue, name="catalogue"),
    path("tasks/<str:code>/", views.task_detail, name="task_detail"),
    path("export.xlsx", views.catalogue_export, name="catalogue_export"),
    path("import/", views.catalogue_import, name="catalogue_import"),
    path(
        "import/jobs/<int:pk>/retry/",
        views.catalogue_fan_out_retry,
        name="catalogue_fan_out_retry",
    ),
]

# The task list of a school or of a group: the same pages under either prefix.
list_pages = [
    ("", views.task_list, "list"),
    ("export.xlsx", views.task_list_export, "export"),
    ("import/", views.task_list_import, "import"),
    ("start/", views.task_list_start, "start"),
    ("reviewed/", views.task_list_reviewed, "reviewed"),
    ("add/", views.own_task_add, "add"),
    ("<int:pk>/", views.list_entry, "entry"),
]

urlpatterns = [path("catalogue/", include(catalogue_pages)), *owner_paths("tasks/", list_pages)]
