"""Admin of the transition plans, scoped to the user's schools and groups like the rest.

What the flowchart derives (current step, status, lead, the answers' order) is shown but
not edited here: the wizard's services keep it in step with the answers.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from guidelines.models import (
    ActionItem,
    Answer,
    Evaluation,
    GapDecision,
    Resources,
    TransitionPlan,
)
from schools.admin import TenantAdmin


@admin.register(TransitionPlan)
class TransitionPlanAdmin(TenantAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "school", "group", "current_node", "status", "lead", "updated"]
    list_filter = ["status", "lead"]
    list_select_related = ["school", "group"]
    readonly_fields = ["current_node", "status", "lead", "answer_count", "checklist"]


@admin.register(Answer)
class AnswerAdmin(TenantAdmin, SimpleHistoryAdmin):
    list_display = ["plan", "node_id", "value", "answered_by", "answered_at", "needs_review"]
    list_filter = ["needs_review"]
    list_select_related = ["plan__school", "plan__group", "answered_by"]
    readonly_fields = ["plan", "node_id", "value", "seq", "answered_by", "answered_at"]

    def has_add_permission(self, request) -> bool:
        # Answers are given in the wizard, which numbers them and moves the plan on.
        return False


@admin.register(Resources)
class ResourcesAdmin(TenantAdmin, SimpleHistoryAdmin):
    list_display = ["plan", "ict_hours", "bpt_hours", "other_hours", "operating_budget"]
    list_select_related = ["plan__school", "plan__group"]


@admin.register(ActionItem)
class ActionItemAdmin(TenantAdmin, SimpleHistoryAdmin):
    list_display = ["text", "plan", "who", "due", "done"]
    list_filter = ["done"]
    search_fields = ["text", "who"]
    list_select_related = ["plan__school", "plan__group"]


@admin.register(GapDecision)
class GapDecisionAdmin(TenantAdmin, SimpleHistoryAdmin):
    list_display = ["list_task", "plan", "route", "decided_by", "decided_at"]
    list_filter = ["route"]
    list_select_related = ["plan__school", "plan__group", "list_task__task"]


@admin.register(Evaluation)
class EvaluationAdmin(TenantAdmin):
    list_display = ["plan", "date", "outcome", "follow_up"]
    list_filter = ["outcome"]
    list_select_related = ["plan__school", "plan__group"]
