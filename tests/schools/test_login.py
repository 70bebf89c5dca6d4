import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import member

pytestmark = pytest.mark.django_db


def test_login_then_logout(client, school, password):
    user = member(school)
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 302
    assert client.get(reverse("schools:school_detail", args=[school.slug])).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("schools:school_detail", args=[school.slug])).status_code == 302


def test_wrong_password_shows_an_error(client, school):
    user = member(school)
    response = client.post(reverse("login"), {"username": user.username, "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_even_for_the_right_password(client, school, password):
    user = member(school)
    for _ in range(3):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": user.username, "password": password})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session
