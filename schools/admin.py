"""One admin site for many schools: every list is scoped to the user's group or school.

Group admins manage their group and its schools; school leaders see and manage only
their school; superusers see everything. Access follows the memberships, not Django's
model permissions, so a new group admin needs nothing but the membership.

Objects outside the user's scope answer 404 on every admin page (change, delete,
history), exactly like a missing object: the admin never reveals that another group's
object exists. Related objects picked in a form must belong to the same school (or its
group) as the object itself.

The team builder and the wizard register their models with TenantAdmin subclasses;
``register_app_admins`` (run when the apps are ready) makes sure no tenant-owned model
of the project is missing from the admin or registered unscoped.
"""

from __future__ import annotations

import logging
from functools import reduce

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Model, Q, QuerySet
from django.forms import BaseInlineFormSet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from schools.access import (
    group_roles,
    has_role,
    school_roles,
    scope_queryset,
    user_memberships,
    visible_groups,
    visible_schools,
)
from schools.models import Invitation, Membership, Role, School, SchoolGroup
from schools.services import invitation_create

logger = logging.getLogger(__name__)

MANAGING_ROLES = {Role.GROUP_ADMIN, Role.SCHOOL_LEADER}


def is_admin_user(user) -> bool:
    """Superusers, group admins and school leaders use the admin site."""
    if not (user.is_active and user.is_staff):
        return False
    return user.is_superuser or any(m.role in MANAGING_ROLES for m in user_memberships(user))


def _follow(obj: Model, path: str):
    return reduce(lambda value, name: getattr(value, name, None), path.split("__"), obj)


def object_owner(obj: Model) -> School | SchoolGroup | None:
    """The school or group that owns an object, from the model's tenant paths."""
    if isinstance(obj, School | SchoolGroup):
        return obj
    for attribute in ("tenant_school_path", "tenant_group_path"):
        path = getattr(obj, attribute, None)
        owner = _follow(obj, path) if path else None
        if owner is not None:
            return owner
    return None


def owner_visible(user, owner: School | SchoolGroup | None) -> bool:
    """Whether the user may see what a school or group owns."""
    if user.is_superuser:
        return True
    if isinstance(owner, School):
        return bool(school_roles(user, owner))
    if isinstance(owner, SchoolGroup):
        return bool(group_roles(user, owner))
    return False


def may_manage(user, obj: Model) -> bool:
    if user.is_superuser:
        return True
    owner = object_owner(obj)
    if isinstance(owner, School):
        if isinstance(obj, School):
            # A school's own record (name, level, pupils) is the group's to change.
            return Role.GROUP_ADMIN in school_roles(user, owner)
        return bool(MANAGING_ROLES & school_roles(user, owner))
    if isinstance(owner, SchoolGroup):
        return Role.GROUP_ADMIN in group_roles(user, owner)
    return False


def owners_conflict(owner: School | SchoolGroup | None, other: School | SchoolGroup | None) -> bool:
    """Whether an object of ``owner`` may not point at an object of ``other``.

    A school's object may use the school's objects and its group's (group-level people
    serve schools); a group's object may use the group's and its schools'. Objects of
    nobody (the shared catalogue, user accounts) fit everywhere.
    """
    if owner is None or other is None:
        return False
    if isinstance(owner, School):
        if isinstance(other, School):
            return other.pk != owner.pk
        return other.pk != owner.group_id
    if isinstance(other, School):
        return other.group_id != owner.pk
    return other.pk != owner.pk


def _is_tenant_model(model: type[Model]) -> bool:
    return model in (School, SchoolGroup) or bool(
        getattr(model, "tenant_school_path", None) or getattr(model, "tenant_group_path", None)
    )


def _owner_from_form(instance: Model, cleaned_data: dict) -> School | SchoolGroup | None:
    """The owner an object will have once the form's values are saved."""
    if isinstance(instance, School | SchoolGroup):
        return None
    for attribute in ("tenant_school_path", "tenant_group_path"):
        path = getattr(instance, attribute, None)
        if not path:
            continue
        first, _sep, rest = path.partition("__")
        value = cleaned_data[first] if first in cleaned_data else getattr(instance, first, None)
        owner = _follow(value, rest) if (value is not None and rest) else value
        if owner is not None:
            return owner
    return None


