"""``make bench`` for the group level: the group dashboard on a generated group of 100 schools.

``generate_group`` builds a realistic group in bulk: every school with its task list,
its own people, shares of the group's people, and assignments with executors, backups
and group-level coverage. The bench command runs ``run`` in a transaction it throws
away, so nothing is kept.
"""

from __future__ import annotations

import statistics
import time
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from overview.selectors import group_dashboard
from schools.models import EducationLevel
from schools.models import Membership
from schools.models import Role
from schools.models import School
from schools.models import SchoolGroup
from tasks.models import Cluster
from tasks.models import Horizon
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import Task
from teams.models import Assignment
from teams.models import Person
from teams.models import PersonSchool

LEVELS = [EducationLevel.PRIMARY, EducationLevel.SECONDARY, EducationLevel.SPECIAL_NEEDS]
ROLES = ["technical_coordinator", "pedagogical_coordinator", "management", "digicoach"]


def generated_task(*, code: str, number: int, topics: int, core_every: int, **flags) -> Task:
    """The ``number``-th generated task: clusters in turn, ``topics`` topics in turn, every
    ``core_every``-th one core."""
    clusters = Cluster.values
    return Task(
        code=code,
        cluster=clusters[number % len(clusters)],
        topic=f"Topic {number % topics}",
        title=f"Generated task {number}",
        is_core=number % core_every == 0,
        **flags,
    )


def generated_assignment(*, rank: int, monitor_rank: int, **fields) -> Assignment:
    """A generated holder of a task: the first (rank 0) leads and decides, the one at
    ``monitor_rank`` monitors, every other one executes."""
    return Assignment(
        lead=rank == 0,
        decides=rank == 0,
        executes=rank != monitor_rank,
        monitors=rank == monitor_rank,
        **fields,
    )


def numbered_schools(*, group: SchoolGroup, slug: str, count: int) -> list[School]:
    """``count`` numbered schools of the group, of every education level in turn."""
    return School.objects.bulk_create(
        School(
            group=group,
            name=f"School {n:03d}",
            slug=f"{slug}-school-{n:03d}",
            education_level=LEVELS[n % len(LEVELS)],
            pupils=200 + 10 * n,
        )
        for n in range(count)
    )


def generate_group(
    *,
    schools: int,
    tasks_per_school: int = 80,
    people_per_school: int = 6,
    group_people: int = 3,
    slug: str = "bench-group",
) -> SchoolGroup:
    """A school group with ``schools`` schools, each with a full team, built in bulk."""
    group = SchoolGroup.objects.create(name=f"Bench group {slug}", slug=slug)
    tasks = Task.objects.bulk_create(
        generated_task(
            code=f"{slug.upper()}-{number:03d}",
            number=number,
            topics=7,
            core_every=5,
            needs_technical=number % 2 == 0,
            needs_pedagogical=number % 3 == 0,
            group=group,
        )
        for number in range(tasks_per_school)
    )
    created = numbered_schools(group=group, slug=slug, count=schools)
    entries = ListTask.objects.bulk_create(
        ListTask(
            school=school,
            task=task,
            applies=(i + s) % 10 != 0,
            horizon=Horizon.DROPPED if (i + s) % 20 == 1 else Horizon.SHORT,
            level=ListLevel.SCHOOL_GROUP if i % 8 == 3 else ListLevel.SCHOOL,
        )
        for s, school in enumerate(created)
        for i, task in enumerate(tasks)
    )
    people = Person.objects.bulk_create(
        Person(
            school=school,
            name=f"{school.name} person {p}",
            roles=[ROLES[p % len(ROLES)]],
            ict_hours=Decimal(4 + p),
            bpt_hours=Decimal(p % 3),
            competence_technical=2,
            competence_pedagogical=p % 3,
        )
        for school in created
        for p in range(people_per_school)
    )
    shared = Person.objects.bulk_create(
        Person(
            group=group,
            name=f"Group specialist {p}",
            roles=["technical_coordinator"],
            ict_hours=Decimal(38),
            competence_technical=3,
        )
        for p in range(group_people)
    )
    PersonSchool.objects.bulk_create(
        PersonSchool(person=person, school=school, hours=Decimal("38") / max(schools, 1))
        for person in shared
        for school in created
    )
    by_school: dict[int, list] = {}
    for person in people:
        by_school.setdefault(person.school_id, []).append(person)
    assignments = []
    for number, entry in enumerate(entries):
        if not entry.applies or number % 5 == 4:
            continue  # uncovered
        team = by_school[entry.school_id]
        if entry.level == ListLevel.SCHOOL_GROUP and shared:
            person = shared[number % len(shared)]
        else:
            person = team[number % len(team)]
        backup = team[(number + 1) % len(team)] if number % 3 == 0 else None
        assignments.append(
            Assignment(
                school_id=entry.school_id,
                list_task=entry,
                person=person,
                executes=True,
                decides=number % 2 == 0,
                lead=True,
                backup=backup if backup is not None and backup.pk != person.pk else None,
                hours=Decimal("0.5"),
            )
        )
    Assignment.objects.bulk_create(assignments)
    return group


def _timed(action, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), max(times)


def run(*, out) -> None:
    started = time.perf_counter()
    group = generate_group(schools=100)
    counts = (
        ListTask.objects.filter(school__group=group).count(),
        Person.objects.filter(Q(school__group=group) | Q(group=group)).count(),
        Assignment.objects.filter(school__group=group).count(),
    )
    out.write(
        "[schools] generated 100 schools: {} list entries, {} people, {} assignments "
        "in {:.1f} s".format(*counts, time.perf_counter() - started)
    )

    with CaptureQueriesContext(connection) as queries:
        dashboard = group_dashboard(group=group)
    assert dashboard.school_count == 100
    median, worst = _timed(lambda: group_dashboard(group=group), repeat=5)
    out.write(
        f"[schools] group_dashboard, 100 schools: median {median * 1000:.0f} ms, "
        f"worst {worst * 1000:.0f} ms, {len(queries)} queries"
    )

    user = get_user_model().objects.create_user(username="bench-group-admin", password="x")
    Membership.objects.create(user=user, group=group, role=Role.GROUP_ADMIN)
    # A host the settings allow: the bench runs outside the test runner.
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    url = reverse("overview:group_dashboard", kwargs={"group_slug": group.slug})
    for name, path in (("dashboard page", url), ("dashboard .xlsx", f"{url}export.xlsx")):
        response = client.get(path, {"sort": "coverage"})
        assert response.status_code == 200, response.status_code
        median, worst = _timed(lambda path=path: client.get(path, {"sort": "coverage"}), 3)
        out.write(
            f"[schools] {name}, 100 schools: median {median * 1000:.0f} ms, "
            f"worst {worst * 1000:.0f} ms"
        )
