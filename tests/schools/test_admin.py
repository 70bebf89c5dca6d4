import pytest
from django.urls import reverse

from schools.models import Membership, Role
from tests.factories import ListTaskFactory, UserFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_admin(client, group, password):
    user = member(group=group, role=Role.GROUP_ADMIN, is_staff=True)
    client.login(username=user.username, password=password)
    return user


def test_group_admin_sees_only_their_groups_schools(client, group_admin, school, other_school):
    response = client.get(reverse("admin:schools_school_changelist"))
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown == [school]


def test_other_groups_school_cannot_be_opened_in_admin(client, group_admin, other_school):
    response = client.get(reverse("admin:schools_school_change", args=[other_school.pk]))
    # The admin answers a missing object with a redirect to its index and a message.
    assert response.status_code == 302
    assert "other_school" not in response.url


def test_membership_choices_are_limited_to_the_group(client, group_admin, school, other_school):
    response = client.get(reverse("admin:schools_membership_add"))
    school_choices = response.context["adminform"].form.fields["school"].queryset
    assert list(school_choices) == [school]


def test_group_admin_cannot_add_membership_in_another_group(client, group_admin, other_school):
    victim = UserFactory()
    response = client.post(
        reverse("admin:schools_membership_add"),
        {"user": victim.pk, "school": other_school.pk, "role": Role.SCHOOL_LEADER},
    )
    assert response.status_code == 200  # the form comes back with an error
    assert not Membership.objects.filter(school=other_school).exists()


def test_school_leader_sees_only_their_school_list(client, school, sibling_school, password):
    leader = member(school, role=Role.SCHOOL_LEADER, is_staff=True)
    ListTaskFactory(school=school)
    ListTaskFactory(school=sibling_school)
    client.login(username=leader.username, password=password)
    response = client.get(reverse("admin:tasks_listtask_changelist"))
    assert {e.school for e in response.context["cl"].result_list} == {school}
    schools = client.get(reverse("admin:schools_school_changelist")).context["cl"].result_list
    assert list(schools) == [school]


def test_team_member_has_no_admin(client, school, password):
    user = member(school, role=Role.TEAM_MEMBER, is_staff=True)
    client.login(username=user.username, password=password)
    assert client.get(reverse("admin:schools_school_changelist")).status_code == 403


def test_group_admin_cannot_edit_a_superuser(client, group_admin, group):
    root = UserFactory(is_superuser=True, is_staff=True)
    Membership.objects.create(user=root, group=group, role=Role.GROUP_ADMIN)
    response = client.post(
        reverse("admin:auth_user_change", args=[root.pk]),
        {"username": root.username, "first_name": "Hacked", "last_name": "", "email": ""},
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.first_name != "Hacked"


def test_user_list_shows_only_people_of_the_group(client, group_admin, school, other_school):
    ours = member(school)
    theirs = member(other_school)
    users = set(client.get(reverse("admin:auth_user_changelist")).context["cl"].result_list)
    assert ours in users
    assert theirs not in users