def check_same_tenant(instance: Model, cleaned_data: dict) -> dict[str, str]:
    """Errors by field for related objects that belong to another school or group."""
    owner = _owner_from_form(instance, cleaned_data)
    if owner is None:
        return {}
    errors = {}
    for name, value in cleaned_data.items():
        try:
            field = instance._meta.get_field(name)
        except Exception:  # a form-only field
            continue
        if not field.is_relation or not _is_tenant_model(field.related_model):
            continue
        # The owner's own school or group field is the owner itself.
        if value is owner:
            continue
        values = list(value) if field.many_to_many else [value]
        for related in values:
            if related is not None and owners_conflict(owner, object_owner(related)):
                errors[name] = _("“%(object)s” belongs to another school or group.") % {
                    "object": related
                }
                break
    return errors


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id field that names the object of an id only when the user may see it."""

    scoped_queryset: QuerySet

    def label_and_url_for_value(self, value):
        try:
            visible = self.scoped_queryset.filter(pk=value).exists()
        except (ValueError, TypeError, ValidationError):
            visible = False
        return super().label_and_url_for_value(value) if visible else ("", "")


class NotFoundOutsideScope:
    """Change, delete and history pages answer 404 for objects outside the user's scope.

    Django's admin redirects to its index with a message for a missing object; here a
    missing object and another group's object both answer 404, as everywhere else.
    """

    def _object_or_404(self, request: HttpRequest, object_id: str) -> Model:
        to_field = request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR))
        if to_field and not self.to_field_allowed(request, to_field):
            to_field = None
        obj = self.get_object(request, unquote(object_id), to_field)
        if obj is None:
            raise Http404(_("No such page."))
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._object_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._object_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        try:
            self._object_or_404(request, object_id)
        except Http404:
            # A deleted object keeps its history: shown to those who could see it.
            if not self._deleted_in_scope(request, object_id):
                raise
        return super().history_view(request, object_id, extra_context)

    def _deleted_in_scope(self, request: HttpRequest, object_id: str) -> bool:
        history = getattr(self.model, "history", None)
        if history is None:
            return False
        try:
            # The historical model's own pk is history_id: look up the original pk field.
            lookup = {self.model._meta.pk.attname: unquote(object_id)}
            record = history.filter(**lookup).latest("history_date")
        except (history.model.DoesNotExist, ValueError, ValidationError):
            return False
        return owner_visible(request.user, object_owner(record.instance))


class TenantAdmin(NotFoundOutsideScope, admin.ModelAdmin):
    """A ModelAdmin whose lists, choices and permissions follow the user's memberships."""

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_queryset(request.user, super().get_queryset(request))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin_user(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # Objects outside the user's scope never reach here: get_queryset leaves them out.
        return is_admin_user(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_admin_user(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        if not is_admin_user(request.user):
            return False
        return obj is None or may_manage(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self.has_change_permission(request, obj)

    def _scoped_choices(self, request: HttpRequest, model: type[Model]) -> QuerySet | None:
        return scoped_choices(request, model)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = self._scoped_choices(request, db_field.related_model)
        if queryset is not None:
            kwargs["queryset"] = queryset
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if queryset is not None and type(formfield.widget) is ForeignKeyRawIdWidget:
            # Django's raw-id widget names whatever object an id points at.
            formfield.widget.__class__ = ScopedRawIdWidget
            formfield.widget.scoped_queryset = queryset
        return formfield

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = self._scoped_choices(request, db_field.related_model)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request: HttpRequest, obj: Model | None = None, change=False, **kwargs):
        return same_tenant_form(super().get_form(request, obj, change, **kwargs))

    def get_list_filter(self, request: HttpRequest) -> list:
        """Filters on related objects offer only those of the listed (scoped) objects.

        Django's related filter offers every school, group or person in the database:
        the names of other groups' schools would show in the sidebar.
        """
        scoped = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str):
                try:
                    last = get_fields_from_path(self.model, entry)[-1]
                except Exception:  # Django's own checks report a bad filter
                    last = None
                if last is not None and last.is_relation:
                    entry = (entry, admin.RelatedOnlyFieldListFilter)
            scoped.append(entry)
        return scoped

    # --- history (for the models with HistoricalRecords, through SimpleHistoryAdmin) ---

    def revert_disabled(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # History is read-only here: changes go through the forms and their checks.
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._object_or_404(request, object_id)
        if request.method == "POST":
            raise PermissionDenied(_("Past versions cannot be restored here."))
        return super().history_form_view(request, object_id, version_id, extra_context)


def scoped_choices(request: HttpRequest, model: type[Model]) -> QuerySet | None:
    """The objects of a related model the user may pick in a form (None: no limit).

    What the related model's own scoped admin lists (e.g. the shared catalogue and the
    user's own tasks), or else what the user's memberships let them see.
    """
    model_admin = admin.site._registry.get(model)
    if isinstance(model_admin, NotFoundOutsideScope):
        return model_admin.get_queryset(request)
    if model is School:
        return visible_schools(request.user)
    if model is SchoolGroup:
        return visible_groups(request.user)
    if _is_tenant_model(model):
        return scope_queryset(request.user, model._default_manager.all())
    if model is get_user_model() and not request.user.is_superuser:
        return scoped_users(request.user)
    return None


def same_tenant_form(form_class):
    """The form class, refusing related objects of another school or group."""

    class SameTenantForm(form_class):
        def clean(self):
            cleaned_data = super().clean()
            for name, message in check_same_tenant(self.instance, cleaned_data).items():
                self.add_error(name, message)
            return cleaned_data

    SameTenantForm.__name__ = form_class.__name__
    return SameTenantForm


class TenantInline(admin.TabularInline):
    """An inline whose choices are scoped like TenantAdmin's."""

    extra = 0

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = scoped_choices(request, db_field.related_model)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_admin_user(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_admin_user(request.user) and (obj is None or may_manage(request.user, obj))

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_admin_user(request.user)


def scoped_users(user) -> QuerySet:
    """Users who belong to a school or group the given user may see."""
    User = get_user_model()
    if user.is_superuser:
        return User.objects.all()
    return User.objects.filter(
        Q(memberships__school__in=visible_schools(user).values("pk"))
        | Q(memberships__group__in=visible_groups(user).values("pk"))
    ).distinct()


@admin.register(SchoolGroup)
class SchoolGroupAdmin(TenantAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return request.user.is_superuser


@admin.register(School)
class SchoolAdmin(TenantAdmin):
    list_display = ["name", "group", "education_level", "technical_vocational", "pupils"]
    list_filter = ["education_level", "technical_vocational"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["group"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or any(
            m.role == Role.GROUP_ADMIN for m in user_memberships(request.user)
        )

    def _refused(self, request: HttpRequest, schools: list[School], allowed) -> bool:
        refused = [s.name for s in schools if not has_role(request.user, s, allowed)]
        if refused:
            self.message_user(
                request,
                _("Your role does not allow this for %(schools)s.")
                % {"schools": ", ".join(refused)},
                messages.ERROR,
            )
        return bool(refused)


@admin.register(Membership)
class MembershipAdmin(TenantAdmin):
    list_display = ["user", "role", "school", "group", "created"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    list_select_related = ["user", "school", "group"]


@admin.register(Invitation)
class InvitationAdmin(TenantAdmin):
    list_display = ["email", "role", "school", "group", "invited_by", "created", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    fields = ["email", "role", "school", "group"]
    list_select_related = ["school", "group", "invited_by"]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # An invitation is sent, not edited: make a new one instead.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: Invitation, form, change: bool) -> None:
        created = invitation_create(
            email=obj.email,
            role=obj.role,
            school=obj.school,
            group=obj.group,
            invited_by=request.user,
            accept_url_base=request.build_absolute_uri("/").rstrip("/"),
        )
        obj.pk = created.pk
        obj.token = created.token


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(NotFoundOutsideScope, UserAdmin):
    """Superusers manage every account; group admins and school leaders see their people."""

    limited_fieldsets = (
        (None, {"fields": ("username",)}),
        (gettext_lazy("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (gettext_lazy("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            scoped_users(request.user)
            if not request.user.is_superuser
            else super().get_queryset(request)
        )

    def get_fieldsets(self, request: HttpRequest, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.limited_fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["username", "last_login", "date_joined"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_admin_user(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return is_admin_user(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Others join by invitation, which gives them their role too.
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if request.user.is_superuser:
            return True
        if not is_admin_user(request.user):
            return False
        # Never another admin's account: staff and superusers manage themselves.
        return obj is None or not (obj.is_superuser or (obj.is_staff and obj != request.user))

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser


# --- the team builder's and the wizard's models ---------------------------------------


class PersonSchoolFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        person = self.instance
        for form in self.forms:
            school = form.cleaned_data.get("school") if hasattr(form, "cleaned_data") else None
            if school is None or form.cleaned_data.get("DELETE"):
                continue
            if person.group_id is None:
                raise ValidationError(_("Only group-level people split their hours over schools."))
            if school.group_id != person.group_id:
                raise ValidationError(
                    _("%(school)s is not a school of this person's group.") % {"school": school}
                )


def _scoped_admin(model: type[Model]) -> type[admin.ModelAdmin]:
    """A plain scoped admin, with history where the model keeps it."""
    bases = (TenantAdmin, SimpleHistoryAdmin) if hasattr(model, "history") else (TenantAdmin,)
    return type(f"{model.__name__}Admin", bases, {})


def register_app_admins(site: admin.AdminSite | None = None) -> None:
    """Every tenant-owned model of the project in the scoped admin, and only scoped.

    The team builder and the wizard register their models in their own admin modules
    with TenantAdmin subclasses. A tenant-owned model left out gets a plain scoped
    admin here; one registered with anything but a TenantAdmin stops the start-up, as
    it would show every school's data to every admin user.
    """
    site = site or admin.site
    inline_models = {
        inline.model for model_admin in site._registry.values() for inline in model_admin.inlines
    }
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or not _is_tenant_model(model):
            continue
        # Edited with their parent (a group-level person's school shares): not on their own.
        if model.__name__.startswith("Historical") or model in inline_models:
            continue
        if not site.is_registered(model):
            site.register(model, _scoped_admin(model))
        elif not isinstance(site.get_model_admin(model), TenantAdmin):
            raise ImproperlyConfigured(
                f"The admin of {model._meta.label} must extend schools.admin.TenantAdmin "
                "so that it is scoped to the user's schools."
            )


PROJECT_APPS = frozenset({"schools", "tasks", "teams", "guidelines"})
