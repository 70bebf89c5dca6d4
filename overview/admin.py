"""The admin's bulk actions on schools that reach into other apps: export every document
of the selected schools (as a background job), and hand the group's task-list choices down to them.

The tenancy app's ``SchoolAdmin`` cannot know the apps above it, so the top floor
registers its subclass with these actions in its place.
"""

from django.contrib import admin
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from overview.jobs import start_documents_export
from schools.access import CAN_ADMINISTER_GROUP
from schools.access import CAN_EDIT_TEAM
from schools.admin import SchoolAdmin
from schools.admin import TenantAdmin
from schools.models import Job
from schools.models import School
from schools.models import SchoolGroup
from tasks.services import task_list_copy_choices


class GroupSchoolAdmin(SchoolAdmin):
    actions = ["export_documents", "copy_group_choices"]

    @admin.action(description=gettext_lazy("Export the documents of the selected schools"))
    def export_documents(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        schools = list(queryset.select_related("group").order_by("name"))
        if self._refused(request, schools, CAN_EDIT_TEAM):
            return None
        # A worker writes the zip; the job's page shows its progress and then offers it.
        return redirect(start_documents_export(user=request.user, schools=schools))

    @admin.action(
        description=gettext_lazy("Copy the group's task-list choices to the selected schools")
    )
    def copy_group_choices(self, request: HttpRequest, queryset: QuerySet) -> None:
        schools = list(queryset.select_related("group").order_by("name"))
        if self._refused(request, schools, CAN_ADMINISTER_GROUP):
            return
        by_group: dict[SchoolGroup, list[School]] = {}
        for school in schools:
            by_group.setdefault(school.group, []).append(school)
        changed = 0
        for group, members in by_group.items():
            changed += task_list_copy_choices(group=group, schools=members, user=request.user)
        self.message_user(
            request,
            _(
                "Copied the group's choices: %(count)d task-list entries changed "
                "in %(schools)d schools."
            )
            % {"count": changed, "schools": len(schools)},
            messages.SUCCESS,
        )


admin.site.unregister(School)
admin.site.register(School, GroupSchoolAdmin)


@admin.register(Job)
class JobAdmin(TenantAdmin):
    """Background jobs, to read: one's own (a superuser's: everyone's, to see what failed).

    A job is its starter's alone, so the school's scope is not enough here: another
    admin of the same school does not see it. Nothing is changed by hand: the worker
    writes the jobs, and ``schools.jobs.job_cleanup`` removes them.
    """

    list_display = ["title", "user", "status", "done", "total", "created", "finished"]
    list_filter = ["status", "kind"]
    readonly_fields = [
        "user",
        "school",
        "group",
        "kind",
        "title",
        "status",
        "done",
        "total",
        "error",
        "summary",
        "result_name",
        "created",
        "finished",
    ]
    exclude = ["params", "result_path"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        jobs = super().get_queryset(request)
        return jobs if request.user.is_superuser else jobs.filter(user=request.user)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
