from schools.access import owner_paths
from years import views

app_name = "years"

# The school years of a school or of a group: the same pages under either prefix.
year_pages = [
    ("", views.years_page, "years"),
    ("rollover/", views.rollover, "rollover"),
    ("compare/", views.compare, "compare"),
    ("<int:pk>/", views.record_page, "record"),
]
urlpatterns = owner_paths("years/", year_pages)
