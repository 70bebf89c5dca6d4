"""Accounts a tenant cannot take over: what leaders may change of whose account, staff
status that follows the memberships, invitations bound to their address, password reset
by e-mail."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from schools.models import Membership
from schools.models import Role
from schools.services import invitation_accept
from schools.services import invitation_create
from tests.factories import PASSWORD
from tests.factories import UserFactory
from tests.factories import member

pytestmark = pytest.mark.django_db
User = get_user_model()


def _login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def _change_data(user, **changes):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def leader(school):
    return member(school, role=Role.SCHOOL_LEADER, is_staff=True)


@pytest.fixture
def two_group_teacher(school, other_school):
    """A teacher of the leader's school who also works in another group's school."""
    teacher = member(school, role=Role.TEAM_MEMBER, email="teacher@example.org")
    Membership.objects.create(user=teacher, school=other_school, role=Role.ICT_COORDINATOR)
    return teacher


def test_leader_cannot_change_the_email_of_someone_who_also_belongs_to_another_group(
    client, leader, two_group_teacher
):
    _login(client, leader)
    url = reverse("admin:auth_user_change", args=[two_group_teacher.pk])
    response = client.post(url, _change_data(two_group_teacher, email="leader@evil.example"))
    assert response.status_code == 403
    two_group_teacher.refresh_from_db()
    assert two_group_teacher.email == "teacher@example.org"


def test_leader_cannot_set_a_password_in_the_admin_even_within_their_school(
    client, leader, school, two_group_teacher
):
    own_teacher = member(school, role=Role.TEAM_MEMBER)
    _login(client, leader)
    new = {"password1": "a brand new passphrase 99", "password2": "a brand new passphrase 99"}
    for account in (two_group_teacher, own_teacher):
        url = reverse("admin:auth_user_password_change", args=[account.pk])
        assert client.post(url, new).status_code == 403
        account.refresh_from_db()
        assert account.check_password(PASSWORD)


def test_leader_cannot_deactivate_an_account_in_their_school(client, leader, school):
    teacher = member(school, role=Role.TEAM_MEMBER)
    _login(client, leader)
    url = reverse("admin:auth_user_change", args=[teacher.pk])
    username = teacher.username
    response = client.post(
        url, _change_data(teacher, is_active=None, first_name="Renamed", username="hijacked")
    )
    assert response.status_code == 302
    teacher.refresh_from_db()
    # The name is the leader's to correct; the account stays active (end the membership
    # instead) and keeps its username.
    assert teacher.first_name == "Renamed"
    assert teacher.is_active
    assert teacher.username == username


def test_leader_changes_the_email_of_a_team_member_of_their_school_only(client, leader, school):
    teacher = member(school, role=Role.TEAM_MEMBER)
    _login(client, leader)
    url = reverse("admin:auth_user_change", args=[teacher.pk])
    response = client.post(url, _change_data(teacher, email="new.address@example.org"))
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.email == "new.address@example.org"


def test_leader_cannot_change_another_leaders_account(client, leader, school):
    co_leader = member(school, role=Role.SCHOOL_LEADER, is_staff=True)
    _login(client, leader)
    url = reverse("admin:auth_user_change", args=[co_leader.pk])
    response = client.post(url, _change_data(co_leader, email="leader@evil.example"))
    assert response.status_code == 403
    # Shown, but read-only.
    assert client.get(url).status_code == 200
    co_leader.refresh_from_db()
    assert co_leader.email != "leader@evil.example"


def test_group_admin_cannot_take_over_an_account_that_also_belongs_to_another_group(
    client, group, two_group_teacher
):
    admin_user = member(group=group, role=Role.GROUP_ADMIN, is_staff=True)
    _login(client, admin_user)
    url = reverse("admin:auth_user_change", args=[two_group_teacher.pk])
    response = client.post(
        url, _change_data(two_group_teacher, email="admin@evil.example", is_active=None)
    )
    assert response.status_code == 403
    two_group_teacher.refresh_from_db()
    assert two_group_teacher.email == "teacher@example.org"
    assert two_group_teacher.is_active


# --- staff status follows the memberships ---------------------------------------------------


def test_ending_the_leaders_membership_in_the_admin_ends_their_admin_access(
    client, group, school, leader
):
    admin_user = member(group=group, role=Role.GROUP_ADMIN, is_staff=True)
    _login(client, admin_user)
    membership = Membership.objects.get(user=leader)
    url = reverse("admin:schools_membership_delete", args=[membership.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    leader.refresh_from_db()
    assert not leader.is_staff


def test_invitation_to_a_non_leading_role_gives_no_staff_status(school, leader):
    invitation = invitation_create(
        email="coordinator@example.org", role=Role.ICT_COORDINATOR, school=school, invited_by=leader
    )
    user = UserFactory(email="coordinator@example.org", is_staff=True)
    invitation_accept(invitation=invitation, user=user)
    user.refresh_from_db()
    assert not user.is_staff


def test_leader_cannot_invite_a_group_admin_or_to_another_school(school, other_school, leader):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        invitation_create(
            email="x@example.org", role=Role.TEAM_MEMBER, school=other_school, invited_by=leader
        )
    with pytest.raises(ValidationError):
        invitation_create(
            email="x@example.org", role=Role.GROUP_ADMIN, group=school.group, invited_by=leader
        )


# --- invitations belong to their address ---------------------------------------------------


@pytest.fixture
def invitation(school, leader):
    return invitation_create(
        email="invited@example.org", role=Role.ICT_COORDINATOR, school=school, invited_by=leader
    )


def test_invitation_opened_by_another_account_is_refused(client, invitation, school):
    intruder = UserFactory(email="intruder@example.org")
    _login(client, intruder)
    url = reverse("schools:invitation_accept", args=[invitation.token])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert not Membership.objects.filter(user=intruder).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_invitation_of_an_existing_account_asks_to_sign_in_instead_of_a_new_account(
    client, invitation
):
    UserFactory(username="invited", email="Invited@example.org")
    url = reverse("schools:invitation_accept", args=[invitation.token])
    response = client.post(
        url,
        {
            "first_name": "Eva",
            "last_name": "Smets",
            "username": "second-account",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
        },
    )
    assert response.status_code == 200
    assert response.context["sign_in_first"]
    assert not User.objects.filter(username="second-account").exists()


def test_expired_invitation_page_is_refused(client, invitation):
    invitation.expires = timezone.now() - timedelta(minutes=1)
    invitation.save()
    owner = UserFactory(email="invited@example.org")
    _login(client, owner)
    url = reverse("schools:invitation_accept", args=[invitation.token])
    assert client.post(url).status_code == 410
    assert not Membership.objects.filter(user=owner).exists()


def test_invitation_with_a_nul_byte_in_the_token_is_a_bad_request(client):
    assert client.get("/invitations/%00/").status_code == 400
    assert client.get("/invitations/abc%00def/").status_code == 400


def test_invitation_token_of_other_characters_is_not_found(client):
    assert client.get("/invitations/abc.def/").status_code == 404


# --- password reset by e-mail ---------------------------------------------------------------


def test_password_reset_by_email_sets_a_new_password(client, school):
    user = member(school, email="eva@example.org")
    response = client.post(reverse("password_reset"), {"email": "eva@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200 and response.context["validlink"]
    new = "another long passphrase 77"
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_does_not_tell_whether_an_address_has_an_account(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert not mail.outbox


def test_login_page_links_to_the_password_reset(client):
    assert reverse("password_reset") in client.get(reverse("login")).content.decode()


def test_invitation_made_in_the_admin_is_sent_by_the_service(
    client, leader, school, django_capture_on_commit_callbacks
):
    _login(client, leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:schools_invitation_add"),
            {"email": "Teacher@Example.org", "role": Role.TEAM_MEMBER, "school": school.pk},
        )
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["teacher@example.org"]]


def test_invitation_the_service_refuses_is_a_form_error_in_the_admin(
    client, leader, school, django_capture_on_commit_callbacks
):
    _login(client, leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:schools_invitation_add"),
            {"email": "boss@example.org", "role": Role.GROUP_ADMIN, "school": school.pk},
        )
    assert response.status_code == 200
    assert response.context["errors"]
    assert not mail.outbox
    assert not school.invitations.exists()
