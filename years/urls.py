from django.urls import path

from years import views

app_name = "years"


def _owner_urls(kind: str, prefix: str) -> list:
    # A school's pages keep their names (school_years, rollover, …); a group's are group_*.
    names = (
        {"years": "school_years", "rollover": "rollover", "compare": "compare", "record": "record"}
        if kind == "school"
        else {
            "years": "group_years",
            "rollover": "group_rollover",
            "compare": "group_compare",
            "record": "group_record",
        }
    )
    return [
        path(prefix, views.years_page, name=names["years"]),
        path(f"{prefix}rollover/", views.rollover, name=names["rollover"]),
        path(f"{prefix}compare/", views.compare, name=names["compare"]),
        path(f"{prefix}<int:pk>/", views.record_page, name=names["record"]),
    ]


urlpatterns = [
    *_owner_urls("school", "schools/<slug:school_slug>/years/"),
    *_owner_urls("group", "groups/<slug:group_slug>/years/"),
]
