import re

import pytest
from django.urls import reverse

from schools.models import Role
from tests.factories import SchoolFactory
from tests.factories import SchoolGroupFactory
from tests.factories import member

pytestmark = pytest.mark.django_db

MENU = re.compile(r'<ul class="navbar-nav me-auto">.*?</ul>\s*<div', re.S)


def _group_admin_with_schools(count: int):
    group = SchoolGroupFactory(name="Zeta schools")
    # Names against the order of creation: the menu sorts them.
    for n in range(count):
        SchoolFactory(group=group, name=f"School {count - n:02d} & <co>")
    SchoolFactory(name="Not theirs")
    return group, member(group=group, role=Role.GROUP_ADMIN)


def test_the_home_pages_menu_is_the_menu_of_every_other_page(client):
    group, user = _group_admin_with_schools(5)
    # A second group, of a school membership: the menu lists its school, not the group.
    other = SchoolFactory(group=SchoolGroupFactory(name="Alpha schools"), name="Aa school")
    user.memberships.create(school=other, role=Role.ICT_COORDINATOR)
    client.force_login(user)

    home = client.get(reverse("home")).content.decode()
    catalogue = client.get(reverse("tasks:catalogue")).content.decode()

    menu = MENU.search(home).group()
    assert menu == MENU.search(catalogue).group()
    assert menu.index("Aa school") < menu.index("School 01 &amp; &lt;co&gt;")
    assert reverse("schools:group_detail", args=[group.slug]) in menu
    assert reverse("schools:group_detail", args=[other.group.slug]) not in menu
    assert "Not theirs" not in menu


@pytest.mark.parametrize("schools", [2, 8])
def test_the_home_page_runs_constant_queries(client, django_assert_num_queries, schools):
    _group, user = _group_admin_with_schools(schools)
    client.force_login(user)
    # Session, user, memberships; schools and groups (which the menu shows too); the
    # reminders' four.
    with django_assert_num_queries(9):
        response = client.get(reverse("home"))
    assert response.status_code == 200
