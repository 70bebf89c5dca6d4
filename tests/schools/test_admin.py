import io
import re
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from guidelines import services as wizard
from schools.models import Membership
from schools.models import Role
from schools.models import School
from tasks.models import ListLevel
from teams.models import Assignment
from teams.models import PersonSchool
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory
from tests.factories import UserFactory
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_admin(client, group, password):
    user = member(group=group, role=Role.GROUP_ADMIN, is_staff=True)
    client.login(username=user.username, password=password)
    return user


def test_group_admin_sees_only_their_groups_schools(client, group_admin, school, other_school):
    response = client.get(reverse("admin:schools_school_changelist"))
    assert response.status_code == 200
    shown = list(response.context["cl"].result_list)
    assert shown == [school]


def test_other_groups_school_is_404_in_admin_like_a_missing_one(client, group_admin, other_school):
    for name in ("change", "delete", "history"):
        foreign = client.get(reverse(f"admin:schools_school_{name}", args=[other_school.pk]))
        missing = client.get(reverse(f"admin:schools_school_{name}", args=[999999]))
        assert foreign.status_code == missing.status_code == 404


def test_membership_choices_are_limited_to_the_group(client, group_admin, school, other_school):
    response = client.get(reverse("admin:schools_membership_add"))
    school_choices = response.context["adminform"].form.fields["school"].queryset
    assert list(school_choices) == [school]


def test_group_admin_cannot_add_membership_in_another_group(client, group_admin, other_school):
    victim = UserFactory()
    response = client.post(
        reverse("admin:schools_membership_add"),
        {"user": victim.pk, "school": other_school.pk, "role": Role.SCHOOL_LEADER},
    )
    assert response.status_code == 200  # the form comes back with an error
    assert not Membership.objects.filter(school=other_school).exists()


def test_school_leader_sees_only_their_school_list(client, school, sibling_school, password):
    leader = member(school, role=Role.SCHOOL_LEADER, is_staff=True)
    ListTaskFactory(school=school)
    ListTaskFactory(school=sibling_school)
    client.login(username=leader.username, password=password)
    response = client.get(reverse("admin:tasks_listtask_changelist"))
    assert {e.school for e in response.context["cl"].result_list} == {school}
    schools = client.get(reverse("admin:schools_school_changelist")).context["cl"].result_list
    assert list(schools) == [school]


def test_team_member_has_no_admin(client, school, password):
    user = member(school, role=Role.TEAM_MEMBER, is_staff=True)
    client.login(username=user.username, password=password)
    assert client.get(reverse("admin:schools_school_changelist")).status_code == 403


def test_group_admin_cannot_edit_a_superuser(client, group_admin, group):
    root = UserFactory(is_superuser=True, is_staff=True)
    Membership.objects.create(user=root, group=group, role=Role.GROUP_ADMIN)
    response = client.post(
        reverse("admin:auth_user_change", args=[root.pk]),
        {"username": root.username, "first_name": "Hacked", "last_name": "", "email": ""},
    )
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.first_name != "Hacked"


def test_user_list_shows_only_people_of_the_group(client, group_admin, school, other_school):
    ours = member(school)
    theirs = member(other_school)
    users = set(client.get(reverse("admin:auth_user_changelist")).context["cl"].result_list)
    assert ours in users
    assert theirs not in users


# --- objects outside the scope answer 404, like missing ones ---------------------------


@pytest.mark.parametrize("view", ["change", "delete", "history"])
def test_other_groups_person_is_404_on_every_admin_page(client, group_admin, other_school, view):
    foreign = PersonFactory(school=other_school)
    response = client.get(reverse(f"admin:teams_person_{view}", args=[foreign.pk]))
    assert response.status_code == 404


