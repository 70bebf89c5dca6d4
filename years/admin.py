"""Admin of school years: the records of closed years and the reminders sent, read-only and
scoped to the user's schools and groups like the rest, so a school or a group can look
back. Years are closed on the rollover page; reminders are sent by the job."""

from django.contrib import admin
from django.db.models import Model
from django.urls import reverse

from schools.admin import EditedOnPageAdmin
from years.models import ReminderSent
from years.models import YearRecord


def _years_url(obj: Model, name: str, **kwargs) -> str:
    if obj.school_id:
        return reverse(f"years:{name}", kwargs={"school_slug": obj.school.slug, **kwargs})
    return reverse(f"years:group_{name}", kwargs={"group_slug": obj.group.slug, **kwargs})


@admin.register(YearRecord)
class YearRecordAdmin(EditedOnPageAdmin):
    list_display = ["__str__", "school", "group", "start_year", "closed_by", "closed_at"]
    list_filter = ["start_year"]
    list_select_related = ["school", "group", "closed_by"]
    fields = [
        "school",
        "group",
        "start_year",
        "closed_by",
        "closed_at",
        "team",
        "assignments",
        "figures",
        "resources",
    ]
    readonly_fields = fields

    def page_url(self, obj: YearRecord) -> str:
        return _years_url(obj, "record", pk=obj.pk)


@admin.register(ReminderSent)
class ReminderSentAdmin(EditedOnPageAdmin):
    list_display = ["key", "school", "group", "email", "sent_at"]
    list_select_related = ["school", "group"]
    search_fields = ["key", "email"]
    fields = ["school", "group", "key", "user", "email", "sent_at"]
    readonly_fields = fields

    def page_url(self, obj: ReminderSent) -> str:
        # The years page shows the reminders due now.
        if obj.school_id:
            return reverse("years:school_years", kwargs={"school_slug": obj.school.slug})
        return reverse("years:group_years", kwargs={"group_slug": obj.group.slug})
