"""Tasks the school group covers for a school."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field

from django.db.models import BooleanField
from django.db.models import CharField
from django.db.models import Exists
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value

from schools.compiled import compiled_rows
from schools.models import School
from tasks.models import ListLevel
from tasks.models import ListTask
from teams.models import Assignment


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


def _coverage_rows(school_id: int, group_id: int) -> QuerySet:
    """Rows (entry id, level, set by the group, name): the school's list entries at
    group level, with no name; then the group-level people who execute or lead a task of
    the school, an entry id and a name each, by name. One query for the two: its round
    trip cost the task list and an entry's page more than its rows.
    """
    group_choice = ListTask.objects.filter(
        group_id=group_id,
        task_id=OuterRef("task_id"),
        level=ListLevel.SCHOOL_GROUP,
        applies=True,
    )
    # Every column an annotation, named alike in both: the union's columns line up.
    entries = (
        ListTask.objects.filter(school_id=school_id)
        .annotate(
            entry=F("pk"),
            entry_level=F("level"),
            by_group=Exists(group_choice),
            doer=Value(None, output_field=CharField()),
        )
        .filter(Q(level=ListLevel.SCHOOL_GROUP) | Q(by_group=True))
        .values_list("entry", "entry_level", "by_group", "doer")
        .order_by()
    )
    doers = (
        Assignment.objects.filter(school_id=school_id, person__group__isnull=False)
        .filter(Q(executes=True) | Q(lead=True))
        .annotate(
            entry=F("list_task_id"),
            entry_level=Value("", output_field=CharField()),
            by_group=Value(False, output_field=BooleanField()),
            doer=F("person__name"),
        )
        .values_list("entry", "entry_level", "by_group", "doer")
        .order_by()
    )
    # By name: the entries' rows, with no name, come first or last as the database
    # sorts a NULL; they are read first either way.
    return entries.union(doers, all=True).order_by("doer")


def group_coverage(*, school: School) -> dict[int, GroupCover]:
    """The school's list entries set at group level, by entry id, with who covers them.

    One query whatever the length of the list (``_coverage_rows``), compiled once per
    process (``compiled_rows``): the task list and an entry's page ask on every view, and
    Django took longer to build it than the database to run it.
    """
    rows = compiled_rows(_coverage_rows, school_id=school.pk, group_id=school.group_id)
    covers = {
        # As the database returns it: the EXISTS may be 0 or 1.
        pk: GroupCover(by_school=level == ListLevel.SCHOOL_GROUP, by_group=bool(set_by_group))
        for pk, level, set_by_group, name in rows
        if name is None
    }
    for list_task_id, _level, _set_by_group, name in rows:
        cover = covers.get(list_task_id) if name is not None else None
        if cover is not None and name not in cover.people:
            cover.people.append(name)
    return covers
