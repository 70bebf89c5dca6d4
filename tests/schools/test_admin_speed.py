"""The admin at group scale: history pages and long lists run a bounded number of queries."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.urls import reverse

from schools.models import Role
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_admin(client, group, password):
    user = member(group=group, role=Role.GROUP_ADMIN, is_staff=True)
    client.login(username=user.username, password=password)
    return user


def _history_queries(client, assignment, versions: int) -> int:
    for n in range(versions):
        assignment.hours = Decimal(n + 1)
        assignment.backup = PersonFactory(school=assignment.school) if n % 2 else None
        assignment.save()
    url = reverse("admin:teams_assignment_history", args=[assignment.pk])
    client.get(url)  # Per-process caches (content types) are warm for both counts.
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert str(assignment) in response.content.decode()
    # The object is named in the title and breadcrumbs from one read with its person and
    # task, not a query for each.
    assert not any(q["sql"].startswith('SELECT "teams_person"') for q in queries)
    return len(queries)


def test_history_page_runs_the_same_queries_for_2_or_12_versions(client, group_admin, school):
    few = _history_queries(client, AssignmentFactory(person=PersonFactory(school=school)), 1)
    many = _history_queries(client, AssignmentFactory(person=PersonFactory(school=school)), 11)
    assert many == few


def test_history_page_reads_its_object_once(client, group_admin, school):
    """The page's scope check reads the object; simple_history's view is handed it
    instead of reading it again."""
    assignment = AssignmentFactory(person=PersonFactory(school=school))
    url = reverse("admin:teams_assignment_history", args=[assignment.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    assert f"View history: {assignment}" in response.content.decode()
    reads = [q for q in queries if q["sql"].startswith('SELECT "teams_assignment"."id"')]
    assert len(reads) == 1


def test_history_records_take_the_objects_the_page_read_with_its_object(
    client, group_admin, school
):
    """The records are not joined again with the task list entry, the person and the
    school that the page read with the assignment: each version names them all the
    same, and a changed backup by its name."""
    assignment = AssignmentFactory(person=PersonFactory(school=school, name="Ann Holder"))
    for name in ("Bo Backup", "Cas Backup"):
        assignment.backup = PersonFactory(school=school, name=name)
        assignment.save()
    url = reverse("admin:teams_assignment_history", args=[assignment.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    (records,) = [
        q["sql"]
        for q in queries
        if 'FROM "teams_historicalassignment"' in q["sql"] and "COUNT(" not in q["sql"]
    ]
    assert '"teams_historicalassignment"."person_id" = "teams_person"' not in records
    assert 'JOIN "tasks_listtask"' not in records and 'JOIN "schools_school"' not in records
    assert 'JOIN "teams_person"' in records  # the backups, which the versions change
    assert html.count(str(assignment)) >= 4  # the title and each of the three versions
    assert "Bo Backup" in html and "Cas Backup" in html


def test_a_version_that_names_another_object_reads_it(client, group_admin, school):
    """A version whose key names another object than the assignment does now (written
    by hand: the services never move an assignment) is read and named."""
    assignment = AssignmentFactory(person=PersonFactory(school=school, name="Ann Holder"))
    assignment.hours = Decimal(3)
    assignment.save()
    first = assignment.history.order_by("history_date", "history_id").first()
    earlier = PersonFactory(school=school, name="Dirk Earlier")
    type(first).objects.filter(history_id=first.history_id).update(person=earlier)
    url = reverse("admin:teams_assignment_history", args=[assignment.pk])
    html = client.get(url).content.decode()
    assert "Dirk Earlier" in html and "Ann Holder" in html


def test_an_admin_that_widens_its_queryset_still_shows_history(client, group_admin, school):
    """The task admin adds the shared catalogue to what a member sees (``|``): its
    history pages are served from a real queryset."""
    own = TaskFactory(school=school)
    shared = TaskFactory()
    for task in (own, shared):
        response = client.get(reverse("admin:tasks_task_history", args=[task.pk]))
        assert response.status_code == 200
        assert task.code in response.content.decode()


def test_assignment_list_pages_newest_first_in_constant_queries(client, group_admin, school):
    def list_queries(count: int) -> tuple[int, str]:
        for _ in range(count):
            AssignmentFactory(person=PersonFactory(school=school))
        url = reverse("admin:teams_assignment_changelist")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), " ".join(q["sql"] for q in queries)

    few, _ = list_queries(3)
    many, sql = list_queries(60)
    assert many == few
    # Ordered by the primary key, not by a join through the task list.
    assert 'ORDER BY "teams_assignment"."id" DESC' in sql
    assert "LIMIT 50" in sql


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_rows_checkbox_is_the_html_of_djangos_widget(school, language):
    from django.contrib import admin
    from django.contrib.admin import ModelAdmin
    from django.utils import translation

    from teams.models import Assignment

    assignment = AssignmentFactory(person=PersonFactory(school=school, name='Ann "A" <B> & co'))
    model_admin = admin.site._registry[Assignment]
    with translation.override(language):
        ours = model_admin.action_checkbox(assignment)
        djangos = ModelAdmin.action_checkbox(model_admin, assignment)
    assert ours == djangos
    assert "&lt;B&gt; &amp; co" in ours


def test_a_rows_change_address_is_the_one_django_reverses(rf, group_admin, school):
    from django.contrib import admin
    from django.contrib.admin.views.main import ChangeList

    from schools.admin import TenantChangeList
    from teams.models import Assignment
    from teams.models import Person

    assignments = [AssignmentFactory(person=PersonFactory(school=school)) for _ in range(3)]
    request = rf.get("/")
    request.user = group_admin
    for model, rows in ((Assignment, assignments), (Person, [a.person for a in assignments])):
        model_admin = admin.site._registry[model]
        changelist = model_admin.get_changelist_instance(request)
        assert isinstance(changelist, TenantChangeList)
        for row in rows:
            expected = ChangeList.url_for_result(changelist, row)
            assert changelist.url_for_result(row) == expected
            assert expected == reverse(
                f"admin:teams_{model._meta.model_name}_change", args=[row.pk]
            )


HOSTILE = 'Ann "A" <B> & co'


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("filtered", [False, True])
def test_every_lists_rows_are_the_html_of_djangos_rows(
    rf, group_admin, group, school, language, filtered
):
    """``TenantChangeList.result_rows`` writes what Django's ``items_for_result`` writes,
    for every list of the admin: related objects (and none), yes/no icons, choices, dates,
    numbers, methods, names to escape, and the links with the filters they keep."""
    from django.contrib import admin
    from django.contrib.admin.templatetags.admin_list import results
    from django.utils import timezone
    from django.utils import translation

    from schools.admin import TenantChangeList
    from tests.factories import ListTaskFactory

    ann = PersonFactory(school=school, name=HOSTILE, email="")
    PersonFactory(school=None, group=group, name="Group-level")
    AssignmentFactory(person=ann, list_task=ListTaskFactory(school=school, note=HOSTILE))
    AssignmentFactory(
        person=PersonFactory(school=school),
        backup=ann,
        hours=Decimal("2.5"),
        approved_at=timezone.now(),
    )
    checked = 0
    for model, model_admin in admin.site._registry.items():
        request = _list_request(rf, model, group_admin, {"o": "1"} if filtered else {})
        with translation.override(language):
            changelist = model_admin.get_changelist_instance(request)
            if not isinstance(changelist, TenantChangeList):
                continue
            changelist.formset = None
            ours = changelist.result_rows()
            djangos = ["".join(row) for row in results(changelist)]
        assert ours == djangos, model
        checked += bool(djangos)
    assert checked >= 5


def _list_request(rf, model, user, params: dict | None = None):
    """A request for ``model``'s admin list as ``user``, with ``params``, resolved as the
    admin's URLs resolve it."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    request = rf.get(url, params or {})
    request.user = user
    request.resolver_match = resolve(url)
    return request


