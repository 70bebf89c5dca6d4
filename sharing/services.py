"""Writes for sharing within a group: a school's consent, and copying a set-up of a task.

A copy writes only into the target school, through ``teams.services`` (the one write path
for assignments: the same checks, the lead moved, history with the author), in one
transaction. The source school is only read.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from schools.models import School
from sharing.models import SharingConsent
from sharing.selectors import CopySlot
from sharing.selectors import copy_slots
from sharing.selectors import source_assignments
from tasks.models import ListTask
from tasks.models import Task
from teams.models import Assignment
from teams.models import Person
from teams.services import AssignmentInput
from teams.services import task_assignments_save

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser


@transaction.atomic
def consent_set(*, school: School, share_names: bool, user: User | None = None) -> SharingConsent:
    """Record whether the group's schools may see names in the school's set-up."""
    consent = SharingConsent.objects.select_for_update().filter(school=school).first()
    if consent is not None and consent.share_names == bool(share_names):
        return consent  # unchanged: no empty record in the history
    consent = consent or SharingConsent(school=school)
    consent.share_names = bool(share_names)
    consent.full_clean()
    if user is not None and getattr(user, "is_authenticated", False):
        consent._history_user = user
    consent.save()
    return consent


def copy_rows(
    *, slots: Iterable[CopySlot], mapping: Mapping[int, Person | None]
) -> list[AssignmentInput]:
    """The target's rows for a copy: each source person's mandates and hours given to the
    person mapped onto them, backups mapped the same way.

    Two source people mapped onto one target person merge: the mandates of both, the sum
    of their hours. A backup who would back themselves up is left out.
    """
    rows: dict[int, AssignmentInput] = {}
    for slot in slots:
        person = mapping.get(slot.key)
        if person is None or not slot.has_mandate:
            continue
        backup = mapping.get(slot.backup_key) if slot.backup_key is not None else None
        row = rows.get(person.pk)
        if row is None:
            row = AssignmentInput(person=person, hours=Decimal(slot.hours))
        else:
            row = replace(row, hours=row.hours + slot.hours)
        row = replace(
            row,
            decides=row.decides or slot.decides,
            executes=row.executes or slot.executes,
            monitors=row.monitors or slot.monitors,
            lead=row.lead or slot.lead,
            backup=row.backup or backup,
        )
        rows[person.pk] = row
    return [
        replace(row, backup=None)
        if row.backup is not None and row.backup.pk == row.person.pk
        else row
        for row in rows.values()
    ]


@transaction.atomic
def setup_copy(
    *,
    source: School,
    target: School,
    task: Task,
    mapping: Mapping[int, Person | None],
    user: User | None = None,
) -> list[Assignment]:
    """Copy the source school's set-up of a task into the target school.

    ``mapping`` maps each source person's pk (a slot) to a person of the target's team, or
    None for "nobody yet", which leaves that part of the set-up open. The task must be on
    the target's own list; the people must be in the target's team (``assignment_set``
    checks it). Mandates the target already gave other people on the task stay; a mapped
    person's mandates on it are replaced. Returns the target's assignments on the task.
    """
    if source.pk == target.pk or source.group_id != target.group_id:
        raise ValidationError(_("Choose another school of the same group to copy from."))
    target_entry = ListTask.objects.filter(school=target, task=task).first()
    if target_entry is None:
        raise ValidationError(
            _("“%(task)s” is not on the task list of %(school)s: add it to the list first.")
            % {"task": task.title, "school": target.name}
        )
    assignments = source_assignments(source=source, task=task)
    if not assignments:
        raise ValidationError(_("Nobody holds this task in the school to copy from."))
    rows = copy_rows(slots=copy_slots(assignments, named=False), mapping=mapping)
    if not rows:
        raise ValidationError(_("Choose at least one person of your team to take a mandate."))
    task_assignments_save(school=target, list_task=target_entry, rows=rows, user=user)
    return list(
        Assignment.objects.filter(list_task=target_entry).select_related("person", "backup")
    )
