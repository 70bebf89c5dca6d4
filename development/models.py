"""A school's professional development plan: who grows which competence, by which route,
when, and how far it got.

The report asks that the ICT policy plan "should also include a professional development
plan"; the policy app includes this one (``development.selectors.development_plan``).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from development.routes import RouteKey
from schools.fields import optional_link
from schools.fields import user_field
from schools.models import SchoolOwned
from schools.models import Stamped
from schools.models import school_field
from schools.models import valid_choice
from schools.school_years import START_YEAR_VALIDATORS
from schools.school_years import Term
from tasks.models import Competence
from tasks.models import ListTask
from teams.models import Person


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    UNDER_WAY = "under_way", _("Under way")
    DONE = "done", _("Done")


class DevelopmentItem(SchoolOwned, Stamped):
    """One item of a school's professional development plan."""

    school = school_field("development_items")
    person = models.ForeignKey(
        Person,
        verbose_name=_("who"),
        on_delete=models.CASCADE,
        related_name="development_items",
    )
    competence = models.CharField(_("competence"), max_length=20, choices=Competence.choices)
    list_task = optional_link(ListTask, _("for the task"), "development_items")
    route = models.CharField(_("route"), max_length=20, choices=RouteKey.choices)
    # When: a date, or a school year (the year it starts) with an optional term.
    due = models.DateField(_("by when"), null=True, blank=True)
    school_year = models.PositiveSmallIntegerField(
        _("school year"),
        null=True,
        blank=True,
        validators=START_YEAR_VALIDATORS,
        help_text=_("The year the school year starts: 2026 is 2026-2027."),
    )
    term = models.CharField(_("term"), max_length=1, choices=Term.choices, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    created_by = user_field(_("created by"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["status", "school_year", "due", "pk"]
        verbose_name = _("professional development item")
        verbose_name_plural = _("professional development items")
        constraints = [
            valid_choice("developmentitem", "status", ItemStatus),
            valid_choice("developmentitem", "competence", Competence),
            valid_choice("developmentitem", "route", RouteKey),
            models.CheckConstraint(
                condition=Q(due__isnull=False) | Q(school_year__isnull=False),
                name="developmentitem_has_when",
                violation_error_message=_("Say when: a date, or a school year."),
            ),
            models.CheckConstraint(
                condition=Q(term="") | Q(school_year__isnull=False),
                name="developmentitem_term_in_a_year",
                violation_error_message=_("A term belongs to a school year: give the year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_competence_display()} ({self.get_route_display()})"

    @property
    def school_year_label(self) -> str:
        if self.school_year is None:
            return ""
        return f"{self.school_year}-{self.school_year + 1}"

    @property
    def when_label(self) -> str:
        """The date, or the school year with its term, as the plan shows it."""
        parts = []
        if self.school_year is not None:
            parts.append(self.school_year_label)
            if self.term:
                parts.append(str(self.get_term_display()))
        if self.due is not None:
            parts.append(self.due.isoformat())
        return ", ".join(parts)
