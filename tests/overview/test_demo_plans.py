import pytest

from guidelines.models import TransitionPlan
from overview.demo import seed_demo

pytestmark = pytest.mark.django_db


def test_demo_plans_at_different_points_and_idempotent():
    seed_demo()
    states = {
        (plan.school.slug if plan.school else plan.group.slug): (plan.current_node, plan.status)
        for plan in TransitionPlan.objects.select_related("school", "group")
    }
    assert states == {
        "de-linde": ("develop_vision", "paused"),
        "de-brug": ("develop_policy_plan", "paused"),
        "atheneum-zuid": ("fill_gaps", "active"),
        "sint-jan": ("fact", "finished"),
        "noord": ("tasks_group", "active"),
    }
    sint_jan = TransitionPlan.objects.get(school__slug="sint-jan")
    assert list(sint_jan.evaluations.values_list("outcome", flat=True)) == ["smooth", "poorly"]
    answers = sint_jan.answers.count()
    seed_demo()
    assert TransitionPlan.objects.count() == 5
    assert sint_jan.answers.count() == answers
