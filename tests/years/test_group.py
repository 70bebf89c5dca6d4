"""A school group's years: its group-level people rolled over through the same service as a
school's, the group's pages and who may use them, reminders of group-led plans to the
group's admins and ICT coordinators, and the records in the admin site."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guidelines import services as plans
from guidelines.models import Resources
from policy import services as policy
from schools.models import Role
from schools.school_years import school_year_of
from teams.models import Assignment
from teams.models import Person
from teams.services import assignment_set
from teams.services import person_create
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory
from tests.factories import member
from tests.jobs import run_worker
from tests.years.helpers import started_plan
from years.models import ReminderSent
from years.models import SchoolYear
from years.models import YearRecord
from years.reminders import due_reminders
from years.selectors import current_start_year
from years.services import Hours
from years.services import NewResources
from years.services import rollover_preview
from years.services import school_year_rollover

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CURRENT = school_year_of(TODAY)


def group_url(name, group, **kwargs):
    return reverse(f"years:group_{name}", kwargs={"group_slug": group.slug, **kwargs})


@pytest.fixture
def group_team(group, school, sibling_school):
    """Two group-level people serving both schools. Greet executes the network at
    Sint-Jan alone; Hans backs up Sint-Jan's own Anna on the learning platform and executes
    De Linde's network with its own Ine."""
    greet = person_create(
        group=group,
        name="Greet",
        ict_hours=Decimal("10"),
        roles=["technical_coordinator"],
        school_shares={school: Decimal("6"), sibling_school: Decimal("4")},
    )
    hans = person_create(
        group=group,
        name="Hans",
        ict_hours=Decimal("8"),
        roles=["digicoach"],
        school_shares={school: Decimal("4"), sibling_school: Decimal("4")},
    )
    anna = PersonFactory(school=school, name="Anna")
    ine = PersonFactory(school=sibling_school, name="Ine")
    network = ListTaskFactory(
        school=school, task=TaskFactory(code="TEC-NET-01", title="Network", is_core=True)
    )
    elo = ListTaskFactory(school=school, task=TaskFactory(code="PED-ELO-01", title="ELO"))
    linde_network = ListTaskFactory(school=sibling_school, task=network.task)
    assignment_set(school=school, list_task=network, person=greet, executes=True, hours=3)
    assignment_set(school=school, list_task=elo, person=anna, executes=True, backup=hans)
    assignment_set(
        school=sibling_school, list_task=linde_network, person=hans, executes=True, hours=2
    )
    assignment_set(school=sibling_school, list_task=linde_network, person=ine, executes=True)
    return {"greet": greet, "hans": hans, "anna": anna, "ine": ine, "network": network}


@pytest.fixture
def group_admin(group):
    return member(group=group, role=Role.GROUP_ADMIN, username="admin", email="admin@example.org")


RESOURCES = NewResources(
    ict_hours=Decimal("16"),
    bpt_hours=Decimal("0"),
    other_hours=Decimal("0"),
    operating_budget=Decimal("5000"),
)


