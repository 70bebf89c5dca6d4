"""Step 5 of the plan: the customised task list summed up (``task_list_summary``): how many
tasks apply and are core, by horizon, level and reason, and the tasks to raise with the
director.
"""

from __future__ import annotations

from django.db.models import Case
from django.db.models import Count
from django.db.models import F
from django.db.models import QuerySet
from django.db.models import When

from schools.access import Owner
from schools.changes import kept_by_token
from schools.compiled import compiled_rows
from schools.compiled import row_instance
from schools.kept import Kept
from schools.models import School
from tasks.models import TEXT_LANGUAGES
from tasks.models import Horizon
from tasks.models import LevelReason
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import Task
from tasks.selectors import cluster_rank

# --- step 5: the customised task list ----------------------------------------------------

# What a decision's page prints of a task it dropped (off the task list, so not among the
# team's entries), and the action plan of a task to raise: its code and title.
DROPPED_TASK_FIELDS = ("id", "code", *(f"title_{code}" for code in TEXT_LANGUAGES))


# An entry to raise with the general director: its id, task, and what the action plan
# prints of the task (code and titles), NULL on every other entry.
# The entry's own id under a name of its own: its task's fields hold an ``id`` too.
_RAISED = (
    "raised_entry_id",
    "raised_task_id",
    *(f"raised_{name}" for name in DROPPED_TASK_FIELDS),
)


def _combinations_of(tasks: QuerySet) -> QuerySet:
    """The entries counted per combination of the five values step 5 counts, and each
    entry to raise with the general director a row of its own (with its task's code and
    titles, in the report's cluster order, then the code): one query for both."""

    def raised(name: str) -> Case:
        return Case(When(raise_with_director=True, then=F(name)))

    names = ("pk", "task_id", *(f"task__{name}" for name in DROPPED_TASK_FIELDS))
    return (
        tasks.annotate(
            raised_cluster=raised("task__cluster"),
            **{alias: raised(name) for alias, name in zip(_RAISED, names, strict=True)},
        )
        .values_list("applies", "task__is_core", "horizon", "level", "level_reason", *_RAISED)
        .annotate(n=Count("pk"))
        .order_by(cluster_rank("raised_"), "raised_code")
    )


def _school_combinations(school_id: int) -> QuerySet:
    return _combinations_of(ListTask.objects.filter(school_id=school_id))


def _group_combinations(group_id: int) -> QuerySet:
    return _combinations_of(ListTask.objects.filter(group_id=group_id))


# A school's combinations by (school, change token): a few dozen rows.
_COMBINATIONS: Kept[tuple, list[tuple]] = Kept(1_000)


def task_list_summary(*, owner: Owner, token: int | None = None) -> dict:
    """Counts of the customised list by applies, horizon, level and reason, and the
    tasks to raise with the general director (one query; none for a school whose change
    ``token`` is given and the one they were read at)."""
    # Counted per combination of the five values (a few dozen rows) and added up here:
    # one filtered count per figure made a query of twenty aggregates, slower to build
    # than to run.
    counts: dict = {"total": 0, "applying": 0, "core": 0}
    counts.update({f"horizon_{value}": 0 for value in Horizon.values})
    counts.update({f"level_{value}": 0 for value in ListLevel.values})
    counts.update({f"reason_{value}": 0 for value in LevelReason.values})
    # Compiled once per process (building the grouped query cost more than running it).
    if isinstance(owner, School):

        def read() -> list[tuple]:
            return compiled_rows(_school_combinations, school_id=owner.pk)

        combinations = (
            read() if token is None else kept_by_token(_COMBINATIONS, owner, read, token=token)
        )
    else:
        combinations = compiled_rows(_group_combinations, group_id=owner.pk)
    to_raise = []
    db = ListTask.objects.db
    for applies, is_core, horizon, level, reason, *raised, n in combinations:
        if raised[0] is not None:
            # The entry with its task's code and titles (the rest deferred): ids, a code
            # and titles need no conversion from the database's values.
            entry = row_instance(ListTask, ("id", "task_id"), raised[:2], db)
            entry._state.fields_cache["task"] = row_instance(
                Task, DROPPED_TASK_FIELDS, raised[2:], db
            )
            to_raise.append(entry)
        counts["total"] += n
        if not applies:
            continue
        counts["applying"] += n
        if is_core:
            counts["core"] += n
        if f"horizon_{horizon}" in counts:
            counts[f"horizon_{horizon}"] += n
        if horizon != Horizon.DROPPED and f"level_{level}" in counts:
            counts[f"level_{level}"] += n
        if f"reason_{reason}" in counts:
            counts[f"reason_{reason}"] += n
    counts["horizons"] = [(label, counts[f"horizon_{value}"]) for value, label in Horizon.choices]
    counts["levels"] = [(label, counts[f"level_{value}"]) for value, label in ListLevel.choices]
    counts["reasons"] = [(label, counts[f"reason_{value}"]) for value, label in LevelReason.choices]
    counts["to_raise"] = to_raise
    return counts
