"""Small builders for team tests: tasks on a school's list, people, mandates.

People and assignments go through the services, so tests exercise the same validation
as the pages.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import count

from schools.models import School
from schools.models import SchoolGroup
from tasks.models import COMPETENCE_FIELDS
from tasks.models import ListLevel
from tasks.models import ListTask
from teams.models import Assignment
from teams.models import Level
from teams.models import Person
from teams.services import assignment_set
from teams.services import person_create
from tests.factories import ListTaskFactory
from tests.factories import TaskFactory

_codes = count(1)


def team_task(
    school: School,
    *,
    cluster: str = "technical",
    core: bool = False,
    needs: tuple[str, ...] = ("technical",),
    level: str = ListLevel.SCHOOL,
    title: str | None = None,
    applies: bool = True,
) -> ListTask:
    """A task on the school's list that the team has to cover."""
    number = next(_codes)
    task = TaskFactory(
        code=f"{cluster[:3].upper()}-T-{number:03d}",
        cluster=cluster,
        is_core=core,
        title=title or f"{cluster} task {number}",
        **{field: key in needs for key, field in COMPETENCE_FIELDS.items()},
    )
    return ListTaskFactory(school=school, task=task, level=level, applies=applies)


ALL_GOOD = dict.fromkeys(("technical", "pedagogical", "policy", "administrative"), Level.GOOD)


def person(
    school: School | None = None,
    *,
    name: str | None = None,
    roles: tuple[str, ...] = ("digicoach",),
    hours: Decimal | int = 10,
    competences: dict[str, int] | None = None,
    group: SchoolGroup | None = None,
    shares: dict[School, Decimal] | None = None,
) -> Person:
    """A person of the school (or a group-level person with shares), good at everything."""
    return person_create(
        school=school,
        group=group,
        name=name or f"Person {next(_codes)}",
        roles=list(roles),
        ict_hours=Decimal(hours),
        competences={**ALL_GOOD, **(competences or {})},
        school_shares=shares,
    )


def give(
    school: School,
    entry: ListTask,
    who: Person,
    *,
    backup: Person | None = None,
    hours: Decimal | int = 1,
    **mandates: bool,
) -> Assignment | None:
    """Set mandates (default: decides, executes and leads) on a task."""
    mandates = mandates or {"decides": True, "executes": True, "lead": True}
    return assignment_set(
        school=school,
        list_task=entry,
        person=who,
        backup=backup,
        hours=Decimal(hours),
        **mandates,
    )
