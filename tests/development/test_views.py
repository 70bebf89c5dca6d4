"""The professional development pages: who sees and who writes, the one click from a gap,
constant queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from development.models import DevelopmentItem
from development.models import ItemStatus
from development.routes import COUNSELLING
from development.routes import GROUP_TRAINING
from development.routes import SUPPLIERS
from development.services import item_create
from schools.models import Role
from schools.school_years import current_school_year
from teams.models import Level
from tests.factories import member
from tests.teams.builders import give
from tests.teams.builders import person
from tests.teams.builders import team_task

pytestmark = pytest.mark.django_db


def page(school, name="school_plan", *args):
    return reverse(f"development:{name}", args=[school.slug, *args])


def log_in(client, user, password):
    assert client.login(username=user.username, password=password)
    return user


@pytest.fixture
def coordinator(client, school, password):
    return log_in(client, member(school, role=Role.ICT_COORDINATOR), password)


@pytest.fixture
def weak_team(school):
    """Jens executes a core technical task with only a basic technical self-assessment."""
    jens = person(school, name="Jens Vermeulen", competences={"technical": Level.BASIC})
    entry = team_task(school, core=True, title="Manage the school network")
    give(school, entry, jens, executes=True)
    return jens, entry


def test_the_page_shows_who_falls_short_and_the_routes(client, coordinator, school, weak_team):
    response = client.get(page(school))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jens Vermeulen" in html
    assert "Manage the school network" in html
    assert "self-assessed Basic, the tasks ask Good" in html
    assert "Suppliers&#x27; training" in html
    assert 'name="from_gap"' in html


def test_one_click_from_a_gap_adds_the_item(client, coordinator, school, weak_team):
    jens, entry = weak_team
    response = client.post(
        page(school, "item_add"),
        {
            "from_gap": "1",
            "person": jens.pk,
            "competence": "technical",
            "list_task": entry.pk,
            "route": SUPPLIERS,
        },
    )
    item = DevelopmentItem.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{item.pk}")
    assert (item.person, item.competence, item.list_task, item.route) == (
        jens,
        "technical",
        entry,
        SUPPLIERS,
    )
    assert item.school_year == current_school_year()
    assert item.history.get().history_user == coordinator


def test_one_click_for_someone_of_another_school_answers_404(
    client, coordinator, school, sibling_school
):
    stranger = person(sibling_school, name="Stranger")
    response = client.post(
        page(school, "item_add"),
        {"from_gap": "1", "person": stranger.pk, "competence": "technical", "route": SUPPLIERS},
    )
    assert response.status_code == 404
    assert not DevelopmentItem.objects.exists()


def test_the_add_form_is_prefilled_from_the_gap(client, coordinator, school, weak_team):
    jens, entry = weak_team
    response = client.get(
        page(school, "item_add"),
        {"person": jens.pk, "competence": "technical", "list_task": entry.pk, "route": SUPPLIERS},
    )
    form = response.context["form"]
    assert form["person"].value() == str(jens.pk)
    assert form["route"].value() == SUPPLIERS
    assert form["school_year"].value() == current_school_year()


def test_an_item_is_added_by_hand_and_edited(client, coordinator, school, weak_team):
    jens, _ = weak_team
    data = {
        "person": jens.pk,
        "competence": "policy",
        "list_task": "",
        "route": COUNSELLING,
        "school_year": "2026",
        "term": "2",
        "due": "",
        "status": ItemStatus.PLANNED,
        "note": "",
    }
    assert client.post(page(school, "item_add"), data).status_code == 302
    item = DevelopmentItem.objects.get()
    edit = client.get(page(school, "item_edit", item.pk))
    version = edit.context["form"]["version"].value()
    response = client.post(
        page(school, "item_edit", item.pk),
        {**data, "status": ItemStatus.DONE, "version": version},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE


def test_an_invalid_item_shows_the_form_again(client, coordinator, school, weak_team):
    jens, _ = weak_team
    response = client.post(
        page(school, "item_add"),
        {"person": jens.pk, "competence": "policy", "route": COUNSELLING, "status": "planned"},
    )
    assert response.status_code == 200
    assert "a date, or a school year" in response.content.decode()
    assert not DevelopmentItem.objects.exists()


def test_a_team_member_reads_the_plan_but_does_not_write_it(client, school, password, weak_team):
    jens, entry = weak_team
    item = item_create(
        school=school, person=jens, competence="technical", route=SUPPLIERS, school_year=2026
    )
    log_in(client, member(school, role=Role.TEAM_MEMBER), password)
    html = client.get(page(school)).content.decode()
    assert "Suppliers&#x27; training" in html
    assert 'name="from_gap"' not in html
    assert client.get(page(school, "item_add")).status_code == 403
    assert client.get(page(school, "item_edit", item.pk)).status_code == 403
    assert client.post(page(school, "item_delete", item.pk)).status_code == 403
    assert DevelopmentItem.objects.filter(pk=item.pk).exists()


def test_a_school_leader_removes_an_item(client, school, password, weak_team):
    jens, _ = weak_team
    item = item_create(
        school=school, person=jens, competence="technical", route=SUPPLIERS, school_year=2026
    )
    log_in(client, member(school, role=Role.SCHOOL_LEADER), password)
    assert client.post(page(school, "item_delete", item.pk)).status_code == 302
    assert not DevelopmentItem.objects.exists()


def test_the_person_filter_shows_one_persons_gaps_and_items(client, coordinator, school, weak_team):
    jens, _ = weak_team
    other = person(school, name="Lotte Maes", competences={"policy": Level.NONE})
    give(school, team_task(school, cluster="policy", needs=("policy",)), other, executes=True)
    html = client.get(page(school), {"person": jens.pk}).content.decode()
    assert "Professional development: Jens Vermeulen" in html
    assert "Lotte Maes" not in html


def test_the_person_page_links_to_their_development(client, coordinator, school, weak_team):
    jens, _ = weak_team
    html = client.get(reverse("teams:person_detail", args=[school.slug, jens.pk])).content
    assert f"{page(school)}?person={jens.pk}" in html.decode()


def test_names_holding_html_are_escaped(client, coordinator, school):
    evil = person(school, name='<script>alert("x")</script>', competences={"technical": 0})
    give(school, team_task(school), evil, executes=True)
    item_create(
        school=school, person=evil, competence="technical", route=SUPPLIERS, school_year=2026
    )
    html = client.get(page(school)).content.decode()
    assert "<script>alert" not in html


@pytest.mark.parametrize(("people", "tasks"), [(3, 5), (150, 60)])
def test_the_school_page_runs_constant_queries(
    client, coordinator, school, sibling_school, django_assert_num_queries, people, tasks
):
    entries = [team_task(school, core=i % 3 == 0) for i in range(tasks)]
    for i in range(people):
        someone = person(school, competences={"technical": i % 3, "policy": i % 2})
        give(school, entries[i % tasks], someone, executes=True)
        if i % 10 == 0:
            item_create(
                school=school,
                person=someone,
                competence="technical",
                route=SUPPLIERS,
                school_year=2026,
                list_task=entries[i % tasks],
            )
    # session, user, memberships, school; the group's schools; people, shares, tasks and
    # assignments; the plan's items; the plan's history (records, earlier records)
    with django_assert_num_queries(12):
        response = client.get(page(school))
    assert response.status_code == 200
    assert len(response.context["team"].people) == people


def test_the_group_page_counts_schools_sharing_a_gap(
    client, group, school, sibling_school, password
):
    for each in (school, sibling_school):
        weak = person(each, name=f"Weak at {each.slug}", competences={"policy": Level.NONE})
        give(each, team_task(each, cluster="policy", needs=("policy",)), weak)
    log_in(client, member(group=group, role=Role.GROUP_ADMIN), password)
    response = client.get(reverse("development:group", args=[group.slug]))
    html = response.content.decode()
    policy = next(c for c in response.context["development"].clusters if c.competence == "policy")
    assert (policy.schools_with_gap, policy.shared) == (2, True)
    assert "Weak at" not in html
    assert "group-level training" in html
    # On the school's page, the shared gap puts group-level training first.
    gap = client.get(page(school)).context["team"].people_gaps[0].gaps[0]
    assert gap.routes[0].key == GROUP_TRAINING


def test_a_school_leader_does_not_see_the_group_page(client, group, school, password):
    log_in(client, member(school, role=Role.SCHOOL_LEADER), password)
    assert client.get(reverse("development:group", args=[group.slug])).status_code == 404