def _with_school(params: dict, school) -> dict:
    """``params`` with ``SCHOOL`` standing for the school filter and an empty value for the
    school's id."""
    return {
        ("school__id__exact" if key == "SCHOOL" else key): (value or str(school.pk))
        for key, value in params.items()
    }


def _lists_data(group, school) -> None:
    from tests.factories import ListTaskFactory
    from tests.factories import SchoolFactory

    ann = PersonFactory(school=school, name=HOSTILE, email="")
    PersonFactory(school=None, group=group, name="Group-level")
    AssignmentFactory(person=ann, list_task=ListTaskFactory(school=school, note=HOSTILE))
    AssignmentFactory(person=PersonFactory(school=school), backup=ann, hours=Decimal("2.5"))
    AssignmentFactory(
        person=PersonFactory(school=school), list_task=ListTaskFactory(school=None, group=group)
    )
    # A second school of the group: the filters on schools show when there is a choice.
    AssignmentFactory(person=PersonFactory(school=SchoolFactory(group=group, name="Zuid")))


@pytest.mark.parametrize("language", ["en", "nl"])
def test_lists_reading_only_their_columns_fields_write_the_same_rows(
    rf, group_admin, group, school, language
):
    """``list_only`` leaves out fields no column shows: the same rows, and no query to
    fetch a field left out."""
    from django.contrib import admin
    from django.utils import translation

    _lists_data(group, school)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if not getattr(model_admin, "list_only", None):
            continue
        request = _list_request(rf, model, group_admin)
        with translation.override(language):
            changelist = model_admin.get_changelist_instance(request)
            changelist.formset = None
            len(changelist.result_list)  # the page's rows, as the page reads them
            with CaptureQueriesContext(connection) as queries:
                ours = changelist.result_rows()
            only = model_admin.list_only
            model_admin.list_only = ()
            try:
                full = model_admin.get_changelist_instance(request)
            finally:
                model_admin.list_only = only
            full.formset = None
            full = full.result_rows()
        assert ours == full, model
        assert len(ours) >= 2, model
        # Only a group-level list's group is fetched row by row, as without ``list_only``.
        assert len(queries) <= 1, [q["sql"] for q in queries]
        checked += 1
    assert checked == 3


def _object_state(obj) -> tuple:
    """An object as the ORM left it: its class, values, related objects (recursively),
    state and deferred fields."""
    values = {key: value for key, value in obj.__dict__.items() if key != "_state"}
    related = {
        name: None if cached is None else _object_state(cached)
        for name, cached in obj._state.fields_cache.items()
    }
    return type(obj), values, related, obj._state.adding, obj._state.db, obj.get_deferred_fields()


def test_every_lists_page_holds_the_objects_djangos_iterable_builds(rf, group_admin, group, school):
    """``_PageRows`` builds a page's objects without ``Model.__init__``: the same objects,
    with their ``select_related`` objects, deferred fields and prefetched relations."""
    from django.contrib import admin
    from django.db.models.query import ModelIterable

    from schools.admin import TenantChangeList
    from schools.admin.reads import _PageRows

    _lists_data(group, school)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        request = _list_request(rf, model, group_admin)
        changelist = model_admin.get_changelist_instance(request)
        if not isinstance(changelist, TenantChangeList):
            continue
        page = changelist.result_list
        assert page._iterable_class is _PageRows, model
        djangos = page._chain()
        djangos._iterable_class = ModelIterable
        ours, expected = list(page), list(djangos)
        assert [_object_state(o) for o in ours] == [_object_state(o) for o in expected], model
        for obj, django_obj in zip(ours, expected, strict=True):
            assert getattr(obj, "_prefetched_objects_cache", None) == getattr(
                django_obj, "_prefetched_objects_cache", None
            )
        checked += bool(expected)
    assert checked >= 5


def test_a_model_with_its_own_initialisation_is_built_by_django(school):
    """An object whose class listens to ``post_init`` (or has its own ``from_db``) is
    left to Django: ``_PageRows`` would skip what it does."""
    from django.db.models.signals import post_init

    from schools.admin import reads as schools_admin
    from teams.models import Person

    PersonFactory(school=school)
    seen = []

    def listener(sender, instance, **kwargs):
        seen.append(instance)

    schools_admin._PLAIN.pop(Person, None)
    post_init.connect(listener, sender=Person)
    try:
        rows = Person.objects.filter(school=school)
        rows._iterable_class = schools_admin._PageRows
        (person,) = list(rows)
    finally:
        post_init.disconnect(listener, sender=Person)
        schools_admin._PLAIN.pop(Person, None)
    assert seen == [person]
    assert schools_admin._plain(Person)


