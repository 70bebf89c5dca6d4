from django.urls import path

from overview import views

app_name = "overview"

urlpatterns = [
    path("groups/<slug:group_slug>/dashboard/", views.group_dashboard_view, name="group_dashboard"),
    path(
        "groups/<slug:group_slug>/dashboard/export.xlsx",
        views.group_dashboard_xlsx,
        name="group_dashboard_xlsx",
    ),
    path(
        "groups/<slug:group_slug>/documents/export/",
        views.group_documents_zip,
        name="group_documents",
    ),
    path(
        "schools/<slug:school_slug>/team/documents/export/",
        views.school_documents_zip,
        name="school_documents",
    ),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/download/", views.job_download, name="job_download"),
]
