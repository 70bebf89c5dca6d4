"""Admin of the team models, scoped to the user's schools and groups like the rest.

People and assignments save through the team builder's services, as on its pages: the
same checks (a task's single lead, approvals withdrawn when mandates change, school
shares within a person's hours) and the same history. Consultation groups, agreements
and vacancies are read here and edited on their pages, which the admin links to.
"""

from decimal import Decimal

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from schools.access import visible_schools
from schools.admin import NAMED_BY_FIELD
from schools.admin import EditedOnPageAdmin
from schools.admin import PersonSchoolFormSet
from schools.admin import ServiceWriteAdmin
from schools.admin import TenantInline
from schools.models import School
from tasks.models import TEXT_LANGUAGES
from teams.models import Agreement
from teams.models import Assignment
from teams.models import ConsultationGroup
from teams.models import Person
from teams.models import PersonSchool
from teams.models import Vacancy
from teams.selectors import COMPETENCE_LEVEL_FIELDS
from teams.selectors import MOTIVATION_LEVEL_FIELDS
from teams.services import assignment_set
from teams.services import person_create
from teams.services import person_delete
from teams.services import person_update


class PersonSchoolInline(TenantInline):
    model = PersonSchool
    formset = PersonSchoolFormSet
    extra = 0

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.related_model is School:
            kwargs["queryset"] = visible_schools(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


PERSON_TEXT_FIELDS = ("name", "email", "phone", "note")
PERSON_HOUR_FIELDS = ("ict_hours", "bpt_hours", "other_hours", "external_hours")


def _shares(inlines: list) -> dict[School, Decimal] | None:
    """A group-level person's hours per school, from the inline rows kept."""
    if not inlines:
        return None
    shares: dict[School, Decimal] = {}
    for formset in inlines:
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("school") is not None and not data.get("DELETE"):
                shares[data["school"]] = data.get("hours") or Decimal("0")
    return shares


# A person is named by their name: the filters on people list names, not people.
NAMED_BY_FIELD["teams.person"] = "name"


@admin.register(Person)
class PersonAdmin(ServiceWriteAdmin, SimpleHistoryAdmin):
    list_display = ["name", "school", "group", "email", "ict_hours", "bpt_hours"]
    list_filter = ["group", "school"]
    search_fields = ["name", "email"]
    list_select_related = ["school", "group"]
    # What the columns show: a person's competences, motivation and notes are not.
    list_only = ["name", "email", "ict_hours", "bpt_hours", "school__name", "group__name"]
    inlines = [PersonSchoolInline]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # Nobody moves to another school or group: they leave one team and join another.
        return ["school", "group"] if obj is not None else []

    def service_save(self, request: HttpRequest, *, instance: Person, data: dict, inlines: list):
        def value(name):
            return data[name] if name in data else getattr(instance, name)

        fields = {
            **{name: value(name) for name in PERSON_TEXT_FIELDS + PERSON_HOUR_FIELDS},
            "roles": value("roles") or [],
            "specialisations": value("specialisations") or [],
            "competences": {key: value(f) for key, f in COMPETENCE_LEVEL_FIELDS.items()},
            "motivation": {key: value(f) for key, f in MOTIVATION_LEVEL_FIELDS.items()},
        }
        if not isinstance(fields["roles"], list) or not isinstance(fields["specialisations"], list):
            raise ValidationError(_("Roles and specialisations are lists of keys."))
        shares = _shares(inlines)
        if instance.pk:
            return person_update(person=instance, school_shares=shares, user=request.user, **fields)
        return person_create(
            school=data.get("school"),
            group=data.get("group"),
            school_shares=shares or None,
            user=request.user,
            **fields,
        )

    def service_delete(self, request: HttpRequest, obj: Person) -> None:
        person_delete(person=obj, user=request.user)


MANDATES = ("decides", "executes", "monitors", "lead")


@admin.register(Assignment)
class AssignmentAdmin(ServiceWriteAdmin, SimpleHistoryAdmin):
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
    search_fields = [
        "person__name",
        "list_task__task__code",
        *(f"list_task__task__title_{code}" for code in TEXT_LANGUAGES),
    ]
    # Joined: what each row's name needs. The school and the backup in a query each: with
    # them joined PostgreSQL took 25 ms to plan each page of the group's 30,000 rows.
    list_select_related = ["list_task__task", "list_task__school", "person"]
    list_prefetch_related = ["school", "backup"]
    # Each row's own fields and the names of what it links to: the task's and person's
    # other fields (texts in every language, competences) are not shown.
    list_only = [
        *(f.attname for f in Assignment._meta.concrete_fields),
        "list_task__school__name",
        "list_task__group_id",
        "list_task__task__code",
        *(f"list_task__task__title_{code}" for code in TEXT_LANGUAGES),
        "person__name",
    ]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        # Approval is given on the mandates page; a change of mandates withdraws it.
        fixed = ["approved_by", "approved_at"]
        return ["school", "list_task", "person", *fixed] if obj is not None else fixed

    def service_save(
        self, request: HttpRequest, *, instance: Assignment, data: dict, inlines: list
    ):
        def value(name):
            return data[name] if name in data else getattr(instance, name)

        mandates = {name: bool(value(name)) for name in MANDATES}
        if not any(mandates.values()):
            raise ValidationError(_("Tick at least one mandate; to end the assignment, delete it."))
        return assignment_set(
            school=value("school"),
            list_task=value("list_task"),
            person=value("person"),
            backup=value("backup"),
            hours=value("hours"),
            user=request.user,
            **mandates,
        )

    def service_delete(self, request: HttpRequest, obj: Assignment) -> None:
        # Without mandates the service ends the assignment, with its history.
        assignment_set(
            school=obj.school, list_task=obj.list_task, person=obj.person, user=request.user
        )


@admin.register(ConsultationGroup)
class ConsultationGroupAdmin(EditedOnPageAdmin):
    list_display = ["name", "kind", "school", "group", "rhythm"]
    list_filter = ["kind", "group", "school"]
    search_fields = ["name"]

    def page_url(self, obj: ConsultationGroup) -> str:
        if obj.school_id:
            return reverse(
                "teams:consultation_edit", kwargs={"school_slug": obj.school.slug, "pk": obj.pk}
            )
        return reverse(
            "teams:group_consultation_edit", kwargs={"group_slug": obj.group.slug, "pk": obj.pk}
        )


@admin.register(Agreement)
class AgreementAdmin(EditedOnPageAdmin):
    list_display = ["__str__", "kind", "school", "in_place"]
    list_filter = ["kind", "in_place", "school"]

    def page_url(self, obj: Agreement) -> str:
        return reverse(
            "teams:agreement_edit", kwargs={"school_slug": obj.school.slug, "pk": obj.pk}
        )


@admin.register(Vacancy)
class VacancyAdmin(EditedOnPageAdmin):
    list_display = ["title", "profile", "school", "hours", "updated"]
    list_filter = ["profile", "school"]

    def page_url(self, obj: Vacancy) -> str:
        return reverse(
            "teams:document_vacancy", kwargs={"school_slug": obj.school.slug, "pk": obj.pk}
        )
