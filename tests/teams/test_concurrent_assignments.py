"""Concurrent saves of mandates never give a 500: the loser gets a clear ValidationError."""

from __future__ import annotations

import contextlib
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections
from django.db import connection

from teams import services
from teams.models import Assignment
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory


def test_a_unique_constraint_race_is_refused_with_a_clear_message(db, school, monkeypatch):
    """SQLite has no row locks: the IntegrityError of a writer that saved first."""
    task = ListTaskFactory(school=school)
    person = PersonFactory(school=school)
    AssignmentFactory(school=school, list_task=task, person=person, executes=True)
    # The other writer's assignment is not seen: as if it committed just after the read.
    monkeypatch.setattr(services, "_current_assignment", lambda list_task, person: None)

    with pytest.raises(ValidationError) as refused:
        services.assignment_set(school=school, list_task=task, person=person, decides=True)

    assert "same moment" in refused.value.messages[0]
    assert Assignment.objects.get(list_task=task, person=person).decides is False


def test_a_lead_race_is_refused_with_a_clear_message(db, school, monkeypatch):
    task = ListTaskFactory(school=school)
    first, second = PersonFactory(school=school), PersonFactory(school=school)
    AssignmentFactory(school=school, list_task=task, person=first, lead=True)
    # The lead move does not see the other writer's new lead.
    real_filter = Assignment.objects.select_for_update

    def blind(*args, **kwargs):
        return real_filter(*args, **kwargs).none()

    monkeypatch.setattr(Assignment.objects, "select_for_update", blind)

    with pytest.raises(ValidationError):
        services.assignment_set(school=school, list_task=task, person=second, lead=True)
    assert list(Assignment.objects.filter(list_task=task, lead=True)) == [
        Assignment.objects.get(person=first)
    ]


# Row locks need PostgreSQL: .ci/run's suite on PostgreSQL runs this one.
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_writers_on_one_task_never_fail_and_leave_one_lead(school):
    task = ListTaskFactory(school=school)
    people = [PersonFactory(school=school) for _ in range(10)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(people))

    def write(person):
        try:
            start.wait()
            for round_ in range(5):
                with contextlib.suppress(ValidationError):
                    services.assignment_set(
                        school=school,
                        list_task=task,
                        person=person if round_ % 2 else people[0],
                        executes=True,
                        lead=True,
                        hours=Decimal(round_),
                    )
        except BaseException as error:  # noqa: BLE001 - any other error fails the test
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=write, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Assignment.objects.filter(list_task=task, lead=True).count() == 1
    assert Assignment.objects.filter(list_task=task, person=people[0]).count() == 1
