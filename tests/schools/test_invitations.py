from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from schools.models import Membership
from schools.models import Role
from schools.services import invitation_accept
from schools.services import invitation_create
from tests.factories import UserFactory
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(school, django_capture_on_commit_callbacks):
    leader = member(school, role=Role.SCHOOL_LEADER)
    with django_capture_on_commit_callbacks(execute=True):
        return invitation_create(
            email="New.Teacher@Example.org",
            role=Role.ICT_COORDINATOR,
            school=school,
            invited_by=leader,
            accept_url_base="https://ictteam.example",
        )


def test_invitation_sends_a_single_use_link(invitation):
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.teacher@example.org"]
    assert f"https://ictteam.example/invitations/{invitation.token}/" in message.body


def test_newcomer_creates_account_and_gets_the_role(client, invitation, school):
    url = reverse("schools:invitation_accept", args=[invitation.token])
    response = client.post(
        url,
        {
            "first_name": "Eva",
            "last_name": "Smets",
            "username": "eva",
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="eva")
    assert (membership.school, membership.role) == (school, Role.ICT_COORDINATOR)
    assert membership.user.email == "new.teacher@example.org"
    # Signed in, and the link is spent.
    assert client.get(reverse("schools:school_detail", args=[school.slug])).status_code == 200
    client.logout()
    assert client.get(url).status_code == 410


def test_weak_password_is_refused_with_a_message(client, invitation):
    url = reverse("schools:invitation_accept", args=[invitation.token])
    response = client.post(
        url,
        {
            "first_name": "Eva",
            "last_name": "Smets",
            "username": "eva",
            "password1": "123",
            "password2": "123",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert not Membership.objects.filter(user__username="eva").exists()


def test_signed_in_user_accepts_with_one_click(client, invitation, school, password):
    user = UserFactory(email="new.teacher@example.org")
    client.login(username=user.username, password=password)
    response = client.post(reverse("schools:invitation_accept", args=[invitation.token]))
    assert response.status_code == 302
    assert Membership.objects.filter(user=user, school=school).exists()


def test_expired_invitation_is_refused(invitation):
    invitation.expires = timezone.now() - timedelta(minutes=1)
    invitation.save()
    with pytest.raises(ValidationError):
        invitation_accept(invitation=invitation, user=UserFactory())


def test_group_admin_invitation_gives_admin_site_access(group, django_capture_on_commit_callbacks):
    inviter = member(group=group, role=Role.GROUP_ADMIN)
    invitation = invitation_create(
        email="admin2@example.org", role=Role.GROUP_ADMIN, group=group, invited_by=inviter
    )
    user = UserFactory(email="admin2@example.org")
    invitation_accept(invitation=invitation, user=user)
    user.refresh_from_db()
    assert user.is_staff


def test_school_invitation_with_a_group_role_is_invalid(school):
    with pytest.raises(ValidationError):
        invitation_create(
            email="x@example.org", role=Role.GROUP_ADMIN, school=school, invited_by=UserFactory()
        )
