"""Team health reads only what its rules read (``health_context``): it must find what the
full team context finds, finding for finding, and its narrow reads of the team's tasks
must be ``team_task_entries``' entries and tasks, in their order, for this school only."""

from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils import translation

from tasks.models import Task
from teams.models import Assignment
from teams.models import PersonRole
from teams.selectors.health import HEALTH_TASK_FIELDS
from teams.selectors.health import health_context
from teams.selectors.health import matrix_context
from teams.selectors.health import team_context
from teams.selectors.health import team_entries
from teams.selectors.health import team_health
from teams.selectors.health import team_tasks_by_entry
from teams.selectors.matrix import team_task_entries
from tests.factories import SchoolFactory
from tests.teams.builders import give
from tests.teams.builders import person
from tests.teams.builders import team_task

pytestmark = pytest.mark.django_db


def _findings(health) -> list[tuple]:
    return [
        (w.rule, w.severity, w.message, w.url, w.entry, w.person, w.cluster)
        for w in health.warnings
    ]


def _school_with_a_team(school, group):
    """Every kind of finding: tasks nobody executes, one executor without backup, two
    leads, a management task decided by others, competence gaps, a group-level person,
    mandates approved and waiting, and another school's team beside it."""
    director = person(school, name="Sofie", roles=(PersonRole.MANAGEMENT,))
    tom = person(school, name="Tom", roles=(PersonRole.TECHNICAL_COORDINATOR,), hours=2)
    lotte = person(school, name="Lotte", competences={"policy": 0, "technical": 0})
    shared = person(
        None,
        group=group,
        name="Anna",
        roles=(PersonRole.PEDAGOGICAL_COORDINATOR,),
        shares={school: Decimal("2.5")},
    )
    vision = team_task(school, cluster="policy", core=True, needs=("policy",))
    Task.objects.filter(pk=vision.task_id).update(code="POL-VIS-01")
    network = team_task(school, core=True)
    give(school, vision, lotte, decides=True, executes=True)
    # Two deciders, neither management: named in the order of their names.
    give(school, vision, tom, decides=True, lead=True, hours=3)
    give(school, network, tom, backup=lotte, hours=Decimal("1.5"))
    give(school, network, shared, lead=True, monitors=True)
    give(school, team_task(school, cluster="pedagogical", needs=("pedagogical",)), lotte)
    give(school, team_task(school, cluster="administrative"), director, decides=True)
    team_task(school, cluster="technical", core=True)
    Assignment.objects.filter(person=director).update(approved_at=timezone.now())
    other = SchoolFactory(group=group)
    give(other, team_task(other), person(other, name="Dirk"))
    return other


@pytest.mark.parametrize("language", ["en", "nl"])
def test_health_finds_what_the_full_team_context_finds(school, group, language):
    other = _school_with_a_team(school, group)
    with translation.override(language):
        for owner in (other, school):  # the compiled queries reused for another school
            narrow = team_health(school=owner)
            full = team_health(school=owner, team=team_context(school=owner))
            beside_the_matrix = team_health(school=owner, team=matrix_context(school=owner))
            assert _findings(narrow) == _findings(full) == _findings(beside_the_matrix)
            assert beside_the_matrix.unapproved == full.unapproved
            assert (narrow.task_count, narrow.people_count, narrow.unapproved) == (
                full.task_count,
                full.people_count,
                full.unapproved,
            )
    assert len(narrow.rule_keys()) >= 6
    (deciding,) = narrow.for_rule("management_not_deciding")
    assert deciding.message.startswith(("Lotte, Tom ", "Lotte, Tom beslis"))
    assert (
        narrow.unapproved
        == Assignment.objects.filter(school=school, approved_at__isnull=True).count()
    )


def test_health_reads_the_team_in_three_queries(school, group, django_assert_num_queries):
    _school_with_a_team(school, group)
    team_health(school=school)
    with django_assert_num_queries(3):
        context = health_context(school=school)
    assert context.every == []
    with django_assert_num_queries(3):
        beside_the_matrix = matrix_context(school=school)
    # Every assignment of the school for the grid, the team's with their person.
    assert sorted((a.person_id, a.list_task_id) for a in beside_the_matrix.every) == sorted(
        Assignment.objects.filter(school=school).values_list("person_id", "list_task_id")
    )
    team = {member.pk: member.person for member in beside_the_matrix.people}
    assert all(a.person is team.get(a.person_id) for a in beside_the_matrix.every)
    assert [e.level for e in beside_the_matrix.entries] == [
        e.level for e in team_task_entries(owner=school)
    ]
    assert sum(len(held) for held in context.by_task.values()) == 6


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_narrow_entries_are_the_team_task_entries_in_their_order(school, group, language):
    other = _school_with_a_team(school, group)
    with translation.override(language):
        team_entries(school=other, task_fields=HEALTH_TASK_FIELDS)
        expected = team_task_entries(owner=school)
        narrow = team_entries(school=school, task_fields=HEALTH_TASK_FIELDS)
        pairs = team_tasks_by_entry(school=school, task_fields=HEALTH_TASK_FIELDS)
    assert [(e.pk, e.task_id) for e in narrow] == [(e.pk, e.task_id) for e in expected]
    assert [(entry_id, task.pk) for entry_id, task in pairs] == [
        (e.pk, e.task_id) for e in expected
    ]
    for found, entry in zip(narrow, expected, strict=True):
        assert found == entry and type(found.task) is Task
        assert [getattr(found.task, name) for name in HEALTH_TASK_FIELDS] == [
            getattr(entry.task, name) for name in HEALTH_TASK_FIELDS
        ]
        # What the rules do not read is deferred, not missing.
        assert found.get_deferred_fields() >= {"applies", "note"}
