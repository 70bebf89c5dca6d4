"""The demo's professional development plans come from the demo teams' real gaps."""

from pathlib import Path

import pytest

from development.models import DevelopmentItem
from development.selectors import team_development
from overview.demo import seed_demo
from schools.models import School
from tasks.importer import task_import_xlsx

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ict-task-overview.xlsx"


def test_de_brug_and_sint_jan_plan_from_real_gaps_idempotently():
    assert task_import_xlsx(file=FIXTURE).ok
    seed_demo()
    for slug in ("de-brug", "sint-jan"):
        school = School.objects.get(slug=slug)
        team = team_development(school=school)
        gaps = {(c.candidate.pk, c.competence) for c in team.thin_clusters if c.candidate}
        gaps |= {(g.person.pk, g.competence) for p in team.people_gaps for g in p.gaps}
        items = list(DevelopmentItem.objects.filter(school=school))
        assert len(items) >= 2, slug
        for item in items:
            assert (item.person_id, item.competence) in gaps, (slug, item)
            assert item.history.get().history_user is not None
    count = DevelopmentItem.objects.count()
    seed_demo()
    assert DevelopmentItem.objects.count() == count
