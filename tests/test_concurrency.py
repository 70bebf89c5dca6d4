"""No silent lost update: two users load the same edit form, both save; the second sees
what the first changed and loses nothing (schools/concurrency.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from schools.models import Role
from teams.models import Agreement
from teams.models import ConsultationGroup
from teams.models import Person
from tests.concurrency_helpers import edit_form
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client, school):
    client.force_login(member(school, role=Role.ICT_COORDINATOR))
    return client


@pytest.fixture
def bob(school):
    other = Client()
    other.force_login(member(school, role=Role.ICT_COORDINATOR))
    return other


def rendered(html: str):
    """A page's html as edit_form reads it."""
    return type("Page", (), {"status_code": 200, "content": html.encode()})()


def conflict_shown(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-conflict" in html
    return html


def test_person_second_save_on_a_stale_version_shows_the_conflict_and_keeps_both(
    alice, bob, school
):
    person = PersonFactory(school=school, name="Jens", phone="011", ict_hours=4)
    url = reverse("teams:person_edit", args=[school.slug, person.pk])
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))

    mine["phone"] = "022"
    assert alice.post(url, mine).status_code == 302
    theirs["ict_hours"] = "6"
    theirs["name"] = "Jens V."
    html = conflict_shown(bob.post(url, theirs))
    person.refresh_from_db()
    assert (person.phone, person.ict_hours, person.name) == ("022", 4, "Jens")
    assert "Phone" in html and "022" in html and "011" in html

    # The re-rendered form keeps Bob's input and takes Alice's phone; saving it loses nothing.
    again = edit_form(rendered(html))
    assert again["phone"] == "022" and again["name"] == "Jens V."
    assert bob.post(url, again).status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.ict_hours, person.name) == ("022", 6, "Jens V.")


def test_person_same_field_edits_name_both_values(alice, bob, school):
    person = PersonFactory(school=school, name="Jens")
    url = reverse("teams:person_edit", args=[school.slug, person.pk])
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine["name"] = "Jens Alice"
    theirs["name"] = "Jens Bob"
    assert alice.post(url, mine).status_code == 302
    html = conflict_shown(bob.post(url, theirs))
    assert "Jens Alice" in html and "Jens Bob" in html
    assert Person.objects.get(pk=person.pk).name == "Jens Alice"


def test_agreement_conflict(alice, bob, school):
    agreement = Agreement.objects.create(school=school, kind="backup", text="Backup Monday")
    url = reverse("teams:agreement_edit", args=[school.slug, agreement.pk])
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine["text"] = "Backup Tuesday"
    assert alice.post(url, mine).status_code == 302
    theirs.pop("in_place", None)
    theirs["in_place"] = "on"
    html = conflict_shown(bob.post(url, theirs))
    assert "Backup Tuesday" in html
    agreement.refresh_from_db()
    assert (agreement.text, agreement.in_place) == ("Backup Tuesday", False)
    again = edit_form(rendered(html))
    assert bob.post(url, again).status_code == 302
    agreement.refresh_from_db()
    assert (agreement.text, agreement.in_place) == ("Backup Tuesday", True)


def test_consultation_group_conflict(alice, bob, school):
    jens = PersonFactory(school=school, name="Jens")
    lies = PersonFactory(school=school, name="Lies")
    consultation = ConsultationGroup.objects.create(school=school, kind="policy_team", name="Team")
    url = reverse("teams:consultation_edit", args=[school.slug, consultation.pk])
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine["members"] = [str(jens.pk)]
    assert alice.post(url, mine).status_code == 302
    theirs["rhythm"] = "monthly"
    theirs["members"] = [str(lies.pk)]
    html = conflict_shown(bob.post(url, theirs))
    assert "Members" in html and "Jens" in html and "Lies" in html
    consultation.refresh_from_db()
    assert list(consultation.members.all()) == [jens] and consultation.rhythm == ""


def test_list_entry_conflict(alice, bob, school):
    entry = ListTaskFactory(school=school, note="")
    url = reverse("tasks:school_entry", args=[school.slug, entry.pk])
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine["note"] = "Alice's note"
    assert alice.post(url, mine).status_code == 302
    theirs["horizon"] = "long"
    html = conflict_shown(bob.post(url, theirs))
    assert "Alice&#x27;s note" in html
    entry.refresh_from_db()
    assert entry.note == "Alice's note" and entry.horizon != "long"
    assert bob.post(url, edit_form(rendered(html))).status_code == 302
    entry.refresh_from_db()
    assert (entry.note, entry.horizon) == ("Alice's note", "long")


def test_list_editor_rows_conflict(alice, bob, school):
    entry = ListTaskFactory(school=school, note="")
    url = reverse("tasks:school_list", args=[school.slug])
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine["rows-0-note"] = "Alice's note"
    assert alice.post(url, mine).status_code == 302
    theirs["rows-0-horizon"] = "long"
    html = conflict_shown(bob.post(url, theirs))
    entry.refresh_from_db()
    assert entry.note == "Alice's note" and entry.horizon != "long"
    assert bob.post(url, edit_form(rendered(html))).status_code == 302
    entry.refresh_from_db()
    assert (entry.note, entry.horizon) == ("Alice's note", "long")


