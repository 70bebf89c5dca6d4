"""The dashboard keeps each school's figures by its change token: never what the database
no longer holds, whatever writes the rows."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from guidelines.selectors import school_team_checklists
from overview import selectors
from overview.bench.schools import generate_group
from overview.selectors import group_dashboard
from schools import changes
from tasks.models import Cluster
from tasks.models import ListTask
from tasks.models import Task
from teams.models import Agreement
from teams.models import AgreementKind
from teams.models import Assignment
from teams.models import ConsultationGroup
from teams.models import ConsultationKind
from teams.models import Person
from teams.models import PersonSchool
from tests.overview.test_dashboard import _finish

pytestmark = pytest.mark.django_db


def shown(dashboard) -> list:
    """Every figure the dashboard shows, a row a school, then the totals and the group's."""

    def row_figures(row):
        return (
            row.school.pk if row.school else None,
            [(c.cluster, c.tasks, c.covered) for c in row.cluster_list()],
            row.tasks,
            row.covered,
            row.core_uncovered,
            row.single_points,
            row.by_group,
            row.at_group_level,
            row.people,
            row.group_people,
            row.hours_available,
            row.hours_used,
            row.plan,
        )

    return [
        *(row_figures(row) for row in dashboard.rows),
        row_figures(dashboard.totals),
        (dashboard.group_people, dashboard.group_hours, dashboard.group_hours_shared),
    ]


def fresh(group) -> list:
    """The dashboard worked out anew, nothing kept."""
    selectors._FIGURES.clear()
    selectors._OPEN_ACTIONS.clear()
    return shown(group_dashboard(group=group))


def first_school(group):
    return group.schools.order_by("name").first()


# Each write changes something the dashboard shows, through the ORM's bulk paths (which
# send no signals) or a plain save.
WRITES = {
    "an assignment no longer executes": lambda g: Assignment.objects.filter(
        school=first_school(g), executes=True
    ).update(executes=False),
    "an assignment's hours": lambda g: Assignment.objects.filter(school=first_school(g)).update(
        hours=F("hours") + 1
    ),
    "an assignment deleted": lambda g: (
        Assignment.objects.filter(school=first_school(g)).first().delete()
    ),
    "a backup given": lambda g: _backup_given(first_school(g)),
    "a task no longer applies": lambda g: ListTask.objects.filter(
        school=first_school(g), applies=True
    ).update(applies=False),
    "the catalogue moves tasks to another cluster": lambda g: Task.objects.filter(
        list_entries__school=first_school(g)
    ).update(cluster=Cluster.POLICY),
    "the catalogue makes tasks core": lambda g: Task.objects.filter(
        list_entries__school=first_school(g)
    ).update(is_core=True),
    "a person's hours": lambda g: Person.objects.filter(school=first_school(g)).update(
        ict_hours=F("ict_hours") + 3
    ),
    "a person saved": lambda g: _saved_person(first_school(g)),
    "a group-level person's share removed": lambda g: PersonSchool.objects.filter(
        school=first_school(g)
    ).delete(),
    "a group-level person moves to a school": lambda g: Person.objects.filter(group=g).update(
        group=None, school=first_school(g)
    ),
    "a consultation group": lambda g: ConsultationGroup.objects.create(
        school=first_school(g), kind=ConsultationKind.POLICY_TEAM, name="ICT policy team"
    ),
    "an agreement in place": lambda g: Agreement.objects.create(
        school=first_school(g), kind=AgreementKind.BACKUP, text="Backup", in_place=True
    ),
}


def _backup_given(school):
    for assignment in Assignment.objects.filter(school=school, backup__isnull=True):
        other = Person.objects.filter(school=school).exclude(pk=assignment.person_id).first()
        Assignment.objects.filter(pk=assignment.pk).update(backup=other)


def _saved_person(school):
    person = Person.objects.filter(school=school).first()
    person.ict_hours += Decimal("2.5")
    person.save()


@pytest.mark.parametrize("write", WRITES)
def test_the_kept_dashboard_follows_every_write(write):
    group = generate_group(schools=3, tasks_per_school=10, slug="kept")
    for school in group.schools.all():
        _finish(school)
    before = shown(group_dashboard(group=group))
    WRITES[write](group)
    kept = shown(group_dashboard(group=group))
    assert kept != before
    assert kept == fresh(group)


def test_only_the_changed_school_is_worked_out_again(django_assert_num_queries):
    group = generate_group(schools=4, tasks_per_school=6, slug="one-again")
    group_dashboard(group=group)
    school = first_school(group)
    # Its own people's: a group-level person's assignment renews every school they serve.
    Assignment.objects.filter(school=school, person__school=school).update(hours=3)
    with CaptureQueriesContext(connection) as queries:
        group_dashboard(group=group)
    worked_out = [q["sql"] for q in queries.captured_queries if "teams_assignment" in q["sql"]]
    # The school's figures again, and only its: the school's id alone in each query.
    assert len(worked_out) == 2
    assert all(f"IN ({school.pk})" in sql for sql in worked_out)


def test_a_school_without_a_token_is_worked_out_every_time(django_assert_num_queries):
    group = generate_group(schools=2, tasks_per_school=6, slug="untokened")
    school = first_school(group)
    school.change.delete()
    group_dashboard(group=group)
    with django_assert_num_queries(5):
        dashboard = group_dashboard(group=group)
    assert shown(dashboard) == fresh(group)


def tables(sql: str) -> set[str]:
    return set(re.findall(r'(?:FROM|JOIN)\s+"(\w+)"', sql))


def test_what_is_kept_is_read_only_from_watched_tables():
    group = generate_group(schools=2, tasks_per_school=6, slug="watched")
    plans = [_finish(school) for school in group.schools.all()]
    ids = [plan.school_id for plan in plans]
    with CaptureQueriesContext(connection) as queries:
        selectors._work_out(ids)
        school_team_checklists(plans=plans)
    read = set().union(*(tables(q["sql"]) for q in queries.captured_queries))
    assert "teams_assignment" in read and "tasks_listtask" in read
    assert read <= set(changes.WATCHED)