def test_the_groups_rollover_ends_the_leavers_tasks_in_every_school(
    group, school, sibling_school, group_team, group_admin
):
    plan = started_plan(group, group_admin)
    greet, hans = group_team["greet"], group_team["hans"]

    record = school_year_rollover(
        owner=group,
        leaving={hans.pk},
        hours={greet.pk: Hours(ict_hours=Decimal("12"))},
        resources=RESOURCES,
        user=group_admin,
    )

    assert not Person.objects.filter(pk=hans.pk).exists()
    greet.refresh_from_db()
    assert greet.ict_hours == Decimal("12")
    # Hans's task at De Linde ended, and the backup he gave Anna at Sint-Jan.
    assert not Assignment.objects.filter(school=sibling_school, person__name="Hans").exists()
    elo = Assignment.objects.get(person=group_team["anna"])
    assert elo.backup_id is None and elo.history.first().history_user == group_admin
    # The schools' own people are the schools' to roll over.
    assert Person.objects.filter(name__in=["Anna", "Ine"]).count() == 2
    assert Resources.objects.get(plan=plan).ict_hours == Decimal("16")
    assert SchoolYear.objects.get(group=group).start_year == CURRENT + 1
    assert current_start_year(owner=group) == CURRENT + 1
    assert current_start_year(owner=school) == CURRENT

    assert record.group == group and record.school is None
    assert {(m["name"], m["left"]) for m in record.team} == {("Greet", False), ("Hans", True)}
    division = {(row["school"], row["task"], row["person"]) for row in record.assignments}
    assert (sibling_school.name, "TEC-NET-01", "Hans") in division
    assert (school.name, "PED-ELO-01", "Anna") in division
    assert record.resources["ict_hours"] == "20.0"
    figures = record.figures
    assert (figures["people"], figures["tasks"], figures["covered"]) == (2, 3, 3)
    assert figures["clusters"]["technical"]["hours"] == "5.0"
    # Greet alone executes Sint-Jan's network, a core task, with nobody backing her up.
    assert figures["single_points"] == [
        {"task": "TEC-NET-01", "title": "Network", "person": "Greet", "school": school.name}
    ]
    assert [finding["rule"] for finding in figures["health"]] == ["no_backup"]


def test_the_groups_preview_names_the_schools_that_lose_an_executor(
    group, school, sibling_school, group_team
):
    preview = rollover_preview(
        owner=group, leaving={group_team["greet"].pk}, hours={}, resources=None
    )
    assert preview.schools_losing_executor == [school.name]
    assert [(row["school"], row["task"]) for row in preview.gaps] == [(school.name, "TEC-NET-01")]

    preview = rollover_preview(
        owner=group, leaving={group_team["hans"].pk}, hours={}, resources=None
    )
    # Ine still executes De Linde's network: an executor lost, no gap.
    assert preview.schools_losing_executor == [sibling_school.name]
    assert preview.gaps == []
    assert [(row["school"], row["person"], row["backup"]) for row in preview.backups_ended] == [
        (school.name, "Anna", "Hans")
    ]
    assert Person.objects.filter(group=group).count() == 2


def test_a_group_marks_only_its_own_people_as_leaving(group, school, group_team, group_admin):
    with pytest.raises(ValidationError):
        school_year_rollover(
            owner=group,
            leaving={group_team["anna"].pk},
            hours={},
            resources=None,
            user=group_admin,
        )
    assert not YearRecord.objects.exists()


def test_a_group_admin_rolls_the_group_over_through_the_preview(
    client, group, school, group_team, group_admin
):
    started_plan(group, group_admin)
    greet, hans = group_team["greet"], group_team["hans"]
    data = {"ict_hours": "16", "bpt_hours": "0", "other_hours": "0", "operating_budget": "5000"}
    for person in (greet, hans):
        for source in ("ict_hours", "bpt_hours", "other_hours", "external_hours"):
            data[f"{source}_{person.pk}"] = str(getattr(person, source))
    data[f"leave_{greet.pk}"] = "on"
    client.force_login(group_admin)

    years = client.get(group_url("years", group)).content.decode()
    assert group_url("rollover", group) in years
    form = client.get(group_url("rollover", group)).content.decode()
    assert f"leave_{greet.pk}" in form and f"leave_{group_team['anna'].pk}" not in form

    page = client.post(group_url("rollover", group), {**data, "preview": ""}).content.decode()
    assert "Schools whose tasks lose an executor" in page and school.name in page
    assert Person.objects.filter(pk=greet.pk).exists()

    done = client.post(group_url("rollover", group), {**data, "confirm": ""})
    record = YearRecord.objects.get(group=group)
    assert done.status_code == 302
    assert done.url.startswith(group_url("compare", group))
    assert not Person.objects.filter(pk=greet.pk).exists()

    compare = client.get(done.url).content.decode()
    assert "Greet" in compare  # left
    page = client.get(group_url("record", group, pk=record.pk)).content.decode()
    assert school.name in page and "TEC-NET-01" in page


