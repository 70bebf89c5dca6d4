"""Tasks the school group covers for a school."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Exists,
    OuterRef,
    Q,
    QuerySet,
)

from schools.compiled import compiled_rows
from schools.models import School
from tasks.models import ListLevel, ListTask
from teams.models import (
    Assignment,
)


@dataclass
class GroupCover:
    """A task of a school's list placed at group level, and who of the group does it.

    ``by_school``: the school itself placed the task at group level; ``by_group``: the
    group's own list places it there (step 5 when the group leads). ``people`` are the
    group-level people who execute it or are its lead in this school.
    """

    by_school: bool = False
    by_group: bool = False
    people: list[str] = field(default_factory=list)

    @property
    def covered(self) -> bool:
        return bool(self.people)


def _covered_entries(school_id: int, group_id: int) -> QuerySet:
    group_choice = ListTask.objects.filter(
        group_id=group_id,
        task_id=OuterRef("task_id"),
        level=ListLevel.SCHOOL_GROUP,
        applies=True,
    )
    return (
        ListTask.objects.filter(school_id=school_id)
        .annotate(set_by_group=Exists(group_choice))
        .filter(Q(level=ListLevel.SCHOOL_GROUP) | Q(set_by_group=True))
        .values_list("pk", "level", "set_by_group")
    )


def _group_doers(school_id: int) -> QuerySet:
    return (
        Assignment.objects.filter(school_id=school_id, person__group__isnull=False)
        .filter(Q(executes=True) | Q(lead=True))
        .values_list("list_task_id", "person__name")
        .order_by("person__name")
    )


def group_coverage(*, school: School) -> dict[int, GroupCover]:
    """The school's list entries set at group level, by entry id, with who covers them.

    Two queries whatever the length of the list, compiled once per process
    (``compiled_rows``): the task list and an entry's page ask on every view, and Django
    took longer to build them than the database to run them.
    """
    entries = compiled_rows(_covered_entries, school_id=school.pk, group_id=school.group_id)
    covers = {
        # As the database returns it: the EXISTS may be 0 or 1.
        pk: GroupCover(by_school=level == ListLevel.SCHOOL_GROUP, by_group=bool(set_by_group))
        for pk, level, set_by_group in entries
    }
    for list_task_id, name in compiled_rows(_group_doers, school_id=school.pk):
        cover = covers.get(list_task_id)
        if cover is not None and name not in cover.people:
            cover.people.append(name)
    return covers
