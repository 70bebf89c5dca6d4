"""The catalogue's text (Appendix 1 of the report) is in English: on a Dutch page it says so
to screen readers (WCAG 3.1.2); a school's own task is in the school's own words."""

import pytest
from django.urls import reverse

from tests.factories import TaskFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_catalogue_text_is_marked_english_on_a_dutch_page(client, school):
    client.force_login(UserFactory())
    TaskFactory(code="TEC-NET-01", title="Manage the school network")
    TaskFactory(code="OWN-01", title="Ons eigen werk", school=school)
    page = client.get(reverse("tasks:catalogue"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<html lang="nl">' in page
    assert '<span lang="en">Manage the school network</span>' in page


def test_a_catalogue_task_page_marks_its_title_and_description_english(client):
    client.force_login(UserFactory())
    task = TaskFactory(code="TEC-NET-01", title="Manage the school network")
    page = client.get(reverse("tasks:task_detail", kwargs={"code": task.code})).content.decode()
    assert '<h1 class="h3" lang="en">Manage the school network</h1>' in page
