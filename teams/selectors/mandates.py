"""The mandates waiting for the school leader's approval, as the mandates page reads them."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from django.db.models import F
from django.db.models import QuerySet

from schools.compiled import compiled_rows
from schools.models import School
from tasks.models import localized
from teams.selectors.matrix import pending_approvals


class PendingMandate(NamedTuple):
    """A row of the mandates to approve: what the page shows of an assignment."""

    pk: int
    list_task_id: int
    person_id: int
    person_name: str
    task_code: str
    task_title: str
    decides: bool
    executes: bool
    monitors: bool
    lead: bool
    hours: Decimal


def pending_rows(school_id: int) -> QuerySet:
    """``pending_approvals`` as ``PendingMandate``'s fields, the task's title in the
    reader's language."""
    return (
        pending_approvals(school=School(pk=school_id))
        .annotate(
            person_name=F("person__name"),
            task_code=F("list_task__task__code"),
            task_title=localized("title", prefix="list_task__task__"),
        )
        .values_list(*PendingMandate._fields)
    )


def pending_mandates(*, school: School) -> list[PendingMandate]:
    """The mandates to approve as plain rows, in ``pending_approvals``' order. One query.

    Hundreds of mandates wait after a school divides its tasks; as model instances (an
    assignment, its person, entry and task each) loading them cost more than showing
    them, and the query's ordering (the clusters' CASE) and translated title took Django
    longer to build and compile than the database takes to run it: its SQL is compiled
    once per process and language (``compiled_rows``).
    """
    rows = compiled_rows(pending_rows, convert=True, school_id=school.pk)
    return [PendingMandate._make(row) for row in rows]
