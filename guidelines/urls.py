from django.urls import path

from guidelines import views

app_name = "guidelines"


def _owner_urls(kind: str, prefix: str) -> list:
    return [
        path(f"{prefix}", views.plan_overview, name=f"{kind}_plan"),
        path(f"{prefix}start/", views.plan_start, name=f"{kind}_start"),
        path(f"{prefix}resume/", views.plan_resume, name=f"{kind}_resume"),
        path(f"{prefix}steps/<slug:node_id>/", views.plan_node, name=f"{kind}_node"),
        path(f"{prefix}steps/<slug:node_id>/keep/", views.plan_keep, name=f"{kind}_keep"),
        path(f"{prefix}flowchart.svg", views.plan_svg, name=f"{kind}_svg"),
        path(f"{prefix}action-plan/", views.action_plan_page, name=f"{kind}_action_plan"),
        path(
            f"{prefix}action-plan.pdf",
            views.action_plan_download,
            name=f"{kind}_action_plan_pdf",
        ),
        path(f"{prefix}actions/add/", views.action_add, name=f"{kind}_action_add"),
        path(f"{prefix}actions/<int:pk>/", views.action_update, name=f"{kind}_action"),
    ]


urlpatterns = [
    path("flowchart/", views.flowchart_page, name="flowchart"),
    path("flowchart.svg", views.flowchart_svg, name="flowchart_svg"),
    *_owner_urls("school", "schools/<slug:school_slug>/plan/"),
    *_owner_urls("group", "groups/<slug:group_slug>/plan/"),
]