@pytest.mark.parametrize("who", ["group admin", "school leader", "leader of two schools"])
def test_related_filters_offer_djangos_choices(rf, group_admin, group, school, other_school, who):
    """The filters on schools, groups and people offer what Django's would, in its order,
    read as names; the objects of another group's lists stay out."""
    from django.contrib import admin
    from django.contrib.admin import RelatedOnlyFieldListFilter

    from schools.admin import NAMED_BY_FIELD
    from schools.admin import ScopedRelatedFilter

    _lists_data(group, school)
    PersonFactory(school=other_school, name="Elsewhere")
    AssignmentFactory(person=PersonFactory(school=other_school))
    user = group_admin
    if who != "group admin":
        # The choices' query is compiled once for each number of schools and groups.
        user = member(school, role=Role.SCHOOL_LEADER, is_staff=True)
        if who == "leader of two schools":
            second = school.__class__.objects.create(
                group=group, name="Second <school>", slug="second-school"
            )
            PersonFactory(school=second, name="Second's person")
            user.memberships.create(school=second, role=Role.SCHOOL_LEADER)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        request = _list_request(rf, model, user)
        changelist = model_admin.get_changelist_instance(request)
        for spec in changelist.filter_specs:
            if not isinstance(spec, ScopedRelatedFilter):
                continue
            field = spec.field
            ours = spec.field_choices(field, request, model_admin)
            djangos = RelatedOnlyFieldListFilter.field_choices(spec, field, request, model_admin)
            assert ours == djangos, (model, spec.field_path)
            assert "Elsewhere" not in dict(ours).values()
            if field.related_model._meta.label_lower in NAMED_BY_FIELD:
                checked += bool(ours)
    # A school's leader sees no group-level people: only the lists of the school.
    assert checked >= (3 if who == "group admin" else 1)


@pytest.mark.parametrize(
    ("params", "lists"),
    [
        ({}, 3),
        ({"q": 'a "b" & <c>', "o": "2"}, 3),
        ({"SCHOOL": "", "p": "0"}, 3),
        # Only the assignments have this filter: the other lists refuse the address.
        ({"SCHOOL": "", "lead__exact": "1"}, 1),
    ],
)
def test_related_filters_address_their_choices_as_django_does(
    rf, group_admin, group, school, other_school, params, lists
):
    """Each choice's address is built from one address with a stand-in id: the same
    choices, addresses and selection as Django's ``RelatedFieldListFilter.choices``,
    whatever other filters, search, ordering or choice the list is shown with."""
    from django.contrib import admin
    from django.contrib.admin import RelatedFieldListFilter

    from schools.admin import ScopedRelatedFilter

    _lists_data(group, school)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        request_params = _with_school(params, school)
        request = _list_request(rf, model, group_admin, request_params)
        try:
            changelist = model_admin.get_changelist_instance(request)
        except (admin.options.IncorrectLookupParameters, admin.options.FieldDoesNotExist):
            continue
        for spec in changelist.filter_specs:
            if not isinstance(spec, ScopedRelatedFilter):
                continue
            ours = list(spec.choices(changelist))
            djangos = list(RelatedFieldListFilter.choices(spec, changelist))
            assert ours == djangos, (model, spec.field_path)
            checked += len(ours) > 2
    assert checked >= lists


def test_models_named_by_a_field_are_named_by_it(group, school):
    from django.apps import apps

    from schools.admin import NAMED_BY_FIELD

    for label, name in NAMED_BY_FIELD.items():
        model = apps.get_model(label)
        obj = model._default_manager.first() or PersonFactory(school=school)
        assert str(obj) == getattr(obj, name)


def _tags_squeezed(html: str) -> str:
    # A browser draws no difference for the white space at the edges of a cell.
    return re.sub(r"\s+<", "<", re.sub(r">\s+", ">", html.strip()))


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("show_changelinks", [True, False])
def test_the_app_list_is_the_html_of_djangos_template(
    rf, group_admin, django_user_model, language, show_changelinks
):
    """``{% tenant_app_list %}`` writes what Django's ``admin/app_list.html`` writes: for a
    group admin and a superuser, on a list's page, for names to escape, view-only models,
    models without an address and for nothing at all."""
    from pathlib import Path

    import django.contrib.admin
    from django.contrib import admin
    from django.template import Context
    from django.template import Template
    from django.utils import translation

    djangos = Template(
        (Path(django.contrib.admin.__file__).parent / "templates/admin/app_list.html").read_text()
    )
    ours = Template("{% load admin_rows %}{% tenant_app_list %}")
    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    hostile = {
        "name": 'A <b>"&',
        "app_label": "x<y",
        "app_url": "/admin/x/",
        "models": [
            {
                "name": "M & <i>",
                "object_name": "Mm",
                "admin_url": "/admin/x/m/?a=1&b=2",
                "add_url": None,
                "view_only": True,
                "perms": {},
            },
            {
                "name": "N",
                "object_name": "N",
                "admin_url": None,
                "add_url": "/admin/x/n/add/",
                "perms": {},
            },
        ],
    }
    checked = 0
    for user in (group_admin, superuser):
        request = rf.get(reverse("admin:teams_assignment_changelist"))
        request.user = user
        with translation.override(language):
            app_list = admin.site.get_app_list(request)
            for apps in (app_list, [hostile], []):
                context = {"app_list": apps, "show_changelinks": show_changelinks}
                for with_request in (True, False):
                    values = {**context, "request": request} if with_request else context
                    expected = djangos.render(Context(values))
                    written = ours.render(Context(values))
                    assert _tags_squeezed(written) == _tags_squeezed(expected)
                    checked += 1
        assert any(app["app_label"] == "teams" for app in app_list)
    assert checked == 12


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("selected", [False, True])
def test_the_list_filters_are_the_html_of_djangos_template(
    rf, group_admin, group, school, language, selected
):
    """``{% tenant_filter %}`` writes what Django's ``admin/filter.html`` writes, for every
    filter of every list: yes/no, choices, related objects with names to escape, a
    choice selected and the addresses that keep the other filters."""
    from pathlib import Path

    import django.contrib.admin
    from django.contrib import admin
    from django.template import Context
    from django.template import Template
    from django.template.loader import get_template
    from django.utils import translation

    djangos = Template(
        (Path(django.contrib.admin.__file__).parent / "templates/admin/filter.html").read_text()
    )
    _lists_data(group, school)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        params = {"q": 'a "b" & <c>', "school__id__exact": str(school.pk)} if selected else {}
        request = _list_request(rf, model, group_admin, params)
        with translation.override(language):
            try:
                changelist = model_admin.get_changelist_instance(request)
            except admin.options.IncorrectLookupParameters:
                continue
            for spec in changelist.filter_specs:
                values = {"title": spec.title, "choices": list(spec.choices(changelist))}
                expected = djangos.render(Context(values))
                written = get_template(spec.template).render(values)
                assert _tags_squeezed(written) == _tags_squeezed(expected), spec.title
                checked += 1
    assert checked >= 10


