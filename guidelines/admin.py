"""Admin of the transition plans, scoped to the user's schools and groups like the rest.

Everything of a plan is read here and changed in the wizard, which the admin links to:
the wizard's services keep what the flowchart derives (current step, status, lead, the
answers' order) in step with the answers, and record who changed what.
"""

from django.contrib import admin
from django.db.models import Model
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from guidelines.models import ActionItem
from guidelines.models import Answer
from guidelines.models import Evaluation
from guidelines.models import GapDecision
from guidelines.models import Resources
from guidelines.models import TransitionPlan
from schools.admin import EditedOnPageAdmin


class PlanPartAdmin(EditedOnPageAdmin):
    """A plan or a part of it: edited in the wizard, on the plan's page."""

    def page_url(self, obj: Model) -> str:
        plan = obj if isinstance(obj, TransitionPlan) else obj.plan
        if plan.school_id:
            return reverse("guidelines:school_plan", kwargs={"school_slug": plan.school.slug})
        return reverse("guidelines:group_plan", kwargs={"group_slug": plan.group.slug})


@admin.register(TransitionPlan)
class TransitionPlanAdmin(PlanPartAdmin, SimpleHistoryAdmin):
    list_display = ["__str__", "school", "group", "current_node", "status", "lead", "updated"]
    list_filter = ["status", "lead"]
    list_select_related = ["school", "group"]
    readonly_fields = ["current_node", "status", "lead", "answer_count", "checklist"]


@admin.register(Answer)
class AnswerAdmin(PlanPartAdmin, SimpleHistoryAdmin):
    list_display = ["plan", "node_id", "value", "answered_by", "answered_at", "needs_review"]
    list_filter = ["needs_review"]
    list_select_related = ["plan__school", "plan__group", "answered_by"]
    readonly_fields = ["plan", "node_id", "value", "seq", "answered_by", "answered_at"]


@admin.register(Resources)
class ResourcesAdmin(PlanPartAdmin, SimpleHistoryAdmin):
    list_display = ["plan", "ict_hours", "bpt_hours", "other_hours", "operating_budget"]
    list_select_related = ["plan__school", "plan__group"]


@admin.register(ActionItem)
class ActionItemAdmin(PlanPartAdmin, SimpleHistoryAdmin):
    list_display = ["text", "plan", "who", "due", "done"]
    list_filter = ["done"]
    search_fields = ["text", "who"]
    list_select_related = ["plan__school", "plan__group"]


@admin.register(GapDecision)
class GapDecisionAdmin(PlanPartAdmin, SimpleHistoryAdmin):
    list_display = ["list_task", "plan", "route", "decided_by", "decided_at"]
    list_filter = ["route"]
    list_select_related = ["plan__school", "plan__group", "list_task__task"]


@admin.register(Evaluation)
class EvaluationAdmin(PlanPartAdmin):
    list_display = ["plan", "date", "outcome", "follow_up"]
    list_filter = ["outcome"]
    list_select_related = ["plan__school", "plan__group"]
