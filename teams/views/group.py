"""Group-level people and consultation groups."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from schools.access import (
    CAN_EDIT_TEAM,
    get_school_object_or_404,
    has_role,
    require_role,
)
from schools.models import SchoolGroup
from teams.forms import ConsultationGroupForm, GroupPersonForm
from teams.models import ConsultationGroup, Person, PersonSchool
from teams.selectors import group_consultation_groups, group_consultation_people, group_people
from teams.services import (
    person_create,
    person_delete,
    person_update,
)
from teams.views.common import (
    _confirm_delete,
    _consultation_group_page,
    _form_page,
    _remove_consultation_group,
    group_page,
)


def _group_context(request: HttpRequest, group: SchoolGroup, **extra: object) -> dict:
    return {
        "group": group,
        "section": "people",
        "can_edit": has_role(request.user, group, CAN_EDIT_TEAM),
        **extra,
    }


def _group_url(group: SchoolGroup) -> str:
    return reverse("teams:group_people", kwargs={"group_slug": group.slug})


@login_required
@group_page
def group_people_view(request: HttpRequest, group: SchoolGroup) -> HttpResponse:
    return render(
        request,
        "teams/group_people.html",
        _group_context(
            request,
            group,
            people=group_people(group_id=group.pk),
            consultation_groups=group_consultation_groups(group_id=group.pk),
        ),
    )


def _group_consultation_or_404(
    request: HttpRequest, group: SchoolGroup, pk: int
) -> ConsultationGroup:
    return get_school_object_or_404(
        request.user, ConsultationGroup.objects.filter(group=group), pk=pk
    )


@login_required
@group_page
def group_consultation_edit(
    request: HttpRequest, group: SchoolGroup, pk: int | None = None
) -> HttpResponse:
    instance = _group_consultation_or_404(request, group, pk) if pk is not None else None
    require_role(request.user, group, CAN_EDIT_TEAM)
    people = group_consultation_people(group_id=group.pk)

    def _group_consultation_form(data, consultation):
        form = ConsultationGroupForm(data, people=people, instance=consultation)
        form.fields["members"].choices = [
            (p.pk, f"{p.name} · {p.school.name if p.school_id else group.name}") for p in people
        ]
        return form

    return _consultation_group_page(
        request,
        _group_consultation_form(request.POST or None, instance),
        instance,
        owner={"group": group},
        rebind=_group_consultation_form,
        next_url=_group_url(group) + "#consultation",
        template="teams/group_consultation_form.html",
        context=_group_context(request, group),
    )


@login_required
@group_page
def group_consultation_remove(request: HttpRequest, group: SchoolGroup, pk: int) -> HttpResponse:
    instance = _group_consultation_or_404(request, group, pk)
    require_role(request.user, group, CAN_EDIT_TEAM)
    return _remove_consultation_group(
        request,
        instance,
        template="teams/group_confirm_delete.html",
        context=_group_context(request, group),
        cancel_url=_group_url(group),
        next_url=_group_url(group) + "#consultation",
    )


@login_required
@group_page
def group_person_edit(
    request: HttpRequest, group: SchoolGroup, pk: int | None = None
) -> HttpResponse:
    person = (
        get_school_object_or_404(request.user, Person.objects.filter(group=group), pk=pk)
        if pk is not None
        else None
    )
    require_role(request.user, group, CAN_EDIT_TEAM)
    schools = list(group.schools.order_by("name"))
    shares = (
        dict(PersonSchool.objects.filter(person=person).values_list("school_id", "hours"))
        if person
        else {}
    )
    form = GroupPersonForm(request.POST or None, instance=person, schools=schools, shares=shares)

    def save() -> Person:
        kwargs = {**form.service_kwargs(), "school_shares": form.school_shares()}
        if person is None:
            return person_create(group=group, user=request.user, **kwargs)
        person_update(person=person, user=request.user, version=form.loaded_version, **kwargs)
        return person

    return _form_page(
        request,
        form,
        save=save,
        rebind=lambda data, p: GroupPersonForm(
            data,
            instance=p,
            schools=schools,
            shares=dict(PersonSchool.objects.filter(person=p).values_list("school_id", "hours")),
        ),
        success=lambda saved: _("Saved %(name)s.") % {"name": saved.name},
        next_url=lambda _saved: _group_url(group),
        template="teams/group_person_form.html",
        context=_group_context(request, group, person=person),
    )


@login_required
@group_page
def group_person_remove(request: HttpRequest, group: SchoolGroup, pk: int) -> HttpResponse:
    person = get_school_object_or_404(request.user, Person.objects.filter(group=group), pk=pk)
    require_role(request.user, group, CAN_EDIT_TEAM)
    return _confirm_delete(
        request,
        template="teams/group_confirm_delete.html",
        context=_group_context(
            request,
            group,
            object_name=person.name,
            consequence=_("Their assignments end in every school of the group."),
            cancel_url=_group_url(group),
        ),
        delete=lambda: person_delete(person=person, user=request.user),
        success=_("Removed %(name)s.") % {"name": person.name},
        next_url=_group_url(group),
    )
