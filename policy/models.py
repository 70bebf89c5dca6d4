"""The ICT policy plan of a school (or of a leading group), in the report's order.

Chapter 3, steps 2 and 3: the pedagogical vision (the why) beside the technical vision,
translated into a plan whose goals every ICT coordination task serves, with a
professional development plan, the resources of step 4 and a regular evaluation. The
needs scan (e.g. SELFIE) is its data-based starting point ("the results of the scan are
translated into an action plan"), and comments let the teaching team take part
("co-creation will ensure that the change receives better support").
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from policy.scan import AREA_CHOICES
from policy.scan import TOOL_CHOICES
from schools.fields import optional_link
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
from tasks.models import ListTask
from teams.models import Person


def plan_file_path(instance: PolicyPlan, filename: str) -> str:
    """Uploaded plans under a folder per owner, by a random name (the storage is never
    served directly; the name the school gave is kept apart for the download)."""
    owner = f"school-{instance.school_id}" if instance.school_id else f"group-{instance.group_id}"
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"policy-plans/{owner}/{secrets.token_urlsafe(16)}.{extension}"


class PolicyPlan(SchoolOrGroupOwned, Stamped):
    """One school's, or one group's, ICT policy plan."""

    school = school_owner("policy_plan", one=True)
    group = group_owner("policy_plan", one=True)
    pedagogical_vision = models.TextField(
        _("pedagogical vision"),
        blank=True,
        help_text=_(
            "The why: the school's educational uniqueness, ICT as a means to its "
            "educational objectives, the link with the curriculum objectives."
        ),
    )
    technical_vision = models.TextField(
        _("technical vision"),
        blank=True,
        help_text=_("The infrastructure, devices and software the pedagogical vision needs."),
    )
    evaluation = models.TextField(
        _("how the plan is evaluated"),
        blank=True,
        help_text=_("Who evaluates the plan, how, and how often (chapter 3, step 8)."),
    )
    next_evaluation = models.DateField(_("next evaluation"), null=True, blank=True)
    # Recorded as drawn up by the leadership: what lets the wizard go on past step 3.
    drawn_up_at = models.DateTimeField(_("drawn up at"), null=True, blank=True)
    drawn_up_by = user_field(_("drawn up by"))
    # A school that already has a plan elsewhere uploads it instead of writing it here.
    existing_file = models.FileField(
        _("existing plan (file)"),
        upload_to=plan_file_path,
        blank=True,
        default="",
        max_length=200,
    )
    existing_file_name = models.CharField(_("file name"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ICT policy plan")
        verbose_name_plural = _("ICT policy plans")
        constraints = [school_xor_group("policyplan_school_xor_group")]

    def __str__(self) -> str:
        return str(_("ICT policy plan of %(owner)s") % {"owner": self.owner})


class NeedsScan(PlanPart, Stamped):
    """One run of a needs scan (SELFIE or a similar tool) with its date."""

    plan = plan_field(PolicyPlan, "scans")
    tool = models.CharField(_("tool"), max_length=20, choices=TOOL_CHOICES, default="selfie")
    tool_name = models.CharField(
        _("name of the tool"),
        max_length=100,
        blank=True,
        help_text=_("For another tool than SELFIE: its name."),
    )
    date = models.DateField(_("date of the scan"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = user_field(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("needs scan")
        verbose_name_plural = _("needs scans")
        constraints = [
            models.CheckConstraint(
                condition=~Q(tool="other") | ~Q(tool_name=""),
                name="needsscan_other_tool_named",
                violation_error_message=_("Name the tool."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tool_label} {self.date.isoformat()}"

    @property
    def tool_label(self) -> str:
        return self.tool_name if self.tool == "other" else str(self.get_tool_display())


class ScanResult(models.Model):
    """A scan's score for one area, 1 (weak) to 5 (strong)."""

    tenant_school_path = "scan__plan__school"
    tenant_group_path = "scan__plan__group"

    scan = models.ForeignKey(
        NeedsScan, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="results"
    )
    area = models.CharField(_("area"), max_length=30, choices=AREA_CHOICES)
    score = models.DecimalField(
        _("score (1-5)"),
        max_digits=2,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5"))],
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["scan", "area"]
        verbose_name = _("scan result")
        verbose_name_plural = _("scan results")
        constraints = [
            models.UniqueConstraint(
                fields=["scan", "area"],
                name="scanresult_unique_area",
                violation_error_message=_("This area already has a score in this scan."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5),
                name="scanresult_score_range",
                violation_error_message=_("A score lies between 1 and 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.score}"


class Goal(PlanPart, Stamped):
    """A goal of the plan, with the tasks of the owner's list that serve it."""

    plan = plan_field(PolicyPlan, "goals")
    title = models.CharField(_("goal"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    tasks = models.ManyToManyField(
        ListTask, verbose_name=_("tasks that serve it"), related_name="policy_goals", blank=True
    )
    # The needs scan's finding the goal was made from, if any.
    finding = optional_link(ScanResult, _("from the scan's finding"), "goals")

    history = HistoricalRecords(m2m_fields=[tasks])

    class Meta:
        ordering = ["pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.title


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("In progress")
    DONE = "done", _("Done")


class GoalAction(Stamped):
    """What is done for a goal: who, by when, and how far it is."""

    tenant_school_path = "goal__plan__school"
    tenant_group_path = "goal__plan__group"

    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="actions"
    )
    text = models.CharField(_("action"), max_length=500)
    person = optional_link(Person, _("who"), "policy_actions")
    due = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [valid_choice("goalaction", "status", ActionStatus)]

    def __str__(self) -> str:
        return self.text


class PlanComment(PlanPart, Created):
    """A remark on the plan, or on one of its goals, by a member of the school."""

    plan = plan_field(PolicyPlan, "comments")
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comments",
    )
    author = user_field(_("author"))
    text = models.TextField(_("comment"), max_length=2000)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return self.text[:60]
