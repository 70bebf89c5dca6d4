"""``team_gaps`` reads the team and who executes what with SQL compiled once per process:
its people must be the ORM's, field for field and in the team's order, and each owner's
own, whichever owner compiled the query first."""

import dataclasses
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from teams.documents import team_names
from teams.models import Assignment
from teams.models import Person
from teams.models import PersonSchool
from teams.selectors import team_gaps
from teams.selectors.people import team_persons
from teams.selectors.profiles import PERSON_FIELDS
from teams.selectors.profiles import TeamGap
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import SchoolGroupFactory
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def _values(people) -> list[tuple]:
    """Every field with its type: a decimal must stay a decimal, a list a list."""
    return [tuple((getattr(p, f), type(getattr(p, f))) for f in PERSON_FIELDS) for p in people]


def _team(school, group) -> None:
    """A gap nobody can take, one only the group-level person can, and one executed."""
    hard = TaskFactory(code="T-HARD", needs_technical=False, needs_administrative=True)
    ListTaskFactory(school=school, task=hard, applies=True)
    pedagogical = ListTaskFactory(
        school=school,
        task=TaskFactory(code="T-PED", needs_technical=False, needs_pedagogical=True),
        applies=True,
    )
    ListTaskFactory(
        school=school, task=TaskFactory(code="T-TEC", needs_technical=True), applies=True
    )
    nobody = {"competence_administrative": 0}
    shared = PersonFactory(
        school=None, group=group, name="Anna", competence_pedagogical=3, roles=["x"], **nobody
    )
    PersonSchool.objects.create(person=shared, school=school, hours=Decimal("2.5"))
    weak = PersonFactory(school=school, name="Zeno", competence_pedagogical=0, **nobody)
    PersonFactory(
        school=school, name="Bert", competence_pedagogical=0, ict_hours=Decimal("3.5"), **nobody
    )
    AssignmentFactory(person=weak, school=school, list_task=pedagogical)


def test_the_gaps_people_are_the_orms_in_the_teams_order():
    group = SchoolGroupFactory()
    school, other = SchoolFactory(group=group), SchoolFactory(group=group)
    _team(school, group)
    PersonFactory(school=other, name="Other")
    # The other school first: the query is compiled with its ids and must not keep them.
    assert team_gaps(owner=other) == []
    with CaptureQueriesContext(connection) as queries:
        gaps = team_gaps(owner=school)
    assert len(queries) == 3
    expected = list(team_persons(school=school))
    assert [p.name for p in expected] == ["Bert", "Zeno", "Anna"]
    by_code = {gap.task.code: gap for gap in gaps}
    assert sorted(by_code) == ["T-HARD", "T-PED", "T-TEC"]
    # Everyone has a basic technical level; only Anna a pedagogical one.
    assert _values(by_code["T-TEC"].candidates) == _values(expected)
    assert [p.name for p in by_code["T-PED"].candidates] == ["Anna"]
    assert [p.name for p in by_code["T-PED"].executors] == ["Zeno"]
    assert by_code["T-HARD"].nobody_capable
    # Built with its fields set at once, a gap is the object its constructor makes.
    for gap in gaps:
        built = TeamGap(gap.entry, gap.executors, gap.candidates)
        assert gap == built and hash(gap) == hash(built) and vars(gap) == vars(built)
        with pytest.raises(dataclasses.FrozenInstanceError):
            gap.entry = None
    assert _values(by_code["T-PED"].candidates) == _values(
        [p for p in expected if p.name == "Anna"]
    )


def test_a_groups_gaps_read_its_own_people():
    group, other = SchoolGroupFactory(), SchoolGroupFactory()
    for owner in (other, group):
        task = TaskFactory(code=f"G-{owner.pk}", needs_technical=True)
        ListTaskFactory(school=None, group=owner, task=task, applies=True)
        PersonFactory(school=None, group=owner, name=f"Person of {owner.pk}")
    team_gaps(owner=other)
    [gap] = team_gaps(owner=group)
    assert gap.task.code == f"G-{group.pk}"
    expected = list(Person.objects.filter(group=group))
    assert _values(gap.candidates) == _values(expected)


def test_the_documents_links_name_the_team_as_the_orm_does():
    group = SchoolGroupFactory()
    school, other = SchoolFactory(group=group), SchoolFactory(group=group)
    _team(school, group)
    PersonFactory(school=other, name="Other")
    team_names(school=other)
    found = team_names(school=school)
    expected = list(team_persons(school=school).only("name").order_by("name"))
    assert [(p.pk, p.name) for p in found] == [(p.pk, p.name) for p in expected]
    assert [p.name for p in found] == ["Anna", "Bert", "Zeno"]
    assert found[0].get_deferred_fields() == expected[0].get_deferred_fields()


def test_a_gaps_executors_are_by_name_as_the_assignments_order_them():
    """Who executes a task comes by name, as the assignments' own ordering gives them,
    for a school and for a group, whichever was assigned first."""
    group = SchoolGroupFactory()
    school = SchoolFactory(group=group)
    hard = {"needs_technical": False, "needs_administrative": True}
    nobody = {"competence_administrative": 0}
    entry = ListTaskFactory(school=school, task=TaskFactory(code="S-1", **hard), applies=True)
    group_entry = ListTaskFactory(
        school=None, group=group, task=TaskFactory(code="G-1", **hard), applies=True
    )
    for name in ("Zeno", "Bert", "Mira"):
        AssignmentFactory(person=PersonFactory(school=school, name=name, **nobody), list_task=entry)
        person = PersonFactory(school=None, group=group, name=name, **nobody)
        AssignmentFactory(person=person, school=school, list_task=group_entry)
    for owner, listed in ((school, entry), (group, group_entry)):
        [gap] = team_gaps(owner=owner)
        expected = [a.person for a in Assignment.objects.filter(list_task=listed)]
        assert [p.name for p in gap.executors] == ["Bert", "Mira", "Zeno"]
        assert [p.pk for p in gap.executors] == [p.pk for p in expected]
