from policy import views
from schools.access import owner_paths

app_name = "policy"

urlpatterns = owner_paths(
    "policy-plan/",
    [
        ("", views.plan_page, "plan"),
        ("plan.pdf", views.plan_download, "plan_pdf"),
        ("drawn-up/", views.plan_drawn_up, "drawn_up"),
        ("upload/", views.plan_upload, "upload"),
        ("file/", views.plan_file, "file"),
        ("comments/", views.comment_add, "comment"),
        ("goals/add/", views.goal_add, "goal_add"),
        ("goals/<int:pk>/", views.goal_page, "goal"),
        ("goals/<int:pk>/delete/", views.goal_delete, "goal_delete"),
        ("goals/<int:pk>/actions/", views.action_add, "action_add"),
        ("actions/<int:pk>/", views.action_edit, "action"),
        ("scan/", views.scan_page, "scan"),
        ("scan/import/", views.scan_import, "scan_import"),
        ("scan/<int:pk>/goals/", views.scan_goals, "scan_goals"),
    ],
)
