from django.urls import path

from schools import views

app_name = "schools"

urlpatterns = [
    path("schools/<slug:school_slug>/", views.school_detail, name="school_detail"),
    path("groups/<slug:group_slug>/", views.group_detail, name="group_detail"),
    path("groups/<slug:group_slug>/dashboard/", views.group_dashboard_view, name="group_dashboard"),
    path(
        "groups/<slug:group_slug>/dashboard/export.xlsx",
        views.group_dashboard_xlsx,
        name="group_dashboard_xlsx",
    ),
    path(
        "groups/<slug:group_slug>/documents.zip",
        views.group_documents_zip,
        name="group_documents",
    ),
    path("invitations/<slug:token>/", views.invitation_accept_view, name="invitation_accept"),
]
