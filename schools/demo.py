"""Demo data: two school groups with schools of every education level and a user per role.

Idempotent: running it again updates the same objects instead of adding copies.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from guidelines.demo import seed_plans
from schools.models import EducationLevel, Membership, Role, School, SchoolGroup
from schools.services import ADMIN_SITE_ROLES
from tasks.models import Task
from tasks.services import task_list_initialise
from teams.demo import seed_teams

DEMO_PASSWORD = "ictteam-demo"

GROUPS = [
    ("noord", "Scholengroep Noord"),
    ("zuid", "Scholengroep Zuid"),
]

# slug, name, group, level, technical/vocational, pupils, locations
SCHOOLS = [
    ("de-linde", "Basisschool De Linde", "noord", EducationLevel.PRIMARY, False, 240, 1),
    ("sint-jan", "Sint-Jan Secundair", "noord", EducationLevel.SECONDARY, True, 1100, 2),
    (
        "de-brug",
        "Buitengewoon Onderwijs De Brug",
        "noord",
        EducationLevel.SPECIAL_NEEDS,
        False,
        180,
        1,
    ),
    ("atheneum-zuid", "Atheneum Zuid", "zuid", EducationLevel.SECONDARY, False, 820, 1),
    ("het-klavertje", "Basisschool Het Klavertje", "zuid", EducationLevel.PRIMARY, False, 310, 2),
    ("cvo-zuid", "CVO Zuid", "zuid", EducationLevel.ADULT, False, 5200, 3),
]

# username, first name, last name, role, school slug or None, group slug or None
USERS = [
    ("groupadmin.noord", "Griet", "Van Acker", Role.GROUP_ADMIN, None, "noord"),
    ("ict.noord", "Hamid", "El Amrani", Role.ICT_COORDINATOR, None, "noord"),
    ("leader.sintjan", "Sofie", "Peeters", Role.SCHOOL_LEADER, "sint-jan", None),
    ("ict.sintjan", "Tom", "Claes", Role.ICT_COORDINATOR, "sint-jan", None),
    ("member.sintjan", "Lotte", "Maes", Role.TEAM_MEMBER, "sint-jan", None),
    ("leader.delinde", "Karel", "Wouters", Role.SCHOOL_LEADER, "de-linde", None),
    ("ict.delinde", "An", "Jacobs", Role.ICT_COORDINATOR, "de-linde", None),
    ("leader.debrug", "Ines", "Goossens", Role.SCHOOL_LEADER, "de-brug", None),
    ("groupadmin.zuid", "Bart", "Mertens", Role.GROUP_ADMIN, None, "zuid"),
    ("leader.atheneum", "Nadia", "Willems", Role.SCHOOL_LEADER, "atheneum-zuid", None),
    ("ict.atheneum", "Pieter", "Dubois", Role.ICT_COORDINATOR, "atheneum-zuid", None),
    ("leader.cvo", "Marc", "Lambrechts", Role.SCHOOL_LEADER, "cvo-zuid", None),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    where: str


@transaction.atomic
def seed_demo() -> list[DemoLogin]:
    User = get_user_model()
    groups = {}
    for slug, name in GROUPS:
        groups[slug], _ = SchoolGroup.objects.update_or_create(slug=slug, defaults={"name": name})
    schools: dict[str, School] = {}
    for slug, name, group, level, technical, pupils, locations in SCHOOLS:
        schools[slug], _ = School.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "group": groups[group],
                "education_level": level,
                "technical_vocational": technical,
                "pupils": pupils,
                "locations": locations,
            },
        )

    logins = []
    admin, _ = User.objects.update_or_create(
        username="admin",
        defaults={"is_staff": True, "is_superuser": True, "email": "admin@example.org"},
    )
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    logins.append(DemoLogin("admin", "Superuser", "everything"))
    for username, first, last, role, school_slug, group_slug in USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                # Group admins and school leaders manage their part in the admin site.
                "is_staff": role in ADMIN_SITE_ROLES,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        Membership.objects.get_or_create(
            user=user,
            role=role,
            school=schools.get(school_slug) if school_slug else None,
            group=groups.get(group_slug) if group_slug else None,
        )
        where = schools[school_slug].name if school_slug else groups[group_slug].name
        logins.append(DemoLogin(username, Role(role).label, where))

    if Task.objects.catalogue().exists():
        for school in schools.values():
            task_list_initialise(owner=school)
        for group in groups.values():
            task_list_initialise(owner=group)
    seed_teams(schools=schools, groups=groups)
    # Last: step 6 of the demo plans reads the teams' expertise and motivation.
    seed_plans(schools=schools, groups=groups)
    return logins
