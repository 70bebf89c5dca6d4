"""School years: which year a school's live data belongs to, the record of each closed
year, and the reminders already sent.

The live data (people, assignments, hours, the transition plan's actions and
evaluations) always is the *current* school year of its school: no query of the other
apps filters by year. Closing a year (the rollover, ``years.services``) keeps what it
held in a ``YearRecord``, as data computed at that moment, and moves the ``SchoolYear``
on; the live data then goes on as the new year's.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from schools.fields import account_field
from schools.fields import user_field
from schools.models import SchoolOrGroupOwned
from schools.models import group_owner
from schools.models import owned_once
from schools.models import school_owner
from schools.models import school_xor_group
from schools.school_years import START_YEAR_VALIDATORS
from schools.school_years import school_year_label

START_YEAR = {
    "validators": START_YEAR_VALIDATORS,
    "help_text": _("The calendar year the school year starts in (1 September)."),
}
CLOSED_ALREADY = _("This school year is already closed.")


class SchoolYear(SchoolOrGroupOwned, models.Model):
    """The school year a school's (or a group's) live data belongs to.

    Without a row, the current year is the one today falls in; the first rollover
    writes it.
    """

    school = school_owner("school_year", one=True)
    group = group_owner("school_year", one=True)
    start_year = models.PositiveSmallIntegerField(_("current school year"), **START_YEAR)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        constraints = [school_xor_group("schoolyear_school_xor_group")]

    def __str__(self) -> str:
        return f"{self.owner}: {school_year_label(self.start_year)}"


class YearRecord(SchoolOrGroupOwned, models.Model):
    """A closed school year as it stood when it was closed: nothing of it is lost.

    ``team``: every member (id, name, roles, hours by source, hours available and used
    here, group level or not, whether they left at the rollover); ``assignments``:
    the division of tasks (task, person, mandates, backup, hours); ``figures``: hours
    per cluster, coverage, single points of failure and team-health findings computed
    with the team builder's selectors; ``resources``: step 4's hours and budget.
    """

    school = school_owner("year_records")
    group = group_owner("year_records")
    start_year = models.PositiveSmallIntegerField(_("school year"), **START_YEAR)
    team = models.JSONField(_("team"), default=list, blank=True)
    assignments = models.JSONField(_("division of tasks"), default=list, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    resources = models.JSONField(_("resources"), default=dict, blank=True)
    closed_by = user_field(_("closed by"))
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)

    class Meta:
        ordering = ["-start_year"]
        verbose_name = _("record of a school year")
        verbose_name_plural = _("records of school years")
        constraints = owned_once(
            "yearrecord",
            ("owner", "start_year"),
            "yearrecord_one_per_{owner}_year",
            school_message=CLOSED_ALREADY,
            group_message=CLOSED_ALREADY,
        )

    def __str__(self) -> str:
        return f"{self.owner}: {self.label}"

    @property
    def label(self) -> str:
        return school_year_label(self.start_year)


class ReminderSent(SchoolOrGroupOwned, models.Model):
    """A reminder e-mailed to one user, so each reminder goes out once.

    ``key`` names the reminder and what it is about at that moment (an action item and
    its date, an evaluation and the date it is counted from): a changed date reminds
    again, the same one never. A group-led plan's reminders belong to the group.
    """

    school = school_owner("reminders_sent")
    group = group_owner("reminders_sent")
    key = models.CharField(_("reminder"), max_length=200)
    user = account_field(_("recipient"), "+")
    email = models.EmailField(_("e-mail"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = owned_once(
            "remindersent",
            ("owner", "key", "user"),
            ("remindersent_once_per_user", "remindersent_group_once_per_user"),
        )

    def __str__(self) -> str:
        return f"{self.key} → {self.email}"
