"""The demo: Sint-Jan shows names to Scholengroep Noord, De Linde shows roles only."""

from pathlib import Path

import pytest

from overview.demo import seed_demo
from schools.models import SchoolGroup
from sharing.models import SharingConsent
from sharing.selectors import group_division
from tasks.importer import task_import_xlsx
from tasks.models import Cluster

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ict-task-overview.xlsx"


def test_demo_noord_divides_a_cluster_with_names_only_where_agreed():
    assert task_import_xlsx(file=FIXTURE).ok
    seed_demo()
    seed_demo()  # again: the choices stay, the history does not grow
    consents = {c.school.slug: c for c in SharingConsent.objects.select_related("school")}
    assert consents["sint-jan"].share_names and not consents["de-linde"].share_names
    assert consents["sint-jan"].history.count() == 1
    assert consents["sint-jan"].history.first().history_user.username == "leader.sintjan"
    division = group_division(
        group=SchoolGroup.objects.get(slug="noord"), cluster=Cluster.TECHNICAL
    )
    setups = [s for d in division.tasks for s in d.schools if s.holders]
    named = {s.school.slug for s in setups if s.named}
    shown = {s.school.slug for s in setups}
    assert {"sint-jan", "de-linde"} <= shown
    assert "sint-jan" in named and "de-linde" not in named
    assert any(d.covered >= 2 for d in division.tasks)
