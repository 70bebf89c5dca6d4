from django.urls import path

from guidelines import views
from schools.access import owner_paths

app_name = "guidelines"

# The report's flowchart, the same for everyone.
flowchart_pages = [
    path("flowchart/", views.flowchart_page, name="flowchart"),
    path("flowchart.svg", views.flowchart_svg, name="flowchart_svg"),
]

# The transition plan of a school or of a group: the same pages under either prefix.
plan_pages = [
    ("", views.plan_overview, "plan"),
    ("start/", views.plan_start, "start"),
    ("resume/", views.plan_resume, "resume"),
    ("steps/<slug:node_id>/", views.plan_node, "node"),
    ("steps/<slug:node_id>/keep/", views.plan_keep, "keep"),
    ("flowchart.svg", views.plan_svg, "svg"),
    ("action-plan/", views.action_plan_page, "action_plan"),
    ("action-plan.pdf", views.action_plan_download, "action_plan_pdf"),
    ("actions/add/", views.action_add, "action_add"),
    ("actions/<int:pk>/", views.action_update, "action"),
]

urlpatterns = [*flowchart_pages, *owner_paths("plan/", plan_pages)]
