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
    from schools.admin import _PageNames

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