@pytest.mark.parametrize("label", [None, "teams", "auth"])
def test_the_app_list_is_djangos(rf, group_admin, django_user_model, label):
    """The site's app list, its addresses reversed once a process, is Django's: the same
    apps, models, permissions and addresses, for a group admin and a superuser."""
    from django.contrib import admin
    from django.contrib.admin.sites import AdminSite

    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    for user in (group_admin, superuser):
        request = rf.get("/")
        request.user = user
        for _ in range(2):  # the second time from the addresses kept
            assert admin.site._build_app_dict(request, label) == AdminSite._build_app_dict(
                admin.site, request, label
            )
    request.user = group_admin
    assert "axes" not in admin.site._build_app_dict(request)
    assert "teams" in admin.site._build_app_dict(request)


def test_an_admin_page_reads_a_staff_users_permissions_as_django_does_in_one_query(
    client, group_admin, django_user_model
):
    """The site fills ``ModelBackend``'s cache from one query: the user's own permissions
    and their groups', the same set Django's two queries give, and what the app list
    shows with them (here the user groups, granted through a group)."""
    from django.contrib import admin
    from django.contrib.auth.backends import ModelBackend
    from django.contrib.auth.models import Group
    from django.contrib.auth.models import Permission

    own = Permission.objects.get(codename="view_group")
    given = Permission.objects.filter(codename__in=["change_group", "view_group"])
    editors = Group.objects.create(name="editors")
    editors.permissions.set(given)
    group_admin.user_permissions.add(own)
    group_admin.groups.add(editors)
    fresh = django_user_model.objects.get(pk=group_admin.pk)
    expected = ModelBackend().get_all_permissions(fresh)
    assert expected == {"auth.view_group", "auth.change_group"}

    request = type("Request", (), {})()
    request.user = django_user_model.objects.get(pk=group_admin.pk)
    with CaptureQueriesContext(connection) as queries:
        assert admin.site.has_permission(request)
    assert len(queries) == 1
    assert request.user._perm_cache == expected
    with CaptureQueriesContext(connection) as queries:
        assert request.user.has_perm("auth.change_group")
        assert not request.user.has_perm("auth.delete_group")
    assert len(queries) == 0

    url = reverse("admin:index")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert reverse("admin:auth_group_changelist") in response.content.decode()
    assert sum("auth_permission" in q["sql"] for q in queries) == 1


def test_a_superusers_permissions_are_left_to_django(django_user_model):
    from django.contrib import admin

    request = type("Request", (), {})()
    request.user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    assert admin.site.has_permission(request)
    assert not hasattr(request.user, "_perm_cache")
    assert request.user.has_perm("auth.delete_group")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_action_bar_is_the_html_of_djangos_template(rf, group_admin, school, language):
    """``admin/actions.html`` writes the action form's fields as Django's template does,
    for every list with actions, the first time and from what it kept; a bound form is
    written, not kept."""
    from pathlib import Path

    import django.contrib.admin
    from django.contrib import admin
    from django.template import Context
    from django.template import Template
    from django.template.loader import get_template
    from django.utils import translation

    from schools.templatetags import admin_rows

    djangos = Template(
        (Path(django.contrib.admin.__file__).parent / "templates/admin/actions.html").read_text()
    )
    admin_rows._ACTION_FIELDS.clear()
    checked = 0
    for model, model_admin in admin.site._registry.items():
        request = _list_request(rf, model, group_admin)
        with translation.override(language):
            choices = model_admin.get_action_choices(request)
            if len(choices) < 2:
                continue
            for data in (None, {"action": "nothing", "select_across": "1"}):
                for _time in range(2):
                    form = model_admin.action_form(data, auto_id=None)
                    form.fields["action"].choices = choices
                    values = {"action_form": form, "action_index": 0}
                    expected = djangos.render(Context(values))
                    written = get_template("admin/actions.html").render(values)
                    assert written == expected, model
                    assert "<select" in written
                    checked += 1
    assert checked >= 8
    assert admin_rows._ACTION_FIELDS
    assert all(key[3] == language for key in admin_rows._ACTION_FIELDS)


# A list's count compiled once per process: its rows counted, or (on PostgreSQL) summed
# from one count per key of its scope.
_COMPILED_COUNTS = ("SELECT COUNT(*) FROM (", "SELECT SUM(n) FROM (")


@pytest.mark.parametrize("who", ["group admin", "school leader"])
@pytest.mark.parametrize("params", [{}, {"q": "Person"}, {"SCHOOL": ""}, {"o": "-1"}])
def test_every_list_counts_its_rows_as_django_does(
    rf, group_admin, group, school, other_school, who, params
):
    """A list shown without filters or search counts its rows from a query compiled
    once; the same number as Django's count of the list's rows, shown or filtered."""
    from django.contrib import admin

    _lists_data(group, school)
    AssignmentFactory(person=PersonFactory(school=other_school))
    user = group_admin
    if who == "school leader":
        user = member(school, role=Role.SCHOOL_LEADER, is_staff=True)
    compiled = 0
    for model, model_admin in admin.site._registry.items():
        request_params = _with_school(params, school)
        request = _list_request(rf, model, user, request_params)
        try:
            with CaptureQueriesContext(connection) as queries:
                changelist = model_admin.get_changelist_instance(request)
        except admin.options.IncorrectLookupParameters:
            continue
        assert changelist.result_count == changelist.queryset.count(), model
        compiled += any(q["sql"].startswith(_COMPILED_COUNTS) for q in queries)
    assert (compiled >= 5) == (params in ({}, {"o": "-1"}))


