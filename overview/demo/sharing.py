"""What the demo schools of Scholengroep Noord share with each other.

Sint-Jan Secundair agreed to show names to the group's schools; Basisschool De Linde did
not, so the others see its set-up by role. Idempotent: the choice is set to the same value.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from schools.models import School
from sharing.services import consent_set

# School slug → whether it shows names, and the school leader who decided.
CONSENTS = {
    "sint-jan": (True, "leader.sintjan"),
    "de-linde": (False, "leader.delinde"),
}


def seed_sharing(*, schools: dict[str, School]) -> None:
    users = get_user_model().objects.filter(username__in=[u for _s, u in CONSENTS.values()])
    by_name = {user.username: user for user in users}
    for slug, (share_names, username) in CONSENTS.items():
        school = schools.get(slug)
        if school is not None:
            consent_set(school=school, share_names=share_names, user=by_name.get(username))
