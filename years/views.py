"""Pages of school years: the years of a school, the rollover, a closed year's record and
two years side by side."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from guidelines.selectors import plan_for
from schools.access import (
    CAN_MANAGE,
    get_school_object_or_404,
    get_school_or_404,
    has_role,
    require_role,
)
from schools.school_years import school_year_label
from teams.selectors import team_people
from years.forms import CompareForm, RolloverForm
from years.models import YearRecord
from years.reminders import EVALUATION_CITATION, due_reminders
from years.selectors import (
    compare_years,
    current_start_year,
    current_year_view,
    plan_items_by_year,
    record_view,
    year_records,
)
from years.services import rollover_preview, rollover_years, school_year_rollover


@login_required
@require_GET
def years_page(request: HttpRequest, school_slug: str) -> HttpResponse:
    """The school's current year, its closed years, reminders, and the plan by year."""
    school = get_school_or_404(request.user, school_slug)
    current = current_start_year(owner=school)
    return render(
        request,
        "years/years.html",
        {
            "school": school,
            "section": "years",
            "current_label": school_year_label(current),
            "records": year_records(owner=school),
            "reminders": due_reminders(schools=[school], today=timezone.localdate()),
            "evaluation_citation": EVALUATION_CITATION,
            "by_year": plan_items_by_year(owner=school),
            "can_manage": has_role(request.user, school, CAN_MANAGE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def rollover(request: HttpRequest, school_slug: str) -> HttpResponse:
    """Roll the team over to the next school year: the form, a preview, then the write."""
    school = get_school_or_404(request.user, school_slug)
    require_role(request.user, school, CAN_MANAGE)
    context: dict = {"school": school, "section": "years"}
    try:
        closing, opening = rollover_years(school)
    except ValidationError as refused:
        context["refused"] = refused.messages
        return render(request, "years/rollover.html", context)
    plan = plan_for(owner=school)
    resources = getattr(plan, "resources", None) if plan is not None else None
    members = team_people(school=school)
    people = [member for member in members if not member.is_group_level]
    form = RolloverForm(
        request.POST or None, people=people, resources=resources, has_plan=plan is not None
    )
    context.update(
        form=form,
        closing_label=school_year_label(closing),
        opening_label=school_year_label(opening),
        group_level=[member for member in members if member.is_group_level],
    )
    if request.method == "POST" and form.is_valid() and "edit" not in request.POST:
        arguments = {
            "school": school,
            "leaving": form.leaving(),
            "hours": form.hours(),
            "resources": form.new_resources(),
        }
        try:
            if "confirm" in request.POST:
                record = school_year_rollover(**arguments, user=request.user)
            else:
                context["preview"] = rollover_preview(**arguments)
                return render(request, "years/rollover_preview.html", context)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(
                request,
                _("The school year %(closed)s is closed and kept; %(opened)s has started.")
                % {"closed": record.label, "opened": school_year_label(record.start_year + 1)},
            )
            url = reverse("years:compare", kwargs={"school_slug": school.slug})
            return redirect(f"{url}?first={record.start_year}&second={record.start_year + 1}")
    return render(request, "years/rollover.html", context)


@login_required
@require_GET
def record_page(request: HttpRequest, school_slug: str, pk: int) -> HttpResponse:
    """A closed year as it was kept: its team, its division of tasks, its figures."""
    school = get_school_or_404(request.user, school_slug)
    record = get_school_object_or_404(request.user, YearRecord, pk=pk, school=school)
    return render(
        request,
        "years/record.html",
        {"school": school, "section": "years", "record": record, "view": record_view(record)},
    )


@login_required
@require_GET
def compare(request: HttpRequest, school_slug: str) -> HttpResponse:
    """Two school years side by side: the current one and a closed one, or two closed."""
    school = get_school_or_404(request.user, school_slug)
    current = current_start_year(owner=school)
    records = {record.start_year: record for record in year_records(owner=school)}
    records.pop(current, None)
    choices = [(current, _("%(year)s (current)") % {"year": school_year_label(current)})]
    choices += [(year, school_year_label(year)) for year in sorted(records, reverse=True)]
    initial = {"first": str(max(records) if records else current), "second": str(current)}
    # A link may name one year (a closed year's page names itself): the other is the default.
    form = CompareForm({**initial, **request.GET.dict()}, years=choices)
    comparison = None
    if form.is_valid():
        views = {}
        for year in {form.cleaned_data["first"], form.cleaned_data["second"]}:
            views[year] = (
                current_year_view(school=school, start_year=current)
                if year == current
                else record_view(records[year])
            )
        comparison = compare_years(
            first=views[form.cleaned_data["first"]], second=views[form.cleaned_data["second"]]
        )
    return render(
        request,
        "years/compare.html",
        {
            "school": school,
            "section": "years",
            "form": form,
            "comparison": comparison,
            "has_records": bool(records),
        },
    )
