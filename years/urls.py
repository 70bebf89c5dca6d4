from django.urls import path

from years import views

app_name = "years"

urlpatterns = [
    path("schools/<slug:school_slug>/years/", views.years_page, name="school_years"),
    path("schools/<slug:school_slug>/years/rollover/", views.rollover, name="rollover"),
    path("schools/<slug:school_slug>/years/compare/", views.compare, name="compare"),
    path("schools/<slug:school_slug>/years/<int:pk>/", views.record_page, name="record"),
]
