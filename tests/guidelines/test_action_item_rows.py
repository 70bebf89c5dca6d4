import datetime
import re
from pathlib import Path
from unittest import mock

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation

from guidelines import services
from guidelines.models import GapDecision
from guidelines.models import GapRoute
from guidelines.selectors import GapTask
from guidelines.selectors import action_items
from guidelines.selectors import action_plan
from guidelines.selectors import suggested_advice
from guidelines.templatetags import action_item_rows as action_item_rows_tag
from schools.concurrency import read_token
from schools.models import Role
from tests.factories import ListTaskFactory
from tests.factories import SchoolFactory
from tests.factories import TaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db

# The template the rows were rendered with before ``{% action_item_rows %}``: the tag must
# write the same HTML.
REFERENCE = Path(__file__).parent / "reference" / "action_item_rows.html"


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def _read_tokens(html: str) -> str:
    """The rows' version tokens as what they say: signed with the time (a render across a
    second's edge differs) and, on the page, not compressed; read as the view reads them."""
    return re.sub(
        r'name="version" value="([^"]+)"',
        lambda match: f'name="version" value="{read_token(match.group(1))}"',
        html,
    )


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("can_run", [True, False])
def test_the_action_item_rows_equal_the_template_they_replace(school, language, can_run):
    leader = member(school, role=Role.SCHOOL_LEADER)
    plan = services.plan_start(owner=school, user=leader)
    services.action_item_add(
        plan=plan, text='Ask "<b>" & co', who="Ann & Bob", due=datetime.date(2027, 3, 1), step=7
    )
    done = services.action_item_add(plan=plan, text="Plain", who="K", due=None, step=None)
    services.action_item_update(item=done, done=True)
    items = action_items(plan=plan)
    context = {
        "action_items": items,
        "can_run": can_run,
        "owner": school,
        "url_kind": "school",
        "csrf_token": "a-token",
    }
    with translation.override(language):
        expected = Template(REFERENCE.read_text()).render(Context(context))
        written = Template("{% load action_item_rows %}{% action_item_rows action_items %}").render(
            Context(context)
        )
    assert len(items) == 2
    assert "&lt;b&gt;" in written
    tokens = re.findall(r'name="version" value="([^"]+)"', written)
    assert len(tokens) == (2 if can_run else 0)
    assert all(read_token(token) for token in tokens)
    assert _squeeze(_read_tokens(written)) == _squeeze(_read_tokens(expected))


def test_the_action_item_rows_kept_for_the_process_follow_every_change(school):
    """A row is kept by what it is written from: written again from a warm cache it is
    the same; another text, a ticked box, another language or school give other HTML,
    each equal to the template's, and each row's token is signed anew on each render."""
    leader = member(school, role=Role.SCHOOL_LEADER)
    plan = services.plan_start(owner=school, user=leader)
    item = services.action_item_add(plan=plan, text="Ask", who="Ann", due=None, step=7)
    render = Template("{% load action_item_rows %}{% action_item_rows action_items %}")
    reference = Template(REFERENCE.read_text())

    def both(items, language="en", csrf="a-token", owner=school):
        context = {
            "action_items": items,
            "can_run": True,
            "owner": owner,
            "url_kind": "school",
            "csrf_token": csrf,
        }
        with translation.override(language):
            written = render.render(Context(context))
            expected = reference.render(Context(context))
        assert _squeeze(_read_tokens(written)) == _squeeze(_read_tokens(expected))
        return written

    first = both(action_items(plan=plan))
    with mock.patch("time.time", return_value=1_800_000_000):
        assert both(action_items(plan=plan)) == both(action_items(plan=plan))
    assert "another-token" in both(action_items(plan=plan), csrf="another-token")
    # The same version (a change that did not move ``updated``) still shows the change.
    rows = action_items(plan=plan)
    rows[0].text = "Ask again"
    changed = both(rows)
    assert "Ask again" in changed and " checked" not in changed
    for name, value in (("who", "Bob"), ("due", datetime.date(2027, 3, 1)), ("step", 6)):
        setattr(rows[0], name, value)
        assert both(rows) != changed
    rows[0].done = True
    assert " checked" in both(rows)
    assert read_token(re.search(r'name="version" value="([^"]+)"', changed)[1])["s"]["text"] == (
        "Ask again"
    )
    assert "Stap 7" in both(action_items(plan=plan), language="nl")
    other = SchoolFactory(group=school.group)
    assert f"/schools/{other.slug}/" in both(action_items(plan=plan), owner=other)
    # Past the bound the rows are written again, the same.
    services.action_item_add(plan=plan, text="Two", who="Bo", due=None, step=None)
    with mock.patch.object(action_item_rows_tag._ROWS, "most", 1):
        assert both(action_items(plan=plan)).count("<tr>") == 2
        assert len(action_item_rows_tag._ROWS) == 1
    services.action_item_update(item=item, done=False, text="Ask twice")
    assert "Ask twice" in both(action_items(plan=plan)) and "Ask twice" not in first


# The action plan's table rows before ``{% action_plan_item_rows %}``.
PLAN_REFERENCE = Path(__file__).parent / "reference" / "action_plan_item_rows.html"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_action_plan_item_rows_equal_the_template_they_replace(school, language):
    leader = member(school, role=Role.SCHOOL_LEADER)
    plan = services.plan_start(owner=school, user=leader)
    services.action_item_add(
        plan=plan, text='Ask "<b>" & co', who="Ann & Bob", due=datetime.date(2027, 3, 1), step=7
    )
    done = services.action_item_add(plan=plan, text="Plain", who="K", due=None, step=None)
    services.action_item_update(item=done, done=True)
    context = {"action_plan": action_plan(plan=plan)}
    with translation.override(language):
        expected = Template("{% load i18n %}" + PLAN_REFERENCE.read_text()).render(Context(context))
        written = Template(
            "{% load action_item_rows %}{% action_plan_item_rows action_plan.current_items %}"
        ).render(Context(context))
    assert len(context["action_plan"].current_items) == 2
    assert "&lt;b&gt;" in written and "—" in written
    assert "2027" in written
    assert _squeeze(written) == _squeeze(expected)


GAPS_REFERENCE = Path(__file__).parent / "reference" / "action_plan_gap_items.html"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_action_plan_gap_items_equal_the_template_they_replace(school, language):
    # Decided inside (someone named, a note to escape), decided without a note, and
    # suggested only (the report's actors taking it on inside, or nobody named).
    tasks = [
        TaskFactory(title='Back-ups "<b>" & restore', cluster=cluster, is_core=core)
        for cluster, core in (("technical", True), ("pedagogical", False), ("policy", False))
    ]
    entries = [ListTaskFactory(school=school, task=task) for task in tasks]
    decisions = [
        GapDecision(
            list_task=entries[0], route=GapRoute.INTERNAL, taken_by="Ann <&> Bob", note="a & b"
        ),
        GapDecision(list_task=entries[1], route=GapRoute.RECRUIT),
        None,
    ]
    gaps = [
        GapTask(entry, suggested_advice(entry.task), decision)
        for entry, decision in zip(entries, decisions, strict=True)
    ]
    context = {"route_gaps": gaps}
    with translation.override(language):
        expected = Template(
            "{% load i18n %}" + GAPS_REFERENCE.read_text().removesuffix("\n")
        ).render(Context(context))
        written = Template(
            "{% load action_item_rows %}{% action_plan_gap_items route_gaps %}"
        ).render(Context(context))
    assert written.count("<li>") == 3
    assert "&lt;b&gt;" in written and "Ann &lt;&amp;&gt; Bob" in written
    assert written.count("<em>") == 1
    assert written == expected
