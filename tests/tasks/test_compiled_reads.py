"""Reads with SQL compiled once per process (``schools.compiled.compiled_rows``): the same
figures as the ORM's, for each owner on its own and in each language."""

import pytest
from django.db.models import Count
from django.db.models import Q
from django.utils import translation

from tasks.models import Cluster
from tasks.models import ListTask
from tasks.models import Task
from tasks.models import TaskStatus
from tasks.selectors import TaskFilters
from tasks.selectors import catalogue_summary
from tasks.selectors import catalogue_tasks
from tasks.selectors import catalogue_topics
from tasks.selectors import school_list_entry
from tasks.selectors import task_catalogue
from tasks.selectors import task_list_counts
from tasks.selectors import task_list_entries
from tasks.selectors import task_list_page
from tasks.selectors import task_list_page_counted
from tests.factories import ListTaskFactory
from tests.factories import SchoolFactory
from tests.factories import SchoolGroupFactory
from tests.factories import TaskFactory

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


def _catalogue(language: str) -> None:
    """A catalogue of every cluster, a retired task and a school's own task among it."""
    for n, cluster in enumerate([*Cluster.values, Cluster.TECHNICAL, Cluster.POLICY]):
        pk = TaskFactory(cluster=cluster, code=f"C-{9 - n}", is_core=n % 3 == 0).pk
        Task.objects.filter(pk=pk).update(topic_nl=f"Thema {n % 2}", topic_en=f"Topic {n}")
    TaskFactory(cluster=Cluster.TECHNICAL, status=TaskStatus.RETIRED)
    TaskFactory(cluster=Cluster.TECHNICAL, school=SchoolFactory())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_catalogues_tasks_are_the_orms_in_the_same_order(language):
    _catalogue(language)
    names = [field.attname for field in Task._meta.concrete_fields]
    with translation.override(language):
        expected = [tuple(getattr(task, name) for name in names) for task in task_catalogue()]
        found = catalogue_tasks()
        assert [tuple(getattr(task, name) for name in names) for task in found] == expected
        assert len(found) == 6
        filtered = catalogue_tasks(filters=TaskFilters(cluster=Cluster.TECHNICAL))
        assert [task.code for task in filtered] == [
            task.code for task in task_catalogue(filters=TaskFilters(cluster=Cluster.TECHNICAL))
        ]


def test_the_catalogue_summary_counts_as_the_orm_does():
    _catalogue("nl")
    rows = (
        Task.objects.catalogue()
        .active()
        .values("cluster")
        .annotate(total=Count("pk"), core=Count("pk", filter=Q(is_core=True)))
    )
    counts = {row["cluster"]: (row["total"], row["core"]) for row in rows}
    summary = catalogue_summary()
    assert [row["cluster"] for row in summary] == Cluster.values
    assert {row["cluster"]: (row["total"], row["core"]) for row in summary} == counts


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_task_lists_page_is_the_orms_page_of_the_same_entries_in_the_same_order(language):
    group = SchoolGroupFactory()
    school, other = SchoolFactory(group=group), SchoolFactory(group=group)
    for n, cluster in enumerate([*Cluster.values, *Cluster.values, Cluster.TECHNICAL]):
        task = TaskFactory(cluster=cluster, code=f"T{20 - n:02}", is_core=n % 3 == 0)
        Task.objects.filter(pk=task.pk).update(
            topic_nl=f"Onderwerp {n % 4}", topic_en=f"Topic {n % 3}"
        )
        ListTaskFactory(school=school, task=task, applies=n % 2 == 0, note=f"note {n}")
        ListTaskFactory(school=other, task=task)
        ListTaskFactory(school=None, group=group, task=task, horizon="")
    ListTaskFactory(school=school, task=TaskFactory(school=school, cluster=Cluster.POLICY))
    with translation.override(language):
        for owner in (school, group):
            orm = list(task_list_entries(owner=owner))
            assert len(orm) > 6
            for start, stop in ((0, 4), (4, 8), (8, 50)):
                page = task_list_page(owner=owner, start=start, stop=stop)
                _, counts = task_list_page_counted(owner=owner, start=start, stop=stop)
                assert counts == task_list_counts(owner=owner)
                assert [e.pk for e in page] == [e.pk for e in orm[start:stop]]
                for mine, theirs in zip(page, orm[start:stop], strict=True):
                    for field in ListTask._meta.concrete_fields:
                        name = field.attname
                        assert getattr(mine, name) == getattr(theirs, name), name
                        assert type(getattr(mine, name)) is type(getattr(theirs, name)), name
                    assert mine.task.pk == theirs.task.pk
                    for name in ("code", "title", "topic", "cluster", "is_core", "is_own"):
                        assert getattr(mine.task, name) == getattr(theirs.task, name), name
                    assert mine.task.get_cluster_display() == theirs.task.get_cluster_display()


def test_a_school_list_entry_is_the_orms_entry_and_task_with_every_field(
    django_assert_num_queries,
):
    group = SchoolGroupFactory()
    school, other = SchoolFactory(group=group), SchoolFactory(group=group)
    entry = ListTaskFactory(
        school=school, task=TaskFactory(is_core=True, source="§ 3.2"), note="Ours & <theirs>"
    )
    own = ListTaskFactory(school=school, task=TaskFactory(school=school), applies=False)
    foreign = ListTaskFactory(school=other)
    group_entry = ListTaskFactory(school=None, group=group)
    for wanted in (entry, own):
        theirs = ListTask.objects.select_related("task").get(pk=wanted.pk)
        with django_assert_num_queries(1):
            mine = school_list_entry(school=school, pk=wanted.pk)
            # Nothing deferred: the page reads the task's long texts and source too.
            read = [getattr(mine, f.attname) for f in ListTask._meta.concrete_fields]
            read += [getattr(mine.task, f.attname) for f in Task._meta.concrete_fields]
        assert read
        for obj, orm in ((mine, theirs), (mine.task, theirs.task)):
            for field in type(orm)._meta.concrete_fields:
                name = field.attname
                assert getattr(obj, name) == getattr(orm, name), name
                assert type(getattr(obj, name)) is type(getattr(orm, name)), name
            assert not obj._state.adding and obj._state.db == orm._state.db
    assert school_list_entry(school=school, pk=foreign.pk) is None
    assert school_list_entry(school=school, pk=group_entry.pk) is None
    assert school_list_entry(school=other, pk=entry.pk) is None
