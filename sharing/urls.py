from django.urls import path

from sharing import views

app_name = "sharing"

SCHOOL = "schools/<slug:school_slug>/good-practice/"
GROUP = "groups/<slug:group_slug>/good-practice/"

urlpatterns = [
    path(GROUP, views.group_division_view, name="group"),
    path(f"{GROUP}copy/", views.group_copy_view, name="group_copy"),
    path(SCHOOL, views.school_division_view, name="school"),
    path(f"{SCHOOL}names/", views.consent_view, name="consent"),
    path(f"{SCHOOL}copy/", views.copy_view, name="copy"),
]
