"""The demo's school years: Sint-Jan Secundair closed the previous school year with the
real rollover, so there is a year to compare with, and has an action past its date, so
the home page shows a reminder.

The previous year as it stood: a digicoach, An Wouters, shared some pedagogical tasks
and left at its end; the pedagogical ICT coordinator had two BPT hours fewer and step 4
two ICT hours fewer; two technical tasks had nobody backing up their one executor
(single points of failure), which the team fixed in the new year. Everything is written
through the services, as a school would: the record is the rollover's own.

Scholengroep Noord, which leads its schools' transition, closed its previous year too
with the group's rollover: nobody of its group-level people left, and the first of them
had two ICT hours more then, so the two years differ in hours.

Idempotent: a school or group that has closed a year keeps its years as they are.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from guidelines.selectors import plan_for
from guidelines.services import action_item_add
from guidelines.services import resources_set
from schools.models import School
from schools.models import SchoolGroup
from schools.school_years import school_year_of
from teams.models import Person
from teams.models import PersonRole
from teams.selectors import team_context
from teams.services import assignment_backup_set
from teams.services import assignment_set
from teams.services import person_create
from teams.services import person_update
from years.models import SchoolYear
from years.models import YearRecord
from years.services import Hours
from years.services import NewResources
from years.services import school_year_rollover

LEAVER = "An Wouters"
OVERDUE_ACTION = "Write down the help desk procedure for new colleagues."


def _close_previous_year(school: School, user) -> bool:
    plan = plan_for(owner=school)
    team = team_context(school=school)
    own = {member.pk: member.person for member in team.people if not member.is_group_level}
    if plan is None or not team.entries or not own:
        return False
    today = timezone.localdate()
    SchoolYear.objects.update_or_create(
        school=school, defaults={"start_year": school_year_of(today) - 1}
    )

    def executors(entry):
        return [a for a in team.by_task.get(entry.pk, []) if a.executes]

    # Last year's single points of failure: technical tasks of one executor, no backup.
    unbacked = [
        executors(entry)[0]
        for entry in team.entries
        if entry.task.cluster == "technical"
        and len(executors(entry)) == 1
        and executors(entry)[0].backup_id
        and executors(entry)[0].person_id in own
    ][:2]
    backups = {a.pk: a.backup for a in unbacked}
    for assignment in unbacked:
        assignment_backup_set(assignment=assignment, backup=None, user=user)
    # The digicoach who left shared pedagogical tasks that others execute too.
    leaver = person_create(
        school=school,
        name=LEAVER,
        roles=[PersonRole.DIGICOACH],
        bpt_hours=Decimal("3"),
        competences={"technical": 1, "pedagogical": 2, "policy": 1, "administrative": 1},
        motivation={"technical": 1, "pedagogical": 3, "policy": 0, "administrative": 0},
        email="an.wouters@sint-jan.example",
        user=user,
    )
    for entry in [e for e in team.entries if e.task.cluster == "pedagogical" and executors(e)][:3]:
        assignment_set(
            school=school, list_task=entry, person=leaver, executes=True, hours=1, user=user
        )
    # Last year's hours and resources; the rollover resets them to this year's.
    pedagogical = next(
        (p for p in own.values() if PersonRole.PEDAGOGICAL_COORDINATOR in p.roles), None
    )
    hours = {}
    if pedagogical is not None and pedagogical.bpt_hours >= 2:
        hours[pedagogical.pk] = Hours.of(pedagogical)
        person_update(person=pedagogical, bpt_hours=pedagogical.bpt_hours - 2, user=user)
    resources = getattr(plan, "resources", None)
    new_resources = None
    if resources is not None:
        new_resources = NewResources(
            ict_hours=resources.ict_hours,
            bpt_hours=resources.bpt_hours,
            other_hours=resources.other_hours,
            operating_budget=resources.operating_budget,
        )
        resources_set(
            plan=plan,
            user=user,
            ict_hours=max(resources.ict_hours - 2, Decimal("0")),
            bpt_hours=resources.bpt_hours,
            other_hours=resources.other_hours,
            operating_budget=resources.operating_budget,
            note=resources.note,
        )
    school_year_rollover(
        owner=school, leaving={leaver.pk}, hours=hours, resources=new_resources, user=user
    )
    # The new year: the team gave the single points of failure their backup again.
    for assignment in unbacked:
        assignment.refresh_from_db()
        assignment_backup_set(assignment=assignment, backup=backups[assignment.pk], user=user)
    return True


def _close_group_year(group: SchoolGroup, user) -> bool:
    plan = plan_for(owner=group)
    first = Person.objects.filter(group=group).order_by("name", "pk").first()
    if plan is None or first is None:
        return False
    SchoolYear.objects.update_or_create(
        group=group, defaults={"start_year": school_year_of(timezone.localdate()) - 1}
    )
    now = Hours.of(first)
    person_update(person=first, ict_hours=first.ict_hours + 2, user=user)
    resources = plan.resources
    school_year_rollover(
        owner=group,
        leaving=set(),
        hours={first.pk: now},
        resources=NewResources(
            ict_hours=resources.ict_hours,
            bpt_hours=resources.bpt_hours,
            other_hours=resources.other_hours,
            operating_budget=resources.operating_budget,
        ),
        user=user,
    )
    return True


def seed_years(*, schools: dict[str, School]) -> int:
    """Close Sint-Jan's and Scholengroep Noord's previous school years and add Sint-Jan's
    overdue action; how many added."""
    added = 0
    noord = next((s.group for s in schools.values() if s.group.slug == "noord"), None)
    if noord is not None and not YearRecord.objects.filter(group=noord).exists():
        admin = get_user_model().objects.filter(username="groupadmin.noord").first()
        added += _close_group_year(noord, admin)
    return added + _seed_school_year(schools)


def _seed_school_year(schools: dict[str, School]) -> int:
    school = schools.get("sint-jan")
    if school is None or YearRecord.objects.filter(school=school).exists():
        return 0
    user = get_user_model().objects.filter(username="leader.sintjan").first()
    if not _close_previous_year(school, user):
        return 0
    plan = plan_for(owner=school)
    if not plan.action_items.filter(text=OVERDUE_ACTION).exists():
        action_item_add(
            plan=plan,
            text=OVERDUE_ACTION,
            who="Tom Claes",
            due=timezone.localdate() - datetime.timedelta(days=10),
            step=8,
        )
    return 1
