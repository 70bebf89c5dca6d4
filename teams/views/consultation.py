"""Consultation groups (of a school or of a school group) and agreements of a school."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from schools.access import CAN_EDIT_TEAM
from schools.access import Owner
from schools.access import get_school_object_or_404
from schools.access import owner_kwargs
from schools.access import owner_view
from schools.access import require_role
from schools.models import School
from teams.forms import AgreementForm
from teams.forms import ConsultationGroupForm
from teams.models import Agreement
from teams.models import ConsultationGroup
from teams.selectors import agreements
from teams.selectors import consultation_groups
from teams.selectors import group_consultation_people
from teams.selectors import team_people
from teams.services import agreement_create
from teams.services import agreement_delete
from teams.services import agreement_update
from teams.services import consultation_group_create
from teams.services import consultation_group_delete
from teams.services import consultation_group_update
from teams.views.common import _confirm_delete
from teams.views.common import _context
from teams.views.common import _form_page
from teams.views.common import _group_context
from teams.views.common import _group_url
from teams.views.common import _team_url


@owner_view()
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


@dataclass(frozen=True)
class _Place:
    """Where the pages of a consultation group stand: a school's among its team pages,
    back on its consultation page; a group's among the group's people, with templates of
    their own (``teams/group_*``)."""

    context: dict
    templates: str
    cancel_url: str
    next_url: str


def _place(request: HttpRequest, owner: Owner) -> _Place:
    if isinstance(owner, School):
        url = _team_url(owner, "consultation")
        return _Place(_context(request, owner), "teams/", cancel_url=url, next_url=url)
    url = _group_url(owner)
    return _Place(
        _group_context(request, owner),
        "teams/group_",
        cancel_url=url,
        next_url=f"{url}#consultation",
    )


def _consultation_or_404(request: HttpRequest, owner: Owner, pk: int) -> ConsultationGroup:
    return get_school_object_or_404(
        request.user, ConsultationGroup.objects.filter(**owner_kwargs(owner)), pk=pk
    )


def _consultation_form(owner: Owner) -> Callable[..., ConsultationGroupForm]:
    """The form of the owner's consultation groups: a school's members are its team; a
    group's come from every school of the group, so each says where they work."""
    if isinstance(owner, School):
        people = [m.person for m in team_people(school=owner)]
        return partial(ConsultationGroupForm, people=people)
    people = group_consultation_people(group_id=owner.pk)

    def group_form(data, instance: ConsultationGroup | None) -> ConsultationGroupForm:
        form = ConsultationGroupForm(data, people=people, instance=instance)
        form.fields["members"].choices = [
            (p.pk, f"{p.name} · {p.school.name if p.school_id else owner.name}") for p in people
        ]
        return form

    return group_form


@owner_view()
def consultation_edit(request: HttpRequest, owner: Owner, pk: int | None = None) -> HttpResponse:
    instance = _consultation_or_404(request, owner, pk) if pk is not None else None
    require_role(request.user, owner, CAN_EDIT_TEAM)
    place = _place(request, owner)
    consultation_form = _consultation_form(owner)
    form = consultation_form(request.POST or None, instance=instance)

    def save() -> object:
        if instance is None:
            return consultation_group_create(
                user=request.user, **owner_kwargs(owner), **form.cleaned_data
            )
        return consultation_group_update(
            consultation_group=instance,
            user=request.user,
            version=form.loaded_version,
            **form.cleaned_data,
        )

    return _form_page(
        request,
        form,
        save=save,
        rebind=lambda data, current: consultation_form(data, instance=current),
        success=lambda _saved: _("Saved “%(name)s”.") % {"name": form.cleaned_data["name"]},
        next_url=lambda _saved: place.next_url,
        template=f"{place.templates}consultation_form.html",
        context={**place.context, "instance": instance},
    )


@owner_view()
def consultation_remove(request: HttpRequest, owner: Owner, pk: int) -> HttpResponse:
    instance = _consultation_or_404(request, owner, pk)
    place = _place(request, owner)
    return _confirm_delete(
        request,
        owner,
        object_name=instance.name,
        consequence="",
        cancel_url=place.cancel_url,
        delete=lambda: consultation_group_delete(consultation_group=instance, user=request.user),
        success=_("Removed “%(name)s”.") % {"name": instance.name},
        next_url=place.next_url,
    )


def _agreement_or_404(request: HttpRequest, school: School, pk: int) -> Agreement:
    return get_school_object_or_404(request.user, Agreement.objects.filter(school=school), pk=pk)


@owner_view()
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


@owner_view()
def agreement_remove(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    instance = _agreement_or_404(request, school, pk)
    return _confirm_delete(
        request,
        school,
        object_name=str(instance),
        consequence="",
        cancel_url=_team_url(school, "consultation"),
        delete=lambda: agreement_delete(agreement=instance, user=request.user),
        success=_("Removed the agreement."),
        next_url=_team_url(school, "consultation") + "#agreements",
    )