def test_school_leader_gets_404_for_a_sibling_schools_assignment(
    client, school, sibling_school, password
):
    leader = member(school, role=Role.SCHOOL_LEADER, is_staff=True)
    client.login(username=leader.username, password=password)
    foreign = AssignmentFactory(person=PersonFactory(school=sibling_school))
    for view in ("change", "delete", "history"):
        url = reverse(f"admin:teams_assignment_{view}", args=[foreign.pk])
        assert client.get(url).status_code == 404
    record = foreign.history.latest("history_date")
    url = reverse("admin:teams_assignment_simple_history", args=[foreign.pk, record.history_id])
    assert client.get(url).status_code == 404


def test_deleted_objects_history_stays_visible_in_scope_only(
    client, group_admin, school, other_school, password
):
    # History ids run ahead of object ids, so a lookup by the wrong id would miss.
    earlier = PersonFactory(school=other_school)
    earlier.save()
    ours = PersonFactory(school=school, name="Left the school")
    theirs = PersonFactory(school=other_school)
    ours_pk, theirs_pk = ours.pk, theirs.pk
    ours.delete()
    theirs.delete()
    response = client.get(reverse("admin:teams_person_history", args=[ours_pk]))
    assert response.status_code == 200
    assert "Left the school" in response.content.decode()
    assert client.get(reverse("admin:teams_person_history", args=[theirs_pk])).status_code == 404


def test_past_versions_cannot_be_restored_from_the_admin(client, group_admin, school):
    entry = ListTaskFactory(school=school, note="first")
    entry.note = "second"
    entry.save()
    first = entry.history.earliest("history_date")
    url = reverse("admin:tasks_listtask_simple_history", args=[entry.pk, first.history_id])
    assert client.get(url).status_code == 200
    assert client.post(url, {"note": "first"}).status_code == 403
    entry.refresh_from_db()
    assert entry.note == "second"


def test_view_on_site_redirects_only_to_objects_in_scope(client, group_admin, school, other_school):
    school_type = ContentType.objects.get_for_model(School)
    ours = client.get(reverse("admin:view_on_site", args=[school_type.pk, school.pk]))
    assert ours.status_code == 302
    assert ours.url.endswith(school.get_absolute_url())
    theirs = client.get(reverse("admin:view_on_site", args=[school_type.pk, other_school.pk]))
    assert theirs.status_code == 404


# --- related objects stay in the school ----------------------------------------------


def test_assignment_with_a_person_of_a_sibling_school_is_refused(
    client, group_admin, school, sibling_school
):
    entry = ListTaskFactory(school=school)
    stranger = PersonFactory(school=sibling_school)
    response = client.post(
        reverse("admin:teams_assignment_add"),
        {
            "school": school.pk,
            "list_task": entry.pk,
            "person": stranger.pk,
            "executes": "on",
            "hours": "1",
        },
    )
    assert response.status_code == 200
    assert "belongs to another school or group" in response.content.decode()
    assert not Assignment.objects.exists()