@pytest.mark.parametrize("role", [Role.ICT_COORDINATOR, Role.TEAM_MEMBER])
def test_only_a_group_admin_rolls_the_group_over(client, group, group_team, role):
    client.force_login(member(group=group, role=role))
    assert client.get(group_url("years", group)).status_code == 200
    assert client.get(group_url("compare", group)).status_code == 200
    assert client.get(group_url("rollover", group)).status_code == 403


def test_a_schools_leader_does_not_see_the_groups_years(client, group, school, other_group):
    client.force_login(member(school, role=Role.SCHOOL_LEADER))
    assert client.get(group_url("years", group)).status_code == 404
    record = YearRecord.objects.create(group=other_group, start_year=CURRENT - 1)
    admin = member(group=group, role=Role.GROUP_ADMIN)
    client.force_login(admin)
    # Another group's record is not found under this group's URL nor its own.
    assert client.get(group_url("record", group, pk=record.pk)).status_code == 404
    assert client.get(group_url("record", other_group, pk=record.pk)).status_code == 404


def test_the_group_tabs_lead_to_the_groups_years(client, group, group_admin):
    client.force_login(group_admin)
    page = client.get(reverse("teams:group_people", args=[group.slug])).content.decode()
    assert group_url("years", group) in page


def _more_group_people(group, school, size):
    for number in range(size):
        person = person_create(
            group=group,
            name=f"G{number}",
            ict_hours=Decimal("2"),
            school_shares={school: Decimal("2")},
        )
        entry = ListTaskFactory(school=school)
        assignment_set(school=school, list_task=entry, person=person, executes=True, hours=1)


@pytest.mark.parametrize("size", [1, 12])
def test_the_groups_pages_run_constant_queries(
    client, group, school, group_admin, size, django_assert_num_queries
):
    started_plan(group, group_admin)
    _more_group_people(group, school, size)
    record = school_year_rollover(
        owner=group, leaving=set(), hours={}, resources=None, user=group_admin
    )
    _more_group_people(group, school, size)
    client.force_login(group_admin)
    with django_assert_num_queries(10):
        assert client.get(group_url("compare", group)).status_code == 200
    with django_assert_num_queries(8):
        assert client.get(group_url("record", group, pk=record.pk)).status_code == 200
    with django_assert_num_queries(15):
        assert client.get(group_url("years", group)).status_code == 200


# --- reminders of group-led plans ----------------------------------------------------------


def _group_reminders(group, group_admin):
    """A group-led transition plan with a late action, and the group's ICT policy plan with
    a late action and its evaluation overdue."""
    plan = started_plan(group, group_admin)
    plans.action_item_add(
        plan=plan,
        text="Pool the helpdesk",
        who="Greet",
        due=TODAY - datetime.timedelta(days=2),
        step=7,
    )
    policy_plan = policy.plan_get_or_create(owner=group)
    goal = policy.goal_save(plan=policy_plan, user=None, title="One helpdesk", tasks=[])
    policy.action_save(
        goal=goal,
        user=None,
        text="Choose the ticket system",
        person=None,
        due=TODAY - datetime.timedelta(days=1),
    )
    policy.plan_update(
        plan=policy_plan,
        user=None,
        pedagogical_vision="",
        technical_vision="",
        evaluation="Each June",
        next_evaluation=TODAY - datetime.timedelta(days=1),
    )
    return plan, goal