@pytest.mark.parametrize("who", ["group admin", "school leader"])
def test_a_list_of_schools_rows_counts_each_school_apart_kept_by_its_token(
    rf, group_admin, group, school, sibling_school, other_school, who
):
    """A list of rows that each name their school counts each school's rows apart, kept
    while the school's change token stays: Django's number, after every kind of write;
    the group's own rows are counted each time. Its filter on the school offers, from the
    same tokens, Django's choices."""
    from django.contrib import admin
    from django.contrib.admin import RelatedOnlyFieldListFilter

    from tasks.models import ListTask
    from teams.models import Assignment
    from teams.models import Person

    _lists_data(group, school)
    AssignmentFactory(person=PersonFactory(school=other_school))
    ListTaskFactory(school=None, group=group)
    user = group_admin
    if who == "school leader":
        user = member(school, role=Role.SCHOOL_LEADER, is_staff=True)

    def counted(model):
        request = _list_request(rf, model, user)
        with CaptureQueriesContext(connection) as queries:
            changelist = admin.site._registry[model].get_changelist_instance(request)
        assert changelist.result_count == changelist.queryset.count() >= 1, model
        # A member of one school has no filter on the school.
        for spec in changelist.filter_specs:
            if spec.field_path == "school":
                djangos = RelatedOnlyFieldListFilter.field_choices(
                    spec, spec.field, request, admin.site._registry[model]
                )
                assert spec.lookup_choices == djangos, model
        return changelist.result_count, [q["sql"] for q in queries]

    writes = [
        lambda: AssignmentFactory(person=PersonFactory(school=school)),
        lambda: PersonFactory(school=sibling_school),
        lambda: ListTaskFactory(school=school),
        lambda: ListTaskFactory(school=None, group=group),
        lambda: Assignment.objects.filter(school=school).first().delete(),
        lambda: Person.objects.filter(school=sibling_school).update(school=school),
        lambda: ListTask.objects.filter(school=school).last().delete(),
    ]
    for model in (Assignment, Person, ListTask):
        counted(model)
        # Kept: one query, the schools' tokens (with the count of the group's own rows,
        # where a model has them); no school's rows counted again.
        _number, queries = counted(model)
        assert len([sql for sql in queries if "schools_schoolchange" in sql]) == 1, model
        assert not [sql for sql in queries if "GROUP BY" in sql and "COUNT(" in sql], model
        # The school filter's choices kept by the same tokens: no query reads the names.
        assert not [sql for sql in queries if 'AS "pk", "schools_school"."name"' in sql], model
    for write in writes:
        write()
        for model in (Assignment, Person, ListTask):
            counted(model)


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(
    "params", [{}, {"o": "1"}, {"o": "2.-1"}, {"o": "-3.1.2", "q": "Ann <B> &"}]
)
def test_the_results_table_is_the_html_of_djangos_template(
    rf, group_admin, group, school, language, params
):
    """``results_html`` writes what Django's ``admin/change_list_results.html`` writes
    from the same context, byte for byte: headings sorted by one column or several (with
    their priorities), not sorted, and addresses that keep the search."""
    from pathlib import Path

    import django.contrib.admin
    from django.contrib import admin
    from django.template import Context
    from django.template import Template
    from django.utils import translation

    from schools.admin import TenantChangeList
    from schools.templatetags.admin_rows import results_html
    from schools.templatetags.admin_rows import tenant_result_list

    djangos = Template(
        (
            Path(django.contrib.admin.__file__).parent / "templates/admin/change_list_results.html"
        ).read_text()
    )
    _lists_data(group, school)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        request = _list_request(rf, model, group_admin, params)
        with translation.override(language):
            try:
                changelist = model_admin.get_changelist_instance(request)
            except admin.options.IncorrectLookupParameters:
                continue
            if not isinstance(changelist, TenantChangeList):
                continue
            changelist.formset = None
            context = tenant_result_list(changelist)
            assert results_html(context) == djangos.render(Context(context)), model
        checked += bool(context["results"])
    # The search finds the people, entries and assignments named with the hostile name.
    assert checked >= (2 if "q" in params else 5)


@pytest.mark.parametrize("who", ["group admin", "school leader"])
def test_the_first_pages_are_read_through_compiled_sql_as_django_reads_them(
    rf, group_admin, group, school, other_school, who
):
    """A list's first pages in its own order are read with SQL compiled once per process:
    the objects Django builds, with their joined and prefetched objects; a list sorted by
    a column and a page further on are Django's own reads."""
    from django.contrib import admin
    from django.db.models.query import ModelIterable

    from schools.admin import TenantChangeList

    _lists_data(group, school)
    AssignmentFactory(person=PersonFactory(school=other_school))
    user = group_admin
    if who == "school leader":
        user = member(school, role=Role.SCHOOL_LEADER, is_staff=True)
    compiled = 0
    for model, model_admin in admin.site._registry.items():
        for params in ({}, {"o": "1"}):
            request = _list_request(rf, model, user, params)
            try:
                changelist = model_admin.get_changelist_instance(request)
            except admin.options.IncorrectLookupParameters:
                continue
            if not isinstance(changelist, TenantChangeList):
                break
            page = changelist.result_list
            read = page._result_cache is not None
            assert not read or not params, (model, params)
            djangos = page._chain()
            djangos._iterable_class = ModelIterable
            ours, expected = list(page), list(djangos)
            assert [_object_state(o) for o in ours] == [_object_state(o) for o in expected]
            compiled += read and bool(expected)
    assert compiled >= 5


