"""``make bench`` for the transition wizard: a plan through every step of a large school.

Reuses the team builder's large school (150 people, every catalogue task, ~600
assignments), walks a plan to the end with gap decisions, three evaluation rounds and a
hundred action items (inside the bench command's transaction, so nothing is kept), then
times the wizard's pages, the picture and the action plan: median milliseconds.
"""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse

from guidelines import services
from guidelines.selectors import gap_analysis
from guidelines.svg import render_svg
from overview.bench.teams import build_school
from overview.bench.teams import get_page
from overview.bench.teams import median_ms

ACTION_ITEMS = 100

# Steps 1 to 5: growth, vision, policy plan, resources, no pooling, the task list checked.
# The tests walk the same way (``tests/guidelines/paths.py``).
TO_EXPERTISE = [
    ("growth", "yes"),
    ("vision", "yes"),
    ("policy_plan", "yes"),
    ("resources", "recorded"),
    ("pooling", "no"),
    ("tasks_school", "checked"),
]


def _walk(school, user):
    plan = services.plan_start(owner=school, user=user)
    for node_id, value in [*TO_EXPERTISE, ("expertise", "no")]:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=user)
    for gap in gap_analysis(plan=plan).gaps:
        services.gap_decision_set(plan=plan, list_task=gap.entry, route=gap.suggested, user=user)
    for node_id, value in [("fill_gaps", "continue"), ("team", "started")]:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=user)
    day = datetime.date(2025, 1, 1)
    for round_number in range(3):
        services.evaluation_record(
            plan=plan,
            user=user,
            date=day + datetime.timedelta(days=90 * round_number),
            outcome="poorly",
        )
        plan.refresh_from_db()
        plan = services.answer_set(plan=plan, node_id="supervisor", value="continue", user=user)
        plan = services.evaluation_follow_up(plan=plan, value="division", user=user)
        plan = services.answer_set(plan=plan, node_id="team", value="started", user=user)
    services.evaluation_record(plan=plan, user=user, date=day.replace(year=2026), outcome="smooth")
    for n in range(ACTION_ITEMS):
        services.action_item_add(plan=plan, text=f"Action {n}", who="Team", due=None, step=7)
    plan.refresh_from_db()
    return plan


def run(*, out) -> None:
    def say(line: str) -> None:
        out.write(f"{line}\n")

    school, _people, user = build_school()
    plan = _walk(school, user)
    say(
        f"[guidelines] plan at {plan.current_node}: {plan.answers.count()} answers, "
        f"{plan.gap_decisions.count()} gap decisions, {plan.evaluations.count()} evaluations, "
        f"{plan.action_items.count()} action items"
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    slug = {"school_slug": school.slug}
    overview = reverse("guidelines:school_plan", kwargs=slug)
    say(f"[guidelines] plan overview: {median_ms(get_page(client, overview)):.0f} ms")
    for node_id in ("growth", "tasks_school", "expertise", "fill_gaps", "team", "evaluate"):
        url = reverse("guidelines:school_node", kwargs={**slug, "node_id": node_id})
        say(f"[guidelines] step page {node_id}: {median_ms(get_page(client, url)):.0f} ms")
    page = reverse("guidelines:school_action_plan", kwargs=slug)
    say(f"[guidelines] action plan page: {median_ms(get_page(client, page)):.0f} ms")
    pdf = reverse("guidelines:school_action_plan_pdf", kwargs=slug)
    say(f"[guidelines] action plan PDF: {median_ms(get_page(client, pdf), runs=1):.0f} ms")
    say(f"[guidelines] flowchart SVG: {median_ms(lambda: render_svg(), runs=20):.1f} ms")
