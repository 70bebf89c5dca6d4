"""Forms say what is wrong in words a user can act on: hours with too many decimals, an
action item longer than the field."""

import pytest
from django.urls import reverse

from guidelines import services
from schools.models import Role
from teams.forms import PersonForm
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("hours", ["1.2345", "2.25"])
def test_hours_with_more_than_one_decimal_say_tenths(hours):
    form = PersonForm(data={"name": "An", "ict_hours": hours})
    assert not form.is_valid()
    assert form.errors["ict_hours"] == ["Hours go in tenths at most, like 2.5."]


def test_a_too_long_action_item_says_how_long_it_may_be(client, school):
    leader = member(school, role=Role.SCHOOL_LEADER)
    services.plan_start(owner=school, user=leader)
    client.force_login(leader)
    url = reverse("guidelines:school_action_add", kwargs={"school_slug": school.slug})
    response = client.post(url, {"text": "x" * 10_000, "who": "An"}, follow=True)
    text = [str(m) for m in response.context["messages"]]
    assert text == [
        "The action item is not added. "
        "Action: Ensure this value has at most 500 characters (it has 10000)."
    ]
