"""One admin site for many schools: every list is scoped to the user's group or school.

Group admins manage their group and its schools; school leaders see and manage only
their school; superusers see everything. Access follows the memberships, not Django's
model permissions, so a new group admin needs nothing but the membership.
"""

from __future__ import annotations

from functools import reduce

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from schools.access import (
    group_roles,
    school_roles,
    scope_queryset,
    user_memberships,
    visible_groups,
    visible_schools,
)
from schools.models import Invitation, Membership, Role, School, SchoolGroup
from schools.services import invitation_create

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


class TenantAdmin(admin.ModelAdmin):
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
        if model is School:
            return visible_schools(request.user)
        if model is SchoolGroup:
            return visible_groups(request.user)
        if getattr(model, "tenant_school_path", None) or getattr(model, "tenant_group_path", None):
            return scope_queryset(request.user, model._default_manager.all())
        if model is get_user_model() and not request.user.is_superuser:
            return scoped_users(request.user)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = self._scoped_choices(request, db_field.related_model)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = self._scoped_choices(request, db_field.related_model)
        if queryset is not None:
            kwargs["queryset"] = queryset
        return super().formfield_for_manytomany(db_field, request, **kwargs)


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

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or any(
            m.role == Role.GROUP_ADMIN for m in user_memberships(request.user)
        )


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
class ScopedUserAdmin(UserAdmin):
    """Superusers manage every account; group admins and school leaders see their people."""

    limited_fieldsets = (
        (None, {"fields": ("username",)}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
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


admin.site.site_header = _("ictteam administration")
admin.site.site_title = _("ictteam")
admin.site.index_title = _("Your schools and groups")
