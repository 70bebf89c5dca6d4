"""The action plan's sections written in Python must write what the templates they
replace wrote (``tests/guidelines/reference/``), byte for byte, in English and Dutch."""

import datetime
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template import Context
from django.template import Template
from django.template import engines
from django.template.loader import get_template
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext_lazy as _lazy

from guidelines import services
from guidelines.documents import action_plan_context
from guidelines.flowchart import DROP
from guidelines.flowchart import ICT_COORDINATOR
from guidelines.flowchart import INTERNAL
from guidelines.flowchart import LEADER
from guidelines.flowchart import OUTSOURCE
from guidelines.flowchart import ROUTES
from guidelines.models import ActionItem
from guidelines.models import Answer
from guidelines.models import Evaluation
from guidelines.models import EvaluationOutcome
from guidelines.models import FollowUp
from guidelines.selectors import action_plan
from guidelines.selectors import gap_analysis
from schools.models import Role
from tasks.models import Horizon
from tasks.models import ListTask
from tasks.models import Task
from teams.models import ConsultationGroup
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory
from tests.factories import member
from tests.guidelines.paths import TO_EXPERTISE
from tests.guidelines.paths import UP_TO_TEAM

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).parent / "reference"

# Through step 6's decisions to step 7: the answers with advice for every role, with the
# report's support and ictteam's own suggestions (step 4, step 6).
WALK = [*TO_EXPERTISE, ("expertise", "no")]


def _render(reference: str, tag: str, context: dict) -> tuple[str, str]:
    expected = Template(
        "{% load i18n action_item_rows %}" + (REFERENCE / reference).read_text().removesuffix("\n")
    ).render(Context(context))
    written = Template("{% load action_plan_sections plan_sections %}" + tag).render(
        Context(context)
    )
    return expected, written


@pytest.fixture
def leader(school):
    user = member(school, role=Role.SCHOOL_LEADER)
    user.first_name, user.last_name = 'Ann <&> "B"', "O'Neil"
    user.save()
    return user


@pytest.fixture
def walked(school, leader):
    plan = services.plan_start(owner=school, user=leader)
    for node_id, value in WALK:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
    return plan


def _gaps(school, plan, leader) -> None:
    """Gaps on every route, one decided inside with a note, one dropped with a note, and
    a task someone capable and motivated could take (for step 7)."""
    for n, (cluster, core) in enumerate(
        [("technical", True), ("pedagogical", False), ("policy", False), ("policy", False)]
    ):
        task = TaskFactory(
            code=f"G-{n}", title=f'Gap {n} "<i>" & co', cluster=cluster, is_core=core
        )
        ListTaskFactory(school=school, task=task)
    divide = TaskFactory(code="D-1", needs_technical=False, needs_administrative=True)
    ListTaskFactory(school=school, task=divide)
    PersonFactory(
        school=school,
        competence_technical=0,
        competence_administrative=2,
        motivation_administrative=2,
    )
    gaps = {gap.task.code: gap for gap in gap_analysis(plan=plan).gaps}
    services.gap_decision_set(
        plan=plan,
        list_task=gaps["G-1"].entry,
        route=INTERNAL,
        taken_by="Ann & Bob",
        note="a <b> note",
        user=leader,
    )
    services.gap_decision_set(plan=plan, list_task=gaps["G-2"].entry, route=OUTSOURCE, user=leader)
    services.gap_decision_set(
        plan=plan, list_task=gaps["G-3"].entry, route=DROP, note="not ours & never", user=leader
    )


def _answers(plan, language: str, role: str) -> tuple[str, str]:
    """The plan's answers with their advice for ``role``: the template's and the tag's."""
    context = {"action_plan": action_plan(plan=plan, role=role), "role": role}
    with translation.override(language):
        return _render(
            "action_plan_answers.html", "{% action_plan_answers action_plan.advised %}", context
        )


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("role", [LEADER, ICT_COORDINATOR])
def test_the_answers_and_advice_equal_the_template_they_replace(walked, language, role):
    Answer.objects.filter(plan=walked, node_id="vision").update(needs_review=True)
    expected, written = _answers(walked, language, role)
    assert written.count('class="ap-node"') == len(WALK) + 1
    assert "Ann &lt;&amp;&gt; &quot;B&quot; O&#x27;Neil" in written
    assert "ap-mine" in written and "ap-question" in written and "<em>(" in written
    assert written == expected


def test_the_answers_written_again_in_either_language_and_role_equal_the_template(walked):
    """The nodes and their advice are written once per process, language and role: every
    page after the first, in any order of languages and roles, is the template's too."""
    for language, role in [("en", LEADER), ("nl", LEADER), ("en", ICT_COORDINATOR)] * 2:
        expected, written = _answers(walked, language, role)
        assert written == expected


