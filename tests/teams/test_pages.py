"""Team builder pages: rendering, editing, roles, tenancy and constant queries."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from schools.models import Role
from tasks.models import Cluster
from tasks.models import ListTask
from teams.models import Agreement
from teams.models import Assignment
from teams.models import ConsultationGroup
from teams.models import Level
from teams.models import Person
from teams.models import PersonSchool
from teams.selectors import team_health
from teams.selectors import team_people
from tests.factories import AssignmentFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import member
from tests.teams.builders import give
from tests.teams.builders import person
from tests.teams.builders import team_task

pytestmark = pytest.mark.django_db


def url(name: str, school, *args) -> str:
    return reverse(f"teams:{name}", args=[school.slug, *args])


def login(client, user, password):
    assert client.login(username=user.username, password=password)
    return user


@pytest.fixture
def coordinator(client, school, password):
    return login(client, member(school, role=Role.ICT_COORDINATOR), password)


def make_team(school, group, *, people: int, tasks: int):
    """A team of ``people`` (a third group-level) on ``tasks`` tasks, with mandates."""
    members = []
    for i in range(people):
        if i % 3 == 2:
            members.append(person(group=group, name=f"Group {i}", hours=40, shares={school: 8}))
        else:
            members.append(person(school, name=f"Person {i}", roles=("digicoach",), hours=8))
    clusters = list(Cluster.values)
    for i in range(tasks):
        entry = team_task(
            school, cluster=clusters[i % 4], core=i % 3 == 0, needs=(clusters[i % 4],)
        )
        who = members[i % people]
        backup = members[(i + 1) % people]
        give(school, entry, who, backup=backup, hours=Decimal("0.5"))
        give(school, entry, backup, decides=True)
    return members


# --- pages render -----------------------------------------------------------------------


def test_overview_lists_people_with_hours_and_the_health_panel(client, coordinator, school):
    busy = person(school, name="An Jacobs", hours=2)
    give(school, team_task(school, core=True), busy, hours=3)
    response = client.get(url("overview", school))
    assert response.status_code == 200
    html = response.content.decode()
    assert "An Jacobs" in html
    assert "3.0 / 2.0" in html
    assert 'data-rule="over_hours"' in html
    assert 'data-rule="no_backup"' in html


def test_every_health_warning_links_to_a_page_that_opens(client, coordinator, school, group):
    busy = person(
        school,
        name="An",
        hours=1,
        roles=("technical_coordinator",),
        competences={"pedagogical": Level.NONE},
    )
    give(school, team_task(school, core=True, needs=("technical",)), busy, hours=2)
    give(school, team_task(school, needs=("pedagogical",)), busy, executes=True)
    give(school, team_task(school, needs=("technical",)), busy, executes=True)
    team_task(school, cluster="policy", core=True, needs=("policy",))
    health = team_health(school=school)
    # Every kind of page a finding links to: a task, the matrix, the team.
    assert {"core_not_executed", "over_hours", "policy_team_incomplete"} <= health.rule_keys()
    assert len(health.rule_keys()) == 10
    for warning in health.warnings:
        assert client.get(warning.url).status_code == 200, warning


def test_school_overview_shows_the_team_card(client, coordinator, school):
    person(school, name="Lotte Maes")
    team_task(school, core=True)
    response = client.get(reverse("schools:school_detail", args=[school.slug]))
    html = response.content.decode()
    assert "1 person in the team." in html
    assert "Core tasks nobody executes" in html
    assert url("overview", school) in html
    assert '<div class="col-md-4">' in html


def test_school_nav_has_a_team_tab(client, coordinator, school):
    response = client.get(url("overview", school))
    assert f'href="{url("overview", school)}">Team</a>' in response.content.decode()


def test_names_holding_html_are_escaped(client, coordinator, school):
    evil = person(school, name='<script>alert("x")</script>')
    give(school, team_task(school, core=True), evil)
    for page in (
        url("overview", school),
        url("matrix", school),
        url("person_detail", school, evil.pk),
        url("mandates", school),
    ):
        html = client.get(page).content.decode()
        assert "<script>alert" not in html, page
        assert "&lt;script&gt;alert" in html, page


# --- people -----------------------------------------------------------------------------


def person_post(**overrides) -> dict:
    data = {
        "name": "Jens Vermeulen",
        "email": "jens@example.org",
        "phone": "",
        "roles": ["digicoach"],
        "ict_hours": "2",
        "bpt_hours": "3",
        "other_hours": "0",
        "external_hours": "0",
        "specialisations": ["help_desk"],
        "note": "",
        "competence_technical": "2",
        "competence_pedagogical": "3",
        "competence_policy": "1",
        "competence_administrative": "0",
        "motivation_technical": "1",
        "motivation_pedagogical": "3",
        "motivation_policy": "0",
        "motivation_administrative": "0",
    }
    data.update(overrides)
    return data


def test_coordinator_adds_a_person_with_a_self_assessment(client, coordinator, school):
    page = client.get(url("person_add", school)).content.decode()
    assert "I help colleagues integrate ICT in their classes." in page
    response = client.post(url("person_add", school), person_post())
    created = Person.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("person_detail", school, created.pk)
    assert created.school == school
    assert created.hours_available == 5
    assert created.competence_pedagogical == Level.EXPERT
    assert created.specialisations == ["help_desk"]
    assert created.history.first().history_user == coordinator


def test_invalid_person_form_shows_errors(client, coordinator, school):
    response = client.post(url("person_add", school), person_post(name="", ict_hours="-3"))
    assert response.status_code == 200
    assert not Person.objects.exists()
    assert response.context["form"].errors.keys() >= {"name", "ict_hours"}


def test_coordinator_edits_and_removes_a_person(client, coordinator, school):
    who = person(school, name="Jens")
    response = client.post(url("person_edit", school, who.pk), person_post(name="Jens V."))
    assert response.status_code == 302
    who.refresh_from_db()
    assert who.name == "Jens V."
    assert client.get(url("person_delete", school, who.pk)).status_code == 200
    assert client.post(url("person_delete", school, who.pk)).status_code == 302
    assert not Person.objects.exists()


def test_group_person_is_shown_in_the_school_but_edited_at_group_level(
    client, coordinator, school, group
):
    shared = person(group=group, name="Hamid El Amrani", hours=20, shares={school: 6})
    assert client.get(url("person_detail", school, shared.pk)).status_code == 200
    assert client.get(url("person_edit", school, shared.pk)).status_code == 404
    overview = client.get(url("overview", school)).content.decode()
    assert "Hamid El Amrani" in overview
    assert "group level" in overview


# --- matrix: tests/teams/test_matrix.py -------------------------------------------------


# --- task by task -----------------------------------------------------------------------


def test_task_page_sets_mandates_backup_and_hours(client, coordinator, school):
    tom, lotte = person(school, name="Tom"), person(school, name="Lotte")
    entry = team_task(school, core=True)
    give(school, entry, tom, hours=1)
    page = client.get(url("task_assignments", school, entry.pk))
    assert page.status_code == 200
    assert 'data-rule="no_backup"' in page.content.decode()
    response = client.post(
        url("task_assignments", school, entry.pk),
        {
            f"a{tom.pk}-person": tom.pk,
            f"a{tom.pk}-executes": "on",
            f"a{tom.pk}-lead": "on",
            f"a{tom.pk}-backup": lotte.pk,
            f"a{tom.pk}-hours": "2.5",
            "new-person": lotte.pk,
            "new-decides": "on",
            "new-backup": "",
            "new-hours": "0",
        },
    )
    assert response.status_code == 302
    assigned = Assignment.objects.get(person=tom)
    assert (assigned.executes, assigned.lead, assigned.decides) == (True, True, False)
    assert (assigned.backup, assigned.hours) == (lotte, Decimal("2.5"))
    assert Assignment.objects.get(person=lotte).decides
    page = client.get(url("task_assignments", school, entry.pk)).content.decode()
    assert "nothing to fix on this task" in page


def test_task_page_refuses_two_leads(client, coordinator, school):
    tom, lotte = person(school), person(school)
    entry = team_task(school)
    give(school, entry, tom)
    response = client.post(
        url("task_assignments", school, entry.pk),
        {
            f"a{tom.pk}-person": tom.pk,
            f"a{tom.pk}-executes": "on",
            f"a{tom.pk}-lead": "on",
            f"a{tom.pk}-hours": "1",
            "new-person": lotte.pk,
            "new-lead": "on",
            "new-hours": "0",
        },
    )
    assert response.status_code == 200
    assert "exactly one lead" in response.content.decode()
    assert Assignment.objects.count() == 1


# --- approving mandates -----------------------------------------------------------------


def test_school_leader_approves_mandates(client, school, password):
    leader = login(client, member(school, role=Role.SCHOOL_LEADER), password)
    assignment = give(school, team_task(school), person(school))
    assert "Approve" in client.get(url("mandates", school)).content.decode()
    response = client.post(url("assignment_approve", school, assignment.pk))
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.approved_by == leader


def test_coordinator_cannot_approve_mandates(client, coordinator, school):
    assignment = give(school, team_task(school), person(school))
    assert client.post(url("assignment_approve", school, assignment.pk)).status_code == 403
    assert client.post(url("approve_all", school)).status_code == 403
    assignment.refresh_from_db()
    assert assignment.approved_at is None


# --- consultation groups and agreements --------------------------------------------------


def test_consultation_groups_and_agreements_pages(client, coordinator, school):
    director = person(school, name="Sofie Peeters", roles=("management",))
    response = client.post(
        url("consultation_add", school),
        {
            "kind": "policy_team",
            "name": "ICT policy team",
            "purpose": "Policy and vision",
            "rhythm": "monthly",
            "members": [director.pk],
            "group_link": "",
        },
    )
    assert response.status_code == 302
    policy_team = ConsultationGroup.objects.get()
    assert list(policy_team.members.all()) == [director]
    response = client.post(
        url("agreement_add", school),
        {"kind": "documentation", "text": "Generic mailbox ict@school.be", "in_place": "on"},
    )
    assert response.status_code == 302
    page = client.get(url("consultation", school)).content.decode()
    assert "ICT policy team" in page and "Sofie Peeters" in page
    assert "Generic mailbox ict@school.be" in page
    agreement = Agreement.objects.get()
    client.post(url("agreement_delete", school, agreement.pk))
    client.post(url("consultation_delete", school, policy_team.pk))
    assert not Agreement.objects.exists() and not ConsultationGroup.objects.exists()


# --- group-level people -----------------------------------------------------------------


def test_group_admin_adds_a_group_person_with_school_shares(
    client, group, school, sibling_school, password
):
    login(client, member(group=group, role=Role.GROUP_ADMIN), password)
    page = client.get(reverse("teams:group_people", args=[group.slug]))
    assert page.status_code == 200
    data = person_post(name="Hamid El Amrani", ict_hours="20", bpt_hours="0")
    data[f"share_{school.pk}"] = "8"
    data[f"share_{sibling_school.pk}"] = ""
    response = client.post(reverse("teams:group_person_add", args=[group.slug]), data)
    assert response.status_code == 302
    shared = Person.objects.get()
    assert shared.group == group and shared.school is None
    assert list(shared.school_shares.values_list("school", "hours")) == [(school.pk, 8)]
    assert "Hamid El Amrani" in client.get(url("overview", school)).content.decode()


def test_group_person_shares_over_their_hours_are_refused(client, group, school, password):
    login(client, member(group=group, role=Role.GROUP_ADMIN), password)
    data = person_post(name="Hamid", ict_hours="4", bpt_hours="0")
    data[f"share_{school.pk}"] = "6"
    response = client.post(reverse("teams:group_person_add", args=[group.slug]), data)
    assert response.status_code == 200
    assert not Person.objects.exists()


def test_school_member_cannot_reach_the_group_people_page(client, coordinator, group):
    assert client.get(reverse("teams:group_people", args=[group.slug])).status_code == 404


# --- roles and tenancy ------------------------------------------------------------------


def test_team_member_reads_but_gets_403_on_every_edit(client, school, password):
    login(client, member(school, role=Role.TEAM_MEMBER), password)
    who = person(school)
    entry = team_task(school)
    assignment = give(school, entry, who)
    cg = ConsultationGroup.objects.create(school=school, kind="policy_team", name="P")
    agreement = Agreement.objects.create(school=school, kind="backup", text="x")
    for name in ("overview", "matrix", "mandates", "consultation"):
        assert client.get(url(name, school)).status_code == 200, name
    assert client.get(url("person_detail", school, who.pk)).status_code == 200
    page = client.get(url("task_assignments", school, entry.pk))
    assert page.status_code == 200
    assert "Save mandates" not in page.content.decode()
    matrix = client.get(url("matrix", school)).content.decode()
    assert "cell/" not in matrix
    forbidden = [
        ("get", url("person_add", school)),
        ("post", url("person_add", school)),
        ("get", url("person_edit", school, who.pk)),
        ("post", url("person_delete", school, who.pk)),
        ("post", url("matrix_cell", school, entry.pk, who.pk)),
        ("post", url("task_assignments", school, entry.pk)),
        ("post", url("assignment_approve", school, assignment.pk)),
        ("post", url("approve_all", school)),
        ("get", url("consultation_add", school)),
        ("post", url("consultation_edit", school, cg.pk)),
        ("post", url("consultation_delete", school, cg.pk)),
        ("get", url("agreement_add", school)),
        ("post", url("agreement_edit", school, agreement.pk)),
        ("post", url("agreement_delete", school, agreement.pk)),
    ]
    for method, target in forbidden:
        assert getattr(client, method)(target).status_code == 403, (method, target)
    assert Person.objects.count() == 1 and Assignment.objects.count() == 1


def test_another_schools_objects_are_404_for_every_teams_url(
    client, coordinator, school, sibling_school, group
):
    """Everything of a sibling school, reached through our own school's URLs, is a 404."""
    foreign_person = person(sibling_school)
    foreign_entry = team_task(sibling_school)
    foreign_assignment = give(sibling_school, foreign_entry, foreign_person)
    foreign_cg = ConsultationGroup.objects.create(
        school=sibling_school, kind="policy_team", name="P"
    )
    foreign_agreement = Agreement.objects.create(school=sibling_school, kind="backup", text="x")
    foreign_group_person = person(group=group, hours=10, shares={sibling_school: 4})
    urls = [
        url("person_detail", school, foreign_person.pk),
        url("person_edit", school, foreign_person.pk),
        url("person_delete", school, foreign_person.pk),
        url("person_detail", school, foreign_group_person.pk),
        url("task_assignments", school, foreign_entry.pk),
        url("assignment_approve", school, foreign_assignment.pk),
        url("consultation_edit", school, foreign_cg.pk),
        url("consultation_delete", school, foreign_cg.pk),
        url("agreement_edit", school, foreign_agreement.pk),
        url("agreement_delete", school, foreign_agreement.pk),
    ]
    for target in urls:
        assert client.get(target).status_code in (404, 405), target
        assert client.post(target).status_code == 404, target
    # And the sibling school itself is not ours: every page of it is a 404 too.
    for name in ("overview", "matrix", "mandates", "consultation", "person_add"):
        assert client.get(url(name, sibling_school)).status_code == 404, name
    assert client.get(url("person_detail", sibling_school, foreign_person.pk)).status_code == 404
    assert Assignment.objects.get() == foreign_assignment
    assert foreign_assignment.approved_at is None


