"""The admin site of ictteam: Django's admin, scoped to the user's groups and schools.

``TenantAdminConfig`` replaces ``django.contrib.admin`` in ``INSTALLED_APPS`` so that
``admin.site`` is a ``TenantAdminSite``. The site only differs from Django's in its
"view on site" redirect, which Django answers for any object whatever the user may
see: here it answers 404 for objects outside the user's scope, like every other page.

This module is imported while the app registry is still loading: no model imports at
module level.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.sites import AdminSite
from django.core.exceptions import ValidationError
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.urls import NoReverseMatch
from django.urls import get_script_prefix
from django.urls import get_urlconf
from django.urls import path
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.compiled import compiled_rows


class TenantAdminSite(AdminSite):
    site_header = gettext_lazy("ictteam administration")
    site_title = gettext_lazy("ictteam")
    index_title = gettext_lazy("Your schools and groups")

    def get_urls(self) -> list:
        urls = super().get_urls()
        scoped = path(
            "r/<path:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [scoped if getattr(url, "name", None) == "view_on_site" else url for url in urls]

    def has_permission(self, request: HttpRequest) -> bool:
        allowed = super().has_permission(request)
        if allowed:
            _read_permissions(request.user)
        return allowed

    def _address(
        self, name: str, *, where: tuple[str, str] | None = None, **kwargs: str
    ) -> str | None:
        """An admin address, reversed once a process (None: it has none).

        The app list of every admin page reverses two addresses for each of the thirty
        models; they change only with the URL configuration and the script's prefix
        (``where``, ``_where()``: looked up once for the whole list).
        """
        key = (name, tuple(kwargs.items()), where or self._where())
        cache = self.__dict__.setdefault("_addresses", {})
        if key not in cache:
            try:
                cache[key] = reverse(f"admin:{name}", kwargs=kwargs, current_app=self.name)
            except NoReverseMatch:
                cache[key] = None
        return cache[key]

    def _where(self) -> tuple[str, str]:
        """What an address depends on besides its name: the script's prefix and the URL
        configuration."""
        return get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF

    def _build_app_dict(self, request: HttpRequest, label: str | None = None) -> dict:
        """Django's app dictionary (the same permissions asked, the same entries), its
        addresses reversed once a process (``_address``)."""
        app_dict: dict = {}
        where = self._where()
        language = get_language()
        registry = self._registry.items()
        if label:
            registry = [(m, a) for m, a in registry if m._meta.app_label == label]
        for model, model_admin in registry:
            app_label = model._meta.app_label
            has_module_perms = model_admin.has_module_permission(request)
            if not has_module_perms:
                continue
            perms = model_admin.get_model_perms(request)
            if True not in perms.values():
                continue
            info = f"{app_label}_{model._meta.model_name}"
            model_dict = {
                "model": model,
                # Translated once here: Django's sorting of the lazy name translated it
                # again for each comparison (some two hundred a page).
                "name": _model_name(model, language),
                "object_name": model._meta.object_name,
                "perms": perms,
                "admin_url": None,
                "add_url": None,
            }
            if perms.get("change") or perms.get("view"):
                model_dict["view_only"] = not perms.get("change")
                model_dict["admin_url"] = self._address(f"{info}_changelist", where=where)
            if perms.get("add"):
                model_dict["add_url"] = self._address(f"{info}_add", where=where)
            if app_label in app_dict:
                app_dict[app_label]["models"].append(model_dict)
            else:
                app_dict[app_label] = {
                    "name": apps.get_app_config(app_label).verbose_name,
                    "app_label": app_label,
                    "app_url": self._address("app_list", where=where, app_label=app_label),
                    "has_module_perms": has_module_perms,
                    "models": [model_dict],
                }
        return app_dict

    def view_on_site(
        self, request: HttpRequest, content_type_id: str, object_id: str
    ) -> HttpResponse:
        """Django's shortcut redirect, for objects the user may see in this admin only.

        Django's own would redirect to another school's page (and so reveal that it
        exists and its address) for anyone with staff status.
        """
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut

        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise Http404(_("No such page.")) from None
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise Http404(_("No such page."))
        try:
            visible = model_admin.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, TypeError, ValidationError):
            visible = False
        if not visible:
            raise Http404(_("No such page."))
        return shortcut(request, content_type_id, object_id)


# A model's name in the app list by language: its lazy plural, capitalised and
# translated for each of thirty models on every admin page, is the same each time.
_MODEL_NAMES: dict[tuple[type, str | None], str] = {}


def _model_name(model: type, language: str | None) -> str:
    """``str(capfirst(model._meta.verbose_name_plural))`` in the active ``language``."""
    key = (model, language)
    name = _MODEL_NAMES.get(key)
    if name is None:
        name = _MODEL_NAMES[key] = str(capfirst(model._meta.verbose_name_plural))
    return name


_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _permission_rows(user_id: int):
    """The (app label, codename) of a user's own permissions and their groups' (as
    ``ModelBackend`` reads them in two queries), in one: the permissions whose ids are
    the user's or their groups', each joined with its content type once. PostgreSQL
    planned the union of the two joins of four and five tables in 1.3 ms, this in 1.0."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.auth.models import Permission

    User = get_user_model()  # noqa: N806
    own = User.user_permissions.through.objects.filter(user_id=user_id)
    groups = User.groups.through.objects.filter(user_id=user_id).values("group_id")
    grouped = Group.permissions.through.objects.filter(group_id__in=groups)
    ids = own.values("permission_id").union(grouped.values("permission_id"))
    fields = ("content_type__app_label", "codename")
    return Permission.objects.filter(pk__in=ids).values_list(*fields).order_by()


def _read_permissions(user) -> None:
    """Fill ``ModelBackend``'s cache of the user's permissions for this request, as it
    would, from one query compiled once a process.

    Django's default admins (the user groups, ``axes``, the job results) ask a staff
    user's permissions on every admin page, and the backend builds and compiles two
    queries with joins for them, which took longer than the database took to answer.
    A superuser, an inactive user or another backend: left to Django.
    """
    if (
        hasattr(user, "_perm_cache")
        or not user.is_active
        or user.is_anonymous
        or user.is_superuser
        or _MODEL_BACKEND not in settings.AUTHENTICATION_BACKENDS
    ):
        return
    rows = compiled_rows(_permission_rows, user_id=user.pk)
    user._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}


class TenantAdminConfig(AdminConfig):
    """``django.contrib.admin`` with ``TenantAdminSite`` as ``admin.site``."""

    default_site = "schools.admin_site.TenantAdminSite"
