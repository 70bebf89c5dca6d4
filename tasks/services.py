"""Writes to the catalogue and to task lists."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection
from django.db import transaction
from django.db.models import Exists
from django.db.models import OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from schools.access import Owner
from schools.access import owner_kwargs
from schools.concurrency import claim
from schools.models import School
from schools.models import SchoolGroup
from tasks.models import COMPETENCE_FIELDS
from tasks.models import LIST_CHOICE_FIELDS
from tasks.models import Horizon
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import ReviewState
from tasks.models import Task
from tasks.models import TaskLevel


def _default_list_level(task: Task) -> str:
    return {
        TaskLevel.SCHOOL: ListLevel.SCHOOL,
        TaskLevel.SCHOOL_GROUP: ListLevel.SCHOOL_GROUP,
        TaskLevel.CENTRAL: ListLevel.CENTRAL,
    }.get(task.level, ListLevel.SCHOOL)


def _applies_to(task: Task, owner: Owner) -> bool:
    """Whether a catalogue task applies by default, from the school's context."""
    if not isinstance(owner, School):
        return True
    by_level = {
        "primary": task.for_primary,
        "secondary": task.for_secondary,
        "adult": task.for_adult,
        "special_needs": task.for_special_needs,
    }
    applies = by_level.get(owner.education_level, True)
    # Tasks only for technical/vocational schools apply where that offer exists.
    only_technical = task.for_technical_vocational and not any(by_level.values())
    if only_technical:
        return owner.technical_vocational
    return applies


@transaction.atomic
def task_list_initialise(*, owner: Owner) -> int:
    """Give a school or group its customised copy of the active catalogue.

    Adds an entry for every active catalogue task the list does not have yet, with
    defaults from the task and the school's context. Returns how many were added.
    Existing entries and their choices are never touched.
    """
    owned = owner_kwargs(owner)
    present = set(ListTask.objects.filter(**owned).values_list("task_id", flat=True))
    new_entries = [
        ListTask(
            task=task,
            applies=_applies_to(task, owner),
            level=_default_list_level(task),
            **owned,
        )
        for task in Task.objects.catalogue().active()
        if task.pk not in present
    ]
    ListTask.objects.bulk_create(new_entries)
    return len(new_entries)


# Task ids and owner ids per INSERT … SELECT: well under SQLite's limit of bound
# parameters, whatever the number of schools on the site.
ADD_CHUNK = 5_000
OWNER_CHUNK = 1_000


