import pytest
from django.urls import reverse

from schools.models import Role
from tests.factories import SchoolFactory, member

pytestmark = pytest.mark.django_db


def _menu(client, user, password):
    client.login(username=user.username, password=password)
    return client.get(reverse("tasks:catalogue")).content.decode()


def test_the_menu_links_every_visible_school_and_group_in_order(
    client, password, group, school, sibling_school, other_school
):
    odd = SchoolFactory(group=group, name="A & <B>", slug="a-b")
    page = _menu(client, member(group=group, role=Role.GROUP_ADMIN), password)
    links = [
        f'<li><a class="dropdown-item" href="{reverse("schools:school_detail", args=[s.slug])}">'
        for s in sorted([school, sibling_school, odd], key=lambda s: s.name)
    ]
    positions = [page.index(link) for link in links]
    assert positions == sorted(positions)
    assert "A &amp; &lt;B&gt;</a>" in page
    assert reverse("schools:school_detail", args=[other_school.slug]) not in page
    group_url = reverse("schools:group_detail", args=[group.slug])
    assert f'<a class="nav-link" href="{group_url}">{group.name}</a>' in page


def test_a_school_member_sees_only_their_school_and_no_group(
    client, password, school, sibling_school
):
    page = _menu(client, member(school, role=Role.TEAM_MEMBER), password)
    assert reverse("schools:school_detail", args=[school.slug]) in page
    assert reverse("schools:school_detail", args=[sibling_school.slug]) not in page
    assert reverse("schools:group_detail", args=[school.group.slug]) not in page
