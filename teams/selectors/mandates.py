"""The mandates waiting for the school leader's approval, as the mandates page reads them."""

from __future__ import annotations

from django.db.models import F, QuerySet

from schools.compiled import compiled_rows
from schools.models import School
from tasks.models import localized
from teams.selectors.matrix import PendingMandate, pending_approvals


def _pending_rows(school_id: int) -> QuerySet:
    # ``pending_mandates``' query: its ordering (the clusters' CASE) and the title in the
    # reader's language took Django longer to build and compile than the database takes to
    # run it, on every view of the page.
    return (
        pending_approvals(school=School(pk=school_id))
        .annotate(
            person_name=F("person__name"),
            task_code=F("list_task__task__code"),
            task_title=localized("title", prefix="list_task__task__"),
        )
        .values_list(*PendingMandate._fields)
    )


def pending_mandate_rows(*, school: School) -> list[PendingMandate]:
    """``pending_mandates``, the same rows in the same order, its SQL compiled once per
    process and language (``compiled_rows``). One query."""
    rows = compiled_rows(_pending_rows, convert=True, school_id=school.pk)
    return [PendingMandate._make(row) for row in rows]