def _add_to_lists_sql(
    owner_model: type[School] | type[SchoolGroup], *, tasks: int, owners: int, fresh: bool
) -> str:
    """INSERT … SELECT: the given tasks crossed with the given schools (or groups).

    The defaults are ``_applies_to`` and ``_default_list_level`` in SQL: a task applies
    unless the school's education level is one it is not for; a task only for
    technical/vocational schools applies where that offer exists; groups take everything.

    The caller names the tasks and the owners, so the statement reads neither the entries
    nor their owners' lists. Tasks on no list yet (``fresh``, the import's new ones) are
    inserted plainly; for the others (a reactivated task may still be on some lists) the
    unique constraint skips the pairs already there (``ON CONFLICT DO NOTHING``, which
    checks each row against the unique indexes before inserting it, so only where it is
    needed). An anti-join against the entries instead (``NOT EXISTS``) made PostgreSQL
    plan a nested loop over a table it believed small, which ran for many minutes at a
    million entries.
    """
    entry = ListTask._meta
    task = Task._meta
    owner = owner_model._meta
    owner_column = "school_id" if owner_model is School else "group_id"
    other_column = "group_id" if owner_model is School else "school_id"
    col = {f.name: f.column for f in entry.concrete_fields}
    t = {f.name: f.column for f in task.concrete_fields}
    if owner_model is School:
        by_level = " ".join(
            f"WHEN o.education_level = %s THEN t.{t[field]}" for field in _LEVEL_FIELDS.values()
        )
        only_technical = (
            f"t.{t['for_technical_vocational']} AND NOT ("
            + " OR ".join(f"t.{t[field]}" for field in _LEVEL_FIELDS.values())
            + ")"
        )
        applies = f"CASE WHEN {only_technical} THEN o.technical_vocational {by_level} ELSE %s END"
    else:
        applies = "%s"
    level = (
        f"CASE t.{t['level']} " + " ".join("WHEN %s THEN %s" for _ in _LIST_LEVELS) + " ELSE %s END"
    )
    task_placeholders = ", ".join(["%s"] * tasks)
    owner_placeholders = ", ".join(["%s"] * owners)
    return f"""
        INSERT INTO {entry.db_table} (
            {col["task"]}, {owner_column}, {other_column}, {col["applies"]}, {col["horizon"]},
            {col["level"]}, {col["level_reason"]}, {col["raise_with_director"]}, {col["note"]},
            {col["review"]}, {col["created"]}, {col["updated"]}
        )
        SELECT t.{t["id"]}, o.{owner.pk.column}, NULL, {applies}, %s, {level}, '', %s, '', %s,
               %s, %s
        FROM {owner.db_table} o, {task.db_table} t
        WHERE t.{t["id"]} IN ({task_placeholders})
          AND o.{owner.pk.column} IN ({owner_placeholders})
        {"" if fresh else "ON CONFLICT DO NOTHING"}
    """


_LEVEL_FIELDS = {
    "primary": "for_primary",
    "secondary": "for_secondary",
    "adult": "for_adult",
    "special_needs": "for_special_needs",
}
_LIST_LEVELS = {
    TaskLevel.SCHOOL: ListLevel.SCHOOL,
    TaskLevel.SCHOOL_GROUP: ListLevel.SCHOOL_GROUP,
    TaskLevel.CENTRAL: ListLevel.CENTRAL,
}


def _owners_with_a_list(owner_model: type[School] | type[SchoolGroup]) -> list[int]:
    """The schools (or groups) that have a task list: one index probe per owner."""
    owner_field = "school" if owner_model is School else "group"
    has_list = ListTask.objects.filter(**{owner_field: OuterRef("pk")})
    return list(
        owner_model.objects.filter(Exists(has_list)).order_by("pk").values_list("pk", flat=True)
    )


def _tasks_on_a_list(ids: list[int]) -> set[int]:
    """Which of the tasks some list has already: one probe of the task index per task."""
    listed: set[int] = set()
    for start in range(0, len(ids), ADD_CHUNK):
        chunk = ids[start : start + ADD_CHUNK]
        on_a_list = ListTask.objects.filter(task=OuterRef("pk"))
        listed.update(
            Task.objects.filter(Exists(on_a_list), pk__in=chunk).values_list("pk", flat=True)
        )
    return listed


def _tasks_on_these_lists(ids: list[int], *, schools: list[int], groups: list[int]) -> set[int]:
    """Which of the tasks the lists of these schools and groups have already."""
    listed: set[int] = set()
    for owner_field, owners in (("school", schools), ("group", groups)):
        for start in range(0, len(owners), OWNER_CHUNK):
            chunk = owners[start : start + OWNER_CHUNK]
            for first in range(0, len(ids), ADD_CHUNK):
                entries = ListTask.objects.filter(
                    **{f"{owner_field}_id__in": chunk}, task_id__in=ids[first : first + ADD_CHUNK]
                )
                listed.update(entries.values_list("task_id", flat=True).distinct())
    return listed


