"""A school's change token moves with every write to its rows, whatever writes them."""

from decimal import Decimal

import pytest
from django.db import connection

from schools import changes
from schools.models import SchoolChange
from tasks.models import ListTask
from tasks.models import Task
from teams.models import Agreement
from teams.models import AgreementKind
from teams.models import Assignment
from teams.models import ConsultationGroup
from teams.models import ConsultationKind
from teams.models import Person
from teams.models import PersonSchool
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def token(school) -> int:
    return SchoolChange.objects.get(school=school).token


class Tokens:
    """The tokens of some schools before a write, to compare with after it."""

    def __init__(self, *schools):
        self.schools = schools
        self.before = [token(school) for school in schools]

    def moved(self) -> list[bool]:
        return [token(s) != b for s, b in zip(self.schools, self.before, strict=True)]


def test_every_trigger_is_installed():
    assert changes.installed() == changes.expected()
    # Every table whose rows the dashboard's kept figures read.
    assert {
        "schools_school",
        "tasks_task",
        "tasks_listtask",
        "teams_assignment",
        "teams_person",
        "teams_personschool",
        "teams_consultationgroup",
        "teams_agreement",
    } <= set(changes.WATCHED)


def test_install_writes_them_again_and_renews_every_token():
    school = SchoolFactory()
    before = token(school)
    with connection.cursor() as cursor:
        cursor.execute(
            'DROP TRIGGER IF EXISTS "schools_change_teams_assignment_insert"'
            + (' ON "teams_assignment"' if connection.vendor == "postgresql" else "")
        )
    assert "schools_change_teams_assignment_insert" not in changes.installed()
    changes.install()
    assert changes.installed() == changes.expected()
    assert token(school) != before


def test_a_new_school_has_a_token():
    first, second = SchoolFactory(), SchoolFactory()
    assert token(first) != token(second)


def test_an_assignment_moves_its_school_only_on_insert_update_and_delete():
    assignment = AssignmentFactory()
    school, other = assignment.school, SchoolFactory(group=assignment.school.group)
    tokens = Tokens(school, other)
    Assignment.objects.filter(pk=assignment.pk).update(hours=Decimal("2.5"))
    assert tokens.moved() == [True, False]
    tokens = Tokens(school, other)
    assignment.delete()
    assert tokens.moved() == [True, False]
    tokens = Tokens(school, other)
    AssignmentFactory(person=PersonFactory(school=other))
    assert tokens.moved() == [False, True]


def test_a_bulk_write_moves_every_school_it_touches():
    first, second, third = SchoolFactory(), SchoolFactory(), SchoolFactory()
    task = TaskFactory()
    tokens = Tokens(first, second, third)
    ListTask.objects.bulk_create(
        [ListTask(school=first, task=task), ListTask(school=second, task=task)]
    )
    assert tokens.moved() == [True, True, False]
    tokens = Tokens(first, second, third)
    ListTask.objects.filter(school=second).update(applies=False)
    assert tokens.moved() == [False, True, False]


def test_the_catalogue_moves_every_school():
    entry = ListTaskFactory()
    other = SchoolFactory()
    tokens = Tokens(entry.school, other)
    Task.objects.filter(pk=entry.task_id).update(is_core=True)
    assert tokens.moved() == [True, True]


def test_a_person_moves_their_school_and_where_a_group_person_works():
    person = PersonFactory()
    school, other = person.school, SchoolFactory(group=person.school.group)
    tokens = Tokens(school, other)
    Person.objects.filter(pk=person.pk).update(ict_hours=8)
    assert tokens.moved() == [True, False]

    group_person = PersonFactory(school=None, group=school.group)
    PersonSchool.objects.create(person=group_person, school=other, hours=2)
    tokens = Tokens(school, other)
    Person.objects.filter(pk=group_person.pk).update(ict_hours=8)
    assert tokens.moved() == [False, True]

    AssignmentFactory(person=group_person, school=school)
    tokens = Tokens(school, other)
    Person.objects.filter(pk=group_person.pk).update(bpt_hours=2)
    assert tokens.moved() == [True, True]


def test_consultation_groups_agreements_and_the_school_itself_move_it():
    school, other = SchoolFactory(), SchoolFactory()
    tokens = Tokens(school, other)
    ConsultationGroup.objects.create(school=school, kind=ConsultationKind.POLICY_TEAM, name="x")
    assert tokens.moved() == [True, False]
    tokens = Tokens(school, other)
    Agreement.objects.create(school=other, kind=AgreementKind.BACKUP, text="x")
    assert tokens.moved() == [False, True]
    tokens = Tokens(school, other)
    type(school).objects.filter(pk=school.pk).update(name="Renamed")
    assert tokens.moved() == [True, False]


def test_a_rolled_back_write_leaves_no_new_token_behind():
    from django.db import transaction

    assignment = AssignmentFactory()
    before = token(assignment.school)
    with pytest.raises(RuntimeError), transaction.atomic():
        Assignment.objects.filter(pk=assignment.pk).update(hours=3)
        assert token(assignment.school) != before
        raise RuntimeError
    assert token(assignment.school) == before


def test_a_group_persons_assignment_moves_every_school_they_serve():
    school = SchoolFactory()
    other, elsewhere = SchoolFactory(group=school.group), SchoolFactory(group=school.group)
    shared = PersonFactory(school=None, group=school.group)
    for served in (school, other):
        PersonSchool.objects.create(person=shared, school=served, hours=2)
    tokens = Tokens(school, other, elsewhere)
    AssignmentFactory(person=shared, school=school)
    assert tokens.moved() == [True, True, False]
