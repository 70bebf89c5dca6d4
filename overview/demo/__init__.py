"""Demo data: two school groups with schools of every education level and a user per role.

Idempotent: running it again updates the same objects instead of adding copies.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from overview.demo.development import seed_development
from overview.demo.plans import seed_plans
from overview.demo.policy import seed_policy
from overview.demo.sharing import seed_sharing
from overview.demo.teams import seed_teams
from overview.demo.years import seed_years
from schools.access import CAN_MANAGE
from schools.models import EducationLevel
from schools.models import Membership
from schools.models import Role
from schools.models import School
from schools.models import SchoolGroup
from tasks.models import LevelReason
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import Task
from tasks.services import list_task_update
from tasks.services import task_list_copy_choices
from tasks.services import task_list_initialise

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
                "is_staff": role in CAN_MANAGE,
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
    seed_policy(schools=schools)
    seed_group_level(groups=groups)
    seed_development(schools=schools)
    seed_sharing(schools=schools)
    seed_years(schools=schools)
    return logins


# Why Scholengroep Noord organises a task for all its schools (chapter 3, step 5).
GROUP_LEVEL_REASONS = {
    "technical": (
        LevelReason.SPECIALISED_EXPERTISE,
        "The group's technical ICT team does this for every school.",
    ),
    "pedagogical": (
        LevelReason.SPECIALISED_EXPERTISE,
        "The group's pedagogical ICT coordinator supports every school.",
    ),
    "policy": (
        LevelReason.ECONOMIES_OF_SCALE,
        "Decided once for the whole group, in the group's ICT policy group.",
    ),
    "administrative": (
        LevelReason.ECONOMIES_OF_SCALE,
        "Handled centrally: one contract, one procedure for all schools.",
    ),
}


def seed_group_level(*, groups: dict[str, SchoolGroup]) -> int:
    """Scholengroep Noord leads its schools' transition: its step-5 choices for the tasks
    it organises at group level are recorded by its group admin and handed down to its
    schools, so their lists say why the group does these tasks, and their history says
    who decided. Idempotent: choices already made are kept, an equal copy changes nothing.
    """
    group = groups.get("noord")
    admin = get_user_model().objects.filter(username="groupadmin.noord").first()
    if group is None or admin is None:
        return 0
    entries = list(
        ListTask.objects.filter(
            group=group, level=ListLevel.SCHOOL_GROUP, applies=True
        ).select_related("task")
    )
    for entry in entries:
        if entry.level_reason:
            continue
        reason, note = GROUP_LEVEL_REASONS.get(entry.task.cluster, GROUP_LEVEL_REASONS["policy"])
        entry._history_user = admin
        list_task_update(entry=entry, level_reason=reason, note=entry.note or note)
    # Only tasks every school of the group has on its list and applies: the copy must
    # not switch on a task that does not fit a school's context.
    not_everywhere = set(
        ListTask.objects.filter(school__group=group, applies=False).values_list(
            "task_id", flat=True
        )
    )
    return task_list_copy_choices(
        group=group,
        schools=list(group.schools.all()),
        user=admin,
        tasks=[entry.task for entry in entries if entry.task_id not in not_everywhere],
    )
