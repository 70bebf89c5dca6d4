"""Reads with SQL compiled once per process (``schools.compiled.compiled_rows``): the same
figures as the ORM's, for each owner on its own and in each language."""

import pytest
from django.db.models import Count, Q
from django.utils import translation

from tasks.models import Cluster, ListTask, Task, TaskStatus
from tasks.selectors import catalogue_topics, task_list_counts
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


@pytest.mark.parametrize("language", ["nl", "en"])
def test_catalogue_topics_are_the_catalogues_topics_in_the_readers_language(language):
    def task(topic_nl: str, topic_en: str, **kwargs) -> None:
        pk = TaskFactory(**kwargs).pk
        Task.objects.filter(pk=pk).update(topic_nl=topic_nl, topic_en=topic_en)

    task("Didactiek", "Teaching", cluster=Cluster.PEDAGOGICAL)
    task("Didactiek", "Teaching", cluster=Cluster.PEDAGOGICAL)
    task("Netwerk", "", cluster=Cluster.TECHNICAL)
    task("Oud", "Old", cluster=Cluster.TECHNICAL, status=TaskStatus.RETIRED)
    task("Eigen", "Own", cluster=Cluster.TECHNICAL, school=SchoolFactory())
    with translation.override(language):
        topics = catalogue_topics()
    teaching = "Didactiek" if language == "nl" else "Teaching"
    assert topics == [("technical", "Netwerk"), ("pedagogical", teaching)]
    assert Task.objects.count() == 5