# --- the wizard ---------------------------------------------------------------------------


@pytest.fixture
def leaders(school):
    from guidelines import services as wizard

    first, second = Client(), Client()
    leader = member(school, role=Role.SCHOOL_LEADER)
    first.force_login(leader)
    second.force_login(member(school, role=Role.SCHOOL_LEADER))
    plan = wizard.plan_start(owner=school, user=leader)
    return first, second, plan, leader


def node_url(school, node_id):
    return reverse("guidelines:school_node", args=[school.slug, node_id])


def test_wizard_answer_conflict(leaders, school):
    alice, bob, plan, _ = leaders
    url = node_url(school, "growth")
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine["answer"] = "yes"
    assert alice.post(url, mine).status_code == 302
    theirs["answer"] = "no"
    html = conflict_shown(bob.post(url, theirs))
    assert plan.answers.get(node_id="growth").value == "yes"
    again = edit_form(rendered(html))
    assert again["answer"] == "no"
    assert bob.post(url, again).status_code == 302
    assert plan.answers.get(node_id="growth").value == "no"


def _up_to(plan, user, pairs):
    from guidelines import services as wizard

    for node_id, value in pairs:
        plan = wizard.answer_set(plan=plan, node_id=node_id, value=value, user=user)
    return plan


def test_wizard_resources_conflict(leaders, school):
    from guidelines import services as wizard
    from guidelines.models import Resources

    alice, bob, plan, leader = leaders
    _up_to(plan, leader, [("growth", "yes"), ("vision", "yes"), ("policy_plan", "yes")])
    wizard.resources_set(
        plan=plan, user=leader, ict_hours=4, bpt_hours=0, other_hours=0, operating_budget=0
    )
    url = node_url(school, "resources")
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine["ict_hours"] = "6"
    assert alice.post(url, mine).status_code == 302
    theirs["note"] = "Two hours from the budget"
    conflict_shown(bob.post(url, theirs))
    resources = Resources.objects.get(plan=plan)
    assert (resources.ict_hours, resources.note) == (6, "")


def test_wizard_task_rows_conflict(leaders, school):
    from guidelines.flowchart import FLOWCHART
    from guidelines.forms import task_list_fields

    alice, bob, plan, leader = leaders
    entry = ListTaskFactory(school=school, applies=True)
    _up_to(
        plan,
        leader,
        [("growth", "yes"), ("vision", "yes"), ("policy_plan", "yes"), ("resources", "recorded")],
    )
    _up_to(plan, leader, [("pooling", "no")])
    assert "horizon" in task_list_fields(FLOWCHART.node("tasks_school"))
    url = node_url(school, "tasks_school")
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine["rows-0-horizon"] = "long"
    mine.pop("action", None)
    assert alice.post(url, mine).status_code == 302
    theirs["rows-0-horizon"] = "dropped"
    theirs.pop("action", None)
    html = conflict_shown(bob.post(url, theirs))
    entry.refresh_from_db()
    assert entry.horizon == "long"
    assert "Long term" in html and "Dropped" in html


def test_wizard_action_item_conflict_names_both_values(leaders, school):
    import re

    from guidelines.models import ActionItem

    alice, bob, plan, _ = leaders
    item = ActionItem.objects.create(plan=plan, text="Write the plan", who="Jan")
    page = reverse("guidelines:school_plan", args=[school.slug])
    url = reverse("guidelines:school_action", args=[school.slug, item.pk])

    def loaded(client):
        html = client.get(page).content.decode()
        token = re.search(rf'id="action-{item.pk}".*?name="version" value="([^"]+)"', html, re.S)
        return {"text": "Write the plan", "who": "Jan", "due": "", "version": token.group(1)}

    mine, theirs = loaded(alice), loaded(bob)
    mine["who"] = "Els"
    assert alice.post(url, mine).status_code == 302
    theirs["text"] = "Write the ICT plan"
    response = bob.post(url, theirs, follow=True)
    html = response.content.decode()
    assert "Els" in html and "Jan" in html
    item.refresh_from_db()
    assert (item.who, item.text) == ("Els", "Write the plan")


# --- the admin ----------------------------------------------------------------------------


@pytest.fixture
def admins(school):
    from schools.models import Membership

    clients = []
    for _ in range(2):
        client = Client()
        user = member(school, role=Role.SCHOOL_LEADER)
        user.is_staff = True
        user.save()
        assert Membership.objects.filter(user=user).exists()
        client.force_login(user)
        clients.append(client)
    return clients


