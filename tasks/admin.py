from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from schools.admin import TenantAdmin, is_admin_user
from tasks.models import ListTask, Task


@admin.register(Task)
class TaskAdmin(TenantAdmin):
    """Catalogue tasks are the platform's (superusers); own tasks belong to their owner."""

    list_display = [
        "code",
        "title",
        "cluster",
        "topic",
        "is_core",
        "level",
        "status",
        "school",
        "group",
    ]
    list_filter = ["cluster", "is_core", "level", "status"]
    search_fields = ["code", "title", "description", "topic"]
    list_select_related = ["school", "group"]

    def get_queryset(self, request: HttpRequest):
        if request.user.is_superuser:
            return Task.objects.all()
        # Everyone sees the shared catalogue; own tasks only of their schools and groups.
        return super().get_queryset(request) | Task.objects.catalogue()

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and not obj.is_own:
            return request.user.is_superuser
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_admin_user(request.user)


@admin.register(ListTask)
class ListTaskAdmin(TenantAdmin, SimpleHistoryAdmin):
    list_display = ["task", "school", "group", "applies", "horizon", "level", "review"]
    list_filter = ["applies", "horizon", "level", "review", "task__cluster"]
    search_fields = ["task__code", "task__title", "note"]
    list_select_related = ["task", "school", "group"]
    raw_id_fields = ["task"]
