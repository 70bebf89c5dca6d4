"""The demo's ICT policy plan: De Brug, paused at step 3, writing its plan in ictteam."""

from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from development.models import DevelopmentItem
from guidelines.models import TransitionPlan
from overview.demo import seed_demo
from policy.models import PolicyPlan
from tasks.importer import task_import_xlsx

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ict-task-overview.xlsx"


def test_de_brug_has_a_policy_plan_from_its_needs_scan_and_stays_at_step_3(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    assert task_import_xlsx(file=FIXTURE).ok
    seed_demo()
    plan = PolicyPlan.objects.get(school__slug="de-brug")
    assert plan.pedagogical_vision and plan.technical_vision and plan.next_evaluation
    goals = list(plan.goals.prefetch_related("tasks", "actions__person"))
    from_scan = [goal for goal in goals if goal.finding is not None]
    assert {goal.finding.area for goal in from_scan} == {"cpd", "assessment"}
    assert all(goal.tasks.all() for goal in goals)
    assert all(action.person for goal in goals for action in goal.actions.all())
    assert plan.scans.get().results.count() == 8
    transition = TransitionPlan.objects.get(school__slug="de-brug")
    assert transition.current_node == "develop_policy_plan"
    seed_demo()
    assert PolicyPlan.objects.count() == 1
    assert plan.goals.count() == len(goals)

    call_command("export_documents", "--school", "de-brug", "--out", str(tmp_path / "out"))
    pdf = tmp_path / "out" / "de-brug" / "ict-policy-plan.pdf"
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    # The plan includes the school's professional development plan, person by person.
    items = DevelopmentItem.objects.filter(school__slug="de-brug").select_related("person")
    assert items
    assert all(item.person.name in text for item in items)
