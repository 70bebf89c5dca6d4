"""Group-level people and consultation groups."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from schools.access import (
    CAN_EDIT_TEAM,
    get_group_or_404,
    get_school_object_or_404,
    has_role,
    require_role,
)
from schools.concurrency import Conflict, rebound
from schools.models import SchoolGroup
from teams.forms import ConsultationGroupForm, GroupPersonForm
from teams.models import ConsultationGroup, Person, PersonSchool
from teams.selectors import group_consultation_groups, group_consultation_people, group_people
from teams.services import (
    consultation_group_create,
    consultation_group_delete,
    consultation_group_update,
    person_create,
    person_delete,
    person_update,
)
from teams.views.common import _form_errors


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
def group_people_view(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = get_group_or_404(request.user, group_slug)
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
def group_consultation_edit(
    request: HttpRequest, group_slug: str, pk: int | None = None
) -> HttpResponse:
    group = get_group_or_404(request.user, group_slug)
    instance = _group_consultation_or_404(request, group, pk) if pk is not None else None
    require_role(request.user, group, CAN_EDIT_TEAM)
    people = group_consultation_people(group_id=group.pk)

    def _group_consultation_form(data, consultation):
        form = ConsultationGroupForm(data, people=people, instance=consultation)
        form.fields["members"].choices = [
            (p.pk, f"{p.name} · {p.school.name if p.school_id else group.name}") for p in people
        ]
        return form

    form = _group_consultation_form(request.POST or None, instance)
    if request.method == "POST" and form.is_valid():
        try:
            if instance is None:
                consultation_group_create(group=group, user=request.user, **form.cleaned_data)
            else:
                consultation_group_update(
                    consultation_group=instance,
                    user=request.user,
                    version=form.loaded_version,
                    **form.cleaned_data,
                )
        except Conflict as conflict:
            form = rebound(form, conflict, lambda data, c: _group_consultation_form(data, c))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": form.cleaned_data["name"]})
            return redirect(_group_url(group) + "#consultation")
    return render(
        request,
        "teams/group_consultation_form.html",
        _group_context(request, group, form=form, instance=instance),
    )


@login_required
def group_consultation_remove(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = get_group_or_404(request.user, group_slug)
    instance = _group_consultation_or_404(request, group, pk)
    require_role(request.user, group, CAN_EDIT_TEAM)
    if request.method == "POST":
        consultation_group_delete(consultation_group=instance, user=request.user)
        messages.success(request, _("Removed “%(name)s”.") % {"name": instance.name})
        return redirect(_group_url(group) + "#consultation")
    return render(
        request,
        "teams/group_confirm_delete.html",
        _group_context(
            request,
            group,
            object_name=instance.name,
            consequence="",
            cancel_url=_group_url(group),
        ),
    )


@login_required
def group_person_edit(request: HttpRequest, group_slug: str, pk: int | None = None) -> HttpResponse:
    group = get_group_or_404(request.user, group_slug)
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
    if request.method == "POST" and form.is_valid():
        kwargs = {**form.service_kwargs(), "school_shares": form.school_shares()}
        try:
            if person is None:
                person = person_create(group=group, user=request.user, **kwargs)
            else:
                person_update(
                    person=person, user=request.user, version=form.loaded_version, **kwargs
                )
        except Conflict as conflict:
            form = rebound(
                form,
                conflict,
                lambda data, p: GroupPersonForm(
                    data,
                    instance=p,
                    schools=schools,
                    shares=dict(
                        PersonSchool.objects.filter(person=p).values_list("school_id", "hours")
                    ),
                ),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": person.name})
            return redirect(_group_url(group))
    return render(
        request,
        "teams/group_person_form.html",
        _group_context(request, group, form=form, person=person),
    )


@login_required
def group_person_remove(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = get_group_or_404(request.user, group_slug)
    person = get_school_object_or_404(request.user, Person.objects.filter(group=group), pk=pk)
    require_role(request.user, group, CAN_EDIT_TEAM)
    if request.method == "POST":
        name = person.name
        person_delete(person=person, user=request.user)
        messages.success(request, _("Removed %(name)s.") % {"name": name})
        return redirect(_group_url(group))
    return render(
        request,
        "teams/group_confirm_delete.html",
        _group_context(
            request,
            group,
            object_name=person.name,
            consequence=_("Their assignments end in every school of the group."),
            cancel_url=_group_url(group),
        ),
    )