def test_a_page_further_on_is_djangos_own_read(rf, group_admin, school, monkeypatch):
    """Only a list's first pages have their SQL compiled: one each, kept for the process."""
    from django.contrib import admin
    from django.urls import resolve

    from schools.admin.reads import _COMPILED_PAGES
    from teams.models import Assignment

    for _ in range(_COMPILED_PAGES + 2):
        AssignmentFactory(person=PersonFactory(school=school))
    model_admin = admin.site._registry[Assignment]
    monkeypatch.setattr(model_admin, "list_per_page", 1)
    url = reverse("admin:teams_assignment_changelist")
    read = {}
    for number in (1, _COMPILED_PAGES, _COMPILED_PAGES + 1):
        request = rf.get(url, {"p": str(number)})
        request.user = group_admin
        request.resolver_match = resolve(url)
        page = model_admin.get_changelist_instance(request).result_list
        read[number] = page._result_cache is not None
        assert len(page) == 1
    assert read == {1: True, _COMPILED_PAGES: True, _COMPILED_PAGES + 1: False}


def test_the_history_page_reads_its_object_and_records_as_django_does(
    rf, group_admin, school, other_school
):
    """On the history page the object (with what its name reads) and the page of its
    records come from SQL compiled once per process: the objects Django's reads build;
    another group's object is not found."""
    from django.contrib import admin
    from django.contrib.admin import ModelAdmin
    from django.core.paginator import Paginator

    from schools.admin.reads import _compiled_history
    from teams.models import Assignment

    assignment = AssignmentFactory(person=PersonFactory(school=school))
    for n in range(3):
        assignment.hours = Decimal(n + 1)
        assignment.backup = PersonFactory(school=school) if n % 2 else None
        assignment.save()
    elsewhere = AssignmentFactory(person=PersonFactory(school=other_school))
    model_admin = admin.site._registry[Assignment]
    request = rf.get("/")
    request.user = group_admin
    request._tenant_history = True
    (found,) = model_admin._history_object(request, str(assignment.pk))
    djangos = ModelAdmin.get_object(model_admin, request, str(assignment.pk))
    assert _object_state(found) == _object_state(djangos)
    assert model_admin._history_object(request, str(elsewhere.pk)) == (None,)
    assert model_admin.get_object(request, str(elsewhere.pk)) is None

    records = model_admin.get_history_queryset(request, Assignment.history, "id", assignment.pk)
    page = Paginator(records, 2).page(1).object_list
    ours = _compiled_history(page, model=Assignment, object_id=str(assignment.pk))
    expected = list(page._chain())
    assert len(expected) == 2
    assert [_object_state(o) for o in ours] == [_object_state(o) for o in expected]


def test_a_sorting_address_is_the_one_django_writes(rf, group_admin, school):
    """The column headings' and page links' addresses, written from one with a
    stand-in, are Django's, with the filters and search they keep."""
    from django.contrib import admin
    from django.contrib.admin.views.main import ChangeList
    from django.urls import resolve

    from teams.models import Assignment

    url = reverse("admin:teams_assignment_changelist")
    request = rf.get(url, {"q": "a & b", "lead__exact": "1", "o": "2.-1"})
    request.user = group_admin
    request.resolver_match = resolve(url)
    changelist = admin.site._registry[Assignment].get_changelist_instance(request)
    for value in ("", "1", "-3", "2.-1.4", "x y", None):
        new = {"o": value}
        assert changelist.get_query_string(new) == ChangeList.get_query_string(changelist, new)
    for new in ({"p": 2}, {"p": "3"}, {"p": True}, {"p": 2, "o": "1"}, {"e": "1"}):
        assert changelist.get_query_string(new) == ChangeList.get_query_string(changelist, new)
    assert changelist.get_query_string({"o": "1"}, ["q"]) == ChangeList.get_query_string(
        changelist, {"o": "1"}, ["q"]
    )


def test_forward_keys_are_prefetched_as_django_prefetches_them(school):
    """The history page's objects get their related objects through forward keys from
    queries compiled once per process: the same objects and caches as Django's
    ``prefetch_related_objects``, in as many queries; other lookups are Django's."""
    from django.db.models import prefetch_related_objects

    from schools.admin import prefetch_forward_keys
    from teams.models import Assignment

    ann = PersonFactory(school=school)
    AssignmentFactory(person=ann)
    AssignmentFactory(person=PersonFactory(school=school), backup=ann)
    lookups = ["list_task__task", "list_task__school", "person", "school", "backup"]

    def built():
        return list(Assignment.objects.filter(school=school).select_related("list_task"))

    for names in (lookups, ["backup"], ["list_task"]):
        ours, djangos = built(), built()
        with CaptureQueriesContext(connection) as ours_queries:
            prefetch_forward_keys(ours, *names)
        with CaptureQueriesContext(connection) as djangos_queries:
            prefetch_related_objects(djangos, *names)
        assert [_object_state(o) for o in ours] == [_object_state(o) for o in djangos]
        assert len(ours_queries) == len(djangos_queries)
    # A reverse relation: Django's own prefetch.
    ours, djangos = built(), built()
    with CaptureQueriesContext(connection) as ours_queries:
        prefetch_forward_keys(ours, "backup", "person__assignments")
    with CaptureQueriesContext(connection) as djangos_queries:
        prefetch_related_objects(djangos, "backup", "person__assignments")
    assert [q["sql"] for q in ours_queries] == [q["sql"] for q in djangos_queries]
    assert [list(o.person.assignments.all()) for o in ours] == [
        list(o.person.assignments.all()) for o in djangos
    ]


def _djangos_admin_template(name: str):
    """Django's own admin template of that name, not this project's override."""
    from pathlib import Path

    import django.contrib.admin
    from django.template import Template

    return Template(
        (Path(django.contrib.admin.__file__).parent / "templates/admin" / name).read_text()
    )


