"""Demo transition plans at different points of the flowchart.

- Basisschool De Linde: paused at step 2 (no pedagogical vision yet);
- Buitengewoon Onderwijs De Brug: paused at step 3 while it writes its ICT policy plan in
  ictteam (``overview/demo/policy.py``);
- Atheneum Zuid: in step 6 with real gaps (its pedagogical ICT coordinator left): each
  gap has its route, recruiting or outsourcing, the tasks someone in the team is willing
  to take are left to divide in step 7, and a vacancy is drafted for the tasks to
  recruit for, with the hours step 4 recorded and nobody holds yet;
- Sint-Jan Secundair: evaluated twice, first not smoothly (a process supervisor, the
  division of tasks adjusted), then smoothly;
- Scholengroep Noord: a group-led plan, in step 5.

Idempotent: a school or group that already has a plan keeps it as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from guidelines import services
from guidelines.flowchart.chapter3 import OUTSOURCE
from guidelines.flowchart.chapter3 import RECRUIT
from guidelines.models import TransitionPlan
from guidelines.selectors import gap_analysis
from schools.access import owner_kwargs
from schools.models import School
from schools.models import SchoolGroup
from teams.documents import school_level_only
from teams.documents import vacancy_draft
from teams.models import Vacancy


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _answers(plan: TransitionPlan, user, steps: list[tuple[str, str]]) -> TransitionPlan:
    for node_id, value in steps:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=user)
    return plan


def _resources(plan: TransitionPlan, user, ict: str, bpt: str, other: str, budget: str) -> None:
    services.resources_set(
        plan=plan,
        user=user,
        ict_hours=Decimal(ict),
        bpt_hours=Decimal(bpt),
        other_hours=Decimal(other),
        operating_budget=Decimal(budget),
    )


ENTHUSIASM = [("growth", "yes"), ("vision", "yes"), ("policy_plan", "yes")]


def _resourced(owner: School | SchoolGroup, username: str, *resources: str):
    """Start ``owner``'s plan as ``username``: ready for the change (steps 1 to 3), and
    step 4's resources (ICT, BPT and other hours, budget) recorded. Returns plan and user."""
    user = _user(username)
    plan = services.plan_start(owner=owner, user=user)
    plan = _answers(plan, user, ENTHUSIASM)
    _resources(plan, user, *resources)
    return _answers(plan, user, [("resources", "recorded")]), user


def _evaluation(plan: TransitionPlan, user, *, days_ago: int, outcome: str, notes: str):
    """Step 8: record an evaluation held ``days_ago`` days ago."""
    services.evaluation_record(
        plan=plan,
        user=user,
        date=timezone.localdate() - datetime.timedelta(days=days_ago),
        outcome=outcome,
        notes=notes,
    )
    plan.refresh_from_db()
    return plan


def _paused_at_vision(school: School) -> None:
    user = _user("leader.delinde")
    plan = services.plan_start(owner=school, user=user)
    _answers(plan, user, [("growth", "yes"), ("vision", "no")])


def _paused_at_policy_plan(school: School) -> None:
    user = _user("leader.debrug")
    plan = services.plan_start(owner=school, user=user)
    _answers(plan, user, [("growth", "yes"), ("vision", "yes"), ("policy_plan", "no")])


GAP_NOTES = {
    RECRUIT: "Strategic, and asks technical with pedagogical competences: in the vacancy.",
    OUTSOURCE: "Not strategic: ask the school group's partner firm for a quote.",
}


def _next_school_year(today: datetime.date) -> datetime.date:
    year = today.year if today.month < 9 else today.year + 1
    return datetime.date(year, 9, 1)


def _filling_gaps(school: School) -> None:
    # The departed pedagogical ICT coordinator's ICT and BPT hours are free again.
    plan, user = _resourced(school, "leader.atheneum", "18", "7", "9", "8000")
    plan = _answers(plan, user, [("pooling", "no"), ("tasks_school", "checked")])
    analysis = gap_analysis(plan=plan)
    plan = _answers(plan, user, [("expertise", "no")])
    for gap in analysis.gaps:
        services.gap_decision_set(
            plan=plan,
            list_task=gap.entry,
            route=gap.suggested,
            note=GAP_NOTES.get(gap.suggested, ""),
            user=user,
        )
    recruit = [gap.entry for gap in analysis.gaps if gap.suggested == RECRUIT]
    own, _group_level = school_level_only(recruit)
    if own and not Vacancy.objects.filter(school=school).exists():
        # The hours are the school's: what step 4 recorded and nobody holds yet. The
        # group-level tasks are left out, with a note, for the group to recruit for.
        vacancy_draft(
            school=school, tasks=recruit, start_date=_next_school_year(timezone.localdate())
        )


def _evaluated(school: School) -> None:
    plan, user = _resourced(school, "leader.sintjan", "24", "10", "4", "15000")
    plan = _answers(plan, user, [("pooling", "yes"), ("tasks_group", "checked")])
    analysis = gap_analysis(plan=plan)
    if analysis.gaps:
        plan = _answers(plan, user, [("expertise", "no")])
        for gap in analysis.gaps:
            services.gap_decision_set(
                plan=plan, list_task=gap.entry, route=gap.suggested, user=user
            )
        plan = _answers(plan, user, [("fill_gaps", "continue")])
    else:
        plan = _answers(plan, user, [("expertise", "yes")])
    plan = _answers(plan, user, [("team", "started")])
    plan = _evaluation(
        plan,
        user,
        days_ago=180,
        outcome="poorly",
        notes="Technical questions still all end up with one coordinator.",
    )
    plan = _answers(plan, user, [("supervisor", "continue")])
    services.evaluation_follow_up(plan=plan, value="division", user=user)
    plan.refresh_from_db()
    plan = _answers(plan, user, [("team", "started")])
    _evaluation(
        plan,
        user,
        days_ago=14,
        outcome="smooth",
        notes="The help desk is shared; the sounding board meets monthly.",
    )


def _group_led(group: SchoolGroup) -> None:
    plan, user = _resourced(group, "groupadmin.noord", "60", "0", "8", "40000")
    _answers(plan, user, [("pooling", "yes")])


@transaction.atomic
def seed_plans(*, schools: dict[str, School], groups: dict[str, SchoolGroup]) -> int:
    """Add the demo plans that do not exist yet; returns how many were added."""
    wanted = [
        (schools.get("de-linde"), _paused_at_vision),
        (schools.get("de-brug"), _paused_at_policy_plan),
        (schools.get("atheneum-zuid"), _filling_gaps),
        (schools.get("sint-jan"), _evaluated),
        (groups.get("noord"), _group_led),
    ]
    added = 0
    for owner, seed in wanted:
        if owner is None:
            continue
        kwargs = owner_kwargs(owner)
        if TransitionPlan.objects.filter(**kwargs).exists():
            continue
        seed(owner)
        added += 1
    return added
