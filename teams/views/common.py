"""What the team pages share: their URLs, their context, service errors on forms, and
the team person lookup."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse

from schools.access import CAN_EDIT_TEAM
from schools.access import CAN_MANAGE
from schools.access import Owner
from schools.access import get_school_object_or_404
from schools.access import has_role
from schools.access import owner_kwargs
from schools.access import require_role
from schools.concurrency import save_or_rebind
from schools.models import School
from schools.models import SchoolGroup
from tasks.models import ListTask
from teams.models import Person
from teams.models import PersonSchool
from teams.selectors import mandates_of


def _team_url(school: School, name: str = "overview", **kwargs: object) -> str:
    return reverse(f"teams:{name}", kwargs={"school_slug": school.slug, **kwargs})


def _context(request: HttpRequest, school: School, **extra: object) -> dict:
    return {
        "school": school,
        "section": "team",
        "can_edit": has_role(request.user, school, CAN_EDIT_TEAM),
        "can_approve": has_role(request.user, school, CAN_MANAGE),
        **extra,
    }


def _entry_context(request: HttpRequest, school: School, entry: ListTask, **extra: object) -> dict:
    """The context of a page about one task of the school's list: the entry and its task."""
    return _context(request, school, entry=entry, task=entry.task, **extra)


def _form_errors(form, error: ValidationError) -> None:
    """Put a service's validation error on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _own_person_or_404(request: HttpRequest, owner: Owner, pk: int) -> Person:
    """A person the school or the group has as its own: the pages that edit or remove a
    person are the owner's; a group-level person serving a school is not the school's."""
    return get_school_object_or_404(
        request.user, Person.objects.filter(**owner_kwargs(owner)), pk=pk
    )


def _team_person_or_404(request: HttpRequest, school: School, pk: int) -> Person:
    """A person of the school's team: the school's own, or a group-level person serving it."""
    own = Person.objects.filter(school=school, pk=pk)
    if own.exists():
        return get_school_object_or_404(request.user, own, pk=pk)
    share = get_school_object_or_404(
        request.user,
        PersonSchool.objects.filter(school=school).select_related("person__group"),
        person_id=pk,
    )
    return share.person


def _mandate_data(data: dict) -> dict:
    """A mandate form's mandates, backup and hours, as the services take them (no hours
    given is none)."""
    return {
        **mandates_of(data),
        "backup": data["backup"],
        "hours": data["hours"] if data["hours"] is not None else Decimal("0"),
    }


def _form_page(
    request: HttpRequest,
    form,
    *,
    save: Callable[[], object],
    rebind: Callable[[object, object], object] | None = None,
    success: Callable[[object], str],
    next_url: Callable[[object], str],
    template: str,
    context: dict,
) -> HttpResponse:
    """A form page that saves through its service: on a valid POST the service saves, then
    a message and a redirect; a conflict (someone saved meanwhile) binds the form again on
    the row as it is now, and a validation error lands on the form, both shown again."""
    if request.method == "POST":
        form, saved, result = save_or_rebind(form, save, rebind, invalid=_form_errors)
        if saved:
            messages.success(request, success(result))
            return redirect(next_url(result))
    return render(request, template, {**context, "form": form})


def _confirm_delete(
    request: HttpRequest,
    owner: Owner,
    *,
    object_name: str,
    consequence: str,
    cancel_url: str,
    delete: Callable[[], object],
    success: str,
    next_url: str,
) -> HttpResponse:
    """A removal page of the team's editors: the question on GET, the removal through its
    service on POST; a school's among its team pages, a group's among the group's people."""
    require_role(request.user, owner, CAN_EDIT_TEAM)
    if request.method == "POST":
        delete()
        messages.success(request, success)
        return redirect(next_url)
    question = {"object_name": object_name, "consequence": consequence, "cancel_url": cancel_url}
    if isinstance(owner, School):
        return render(request, "teams/confirm_delete.html", _context(request, owner, **question))
    return render(
        request, "teams/group_confirm_delete.html", _group_context(request, owner, **question)
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
