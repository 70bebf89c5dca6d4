import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from policy import services as policy
from policy.models import PolicyPlan
from schools.compiled import compiled_rows
from schools.models import School
from tasks.models import ListTask
from tests.factories import ListTaskFactory
from tests.factories import SchoolFactory
from tests.factories import SchoolGroupFactory

pytestmark = pytest.mark.django_db


def _schools_of(group_id):
    return School.objects.filter(group_id=group_id).values_list("name").order_by("name")


def _schools_among(school_ids, group_id):
    return (
        School.objects.filter(pk__in=school_ids, group_id=group_id)
        .values_list("name")
        .order_by("name")
    )


def _every_school(group_id):
    return School.objects.values_list("name")


def test_each_call_reads_the_rows_of_its_own_ids():
    first, second = SchoolGroupFactory(), SchoolGroupFactory()
    SchoolFactory(group=first, name="Atheneum")
    SchoolFactory(group=second, name="Broederschool")
    SchoolFactory(group=second, name="College")

    assert compiled_rows(_schools_of, group_id=first.pk) == [("Atheneum",)]
    assert compiled_rows(_schools_of, group_id=second.pk) == [("Broederschool",), ("College",)]


def test_a_list_of_ids_and_a_single_id_are_swapped_in_together():
    group, other = SchoolGroupFactory(), SchoolGroupFactory()
    a = SchoolFactory(group=group, name="Atheneum")
    b = SchoolFactory(group=group, name="Broederschool")
    c = SchoolFactory(group=other, name="College")

    assert compiled_rows(_schools_among, school_ids=[a.pk, c.pk], group_id=group.pk) == [
        ("Atheneum",)
    ]
    assert compiled_rows(_schools_among, school_ids=[b.pk, a.pk], group_id=group.pk) == [
        ("Atheneum",),
        ("Broederschool",),
    ]
    assert compiled_rows(_schools_among, school_ids=[c.pk], group_id=other.pk) == [("College",)]


def test_a_query_that_does_not_filter_by_its_id_is_refused():
    with pytest.raises(ImproperlyConfigured, match="_every_school"):
        compiled_rows(_every_school, group_id=SchoolGroupFactory().pk)


def _names_in_language(group_id):
    # The column read depends on the active language, as a task's title does.
    column = "name" if translation.get_language() == "nl" else "slug"
    return School.objects.filter(group_id=group_id).values_list(column)


def test_a_query_is_compiled_again_for_another_language():
    group = SchoolGroupFactory()
    SchoolFactory(group=group, name="Atheneum", slug="atheneum-slug")

    with translation.override("nl"):
        assert compiled_rows(_names_in_language, group_id=group.pk) == [("Atheneum",)]
    with translation.override("en"):
        assert compiled_rows(_names_in_language, group_id=group.pk) == [("atheneum-slug",)]


def _applies(school_id):
    return ListTask.objects.filter(school_id=school_id).values_list("applies")


def _column_of(school_id, *, field):
    return ListTask.objects.filter(school_id=school_id).values_list(field).order_by(field)


def test_converted_rows_come_as_values_list_gives_them():
    entry = ListTaskFactory(applies=True)

    assert compiled_rows(_applies, convert=True, school_id=entry.school_id) == list(
        ListTask.objects.filter(pk=entry.pk).values_list("applies")
    )
    assert compiled_rows(_applies, convert=True, school_id=entry.school_id)[0][0] is True


def test_each_set_of_options_is_compiled_on_its_own():
    entry = ListTaskFactory(applies=True, note="A note")

    assert compiled_rows(_column_of, options={"field": "note"}, school_id=entry.school_id) == [
        ("A note",)
    ]
    assert compiled_rows(_column_of, options={"field": "task_id"}, school_id=entry.school_id) == [
        (entry.task_id,)
    ]


def _school_ids_and_names(group_id):
    return School.objects.filter(group_id=group_id).values_list("pk", "name")


def test_outer_sql_reads_the_querys_rows_and_its_ids_are_swapped_in_too():
    first, second = SchoolGroupFactory(), SchoolGroupFactory()
    SchoolFactory(group=first, name="Atheneum")
    SchoolFactory(group=first, name="Broederschool")
    SchoolFactory(group=second, name="College")
    outer = "SELECT COUNT(*) FROM ({rows}) schools"

    assert compiled_rows(_school_ids_and_names, outer=outer, group_id=first.pk) == [(2,)]
    assert compiled_rows(_school_ids_and_names, outer=outer, group_id=second.pk) == [(1,)]
    # The same query without the outer SQL is compiled on its own.
    assert len(compiled_rows(_school_ids_and_names, group_id=first.pk)) == 2


def test_outer_sql_and_django_conversions_are_not_asked_together():
    with pytest.raises(ImproperlyConfigured):
        compiled_rows(
            _school_ids_and_names,
            outer="SELECT COUNT(*) FROM ({rows}) schools",
            convert=True,
            group_id=SchoolGroupFactory().pk,
        )


def _evaluated_before(school_id, today):
    return PolicyPlan.objects.filter(school_id=school_id, next_evaluation__lt=today).values_list(
        "next_evaluation"
    )


def test_a_date_is_swapped_in_as_the_ids_are():
    school = SchoolFactory()
    plan = policy.plan_get_or_create(owner=school)
    PolicyPlan.objects.filter(pk=plan.pk).update(next_evaluation=datetime.date(2026, 3, 1))

    def read(today):
        return compiled_rows(
            _evaluated_before, convert=True, dates={"today": today}, school_id=school.pk
        )

    assert read(datetime.date(2026, 3, 1)) == []
    assert read(datetime.date(2026, 3, 2)) == [(datetime.date(2026, 3, 1),)]
    assert read(datetime.date(2025, 1, 1)) == []


def _every_plan(school_id, today):
    return PolicyPlan.objects.filter(school_id=school_id).values_list("pk")


def test_a_query_that_does_not_compare_with_its_date_is_refused():
    with pytest.raises(ImproperlyConfigured, match="today"):
        compiled_rows(
            _every_plan, dates={"today": datetime.date(2026, 3, 1)}, school_id=SchoolFactory().pk
        )


def _school_named(group_id, slug):
    return School.objects.filter(group_id=group_id, slug=slug).values_list("name")


def test_a_text_is_swapped_in_as_the_ids_are():
    group = SchoolGroupFactory()
    SchoolFactory(group=group, name="Atheneum", slug="atheneum")
    SchoolFactory(group=group, name="College", slug="college")

    def read(slug):
        return compiled_rows(_school_named, texts={"slug": slug}, group_id=group.pk)

    assert read("college") == [("College",)]
    assert read("atheneum") == [("Atheneum",)]
    assert read("nowhere") == []
