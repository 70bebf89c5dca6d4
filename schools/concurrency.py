"""No silent lost update: every edit form carries the version it was loaded from.

The version of a row is its ``updated`` timestamp (``auto_now``: every save moves it).
An edit form gets a hidden ``version`` field holding, signed, that timestamp and a
snapshot of the values the form showed. The service takes the row with a conditional
UPDATE (``WHERE pk = … AND updated = <version>``) inside its transaction before writing,
so two saves from the same version cannot both pass: the second one matches no row and
raises ``Conflict`` with the row as it is now. The view then re-renders the form with
what the user typed, the fields the other person changed taken over where the user did
not touch them, and a list naming each field the other person changed (their value,
your value); saving again applies the user's change on top of theirs.

A form posted without a version (an older page, a script) is saved as before.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from json.encoder import encode_basestring_ascii as _json_text
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.kept import Kept

VERSION_FIELD = "version"
_SALT = "schools.concurrency.version"


class Conflict(ValidationError):
    """The row changed since the form was loaded; ``current`` is the row as it is now."""

    def __init__(self, *, current: models.Model | None, message: str | None = None) -> None:
        super().__init__(
            message
            or gettext_lazy(
                "Someone else saved this while you were editing it. Their changes are "
                "below; check your input and save again."
            ),
            code="conflict",
        )
        self.current = current


class RowConflicts(Conflict):
    """Several rows of one form changed since it was loaded: ``rows`` maps a row's key
    (e.g. a person's pk) to its Conflict."""

    def __init__(self, rows: dict) -> None:
        super().__init__(current=None)
        self.rows = rows


# --- versions ---------------------------------------------------------------------------


def version_of(instance: models.Model) -> str:
    """The version of a saved row: its ``updated`` timestamp."""
    updated = getattr(instance, "updated", None)
    return updated.isoformat() if updated else ""


def claim(instance: models.Model, version: str | None) -> None:
    """Take the row for this transaction if it is still at ``version``, else raise Conflict.

    Call inside the service's transaction before writing. The conditional UPDATE locks
    the row (PostgreSQL) or the database (SQLite) until the transaction ends, so a
    concurrent save from the same version waits and then matches nothing.
    """
    if not version or instance.pk is None:
        return
    model = type(instance)
    try:
        expected = datetime.fromisoformat(version)
    except ValueError:
        expected = None
    taken = 0
    if expected is not None:
        taken = model._base_manager.filter(pk=instance.pk, updated=expected).update(
            updated=timezone.now()
        )
    if not taken:
        raise Conflict(current=model._base_manager.filter(pk=instance.pk).first())


# --- the form's side --------------------------------------------------------------------


def normalise(value: Any) -> Any:
    """A comparable, JSON-safe form of a form value (initial or cleaned)."""
    if type(value) is str:
        # The commonest value (a row's texts), answered before the checks below.
        return value.strip()
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, bool) or value is None:
        return "" if value is None else value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, (list, tuple, set, frozenset, models.QuerySet)):
        return sorted(str(normalise(item)) for item in value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def field_value(field: forms.Field, value: Any) -> Any:
    """``normalise`` knowing the field: an unticked box is False, whatever its initial."""
    if isinstance(field, forms.BooleanField) and not isinstance(field, forms.NullBooleanField):
        return bool(value)
    return normalise(value)


def snapshot(form: forms.BaseForm) -> dict[str, Any]:
    """The values an unbound form shows, by field name."""
    return {
        name: field_value(field, form[name].initial)
        for name, field in form.fields.items()
        if name != VERSION_FIELD and not isinstance(field, forms.FileField)
    }


def make_token(form: forms.BaseForm, instance: models.Model) -> str:
    return signing.dumps(
        {"v": version_of(instance), "s": snapshot(form)}, salt=_SALT, compress=True
    )


def read_token(token: str | None) -> dict | None:
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), dict):
        return None
    return payload