def test_admin_person_change_form_conflict(admins, school):
    alice, bob = admins
    person = PersonFactory(school=school, name="Jens", phone="011")
    url = reverse("admin:teams_person_change", args=[person.pk])
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine["phone"] = "022"
    assert alice.post(url, mine).status_code == 302
    theirs["name"] = "Jens V."
    html = conflict_shown(bob.post(url, theirs))
    person.refresh_from_db()
    assert (person.name, person.phone) == ("Jens", "022")
    again = edit_form(rendered(html))
    assert again["phone"] == "022" and again["name"] == "Jens V."
    assert bob.post(url, again).status_code == 302
    person.refresh_from_db()
    assert (person.name, person.phone) == ("Jens V.", "022")


def test_admin_list_entry_change_form_conflict(admins, school):
    alice, bob = admins
    entry = ListTaskFactory(school=school, note="")
    url = reverse("admin:tasks_listtask_change", args=[entry.pk])
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine["note"] = "Alice"
    assert alice.post(url, mine).status_code == 302
    theirs["note"] = "Bob"
    html = conflict_shown(bob.post(url, theirs))
    assert "Alice" in html
    entry.refresh_from_db()
    assert entry.note == "Alice"


# --- the mandates of a task ----------------------------------------------------------------


def test_task_mandates_row_conflict(alice, bob, school):
    from tests.factories import AssignmentFactory

    jens = PersonFactory(school=school, name="Jens")
    assignment = AssignmentFactory(school=school, person=jens, executes=True, hours=1)
    url = reverse("teams:task_assignments", args=[school.slug, assignment.list_task.pk])
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    prefix = f"a{jens.pk}"
    mine[f"{prefix}-hours"] = "3"
    assert alice.post(url, mine).status_code == 302
    theirs[f"{prefix}-monitors"] = "M"
    html = conflict_shown(bob.post(url, theirs))
    assignment.refresh_from_db()
    assert (assignment.hours, assignment.monitors) == (3, False)
    again = edit_form(rendered(html))
    assert bob.post(url, again).status_code == 302
    assignment.refresh_from_db()
    assert (assignment.hours, assignment.monitors, assignment.executes) == (3, True, True)


def test_task_mandates_same_new_person_added_twice_merges(alice, bob, school):
    from teams.models import Assignment

    entry = ListTaskFactory(school=school, applies=True)
    lies = PersonFactory(school=school, name="Lies")
    url = reverse("teams:task_assignments", args=[school.slug, entry.pk])
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine.update({"new-person": str(lies.pk), "new-executes": "E"})
    assert alice.post(url, mine).status_code == 302
    theirs.update({"new-person": str(lies.pk), "new-decides": "D"})
    html = conflict_shown(bob.post(url, theirs))
    assert Assignment.objects.get(list_task=entry, person=lies).decides is False
    again = edit_form(rendered(html))
    assert bob.post(url, again).status_code == 302
    saved = Assignment.objects.get(list_task=entry, person=lies)
    assert (saved.decides, saved.executes) == (True, True)


def test_vacancy_conflict(leaders, school):
    from teams.models import Vacancy

    alice, bob, _plan, _ = leaders
    vacancy = Vacancy.objects.create(school=school, title="ICT", profile="technical", hours=4)
    url = reverse("teams:document_vacancy", args=[school.slug, vacancy.pk])
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine["title"] = "Technical ICT coordinator"
    assert alice.post(url, mine).status_code == 302
    theirs["hours"] = "6"
    html = conflict_shown(bob.post(url, theirs))
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.hours) == ("Technical ICT coordinator", 4)
    assert bob.post(url, edit_form(rendered(html))).status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.hours) == ("Technical ICT coordinator", 6)


@pytest.fixture
def group_editors(group):
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(member(group=group, role=Role.GROUP_ADMIN))
        clients.append(client)
    return clients


def test_group_person_conflict(group_editors, group, school):
    alice, bob = group_editors
    person = PersonFactory(school=None, group=group, name="Els", ict_hours=8)
    url = reverse("teams:group_person_edit", args=[group.slug, person.pk])
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine[f"share_{school.pk}"] = "4"
    assert alice.post(url, mine).status_code == 302
    theirs["phone"] = "033"
    html = conflict_shown(bob.post(url, theirs))
    assert school.name in html
    person.refresh_from_db()
    assert person.phone == "" and person.school_shares.get().hours == 4
    assert bob.post(url, edit_form(rendered(html))).status_code == 302
    person.refresh_from_db()
    assert person.phone == "033" and person.school_shares.get().hours == 4


def test_group_consultation_conflict(group_editors, group):
    alice, bob = group_editors
    consultation = ConsultationGroup.objects.create(group=group, kind="policy_team", name="Board")
    url = reverse("teams:group_consultation_edit", args=[group.slug, consultation.pk])
    mine, theirs = edit_form(alice.get(url)), edit_form(bob.get(url))
    mine["name"] = "Group board"
    assert alice.post(url, mine).status_code == 302
    theirs["rhythm"] = "monthly"
    conflict_shown(bob.post(url, theirs))
    consultation.refresh_from_db()
    assert (consultation.name, consultation.rhythm) == ("Group board", "")
