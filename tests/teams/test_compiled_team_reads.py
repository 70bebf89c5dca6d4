"""The team's people and team health's assignments are read with SQL compiled once per
process: they must be what the ORM gives, for this school only, field for field."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teams.models import Assignment
from teams.models import Person
from teams.models import PersonSchool
from teams.selectors.health import ASSIGNMENT_FIELDS
from teams.selectors.health import team_context
from teams.selectors.people import PERSON_FIELDS
from teams.selectors.people import _member
from teams.selectors.people import team_people
from teams.selectors.people import team_people_queryset
from tests.factories import AssignmentFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import SchoolGroupFactory

pytestmark = pytest.mark.django_db


def _typed(instance, fields) -> tuple:
    """Every field read, with its type: a list of roles must stay a list, hours a Decimal."""
    return tuple((getattr(instance, f), type(getattr(instance, f))) for f in fields)


def _team(school, other):
    """A school's own people, a group-level person serving it (with assignments here and in
    another school), one serving only the other school, and the other school's own."""
    group_level = PersonFactory(school=None, group=school.group, name="Anna", roles=["external"])
    PersonSchool.objects.create(person=group_level, school=school, hours=Decimal("2.5"))
    PersonSchool.objects.create(person=group_level, school=other, hours=3)
    elsewhere = PersonFactory(school=None, group=school.group, name="Bert")
    PersonSchool.objects.create(person=elsewhere, school=other, hours=1)
    own = PersonFactory(school=school, name="Zoë", ict_hours=Decimal("6.5"))
    PersonFactory(school=school, name="Carl")
    PersonFactory(school=other, name="Dirk")
    AssignmentFactory(person=own, hours=Decimal("1.5"))
    AssignmentFactory(person=own, hours=2)
    AssignmentFactory(person=group_level, school=school)
    AssignmentFactory(person=group_level, school=other, hours=4)


def test_team_people_are_the_orms_people_with_their_hours():
    group = SchoolGroupFactory()
    school, other = SchoolFactory(group=group), SchoolFactory(group=group)
    _team(school, other)
    expected = [_member(person) for person in team_people_queryset(school=school)]
    # Twice: the first call compiles, the second reuses the SQL with the other school's ids.
    team_people(school=other)
    found = team_people(school=school)
    assert [m.name for m in found] == ["Carl", "Zoë", "Anna"]
    assert [_typed(m.person, PERSON_FIELDS) for m in found] == [
        _typed(m.person, PERSON_FIELDS) for m in expected
    ]
    assert [
        (m.is_group_level, m.hours_available, m.hours_used, m.hours_used_total) for m in found
    ] == [(m.is_group_level, m.hours_available, m.hours_used, m.hours_used_total) for m in expected]
    assert found[1].hours_used == Decimal("3.5")
    assert (found[2].hours_available, found[2].hours_used_total) == (Decimal("2.5"), 5)


def test_team_people_read_in_one_query_and_save_as_the_orms_people():
    school = SchoolFactory()
    PersonFactory(school=school, name="Eva")
    with CaptureQueriesContext(connection) as queries:
        (member,) = team_people(school=school)
    assert len(queries) == 1
    member.person.name = "Eva B."
    member.person.save()
    assert Person.objects.get(pk=member.pk).name == "Eva B."


def test_team_healths_assignments_are_the_orms_with_the_teams_people():
    group = SchoolGroupFactory()
    school, other = SchoolFactory(group=group), SchoolFactory(group=group)
    _team(school, other)
    team_context(school=other)
    team = team_context(school=school)
    found = sorted(team.assignments, key=lambda a: a.pk)
    expected = list(Assignment.objects.filter(school=school).order_by("pk"))
    assert [_typed(a, ASSIGNMENT_FIELDS) for a in found] == [
        _typed(a, ASSIGNMENT_FIELDS) for a in expected
    ]
    people = {member.pk: member.person for member in team.people}
    assert all(a.person is people[a.person_id] for a in found)


def test_team_health_counts_the_mandates_to_approve_as_pending_approvals_does():
    """The team page's number of mandates to approve comes from health's rows: every
    assignment of the school not approved, someone's outside the team too."""
    from django.utils import timezone

    from teams.selectors import pending_approvals
    from teams.selectors import team_health

    group = SchoolGroupFactory()
    school, other = SchoolFactory(group=group), SchoolFactory(group=group)
    _team(school, other)
    outside = Person.objects.get(name="Bert")
    AssignmentFactory(person=outside, school=school)
    Assignment.objects.filter(school=school, person__name="Zoë").update(approved_at=timezone.now())
    AssignmentFactory(person=Person.objects.get(name="Carl"), approved_at=timezone.now())
    expected = pending_approvals(school=school).count()
    assert expected == 2
    assert team_health(school=school).unapproved == expected


def _grid(matrix) -> list:
    """What the page shows of a matrix: people, clusters with their counts, each row's
    task and each cell's mandates and hours."""
    return [
        [m.pk for m in matrix.people],
        [
            (
                group.cluster,
                group.label,
                group.loaded,
                group.uncovered,
                group.without_lead,
                [
                    (
                        row.entry.pk,
                        row.task.code,
                        row.task.title,
                        [
                            (cell.person.pk, cell.code, cell.assignment and cell.assignment.hours)
                            for cell in row.cells
                        ],
                    )
                    for row in group.rows
                ],
            )
            for group in matrix.clusters
        ],
    ]


@pytest.mark.parametrize("read", ["team_context", "matrix_context"])
@pytest.mark.parametrize("open_cluster", ["*", "pedagogical", "policy"])
def test_the_matrix_from_team_healths_rows_is_the_matrix_read_on_its_own(open_cluster, read):
    """The matrix as first shown is built from the rows team health reads
    (``matrix_context``, or the full ``team_context``): the same grid, counts included,
    where someone outside the team executes or leads a task (they count, as in the
    matrix's own read, but get no column)."""
    from teams import selectors
    from teams.selectors import team_matrix
    from tests.teams.builders import give
    from tests.teams.builders import team_task

    group = SchoolGroupFactory()
    school, other = SchoolFactory(group=group), SchoolFactory(group=group)
    _team(school, other)
    zoe, anna = Person.objects.get(name="Zoë"), Person.objects.get(name="Anna")
    outside = Person.objects.get(name="Bert")
    technical = team_task(school)
    pedagogical = team_task(school, cluster="pedagogical", core=True)
    team_task(school, cluster="pedagogical")
    team_task(school, cluster="policy")
    give(school, technical, zoe, backup=anna, hours=3, decides=True, executes=True)
    give(school, pedagogical, anna, monitors=True)
    AssignmentFactory(person=outside, school=school, list_task=technical, lead=True)
    AssignmentFactory(person=outside, school=school, list_task=pedagogical, executes=True)
    people = team_people(school=school)
    expected = team_matrix(school=school, open_cluster=open_cluster, people=people)
    team = getattr(selectors, read)(school=school, people=people)
    with CaptureQueriesContext(connection) as queries:
        shared = team_matrix(school=school, open_cluster=open_cluster, people=people, team=team)
    assert len(queries) == 0
    assert _grid(shared) == _grid(expected)
    assert [g.uncovered for g in shared.clusters] == [0, 1, 1]
    # Technical: the three tasks of ``_team`` without a lead, not the one Bert leads.
    assert [g.without_lead for g in shared.clusters] == [3, 2, 1]
