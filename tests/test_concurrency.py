"""No silent lost update: two users load the same edit form, both save; the second sees
what the first changed and loses nothing (schools/concurrency.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from schools.models import Role
from teams.models import Agreement, ConsultationGroup, Person
from tests.concurrency_helpers import edit_form
from tests.factories import ListTaskFactory, PersonFactory, member

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
