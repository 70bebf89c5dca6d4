"""The admin saves plan items through the plan's services: the same checks and history."""

import pytest
from django.urls import reverse

from development.models import DevelopmentItem
from development.routes import COUNSELLING
from schools.models import Role
from tests.factories import member
from tests.teams.builders import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(client, school, password):
    user = member(school, role=Role.SCHOOL_LEADER, is_staff=True)
    assert client.login(username=user.username, password=password)
    return user


def _post(school, who, **overrides):
    return {
        "school": school.pk,
        "person": who.pk,
        "competence": "policy",
        "route": COUNSELLING,
        "school_year": "2026",
        "term": "",
        "status": "planned",
        "note": "",
        **overrides,
    }


def test_an_item_added_in_the_admin_names_its_author(client, leader, school):
    who = person(school, name="Lotte Maes")
    response = client.post(reverse("admin:development_developmentitem_add"), _post(school, who))
    assert response.status_code == 302
    item = DevelopmentItem.objects.get()
    assert (item.person, item.created_by) == (who, leader)
    assert item.history.get().history_user == leader


def test_the_admin_refuses_what_the_service_refuses(
    client, school, sibling_school, group, password
):
    admin = member(group=group, role=Role.GROUP_ADMIN, is_staff=True)
    assert client.login(username=admin.username, password=password)
    # A group-level person who serves only the sibling school: of the group, not the team.
    stranger = person(group=group, name="Serves De Linde", shares={sibling_school: 4})
    response = client.post(
        reverse("admin:development_developmentitem_add"), _post(school, stranger)
    )
    assert response.status_code == 200
    assert "Choose someone of this school&#x27;s team." in response.content.decode()
    assert not DevelopmentItem.objects.exists()
