"""Pages of school years: the years of a school (or of a school group), the rollover, a
closed year's record and two years side by side. Every page serves both owners: the
school's URLs carry ``school_slug``, the group's ``group_slug``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from guidelines.selectors import plan_for
from schools.access import CAN_ADMINISTER_GROUP
from schools.access import CAN_MANAGE
from schools.access import Owner
from schools.access import get_school_object_or_404
from schools.access import has_role
from schools.access import owner_context
from schools.access import owner_kwargs
from schools.access import owner_view
from schools.access import require_role
from schools.models import School
from schools.school_years import school_year_label
from years.forms import CompareForm
from years.forms import RolloverForm
from years.models import YearRecord
from years.reminders import EVALUATION_CITATION
from years.reminders import due_reminders
from years.selectors import compare_years
from years.selectors import current_start_year
from years.selectors import current_year_view
from years.selectors import plan_items_by_year
from years.selectors import record_view
from years.selectors import year_people
from years.selectors import year_records
from years.services import rollover_preview
from years.services import rollover_years
from years.services import school_year_rollover


# Who rolls over: a school's leadership (and its group's admins); a group's admins only,
# as its people serve every school of the group.
def _can_roll_over(owner: Owner) -> frozenset:
    return CAN_MANAGE if isinstance(owner, School) else CAN_ADMINISTER_GROUP


def _urls(owner: Owner) -> dict[str, str]:
    if isinstance(owner, School):
        kwargs, prefix = {"school_slug": owner.slug}, ""
    else:
        kwargs, prefix = {"group_slug": owner.slug}, "group_"
    return {
        "years": reverse(f"years:{prefix or 'school_'}years", kwargs=kwargs),
        "rollover": reverse(f"years:{prefix}rollover", kwargs=kwargs),
        "compare": reverse(f"years:{prefix}compare", kwargs=kwargs),
    }


def _context(owner: Owner, **extra) -> dict:
    return {**owner_context(owner), "section": "years", "urls": _urls(owner), **extra}


@owner_view("GET")
def years_page(request: HttpRequest, owner: Owner) -> HttpResponse:
    """The owner's current year, its closed years, reminders, and the plan by year."""
    current = current_start_year(owner=owner)
    today = timezone.localdate()
    return render(
        request,
        "years/years.html",
        _context(
            owner,
            current_label=school_year_label(current),
            records=year_records(owner=owner),
            reminders=(
                due_reminders(schools=[owner], today=today)
                if isinstance(owner, School)
                else due_reminders(groups=[owner], today=today)
            ),
            evaluation_citation=EVALUATION_CITATION,
            by_year=plan_items_by_year(owner=owner),
            can_manage=has_role(request.user, owner, _can_roll_over(owner)),
        ),
    )


@owner_view("GET", "POST")
def rollover(request: HttpRequest, owner: Owner) -> HttpResponse:
    """Roll the team over to the next school year: the form, a preview, then the write."""
    require_role(request.user, owner, _can_roll_over(owner))
    context = _context(owner)
    try:
        closing, opening = rollover_years(owner)
    except ValidationError as refused:
        context["refused"] = refused.messages
        return render(request, "years/rollover.html", context)
    plan = plan_for(owner=owner)
    resources = getattr(plan, "resources", None) if plan is not None else None
    people, managed = year_people(owner=owner)
    own = {member.pk for member in managed}
    form = RolloverForm(
        request.POST or None, people=managed, resources=resources, has_plan=plan is not None
    )
    context.update(
        form=form,
        closing_label=school_year_label(closing),
        opening_label=school_year_label(opening),
        group_level=[member for member in people if member.pk not in own],
    )
    if request.method == "POST" and form.is_valid() and "edit" not in request.POST:
        arguments = {
            "owner": owner,
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
            url = context["urls"]["compare"]
            return redirect(f"{url}?first={record.start_year}&second={record.start_year + 1}")
    return render(request, "years/rollover.html", context)


@owner_view("GET")
def record_page(request: HttpRequest, owner: Owner, pk: int) -> HttpResponse:
    """A closed year as it was kept: its team, its division of tasks, its figures."""
    record = get_school_object_or_404(request.user, YearRecord, pk=pk, **owner_kwargs(owner))
    return render(
        request,
        "years/record.html",
        _context(owner, record=record, view=record_view(record)),
    )


@owner_view("GET")
def compare(request: HttpRequest, owner: Owner) -> HttpResponse:
    """Two school years side by side: the current one and a closed one, or two closed."""
    current = current_start_year(owner=owner)
    records = {record.start_year: record for record in year_records(owner=owner)}
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
                current_year_view(owner=owner, start_year=current)
                if year == current
                else record_view(records[year])
            )
        comparison = compare_years(
            first=views[form.cleaned_data["first"]], second=views[form.cleaned_data["second"]]
        )
    return render(
        request,
        "years/compare.html",
        _context(owner, form=form, comparison=comparison, has_records=bool(records)),
    )
