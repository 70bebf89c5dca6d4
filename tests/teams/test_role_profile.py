from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from schools.models import Role
from tasks.models import Cluster
from tasks.models import localized
from teams import documents
from teams.models import Assignment
from teams.models import ConsultationGroup
from teams.models import Person
from teams.models import PersonSchool
from teams.selectors import person_profile
from teams.selectors.matrix import ENTRY_FIELDS
from teams.selectors.matrix import TASK_FIELDS
from teams.selectors.people import team_member
from teams.selectors.profiles import BACKS_UP_FIELDS
from teams.selectors.profiles import LEAD_FIELDS
from teams.services import consultation_group_create
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import member

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


# --- the compiled reads find what the model queries found -----------------------------------


def _model_profile(school, person):
    """The profile's reads as model queries, as ``person_profile`` ran them before its
    queries were compiled once per process."""
    rank = {value: i for i, value in enumerate(Cluster.values)}
    assignments = sorted(
        Assignment.objects.filter(school=school, person=person)
        .select_related("list_task__task", "backup")
        .order_by(localized("topic", prefix="list_task__task__"), "list_task__task__code"),
        key=lambda a: rank.get(a.list_task.task.cluster, len(rank)),
    )
    leads = list(
        Assignment.objects.filter(school=school, lead=True, list_task__assignments__person=person)
        .select_related("person", "list_task__task")
        .only(*LEAD_FIELDS)
        .order_by("person__name", "list_task__task__code")
    )
    backs_up = list(
        Assignment.objects.filter(school=school, backup=person)
        .select_related("person", "list_task__task")
        .only(*BACKS_UP_FIELDS)
        .order_by("list_task__task__code")
    )
    groups = list(
        ConsultationGroup.objects.filter(
            Q(school=school) | Q(group_id=school.group_id), members=person
        ).order_by("kind", "name")
    )
    return assignments, leads, backs_up, groups


def _fields(instance, names):
    return tuple(getattr(instance, name) for name in names)


def _assignment(a):
    return (
        _fields(a, [f.attname for f in Assignment._meta.concrete_fields]),
        _fields(a.list_task, ENTRY_FIELDS),
        _fields(a.list_task.task, TASK_FIELDS),
        a.list_task.task.title,
        None
        if a.backup is None
        else _fields(a.backup, [f.attname for f in Person._meta.concrete_fields]),
    )


def _other(a):
    task = a.list_task.task
    return (a.pk, a.person_id, a.person.name, a.list_task_id, task.pk, task.code, task.title)


def test_the_compiled_profile_reads_what_the_model_queries_read(school, sibling_school):
    person = PersonFactory(school=school, name="Piet", ict_hours=6)
    anna, zoe = (
        PersonFactory(school=school, name=name, email=f"{name}@school.example", phone=phone)
        for name, phone in (("Anna", "0470 11 22 33"), ("Zoë", ""))
    )
    shared = PersonFactory(school=None, group=school.group, name="Bert", email="bert@group.example")
    PersonSchool.objects.create(person=shared, school=school, hours=2)
    for n, (cluster, topic) in enumerate(
        [
            (Cluster.POLICY, "Vision"),
            (Cluster.TECHNICAL, "Network"),
            (Cluster.TECHNICAL, "Hardware"),
            (Cluster.PEDAGOGICAL, "Learning platform"),
        ]
    ):
        entry = ListTaskFactory(
            school=school,
            task__code=f"T-{n}",
            task__cluster=cluster,
            task__topic=topic,
            task__title_nl=f"Taak {n}",
        )
        AssignmentFactory(
            person=person,
            list_task=entry,
            lead=n == 0,
            executes=True,
            backup=anna if n % 2 else None,
        )
        if n:
            AssignmentFactory(
                person=(zoe, shared, anna)[n - 1], list_task=entry, lead=True, school=school
            )
    theirs = ListTaskFactory(school=school, task__code="T-9")
    AssignmentFactory(person=zoe, list_task=theirs, backup=person, hours=2)
    AssignmentFactory(
        person=person, school=sibling_school, list_task=ListTaskFactory(school=sibling_school)
    )
    for owner in ({"school": school}, {"group": school.group}):
        consultation_group_create(
            **owner, kind="policy_team", name="Beleid", members=[person, shared]
        )
    consultation_group_create(school=school, kind="working_group", name="Werk", members=[anna])

    for language in ("nl", "en"):
        with translation.override(language):
            profile = person_profile(school=school, person=person)
            assignments, leads, backs_up, groups = _model_profile(school, person)
            assert [_assignment(a) for a in profile.assignments] == [
                _assignment(a) for a in assignments
            ]
            assert [_other(a) for a in profile.leads] == [_other(a) for a in leads]
            assert [(a.person.email, a.person.phone) for a in profile.leads] == [
                (a.person.email, a.person.phone) for a in leads
            ]
            assert [_other(a) for a in profile.backs_up] == [_other(a) for a in backs_up]
            names = [f.attname for f in ConsultationGroup._meta.concrete_fields]
            assert [_fields(g, names) for g in profile.consultation_groups] == [
                _fields(g, names) for g in groups
            ]
            assert profile.member == team_member(school=school, person=person)
    assert len(profile.assignments) == 4 and len(profile.leads) == 4
    assert len(profile.backs_up) == 1 and len(profile.consultation_groups) == 2
    assert [a.backup is not None for a in profile.assignments].count(True) == 2


def test_the_compiled_profile_refuses_a_person_off_the_team(school, other_school):
    for outsider in (
        PersonFactory(school=other_school),
        PersonFactory(school=None, group=school.group),
    ):
        with pytest.raises(Person.DoesNotExist):
            person_profile(school=school, person=outsider)
