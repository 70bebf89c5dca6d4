"""Transition plans: a school's (or a leading group's) way through chapter 3's flowchart.

The flowchart itself is data (``guidelines.flowchart``); these models keep what a plan
answered, by whom and when, the resources of step 4, the gap decisions of step 6, the
action items, and the evaluations of step 8 so the cyclical process has a history.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from guidelines.flowchart import DROP
from guidelines.flowchart import FLOWCHART
from guidelines.flowchart import INTERNAL
from guidelines.flowchart import LEAD_GROUP
from guidelines.flowchart import LEAD_SCHOOL
from guidelines.flowchart import OUTSOURCE
from guidelines.flowchart import RECRUIT
from schools.fields import user_field
from schools.models import Created
from schools.models import PlanPart
from schools.models import SchoolOrGroupOwned
from schools.models import Stamped
from schools.models import group_owner
from schools.models import plan_field
from schools.models import school_owner
from schools.models import school_xor_group
from schools.models import valid_choice
from tasks.models import list_task_field


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("In progress")
    PAUSED = "paused", _("Paused")
    FINISHED = "finished", _("Finished")


class Lead(models.TextChoices):
    UNDECIDED = "", _("Not decided yet")
    SCHOOL = LEAD_SCHOOL, _("The school")
    GROUP = LEAD_GROUP, _("The school group/community")


class TransitionPlan(SchoolOrGroupOwned, Stamped):
    """One school's, or one group's, transition plan."""

    school = school_owner("transition_plan", one=True)
    group = group_owner("transition_plan", one=True)
    # Kept in step with the answers by the services, so lists and cards need no walk.
    current_node = models.CharField(_("current step"), max_length=50, default=FLOWCHART.start)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    lead = models.CharField(
        _("leading role"), max_length=10, choices=Lead.choices, blank=True, default=""
    )
    # Numbers the answers in the order they are given (see flowchart.walk).
    answer_count = models.PositiveIntegerField(_("answers given"), default=0)
    # Step 7's team actions the team builder's data cannot show: key -> ticked.
    checklist = models.JSONField(_("team actions ticked"), default=dict, blank=True)
    started_by = user_field(_("started by"))

    history = HistoricalRecords(excluded_fields=["checklist"])

    class Meta:
        verbose_name = _("transition plan")
        verbose_name_plural = _("transition plans")
        constraints = [
            school_xor_group("transitionplan_school_xor_group"),
            valid_choice("transitionplan", "status", PlanStatus),
        ]

    def __str__(self) -> str:
        return str(_("Transition plan of %(owner)s") % {"owner": self.owner})

    @property
    def current(self):
        return FLOWCHART.by_id.get(self.current_node) or FLOWCHART.node(FLOWCHART.start)

    @property
    def current_step(self) -> int:
        return self.current.step


class Answer(PlanPart, models.Model):
    """The answer a plan gives at one node of the flowchart; earlier values in its history."""

    plan = plan_field(TransitionPlan, "answers")
    node_id = models.CharField(_("node"), max_length=50)
    value = models.CharField(_("answer"), max_length=50)
    seq = models.PositiveIntegerField(_("order"))
    answered_by = user_field(_("answered by"))
    answered_at = models.DateTimeField(_("answered at"))
    # An earlier answer changed and this one no longer lies on the plan's path.
    needs_review = models.BooleanField(_("needs review"), default=False)
    # The version the node's form was loaded from (schools/concurrency.py).
    updated = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["seq"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["plan", "node_id"], name="answer_unique_node"),
        ]

    def __str__(self) -> str:
        return f"{self.node_id}: {self.value}"

    @property
    def node(self):
        return FLOWCHART.by_id.get(self.node_id)

    @property
    def answer(self):
        return FLOWCHART.answer(self.node_id, self.value)


HOURS = {
    "max_digits": 6,
    "decimal_places": 1,
    "default": Decimal("0"),
    "validators": [MinValueValidator(Decimal("0"))],
}


class Resources(PlanPart, models.Model):
    """Step 4: the resources available for ICT coordination, per week and per year."""

    plan = plan_field(TransitionPlan, "resources", one=True)
    ict_hours = models.DecimalField(
        _("ICT hours per week"), help_text=_("The earmarked ICT coordination hours."), **HOURS
    )
    bpt_hours = models.DecimalField(
        _("BPT hours per week"),
        help_text=_("Hours for special pedagogical tasks, taken from teaching hours."),
        **HOURS,
    )
    other_hours = models.DecimalField(
        _("other hours per week"),
        help_text=_("E.g. hours for administrative and policy support or care tasks."),
        **HOURS,
    )
    operating_budget = models.DecimalField(
        _("operating budget per year (EUR)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Operating resources, e.g. to pay external partners."),
    )
    note = models.TextField(_("note"), blank=True)
    updated_by = user_field(_("updated by"))
    updated = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("resources")
        verbose_name_plural = _("resources")

    def __str__(self) -> str:
        return str(_("Resources of %(plan)s") % {"plan": self.plan})

    @property
    def total_hours(self) -> Decimal:
        return self.ict_hours + self.bpt_hours + self.other_hours


class ActionItem(PlanPart, Stamped):
    """Something to do, for someone, by a date: from an outcome of the flowchart or added."""

    plan = plan_field(TransitionPlan, "action_items")
    # "node:key" of the flowchart's action template; empty for items a user added.
    source = models.CharField(_("source"), max_length=100, blank=True)
    step = models.PositiveSmallIntegerField(_("step"), null=True, blank=True)
    text = models.CharField(_("action"), max_length=500)
    who = models.CharField(_("who"), max_length=200)
    due = models.DateField(_("by when"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    # The answer that gave this item no longer lies on the plan's path: kept apart, with
    # when, and back on the plan if the path returns to it.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["done", "due", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "source"],
                condition=~Q(source=""),
                name="actionitem_unique_source",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class GapRoute(models.TextChoices):
    RECRUIT = RECRUIT, _("Recruit")
    OUTSOURCE = OUTSOURCE, _("Outsource to an external company")
    INTERNAL = INTERNAL, _("Give it to someone inside")
    DROP = DROP, _("Drop it")


class GapDecision(PlanPart, models.Model):
    """Step 6: how the plan fills one gap task: recruit, outsource, inside, or drop."""

    plan = plan_field(TransitionPlan, "gap_decisions")
    list_task = list_task_field("gap_decisions")
    route = models.CharField(_("decision"), max_length=10, choices=GapRoute.choices)
    # For a task given inside: who takes it on (the report's actors suggest whom).
    taken_by = models.CharField(_("taken on by"), max_length=200, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    decided_by = user_field(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["list_task__task__code"]
        verbose_name = _("gap decision")
        verbose_name_plural = _("gap decisions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "list_task"], name="gapdecision_unique_task"),
            valid_choice("gapdecision", "route", GapRoute),
        ]

    def __str__(self) -> str:
        return f"{self.list_task.task.code}: {self.get_route_display()}"


class EvaluationOutcome(models.TextChoices):
    SMOOTH = "smooth", _("Going smoothly")
    NOT_SMOOTH = "poorly", _("Not going smoothly")


class FollowUp(models.TextChoices):
    NONE = "", _("None")
    COMPOSITION = "composition", _("Adjust the team's composition")
    DIVISION = "division", _("Adjust the division of tasks")
    NEITHER = "neither", _("Evaluate again with the process supervisor")


class Evaluation(PlanPart, Created):
    """Step 8: one evaluation of the ICT teamwork, with its date and outcome."""

    plan = plan_field(TransitionPlan, "evaluations")
    date = models.DateField(_("date"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=EvaluationOutcome.choices)
    notes = models.TextField(_("notes"), blank=True)
    follow_up = models.CharField(
        _("follow-up"), max_length=20, choices=FollowUp.choices, blank=True, default=""
    )
    recorded_by = user_field(_("recorded by"))

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.date}: {self.get_outcome_display()}"
