"""The admin saves the plan through the same service as its page."""

import pytest
from django.test import Client
from django.urls import reverse

from policy import services
from policy.models import PolicyPlan
from schools.models import Role
from tests.concurrency_helpers import edit_form
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_leader(school):
    user = member(school, role=Role.SCHOOL_LEADER)
    user.is_staff = True
    user.save()
    return user


def test_the_admin_writes_the_vision_through_the_service(school, staff_leader, paused_at_vision):
    plan = services.plan_get_or_create(owner=school)
    client = Client()
    client.force_login(staff_leader)
    for name in ("policyplan", "goal", "goalaction", "needsscan", "plancomment"):
        assert client.get(reverse(f"admin:policy_{name}_changelist")).status_code == 200
    url = reverse("admin:policy_policyplan_change", args=[plan.pk])
    form = edit_form(client.get(url))
    form["pedagogical_vision"] = "Written in the admin site."
    assert client.post(url, form).status_code == 302
    plan.refresh_from_db()
    assert plan.pedagogical_vision == "Written in the admin site."
    assert plan.history.first().history_user == staff_leader
    # The service let the paused transition plan go on, as the page does.
    paused_at_vision.refresh_from_db()
    assert paused_at_vision.current_node == "policy_plan"


def test_the_admin_shows_no_plan_of_another_school(client, sibling_school, staff_leader):
    other = services.plan_get_or_create(owner=sibling_school)
    client.force_login(staff_leader)
    url = reverse("admin:policy_policyplan_change", args=[other.pk])
    assert client.get(url).status_code in (302, 403, 404)
    assert PolicyPlan.objects.count() == 1
