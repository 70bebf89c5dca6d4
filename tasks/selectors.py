"""Reads of the catalogue and of task lists. Every function runs a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field

from django.db import router
from django.db.models import Case
from django.db.models import Count
from django.db.models import IntegerField
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import When
from django.db.models import Window

from schools.access import Owner
from schools.access import owner_kwargs
from schools.compiled import compiled_rows
from schools.compiled import row_instance
from schools.models import School
from tasks.models import COMPETENCE_FIELDS
from tasks.models import CONTEXT_FIELDS
from tasks.models import Cluster
from tasks.models import ListTask
from tasks.models import Task
from tasks.models import localized
from tasks.models import localized_lookup
from tasks.models import text_language


@dataclass(frozen=True)
class TaskFilters:
    """The filters shared by the catalogue and the task lists."""

    q: str = ""
    cluster: str = ""
    topic: str = ""
    core: bool | None = None
    level: str = ""
    competence: str = ""
    context: str = ""
    # List-only filters.
    applies: bool | None = None
    horizon: str = ""
    list_level: str = ""
    to_review: bool = False
    extra: dict = field(default_factory=dict)


def _task_condition(filters: TaskFilters, prefix: str = "") -> Q:
    condition = Q()
    if filters.q:
        words = filters.q.split()
        for word in words:
            condition &= (
                localized_lookup("title", "icontains", word, prefix=prefix)
                | localized_lookup("description", "icontains", word, prefix=prefix)
                | Q(**{f"{prefix}code__icontains": word})
                | localized_lookup("topic", "icontains", word, prefix=prefix)
            )
    if filters.cluster:
        condition &= Q(**{f"{prefix}cluster": filters.cluster})
    if filters.topic:
        condition &= localized_lookup("topic", "exact", filters.topic, prefix=prefix)
    if filters.core is not None:
        condition &= Q(**{f"{prefix}is_core": filters.core})
    if filters.level:
        condition &= Q(**{f"{prefix}level": filters.level})
    if filters.competence in COMPETENCE_FIELDS:
        condition &= Q(**{f"{prefix}{COMPETENCE_FIELDS[filters.competence]}": True})
    if filters.context in CONTEXT_FIELDS:
        condition &= Q(**{f"{prefix}{CONTEXT_FIELDS[filters.context]}": True})
    return condition


def cluster_rank(prefix: str = "") -> Case:
    """The report's cluster order (technical, pedagogical, policy, administrative) in SQL."""
    return Case(
        *(
            When(**{f"{prefix}cluster": value}, then=Value(i))
            for i, value in enumerate(Cluster.values)
        ),
        default=Value(len(Cluster.values)),
        output_field=IntegerField(),
    )


def task_catalogue(*, filters: TaskFilters | None = None) -> QuerySet[Task]:
    """Active catalogue tasks matching the filters, in cluster, topic and code order."""
    filters = filters or TaskFilters()
    return (
        Task.objects.catalogue()
        .active()
        .filter(_task_condition(filters))
        .order_by(cluster_rank(), localized("topic"), "code")
    )


def _topics(*, language: str) -> QuerySet:
    return (
        Task.objects.catalogue()
        .active()
        .annotate(local_topic=localized("topic", language=language))
        .values_list("cluster", "local_topic")
        # No ordering: the model's would join the DISTINCT's columns (the ORM hides them
        # from its rows, a compiled query's rows would carry them).
        .order_by()
        .distinct()
    )


def catalogue_topics() -> list[tuple[str, str]]:
    """(cluster, topic) pairs of the active catalogue in the reader's language, for the filter.

    Compiled once per process and language: every view of the task list and the catalogue
    draws the filter, and Django took longer to build the query than to run it."""
    order = {value: i for i, value in enumerate(Cluster.values)}
    pairs = compiled_rows(_topics, options={"language": text_language()})
    return sorted(set(pairs), key=lambda p: (order.get(p[0], len(order)), p[1]))


def _summary() -> QuerySet:
    return (
        Task.objects.catalogue()
        .active()
        .values("cluster")
        .annotate(total=Count("pk"), core=Count("pk", filter=Q(is_core=True)))
        .values_list("cluster", "total", "core")
        .order_by()
    )


