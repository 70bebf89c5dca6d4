"""The admin's names, filters and app list written once (a page, a key): the same HTML."""

import pytest
from django.urls import resolve
from django.urls import reverse

from schools.models import Role
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import TaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db

HOSTILE = 'Ann "A" <B> & co'


@pytest.fixture
def group_admin(group):
    return member(group=group, role=Role.GROUP_ADMIN, is_staff=True)


def _changelist(rf, model, user, params: dict | None = None):
    from django.contrib import admin

    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    request = rf.get(url, params or {})
    request.user = user
    request.resolver_match = resolve(url)
    return admin.site._registry[model].get_changelist_instance(request)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_page_of_entries_names_a_task_they_share_once(
    rf, group_admin, group, school, monkeypatch, language
):
    """Each entry named its task twice (its checkbox and its column) and entries of one
    task in several schools each again: now once a page, the rows as Django writes them."""
    from django.contrib.admin.templatetags.admin_list import results
    from django.utils import translation

    from tasks.models import ListTask
    from tasks.models import Task

    shared = TaskFactory(title=HOSTILE)
    other = SchoolFactory(group=group, name="Zuid <&>")
    for owner in (school, other):
        ListTaskFactory(school=owner, task=shared)
    ListTaskFactory(school=None, group=group, task=shared)
    ListTaskFactory(school=school)
    with translation.override(language):
        changelist = _changelist(rf, ListTask, group_admin)
        changelist.formset = None
        djangos = ["".join(row) for row in results(changelist)]
        named = []
        name_in = Task.name_in
        monkeypatch.setattr(
            Task, "name_in", lambda task, language=None: named.append(task.pk) or name_in(task)
        )
        ours = changelist.result_rows()
    assert ours == djangos
    assert len(ours) == 4
    assert sorted(named) == sorted({entry.task_id for entry in ListTask.objects.all()})


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_model_named_from_its_links_is_named_as_its_own_str_names_it(group, school, language):
    from django.utils import translation
    from django.utils.html import conditional_escape

    from schools.admin import NAMED_FROM
    from schools.admin.changelist import _PageNames

    untranslated = TaskFactory(title_nl="", title_en="Only English <b>")
    entries = [
        ListTaskFactory(school=school, task=TaskFactory(title=HOSTILE)),
        ListTaskFactory(school=None, group=group, task=untranslated),
    ]
    with translation.override(language):
        names = _PageNames()
        for obj in [*entries, untranslated, entries[0].task]:
            assert NAMED_FROM[obj._meta.label_lower](obj, names) == str(obj)
            assert names(obj) == str(obj)
            assert names.html(obj) == conditional_escape(obj)
        assert names(None) == "None"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_filter_written_once_follows_its_choices_selection_and_address(
    rf, group_admin, group, school, language
):
    """The school filter's HTML, written once for each key, is what its choices write
    each time: a school renamed, another chosen, a list searched."""
    from django.template import Context
    from django.template import Template
    from django.utils import translation

    from schools.templatetags.admin_rows import _filter_html
    from teams.models import Assignment

    filters = Template("{% load admin_rows %}{% tenant_list_filters cl %}")

    other = SchoolFactory(group=group, name="Noord")
    for owner in (school, other):
        AssignmentFactory(person=PersonFactory(school=owner))

    def written(params):
        with translation.override(language):
            changelist = _changelist(rf, Assignment, group_admin, params)
            html = filters.render(Context({"cl": changelist}))
            expected = "".join(
                f"{_filter_html(spec.title, spec.choices(changelist))}\n"
                for spec in changelist.filter_specs
            )
        return html, expected

    seen = set()
    for params in ({}, {"school__id__exact": str(other.pk)}, {"q": 'a "b"'}, {}):
        html, expected = written(params)
        assert html == expected
        seen.add(html)
    assert len(seen) == 3
    other.name = "Noord & <Zuid>"
    other.save()
    html, expected = written({})
    assert html == expected
    assert "Noord &amp; &lt;Zuid&gt;" in html


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_app_list_written_once_follows_the_user_path_and_language(
    rf, group_admin, django_user_model, language
):
    from django.contrib import admin
    from django.utils import translation

    from schools.templatetags.admin_rows import _app_list_html
    from schools.templatetags.admin_rows import _write_app_list

    superuser = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    seen = set()
    for user in (group_admin, superuser, group_admin):
        for name in ("admin:teams_assignment_changelist", "admin:tasks_listtask_changelist"):
            request = rf.get(reverse(name))
            request.user = user
            with translation.override(language):
                app_list = admin.site.get_app_list(request)
                for changelinks in (True, False):
                    html = _app_list_html(app_list, request, changelinks)
                    assert html == _write_app_list(app_list, request, changelinks)
                    seen.add(html)
    assert len(seen) == 8


