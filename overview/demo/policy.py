"""A demo ICT policy plan: Buitengewoon Onderwijs De Brug writes its plan in ictteam.

Its transition plan is paused at step 3 ("Is there an ICT policy plan?" No): the plan
here is a draft being co-created (a vision, goals tied to the school's tasks with actions
for its team, teachers' comments), started from a SELFIE scan whose weak areas became
goals. It is not yet recorded as drawn up, so the wizard still waits at step 3 and the
school leader can show how recording it lets the plan go on.

Idempotent: a school that already has a policy plan keeps it as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from policy import services
from policy.models import PolicyPlan
from schools.models import School
from tasks.models import ListTask
from teams.models import Person

# The plan's texts, by field of the policy plan.
TEXTS = {
    "pedagogical_vision": (
        "De Brug is a school for pupils with specific educational needs. ICT is a means, "
        "never an end: it gives every pupil a voice (communication aids, read-aloud software) "
        "and room to learn at their own pace. We start from the needs in the classroom and the "
        "curriculum objectives of each pupil's individual learning path."
    ),
    "technical_vision": (
        "Robust, simple devices per class group, adapted hardware where a pupil needs it, one "
        "learning platform, and a network the school group maintains for us."
    ),
    "evaluation": (
        "The ICT working group evaluates the plan every June with the school leader, from the "
        "status of the actions and a new SELFIE scan every second year."
    ),
}

# The goal written by hand, the tasks that serve it (catalogue codes) and its actions:
# (text, person, weeks from today).
GOALS = [
    (
        "Every pupil uses the assistive technology that fits their learning path",
        "Adapted devices and software are part of each pupil's plan and the team knows them.",
        ("PED-SEN", "TEC-SEN"),
        [
            ("Inventory the assistive technology per class group", "Bram Lambert", 6),
            ("Train the teachers in read-aloud software", "Sanne Dewilde", 12),
        ],
    ),
]
SCAN = {
    "leadership": Decimal("3.4"),
    "collaboration": Decimal("3.1"),
    "infrastructure": Decimal("3.6"),
    "cpd": Decimal("2.3"),
    "pedagogy_supports": Decimal("3.0"),
    "pedagogy_classroom": Decimal("2.6"),
    "assessment": Decimal("2.2"),
    "student_competence": Decimal("2.9"),
}
COMMENTS = ["Can the teachers' training take place during the pedagogical study days?"]


def _entries(school: School, prefixes: tuple[str, ...]) -> list[ListTask]:
    return [
        entry
        for entry in ListTask.objects.filter(school=school)
        .team_tasks()
        .select_related("task")
        .order_by("task__code")
        if entry.task.code.startswith(prefixes)
    ]


@transaction.atomic
def seed_policy(*, schools: dict[str, School]) -> int:
    """De Brug's draft policy plan; returns how many plans were added (0 or 1)."""
    school = schools.get("de-brug")
    if school is None or PolicyPlan.objects.filter(school=school).exists():
        return 0
    user = get_user_model().objects.filter(username="leader.debrug").first()
    people = {person.name: person for person in Person.objects.filter(school=school)}
    today = timezone.localdate()
    plan = services.plan_get_or_create(owner=school)
    services.plan_update(
        plan=plan,
        user=user,
        **TEXTS,
        next_evaluation=datetime.date(today.year + 1, 6, 15),
    )
    scan = services.scan_record(
        plan=plan,
        user=user,
        date=today - datetime.timedelta(weeks=6),
        scores=SCAN,
        note="Filled in by the school leader, 14 teachers and the ICT coordinator.",
    )
    weak = [scan.results.get(area=area) for area in ("cpd", "assessment")]
    for goal in services.findings_to_goals(
        plan=plan, user=user, findings=weak, due=today + datetime.timedelta(weeks=8)
    ):
        # The lead of the plan gives the first action to the ICT coordinator.
        action = goal.actions.first()
        services.action_save(
            goal=goal,
            action=action,
            user=user,
            text=action.text,
            person=people.get("Bram Lambert"),
            due=action.due,
        )
    for title, description, prefixes, actions in GOALS:
        goal = services.goal_save(
            plan=plan,
            user=user,
            title=title,
            description=description,
            tasks=_entries(school, prefixes),
        )
        for text, name, weeks in actions:
            services.action_save(
                goal=goal,
                user=user,
                text=text,
                person=people.get(name),
                due=today + datetime.timedelta(weeks=weeks),
            )
    for text in COMMENTS:
        services.comment_add(plan=plan, user=user, text=text)
    return 1