def task_lists_in_parts(*, size: int) -> list[dict[str, list[int]]]:
    """Every school and group that has a task list, ``size`` lists to a part.

    The fan-out of a large catalogue import runs one part per worker at a time
    (``tasks.jobs``); each part is ``{"schools": [ids], "groups": [ids]}``.
    """
    lists = [("schools", pk) for pk in _owners_with_a_list(School)] + [
        ("groups", pk) for pk in _owners_with_a_list(SchoolGroup)
    ]
    parts = []
    for start in range(0, len(lists), size):
        chunk = lists[start : start + size]
        parts.append(
            {kind: [pk for of, pk in chunk if of == kind] for kind in ("schools", "groups")}
        )
    return parts


def task_list_add_new_catalogue_tasks(
    *,
    tasks: Iterable[Task | int],
    schools: list[int] | None = None,
    groups: list[int] | None = None,
) -> int:
    """Put new catalogue tasks on existing lists, marked as new: every list, or only the
    lists of the given schools and groups (a part of the fan-out job).

    Set-based: one INSERT … SELECT per kind of owner that has lists (per ``ADD_CHUNK``
    tasks and ``OWNER_CHUNK`` owners), whatever the number of lists, so 10,000 new tasks
    reach a hundred schools' lists in seconds without a Python object per entry. An
    entry already there is left as it is (a list started since the tasks were added to
    the catalogue has them, and a part run again finds its entries), so running it twice
    adds nothing. Returns how many entries were added.
    """
    ids = sorted({task if isinstance(task, int) else task.pk for task in tasks})
    if not ids:
        return 0
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    added = 0
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Every entry inserted queues a check of its foreign keys, run at commit
            # through plans PostgreSQL keeps per connection. A plan made while the tasks
            # table was small reads it whole: a million checks each reading 10,000 new
            # tasks ran for many minutes. Dropping the kept plans makes the checks plan
            # afresh, by the primary key.
            cursor.execute("DISCARD PLANS")
        if schools is None and groups is None:
            listed = _tasks_on_a_list(ids)
        else:
            # A part of the fan-out: only its own lists matter. The tasks are on the
            # lists of the parts that ran before, but these lists have them only if they
            # were started since or the part runs again; every other task is inserted
            # plainly, which costs PostgreSQL about a tenth less than ON CONFLICT.
            listed = _tasks_on_these_lists(ids, schools=schools or [], groups=groups or [])
        batches = [
            (fresh, part[start : start + ADD_CHUNK])
            for fresh, part in (
                (True, [pk for pk in ids if pk not in listed]),
                (False, [pk for pk in ids if pk in listed]),
            )
            for start in range(0, len(part), ADD_CHUNK)
        ]
        for owner_model, given in ((School, schools), (SchoolGroup, groups)):
            all_owners = _owners_with_a_list(owner_model) if given is None else sorted(given)
            for (fresh, chunk), first in itertools.product(
                batches, range(0, len(all_owners), OWNER_CHUNK)
            ):
                owners = all_owners[first : first + OWNER_CHUNK]
                applies = [*_LEVEL_FIELDS.keys(), True] if owner_model is School else [True]
                levels = [value for pair in _LIST_LEVELS.items() for value in pair]
                params = [
                    *applies,
                    Horizon.SHORT,
                    *levels,
                    ListLevel.SCHOOL,
                    False,
                    ReviewState.NEW,
                    now,
                    now,
                    *chunk,
                    *owners,
                ]
                sql = _add_to_lists_sql(
                    owner_model, tasks=len(chunk), owners=len(owners), fresh=fresh
                )
                cursor.execute(sql, params)
                added += cursor.rowcount
    return added


def task_list_mark(*, tasks: list[Task], review: str) -> int:
    """After an import: flag the list entries of changed or retired tasks for review."""
    if not tasks:
        return 0
    entries = ListTask.objects.filter(task__in=tasks)
    if review == ReviewState.CHANGED:
        # An entry not yet reviewed as new stays new: that says more than "changed".
        entries = entries.exclude(review=ReviewState.NEW)
    return entries.update(review=review)


