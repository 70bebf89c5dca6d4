from django.urls import path

from policy import views

app_name = "policy"


def _owner_urls(kind: str, prefix: str) -> list:
    return [
        path(f"{prefix}", views.plan_page, name=f"{kind}_plan"),
        path(f"{prefix}plan.pdf", views.plan_download, name=f"{kind}_plan_pdf"),
        path(f"{prefix}drawn-up/", views.plan_drawn_up, name=f"{kind}_drawn_up"),
        path(f"{prefix}upload/", views.plan_upload, name=f"{kind}_upload"),
        path(f"{prefix}file/", views.plan_file, name=f"{kind}_file"),
        path(f"{prefix}comments/", views.comment_add, name=f"{kind}_comment"),
        path(f"{prefix}goals/add/", views.goal_add, name=f"{kind}_goal_add"),
        path(f"{prefix}goals/<int:pk>/", views.goal_page, name=f"{kind}_goal"),
        path(f"{prefix}goals/<int:pk>/delete/", views.goal_delete, name=f"{kind}_goal_delete"),
        path(f"{prefix}goals/<int:pk>/actions/", views.action_add, name=f"{kind}_action_add"),
        path(f"{prefix}actions/<int:pk>/", views.action_edit, name=f"{kind}_action"),
        path(f"{prefix}scan/", views.scan_page, name=f"{kind}_scan"),
        path(f"{prefix}scan/import/", views.scan_import, name=f"{kind}_scan_import"),
        path(f"{prefix}scan/<int:pk>/goals/", views.scan_goals, name=f"{kind}_scan_goals"),
    ]


urlpatterns = [
    *_owner_urls("school", "schools/<slug:school_slug>/policy-plan/"),
    *_owner_urls("group", "groups/<slug:group_slug>/policy-plan/"),
]