class VersionedFormMixin:
    """Adds the hidden ``version`` field; call ``track_version`` at the end of ``__init__``.

    ModelForms (``VersionedModelForm``) do it themselves with their instance.
    """

    conflict: list[ConflictRow] | None = None

    def track_version(self, instance: models.Model | None, *, absent: bool = False) -> None:
        """``absent``: without a row, the form still says "there was none" (version "")."""
        self.fields[VERSION_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.is_bound:
            return
        if instance is not None and instance.pk is not None:
            # Computed when rendered, so fields added after __init__ are in the snapshot.
            self.fields[VERSION_FIELD].initial = lambda: make_token(self, instance)
        elif absent:
            self.fields[VERSION_FIELD].initial = lambda: signing.dumps(
                {"v": "", "s": snapshot(self)}, salt=_SALT, compress=True
            )

    @property
    def changed_data(self) -> list[str]:
        return [name for name in super().changed_data if name != VERSION_FIELD]

    def clean(self) -> dict:
        data = super().clean()
        # The version goes to the service as ``loaded_version``, never as a value.
        if data is not None:
            data.pop(VERSION_FIELD, None)
        return data

    @property
    def loaded(self) -> dict | None:
        if not self.is_bound:
            return None
        return read_token(self.data.get(self.add_prefix(VERSION_FIELD)))

    @property
    def loaded_version(self) -> str | None:
        """The version the posted form was loaded from (None: unknown, no check)."""
        loaded = self.loaded
        return loaded.get("v") if loaded else None


class VersionedModelForm(VersionedFormMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.track_version(self.instance)


# --- the conflict ------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictRow:
    """A field the other person changed: their value (saved now) and yours (not saved)."""

    label: str
    theirs: str
    yours: str


def _choices(field: forms.Field) -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, label in getattr(field, "choices", ()):
        if isinstance(label, (list, tuple)):
            flat.update({str(k): str(v) for k, v in label})
        else:
            flat[str(key)] = str(label)
    return flat


def display(field: forms.Field, value: Any) -> str:
    """A value as a reader recognises it: choice labels, yes/no, a dash for nothing."""
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if value in ("", None, []):
        return "—"
    if isinstance(field, forms.ChoiceField) or hasattr(field, "choices"):
        labels = _choices(field)
        if isinstance(value, list):
            return ", ".join(labels.get(str(item), str(item)) for item in value)
        return labels.get(str(value), str(value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _yours(form: forms.BaseForm, name: str) -> Any:
    cleaned = getattr(form, "cleaned_data", None) or {}
    field = form.fields[name]
    if name in cleaned:
        return field_value(field, cleaned[name])
    raw = field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
    return field_value(field, raw)


def _put(data: QueryDict, key: str, value: Any) -> None:
    if isinstance(value, bool):
        if value:
            data[key] = "on"
        else:
            data.pop(key, None)
    elif isinstance(value, (list, tuple)):
        data.setlist(key, [str(item) for item in value])
    elif value is None:
        data[key] = ""
    else:
        data[key] = str(value)


def rebase(form: forms.BaseForm, fresh: forms.BaseForm, data: QueryDict) -> list[ConflictRow]:
    """After a Conflict: name what the other person changed and merge it into ``data``.

    ``fresh`` is the same form unbound on the row as it is now. Fields the other person
    changed and the user left alone take the other person's value; fields both changed
    keep the user's input, listed with both values. ``data`` (a mutable copy of the post)
    gets the current version, so saving it again goes through.
    """
    loaded = form.loaded or {}
    base = loaded.get("s", {})
    rows = []
    for name, field in form.fields.items():
        if name == VERSION_FIELD or name not in fresh.fields or isinstance(field, forms.FileField):
            continue
        theirs = field_value(field, fresh[name].initial)
        if name in base and theirs == base[name]:
            continue
        yours = _yours(form, name)
        if theirs == yours:
            continue
        if name in base and yours == base[name]:
            _put(data, form.add_prefix(name), fresh[name].value())
        rows.append(
            ConflictRow(
                label=str(field.label or name),
                theirs=display(field, theirs),
                yours=display(field, yours),
            )
        )
    data[form.add_prefix(VERSION_FIELD)] = fresh[VERSION_FIELD].initial or ""
    return rows


def rebased_formset(
    formset: forms.BaseFormSet,
    conflicts: dict[int, Conflict],
    build: Callable[[QueryDict], forms.BaseFormSet],
) -> forms.BaseFormSet:
    """A model formset after conflicts on some rows (``conflicts`` by row pk).

    ``build(data)`` makes the formset again; its rows carry ``conflict`` like a form.
    """
    data = formset.data.copy()
    rows: dict[int, list[ConflictRow]] = {}
    for form in formset.forms:
        conflict = conflicts.get(form.instance.pk)
        if conflict is None or conflict.current is None:
            continue
        fresh = type(form)(instance=conflict.current, prefix=form.prefix)
        rows[form.instance.pk] = rebase(form, fresh, data)
    rebuilt = build(data)
    for form in rebuilt.forms:
        if form.instance.pk in conflicts:
            form.conflict = rows.get(form.instance.pk, [])
            form.conflict_message = conflicts[form.instance.pk].messages[0]
    return rebuilt


def model_token(instance: models.Model, fields: list[str]) -> str:
    """The version token of a form rendered by hand from these plain fields of a row."""
    snapshot = {name: normalise(getattr(instance, name)) for name in fields}
    return signing.dumps({"v": version_of(instance), "s": snapshot}, salt=_SALT, compress=True)


# ``signing.dumps``'s signature, computed as Django computes it: the HMAC (SHA-256) of
# the signed value under a key derived from the salt and ``SECRET_KEY``. Django derives
# that key (a hash) and sets up the HMAC again for each signature; here both are done
# once per process for each secret and salt, and the set-up HMAC copied per row. Keyed
# on the secret itself, so a changed ``SECRET_KEY`` (settings in tests, a rotated key)
# is always the one used; the fallbacks only ever verify, and ``signing.loads`` does that.
_MACS: Kept[tuple[bytes, str], hmac.HMAC] = Kept(8)


def _signing_mac(salt: str) -> hmac.HMAC:
    secret = force_bytes(settings.SECRET_KEY)
    return _MACS.get((secret, salt), lambda: _new_mac(secret, salt))


def _new_mac(secret: bytes, salt: str) -> hmac.HMAC:
    # ``salted_hmac(salt + "signer", value, SECRET_KEY, algorithm="sha256")``'s key.
    derived = hashlib.sha256(force_bytes(salt + "signer") + secret).digest()
    return hmac.new(derived, digestmod=hashlib.sha256)


# ``TimestampSigner.timestamp()`` (the second, base 62) written once a second, not per row.
_stamp: tuple[int, str] = (0, "0")


def _timestamp() -> str:
    global _stamp
    now = int(time.time())
    stamp = _stamp
    if stamp[0] != now:
        stamp = _stamp = (now, signing.b62_encode(now))
    return stamp[1]


def _b64(data: bytes) -> str:
    """``signing.b64_encode(data).decode()``."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _json(value: Any) -> str:
    """``json.dumps(value, separators=(",", ":"))`` for what ``normalise`` returns (a
    text, a boolean, a sorted list of texts): ``signing.JSONSerializer``'s text, without
    building an encoder and walking the object for every row."""
    if type(value) is str:
        return _json_text(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is list and all(type(item) is str for item in value):
        return "[" + ",".join(map(_json_text, value)) + "]"
    return _COMPACT_JSON.encode(value)


# ``signing.JSONSerializer``'s JSON (``json.dumps`` with these separators), one encoder.
_COMPACT_JSON = json.JSONEncoder(separators=(",", ":"))


def model_payloads(fields: list[str]) -> Callable[[models.Model], str]:
    """A row's payload as ``signing.dumps`` writes it before signing (its JSON, base 64,
    not compressed): what a token says, without the time it was signed. The keys of the
    JSON written once, for a page of rows; ``signed_payloads`` signs it."""
    keys = [
        ("," if position else "") + _json_text(name) + ":" for position, name in enumerate(fields)
    ]
    named = list(zip(keys, fields, strict=True))

    def payload(instance: models.Model) -> str:
        snapshot = "".join(key + _json(normalise(getattr(instance, name))) for key, name in named)
        return _b64(f'{{"v":{_json_text(version_of(instance))},"s":{{{snapshot}}}}}'.encode())

    return payload


def signed_payloads() -> Callable[[str], str]:
    """A payload (``model_payloads``) signed as ``TimestampSigner.sign`` signs it: the
    payload, the second, their signature. One HMAC set up per process and secret."""
    mac = _signing_mac(_SALT)

    def sign(payload: str) -> str:
        value = f"{payload}:{_timestamp()}"
        signature = mac.copy()
        signature.update(value.encode())
        return f"{value}:{_b64(signature.digest())}"

    return sign


def model_tokens(fields: list[str]) -> Callable[[models.Model], str]:
    """``model_token`` for many rows of one page, each token the text
    ``signing.dumps(payload, salt=_SALT)`` writes for it but not compressed: a row's few
    short values gain a few bytes from zlib, which cost more than the signature
    (``read_token`` reads both forms; the signature covers the flag).
    ``tests/schools/test_concurrency_tokens.py`` compares them byte for byte with Django's.
    """
    payload, sign = model_payloads(fields), signed_payloads()
    return lambda instance: sign(payload(instance))


def conflict_message(conflict: Conflict, form: forms.BaseForm) -> str:
    """The conflict in one sentence, for a page that cannot show the form again."""
    if conflict.current is None:
        return _("Someone else removed this while you were editing it.")
    fresh = type(form)(instance=conflict.current)
    fresh.fields[VERSION_FIELD] = forms.CharField(required=False)
    rows = rebase(form, fresh, form.data.copy())
    changes = "; ".join(
        _("%(field)s: theirs “%(theirs)s”, yours “%(yours)s”")
        % {"field": row.label, "theirs": row.theirs, "yours": row.yours}
        for row in rows
    )
    return _(
        "Someone else saved this while you were editing it; nothing of yours was saved. %(changes)s"
    ) % {"changes": changes}


def rebound(
    form: forms.BaseForm,
    conflict: Conflict,
    build: Callable[..., forms.BaseForm],
) -> forms.BaseForm:
    """The form to show after a Conflict: ``build(data, instance)`` makes the form.

    ``build(None, current)`` must make the unbound form on the current row.
    """
    if conflict.current is None:
        form.add_error(None, _("Someone else removed this while you were editing it."))
        return form
    data = form.data.copy()
    fresh = build(None, conflict.current)
    rows = rebase(form, fresh, data)
    new = build(data, conflict.current)
    new.conflict = rows
    new.conflict_message = conflict.messages[0]
    return new


def save_or_rebind(
    form: forms.BaseForm,
    save: Callable[[], Any],
    build: Callable[..., forms.BaseForm],
    *,
    invalid: Callable[[forms.BaseForm, ValidationError], None] | None = None,
) -> tuple[forms.BaseForm, bool, Any]:
    """Save a valid posted form through its service: ``(form, saved, result)``.

    ``save()`` calls the service with the form's ``loaded_version``; ``result`` is what it
    returns. A Conflict gives back the form rebound on the row as it is now (``rebound``
    with ``build``), to show again with what the other person changed. With ``invalid``,
    a service's ValidationError goes to ``invalid(form, error)`` and the form is shown
    again; without it, it propagates, as for a service that validates nothing the form
    did not.
    """
    if not form.is_valid():
        return form, False, None
    try:
        result = save()
    except Conflict as conflict:
        return rebound(form, conflict, build), False, None
    except ValidationError as error:
        if invalid is None:
            raise
        invalid(form, error)
        return form, False, None
    return form, True, result
