"""Pages and downloads that combine every app: the group dashboard and the zips of every
document of a school or of a whole group."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_POST

from overview.dashboard import dashboard_xlsx
from overview.dashboard import sort_links
from overview.jobs import start_documents_export
from overview.selectors import Dashboard
from overview.selectors import group_dashboard
from schools.access import CAN_ADMINISTER_GROUP
from schools.access import CAN_EDIT_TEAM
from schools.access import get_group_or_404
from schools.access import get_school_or_404
from schools.access import has_role
from schools.access import require_role
from schools.context_processors import nav_links
from schools.documents import XLSX
from schools.documents import download
from schools.jobs import get_job_or_404
from schools.models import SchoolGroup
from schools.selectors import home_schools_and_groups
from years.reminders import due_reminders


def _sorted_dashboard(
    request: HttpRequest, group: SchoolGroup, *, group_plan: bool = True
) -> Dashboard:
    """The dashboard in the order the query string asks: ``?sort=<column>&order=desc``."""
    sort = request.GET.get("sort", "name")
    descending = request.GET.get("order") == "desc"
    return group_dashboard(group=group, group_plan=group_plan).sorted_by(
        sort, descending=descending
    )


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
        # The workbook lists the schools alone: the group's own plan is not read.
        dashboard_xlsx(dashboard=_sorted_dashboard(request, group, group_plan=False)),
        filename=f"dashboard-{slugify(group.slug)}-{timezone.localdate():%Y-%m-%d}.xlsx",
        content_type=XLSX,
    )


@login_required
@require_POST
def group_documents_zip(request: HttpRequest, group_slug: str) -> HttpResponse:
    """Start zipping every document of every school of the group; group admins.

    A group's documents take minutes (a PDF per person of a hundred schools): a worker
    writes the zip while the job's page shows how far it is.
    """
    group = get_group_or_404(request.user, group_slug)
    require_role(request.user, group, CAN_ADMINISTER_GROUP)
    job = start_documents_export(
        user=request.user,
        schools=group.schools.select_related("group").order_by("name"),
        group=group,
        language=group.documents_language,
    )
    return redirect(job)


@login_required
@require_POST
def school_documents_zip(request: HttpRequest, school_slug: str) -> HttpResponse:
    """Start zipping every document of one school, for those who edit its team."""
    school = get_school_or_404(request.user, school_slug)
    require_role(request.user, school, CAN_EDIT_TEAM)
    job = start_documents_export(user=request.user, schools=[school], school=school)
    return redirect(job)


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """How far a job is, refreshing itself until it is done; then its result or its error."""
    job = get_job_or_404(request.user, pk)
    return render(
        request,
        "overview/job.html",
        {"job": job, "job_result_hours": settings.JOB_RESULT_MAX_AGE_HOURS},
    )


@login_required
@require_GET
def job_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A finished job's file, to whoever started the job."""
    job = get_job_or_404(request.user, pk)
    if not job.finished_ok or not job.result_path:
        raise Http404
    try:
        handle = default_storage.open(job.result_path, "rb")
    except OSError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=job.result_name)


def home(request: HttpRequest) -> HttpResponse:
    """The start page: the user's groups and schools, and the reminders due for them."""
    if not request.user.is_authenticated:
        return render(request, "schools/landing.html")
    schools, groups = home_schools_and_groups(user=request.user)
    return render(
        request,
        "schools/home.html",
        {
            "schools": schools,
            "groups": groups,
            # A user sees every school of each group they see (``visible_schools``).
            "reminders": due_reminders(
                schools=schools, groups=groups, today=timezone.localdate(), whole_groups=True
            ),
            "show_school": True,
            # The menu lists the same schools and groups: drawn from these lists.
            **nav_links(schools=schools, groups=groups),
        },
    )
