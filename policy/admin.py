"""Admin of the ICT policy plans, scoped to the user's schools and groups like the rest.

The plan, its goals and their actions save through the same services as the pages (which
check the tasks and people belong to the plan's owner and let a paused transition plan
go on); scans and comments are shown here and added on the pages.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from policy import services
from policy.models import Goal
from policy.models import GoalAction
from policy.models import NeedsScan
from policy.models import PlanComment
from policy.models import PolicyPlan
from schools.admin import EditedOnPageAdmin
from schools.admin import ServiceWriteAdmin


def _plan_url(plan: PolicyPlan) -> str:
    if plan.school_id:
        return reverse("policy:school_plan", kwargs={"school_slug": plan.school.slug})
    return reverse("policy:group_plan", kwargs={"group_slug": plan.group.slug})


@admin.register(PolicyPlan)
class PolicyPlanAdmin(ServiceWriteAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "school", "group", "drawn_up_at", "updated"]
    list_select_related = ["school", "group"]
    fields = ["pedagogical_vision", "technical_vision", "evaluation", "next_evaluation"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A plan starts on its page, where its owner is the page's school or group.
        return False

    def service_save(self, request: HttpRequest, *, instance: PolicyPlan, data: dict, inlines):
        return services.plan_update(
            plan=instance,
            user=request.user,
            **{name: data.get(name, getattr(instance, name)) for name in self.fields},
        )

    def service_delete(self, request: HttpRequest, obj: PolicyPlan) -> None:
        obj._history_user = request.user
        obj.delete()


@admin.register(Goal)
class GoalAdmin(ServiceWriteAdmin, SimpleHistoryAdmin):
    list_display = ["title", "plan", "finding", "updated"]
    list_select_related = ["plan__school", "plan__group", "finding"]
    search_fields = ["title", "description"]
    fields = ["title", "description"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def service_save(self, request: HttpRequest, *, instance: Goal, data: dict, inlines):
        if not instance.pk:
            raise ValidationError(_("Add a goal on the plan's page."))
        return services.goal_save(
            plan=instance.plan,
            goal=instance,
            user=request.user,
            title=data.get("title", instance.title),
            description=data.get("description", instance.description),
            tasks=instance.tasks.all(),
        )

    def service_delete(self, request: HttpRequest, obj: Goal) -> None:
        services.goal_delete(goal=obj, user=request.user)


@admin.register(GoalAction)
class GoalActionAdmin(ServiceWriteAdmin, SimpleHistoryAdmin):
    list_display = ["text", "goal", "person", "due", "status"]
    list_filter = ["status"]
    list_select_related = ["goal__plan__school", "goal__plan__group", "person"]
    search_fields = ["text"]
    fields = ["text", "due", "status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def service_save(self, request: HttpRequest, *, instance: GoalAction, data: dict, inlines):
        if not instance.pk:
            raise ValidationError(_("Add an action on the goal's page."))
        return services.action_save(
            goal=instance.goal,
            action=instance,
            user=request.user,
            text=data.get("text", instance.text),
            person=instance.person,
            due=data.get("due", instance.due),
            status=data.get("status", instance.status),
        )

    def service_delete(self, request: HttpRequest, obj: GoalAction) -> None:
        services.action_delete(action=obj, user=request.user)


class PlanPartAdmin(EditedOnPageAdmin):
    def page_url(self, obj: Model) -> str:
        return _plan_url(obj.plan)


@admin.register(NeedsScan)
class NeedsScanAdmin(PlanPartAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "plan", "date", "recorded_by"]
    list_select_related = ["plan__school", "plan__group", "recorded_by"]


@admin.register(PlanComment)
class PlanCommentAdmin(PlanPartAdmin):
    list_display = ["__str__", "plan", "goal", "author", "created"]
    list_select_related = ["plan__school", "plan__group", "goal", "author"]
