"""Hardening: the Content-Security-Policy, login throttling against password spraying,
redirects that stay on the site, and hostile input answered without a server error."""

import pytest
from django.test import override_settings
from django.urls import reverse

from schools.models import Role
from tests.factories import AssignmentFactory
from tests.factories import PersonFactory
from tests.factories import UserFactory
from tests.factories import member

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("name", ["home", "login", "password_reset", "admin:login"])
def test_every_page_carries_a_content_security_policy_without_inline_script(client, name):
    policy = _policy(client.get(reverse(name)))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"]


def test_signed_in_pages_and_the_admin_carry_the_policy(client, school, password):
    leader = member(school, role=Role.SCHOOL_LEADER, is_staff=True)
    client.login(username=leader.username, password=password)
    for path in (school.get_absolute_url(), reverse("admin:teams_person_changelist")):
        response = client.get(path)
        assert response.status_code == 200
        assert "script-src 'self'" in response["Content-Security-Policy"]


# --- login throttling ---------------------------------------------------------------------


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_one_password_tried_on_thirty_usernames_from_one_address_locks_it(client, school, password):
    real = member(school)
    statuses = [
        client.post(
            reverse("login"), {"username": f"guess{n}", "password": "Winter2026!"}
        ).status_code
        for n in range(30)
    ]
    # The fifth failure reaches the limit and is answered with the lock already.
    assert statuses[:4] == [200] * 4
    assert set(statuses[4:]) == {429}
    # The address is locked, whatever account it tries next.
    response = client.post(reverse("login"), {"username": real.username, "password": password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_one_username_guessed_from_many_addresses_locks_the_username(client, school, password):
    user = member(school)
    for n in range(3):
        client.post(
            reverse("login"),
            {"username": user.username, "password": f"guess {n}"},
            REMOTE_ADDR=f"203.0.113.{n + 1}",
        )
    response = client.post(
        reverse("login"),
        {"username": user.username, "password": password},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 429


# --- redirects stay on the site -------------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)"]
)
def test_approving_a_mandate_never_redirects_off_the_site(client, school, password, target):
    leader = member(school, role=Role.SCHOOL_LEADER)
    client.login(username=leader.username, password=password)
    assignment = AssignmentFactory(person=PersonFactory(school=school))
    url = reverse("teams:assignment_approve", args=[school.slug, assignment.pk])
    response = client.post(url, {"next": target})
    assert response.status_code == 302
    assert response.url == reverse("teams:mandates", args=[school.slug])


def test_approving_a_mandate_returns_to_the_page_it_came_from(client, school, password):
    leader = member(school, role=Role.SCHOOL_LEADER)
    client.login(username=leader.username, password=password)
    assignment = AssignmentFactory(person=PersonFactory(school=school))
    back = reverse("teams:task_assignments", args=[school.slug, assignment.list_task.pk])
    url = reverse("teams:assignment_approve", args=[school.slug, assignment.pk])
    assert client.post(url, {"next": back}).url == back


def test_login_does_not_redirect_off_the_site(client, school, password):
    user = member(school)
    response = client.post(
        reverse("login") + "?next=https://evil.example/",
        {"username": user.username, "password": password, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response.url


# --- hostile input ---------------------------------------------------------------------------


def test_nul_byte_in_an_admin_autocomplete_or_search_is_a_bad_request(client, school, password):
    leader = member(school, role=Role.SCHOOL_LEADER, is_staff=True)
    client.login(username=leader.username, password=password)
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "\x00",
            "app_label": "teams",
            "model_name": "assignment",
            "field_name": "person",
        },
    )
    assert autocomplete.status_code == 400
    search = client.get(reverse("admin:teams_person_changelist"), {"q": "a\x00b"})
    assert search.status_code == 400


def test_nul_byte_in_a_posted_login_name_is_a_bad_request(client):
    response = client.post(reverse("login"), {"username": "admin\x00", "password": "x"})
    assert response.status_code == 400


@override_settings(AXES_ENABLED=True)
def test_a_ten_thousand_character_login_name_is_a_form_error(client):
    response = client.post(reverse("login"), {"username": "a" * 10_000, "password": "secret"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_a_ten_thousand_character_username_on_an_invitation_is_a_form_error(client, school):
    from schools.services import invitation_create

    leader = member(school, role=Role.SCHOOL_LEADER)
    invitation = invitation_create(
        email="new@example.org", role=Role.TEAM_MEMBER, school=school, invited_by=leader
    )
    response = client.post(
        reverse("schools:invitation_accept", args=[invitation.token]),
        {
            "first_name": "N",
            "last_name": "N",
            "username": "a" * 10_000,
            "password1": "a long enough passphrase 42",
            "password2": "a long enough passphrase 42",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not UserFactory._meta.model.objects.filter(email="new@example.org").exists()


def test_the_policy_allows_the_flowchart_pictures_style_by_its_current_hash(settings):
    import base64
    import hashlib

    from guidelines.svg import STYLE

    digest = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
    assert f"'sha256-{digest}'" == settings.FLOWCHART_STYLE_HASH
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert settings.FLOWCHART_STYLE_HASH in directives["style-src-elem"]
