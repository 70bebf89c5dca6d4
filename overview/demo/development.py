"""Demo professional development plans: De Brug and Sint-Jan plan from their real gaps.

Each school puts its first gaps on its plan, as one click on the development page would:
the person, the competence, the task that asks the most and one of the suggested routes
(the first for the first gap, the second for the second, ...: schools choose among them),
in the current school year. Idempotent: a person's competence already on the plan is
left as it is.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from development.models import DevelopmentItem
from development.models import ItemStatus
from development.models import Term
from development.selectors import CompetenceGap
from development.selectors import team_development
from development.services import item_create
from schools.models import School
from schools.school_years import current_school_year

# school slug: who writes its plan, and the items' status and term in the order of its gaps.
PLANS = {
    "de-brug": (
        "leader.debrug",
        [
            (ItemStatus.UNDER_WAY, Term.FIRST),
            (ItemStatus.PLANNED, Term.SECOND),
            (ItemStatus.PLANNED, Term.THIRD),
        ],
    ),
    "sint-jan": (
        "ict.sintjan",
        [
            (ItemStatus.DONE, Term.FIRST),
            (ItemStatus.UNDER_WAY, Term.SECOND),
            (ItemStatus.PLANNED, Term.THIRD),
        ],
    ),
}


def _gaps(school: School) -> list[CompetenceGap]:
    """The team's thin competences first (with the person to grow them), then the people's."""
    team = team_development(school=school)
    gaps = [c.candidate_gap for c in team.thin_clusters if c.candidate_gap is not None]
    gaps += [gap for person in team.people_gaps for gap in person.gaps]
    return gaps


def seed_development(*, schools: dict[str, School]) -> int:
    """Plan items from real gaps for the demo schools; returns how many were added."""
    User = get_user_model()
    added = 0
    year = current_school_year()
    for slug, (username, steps) in PLANS.items():
        school = schools.get(slug)
        if school is None:
            continue
        author = User.objects.filter(username=username).first()
        seen: set[tuple[int, str]] = set()
        chosen = []
        for gap in _gaps(school):
            key = (gap.person.pk, gap.competence)
            if key not in seen:
                seen.add(key)
                chosen.append(gap)
        for index, (gap, (status, term)) in enumerate(zip(chosen, steps, strict=False)):
            if DevelopmentItem.objects.filter(
                school=school, person=gap.person, competence=gap.competence
            ).exists():
                continue
            item_create(
                school=school,
                person=gap.person,
                competence=gap.competence,
                list_task=gap.entry,
                route=gap.routes[index % len(gap.routes)].key,
                school_year=year,
                term=term,
                status=status,
                user=author,
            )
            added += 1
    return added
