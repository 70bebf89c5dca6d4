"""The team overview and its people."""

from __future__ import annotations

from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from schools.access import CAN_EDIT_TEAM
from schools.access import Owner
from schools.access import owner_view
from schools.access import require_role
from schools.models import School
from teams.forms import PersonForm
from teams.selectors import person_profile
from teams.selectors import team_page
from teams.services import person_create
from teams.services import person_delete
from teams.services import person_update
from teams.views.common import _confirm_delete
from teams.views.common import _context
from teams.views.common import _form_page
from teams.views.common import _group_url
from teams.views.common import _own_person_or_404
from teams.views.common import _team_person_or_404
from teams.views.common import _team_url


@owner_view()
def overview(request: HttpRequest, school: School) -> HttpResponse:
    people, health = team_page(school=school)
    return render(
        request,
        "teams/overview.html",
        _context(
            request,
            school,
            people=people,
            health=health,
            # Health has read the school's assignments and the team's tasks: no query of
            # its own for the mandates to approve, nor to see if there are any tasks.
            pending=health.unapproved,
            has_tasks=health.task_count > 0,
        ),
    )


@owner_view()
def person_add(request: HttpRequest, school: School) -> HttpResponse:
    require_role(request.user, school, CAN_EDIT_TEAM)
    form = PersonForm(request.POST or None)
    return _form_page(
        request,
        form,
        save=lambda: person_create(school=school, user=request.user, **form.service_kwargs()),
        success=lambda person: _("Added %(name)s to the team.") % {"name": person.name},
        next_url=lambda person: _team_url(school, "person_detail", pk=person.pk),
        template="teams/person_form.html",
        context=_context(request, school),
    )


@owner_view()
def person_detail(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    person = _team_person_or_404(request, school, pk)
    return render(
        request,
        "teams/person_detail.html",
        _context(
            request, school, person=person, profile=person_profile(school=school, person=person)
        ),
    )


@owner_view()
def person_edit(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    # Group-level people are edited on their group's page, not in one school.
    person = _own_person_or_404(request, school, pk)
    require_role(request.user, school, CAN_EDIT_TEAM)
    form = PersonForm(request.POST or None, instance=person)
    return _form_page(
        request,
        form,
        save=lambda: person_update(
            person=person, user=request.user, version=form.loaded_version, **form.service_kwargs()
        ),
        rebind=lambda data, p: PersonForm(data, instance=p),
        success=lambda _saved: _("Saved %(name)s.") % {"name": person.name},
        next_url=lambda _saved: _team_url(school, "person_detail", pk=person.pk),
        template="teams/person_form.html",
        context=_context(request, school, person=person),
    )


@owner_view()
def person_remove(request: HttpRequest, owner: Owner, pk: int) -> HttpResponse:
    """A school's person leaves its team; a group-level person leaves the group, and so
    the team of every school of the group."""
    person = _own_person_or_404(request, owner, pk)
    if isinstance(owner, School):
        consequence = _("Their assignments end; tasks they backed up lose that backup.")
        cancel_url, next_url = _team_url(owner, "person_detail", pk=person.pk), _team_url(owner)
        success = _("Removed %(name)s from the team.")
    else:
        consequence = _("Their assignments end in every school of the group.")
        cancel_url = next_url = _group_url(owner)
        success = _("Removed %(name)s.")
    return _confirm_delete(
        request,
        owner,
        object_name=person.name,
        consequence=consequence,
        cancel_url=cancel_url,
        delete=lambda: person_delete(person=person, user=request.user),
        success=success % {"name": person.name},
        next_url=next_url,
    )