_PAGE_PARAMS = [
    {},
    {"p": "2"},
    {"q": 'a "b" & <c>'},
    {"SCHOOL": ""},
    {"SCHOOL": "", "o": "-2.1", "_facets": "True"},
]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("params", _PAGE_PARAMS)
def test_the_changelists_parts_are_the_html_of_djangos_templates(
    rf, group_admin, group, school, language, params, monkeypatch
):
    """The add link, search form, action bar, pagination and filters of every list are
    written as Django's templates write them from the same context, byte for byte:
    searched, filtered, sorted, with counts and on a later page."""
    from django.contrib import admin
    from django.contrib.admin.templatetags.admin_list import pagination
    from django.contrib.admin.templatetags.admin_list import search_form
    from django.template import Context
    from django.template import Template
    from django.utils import translation

    from schools.templatetags import admin_rows

    _lists_data(group, school)
    for n in range(3):
        PersonFactory(school=school, name=f"Person {n} <&>")
    # A page of two: the page links and "Show all" are drawn.
    for model_admin in admin.site._registry.values():
        monkeypatch.setattr(model_admin, "list_per_page", 2, raising=False)
    djangos = {
        name: _djangos_admin_template(name)
        for name in ("pagination.html", "search_form.html", "change_list_object_tools.html")
    }
    djangos_actions = _djangos_admin_template("actions.html")
    djangos_filters = Template(
        "{% load admin_list %}{% for spec in cl.filter_specs %}{% admin_list_filter cl spec %}"
        "{% endfor %}"
    )
    ours_filters = Template("{% load admin_rows %}{% tenant_list_filters cl %}")
    checked = 0
    for model, model_admin in admin.site._registry.items():
        request = _list_request(rf, model, group_admin, _with_school(params, school))
        if not model_admin.has_view_or_change_permission(request):
            continue
        with translation.override(language):
            response = model_admin.changelist_view(request)
            if response.status_code != 200:  # a filter this list does not have
                continue
            context = response.context_data
            cl = context["cl"]
            # The page range is a generator: each drawing asks for its own.
            assert admin_rows._pagination_html(pagination(cl)) == djangos["pagination.html"].render(
                Context(pagination(cl))
            ), model
            values = search_form(cl)
            assert admin_rows._search_form_html(values) == djangos["search_form.html"].render(
                Context(values)
            ), model
            page = Context(context)
            assert admin_rows._object_tools_html(page) == djangos[
                "change_list_object_tools.html"
            ].render(Context(context)), model
            if context.get("action_form") is not None:
                for index in (None, 0, 1):
                    bar = {**context, "action_index": index}
                    assert admin_rows._actions_html(Context(bar)) == djangos_actions.render(
                        Context(bar)
                    ), model
            assert ours_filters.render(Context(context)) == djangos_filters.render(
                Context(context)
            ), model
            checked += 1
    assert checked >= (5 if "SCHOOL" in params else 10)


def test_the_changelists_tags_write_only_over_djangos_templates(rf, group_admin, settings):
    """Where an app has its own template of a part, the tag leaves it to Django."""
    from django.contrib import admin
    from django.template.loader import get_template

    from schools.templatetags import admin_rows
    from teams.models import Person

    engine = get_template("admin/change_list.html").template.engine
    opts = Person._meta
    assert admin_rows._own_template(engine, opts, "pagination.html")
    assert admin_rows._own_actions(engine, opts, "actions.html")
    assert admin_rows._own_filter(engine) and admin_rows._own_sidebar(engine)
    assert not admin_rows._own_template(engine, opts, "actions.html")  # this project's
    assert admin_rows._theme_toggle(engine) is not None
    request = _list_request(rf, Person, group_admin)
    assert admin.site._registry[Person].changelist_view(request).render().status_code == 200


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("usable_password", [True, False])
@pytest.mark.parametrize("site_url", ["/", None, '/a?b="c"&d'])
def test_the_user_links_and_sidebar_are_the_html_of_djangos_blocks(
    rf, group_admin, language, usable_password, site_url
):
    """``{% tenant_userlinks %}`` and ``{% tenant_nav_sidebar %}`` write what Django's
    ``userlinks`` and ``nav-sidebar`` blocks of ``admin/base.html`` write, byte for
    byte (the log-out form's token aside): the site's link or none, a password to
    change or none, in both languages."""
    from pathlib import Path

    import django.contrib.admin
    from django.contrib import admin
    from django.middleware.csrf import get_token
    from django.template import RequestContext
    from django.template import Template
    from django.utils import translation

    base = (Path(django.contrib.admin.__file__).parent / "templates/admin/base.html").read_text()

    def block(name: str) -> str:
        start = base.index(f"{{% block {name} %}}") + len(f"{{% block {name} %}}")
        return base[start : base.index("{% endblock %}", start)]

    djangos_links = Template("{% load i18n %}" + block("userlinks"))
    ours_links = Template("{% load admin_rows %}{% tenant_userlinks %}{% end_tenant_userlinks %}")
    djangos_sidebar = Template(block("nav-sidebar"))
    ours_sidebar = Template(
        "{% load admin_rows %}{% tenant_nav_sidebar %}{% end_tenant_nav_sidebar %}"
    )
    if not usable_password:
        group_admin.set_unusable_password()
    from teams.models import Person

    request = _list_request(rf, Person, group_admin)
    request.current_app = admin.site.name
    get_token(request)
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    with translation.override(language):
        values = {**admin.site.each_context(request), "site_url": site_url}
        for djangos, ours in ((djangos_links, ours_links), (djangos_sidebar, ours_sidebar)):
            expected = djangos.render(RequestContext(request, values))
            written = ours.render(RequestContext(request, values))
            assert token.sub("TOKEN", written) == token.sub("TOKEN", expected)
    assert "logout-form" in written or "nav-sidebar" in written


@pytest.mark.parametrize(
    "new",
    [
        {"p": 3},
        {"o": "2.-9"},
        {"school__id__exact": 7},
        {"status__exact": "a b&c=d/é"},
        {"is_core__exact": True},
        {"hours__exact": Decimal("2.50")},
        {"o": None},
    ],
)
@pytest.mark.parametrize("remove", [None, ["school__isnull"], ["school"]])
@pytest.mark.parametrize(
    "current", [{}, {"q": "x y", "school__id__exact": "3", "school__isnull": "True"}]
)
def test_a_query_string_with_one_new_value_is_the_one_django_writes(
    rf, group_admin, new, remove, current
):
    """Each filter choice's, heading's and page link's address, written from one with a
    stand-in for the value, is Django's own: values to encode, removed parameters,
    parameters kept."""
    from django.contrib import admin
    from django.contrib.admin.views.main import ChangeList

    from teams.models import Person

    request = _list_request(rf, Person, group_admin, current)
    changelist = admin.site._registry[Person].get_changelist_instance(request)
    for _time in range(2):  # the second time from the address kept
        assert changelist.get_query_string(new, remove) == ChangeList.get_query_string(
            changelist, new, remove
        )


