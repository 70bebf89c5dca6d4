"""Reminders: step 8's regular evaluation and action items past their date, on the home
page and e-mailed once, through the real job worker, in each recipient's language."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils import translation

from guidelines import services as plans
from guidelines.models import ActionItem
from guidelines.models import Answer
from guidelines.services import NEXT_EVALUATION
from policy import services as policy
from schools.models import Role
from schools.models import UserPreference
from tests.factories import PersonFactory
from tests.factories import member
from tests.jobs import run_worker
from tests.years.helpers import leader
from tests.years.helpers import started_plan
from years import jobs
from years.models import ReminderSent
from years.reminders import REMINDER_SOURCES
from years.reminders import due_reminders

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def database_jobs(settings):
    """Jobs wait in the database for the worker, as in production."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _team_started_days_ago(plan, days):
    Answer.objects.filter(plan=plan, node_id="team").update(
        answered_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_no_evaluation_a_school_year_after_the_team_started_is_overdue(school):
    plan = started_plan(school)
    _team_started_days_ago(plan, 300)
    assert due_reminders(schools=[school], today=TODAY) == []

    _team_started_days_ago(plan, 400)
    [reminder] = due_reminders(schools=[school], today=TODAY)
    assert reminder.kind == "evaluation"
    assert "has not been evaluated since the team started" in reminder.message
    assert reminder.url == reverse("guidelines:school_node", args=[school.slug, "evaluate"])


def test_the_last_evaluation_counts_and_the_plans_next_evaluation_sets_the_rhythm(school):
    plan = started_plan(school)
    _team_started_days_ago(plan, 800)
    plans.evaluation_record(
        plan=plan, user=None, date=TODAY - datetime.timedelta(days=400), outcome="smooth"
    )
    plan.refresh_from_db()
    # Step 8 went smoothly: the plan's next evaluation is an action item half a year on.
    following = ActionItem.objects.get(plan=plan, source__startswith=NEXT_EVALUATION)
    assert following.due > TODAY
    # The last evaluation is over a year old, but the plan's own rhythm says not yet.
    assert due_reminders(schools=[school], today=TODAY) == []
    ActionItem.objects.filter(pk=following.pk).update(due=TODAY - datetime.timedelta(days=3))
    [reminder] = due_reminders(schools=[school], today=TODAY)
    assert reminder.kind == "evaluation" and reminder.due == TODAY - datetime.timedelta(days=3)
    assert "regular evaluation of the ICT teamwork was due" in reminder.message


def test_action_items_past_their_date_are_reminded_until_done(school):
    plan = started_plan(school)
    item = plans.action_item_add(
        plan=plan, text="Write the backup procedure", who="Anna", due=TODAY, step=7
    )
    assert due_reminders(schools=[school], today=TODAY) == []
    [reminder] = due_reminders(schools=[school], today=TODAY + datetime.timedelta(days=1))
    assert "Write the backup procedure" in reminder.message and "Anna" in reminder.message
    plans.action_item_update(item=item, done=True, due=item.due)
    assert due_reminders(schools=[school], today=TODAY + datetime.timedelta(days=1)) == []


def test_the_sources_are_one_list():
    assert [source.__name__ for source in REMINDER_SOURCES] == [
        "evaluation_due",
        "overdue_actions",
        "policy_plan_due",
    ]


def test_the_policy_plans_late_actions_and_evaluation_are_reminded(school):
    plan = policy.plan_get_or_create(owner=school)
    goal = policy.goal_save(plan=plan, user=None, title="Every pupil a safe login", tasks=[])
    person = PersonFactory(school=school, name="Jonas")
    action = policy.action_save(
        goal=goal, user=None, text="Roll out the password manager", person=person, due=TODAY
    )
    assert due_reminders(schools=[school], today=TODAY) == []

    later = TODAY + datetime.timedelta(days=1)
    [reminder] = due_reminders(schools=[school], today=later)
    assert reminder.kind == "policy_action"
    assert "Roll out the password manager" in reminder.message and "Jonas" in reminder.message
    assert reminder.url == reverse("policy:school_goal", args=[school.slug, goal.pk])

    policy.action_save(
        goal=goal,
        user=None,
        text=action.text,
        person=person,
        due=action.due,
        status="done",
        action=action,
    )
    assert due_reminders(schools=[school], today=later) == []

    policy.plan_update(
        plan=plan,
        user=None,
        pedagogical_vision="",
        technical_vision="",
        evaluation="Each June with the team",
        next_evaluation=TODAY,
    )
    [reminder] = due_reminders(schools=[school], today=later)
    assert reminder.kind == "policy_evaluation"
    assert reminder.url == reverse("policy:school_plan", args=[school.slug])


def test_the_home_page_shows_the_reminders_of_the_users_schools(client, school, other_school):
    plan = started_plan(school)
    plans.action_item_add(
        plan=plan, text="Ours overdue", who="Anna", due=TODAY - datetime.timedelta(days=2), step=7
    )
    theirs = started_plan(other_school)
    plans.action_item_add(
        plan=theirs, text="Theirs overdue", who="X", due=TODAY - datetime.timedelta(days=2), step=7
    )
    client.force_login(member(school, role=Role.TEAM_MEMBER))
    page = client.get(reverse("home")).content.decode()
    assert "Ours overdue" in page
    assert "Theirs overdue" not in page


def test_an_overdue_evaluation_is_emailed_once_to_leaders_and_ict_coordinators(
    database_jobs, school
):
    boss = leader(school)
    coordinator = member(school, role=Role.ICT_COORDINATOR, email="ict@example.org")
    member(school, role=Role.TEAM_MEMBER, email="teacher@example.org")
    UserPreference.objects.create(user=coordinator, language="nl")
    plan = started_plan(school)
    _team_started_days_ago(plan, 400)
    languages = {}
    real_send = jobs.send_mail

    def send(**kwargs):
        languages[kwargs["recipient_list"][0]] = translation.get_language()
        return real_send(**kwargs)

    call_command("send_reminders", "--base-url", "https://ictteam.example", stdout=StringIO())
    assert mail.outbox == []  # waiting for the worker
    with mock.patch.object(jobs, "send_mail", side_effect=send):
        run_worker()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [boss.email, coordinator.email]
    )
    assert languages == {boss.email: "en", coordinator.email: "nl"}
    body = mail.outbox[0].body
    assert school.name in mail.outbox[0].subject
    assert "has not been evaluated since the team started" in body or "geëvalueerd" in body
    assert f"https://ictteam.example/schools/{school.slug}/plan/steps/evaluate/" in body
    assert ReminderSent.objects.filter(school=school).count() == 2

    # Sent once: the next day's run finds nothing new to send.
    call_command("send_reminders", stdout=StringIO())
    run_worker()
    assert len(mail.outbox) == 2


def test_a_new_overdue_action_is_sent_beside_the_ones_already_sent(database_jobs, school):
    boss = leader(school)
    plan = started_plan(school)
    plans.action_item_add(
        plan=plan, text="First", who="Anna", due=TODAY - datetime.timedelta(days=1), step=7
    )
    call_command("send_reminders", stdout=StringIO())
    run_worker()
    plans.action_item_add(
        plan=plan, text="Second", who="Bert", due=TODAY - datetime.timedelta(days=1), step=7
    )
    call_command("send_reminders", stdout=StringIO())
    run_worker()
    assert [m.to for m in mail.outbox] == [[boss.email], [boss.email]]
    assert "First" in mail.outbox[0].body
    assert "Second" in mail.outbox[1].body and "First" not in mail.outbox[1].body
