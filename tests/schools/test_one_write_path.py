"""One write path: a save in the admin site and the same change on the app's page give
the same result and the same history, because both go through the same service."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from schools.models import Role
from tasks.models import ListTask
from tasks.models import ReviewState
from teams.models import Agreement
from teams.models import Assignment
from teams.models import Person
from teams.models import PersonSchool
from teams.services import agreement_create
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db

ASSIGNMENT_FIELDS = ("decides", "executes", "monitors", "lead", "hours", "backup_id")
PERSON_FIELDS = ("name", "email", "phone", "roles", "ict_hours", "bpt_hours", "note")
LIST_FIELDS = ("applies", "horizon", "level", "note", "review")


@pytest.fixture
def admin_user(client, group, password):
    user = member(group=group, role=Role.GROUP_ADMIN, is_staff=True)
    client.login(username=user.username, password=password)
    return user


def _history(records, fields, name=lambda record: None):
    """What a history says, without ids or times: kind, author, values, whose record."""
    return [
        (r.history_type, r.history_user_id, name(r), *(getattr(r, f) for f in fields))
        for r in records.order_by("history_date", "history_id")
    ]


def _task_with_an_approved_lead(school, approver):
    """A task whose lead (Ann, executes too) is approved; Bert is in the team too."""
    entry = ListTaskFactory(school=school, task=TaskFactory())
    ann = PersonFactory(school=school, name="Ann")
    bert = PersonFactory(school=school, name="Bert")
    AssignmentFactory(school=school, list_task=entry, person=ann, executes=True, lead=True, hours=2)
    Assignment.objects.filter(person=ann).update(approved_by=approver, approved_at=timezone.now())
    return entry, ann, bert


def _assignment_state(entry):
    return sorted(
        (a.person.name, a.approved_at is None, *(getattr(a, f) for f in ASSIGNMENT_FIELDS[:-1]))
        for a in Assignment.objects.filter(list_task=entry).select_related("person")
    )


def _assignment_history(entry):
    return _history(
        Assignment.history.filter(list_task_id=entry.pk).exclude(history_type="+"),
        ("decides", "executes", "monitors", "lead", "hours", "approved_at"),
        name=lambda r: Person.objects.get(pk=r.person_id).name,
    )


def test_moving_the_lead_in_the_admin_does_what_the_task_page_does(
    client, admin_user, school, sibling_school
):
    page_entry, page_ann, page_bert = _task_with_an_approved_lead(school, admin_user)
    admin_entry, _admin_ann, admin_bert = _task_with_an_approved_lead(sibling_school, admin_user)

    # The page: Ann keeps executing, Bert becomes the lead.
    url = reverse("teams:task_assignments", args=[school.slug, page_entry.pk])
    response = client.post(
        url,
        {
            f"a{page_ann.pk}-person": page_ann.pk,
            f"a{page_ann.pk}-executes": "on",
            f"a{page_ann.pk}-hours": "2",
            "new-person": page_bert.pk,
            "new-lead": "on",
            "new-hours": "0",
        },
    )
    assert response.status_code == 302
    # The admin: Bert's assignment with the lead; the service moves it from Ann.
    response = client.post(
        reverse("admin:teams_assignment_add"),
        {
            "school": sibling_school.pk,
            "list_task": admin_entry.pk,
            "person": admin_bert.pk,
            "lead": "on",
            "hours": "0",
        },
    )
    assert response.status_code == 302, response.context["errors"]

    assert _assignment_state(page_entry) == _assignment_state(admin_entry)
    # Ann is no longer the lead, and her approval is withdrawn with the change.
    assert ("Ann", True, False, True, False, False, Decimal("2.0")) in _assignment_state(
        admin_entry
    )
    assert _assignment_history(page_entry) == _assignment_history(admin_entry)


def test_admin_refuses_an_assignment_on_a_task_that_does_not_apply_like_the_service(
    client, admin_user, school
):
    entry = ListTaskFactory(school=school, applies=False)
    person = PersonFactory(school=school)
    response = client.post(
        reverse("admin:teams_assignment_add"),
        {
            "school": school.pk,
            "list_task": entry.pk,
            "person": person.pk,
            "executes": "on",
            "hours": "0",
        },
    )
    assert response.status_code == 200
    assert "does not apply to the school" in response.content.decode()
    assert not Assignment.objects.exists()
    assert not Assignment.history.exists()


def _person_admin_data(person, **changes):
    data = {
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "roles": '["digicoach"]',
        "specialisations": "[]",
        "ict_hours": str(person.ict_hours),
        "bpt_hours": "0",
        "other_hours": "0",
        "external_hours": "0",
        "note": "",
        **{
            f"competence_{k}": "2" for k in ("technical", "pedagogical", "policy", "administrative")
        },
        **{
            f"motivation_{k}": "1" for k in ("technical", "pedagogical", "policy", "administrative")
        },
        "school_shares-TOTAL_FORMS": "0",
        "school_shares-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def _person_page_data(person, **changes):
    data = {
        "name": person.name,
        "email": person.email,
        "phone": person.phone,
        "roles": ["digicoach"],
        "ict_hours": str(person.ict_hours),
        "bpt_hours": "0",
        "other_hours": "0",
        "external_hours": "0",
        "note": "",
        **{
            f"competence_{k}": "2" for k in ("technical", "pedagogical", "policy", "administrative")
        },
        **{
            f"motivation_{k}": "1" for k in ("technical", "pedagogical", "policy", "administrative")
        },
    }
    data.update(changes)
    return data


def _person_result(person):
    person.refresh_from_db()
    return (
        [getattr(person, f) for f in PERSON_FIELDS if f != "name"],
        _history(person.history.all(), PERSON_FIELDS[1:]),
    )


def test_changing_a_person_in_the_admin_does_what_the_person_page_does(
    client, admin_user, school, sibling_school
):
    on_page = PersonFactory(school=school, name="Ann", email="ann@example.org")
    in_admin = PersonFactory(school=sibling_school, name="Ann", email="ann@example.org")
    changes = {"ict_hours": "6", "note": "Takes over the inventory", "email": " ann@example.org "}

    page = client.post(
        reverse("teams:person_edit", args=[school.slug, on_page.pk]),
        _person_page_data(on_page, **changes),
    )
    assert page.status_code == 302, page.context["form"].errors
    admin = client.post(
        reverse("admin:teams_person_change", args=[in_admin.pk]),
        _person_admin_data(in_admin, **changes),
    )
    assert admin.status_code == 302, admin.context["errors"]

    assert _person_result(on_page) == _person_result(in_admin)
    assert in_admin.history.latest("history_date").history_user == admin_user


def test_admin_refuses_hours_below_a_group_persons_school_shares_like_the_service(
    client, admin_user, group, school
):
    person = PersonFactory(school=None, group=group, ict_hours=10)
    share = PersonSchool.objects.create(person=person, school=school, hours=8)
    data = _person_admin_data(
        person,
        ict_hours="4",
        **{
            "school_shares-TOTAL_FORMS": "1",
            "school_shares-INITIAL_FORMS": "1",
            "school_shares-0-id": share.pk,
            "school_shares-0-person": person.pk,
            "school_shares-0-school": school.pk,
            "school_shares-0-hours": "8",
        },
    )
    response = client.post(reverse("admin:teams_person_change", args=[person.pk]), data)
    assert response.status_code == 200
    assert "more than the" in response.content.decode()
    person.refresh_from_db()
    assert person.ict_hours == 10


def test_deleting_an_assignment_in_the_admin_names_who_ended_it(client, admin_user, school):
    assignment = AssignmentFactory(person=PersonFactory(school=school))
    url = reverse("admin:teams_assignment_delete", args=[assignment.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Assignment.objects.exists()
    deleted = Assignment.history.get(history_type="-")
    assert deleted.history_user == admin_user


def _list_result(entry):
    entry.refresh_from_db()
    return ([getattr(entry, f) for f in LIST_FIELDS], _history(entry.history.all(), LIST_FIELDS))


def test_changing_a_list_entry_in_the_admin_does_what_the_list_page_does(
    client, admin_user, school, sibling_school
):
    task = TaskFactory()
    on_page = ListTaskFactory(school=school, task=task, review=ReviewState.NEW)
    in_admin = ListTaskFactory(school=sibling_school, task=task, review=ReviewState.NEW)
    choices = {"horizon": "long", "level": "school", "level_reason": "", "note": "Later"}

    page = client.post(reverse("tasks:school_entry", args=[school.slug, on_page.pk]), choices)
    assert page.status_code == 302
    admin = client.post(reverse("admin:tasks_listtask_change", args=[in_admin.pk]), choices)
    assert admin.status_code == 302, admin.context["errors"]

    assert _list_result(on_page) == _list_result(in_admin)
    # Saving counts as reviewing, in the admin as on the page.
    assert ListTask.objects.get(pk=in_admin.pk).review == ReviewState.NONE


def test_agreements_are_read_in_the_admin_and_edited_on_their_page(client, admin_user, school):
    agreement = agreement_create(school=school, kind="backup", text="Tom backs up Lotte")
    url = reverse("admin:teams_agreement_change", args=[agreement.pk])
    response = client.get(url)
    assert response.status_code == 200
    page = reverse("teams:agreement_edit", args=[school.slug, agreement.pk])
    assert f'href="{page}"' in response.content.decode()
    assert client.post(url, {"kind": "backup", "text": "Changed"}).status_code == 403
    assert client.get(reverse("admin:teams_agreement_add")).status_code == 403
    assert Agreement.objects.get().text == "Tom backs up Lotte"