def test_an_answers_kept_line_follows_its_author_date_review_and_time_zone(walked, leader):
    """An answer's line is kept per process by everything it is written from: a changed
    name, date or review, and another time zone, write it anew, as the template does."""
    answer = Answer.objects.get(plan=walked, node_id="vision")

    def same(language: str = "en", zone: str = "Europe/Brussels") -> str:
        with timezone.override(zone):
            expected, written = _answers(walked, language, LEADER)
        assert written == expected
        return written

    first = same()
    leader.first_name = "Bea"
    leader.save()
    assert "Bea O&#x27;Neil" in same() and "Bea" not in first
    Answer.objects.filter(pk=answer.pk).update(
        needs_review=True, answered_at=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    )
    brussels = same()
    assert "to review" in brussels and "(Bea O&#x27;Neil, 02/03/2026) — to review" in brussels
    assert "(Bea O&#x27;Neil, 01/03/2026) — to review" in same(zone="America/New_York")
    assert same("nl") != same("en")


def test_the_phases_kept_by_their_steps_states_equal_the_template(school, leader):
    """The phases are written once per language for each combination of the steps'
    states: a plan further on, in either language, is the template's too."""
    plan = services.plan_start(owner=school, user=leader)
    for step, (node_id, value) in enumerate([(None, None), *WALK]):
        if node_id is not None:
            plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
        for language in ("en", "nl"):
            context = {"state": action_plan(plan=plan).state}
            with translation.override(language):
                expected = Template(
                    "{% load i18n plan_sections %}"
                    + (REFERENCE / "action_plan_phases.html").read_text().removesuffix("\n")
                ).render(Context(context))
                written = Template("{% load action_plan_sections %}{% action_plan_phases state %}")
                assert written.render(Context(context)) == expected, (step, language)


# Through step 6's gaps to step 7: the action plan reads the team for both at once.


def test_the_kept_gaps_of_a_team_equal_the_template_in_either_language(school, leader):
    """At step 7 the action plan keeps a team's gaps while its rows stay the same, and
    their HTML a language: each page, in any order of languages, is the template's."""
    plan = services.plan_start(owner=school, user=leader)
    for node_id, value in UP_TO_TEAM:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
    _gaps(school, plan, leader)
    first = action_plan(plan=plan)
    assert first.checklist and first.gaps.gaps and first.gaps.dropped
    for language in ("en", "nl", "en", "nl"):
        context = {"action_plan": action_plan(plan=plan), "routes": ROUTES}
        assert context["action_plan"].gaps is first.gaps
        with translation.override(language):
            expected, written = _render(
                "action_plan_gaps.html", "{% action_plan_gaps action_plan.gaps %}", context
            )
        assert "a &lt;b&gt; note" in written and "not ours &amp; never" in written
        assert written == expected


def test_an_answer_whose_authors_account_is_gone_names_someone(walked):
    # The template failed on it (a filter's argument looked up on no user).
    Answer.objects.filter(plan=walked, node_id="pooling").update(answered_by=None)
    context = {"action_plan": action_plan(plan=walked), "role": LEADER}
    with translation.override("en"):
        written = Template(
            "{% load action_plan_sections %}{% action_plan_answers action_plan.advised %}"
        ).render(Context(context))
    assert written.count('<span class="ap-muted">(someone, ') == 1


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_gaps_and_decisions_equal_the_template_they_replace(school, walked, leader, language):
    _gaps(school, walked, leader)
    gaps = gap_analysis(plan=walked)
    context = {"action_plan": action_plan(plan=walked), "routes": ROUTES}
    assert context["action_plan"].gaps is not None
    with translation.override(language):
        expected, written = _render(
            "action_plan_gaps.html", "{% action_plan_gaps action_plan.gaps %}", context
        )
        risk = str(ROUTES[OUTSOURCE].risks[0])
    routes = [route.key for route_gaps, route in gaps.by_route if route_gaps]
    assert {"outsource", "internal"} <= set(routes)
    assert risk in written
    assert len(gaps.dropped) == 1 and len(gaps.to_divide) == 1
    assert "a &lt;b&gt; note" in written and "not ours &amp; never" in written
    assert written == expected


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_gaps_equal_the_template_they_replace(walked, language):
    context = {"action_plan": action_plan(plan=walked), "routes": ROUTES}
    with translation.override(language):
        expected, written = _render(
            "action_plan_gaps.html", "{% action_plan_gaps action_plan.gaps %}", context
        )
    assert context["action_plan"].gaps.gaps == []
    assert written.count("<p>") == 1
    assert written == expected


