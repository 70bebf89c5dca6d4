"""Team health reads only what its rules read (``health_context``): it must find what the
full team context finds, finding for finding, and its narrow reads of the team's tasks
must be ``team_task_entries``' entries and tasks, in their order, for this school only."""

from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils import translation

from tasks.models import Task
from teams.models import Assignment
from teams.models import Person
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


def _fresh(owner) -> list[tuple]:
    """The findings worked out anew, from the full team context (never given again)."""
    return _findings(team_health(school=owner, team=team_context(school=owner)))


@pytest.mark.parametrize("language", ["en", "nl"])
def test_findings_given_again_are_those_of_the_same_rows(school, group, language):
    _school_with_a_team(school, group)
    with translation.override(language):
        first = team_health(school=school)
        again = team_health(school=school)
        beside_the_matrix = team_health(school=school, team=matrix_context(school=school))
        # Given again, not worked out again: the same findings, in a list of its own, and
        # the panel written once for both.
        assert _findings(again) == _findings(first) == _fresh(school)
        assert again.warnings[0] is first.warnings[0] and again.warnings is not first.warnings
        assert again.written is first.written
        assert _findings(beside_the_matrix) == _findings(first)
        assert (again.task_count, again.people_count, again.unapproved) == (
            first.task_count,
            first.people_count,
            first.unapproved,
        )


def test_a_change_of_any_row_or_of_the_language_checks_the_team_again(school, group):
    _school_with_a_team(school, group)
    with translation.override("en"):
        before = team_health(school=school)
        lotte = Person.objects.get(school=school, name="Lotte")
        changes = [
            lambda: Person.objects.filter(pk=lotte.pk).update(name="Lotte V."),
            lambda: Assignment.objects.filter(backup=lotte).update(backup=None),
            lambda: Task.objects.filter(code="POL-VIS-01").update(title_en="The vision"),
        ]
        for change in changes:
            change()
            after = team_health(school=school)
            assert _findings(after) == _fresh(school) != _findings(before)
            assert after.written is not before.written
            before = after
        # Only the count of mandates to approve changes: counted again too.
        Assignment.objects.filter(school=school).update(approved_at=None)
        after = team_health(school=school)
        assert after.unapproved == 6 != before.unapproved
        assert _findings(after) == _findings(before)
        before = after
    with translation.override("nl"):
        dutch = team_health(school=school)
    assert _findings(dutch) != _findings(before)
    with translation.override("nl"):
        assert _findings(dutch) == _fresh(school)


def test_the_matrix_reads_the_context_checked_before_for_the_same_rows(
    school, group, django_assert_num_queries
):
    _school_with_a_team(school, group)
    team = matrix_context(school=school)
    # Not checked yet: built anew, and again until team health has checked it.
    assert matrix_context(school=school) is not team
    team_health(school=school, team=team)
    with django_assert_num_queries(3):
        again = matrix_context(school=school)
    assert again is team and again.checked is not None
    Assignment.objects.filter(school=school).update(hours=2)
    changed = matrix_context(school=school)
    assert changed is not team and changed.checked is None
    assert _findings(team_health(school=school, team=changed)) == _fresh(school)
