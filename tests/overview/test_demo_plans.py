import pytest

from guidelines.models import TransitionPlan
from overview.demo import seed_demo
from schools.models import School
from teams.models import Assignment
from teams.selectors import team_people

pytestmark = pytest.mark.django_db


def test_demo_plans_at_different_points_and_idempotent(bare_demo):
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


def test_demo_without_a_catalogue_still_gives_every_school_its_people(bare_demo):
    for school in School.objects.all():
        assert team_people(school=school), school.slug
    assert not Assignment.objects.exists()
