"""Writes of the professional development plan: add, change and remove items, each with
its author in the history."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING
from typing import Required
from typing import TypedDict
from typing import Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from development.models import DevelopmentItem
from schools.concurrency import claim
from schools.models import School
from tasks.models import ListTask
from teams.models import Person
from teams.selectors import serves_school

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


def _track(item: DevelopmentItem, user: AbstractBaseUser | None) -> None:
    """Name the author in the history record of the next save."""
    if user is not None and getattr(user, "is_authenticated", False):
        item._history_user = user


def _check(item: DevelopmentItem) -> None:
    """Who and what belong to the school: its team and its own task list."""
    errors = {}
    if item.person_id is not None and not serves_school(person=item.person, school=item.school):
        errors["person"] = _("Choose someone of this school's team.")
    if item.list_task_id is not None and item.list_task.school_id != item.school_id:
        errors["list_task"] = _("Choose a task of this school's list.")
    if errors:
        raise ValidationError(errors)


def _save(item: DevelopmentItem, user: AbstractBaseUser | None) -> None:
    """Validate, the model's rules and then the school's, and save with the author."""
    item.full_clean()
    _check(item)
    _track(item, user)
    item.save()


class ItemFields(TypedDict, total=False):
    """What an item of the plan records, in the order its form asks it: who, which
    competence, for which task, by which route, when, how far and a note."""

    person: Required[Person]
    competence: Required[str]
    list_task: ListTask | None
    route: Required[str]
    school_year: int | None
    term: str
    due: datetime.date | None
    status: str
    note: str


# The item's fields that its page and the admin edit.
ITEM_FIELDS = tuple(ItemFields.__annotations__)


def _write(
    item: DevelopmentItem, fields: ItemFields, user: AbstractBaseUser | None
) -> DevelopmentItem:
    """Set the given fields of the item, check it and save it."""
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise TypeError(f"Not a field of a plan item: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(item, name, value)
    # No term is "" in the model, whatever a caller passes for none.
    item.term = item.term or ""
    _save(item, user)
    return item


@transaction.atomic
def item_create(
    *, school: School, user: AbstractBaseUser | None = None, **fields: Unpack[ItemFields]
) -> DevelopmentItem:
    created_by = user if getattr(user, "is_authenticated", False) else None
    return _write(DevelopmentItem(school=school, created_by=created_by), fields, user)


@transaction.atomic
def item_update(
    *,
    item: DevelopmentItem,
    version: str | None = None,
    user: AbstractBaseUser | None = None,
    **fields: Unpack[ItemFields],
) -> DevelopmentItem:
    """Change an item; ``version``: the one the form was loaded from (schools/concurrency)."""
    claim(item, version)
    return _write(item, fields, user)


@transaction.atomic
def item_delete(*, item: DevelopmentItem, user: AbstractBaseUser | None = None) -> None:
    _track(item, user)
    item.delete()
