from django.urls import path

from tasks import views

app_name = "tasks"


def _list_urls(kind: str, prefix: str) -> list:
    """The task list of a school or of a group: the same pages under either prefix."""
    return [
        path(f"{prefix}", views.task_list, name=f"{kind}_list"),
        path(f"{prefix}export.xlsx", views.task_list_export, name=f"{kind}_export"),
        path(f"{prefix}import/", views.task_list_import, name=f"{kind}_import"),
        path(f"{prefix}start/", views.task_list_start, name=f"{kind}_start"),
        path(f"{prefix}reviewed/", views.task_list_reviewed, name=f"{kind}_reviewed"),
        path(f"{prefix}add/", views.own_task_add, name=f"{kind}_add"),
        path(f"{prefix}<int:pk>/", views.list_entry, name=f"{kind}_entry"),
    ]


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
    *_list_urls("school", "schools/<slug:school_slug>/tasks/"),
    *_list_urls("group", "groups/<slug:group_slug>/tasks/"),
]
