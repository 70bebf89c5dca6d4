import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from schools.access import CAN_EDIT_TASK_LIST
from schools.access import get_group_or_404
from schools.access import get_school_object_or_404
from schools.access import get_school_or_404
from schools.access import require_role
from schools.access import school_roles
from schools.access import visible_schools
from schools.models import Role
from tasks.models import ListTask
from tests.factories import ListTaskFactory
from tests.factories import UserFactory
from tests.factories import member

pytestmark = pytest.mark.django_db


def test_school_member_reaches_own_school_object(school):
    user = member(school)
    entry = ListTaskFactory(school=school)
    assert get_school_object_or_404(user, ListTask, pk=entry.pk) == entry


def test_other_groups_object_is_404_like_a_missing_one(school, other_school):
    user = member(school)
    foreign = ListTaskFactory(school=other_school)
    with pytest.raises(Http404) as not_yours:
        get_school_object_or_404(user, ListTask, pk=foreign.pk)
    with pytest.raises(Http404) as missing:
        get_school_object_or_404(user, ListTask, pk=foreign.pk + 1000)
    assert str(not_yours.value) == str(missing.value)


def test_sibling_school_of_same_group_is_404_for_a_school_member(school, sibling_school):
    user = member(school)
    foreign = ListTaskFactory(school=sibling_school)
    with pytest.raises(Http404):
        get_school_object_or_404(user, ListTask, pk=foreign.pk)
    with pytest.raises(Http404):
        get_school_or_404(user, sibling_school.slug)


def test_group_admin_sees_every_school_of_the_group_but_no_other(
    group, school, sibling_school, other_school
):
    admin = member(group=group, role=Role.GROUP_ADMIN)
    assert set(visible_schools(admin)) == {school, sibling_school}
    assert get_school_or_404(admin, sibling_school.slug) == sibling_school
    with pytest.raises(Http404):
        get_school_or_404(admin, other_school.slug)


def test_group_owned_object_is_visible_to_group_members_only(group, school, other_group):
    group_entry = ListTaskFactory(school=None, group=group)
    admin = member(group=group, role=Role.GROUP_ADMIN)
    school_leader = member(school, role=Role.SCHOOL_LEADER)
    outsider = member(group=other_group, role=Role.GROUP_ADMIN)
    assert get_school_object_or_404(admin, ListTask, pk=group_entry.pk) == group_entry
    for user in (school_leader, outsider):
        with pytest.raises(Http404):
            get_school_object_or_404(user, ListTask, pk=group_entry.pk)
    with pytest.raises(Http404):
        get_group_or_404(outsider, group.slug)


def test_user_without_membership_sees_nothing(school):
    user = UserFactory()
    assert list(visible_schools(user)) == []
    with pytest.raises(Http404):
        get_school_or_404(user, school.slug)


def test_superuser_sees_everything(school, other_school):
    root = UserFactory(is_superuser=True)
    assert get_school_or_404(root, other_school.slug) == other_school


def test_group_roles_carry_over_to_the_groups_schools(group, school):
    coordinator = member(group=group, role=Role.ICT_COORDINATOR)
    assert school_roles(coordinator, school) == {Role.ICT_COORDINATOR}


def test_team_member_may_not_edit_the_task_list(school):
    user = member(school, role=Role.TEAM_MEMBER)
    with pytest.raises(PermissionDenied):
        require_role(user, school, CAN_EDIT_TASK_LIST)
    require_role(member(school, role=Role.SCHOOL_LEADER), school, CAN_EDIT_TASK_LIST)


def test_garbage_lookup_value_is_404_not_500(school):
    user = member(school)
    with pytest.raises(Http404):
        get_school_object_or_404(user, ListTask, pk="not-a-number")


# --- a school's and a group's lookups, compiled once per process ----------------------------


def _values(instance):
    return tuple(getattr(instance, f.attname) for f in type(instance)._meta.concrete_fields)


def test_the_compiled_lookups_find_what_the_scoped_orm_lookup_finds(
    group, school, sibling_school, other_school, other_group, django_assert_num_queries
):
    from schools.models import Membership
    from schools.models import School

    admin = member(group=group, role=Role.GROUP_ADMIN)
    Membership.objects.create(user=admin, school=other_school, role=Role.SCHOOL_LEADER)
    leader = member(sibling_school, role=Role.SCHOOL_LEADER)
    for user, seen in ((admin, [school, sibling_school, other_school]), (leader, [sibling_school])):
        for each in School.objects.all():
            if each in seen:
                expected = get_school_object_or_404(
                    user, School.objects.select_related("group"), slug=each.slug
                )
                found = get_school_or_404(user, each.slug)
                assert (_values(found), _values(found.group)) == (
                    _values(expected),
                    _values(expected.group),
                )
            else:
                with pytest.raises(Http404):
                    get_school_or_404(user, each.slug)
        with pytest.raises(Http404):
            get_school_or_404(user, "no-such-school")
    assert _values(get_group_or_404(admin, group.slug)) == _values(group)
    for user, slug in ((admin, other_group.slug), (leader, group.slug), (admin, "nowhere")):
        with pytest.raises(Http404):
            get_group_or_404(user, slug)
    # One query a lookup once the memberships are read; the group is read with the school.
    with django_assert_num_queries(1):
        assert get_school_or_404(admin, school.slug).group.name == group.name


def test_a_user_without_memberships_is_refused_without_a_query_of_the_lookup(
    school, group, django_assert_num_queries
):
    from schools.access import user_memberships

    user = UserFactory()
    assert user_memberships(user) == []
    # As the ORM's lookup ran none for an empty IN.
    with django_assert_num_queries(0):
        for lookup, slug in ((get_school_or_404, school.slug), (get_group_or_404, group.slug)):
            with pytest.raises(Http404):
                lookup(user, slug)
