"""Consultation groups and agreements of a school."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from schools.access import CAN_EDIT_TEAM, get_school_object_or_404, get_school_or_404, require_role
from schools.concurrency import Conflict, rebound
from schools.models import School
from teams.forms import AgreementForm, ConsultationGroupForm
from teams.models import Agreement, ConsultationGroup
from teams.selectors import agreements, consultation_groups, team_people
from teams.services import (
    agreement_create,
    agreement_delete,
    agreement_update,
    consultation_group_create,
    consultation_group_delete,
    consultation_group_update,
)
from teams.views.common import _context, _form_errors, _team_url


@login_required
def consultation(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    return render(
        request,
        "teams/consultation.html",
        _context(
            request,
            school,
            consultation_groups=consultation_groups(school=school),
            agreements=agreements(school=school),
        ),
    )


def _consultation_or_404(request: HttpRequest, school: School, pk: int) -> ConsultationGroup:
    return get_school_object_or_404(
        request.user, ConsultationGroup.objects.filter(school=school), pk=pk
    )


@login_required
def consultation_edit(
    request: HttpRequest, school_slug: str, pk: int | None = None
) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    instance = _consultation_or_404(request, school, pk) if pk is not None else None
    require_role(request.user, school, CAN_EDIT_TEAM)
    people = [m.person for m in team_people(school=school)]
    form = ConsultationGroupForm(request.POST or None, people=people, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            if instance is None:
                consultation_group_create(school=school, user=request.user, **form.cleaned_data)
            else:
                consultation_group_update(
                    consultation_group=instance,
                    user=request.user,
                    version=form.loaded_version,
                    **form.cleaned_data,
                )
        except Conflict as conflict:
            form = rebound(
                form,
                conflict,
                lambda data, c: ConsultationGroupForm(data, people=people, instance=c),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": form.cleaned_data["name"]})
            return redirect(_team_url(school, "consultation"))
    return render(
        request,
        "teams/consultation_form.html",
        _context(request, school, form=form, instance=instance),
    )


@login_required
def consultation_remove(request: HttpRequest, school_slug: str, pk: int) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    instance = _consultation_or_404(request, school, pk)
    require_role(request.user, school, CAN_EDIT_TEAM)
    if request.method == "POST":
        consultation_group_delete(consultation_group=instance, user=request.user)
        messages.success(request, _("Removed “%(name)s”.") % {"name": instance.name})
        return redirect(_team_url(school, "consultation"))
    return render(
        request,
        "teams/confirm_delete.html",
        _context(
            request,
            school,
            object_name=instance.name,
            consequence="",
            cancel_url=_team_url(school, "consultation"),
        ),
    )


def _agreement_or_404(request: HttpRequest, school: School, pk: int) -> Agreement:
    return get_school_object_or_404(request.user, Agreement.objects.filter(school=school), pk=pk)


@login_required
def agreement_edit(request: HttpRequest, school_slug: str, pk: int | None = None) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    instance = _agreement_or_404(request, school, pk) if pk is not None else None
    require_role(request.user, school, CAN_EDIT_TEAM)
    form = AgreementForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("kind", "text", "in_place")}
        try:
            if instance is None:
                agreement_create(school=school, user=request.user, **data)
            else:
                agreement_update(
                    agreement=instance, user=request.user, version=form.loaded_version, **data
                )
        except Conflict as conflict:
            form = rebound(form, conflict, lambda data, a: AgreementForm(data, instance=a))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved the agreement."))
            return redirect(_team_url(school, "consultation") + "#agreements")
    return render(
        request,
        "teams/agreement_form.html",
        _context(request, school, form=form, instance=instance),
    )


@login_required
def agreement_remove(request: HttpRequest, school_slug: str, pk: int) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    instance = _agreement_or_404(request, school, pk)
    require_role(request.user, school, CAN_EDIT_TEAM)
    if request.method == "POST":
        agreement_delete(agreement=instance, user=request.user)
        messages.success(request, _("Removed the agreement."))
        return redirect(_team_url(school, "consultation") + "#agreements")
    return render(
        request,
        "teams/confirm_delete.html",
        _context(
            request,
            school,
            object_name=str(instance),
            consequence="",
            cancel_url=_team_url(school, "consultation"),
        ),
    )