@transaction.atomic
def list_task_update(*, entry: ListTask, version: str | None = None, **changes: object) -> ListTask:
    """Change a school's choices for one task; saving counts as reviewing it.

    ``version`` is the one the edit form was loaded from: an entry saved by someone else
    since then raises ``Conflict`` (``schools/concurrency.py``).
    """
    claim(entry, version)
    unknown = set(changes) - set(LIST_CHOICE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.review = ReviewState.NONE
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def task_list_copy_choices(
    *,
    group: SchoolGroup,
    schools: Iterable[School],
    user: AbstractBaseUser | None = None,
    tasks: Iterable[Task] | None = None,
) -> int:
    """Copy the group's task-list choices to the same tasks on the schools' lists.

    For every entry of the group's list (or only those of ``tasks``), the entry of each
    school for the same task takes the group's applies, horizon, level, reason for the
    level, "raise with the director" and note. Tasks a school's list does not have are
    left alone, and so are the school's own tasks. All schools or none: any school
    outside the group refuses the whole copy. Returns how many school entries changed;
    each change is in the entry's history under ``user``.
    """
    schools = list(schools)
    strangers = [school.name for school in schools if school.group_id != group.pk]
    if strangers:
        raise ValidationError(
            _("%(schools)s are not schools of %(group)s.")
            % {"schools": ", ".join(strangers), "group": group.name}
        )
    group_entries = ListTask.objects.filter(group=group).order_by()
    if tasks is not None:
        group_entries = group_entries.filter(task__in=list(tasks))
    group_choices = {entry.task_id: entry for entry in group_entries}
    changed: list[ListTask] = []
    now = timezone.now()
    entries = ListTask.objects.filter(
        school__in=[school.pk for school in schools], task_id__in=list(group_choices)
    ).select_for_update()
    for entry in entries:
        source = group_choices[entry.task_id]
        if all(getattr(entry, name) == getattr(source, name) for name in LIST_CHOICE_FIELDS):
            continue
        for name in LIST_CHOICE_FIELDS:
            setattr(entry, name, getattr(source, name))
        entry.updated = now
        changed.append(entry)
    if changed:
        # With history, so the schools see who set these choices and when.
        bulk_update_with_history(
            changed,
            ListTask,
            [*LIST_CHOICE_FIELDS, "updated"],
            default_user=user if getattr(user, "is_authenticated", False) else None,
            default_change_reason=_("Copied from the group's task list"),
        )
    return len(changed)


def task_list_mark_reviewed(*, owner: Owner) -> int:
    """Acknowledge every catalogue change on the list."""
    return (
        ListTask.objects.filter(**owner_kwargs(owner))
        .exclude(review=ReviewState.NONE)
        .update(review=ReviewState.NONE)
    )


def _next_own_code(owner: Owner) -> str:
    existing = set(Task.objects.filter(**owner_kwargs(owner)).values_list("code", flat=True))
    number = len(existing) + 1
    while f"OWN-{number:02d}" in existing:
        number += 1
    return f"OWN-{number:02d}"


@transaction.atomic
def task_create_own(
    *,
    owner: Owner,
    title: str,
    cluster: str,
    topic: str,
    description: str = "",
    is_core: bool = False,
    competences: list[str] | None = None,
    horizon: str = "short",
    level: str = ListLevel.SCHOOL,
    level_reason: str = "",
    note: str = "",
    code: str | None = None,
) -> ListTask:
    """Add a task of the school's or group's own to its list."""
    competences = competences or []
    task = Task(
        code=code or _next_own_code(owner),
        title=title,
        description=description,
        cluster=cluster,
        topic=topic,
        is_core=is_core,
        source="",
        **{field: key in competences for key, field in COMPETENCE_FIELDS.items()},
        **owner_kwargs(owner),
    )
    task.full_clean()
    task.save()
    entry = ListTask(
        task=task,
        horizon=horizon,
        level=level,
        level_reason=level_reason,
        note=note,
        **owner_kwargs(owner),
    )
    entry.full_clean()
    entry.save()
    return entry
