"""Pages and downloads that combine every app: the group dashboard and the zips of every
document of a school or of a whole group."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from overview.dashboard import dashboard_xlsx, sort_links
from overview.documents import schools_documents_zip
from overview.selectors import Dashboard, group_dashboard
from schools.access import (
    CAN_ADMINISTER_GROUP,
    CAN_EDIT_TEAM,
    get_group_or_404,
    get_school_or_404,
    has_role,
    require_role,
)
from schools.documents import XLSX, ZIP, download
from schools.models import SchoolGroup


def _sorted_dashboard(request: HttpRequest, group: SchoolGroup) -> Dashboard:
    """The dashboard in the order the query string asks: ``?sort=<column>&order=desc``."""
    sort = request.GET.get("sort", "name")
    descending = request.GET.get("order") == "desc"
    return group_dashboard(group=group).sorted_by(sort, descending=descending)


@login_required
@require_GET
def group_dashboard_view(request: HttpRequest, group_slug: str) -> HttpResponse:
    """Every school of the group side by side; for the group's members."""
    group = get_group_or_404(request.user, group_slug)
    dashboard = _sorted_dashboard(request, group)
    return render(
        request,
        "overview/dashboard.html",
        {
            "group": group,
            "dashboard": dashboard,
            "sort_links": sort_links(dashboard=dashboard),
            "can_administer": has_role(request.user, group, CAN_ADMINISTER_GROUP),
            "section": "dashboard",
        },
    )


@login_required
@require_GET
def group_dashboard_xlsx(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = get_group_or_404(request.user, group_slug)
    return download(
        dashboard_xlsx(dashboard=_sorted_dashboard(request, group)),
        filename=f"dashboard-{slugify(group.slug)}-{timezone.localdate():%Y-%m-%d}.xlsx",
        content_type=XLSX,
    )


@login_required
@require_GET
def group_documents_zip(request: HttpRequest, group_slug: str) -> HttpResponse:
    """Every document of every school of the group, a folder per school; group admins."""
    group = get_group_or_404(request.user, group_slug)
    require_role(request.user, group, CAN_ADMINISTER_GROUP)
    return download(
        schools_documents_zip(
            schools=group.schools.select_related("group").order_by("name"),
            language=group.documents_language,
        ),
        filename=f"documents-{slugify(group.slug)}-{timezone.localdate():%Y-%m-%d}.zip",
        content_type=ZIP,
    )


@login_required
@require_GET
def school_documents_zip(request: HttpRequest, school_slug: str) -> HttpResponse:
    """Every document of one school, for those who edit its team."""
    school = get_school_or_404(request.user, school_slug)
    require_role(request.user, school, CAN_EDIT_TEAM)
    return download(
        schools_documents_zip(schools=[school]),
        filename=f"{school.slug}-documents.zip",
        content_type=ZIP,
    )
