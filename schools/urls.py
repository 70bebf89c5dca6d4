from django.urls import path

from schools import views

app_name = "schools"

urlpatterns = [
    path("schools/<slug:school_slug>/", views.school_detail, name="school_detail"),
    path("groups/<slug:group_slug>/", views.group_detail, name="group_detail"),
    path("invitations/<slug:token>/", views.invitation_accept_view, name="invitation_accept"),
]
