import re

import pytest
from django.urls import reverse

from schools.models import Role
from tests.factories import SchoolFactory
from tests.factories import member

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


def test_the_schools_dropdown_is_the_html_of_the_template_loop_it_replaces():
    from django.template import Context
    from django.template import Template

    from schools.context_processors import NavLinks
    from schools.models import School

    SchoolFactory(name="A & <B>", slug="a-b")
    SchoolFactory(name='Quote " school', slug="quote")
    links = NavLinks(School.objects.order_by("name"), lambda slug: f"/s/{slug}/?a=1&b=2")
    loop = Template(
        "{% for url, name in links %}\n"
        '              <li><a class="dropdown-item" href="{{ url }}">{{ name }}</a></li>\n'
        "              {% endfor %}"
    ).render(Context({"links": links}))
    # The same elements; only the blank lines the loop left between them are gone.
    assert re.sub(r">\s+<", "><", loop.strip()) == re.sub(r">\s+<", "><", links.dropdown_items)
    assert "A &amp; &lt;B&gt;" in links.dropdown_items
    assert "?a=1&amp;b=2" in links.dropdown_items


# --- the memberships and the menu through queries compiled once per process ---------------


def _field_values(instance):
    if instance is None:
        return None
    return tuple(getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields)


def _menu_of(user) -> tuple[list, list]:
    from django.test import RequestFactory

    from schools.context_processors import current_school

    request = RequestFactory().get("/")
    request.user = user
    context = current_school(request)
    return list(context["nav_schools"]), list(context["nav_groups"])


def test_the_compiled_memberships_are_the_ones_select_related_read(
    group, school, other_school, django_assert_num_queries
):
    from schools.access import user_memberships
    from schools.models import Membership

    user = member(group=group, role=Role.GROUP_ADMIN)
    for owner, role in ((school, Role.SCHOOL_LEADER), (other_school, Role.TEAM_MEMBER)):
        Membership.objects.create(user=user, school=owner, role=role)
    expected = list(Membership.objects.filter(user=user).select_related("school", "group"))

    with django_assert_num_queries(1):
        found = user_memberships(user)
    with django_assert_num_queries(0):
        assert [
            (_field_values(m), _field_values(m.school), _field_values(m.group)) for m in found
        ] == [(_field_values(m), _field_values(m.school), _field_values(m.group)) for m in expected]
    assert len(found) == 3


def test_the_compiled_menu_lists_what_the_visible_schools_and_groups_are(
    group, school, sibling_school, other_school, django_assert_num_queries
):
    from schools.access import visible_groups
    from schools.access import visible_schools
    from schools.context_processors import NAV_GROUPS_ORDER
    from schools.context_processors import NAV_SCHOOLS_ORDER
    from schools.models import Membership

    admin = member(group=group, role=Role.GROUP_ADMIN)
    Membership.objects.create(user=admin, school=other_school, role=Role.SCHOOL_LEADER)
    for user in (admin, member(other_school, role=Role.TEAM_MEMBER)):
        schools, groups = _menu_of(user)
        assert [name for _url, name in schools] == list(
            visible_schools(user).order_by(*NAV_SCHOOLS_ORDER).values_list("name", flat=True)
        )
        assert [name for _url, name in groups] == list(
            visible_groups(user).order_by(*NAV_GROUPS_ORDER).values_list("name", flat=True)
        )
    # By group name ("Scholengroep Noord" before "Zuid"), then by name.
    assert [name for _url, name in _menu_of(admin)[0]] == [
        *sorted([school.name, sibling_school.name]),
        other_school.name,
    ]
    assert _menu_of(admin)[1] == [(reverse("schools:group_detail", args=[group.slug]), group.name)]

    # No membership: the memberships' query only, as the ORM ran no query for the menu.
    from django.contrib.auth import get_user_model

    nobody = get_user_model().objects.create_user(username="nobody")
    with django_assert_num_queries(1):
        assert _menu_of(nobody) == ([], [])
