"""Group-level people (the group's consultation groups share the school's pages,
``teams.views.consultation``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from schools.access import CAN_EDIT_TEAM
from schools.access import owner_view
from schools.access import require_role
from schools.models import SchoolGroup
from teams.forms import GroupPersonForm
from teams.models import Person
from teams.models import PersonSchool
from teams.selectors import group_consultation_groups
from teams.selectors import group_people
from teams.services import person_create
from teams.services import person_update
from teams.views.common import _form_page
from teams.views.common import _group_context
from teams.views.common import _group_url
from teams.views.common import _own_person_or_404


@owner_view()
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


@owner_view()
def group_person_edit(
    request: HttpRequest, group: SchoolGroup, pk: int | None = None
) -> HttpResponse:
    person = _own_person_or_404(request, group, pk) if pk is not None else None
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
