"""The plan page's lists and the progress by step written in Python must write what the
templates they replace wrote (``tests/guidelines/reference/``), byte for byte, in
English and Dutch, for a plan under way, a paused one and one at its start."""

import datetime
from pathlib import Path

import pytest
from django.db import connection
from django.template import Context
from django.template import Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils import translation

from guidelines import services
from guidelines.flowchart import FLOWCHART
from guidelines.models import ActionItem
from guidelines.models import Answer
from guidelines.models import Evaluation
from guidelines.models import EvaluationOutcome
from guidelines.models import FollowUp
from guidelines.selectors import plan_state
from schools.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "reference"

WALKS = {
    "started": [],
    "under way": [("growth", "yes"), ("vision", "yes"), ("policy_plan", "yes")],
    "paused": [("growth", "yes"), ("vision", "no")],
}


@pytest.fixture
def leader(school):
    user = member(school, role=Role.SCHOOL_LEADER)
    user.first_name, user.last_name = 'Ann <&> "B"', "O'Neil"
    user.save()
    return user


def _state(school, leader, walk: str):
    plan = services.plan_start(owner=school, user=leader)
    for node_id, value in WALKS[walk]:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
    if walk == "under way":
        Answer.objects.filter(plan=plan, node_id="vision").update(needs_review=True)
    return plan_state(plan=plan)


def _context(school, state, can_run: bool) -> Context:
    return Context(
        {
            "state": state,
            "owner": school,
            "url_kind": "school",
            "can_run": can_run,
            "flowchart": FLOWCHART,
        }
    )


def _both(reference: str, tag: str, context: Context, *, whole_file: bool = False):
    text = (REFERENCE / reference).read_text()
    if not whole_file:
        # A loop cut from its template: without the file's own last line break.
        text = "{% load i18n %}" + text.removesuffix("\n")
    expected = Template(text).render(context)
    written = Template("{% load plan_sections action_plan_sections %}" + tag).render(context)
    return expected, written


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("walk", list(WALKS))
def test_the_progress_equals_the_include_it_replaces(school, leader, language, walk):
    state = _state(school, leader, walk)
    with translation.override(language):
        # The include wrote the whole file, its last line break too.
        expected, written = _both(
            "plan_progress.html",
            "{% plan_progress state %}",
            _context(school, state, True),
            whole_file=True,
        )
    states = {item.state for phase in state.phases for item in phase.steps}
    assert states >= {"todo"} and states & {"current", "paused"}
    assert written.count('aria-current="step"') == 1
    assert written == expected


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("can_run", [True, False])
@pytest.mark.parametrize("walk", list(WALKS))
def test_the_way_through_the_steps_equals_the_template_it_replaces(
    school, leader, language, can_run, walk
):
    state = _state(school, leader, walk)
    with translation.override(language):
        expected, written = _both(
            "plan_path_items.html", "{% plan_path_items state %}", _context(school, state, can_run)
        )
    assert written.count("<li ") == len(state.path)
    if walk != "started":
        assert "Ann &lt;&amp;&gt; &quot;B&quot; O&#x27;Neil" in written
    assert written == expected


def test_an_answer_whose_authors_account_is_gone_names_someone(school, leader):
    # The template failed on it (a filter's argument looked up on no user).
    state = _state(school, leader, "under way")
    Answer.objects.filter(node_id="growth").update(answered_by=None)
    state = plan_state(plan=state.plan)
    with translation.override("en"):
        written = Template("{% load plan_sections %}{% plan_path_items state %}").render(
            _context(school, state, True)
        )
    assert written.count("— someone, ") == 1


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("walk", list(WALKS))
def test_the_action_plans_phases_equal_the_template_they_replace(school, leader, language, walk):
    state = _state(school, leader, walk)
    with translation.override(language):
        expected, written = _both(
            "action_plan_phases.html",
            "{% action_plan_phases state %}",
            _context(school, state, True),
        )
    assert written.count("<li>") == len(FLOWCHART.phases)
    assert written == expected


@pytest.mark.parametrize("page", ["plan", "action_plan", "node"])
def test_the_plans_pages_read_the_school_once(client, school, leader, page):
    # The plan's owner is the school the page has read: ``plan.owner`` reads nothing.
    plan = services.plan_start(owner=school, user=leader)
    for node_id, value in WALKS["under way"]:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
    client.force_login(leader)
    kwargs = {"school_slug": school.slug}
    if page == "node":
        kwargs["node_id"] = "resources"
    target = reverse(f"guidelines:school_{page}", kwargs=kwargs)
    client.get(target)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    reads = [q["sql"] for q in queries if q["sql"].startswith('SELECT "schools_school"."id"')]
    assert len(reads) == 1


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_groups_plan_links_its_own_steps_as_the_templates_did(group, language):
    admin = member(group=group, role=Role.GROUP_ADMIN)
    plan = services.plan_start(owner=group, user=admin)
    for node_id, value in WALKS["under way"]:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=admin)
    state = plan_state(plan=plan)
    context = Context(
        {
            "state": state,
            "owner": group,
            "url_kind": "group",
            "can_run": True,
            "flowchart": FLOWCHART,
        }
    )
    with translation.override(language):
        progress = _both(
            "plan_progress.html", "{% plan_progress state %}", context, whole_file=True
        )
        path = _both("plan_path_items.html", "{% plan_path_items state %}", context)
    assert group.slug in path[1]
    assert progress[0] == progress[1]
    assert path[0] == path[1]


def _withdrawn_and_evaluations() -> dict:
    """Withdrawn items with and without a step, evaluations with and without a follow-up
    and notes over two lines, the texts with characters to escape."""
    at = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    items = [
        ActionItem(text='Ask "<b>" & co', who="Ann & Bob", withdrawn_at=at, step=7),
        ActionItem(text="Plain", who="K", withdrawn_at=at - datetime.timedelta(days=40)),
    ]
    evaluations = [
        Evaluation(
            date=datetime.date(2027, 3, 1),
            outcome=EvaluationOutcome.NOT_SMOOTH,
            follow_up=FollowUp.COMPOSITION,
            notes='Too <much>\nfor "one" & all',
        ),
        Evaluation(date=datetime.date(2026, 11, 30), outcome=EvaluationOutcome.SMOOTH),
    ]
    return {"withdrawn_items": items, "evaluations": evaluations}


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(
    ("reference", "tag"),
    [
        ("withdrawn_item_rows.html", "{% withdrawn_item_rows withdrawn_items %}"),
        ("evaluation_items.html", "{% evaluation_items evaluations %}"),
    ],
)
def test_the_withdrawn_items_and_evaluations_equal_the_template_they_replace(
    language, reference, tag
):
    context = _withdrawn_and_evaluations()
    with translation.override(language), timezone.override("Europe/Brussels"):
        expected = Template(
            "{% load i18n %}" + (REFERENCE / reference).read_text().removesuffix("\n")
        ).render(Context(context))
        written = Template("{% load plan_sections %}" + tag).render(Context(context))
    assert "&lt;" in written and "&amp;" in written
    assert written.count("<li") == 2
    assert written == expected