def catalogue_summary() -> list[dict]:
    """Tasks and core tasks per cluster in the active catalogue, in the report's order.

    Its query compiled once per process (``compiled_rows``), as the catalogue's tasks."""
    by_cluster = {cluster: (total, core) for cluster, total, core in compiled_rows(_summary)}
    return [
        {
            "cluster": value,
            "label": label,
            "total": by_cluster.get(value, (0, 0))[0],
            "core": by_cluster.get(value, (0, 0))[1],
        }
        for value, label in Cluster.choices
    ]


# What the catalogue page shows of a task: not its long texts (a description and a reason
# in each language), its source and timestamps, which stay deferred.
CATALOGUE_FIELDS = tuple(
    field.attname
    for field in Task._meta.concrete_fields
    if not field.name.startswith(("description_", "why_core_"))
    and field.name not in {"source", "created", "updated"}
)


def _catalogue_rows(filters: TaskFilters | None = None) -> QuerySet:
    return task_catalogue(filters=filters).values_list(*CATALOGUE_FIELDS)


def catalogue_tasks(*, filters: TaskFilters | None = None) -> list[Task]:
    """``task_catalogue`` as a list, each task with ``CATALOGUE_FIELDS`` (the rest deferred).

    The catalogue as first shown, unfiltered, is read through a query compiled once per
    process and language (``compiled_rows``: Django took longer to build its ordering and
    its 150 model instances than the database to run it), its rows built into the same
    tasks (``row_instance``); a filtered one through the ORM, its search words being any
    text."""
    filters = filters or TaskFilters()
    if filters == TaskFilters():
        rows = compiled_rows(_catalogue_rows, convert=True)
    else:
        rows = _catalogue_rows(filters)
    db = router.db_for_read(Task)
    return [row_instance(Task, CATALOGUE_FIELDS, row, db) for row in rows]


def task_list_entries(*, owner: Owner, filters: TaskFilters | None = None) -> QuerySet[ListTask]:
    """A school's or group's list entries with their tasks, filtered, in catalogue order."""
    filters = filters or TaskFilters()
    condition = _task_condition(filters, prefix="task__")
    if filters.applies is not None:
        condition &= Q(applies=filters.applies)
    if filters.horizon:
        condition &= Q(horizon=filters.horizon)
    if filters.list_level:
        condition &= Q(level=filters.list_level)
    if filters.to_review:
        condition &= ~Q(review="")
    return (
        ListTask.objects.filter(**owner_kwargs(owner))
        .filter(condition)
        .select_related("task")
        .order_by(cluster_rank("task__"), localized("topic", prefix="task__"), "task__code")
    )


# What a page reads of an entry and its task: every field of the entry (the task list's
# editor and step 6 save them), not the task's long texts (a description and a reason in
# each language), its source and its timestamps, which stay deferred as ``only()`` leaves
# them: the rows show a task's code, title, topic and cluster, and the team's pages read
# the catalogue's tasks, never save them.
ENTRY_FIELDS = tuple(field.attname for field in ListTask._meta.concrete_fields)
TASK_FIELDS = tuple(
    field.attname
    for field in Task._meta.concrete_fields
    if not field.name.startswith(("description_", "why_core_"))
    and field.name not in {"source", "created", "updated"}
)


def entries_from_rows(rows: Iterable[tuple], task_fields: Sequence[str] = TASK_FIELDS) -> list:
    """Entries with their tasks from rows of ``ENTRY_FIELDS`` then ``task_fields`` (a
    ``values_list`` over both): what ``select_related("task")`` builds, from plain rows."""
    db = router.db_for_read(ListTask)
    split = len(ENTRY_FIELDS)
    entries = []
    for row in rows:
        entry = row_instance(ListTask, ENTRY_FIELDS, row[:split], db)
        entry._state.fields_cache["task"] = row_instance(Task, task_fields, row[split:], db)
        entries.append(entry)
    return entries


def _list_page_rows(owner_id: int, *, kind: type, start: int, stop: int) -> QuerySet:
    # The list's counts over the whole list (a window over every row the filter leaves,
    # computed before the page's LIMIT), on each row of the page.
    windows = {f"list_{name}": Window(count) for name, count in _LIST_COUNTS.items()}
    return (
        task_list_entries(owner=kind(pk=owner_id))
        .annotate(**windows)
        .values_list(*ENTRY_FIELDS, *(f"task__{name}" for name in TASK_FIELDS), *windows)
    )[start:stop]


