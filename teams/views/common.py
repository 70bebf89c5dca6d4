"""What the team pages share: their URLs, their context, service errors on forms, and
the team person lookup."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from schools.access import (
    CAN_EDIT_TEAM,
    CAN_MANAGE,
    get_group_or_404,
    get_school_object_or_404,
    get_school_or_404,
    has_role,
)
from schools.concurrency import Conflict, rebound
from schools.models import School
from teams.models import ConsultationGroup, Person, PersonSchool
from teams.selectors import mandates_of
from teams.services import (
    consultation_group_create,
    consultation_group_delete,
    consultation_group_update,
)


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
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except Conflict as conflict:
            form = rebound(form, conflict, rebind)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, success(saved))
            return redirect(next_url(saved))
    return render(request, template, {**context, "form": form})


def _confirm_delete(
    request: HttpRequest,
    *,
    template: str,
    context: dict,
    delete: Callable[[], object],
    success: str,
    next_url: str,
) -> HttpResponse:
    """A removal page: the question on GET, the removal through its service on POST."""
    if request.method == "POST":
        delete()
        messages.success(request, success)
        return redirect(next_url)
    return render(request, template, context)


def _consultation_group_page(
    request: HttpRequest,
    form,
    instance: ConsultationGroup | None,
    *,
    owner: dict,
    rebind: Callable[[object, object], object],
    next_url: str,
    template: str,
    context: dict,
) -> HttpResponse:
    """The page of a school's or a group's consultation group (``owner`` names which)."""

    def save() -> object:
        if instance is None:
            return consultation_group_create(user=request.user, **owner, **form.cleaned_data)
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
        rebind=rebind,
        success=lambda _saved: _("Saved “%(name)s”.") % {"name": form.cleaned_data["name"]},
        next_url=lambda _saved: next_url,
        template=template,
        context={**context, "instance": instance},
    )


def _remove_consultation_group(
    request: HttpRequest,
    instance: ConsultationGroup,
    *,
    template: str,
    context: dict,
    cancel_url: str,
    next_url: str,
) -> HttpResponse:
    return _confirm_delete(
        request,
        template=template,
        context={
            **context,
            "object_name": instance.name,
            "consequence": "",
            "cancel_url": cancel_url,
        },
        delete=lambda: consultation_group_delete(consultation_group=instance, user=request.user),
        success=_("Removed “%(name)s”.") % {"name": instance.name},
        next_url=next_url,
    )


def school_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Hands the view the school of the URL, resolved through ``get_school_or_404`` (a
    404 alike for a missing school and another's); the view checks roles itself, after
    its objects, so a missing or foreign object stays a 404 for every role."""

    @wraps(view)
    def resolved(request: HttpRequest, school_slug: str, **kwargs: object) -> HttpResponse:
        return view(request, get_school_or_404(request.user, school_slug), **kwargs)

    return resolved


def group_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """``school_page`` for the group-level pages: the school group of the URL."""

    @wraps(view)
    def resolved(request: HttpRequest, group_slug: str, **kwargs: object) -> HttpResponse:
        return view(request, get_group_or_404(request.user, group_slug), **kwargs)

    return resolved
