"""What the team pages share: their URLs, their context, service errors on forms, and
the team person lookup."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from schools.access import CAN_EDIT_TEAM, CAN_MANAGE, get_school_object_or_404, has_role
from schools.models import School
from teams.models import Person, PersonSchool


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


def _form_errors(form, error: ValidationError) -> None:
    """Put a service's validation error on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


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
