import pytest

from tasks.models import Cluster
from teams.selectors import person_profile
from tests.factories import AssignmentFactory, ListTaskFactory, PersonFactory

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
