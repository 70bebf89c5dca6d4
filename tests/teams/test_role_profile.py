from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools.models import Role
from tasks.models import Cluster
from teams import documents
from teams.models import Person, PersonSchool
from teams.selectors import person_profile
from teams.selectors.people import team_member
from tests.factories import AssignmentFactory, ListTaskFactory, PersonFactory, member

pytestmark = pytest.mark.django_db


def test_a_profile_lists_clusters_in_the_reports_order_and_tasks_by_topic_then_code(school):
    person = PersonFactory(school=school)
    # Created out of order: the clusters against the report's order, topics and codes
    # against the alphabet.
    for code, cluster, topic in [
        ("ADM-02", Cluster.ADMINISTRATIVE, "Budget"),
        ("POL-01", Cluster.POLICY, "Vision"),
        ("PED-02", Cluster.PEDAGOGICAL, "Learning platform"),
        ("PED-01", Cluster.PEDAGOGICAL, "Learning platform"),
        ("PED-03", Cluster.PEDAGOGICAL, "Devices in class"),
        ("TEC-09", Cluster.TECHNICAL, "Network"),
        ("TEC-01", Cluster.TECHNICAL, "Hardware"),
    ]:
        entry = ListTaskFactory(
            school=school, task__code=code, task__cluster=cluster, task__topic=topic
        )
        AssignmentFactory(person=person, list_task=entry)

    profile = person_profile(school=school, person=person)

    assert [c.cluster for c in profile.clusters] == [
        Cluster.TECHNICAL,
        Cluster.PEDAGOGICAL,
        Cluster.POLICY,
        Cluster.ADMINISTRATIVE,
    ]
    assert [a.list_task.task.code for a in profile.assignments] == [
        "TEC-01",
        "TEC-09",
        "PED-03",
        "PED-01",
        "PED-02",
        "POL-01",
        "ADM-02",
    ]


def test_the_role_descriptions_contacts_are_the_other_leads_of_its_tasks_by_name(school):
    person, zoe, anna, elsewhere = (
        PersonFactory(school=school, name=name) for name in ("Piet", "Zoë", "Anna", "Else")
    )
    own, zoes, annas_a, annas_b, unrelated = (
        ListTaskFactory(school=school, task__code=code)
        for code in ("TEC-01", "TEC-02", "TEC-04", "TEC-03", "TEC-05")
    )
    AssignmentFactory(person=person, list_task=own, lead=True)
    for entry, lead in ((zoes, zoe), (annas_a, anna), (annas_b, anna)):
        AssignmentFactory(person=person, list_task=entry)
        AssignmentFactory(person=lead, list_task=entry, lead=True)
    AssignmentFactory(person=elsewhere, list_task=unrelated, lead=True)

    contacts = documents.role_description_context(school=school, person=person)["contacts"]

    assert [(c["person"].name, [t.code for t in c["tasks"]]) for c in contacts] == [
        ("Anna", ["TEC-03", "TEC-04"]),
        ("Zoë", ["TEC-02"]),
    ]


def test_team_member_is_a_person_serving_the_school_with_their_hours(
    school, sibling_school, other_school
):
    own = PersonFactory(school=school, ict_hours=4)
    AssignmentFactory(person=own, list_task=ListTaskFactory(school=school), hours=1.5)
    shared = PersonFactory(school=None, group=school.group, ict_hours=8)
    PersonSchool.objects.create(person=shared, school=school, hours=3)
    PersonSchool.objects.create(person=shared, school=sibling_school, hours=5)
    AssignmentFactory(
        person=shared,
        school=sibling_school,
        list_task=ListTaskFactory(school=sibling_school),
        hours=2,
    )

    mine = team_member(school=school, person=own)
    assert (mine.hours_available, mine.hours_used, mine.is_group_level) == (
        Decimal("4.0"),
        Decimal("1.5"),
        False,
    )
    theirs = team_member(school=school, person=shared)
    assert (theirs.hours_available, theirs.hours_used, theirs.hours_used_total) == (
        Decimal("3.0"),
        Decimal("0.0"),
        Decimal("2.0"),
    )

    unshared = PersonFactory(school=None, group=school.group)
    for outsider in (PersonFactory(school=other_school), PersonFactory(school=sibling_school)):
        with pytest.raises(Person.DoesNotExist):
            team_member(school=school, person=outsider)
    with pytest.raises(Person.DoesNotExist):
        team_member(school=school, person=unshared)


def _queries_of_person_page(client, school, backed_up: int) -> tuple[int, str]:
    person = PersonFactory(school=school, name="Piet")
    for n in range(backed_up):
        other = PersonFactory(school=school, name=f"Other {n}")
        entry = ListTaskFactory(school=school)
        AssignmentFactory(person=other, list_task=entry, lead=True, backup=person)
        AssignmentFactory(person=person, list_task=entry)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("teams:person_detail", args=[school.slug, person.pk]))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_person_page_reads_whom_they_back_up_in_constant_queries(client, school, group):
    client.force_login(member(school, role=Role.SCHOOL_LEADER))
    few, _page = _queries_of_person_page(client, school, 1)
    many, page = _queries_of_person_page(client, school, 6)
    assert few == many
    assert "Other 5" in page
