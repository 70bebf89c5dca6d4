"""Who may reach what in the admin: the tenant checks of a form (an object and the objects
it names belong to one school or group), the raw-id widget and the 404 for objects outside
the user's scope (``NotFoundOutsideScope``), and whether the request's user uses the admin
at all, asked once a request.
"""

from __future__ import annotations

from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError
from django.db.models import DateTimeField
from django.db.models import Model
from django.db.models import QuerySet
from django.http import Http404
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.access import follow_path
from schools.access import is_admin_user
from schools.access import object_owner
from schools.access import owner_visible
from schools.access import owners_conflict
from schools.fields import FORMFIELD_OVERRIDES
from schools.models import School
from schools.models import SchoolGroup

ACTION_CHECKBOX_LABEL = "Select this object for an action - {}"


def _is_tenant_model(model: type[Model]) -> bool:
    return model in (School, SchoolGroup) or bool(
        getattr(model, "tenant_school_path", None) or getattr(model, "tenant_group_path", None)
    )


def _owner_from_form(instance: Model, cleaned_data: dict) -> School | SchoolGroup | None:
    """The owner an object will have once the form's values are saved."""
    if isinstance(instance, School | SchoolGroup):
        return None
    for attribute in ("tenant_school_path", "tenant_group_path"):
        path = getattr(instance, attribute, None)
        if not path:
            continue
        first, _sep, rest = path.partition("__")
        value = cleaned_data[first] if first in cleaned_data else getattr(instance, first, None)
        owner = follow_path(value, rest) if (value is not None and rest) else value
        if owner is not None:
            return owner
    return None


def check_same_tenant(instance: Model, cleaned_data: dict) -> dict[str, str]:
    """Errors by field for related objects that belong to another school or group."""
    owner = _owner_from_form(instance, cleaned_data)
    if owner is None:
        return {}
    errors = {}
    for name, value in cleaned_data.items():
        try:
            field = instance._meta.get_field(name)
        except Exception:  # a form-only field
            continue
        if not field.is_relation or not _is_tenant_model(field.related_model):
            continue
        # The owner's own school or group field is the owner itself.
        if value is owner:
            continue
        values = list(value) if field.many_to_many else [value]
        for related in values:
            if related is not None and owners_conflict(owner, object_owner(related)):
                errors[name] = _("“%(object)s” belongs to another school or group.") % {
                    "object": related
                }
                break
    return errors


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, each with its accessible name.

    Django's split widget prints "Date:" and "Time:" as plain text and its field label
    points at neither input (a label for two inputs cannot), so a screen reader finds two
    unnamed inputs (WCAG 1.3.1, 4.1.2).
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(
            context["widget"]["subwidgets"],
            (gettext_lazy("Date"), gettext_lazy("Time")),
            strict=True,
        ):
            subwidget["attrs"]["aria-label"] = label
        return context


ADMIN_FORMFIELD_OVERRIDES = {
    **FORMFIELD_OVERRIDES,
    DateTimeField: {"widget": LabelledSplitDateTime},
}


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id field that names the object of an id only when the user may see it."""

    scoped_queryset: QuerySet

    def label_and_url_for_value(self, value):
        try:
            visible = self.scoped_queryset.filter(pk=value).exists()
        except (ValueError, TypeError, ValidationError):
            visible = False
        return super().label_and_url_for_value(value) if visible else ("", "")


class NotFoundOutsideScope:
    """Change, delete and history pages answer 404 for objects outside the user's scope.

    Django's admin redirects to its index with a message for a missing object; here a
    missing object and another group's object both answer 404, as everywhere else.
    """

    def _object_or_404(self, request: HttpRequest, object_id: str) -> Model:
        to_field = request.POST.get(TO_FIELD_VAR, request.GET.get(TO_FIELD_VAR))
        if to_field and not self.to_field_allowed(request, to_field):
            to_field = None
        obj = self.get_object(request, unquote(object_id), to_field)
        if obj is None:
            raise Http404(_("No such page."))
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._object_or_404(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._object_or_404(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        # The page names the object in its title and breadcrumbs: read with what its
        # name needs (``TenantAdmin.get_queryset``), not a query per related object.
        request._tenant_history = True
        request._tenant_history_id = unquote(object_id)
        try:
            found = self._object_or_404(request, object_id)
        except Http404:
            # A deleted object keeps its history: shown to those who could see it.
            if not self._deleted_in_scope(request, object_id):
                raise
        else:
            # simple_history reads the object again by its id: it is handed this one.
            request._tenant_history_object = found
        try:
            return super().history_view(request, object_id, extra_context)
        finally:
            request.__dict__.pop("_tenant_history_object", None)
            request.__dict__.pop("_tenant_history_id", None)
            request.__dict__.pop("_tenant_history_loaded", None)

    def _deleted_in_scope(self, request: HttpRequest, object_id: str) -> bool:
        history = getattr(self.model, "history", None)
        if history is None:
            return False
        try:
            # The historical model's own pk is history_id: look up the original pk field.
            lookup = {self.model._meta.pk.attname: unquote(object_id)}
            record = history.filter(**lookup).latest("history_date")
        except (history.model.DoesNotExist, ValueError, ValidationError):
            return False
        return owner_visible(request.user, object_owner(record.instance))


def _admin_user(request: HttpRequest) -> bool:
    """``is_admin_user`` for the request's user, answered once a request.

    The app list asks every registered admin four or five permissions (about ninety
    calls a page), each the same question about the same user.
    """
    user = request.user
    cached = getattr(request, "_tenant_admin_user", None)
    if cached is not None and cached[0] is user:
        return cached[1]
    answer = is_admin_user(user)
    request._tenant_admin_user = (user, answer)
    return answer


def keeps_own(model_admin: object, name: str) -> bool:
    """Whether the model's admin is a ``TenantAdmin`` that keeps that class's own method
    ``name`` (its ``get_queryset``, its ``action_checkbox``) rather than one of its own:
    the changelist, its rows and its filters take their quick ways only then."""
    keeps = getattr(model_admin, "keeps", None)
    return keeps is not None and keeps(name)
