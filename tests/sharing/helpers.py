"""A group whose schools divide one task differently, for the sharing tests."""

from __future__ import annotations

from decimal import Decimal

from schools.models import School
from tasks.models import Task
from teams.models import Assignment
from teams.models import Person
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory


def setup(
    school: School,
    task: Task,
    *holders: tuple[Person, dict],
    level: str = "school",
) -> list[Assignment]:
    """Put ``task`` on the school's list and give each (person, mandates) its assignment."""
    entry = ListTaskFactory(school=school, task=task, level=level)
    return [
        Assignment.objects.create(
            school=school,
            list_task=entry,
            person=person,
            hours=Decimal(str(mandates.pop("hours", 1))),
            **mandates,
        )
        for person, mandates in holders
    ]


def person(school: School, name: str, *roles: str) -> Person:
    return PersonFactory(school=school, name=name, roles=list(roles))
