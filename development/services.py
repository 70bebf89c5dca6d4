"""Writes of the professional development plan: add, change and remove items, each with
its author in the history."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from development.models import DevelopmentItem, ItemStatus
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


@transaction.atomic
def item_create(
    *,
    school: School,
    person: Person,
    competence: str,
    route: str,
    list_task: ListTask | None = None,
    due: datetime.date | None = None,
    school_year: int | None = None,
    term: str = "",
    status: str = ItemStatus.PLANNED,
    note: str = "",
    user: AbstractBaseUser | None = None,
) -> DevelopmentItem:
    item = DevelopmentItem(
        school=school,
        person=person,
        competence=competence,
        route=route,
        list_task=list_task,
        due=due,
        school_year=school_year,
        term=term or "",
        status=status,
        note=note,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _save(item, user)
    return item


@transaction.atomic
def item_update(
    *,
    item: DevelopmentItem,
    person: Person,
    competence: str,
    route: str,
    list_task: ListTask | None,
    due: datetime.date | None,
    school_year: int | None,
    term: str,
    status: str,
    note: str,
    version: str | None = None,
    user: AbstractBaseUser | None = None,
) -> DevelopmentItem:
    """Change an item; ``version``: the one the form was loaded from (schools/concurrency)."""
    claim(item, version)
    item.person = person
    item.competence = competence
    item.route = route
    item.list_task = list_task
    item.due = due
    item.school_year = school_year
    item.term = term or ""
    item.status = status
    item.note = note
    _save(item, user)
    return item


@transaction.atomic
def item_delete(*, item: DevelopmentItem, user: AbstractBaseUser | None = None) -> None:
    _track(item, user)
    item.delete()
