"""Fields every app shares: form fields for input no form may turn into a server error,
and the model field that records who did something."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SafeJSONField(forms.JSONField):
    """Django's JSONField refusing every unreadable value with a form error.

    ``json.loads`` raises a plain ValueError (not a JSONDecodeError) for a number of
    more than 4,300 digits, which Django's field lets through as a server error.
    """

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValueError as error:
            if isinstance(error, forms.ValidationError):
                raise
            raise forms.ValidationError(
                _("Enter a valid JSON value."), code="invalid", params={"value": value}
            ) from error

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except ValueError:
            return forms.fields.InvalidJSONInput(data)

    def has_changed(self, initial, data) -> bool:
        try:
            return super().has_changed(initial, data)
        except ValueError:
            return True


def optional_link(
    to: type[models.Model] | str, verbose_name: str, related_name: str = "+"
) -> models.ForeignKey:
    """A link that may be left empty and is emptied, not deleted with the row, when the
    row it points to goes: the record outlives what it pointed to."""
    options = {"verbose_name": verbose_name, "related_name": related_name}
    return models.ForeignKey(to, on_delete=models.SET_NULL, null=True, blank=True, **options)


def user_field(verbose_name: str) -> models.ForeignKey:
    """The user who started, answered, recorded or approved something: emptied when the
    account goes, so the record outlives its author."""
    return optional_link(settings.AUTH_USER_MODEL, verbose_name)


def account_field(verbose_name: str, related_name: str, *, one: bool = False) -> models.Field:
    """The user a row belongs to (a membership, a preference, a job, a reminder sent):
    deleted with the account, unlike ``user_field``'s record of who did something; ``one``
    for a row a user has at most one of."""
    field = models.OneToOneField if one else models.ForeignKey
    options = {"verbose_name": verbose_name, "related_name": related_name}
    return field(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, **options)


# For ModelAdmin.formfield_overrides and model forms.
FORMFIELD_OVERRIDES = {models.JSONField: {"form_class": SafeJSONField}}


BIGINT_MAX = 2**63 - 1


def parse_id(value: str) -> int | None:
    """A row id typed or posted as text, or None: ASCII digits within a bigint only.

    ``str.isdigit`` says yes to "²" and "٣" (``int`` refuses the first, reads 3 for the
    second) and ``int`` refuses more than 4,300 digits with a ValueError.
    """
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 19:
        return None
    number = int(value)
    return number if number <= BIGINT_MAX else None
