import io
import zipfile
from unittest import mock

import pytest
from django.core.exceptions import ValidationError

from overview.documents import schools_documents_zip
from schools.models import Role
from tasks.models import Horizon
from tasks.models import LevelReason
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.services import task_list_copy_choices
from tests.factories import ListTaskFactory
from tests.factories import TaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db

CHOICES = {
    "applies": False,
    "horizon": Horizon.LONG,
    "level": ListLevel.SCHOOL_GROUP,
    "level_reason": LevelReason.ECONOMIES_OF_SCALE,
    "raise_with_director": True,
    "note": "Purchased centrally for every school.",
}


@pytest.fixture
def group_entry(group):
    return ListTaskFactory(school=None, group=group, **CHOICES)


def test_copy_sets_the_groups_choices_on_the_schools_entries_of_the_same_task(
    group, school, sibling_school, group_entry
):
    ours = ListTaskFactory(school=school, task=group_entry.task)
    theirs = ListTaskFactory(school=sibling_school, task=group_entry.task)
    other_task = ListTaskFactory(school=school, note="untouched")

    changed = task_list_copy_choices(group=group, schools=[school, sibling_school])

    assert changed == 2
    for entry in (ours, theirs):
        entry.refresh_from_db()
        assert {name: getattr(entry, name) for name in CHOICES} == CHOICES
    other_task.refresh_from_db()
    assert other_task.note == "untouched"
    assert other_task.level == ListLevel.SCHOOL


def test_copy_leaves_schools_not_selected_and_entries_already_equal(
    group, school, sibling_school, group_entry
):
    ListTaskFactory(school=school, task=group_entry.task, **CHOICES)
    left_out = ListTaskFactory(school=sibling_school, task=group_entry.task)
    assert task_list_copy_choices(group=group, schools=[school]) == 0
    left_out.refresh_from_db()
    assert left_out.level == ListLevel.SCHOOL


def test_copy_is_recorded_in_the_entries_history_with_the_user(group, school, group_entry):
    entry = ListTaskFactory(school=school, task=group_entry.task)
    admin = member(group=group, role=Role.GROUP_ADMIN)
    task_list_copy_choices(group=group, schools=[school], user=admin)
    latest = entry.history.latest("history_date")
    assert latest.history_user == admin
    assert latest.level == ListLevel.SCHOOL_GROUP
    assert latest.history_change_reason


def test_copy_refuses_a_school_of_another_group_and_changes_nothing(
    group, school, other_school, group_entry
):
    ours = ListTaskFactory(school=school, task=group_entry.task)
    ListTaskFactory(school=other_school, task=group_entry.task)
    with pytest.raises(ValidationError):
        task_list_copy_choices(group=group, schools=[school, other_school])
    ours.refresh_from_db()
    assert ours.level == ListLevel.SCHOOL


def test_copy_is_all_or_nothing(group, school, sibling_school, group_entry):
    ours = ListTaskFactory(school=school, task=group_entry.task)
    ListTaskFactory(school=sibling_school, task=group_entry.task)

    def update_then_fail(objs, model, fields, **kwargs):
        model.objects.bulk_update(objs, fields)
        raise RuntimeError("the history could not be written")

    with (
        mock.patch("tasks.services.bulk_update_with_history", side_effect=update_then_fail),
        pytest.raises(RuntimeError),
    ):
        task_list_copy_choices(group=group, schools=[school, sibling_school])
    ours.refresh_from_db()
    assert ours.level == ListLevel.SCHOOL
    assert not ListTask.objects.filter(school__isnull=False, note=CHOICES["note"]).exists()


def test_documents_zip_has_a_folder_per_school(school, sibling_school):
    TaskFactory()
    data = schools_documents_zip(schools=[school, sibling_school])
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert {name.split("/")[0] for name in names} == {school.slug, sibling_school.slug}
    assert f"{school.slug}/team-overview.pdf" in names


def test_copy_can_be_limited_to_some_tasks(group, school, group_entry):
    other = ListTaskFactory(school=None, group=group, note="only for the group")
    ours = ListTaskFactory(school=school, task=group_entry.task)
    untouched = ListTaskFactory(school=school, task=other.task)
    assert task_list_copy_choices(group=group, schools=[school], tasks=[group_entry.task]) == 1
    ours.refresh_from_db()
    untouched.refresh_from_db()
    assert ours.note == CHOICES["note"]
    assert untouched.note == ""
