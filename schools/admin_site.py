"""The admin site of ictteam: Django's admin, scoped to the user's groups and schools.

``TenantAdminConfig`` replaces ``django.contrib.admin`` in ``INSTALLED_APPS`` so that
``admin.site`` is a ``TenantAdminSite``. The site only differs from Django's in its
"view on site" redirect, which Django answers for any object whatever the user may
see: here it answers 404 for objects outside the user's scope, like every other page.

This module is imported while the app registry is still loading: no model imports at
module level.
"""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.sites import AdminSite
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


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


class TenantAdminConfig(AdminConfig):
    """``django.contrib.admin`` with ``TenantAdminSite`` as ``admin.site``."""

    default_site = "schools.admin_site.TenantAdminSite"
