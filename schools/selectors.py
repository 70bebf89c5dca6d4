"""Reads of the tenancy core: the history of any tracked object, for pages and the admin.

Every function runs a fixed number of SQL queries whatever the length of the history.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count
from django.db.models import F
from django.db.models import Model
from django.db.models import QuerySet
from django.db.models import Window
from django.db.models.functions import Lag
from django.utils import formats
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.access import visible_groups
from schools.access import visible_schools
from schools.context_processors import NAV_GROUPS_ORDER
from schools.context_processors import NAV_SCHOOLS_ORDER


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str


HISTORY_KINDS = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}


@dataclass(frozen=True)
class HistoryEntry:
    """One change of an object: who, when, what (with each field's old and new value)."""

    when: datetime
    who: str
    kind: str
    subject: str
    changes: tuple[FieldChange, ...]
    reason: str = ""

    @property
    def kind_label(self) -> str:
        return str(HISTORY_KINDS.get(self.kind, self.kind))


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _display(model: type[Model], name: str, value: object, related: dict) -> str:
    if value is None or value == "":
        return "—"
    model_field = model._meta.get_field(name)
    if model_field.is_relation:
        obj = related.get((model_field.related_model, value))
        return str(obj) if obj is not None else _("(removed)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    return formats.localize(value)


def _history(
    records: QuerySet, model: type[Model], *, limit: int, subject: str | None = None
) -> list[HistoryEntry]:
    """The newest ``limit`` records with their changes against the record before them.

    One query for the records (with their users and subjects), one for the records
    before the changed ones, and one per kind of object the changes name (a person, a
    user): a bound that does not grow with the length of the history.
    """
    pk_name = model._meta.pk.attname
    ordered = F("history_date").asc(), F("history_id").asc()
    subject_field = model._meta.get_field(subject) if subject else None
    joins = ["history_user"]
    if subject_field is not None and subject_field.many_to_one:
        joins.append(subject_field.name)
    latest = list(
        records.annotate(
            previous_id=Window(Lag("history_id"), partition_by=[F(pk_name)], order_by=ordered)
        )
        .select_related(*joins)
        .order_by("-history_date", "-history_id")[:limit]
    )
    previous = records.model.objects.in_bulk(
        [
            record.previous_id
            for record in latest
            if record.previous_id and record.history_type == "~"
        ]
    )
    deltas = {}
    wanted: dict[type[Model], set] = defaultdict(set)
    for record in latest:
        before = previous.get(record.previous_id)
        if before is None or record.history_type != "~":
            continue
        delta = record.diff_against(before, foreign_keys_are_objs=False)
        deltas[record.history_id] = delta.changes
        for change in delta.changes:
            model_field = model._meta.get_field(change.field)
            if model_field.many_to_one:
                wanted[model_field.related_model].update(
                    value for value in (change.old, change.new) if value is not None
                )
    related = {
        (related_model, pk): obj
        for related_model, pks in wanted.items()
        for pk, obj in related_model._default_manager.in_bulk(list(pks)).items()
    }
    entries = []
    for record in latest:
        changes = tuple(
            FieldChange(
                field=change.field,
                label=str(model._meta.get_field(change.field).verbose_name),
                old=_display(model, change.field, change.old, related),
                new=_display(model, change.field, change.new, related),
            )
            for change in deltas.get(record.history_id, [])
        )
        label = ""
        if subject_field is not None:
            value = getattr(record, subject_field.name)
            label = str(value) if value is not None else _("(removed)")
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=_user_name(record.history_user),
                kind=record.history_type,
                subject=label,
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries


def object_history(*, obj: Model, limit: int = 20) -> list[HistoryEntry]:
    """Who changed the object, when, and what: the newest ``limit`` changes first."""
    model = type(obj)
    return _history(model.history.filter(**{model._meta.pk.attname: obj.pk}), model, limit=limit)


def related_history(
    *, obj: Model, related_name: str, limit: int = 20, subject: str | None = None
) -> list[HistoryEntry]:
    """The history of the objects pointing at ``obj`` through ``related_name``.

    Deleted ones included: e.g. every assignment of a task, with who ended which
    mandate. ``subject`` names the field that tells the objects apart (e.g.
    ``"person"``), shown with each change.
    """
    relation = obj._meta.get_field(related_name)
    model = relation.related_model
    records = model.history.filter(**{relation.field.attname: obj.pk})
    return _history(records, model, limit=limit, subject=subject)


def home_schools_and_groups(*, user) -> tuple[list, list]:
    """The schools and the groups a user sees on the home page (two queries), in the
    menu's order, so the page draws the menu from them."""
    schools = list(visible_schools(user).select_related("group").order_by(*NAV_SCHOOLS_ORDER))
    # A GROUP BY query ignores the model's ordering: the order is asked for.
    groups = list(
        visible_groups(user).annotate(school_count=Count("schools")).order_by(*NAV_GROUPS_ORDER)
    )
    return schools, groups