def _rows(rf, model, user, language, params: dict | None = None):
    """A list's rows as the changelist writes them and as Django writes them."""
    from django.contrib.admin.templatetags.admin_list import results
    from django.utils import translation

    from schools.admin import TenantChangeList

    with translation.override(language):
        changelist = _changelist(rf, model, user, params)
        changelist.formset = None
        ours = changelist.result_rows() if isinstance(changelist, TenantChangeList) else None
        return ours, ["".join(row) for row in results(changelist)]


def test_every_lists_kept_rows_are_the_rows_written_again(rf, group_admin, group, school):
    """A page's rows kept by the rows they are written from: a second page in each
    language is the same HTML as Django's, and a change to any value a row shows (its
    own field, a yes/no, a name joined to it, the school prefetched for it) writes it
    anew."""
    from django.contrib import admin
    from django.utils import timezone

    from schools.admin.changelist import _ROWS
    from teams.models import Assignment
    from teams.models import Person

    backup = PersonFactory(school=school, name="Bert")
    shown = AssignmentFactory(person=PersonFactory(school=school, name=HOSTILE), backup=backup)
    AssignmentFactory(person=PersonFactory(school=SchoolFactory(group=group, name="Zuid")))
    _ROWS.clear()
    for language in ("en", "nl", "en"):
        for model in admin.site._registry:
            ours, djangos = _rows(rf, model, group_admin, language)
            assert ours in (None, djangos), (model, language)
    assert len(_ROWS) >= 6
    kept = len(_ROWS)
    assert (
        _rows(rf, Assignment, group_admin, "nl")[0] == _rows(rf, Assignment, group_admin, "nl")[1]
    )
    assert len(_ROWS) == kept

    changes = [
        lambda: Assignment.objects.filter(pk=shown.pk).update(hours="3.5", monitors=True),
        lambda: Assignment.objects.filter(pk=shown.pk).update(approved_at=timezone.now()),
        lambda: Person.objects.filter(pk=shown.person_id).update(name="Ann <new>"),
        lambda: Person.objects.filter(pk=backup.pk).update(name="Bert & co"),
        lambda: type(school).objects.filter(pk=school.pk).update(name="Noord <&>"),
    ]
    seen = {tuple(_rows(rf, Assignment, group_admin, "en")[0])}
    for change in changes:
        change()
        for language in ("en", "nl"):
            ours, djangos = _rows(rf, Assignment, group_admin, language)
            assert ours == djangos, language
        seen.add(tuple(_rows(rf, Assignment, group_admin, "en")[0]))
    assert len(seen) == len(changes) + 1
    assert "Noord &lt;&amp;&gt;" in "".join(ours)


def test_rows_that_read_more_than_their_page_are_not_kept(rf, group_admin, group, school):
    """An entry of a group's list names its group, which the page does not read with it:
    a page that ran a query to write its rows keeps none, so a renamed group shows."""
    from schools.admin.changelist import _ROWS
    from schools.models import SchoolGroup
    from teams.models import Assignment

    entry = ListTaskFactory(school=None, group=group)
    AssignmentFactory(person=PersonFactory(school=school), list_task=entry)
    _ROWS.clear()
    ours, djangos = _rows(rf, Assignment, group_admin, "en")
    assert ours == djangos
    assert len(_ROWS) == 0
    SchoolGroup.objects.filter(pk=group.pk).update(name="Renamed <group>")
    ours, djangos = _rows(rf, Assignment, group_admin, "en")
    assert ours == djangos
    assert "Renamed &lt;group&gt;" in ours[0]


def test_kept_rows_follow_the_time_zone_and_the_filters_kept(rf, group_admin, school, settings):
    """A date is written in the reader's time zone, and the change link keeps the list's
    filters: each is part of what a row is kept by."""
    import datetime

    from django.utils import timezone

    from teams.models import Assignment

    AssignmentFactory(
        person=PersonFactory(school=school),
        approved_at=datetime.datetime(2026, 1, 1, 23, 30, tzinfo=datetime.UTC),
    )
    written = set()
    for zone in ("UTC", "Europe/Brussels", "UTC"):
        with timezone.override(zone):
            for params in ({}, {"o": "-1"}):
                ours, djangos = _rows(rf, Assignment, group_admin, "en", params)
                assert ours == djangos, (zone, params)
                written.add(ours[0])
    assert len(written) >= 3
