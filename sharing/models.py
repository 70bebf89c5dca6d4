"""What a school agrees to share with the other schools of its group.

The report sees learning from each other as a lever for change (chapter 2, "Learning from
each other – peer review – sharing good practices"). Schools of a group always see how the
others divide a task by role; names are personal data, so a school shows them only when
its leadership agreed. No row means no agreement: names stay hidden by default.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from schools.models import SchoolOwned
from schools.models import school_field


class SharingConsent(SchoolOwned, models.Model):
    """A school's choice whether its group's schools may see names in its set-up."""

    school = school_field("sharing_consent", one=True)
    share_names = models.BooleanField(
        _("show names to the group's schools"),
        default=False,
        help_text=_(
            "Without this, the other schools of the group see the roles of the people who "
            "hold a task, never their names."
        ),
    )
    # When the school last changed its mind, shown beside the choice.
    updated = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sharing consent")
        verbose_name_plural = _("sharing consents")

    def __str__(self) -> str:
        return str(self.school)
