from decimal import Decimal

import pytest
from django.urls import reverse

from schools.models import Role
from schools.selectors import object_history
from schools.selectors import related_history
from tasks.models import ListLevel
from teams.models import PersonSchool
from teams.selectors import group_coverage
from teams.selectors import team_health
from teams.services import assignment_set
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db


def change(obj, user, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


# --- history ------------------------------------------------------------------------------


def test_object_history_tells_who_changed_what_newest_first(school):
    leader = member(school, role=Role.SCHOOL_LEADER, first_name="Sofie", last_name="Peeters")
    entry = ListTaskFactory(school=school)
    change(entry, leader, note="Ask the group", level=ListLevel.SCHOOL_GROUP, applies=False)
    history = object_history(obj=entry)
    assert [h.kind for h in history] == ["~", "+"]
    latest = history[0]
    assert latest.who == "Sofie Peeters"
    changes = {c.field: (c.old, c.new) for c in latest.changes}
    assert changes["note"] == ("—", "Ask the group")
    assert changes["level"] == ("School", "School group")
    assert changes["applies"] == ("yes", "no")
    assert "updated" not in changes


def test_history_is_limited_and_its_queries_do_not_grow(school, django_assert_num_queries):
    leader = member(school, role=Role.SCHOOL_LEADER)
    short, long = ListTaskFactory(school=school), ListTaskFactory(school=school)
    for n in range(2):
        change(short, leader, note=f"note {n}")
    for n in range(30):
        change(long, leader, note=f"note {n}")
    for entry in (short, long):
        with django_assert_num_queries(2):
            history = object_history(obj=entry, limit=5)
    assert len(history) == 5
    assert history[0].changes[0].new == "note 29"
    assert history[-1].changes[0].old == "note 24"


def test_mandate_history_names_people_and_keeps_ended_mandates(school):
    coordinator = member(school, first_name="Tom", last_name="Claes")
    entry = ListTaskFactory(school=school)
    an, lotte = PersonFactory(school=school, name="An"), PersonFactory(school=school, name="Lotte")
    assignment_set(school=school, list_task=entry, person=an, executes=True, user=coordinator)
    assignment_set(
        school=school, list_task=entry, person=an, executes=True, backup=lotte, user=coordinator
    )
    assignment_set(school=school, list_task=entry, person=lotte, decides=True, user=coordinator)
    assignment_set(school=school, list_task=entry, person=lotte, user=coordinator)  # ended
    history = related_history(obj=entry, related_name="assignments", subject="person")
    assert [(h.kind, h.subject) for h in history] == [
        ("-", "Lotte"),
        ("+", "Lotte"),
        ("~", "An"),
        ("+", "An"),
    ]
    assert all(h.who == "Tom Claes" for h in history)
    backup = next(c for c in history[2].changes if c.field == "backup")
    assert (backup.old, backup.new) == ("—", "Lotte")


def test_list_entry_page_shows_the_history_with_the_editor(client, school, password):
    leader = member(school, role=Role.SCHOOL_LEADER, first_name="Karel", last_name="Wouters")
    client.login(username=leader.username, password=password)
    entry = ListTaskFactory(school=school)
    url = reverse("tasks:school_entry", args=[school.slug, entry.pk])
    client.post(
        url,
        {
            "applies": "on",
            "horizon": "long",
            "level": "school",
            "level_reason": "",
            "note": "Later",
        },
    )
    page = client.get(url).content.decode()
    assert "History" in page
    assert "Karel Wouters" in page
    assert "Later" in page


def test_assignment_page_shows_who_changed_the_mandates(client, school, password):
    coordinator = member(school, role=Role.ICT_COORDINATOR, first_name="Tom", last_name="Claes")
    client.login(username=coordinator.username, password=password)
    entry = ListTaskFactory(school=school)
    an = PersonFactory(school=school, name="An Jacobs")
    assignment_set(school=school, list_task=entry, person=an, executes=True, user=coordinator)
    page = client.get(reverse("teams:task_assignments", args=[school.slug, entry.pk]))
    html = page.content.decode()
    assert "Who changed the mandates, and when" in html
    assert "Tom Claes" in html


# --- the group level ----------------------------------------------------------------------


@pytest.fixture
def hamid(group, school):
    person = PersonFactory(school=None, group=group, name="Hamid El Amrani", ict_hours=20)
    PersonSchool.objects.create(person=person, school=school, hours=Decimal("6"))
    return person


def test_tasks_set_at_group_level_show_who_of_the_group_covers_them(group, school, hamid):
    by_school = ListTaskFactory(school=school, level=ListLevel.SCHOOL_GROUP)
    assignment_set(school=school, list_task=by_school, person=hamid, executes=True)
    group_entry = ListTaskFactory(school=None, group=group, level=ListLevel.SCHOOL_GROUP)
    by_group = ListTaskFactory(school=school, task=group_entry.task)  # school level here
    ListTaskFactory(school=school)  # a task of the school's own
    covers = group_coverage(school=school)
    assert set(covers) == {by_school.pk, by_group.pk}
    assert covers[by_school.pk].people == ["Hamid El Amrani"]
    assert (covers[by_group.pk].by_group, covers[by_group.pk].covered) == (True, False)


def test_task_list_page_shows_group_coverage(client, group, school, hamid, password):
    entry = ListTaskFactory(
        school=school, level=ListLevel.SCHOOL_GROUP, task=TaskFactory(title="Network management")
    )
    assignment_set(school=school, list_task=entry, person=hamid, executes=True)
    reader = member(school, role=Role.TEAM_MEMBER)
    client.login(username=reader.username, password=password)
    html = client.get(reverse("tasks:school_list", args=[school.slug])).content.decode()
    assert "Covered by the group: Hamid El Amrani" in html


def test_team_health_counts_tasks_the_group_covers(group, school, hamid):
    core = ListTaskFactory(
        school=school, level=ListLevel.SCHOOL_GROUP, task=TaskFactory(is_core=True)
    )
    before = team_health(school=school)
    assert any(w.entry == core for w in before.for_rule("core_not_executed"))
    assignment_set(school=school, list_task=core, person=hamid, executes=True, lead=True)
    after = team_health(school=school)
    assert not any(w.entry == core for w in after.for_rule("core_not_executed"))
    assert not after.for_rule("cluster_uncovered")


def test_group_coverage_names_each_task_s_group_people_by_name_in_one_query(
    group, school, hamid, django_assert_num_queries
):
    entry = ListTaskFactory(school=school, level=ListLevel.SCHOOL_GROUP)
    bea = PersonFactory(school=None, group=group, name="Bea Aerts")
    PersonSchool.objects.create(person=bea, school=school, hours=Decimal("2"))
    assignment_set(school=school, list_task=entry, person=hamid, executes=True)
    assignment_set(school=school, list_task=entry, person=bea, lead=True)
    # The school's own people and the group's who only decide do not cover it.
    own = PersonFactory(school=school, name="Aa Own")
    assignment_set(school=school, list_task=entry, person=own, executes=True)
    watcher = PersonFactory(school=None, group=group, name="Ab Watcher")
    PersonSchool.objects.create(person=watcher, school=school, hours=Decimal("1"))
    assignment_set(school=school, list_task=entry, person=watcher, decides=True)
    uncovered = ListTaskFactory(school=school, level=ListLevel.SCHOOL_GROUP)
    with django_assert_num_queries(1):
        covers = group_coverage(school=school)
    assert covers[entry.pk].people == ["Bea Aerts", "Hamid El Amrani"]
    assert covers[entry.pk].by_school and not covers[entry.pk].by_group
    assert covers[uncovered.pk].people == []
