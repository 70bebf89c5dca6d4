from django.urls import path

from development import views

app_name = "development"

SCHOOL = "schools/<slug:school_slug>/development/"

urlpatterns = [
    path(SCHOOL, views.school_plan, name="school_plan"),
    path(f"{SCHOOL}items/add/", views.item_add, name="item_add"),
    path(f"{SCHOOL}items/<int:pk>/", views.item_edit, name="item_edit"),
    path(f"{SCHOOL}items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("groups/<slug:group_slug>/development/", views.group_page, name="group"),
]