def test_other_groups_people_pages_are_404(client, group, other_group, password):
    login(client, member(group=group, role=Role.GROUP_ADMIN), password)
    foreign = person(group=other_group, hours=4)
    assert client.get(reverse("teams:group_people", args=[other_group.slug])).status_code == 404
    for name in ("group_person_edit", "group_person_delete"):
        assert (
            client.get(reverse(f"teams:{name}", args=[group.slug, foreign.pk])).status_code == 404
        )
        assert (
            client.get(reverse(f"teams:{name}", args=[other_group.slug, foreign.pk])).status_code
            == 404
        )


def test_anonymous_users_are_sent_to_login(client, school):
    response = client.get(url("matrix", school))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- constant queries -------------------------------------------------------------------


@pytest.mark.parametrize(("people", "tasks"), [(3, 8), (12, 60)])
def test_team_overview_with_health_panel_runs_constant_queries(
    client, coordinator, school, group, django_assert_num_queries, people, tasks
):
    make_team(school, group, people=people, tasks=tasks)
    # session, user, memberships, school; the school's change token; people (health
    # reads the same); health: tasks (the page's "no tasks yet" too), assignments (the
    # mandates to approve too) (the menus are not rendered on this page). Read again with
    # no write to the school's rows since: the token alone, not the three.
    with django_assert_num_queries(9):
        first = client.get(url("overview", school))
    with django_assert_num_queries(6):
        response = client.get(url("overview", school))
    assert len(response.context["people"]) == people
    assert _page(response) == _page(first)


