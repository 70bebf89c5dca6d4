"""``team_task_entries`` reads with SQL compiled once per process: it must give what the ORM
gives, for every owner, in the reader's language's order, with the owner's own rows."""

import pytest
from django.db import connection
from django.db.models.query_utils import DeferredAttribute
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from tasks.models import Cluster
from tasks.models import Horizon
from tasks.models import ListTask
from teams.selectors.matrix import ENTRY_FIELDS
from teams.selectors.matrix import TASK_FIELDS
from teams.selectors.matrix import team_task_entries
from teams.selectors.matrix import team_tasks
from tests.factories import ListTaskFactory
from tests.factories import SchoolFactory
from tests.factories import SchoolGroupFactory
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def _values(entries: list[ListTask]) -> list[tuple]:
    """Every field read, with its type: a boolean must stay a boolean, a date a date."""
    return [
        (
            tuple((getattr(e, f), type(getattr(e, f))) for f in ENTRY_FIELDS),
            tuple((getattr(e.task, f), type(getattr(e.task, f))) for f in TASK_FIELDS),
        )
        for e in entries
    ]


def _owned(kind: str, owner) -> dict:
    return {"school": owner} if kind == "school" else {"school": None, "group": owner}


def _list(owner_kwargs: dict) -> None:
    # Topics whose order differs between Dutch and English, and clusters out of order.
    for n, (cluster, nl, en) in enumerate(
        [
            (Cluster.PEDAGOGICAL, "Zeta", "Alpha"),
            (Cluster.TECHNICAL, "Beta", "Yankee"),
            (Cluster.TECHNICAL, "Alfa", "Zulu"),
            (Cluster.PEDAGOGICAL, "Alfa", "Zebra"),
        ]
    ):
        task = TaskFactory(code=f"T-{n}", cluster=cluster, topic_nl=nl, topic_en=en)
        ListTaskFactory(task=task, applies=True, **owner_kwargs)
    dropped = TaskFactory(code="T-DROPPED")
    ListTaskFactory(task=dropped, applies=True, horizon=Horizon.DROPPED, **owner_kwargs)
    ListTaskFactory(task=TaskFactory(code="T-OFF"), applies=False, **owner_kwargs)


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("kind", ["school", "group"])
def test_team_task_entries_are_the_orms_rows_in_the_readers_order(kind, language):
    group = SchoolGroupFactory()
    owner = SchoolFactory(group=group) if kind == "school" else group
    other = SchoolFactory(group=group) if kind == "school" else SchoolGroupFactory()
    _list(_owned(kind, owner))
    ListTaskFactory(task=TaskFactory(code="T-OTHER"), applies=True, **_owned(kind, other))
    with translation.override(language):
        expected = list(team_tasks(owner=owner))
        # Twice: the first call compiles, the second reuses the SQL with its own owner.
        team_task_entries(owner=other)
        with CaptureQueriesContext(connection) as queries:
            found = team_task_entries(owner=owner)
    assert len(queries) == 1
    assert [e.task.code for e in found] == [e.task.code for e in expected]
    assert len(found) == 4
    assert _values(found) == _values(expected)
    assert all(type(e.applies) is bool for e in found)


def test_team_task_entries_defer_the_fields_not_asked_for():
    school = SchoolFactory()
    ListTaskFactory(school=school, applies=True, task=TaskFactory(code="T-1"))
    (entry,) = team_task_entries(owner=school, task_fields=("id", "code"))
    assert entry.task.code == "T-1"
    assert "cluster" not in entry.task.__dict__
    assert isinstance(type(entry.task).__dict__["cluster"], DeferredAttribute)
    assert entry.task.cluster == Cluster.TECHNICAL  # read on access, as with only()
