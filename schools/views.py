from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from schools.access import (
    get_group_or_404,
    get_school_or_404,
    group_roles,
    school_roles,
    visible_groups,
    visible_schools,
)
from schools.models import Role


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "schools/landing.html")
    schools = list(
        visible_schools(request.user).select_related("group").order_by("group__name", "name")
    )
    groups = list(visible_groups(request.user).annotate(school_count=Count("schools")))
    return render(request, "schools/home.html", {"schools": schools, "groups": groups})


@login_required
def school_detail(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    counts = school.task_list.aggregate(
        total=Count("pk"),
        applying=Count("pk", filter=Q(applies=True)),
        to_review=Count("pk", filter=~Q(review="")),
    )
    roles = school_roles(request.user, school)
    return render(
        request,
        "schools/school_detail.html",
        {
            "school": school,
            "counts": counts,
            "roles": [Role(r).label for r in sorted(roles)],
        },
    )


@login_required
def group_detail(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = get_group_or_404(request.user, group_slug)
    schools = group.schools.order_by("name")
    roles = group_roles(request.user, group)
    return render(
        request,
        "schools/group_detail.html",
        {"group": group, "schools": schools, "roles": [Role(r).label for r in sorted(roles)]},
    )