def test_a_group_led_plans_late_actions_and_evaluations_remind_the_group(
    group, school, group_admin
):
    plan, goal = _group_reminders(group, group_admin)
    from guidelines.models import Answer

    Answer.objects.filter(plan=plan, node_id="team").update(
        answered_at=timezone.now() - datetime.timedelta(days=400)
    )

    reminders = due_reminders(groups=[group], today=TODAY)
    assert {r.kind for r in reminders} == {
        "evaluation",
        "action",
        "policy_action",
        "policy_evaluation",
    }
    assert all(r.owner == group for r in reminders)
    urls = {r.kind: r.url for r in reminders}
    assert urls["evaluation"] == reverse("guidelines:group_node", args=[group.slug, "evaluate"])
    assert urls["action"] == reverse("guidelines:group_action_plan", args=[group.slug])
    assert urls["policy_action"] == reverse("policy:group_goal", args=[group.slug, goal.pk])
    assert urls["policy_evaluation"] == reverse("policy:group_plan", args=[group.slug])
    # A school's reminders are its own plans' only.
    assert due_reminders(schools=[school], today=TODAY) == []


def test_the_home_page_shows_a_group_led_plans_reminders_to_the_groups_members(
    client, group, other_group, school, group_admin
):
    _group_reminders(group, group_admin)
    client.force_login(member(group=group, role=Role.TEAM_MEMBER))
    page = client.get(reverse("home")).content.decode()
    assert "Pool the helpdesk" in page and "Choose the ticket system" in page
    client.force_login(member(group=other_group, role=Role.GROUP_ADMIN))
    assert "Pool the helpdesk" not in client.get(reverse("home")).content.decode()


def test_a_group_led_plans_reminders_are_emailed_once_to_the_groups_admins_and_coordinators(
    settings, group, school, group_admin
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    coordinator = member(group=group, role=Role.ICT_COORDINATOR, email="ict@example.org")
    member(group=group, role=Role.TEAM_MEMBER, email="teacher@example.org")
    member(school, role=Role.SCHOOL_LEADER, email="leader@example.org")
    _group_reminders(group, group_admin)

    call_command("send_reminders", "--base-url", "https://ictteam.example", stdout=StringIO())
    run_worker()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([group_admin.email, coordinator.email])
    assert group.name in mail.outbox[0].subject
    body = mail.outbox[0].body
    assert "Choose the ticket system" in body
    assert f"https://ictteam.example/groups/{group.slug}/policy-plan/" in body
    assert ReminderSent.objects.filter(group=group).count() == 2 * 3

    call_command("send_reminders", stdout=StringIO())
    run_worker()
    assert len(mail.outbox) == 2


# --- the admin site ------------------------------------------------------------------------


def test_the_admin_shows_a_group_its_year_records_and_reminders_read_only(
    group, other_group, group_admin
):
    group_admin.is_staff = True
    group_admin.save()
    ours = YearRecord.objects.create(group=group, start_year=CURRENT - 1)
    theirs = YearRecord.objects.create(group=other_group, start_year=CURRENT - 1)
    sent = ReminderSent.objects.create(group=group, key="k", user=group_admin, email="a@b.c")
    other = ReminderSent.objects.create(group=other_group, key="k", user=group_admin, email="a@b.c")
    client = Client()
    client.force_login(group_admin)

    listing = client.get(reverse("admin:years_yearrecord_changelist")).content.decode()
    assert reverse("admin:years_yearrecord_change", args=[ours.pk]) in listing
    assert reverse("admin:years_yearrecord_change", args=[theirs.pk]) not in listing
    page = client.get(reverse("admin:years_yearrecord_change", args=[ours.pk]))
    assert page.status_code == 200
    assert group_url("record", group, pk=ours.pk) in page.content.decode()
    assert client.get(reverse("admin:years_yearrecord_change", args=[theirs.pk])).status_code in (
        302,
        404,
    )
    assert client.get(reverse("admin:years_yearrecord_add")).status_code == 403

    listing = client.get(reverse("admin:years_remindersent_changelist")).content.decode()
    assert reverse("admin:years_remindersent_change", args=[sent.pk]) in listing
    assert reverse("admin:years_remindersent_change", args=[other.pk]) not in listing
    # Read-only: a post changes nothing.
    client.post(reverse("admin:years_remindersent_change", args=[sent.pk]), {"key": "changed"})
    sent.refresh_from_db()
    assert sent.key == "k"