def _sql(queryset) -> tuple | str:
    from django.core.exceptions import EmptyResultSet

    try:
        return queryset.query.sql_with_params()
    except EmptyResultSet:  # a part that matches nothing (no group): no SQL either way
        return "nothing"


@pytest.mark.parametrize("who", ["group admin", "school leader", "superuser"])
def test_every_admins_scoped_queryset_is_the_one_scope_queryset_makes(
    rf, group_admin, group, school, other_school, who, django_user_model
):
    """The scoped queryset kept per process for each model, ordering and set of schools is
    the one ``scope_queryset`` makes from Django's queryset: the same SQL and rows, and a
    copy each time (a list's filters do not change the one kept)."""
    from django.contrib import admin
    from django.db.models import Q

    from schools.access import scope_queryset
    from schools.admin import TenantAdmin

    _lists_data(group, school)
    AssignmentFactory(person=PersonFactory(school=other_school))
    user = group_admin
    if who == "school leader":
        user = member(school, role=Role.SCHOOL_LEADER, is_staff=True)
    elif who == "superuser":
        user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    kept = 0
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, TenantAdmin):
            continue
        request = _list_request(rf, model, user)
        djangos = admin.ModelAdmin.get_queryset(model_admin, request)
        if type(model_admin).get_queryset is TenantAdmin.get_queryset:
            djangos = scope_queryset(user, djangos)
        first = model_admin.get_queryset(request)
        first.query.add_q(Q(pk=-1))  # a change to this copy only
        second = model_admin.get_queryset(request)
        if type(model_admin).get_queryset is TenantAdmin.get_queryset:
            assert _sql(second) == _sql(djangos), model
            assert list(second) == list(djangos), model
        kept += model_admin._scoped_queryset(request) is not None
    assert (kept >= 10) == (who != "superuser")


def test_a_lists_media_is_written_as_django_writes_it(rf, group_admin):
    """The page's scripts and style sheets, written once per process, are Django's."""
    from django.contrib import admin
    from django.forms import Media

    from schools.admin import written_media
    from teams.models import Person

    model_admin = admin.site._registry[Person]
    media = model_admin.media + Media(css={"all": ["a.css"]}, js=["b.js"])
    for _time in range(2):
        written = written_media(media)
        assert str(written["js"]) == str(media["js"])
        assert str(written["css"]) == str(media["css"])
        assert str(written) == str(media)
    request = _list_request(rf, Person, group_admin)
    page_media = model_admin.changelist_view(request).context_data["media"]
    assert str(page_media["js"]) == str(Media.__getitem__(page_media, "js"))
    assert str(page_media["css"]) == str(Media.__getitem__(page_media, "css"))


def test_a_filter_choices_address_is_given_back_as_iri_to_uri_gives_it():
    """A query string of only the characters ``iri_to_uri`` keeps is written as it is;
    any other goes through it: the same address for every character."""
    from django.utils.encoding import iri_to_uri
    from django.utils.translation import gettext_lazy

    from schools.templatetags.admin_rows import _uri

    texts = [chr(code) for code in range(32, 127)] + ["é", "?a=1&b=%20c", "?q=x+y&o=-2.1"]
    for text in [*texts, *(f"?x={text}&y=1" for text in texts)]:
        assert _uri(text) == iri_to_uri(text), text
    assert _uri(gettext_lazy("All")) == iri_to_uri(gettext_lazy("All"))
    assert _uri(None) is None


@pytest.mark.postgres
@pytest.mark.parametrize("who", ["group admin", "school leader"])
def test_a_page_scoped_by_its_school_alone_reads_the_schools_seen_as_an_array_on_postgresql(
    client, rf, group_admin, group, school, other_school, who
):
    """On PostgreSQL the assignments' page and the object of their history page read the
    schools seen as ``= ANY(ARRAY(…))`` (one table fewer for PostgreSQL to plan the
    join with), and find Django's objects; a task list's entries, of a school or a group,
    keep Django's subqueries."""
    from django.contrib import admin
    from django.utils.html import escape

    from tasks.models import ListTask
    from teams.models import Assignment

    _lists_data(group, school)
    outside = AssignmentFactory(person=PersonFactory(school=other_school))
    user = group_admin
    if who == "school leader":
        user = member(school, role=Role.SCHOOL_LEADER, is_staff=True)
    for model, arrays in ((Assignment, True), (ListTask, False)):
        request = _list_request(rf, model, user)
        with CaptureQueriesContext(connection) as queries:
            changelist = admin.site._registry[model].get_changelist_instance(request)
            shown = list(changelist.result_list)
        # The page's rows (not the count of each school's rows, ``_school_counts``).
        pages = [
            q["sql"]
            for q in queries
            if q["sql"].startswith(f'SELECT "{model._meta.db_table}') and "COUNT(" not in q["sql"]
        ]
        assert len(pages) == 1 and ("= ANY(ARRAY(" in pages[0]) == arrays, model
        expected = list(changelist.queryset.order_by("-pk"))
        assert [o.pk for o in shown] == [o.pk for o in expected] and outside not in shown
        assert [str(o) for o in shown] == [str(o) for o in expected], model
    client.force_login(user)
    mine = Assignment.objects.filter(school=school).first()
    for assignment, status in ((mine, 200), (outside, 404)):
        url = reverse("admin:teams_assignment_history", args=[assignment.pk])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == status
        reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "teams_assignment"')]
        assert reads and all("= ANY(ARRAY(" in sql for sql in reads)
    page = client.get(reverse("admin:teams_assignment_history", args=[mine.pk]))
    assert f"View history: {escape(str(mine))}" in page.content.decode()
