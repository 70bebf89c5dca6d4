"""A long task list comes in pages that keep the filters, and a save stays on its page."""

import pytest
from django.urls import reverse

from schools.models import Role
from tasks.models import ListTask
from tasks.services import task_list_initialise
from tasks.views import LIST_PAGE_SIZE
from tests.factories import member
from tests.tasks.test_pages import make_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(client, school, password):
    user = member(school, role=Role.SCHOOL_LEADER)
    client.login(username=user.username, password=password)
    return user


@pytest.fixture
def long_list(school):
    make_catalogue(LIST_PAGE_SIZE + 12)
    task_list_initialise(owner=school)
    return ListTask.objects.filter(school=school)


def test_a_long_list_shows_one_page_and_links_the_next_with_the_filters(
    client, leader, school, long_list
):
    url = reverse("tasks:school_list", args=[school.slug])
    first = client.get(url, {"q": "T-"})
    html = first.content.decode()
    assert len(first.context["formset"].forms) == LIST_PAGE_SIZE
    assert f"Tasks 1–{LIST_PAGE_SIZE} of {LIST_PAGE_SIZE + 12} shown" in html
    assert 'href="?q=T-&amp;page=2"' in html
    second = client.get(url, {"q": "T-", "page": 2})
    shown = [form.instance.pk for form in second.context["formset"].forms]
    assert len(shown) == 12
    assert not set(shown) & {form.instance.pk for form in first.context["formset"].forms}


def test_saving_the_second_page_changes_its_rows(client, leader, school, long_list):
    url = reverse("tasks:school_list", args=[school.slug]) + "?page=2"
    rows = client.get(url).context["formset"].forms
    data = {
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": str(len(rows)),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for n, form in enumerate(rows):
        entry = form.instance
        data |= {
            f"rows-{n}-id": str(entry.pk),
            f"rows-{n}-horizon": entry.horizon,
            f"rows-{n}-level": entry.level,
            f"rows-{n}-note": "second page" if n == 0 else entry.note,
        }
        if entry.applies:
            data[f"rows-{n}-applies"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith("?page=2")
    assert list(long_list.filter(note="second page")) == [rows[0].instance]


def test_a_page_past_the_end_shows_the_last_page(client, leader, school, long_list):
    response = client.get(reverse("tasks:school_list", args=[school.slug]), {"page": 99})
    assert len(response.context["formset"].forms) == 12