def task_list_page_counted(
    *, owner: Owner, start: int, stop: int
) -> tuple[list[ListTask], dict[str, int] | None]:
    """Rows ``start`` to ``stop`` of the unfiltered ``task_list_entries``, each entry with
    its task (``TASK_FIELDS``, the rest deferred): the same entries in the same order;
    with the list's counts (``task_list_counts``), or None when a page after the first
    has no rows (it is past the list's end).

    The list as first shown, a page at a time: its SQL (the clusters' ``CASE``, the topic
    in the reader's language) is compiled once per process, language and page, and the
    fifty rows are built from plain rows (``row_instance``); Django took longer to build
    and compile the query and its instances than the database to run it. The counts come
    in the same query: a second round trip to the database for the same rows cost the
    page more than counting them there."""
    rows = compiled_rows(
        _list_page_rows,
        options={"kind": type(owner), "start": start, "stop": stop},
        convert=True,
        owner_id=owner.pk,
    )
    split = len(ENTRY_FIELDS) + len(TASK_FIELDS)
    if rows:
        counts = dict(zip(_LIST_COUNTS, rows[0][split:], strict=True))
    else:
        # No rows on the first page: an empty list, every count nought.
        counts = dict.fromkeys(_LIST_COUNTS, 0) if start == 0 else None
    return entries_from_rows(row[:split] for row in rows), counts


def task_list_page(*, owner: Owner, start: int, stop: int) -> list[ListTask]:
    """``task_list_page_counted``'s entries."""
    return task_list_page_counted(owner=owner, start=start, stop=stop)[0]


# Every field of a task: an entry's own page shows its long texts and its source too.
ALL_TASK_FIELDS = tuple(field.attname for field in Task._meta.concrete_fields)


def _school_entry_rows(school_id: int, entry_id: int) -> QuerySet:
    return (
        ListTask.objects.filter(school_id=school_id, pk=entry_id)
        .order_by()
        .values_list(*ENTRY_FIELDS, *(f"task__{name}" for name in ALL_TASK_FIELDS))
    )


def school_list_entry(*, school: School, pk: int) -> ListTask | None:
    """The entry ``pk`` of the school's list with its task, every field of both, as
    ``select_related("task")`` reads it; None if the list has no such entry.

    ``school`` is one the reader may see (``get_school_or_404``): its list is theirs to
    read, as ``scope_queryset`` would have it. Its SQL is compiled once per process:
    Django took longer to build and compile the query than the database to run it."""
    rows = compiled_rows(_school_entry_rows, convert=True, school_id=school.pk, entry_id=pk)
    entries = entries_from_rows(rows, task_fields=ALL_TASK_FIELDS)
    return entries[0] if entries else None


_LIST_COUNTS = {
    "total": Count("pk"),
    "applying": Count("pk", filter=Q(applies=True)),
    "applying_core": Count("pk", filter=Q(applies=True, task__is_core=True)),
    "to_review": Count("pk", filter=~Q(review="")),
    "own": Count("pk", filter=Q(task__school__isnull=False) | Q(task__group__isnull=False)),
}


def _list_counts(owner_field: str, owner_id: int) -> QuerySet:
    # Grouped by the owner's column, which the filter holds to one value: one row.
    return (
        ListTask.objects.filter(**{owner_field: owner_id})
        .order_by()
        .values(owner_field)
        .annotate(**_LIST_COUNTS)
        .values_list(*_LIST_COUNTS)
    )


def _school_counts(school_id: int) -> QuerySet:
    return _list_counts("school_id", school_id)


def _group_counts(group_id: int) -> QuerySet:
    return _list_counts("group_id", group_id)


def task_list_counts(*, owner: Owner) -> dict[str, int]:
    """The list's counts in one query, its SQL compiled once per process: Django took
    longer to build the five filtered counts than the database to count them."""
    if isinstance(owner, School):
        rows = compiled_rows(_school_counts, school_id=owner.pk)
    else:
        rows = compiled_rows(_group_counts, group_id=owner.pk)
    return dict(zip(_LIST_COUNTS, rows[0] if rows else (0,) * len(_LIST_COUNTS), strict=True))