def _tail_context() -> dict:
    """Step 5's counts, step 7's rows done and not, and step 8's evaluations with and
    without a follow-up and notes, the texts with characters to escape."""
    checklist = [
        SimpleNamespace(done=True, item=SimpleNamespace(text=_lazy("Done"))),
        SimpleNamespace(done=False, item=SimpleNamespace(text='Agree on <b>"backups"</b> & co')),
    ]
    evaluations = [
        Evaluation(
            date=datetime.date(2027, 3, 1),
            outcome=EvaluationOutcome.NOT_SMOOTH,
            follow_up=FollowUp.DIVISION,
            notes='Too <much> for "one" & all',
        ),
        Evaluation(date=datetime.date(2026, 11, 30), outcome=EvaluationOutcome.SMOOTH),
    ]
    rows = [(Horizon.SHORT.label, 12), ("<Other> & co", 1234), (_lazy("Tasks"), Decimal("2.5"))]
    return {
        "rows": rows,
        "action_plan": SimpleNamespace(checklist=checklist, evaluations=evaluations),
    }


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(
    ("reference", "tag"),
    [
        ("action_plan_counts.html", "{% action_plan_counts rows %}"),
        ("action_plan_checklist.html", "{% action_plan_checklist action_plan.checklist %}"),
        (
            "action_plan_evaluations.html",
            '{% evaluation_items action_plan.evaluations "action_plan" %}',
        ),
    ],
)
def test_the_task_list_team_actions_and_evaluations_equal_the_template_they_replace(
    language, reference, tag
):
    with translation.override(language):
        expected, written = _render(reference, tag, _tail_context())
    assert written.count("<") >= 4
    assert "&lt;" in written and "&amp;" in written
    assert written == expected


def _bodies(plan, language: str, zone: str = "Europe/Brussels") -> tuple[str, str]:
    """The action plan's body as the page writes it, and as its template writes it without
    its kept stretches (``{% kept %}`` taken out)."""
    source = (settings.BASE_DIR / "templates/guidelines/_action_plan_body.html").read_text()
    plain = engines["django"].from_string(re.sub(r"{% (end)?kept[^%]*%}", "", source))
    with translation.override(language), timezone.override(zone):
        written = get_template("guidelines/_action_plan_body.html").render(
            action_plan_context(plan=plan)
        )
        expected = plain.render(action_plan_context(plan=plan))
    return expected, written


def test_the_kept_stretches_follow_every_value_they_show(school, leader):
    """The action items, step 5's list, step 7's team actions and step 8's evaluations
    are written once per process for each value of their keys: a change to any value
    they show, another language or time zone, writes them anew, as the template without
    them does."""
    plan = services.plan_start(owner=school, user=leader)
    for node_id, value in UP_TO_TEAM:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
    raised = ListTaskFactory(school=school, raise_with_director=True, task__code="R-1")
    items = [
        services.action_item_add(plan=plan, text=f"Item <{n}>", who="Ann & Bob", due=None, step=1)
        for n in range(3)
    ]
    services.evaluation_record(
        plan=plan, user=leader, date=datetime.date(2027, 5, 12), outcome="smooth", notes="a"
    )
    changes = [
        lambda: ActionItem.objects.filter(pk=items[0].pk).update(text="Other & more"),
        lambda: ActionItem.objects.filter(pk=items[0].pk).update(who="Cas"),
        lambda: ActionItem.objects.filter(pk=items[1].pk).update(due=datetime.date(2027, 1, 2)),
        # The last item, done, stays where it was: only its "yes" tells.
        lambda: ActionItem.objects.filter(pk=action_plan(plan=plan).current_items[-1].pk).update(
            done=True
        ),
        lambda: ActionItem.objects.filter(pk=items[2].pk).update(
            withdrawn_at=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
        ),
        lambda: Evaluation.objects.filter(plan=plan).update(notes="b <c>"),
        lambda: Evaluation.objects.filter(plan=plan).update(follow_up="division"),
        lambda: Evaluation.objects.filter(plan=plan).update(date=datetime.date(2027, 6, 1)),
        lambda: ListTaskFactory(school=school, horizon="short", level="school"),
        lambda: ListTask.objects.filter(pk=raised.pk).update(level_reason="quick_local_needs"),
        lambda: Task.objects.filter(pk=raised.task_id).update(
            title_en="Raise <it>", title_nl="Aankaarten <it>"
        ),
        lambda: ListTask.objects.filter(pk=raised.pk).update(raise_with_director=False),
        # Step 7's policy team in place.
        lambda: ConsultationGroup.objects.create(
            school=school, kind="policy_team", name="P", group_link=""
        ),
    ]
    seen = set()
    for change in [lambda: None, *changes]:
        change()
        for language, zone in (("en", "Europe/Brussels"), ("nl", "Europe/Brussels")):
            expected, written = _bodies(plan, language, zone)
            assert written == expected
            seen.add(written)
    expected, written = _bodies(plan, "en", "America/New_York")
    assert written == expected and "01/03/2026" in written
    # Every change showed.
    assert len(seen) == 2 * (len(changes) + 1)