def _page(response) -> bytes:
    """A page without its CSRF tokens, which differ in every response."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", response.content)


def test_the_kept_team_page_follows_every_write(client, coordinator, school, group):
    """The team page kept by the school's change token is the page worked out anew after
    each kind of write."""
    from teams.selectors import health

    make_team(school, group, people=3, tasks=8)
    other = SchoolFactory(group=group)
    shared = PersonFactory(school=None, group=group, name="Group <b>", ict_hours=10)
    PersonSchool.objects.create(person=shared, school=school, hours=4)
    PersonSchool.objects.create(person=shared, school=other, hours=4)
    own = Person.objects.filter(school=school).first()
    writes = [
        lambda: Person.objects.filter(pk=own.pk).update(name="Renamed", ict_hours=1),
        lambda: AssignmentFactory(person=shared, school=school, hours=3),
        lambda: Assignment.objects.filter(school=school).update(approved_at=timezone.now()),
        lambda: ListTask.objects.filter(school=school).update(applies=False),
        lambda: PersonSchool.objects.filter(person=shared, school=school).update(hours=6),
    ]
    page = url("overview", school)
    seen = [_page(client.get(page))]
    for write in writes:
        write()
        kept = _page(client.get(page))
        health._TEAM_PAGES.clear()
        health._CHECKED.clear()
        assert kept == _page(client.get(page))
        assert kept != seen[-1]
        seen.append(kept)


@pytest.mark.parametrize(("people", "tasks"), [(3, 8), (12, 60)])
def test_team_health_runs_constant_queries(school, group, django_assert_num_queries, people, tasks):
    make_team(school, group, people=people, tasks=tasks)
    with django_assert_num_queries(3):
        health = team_health(school=school)
    assert health.task_count == tasks


def test_team_health_reads_a_team_handed_over_instead_of_reading_it_again(
    school, group, django_assert_num_queries
):
    make_team(school, group, people=5, tasks=12)
    people = team_people(school=school)
    with django_assert_num_queries(2):
        handed = team_health(school=school, people=people)
    read = team_health(school=school)
    assert [(w.rule, w.message) for w in handed.warnings] == [
        (w.rule, w.message) for w in read.warnings
    ]
    assert (handed.task_count, handed.people_count) == (read.task_count, read.people_count)


@pytest.mark.parametrize(("people", "tasks"), [(3, 8), (12, 60)])
def test_school_overview_with_team_card_runs_constant_queries(
    client, coordinator, school, group, django_assert_num_queries, people, tasks
):
    make_team(school, group, people=people, tasks=tasks)
    with django_assert_num_queries(11):
        response = client.get(reverse("schools:school_detail", args=[school.slug]))
    assert response.status_code == 200


@pytest.mark.parametrize(("people", "tasks"), [(3, 8), (12, 60)])
def test_task_page_runs_constant_queries(
    client, coordinator, school, group, django_assert_num_queries, people, tasks
):
    make_team(school, group, people=people, tasks=tasks)
    entry = Assignment.objects.first().list_task
    # session, user, memberships, school, task; people, assignments; health (3); menus;
    # the mandates' history
    with django_assert_num_queries(12):
        response = client.get(url("task_assignments", school, entry.pk))
    assert response.status_code == 200


def test_group_admin_sets_up_a_group_consultation_group_seen_by_its_schools(
    client, group, school, password
):
    login(client, member(group=group, role=Role.GROUP_ADMIN), password)
    shared = person(group=group, name="Hamid El Amrani", hours=20, shares={school: 4})
    director = person(school, name="Sofie Peeters", roles=("management",))
    add = reverse("teams:group_consultation_add", args=[group.slug])
    form = client.get(add).content.decode()
    assert f"Sofie Peeters · {school.name}" in form
    response = client.post(
        add,
        {
            "kind": "policy_team",
            "name": "ICT policy group",
            "rhythm": "every two months",
            "members": [shared.pk, director.pk],
            "group_link": "One director per school.",
        },
    )
    assert response.status_code == 302
    created = ConsultationGroup.objects.get()
    assert created.group == group and created.school is None
    assert (
        "ICT policy group"
        in client.get(reverse("teams:group_people", args=[group.slug])).content.decode()
    )
    school_page = client.get(url("consultation", school)).content.decode()
    assert "ICT policy group" in school_page
    # Read-only in the school: it is the group's to change.
    assert url("consultation_edit", school, created.pk) not in school_page
    assert client.get(url("consultation_edit", school, created.pk)).status_code == 404


def test_group_consultation_groups_are_the_groups_own(
    client, coordinator, group, other_group, school
):
    created = ConsultationGroup.objects.create(group=group, kind="policy_team", name="P")
    foreign = ConsultationGroup.objects.create(group=other_group, kind="policy_team", name="F")
    # A school's ICT coordinator is no member of the group itself.
    for name in ("group_consultation_edit", "group_consultation_delete"):
        assert (
            client.get(reverse(f"teams:{name}", args=[group.slug, created.pk])).status_code == 404
        )
    assert client.get(reverse("teams:group_consultation_add", args=[group.slug])).status_code == 404
    client.logout()
    admin = member(group=group, role=Role.GROUP_ADMIN)
    client.force_login(admin)
    for name in ("group_consultation_edit", "group_consultation_delete"):
        assert (
            client.get(reverse(f"teams:{name}", args=[group.slug, foreign.pk])).status_code == 404
        )
    assert client.post(reverse("teams:group_consultation_delete", args=[group.slug, created.pk]))
    assert list(ConsultationGroup.objects.all()) == [foreign]


def test_person_page_links_editors_to_the_role_description(client, coordinator, school):
    who = person(school=school, name="Lotte Maes", hours=4)
    page = client.get(url("person_detail", school, who.pk)).content.decode()
    role_url = reverse("teams:document_role", args=[school.slug, who.pk])
    assert f'href="{role_url}"' in page
    assert client.get(role_url).status_code == 200
