import re

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


def test_the_schools_dropdown_is_the_html_of_the_template_loop_it_replaces():
    from django.template import Context, Template

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
