"""Consultation groups and agreements of a school."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from schools.access import CAN_EDIT_TEAM, get_school_object_or_404, require_role
from schools.models import School
from teams.forms import AgreementForm, ConsultationGroupForm
from teams.models import Agreement, ConsultationGroup
from teams.selectors import agreements, consultation_groups, team_people
from teams.services import (
    agreement_create,
    agreement_delete,
    agreement_update,
)
from teams.views.common import (
    _confirm_delete,
    _consultation_group_page,
    _context,
    _form_page,
    _remove_consultation_group,
    _team_url,
    school_page,
)


@login_required
@school_page
def consultation(request: HttpRequest, school: School) -> HttpResponse:
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
@school_page
def consultation_edit(request: HttpRequest, school: School, pk: int | None = None) -> HttpResponse:
    instance = _consultation_or_404(request, school, pk) if pk is not None else None
    require_role(request.user, school, CAN_EDIT_TEAM)
    people = [m.person for m in team_people(school=school)]
    form = ConsultationGroupForm(request.POST or None, people=people, instance=instance)
    return _consultation_group_page(
        request,
        form,
        instance,
        owner={"school": school},
        rebind=lambda data, c: ConsultationGroupForm(data, people=people, instance=c),
        next_url=_team_url(school, "consultation"),
        template="teams/consultation_form.html",
        context=_context(request, school),
    )


@login_required
@school_page
def consultation_remove(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    instance = _consultation_or_404(request, school, pk)
    require_role(request.user, school, CAN_EDIT_TEAM)
    return _remove_consultation_group(
        request,
        instance,
        template="teams/confirm_delete.html",
        context=_context(request, school),
        cancel_url=_team_url(school, "consultation"),
        next_url=_team_url(school, "consultation"),
    )


def _agreement_or_404(request: HttpRequest, school: School, pk: int) -> Agreement:
    return get_school_object_or_404(request.user, Agreement.objects.filter(school=school), pk=pk)


@login_required
@school_page
def agreement_edit(request: HttpRequest, school: School, pk: int | None = None) -> HttpResponse:
    instance = _agreement_or_404(request, school, pk) if pk is not None else None
    require_role(request.user, school, CAN_EDIT_TEAM)
    form = AgreementForm(request.POST or None, instance=instance)

    def save() -> object:
        data = {name: form.cleaned_data[name] for name in ("kind", "text", "in_place")}
        if instance is None:
            return agreement_create(school=school, user=request.user, **data)
        return agreement_update(
            agreement=instance, user=request.user, version=form.loaded_version, **data
        )

    return _form_page(
        request,
        form,
        save=save,
        rebind=lambda data, a: AgreementForm(data, instance=a),
        success=lambda _saved: _("Saved the agreement."),
        next_url=lambda _saved: _team_url(school, "consultation") + "#agreements",
        template="teams/agreement_form.html",
        context=_context(request, school, instance=instance),
    )


@login_required
@school_page
def agreement_remove(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    instance = _agreement_or_404(request, school, pk)
    require_role(request.user, school, CAN_EDIT_TEAM)
    return _confirm_delete(
        request,
        template="teams/confirm_delete.html",
        context=_context(
            request,
            school,
            object_name=str(instance),
            consequence="",
            cancel_url=_team_url(school, "consultation"),
        ),
        delete=lambda: agreement_delete(agreement=instance, user=request.user),
        success=_("Removed the agreement."),
        next_url=_team_url(school, "consultation") + "#agreements",
    )
