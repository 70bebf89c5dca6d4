"""The schools app's own models in the admin (groups, schools, memberships, invitations, the
users), and ``register_app_admins``: no tenant-owned model of the project is missing from
the admin or registered unscoped.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from schools.access import has_role
from schools.access import may_manage_account
from schools.access import scoped_users
from schools.access import user_memberships
from schools.admin.options import EditedOnPageAdmin
from schools.admin.options import ServiceWriteAdmin
from schools.admin.options import TenantAdmin
from schools.admin.scoping import NotFoundOutsideScope
from schools.admin.scoping import _admin_user
from schools.admin.scoping import _is_tenant_model
from schools.models import Invitation
from schools.models import Membership
from schools.models import Role
from schools.models import School
from schools.models import SchoolGroup
from schools.services import invitation_create
from schools.services import user_sync_staff


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
    """Memberships are the roles: ending one (not the account) is how someone leaves.

    Staff status follows: whoever gains or loses a leadership role gains or loses the
    admin site with it.
    """

    list_display = ["user", "role", "school", "group", "created"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    list_select_related = ["user", "school", "group"]

    def save_model(self, request: HttpRequest, obj: Membership, form, change: bool) -> None:
        former_user = Membership.objects.get(pk=obj.pk).user if change else None
        super().save_model(request, obj, form, change)
        user_sync_staff(user=obj.user)
        if former_user is not None and former_user.pk != obj.user_id:
            user_sync_staff(user=former_user)

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        user = obj.user
        super().delete_model(request, obj)
        user_sync_staff(user=user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        users = list({m.user for m in queryset.select_related("user")})
        super().delete_queryset(request, queryset)
        for user in users:
            user_sync_staff(user=user)


@admin.register(Invitation)
class InvitationAdmin(ServiceWriteAdmin):
    """Invitations are made by ``invitation_create``: its rules (who may invite whom,
    where) and its e-mail, as for any invitation."""

    list_display = ["email", "role", "school", "group", "invited_by", "created", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    fields = ["email", "role", "school", "group"]
    list_select_related = ["school", "group", "invited_by"]

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # An invitation is sent, not edited: make a new one instead.
        return obj is None and super().has_change_permission(request, obj)

    def service_save(
        self, request: HttpRequest, *, instance: Invitation, data: dict, inlines: list
    ) -> Invitation:
        return invitation_create(
            email=data["email"],
            role=data["role"],
            school=data.get("school"),
            group=data.get("group"),
            invited_by=request.user,
            accept_url_base=request.build_absolute_uri("/").rstrip("/"),
        )

    def service_delete(self, request: HttpRequest, obj: Invitation) -> None:
        obj.delete()


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class ScopedUserAdmin(NotFoundOutsideScope, UserAdmin):
    """Superusers manage every account; group admins and school leaders see their people.

    Outside a superuser's hands an account is never taken over: the password, username,
    active state and staff status are a superuser's only (people reset their own
    password by e-mail; a leader ends a membership, not an account), and the name and
    e-mail address only change for accounts ``may_manage_account`` allows, i.e. those
    that belong nowhere but where the user leads, and hold a lower role there. All
    other accounts in scope are shown read-only.
    """

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
        return ["username", "is_active", "last_login", "date_joined"]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _admin_user(request)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return _admin_user(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Others join by invitation, which gives them their role too.
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if request.user.is_superuser:
            return True
        if not _admin_user(request):
            return False
        return obj is None or may_manage_account(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_superuser

    def user_change_password(self, request: HttpRequest, id, form_url=""):
        """Setting someone's password is a superuser's only; the rest reset by e-mail."""
        self._object_or_404(request, id)
        if not request.user.is_superuser:
            raise PermissionDenied(_("Passwords are reset by their owner, by e-mail."))
        return super().user_change_password(request, id, form_url)


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
    """A read-only scoped admin, with history where the model keeps it.

    Read-only: a model nobody gave an admin has no service-backed save here, and a plain
    model form would skip the rules its services keep.
    """
    bases = (
        (EditedOnPageAdmin, SimpleHistoryAdmin)
        if hasattr(model, "history")
        else (EditedOnPageAdmin,)
    )
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
