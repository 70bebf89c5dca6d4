"""Admin of the team models, scoped to the user's schools and groups like the rest."""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from schools.access import visible_schools
from schools.admin import PersonSchoolFormSet, TenantAdmin, TenantInline
from schools.models import School
from teams.models import (
    Agreement,
    Assignment,
    ConsultationGroup,
    Person,
    PersonSchool,
    Vacancy,
)


class PersonSchoolInline(TenantInline):
    model = PersonSchool
    formset = PersonSchoolFormSet
    extra = 0

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.related_model is School:
            kwargs["queryset"] = visible_schools(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Person)
class PersonAdmin(TenantAdmin, SimpleHistoryAdmin):
    list_display = ["name", "school", "group", "email", "ict_hours", "bpt_hours"]
    list_filter = ["group", "school"]
    search_fields = ["name", "email"]
    list_select_related = ["school", "group"]
    inlines = [PersonSchoolInline]


@admin.register(Assignment)
class AssignmentAdmin(TenantAdmin, SimpleHistoryAdmin):
    list_display = [
        "list_task",
        "person",
        "school",
        "decides",
        "executes",
        "monitors",
        "lead",
        "backup",
        "hours",
        "approved_at",
    ]
    list_filter = ["school", "decides", "executes", "monitors", "lead"]
    search_fields = ["person__name", "list_task__task__code", "list_task__task__title"]
    list_select_related = ["list_task__task", "list_task__school", "person", "school", "backup"]


@admin.register(ConsultationGroup)
class ConsultationGroupAdmin(TenantAdmin):
    list_display = ["name", "kind", "school", "group", "rhythm"]
    list_filter = ["kind", "group", "school"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(Agreement)
class AgreementAdmin(TenantAdmin):
    list_display = ["__str__", "kind", "school", "in_place"]
    list_filter = ["kind", "in_place", "school"]


@admin.register(Vacancy)
class VacancyAdmin(TenantAdmin):
    list_display = ["title", "profile", "school", "hours", "updated"]
    list_filter = ["profile", "school"]
    filter_horizontal = ["tasks"]