def test_group_admin_splits_a_group_persons_hours_over_the_schools(
    client, group_admin, group, school, sibling_school, other_school
):
    person = PersonFactory(school=None, group=group, ict_hours=10)
    data = {
        "name": person.name,
        "group": group.pk,
        "roles": "[]",
        "specialisations": "[]",
        "ict_hours": "10",
        "bpt_hours": "0",
        "other_hours": "0",
        "external_hours": "0",
        **{
            f"competence_{k}": "2" for k in ("technical", "pedagogical", "policy", "administrative")
        },
        **{
            f"motivation_{k}": "2" for k in ("technical", "pedagogical", "policy", "administrative")
        },
        "school_shares-TOTAL_FORMS": "1",
        "school_shares-INITIAL_FORMS": "0",
        "school_shares-0-school": school.pk,
        "school_shares-0-hours": "4",
    }
    response = client.post(reverse("admin:teams_person_change", args=[person.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    assert PersonSchool.objects.get(person=person).school == school
    data["school_shares-INITIAL_FORMS"] = "1"
    data["school_shares-0-id"] = PersonSchool.objects.get(person=person).pk
    data["school_shares-0-school"] = other_school.pk
    response = client.post(reverse("admin:teams_person_change", args=[person.pk]), data)
    assert response.status_code == 200
    assert PersonSchool.objects.get(person=person).school == school


# --- bulk actions on schools ---------------------------------------------------------


def test_export_action_starts_a_job_whose_zip_has_a_folder_per_school(
    client, group_admin, school, sibling_school
):
    response = client.post(
        reverse("admin:schools_school_changelist"),
        {"action": "export_documents", "_selected_action": [school.pk, sibling_school.pk]},
        follow=True,
    )
    job = response.context["job"]
    assert response.redirect_chain == [(job.get_absolute_url(), 302)]
    download = client.get(reverse("overview:job_download", args=[job.pk]))
    assert download["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert {name.split("/")[0] for name in names} == {school.slug, sibling_school.slug}


def test_copy_action_hands_the_groups_choices_down(client, group_admin, group, school):
    group_entry = ListTaskFactory(school=None, group=group, level=ListLevel.SCHOOL_GROUP)
    entry = ListTaskFactory(school=school, task=group_entry.task)
    response = client.post(
        reverse("admin:schools_school_changelist"),
        {"action": "copy_group_choices", "_selected_action": [school.pk]},
        follow=True,
    )
    assert "1 task-list entries changed" in response.content.decode()
    entry.refresh_from_db()
    assert entry.level == ListLevel.SCHOOL_GROUP
    assert entry.history.latest("history_date").history_user == group_admin


def test_school_leader_may_not_copy_the_groups_choices(client, group, school, password):
    ListTaskFactory(school=None, group=group, level=ListLevel.SCHOOL_GROUP, note="group")
    leader = member(school, role=Role.SCHOOL_LEADER, is_staff=True)
    client.login(username=leader.username, password=password)
    response = client.post(
        reverse("admin:schools_school_changelist"),
        {"action": "copy_group_choices", "_selected_action": [school.pk]},
        follow=True,
    )
    assert "Your role does not allow this" in response.content.decode()


def test_group_admin_puts_a_catalogue_task_on_a_schools_list_in_the_admin(
    client, group_admin, school
):
    catalogue_task = TaskFactory(title="Keep the inventory")
    response = client.post(
        reverse("admin:tasks_listtask_add"),
        {"task": catalogue_task.pk, "school": school.pk, "horizon": "short", "level": "school"},
    )
    assert response.status_code == 302
    assert school.task_list.filter(task=catalogue_task).exists()


def test_raw_id_field_does_not_name_another_schools_task(client, group_admin, school, other_school):
    theirs = TaskFactory(school=other_school, code="OWN-01", title="Their secret project")
    response = client.post(
        reverse("admin:tasks_listtask_add"),
        {"task": theirs.pk, "school": school.pk, "horizon": "short", "level": "school"},
    )
    assert response.status_code == 200
    assert "Their secret project" not in response.content.decode()
    assert not school.task_list.exists()


def test_the_admins_date_and_time_inputs_have_their_own_names(client, group_admin, school):
    plan = wizard.plan_start(owner=school, user=group_admin)
    item = wizard.action_item_add(plan=plan, text="Test the backup", who="Anna", due=None, step=7)
    wizard.action_item_update(item=item, done=True, due=item.due)
    # A past version of the item, shown as the form it was (django-simple-history).
    version = item.history.order_by("history_id").first()
    page = client.get(
        reverse("admin:guidelines_actionitem_simple_history", args=[item.pk, version.history_id])
    )
    html = page.content.decode()
    date_input = re.search(r'<input[^>]*id="id_done_at_0"[^>]*>', html).group()
    time_input = re.search(r'<input[^>]*id="id_done_at_1"[^>]*>', html).group()
    assert 'aria-label="Date"' in date_input
    assert 'aria-label="Time"' in time_input
