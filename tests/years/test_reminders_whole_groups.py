"""The home page asks for a group admin's schools by group (``whole_groups``): the same
reminders as asking school by school, and none of a school outside those groups."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from guidelines import services as plans
from policy import services as policy
from schools.models import Role
from tests.factories import SchoolFactory
from tests.factories import member
from tests.years.helpers import started_plan
from years.reminders import due_reminders

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LATE = TODAY - datetime.timedelta(days=2)


def _overdue(school, text: str) -> None:
    plans.action_item_add(plan=started_plan(school), text=text, who="Anna", due=LATE, step=7)


def test_asking_by_whole_group_finds_the_reminders_asking_school_by_school_finds(
    group, school, sibling_school, other_school
):
    _overdue(school, "First school's action")
    _overdue(sibling_school, "Second school's action")
    _overdue(other_school, "Another group's action")
    goal = policy.goal_save(
        plan=policy.plan_get_or_create(owner=group), user=None, title="Safe logins", tasks=[]
    )
    policy.action_save(goal=goal, user=None, text="Group's policy action", person=None, due=LATE)
    # A school of another group, seen through a school membership: asked for by id.
    lone = SchoolFactory()
    _overdue(lone, "Lone school's action")
    schools = [school, sibling_school, lone]

    by_group = due_reminders(schools=schools, groups=[group], today=TODAY, whole_groups=True)

    assert by_group == due_reminders(schools=schools, groups=[group], today=TODAY)
    messages = [r.message for r in by_group]
    assert len(messages) == 4
    assert any("Group's policy action" in m for m in messages)
    assert any("Lone school's action" in m for m in messages)
    assert not any("Another group's action" in m for m in messages)


def test_a_group_admins_home_page_shows_the_groups_schools_reminders_only(
    client, group, school, sibling_school, other_school
):
    _overdue(sibling_school, "Sibling overdue")
    _overdue(other_school, "Theirs overdue")
    client.force_login(member(group=group, role=Role.GROUP_ADMIN))
    page = client.get(reverse("home")).content.decode()
    assert "Sibling overdue" in page
    assert "Theirs overdue" not in page
