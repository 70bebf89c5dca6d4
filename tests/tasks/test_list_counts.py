"""``task_list_counts`` reads its five counts with SQL compiled once per process: the same
figures as the ORM's aggregate, for each owner on its own."""

import pytest
from django.db.models import Count, Q

from tasks.models import ListTask
from tasks.selectors import task_list_counts
from tests.factories import ListTaskFactory, SchoolFactory, SchoolGroupFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _aggregate(**owner) -> dict[str, int]:
    return ListTask.objects.filter(**owner).aggregate(
        total=Count("pk"),
        applying=Count("pk", filter=Q(applies=True)),
        applying_core=Count("pk", filter=Q(applies=True, task__is_core=True)),
        to_review=Count("pk", filter=~Q(review="")),
        own=Count("pk", filter=Q(task__school__isnull=False) | Q(task__group__isnull=False)),
    )


def test_task_list_counts_are_the_aggregates_figures_for_schools_and_groups():
    group = SchoolGroupFactory()
    school, other = SchoolFactory(group=group), SchoolFactory(group=group)
    ListTaskFactory(school=school, applies=True, task=TaskFactory(is_core=True))
    ListTaskFactory(school=school, applies=True, review="changed")
    ListTaskFactory(school=school, applies=False, task=TaskFactory(school=school))
    ListTaskFactory(school=other, applies=True)
    ListTaskFactory(school=None, group=group, applies=True, task=TaskFactory(group=group))

    assert task_list_counts(owner=school) == _aggregate(school=school)
    assert task_list_counts(owner=school) == {
        "total": 3,
        "applying": 2,
        "applying_core": 1,
        "to_review": 1,
        "own": 1,
    }
    assert task_list_counts(owner=other) == _aggregate(school=other)
    assert task_list_counts(owner=group) == _aggregate(group=group)
    assert task_list_counts(owner=group)["own"] == 1


def test_an_empty_list_counts_zero():
    assert task_list_counts(owner=SchoolFactory()) == dict.fromkeys(
        ("total", "applying", "applying_core", "to_review", "own"), 0
    )
