"""A form whose data a database constraint refuses says what to change, in the user's
words, never "Constraint 'invitation_in_group_xor_school' is violated". One test per form
that can reach a constraint: the admin's add forms (the site's own forms set the school or
group from the page's address, so they cannot leave both empty)."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from schools.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

XOR = "Choose a school or a school group: exactly one of the two."


@pytest.fixture
def superuser(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-123")
    client.force_login(user)
    return user


def errors_of(response) -> str:
    assert response.status_code == 200, "the form comes back"
    content = response.content.decode()
    assert "Constraint" not in content and "is violated" not in content
    return content


def test_an_invitation_without_school_or_group_says_to_choose_one(client, superuser):
    response = client.post(
        reverse("admin:schools_invitation_add"),
        {"email": "new@example.org", "role": Role.TEAM_MEMBER},
    )
    assert XOR in errors_of(response)


def test_a_membership_without_school_or_group_says_to_choose_one(client, superuser):
    response = client.post(
        reverse("admin:schools_membership_add"),
        {"user": UserFactory().pk, "role": Role.TEAM_MEMBER},
    )
    assert XOR in errors_of(response)


def test_a_school_leader_of_a_group_says_to_choose_a_school(client, superuser, group):
    response = client.post(
        reverse("admin:schools_membership_add"),
        {"user": UserFactory().pk, "role": Role.SCHOOL_LEADER, "group": group.pk},
    )
    assert "This role is not one of a school group: choose a school for it." in errors_of(response)


def test_a_group_admin_of_a_school_says_to_choose_a_group(client, superuser, school):
    response = client.post(
        reverse("admin:schools_membership_add"),
        {"user": UserFactory().pk, "role": Role.GROUP_ADMIN, "school": school.pk},
    )
    assert "This role is one of a school group: choose a group for it." in errors_of(response)


def test_a_school_without_a_location_says_it_needs_one(client, superuser, group):
    response = client.post(
        reverse("admin:schools_school_add"),
        {
            "name": "Nieuwe School",
            "slug": "nieuwe-school",
            "group": group.pk,
            "education_level": "primary",
            "pupils": 100,
            "locations": 0,
        },
    )
    assert "A school has at least one location." in errors_of(response)


# The admin's forms are model forms: a model form of the same fields meets the same
# constraint checks (Model.validate_constraints) with the same messages.
def form_errors(model, data: dict, fields: list[str]) -> list[str]:
    from django.forms import modelform_factory

    form = modelform_factory(model, fields=fields)(data=data)
    assert not form.is_valid()
    text = [str(e) for errors in form.errors.values() for e in errors]
    assert not any("Constraint" in e or "is violated" in e for e in text), text
    return text


def test_an_own_task_of_a_school_and_a_group_says_one_owner(school, group):
    from tasks.models import Task

    data = {
        "code": "OWN-01",
        "title_nl": "Eigen taak",
        "cluster": "technical",
        "topic_nl": "Eigen",
        "level": "school",
        "status": "active",
        "school": school.pk,
        "group": group.pk,
    }
    errors = form_errors(Task, data, list(data))
    assert "A task of its own belongs to one school or one school group, not both." in errors


def test_an_assignment_without_a_mandate_says_to_give_one(school):
    from teams.models import Assignment
    from tests.factories import ListTaskFactory
    from tests.factories import PersonFactory

    person = PersonFactory(school=school)
    entry = ListTaskFactory(school=school)
    data = {"school": school.pk, "list_task": entry.pk, "person": person.pk, "hours": 0}
    errors = form_errors(Assignment, data, [*data, "decides", "executes", "monitors", "lead"])
    assert (
        "Give at least one mandate: decides, executes, directs and follows up, or leads." in errors
    )
