"""Pages for sharing good practice within a group.

Every page resolves its school or group through ``schools/access.py`` first: a user
outside the group gets the same 404 for a missing school and for another group's. The
comparison is for those who shape a team (``CAN_EDIT_TEAM``: group admins, school leaders,
ICT coordinators, and a group's ICT coordinators at group level); a copy writes into a
school, so it is for the school's leadership (``CAN_MANAGE``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods

from schools.access import CAN_EDIT_TEAM
from schools.access import CAN_MANAGE
from schools.access import has_role
from schools.access import owner_page
from schools.access import require_role
from schools.models import School
from schools.models import SchoolGroup
from sharing.forms import ConsentForm
from sharing.forms import CopyChooseForm
from sharing.forms import CopyMapForm
from sharing.forms import DivisionForm
from sharing.selectors import copy_plan
from sharing.selectors import copy_sources
from sharing.selectors import group_division
from sharing.selectors import group_schools
from sharing.selectors import own_school_ids
from sharing.selectors import shares_names
from sharing.selectors import task_choices
from sharing.services import consent_set
from sharing.services import copy_rows
from sharing.services import setup_copy
from teams.selectors import MANDATE_LABELS
from teams.selectors import MANDATES
from teams.selectors import team_tasks

# Who may compare the group's set-ups: whoever shapes a team (group or school level).
CAN_COMPARE = CAN_EDIT_TEAM


def _division_context(request: HttpRequest, group: SchoolGroup) -> dict:
    form = DivisionForm(request.GET or None, tasks=task_choices(group=group))
    division = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["task"] is not None or data["cluster"]:
            division = group_division(
                group=group,
                task=data["task"],
                cluster="" if data["task"] is not None else data["cluster"],
                named_schools=own_school_ids(request.user),
            )
    return {"group": group, "form": form, "division": division}


@require_GET
@login_required
@owner_page(role=CAN_COMPARE)
def group_division_view(request: HttpRequest, group: SchoolGroup) -> HttpResponse:
    """How the group's schools divide a task or a cluster, for the group's own staff."""
    context = _division_context(request, group)
    schools = group_schools(group=group)
    context.update(
        section="sharing",
        schools=schools,
        # The group admin copies into any school of the group.
        copy_targets=schools if has_role(request.user, group, CAN_MANAGE) else [],
    )
    return render(request, "sharing/group_division.html", context)


@require_GET
@login_required
@owner_page(role=CAN_COMPARE)
def school_division_view(request: HttpRequest, school: School) -> HttpResponse:
    """The same comparison, seen from one school of the group."""
    context = _division_context(request, school.group)
    context.update(
        school=school,
        section="team",
        shares_names=shares_names(_with_consent(school)),
        can_manage=has_role(request.user, school, CAN_MANAGE),
    )
    return render(request, "sharing/school_division.html", context)


def _with_consent(school: School) -> School:
    return School.objects.select_related("sharing_consent").get(pk=school.pk)


@require_http_methods(["GET", "POST"])
@login_required
@owner_page(role=CAN_COMPARE)
def consent_view(request: HttpRequest, school: School) -> HttpResponse:
    """The school's choice whether the group's schools see names in its set-up."""
    school = _with_consent(school)
    can_manage = has_role(request.user, school, CAN_MANAGE)
    consent = getattr(school, "sharing_consent", None)
    form = ConsentForm(
        request.POST if request.method == "POST" else None,
        initial={"share_names": shares_names(school)},
    )
    if request.method == "POST":
        require_role(request.user, school, CAN_MANAGE)
        if form.is_valid():
            consent_set(
                school=school, share_names=form.cleaned_data["share_names"], user=request.user
            )
            messages.success(
                request,
                _("The schools of your group now see the names of your people.")
                if form.cleaned_data["share_names"]
                else _("The schools of your group now see roles only, no names."),
            )
            return redirect("sharing:consent", school_slug=school.slug)
    return render(
        request,
        "sharing/consent.html",
        {
            "school": school,
            "section": "team",
            "form": form,
            "consent": consent,
            "can_manage": can_manage,
        },
    )


def _copy_url(school: School, **query: str) -> str:
    url = reverse("sharing:copy", kwargs={"school_slug": school.slug})
    return f"{url}?{urlencode(query)}" if query else url


@require_http_methods(["GET", "POST"])
@login_required
@owner_page(role=CAN_MANAGE)
def copy_view(request: HttpRequest, target: School) -> HttpResponse:
    """Copy another school's set-up of a task into this school, by role.

    GET chooses the source school and the task, then shows each person of the source's
    set-up with who of this school's team takes it on (pre-filled by role). POST with
    ``preview`` shows what will be saved; POST with ``copy`` saves it.
    """
    choose = CopyChooseForm(
        request.GET or None,
        sources=copy_sources(target=target),
        # A school's own tasks mean nothing to another school: only shared tasks are copied.
        tasks=[
            entry.task
            for entry in team_tasks(owner=target).select_related("task")
            if entry.task.school_id is None
        ],
    )
    context: dict = {"school": target, "section": "team", "choose": choose}
    if not (choose.is_bound and choose.is_valid() and choose.cleaned_data["task"]):
        return render(request, "sharing/copy.html", context)
    source = choose.cleaned_data["source"]
    task = choose.cleaned_data["task"]
    plan = copy_plan(source=source, target=target, task=task, viewer=request.user)
    form = CopyMapForm(request.POST if request.method == "POST" else None, plan=plan)
    context.update(plan=plan, form=form, preview=None, errors=[])
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        if "copy" in request.POST:
            try:
                setup_copy(
                    source=source, target=target, task=task, mapping=mapping, user=request.user
                )
            except ValidationError as error:
                context["errors"] = error.messages
            else:
                messages.success(
                    request,
                    _("Copied the set-up of “%(task)s”. Check the hours and approve the mandates.")
                    % {"task": task.title},
                )
                return redirect(
                    "teams:task_assignments", school_slug=target.slug, pk=plan.target_entry.pk
                )
        else:
            # The rows the copy would save, merged as it merges them, and what stays open.
            context["preview"] = [
                {
                    "person": row.person,
                    "mandates": [MANDATE_LABELS[name] for name in MANDATES if getattr(row, name)],
                    "hours": row.hours,
                    "backup": row.backup,
                }
                for row in copy_rows(slots=plan.slots, mapping=mapping)
            ]
            context["left_open"] = [
                slot for slot in plan.slots if slot.has_mandate and mapping.get(slot.key) is None
            ]
    return render(request, "sharing/copy.html", context)


@require_GET
@login_required
@owner_page(role=CAN_MANAGE)
def group_copy_view(request: HttpRequest, group: SchoolGroup) -> HttpResponse:
    """A group admin picks the school to copy into; the copy itself is that school's page."""
    schools = {school.slug: school for school in group_schools(group=group)}
    target = schools.get(request.GET.get("target", ""))
    if target is not None:
        query = {key: request.GET[key] for key in ("source", "task") if request.GET.get(key)}
        return redirect(_copy_url(target, **query))
    return redirect("sharing:group", group_slug=group.slug)
