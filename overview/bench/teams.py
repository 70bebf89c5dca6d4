"""``make bench`` for the team builder: a large school, its documents and its matrix.

Builds a school with 150 people, every catalogue task applying and about 600
assignments (inside the bench command's transaction, so nothing is kept), then times
the heavy renders: median milliseconds of a few runs each.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from overview.bench.schools import generated_assignment
from schools.models import EducationLevel
from schools.models import School
from schools.models import SchoolGroup
from tasks.models import Cluster
from tasks.models import ListTask
from tasks.models import Task
from tasks.services import task_list_initialise
from teams.documents import role_description_pdf
from teams.documents import team_overview_pdf
from teams.models import Assignment
from teams.models import Person
from teams.models import PersonRole
from teams.workbook import division_export_xlsx

PEOPLE = 150
ASSIGNMENTS = 600
# Without an imported catalogue, the bench generates one of the report's size.
GENERATED_TASKS = 120
RUNS = 5

# A realistic spread of roles: few strategic people, many teachers and helpers. The core
# is every generated team's (the group bench's too).
CORE_ROLES = [
    [PersonRole.MANAGEMENT],
    [PersonRole.TECHNICAL_COORDINATOR],
    [PersonRole.PEDAGOGICAL_COORDINATOR, PersonRole.DIGICOACH],
    [PersonRole.ADMINISTRATIVE],
    [PersonRole.DIGICOACH],
    [PersonRole.DIGICOACH],
]
ROLE_MIX = [
    *CORE_ROLES,
    [PersonRole.DIGICOACH],
    [PersonRole.STUDENT],
    [PersonRole.PARENT],
    [PersonRole.EXTERNAL],
]


def _catalogue() -> None:
    """Generated catalogue tasks, when none were imported (they are rolled back too)."""
    if Task.objects.catalogue().active().exists():
        return
    clusters = Cluster.values
    tasks = []
    for n in range(GENERATED_TASKS):
        cluster = clusters[n % len(clusters)]
        needs = {f"needs_{cluster}": True}
        # Every third task combines technical competences with its own cluster's.
        if n % 3 == 0:
            needs["needs_technical"] = True
        tasks.append(
            Task(
                code=f"BENCH-{n:03d}",
                cluster=cluster,
                topic=f"Topic {n % 12}",
                title=f"Generated task {n}",
                is_core=n % 4 == 0,
                **needs,
            )
        )
    Task.objects.bulk_create(tasks)


def build_school() -> tuple[School, list[Person], object]:
    """A large school: 150 people, every catalogue task applying, ~600 assignments."""
    rng = random.Random(42)
    group = SchoolGroup.objects.create(name="Bench group", slug="bench-teams-group")
    school = School.objects.create(
        group=group,
        name="Bench school",
        slug="bench-teams-school",
        education_level=EducationLevel.SECONDARY,
        pupils=2400,
        locations=3,
    )
    _catalogue()
    task_list_initialise(owner=school)
    ListTask.objects.filter(school=school).update(applies=True)
    entries = list(ListTask.objects.filter(school=school).select_related("task"))

    people = Person.objects.bulk_create(
        Person(
            school=school,
            name=f"Person {n:03d}",
            email=f"person{n:03d}@bench.example.org",
            roles=ROLE_MIX[n % len(ROLE_MIX)],
            ict_hours=Decimal(rng.choice([0, 2, 4, 8])),
            bpt_hours=Decimal(rng.choice([0, 1, 2])),
            competence_technical=rng.randint(0, 3),
            competence_pedagogical=rng.randint(0, 3),
            competence_policy=rng.randint(0, 3),
            competence_administrative=rng.randint(0, 3),
        )
        for n in range(PEOPLE)
    )

    per_task = max(1, round(ASSIGNMENTS / len(entries)))
    assignments = []
    for i, entry in enumerate(entries):
        holders = rng.sample(people, per_task + 1)
        backup = holders.pop()
        for k, person in enumerate(holders):
            assignments.append(
                generated_assignment(
                    rank=k,
                    monitor_rank=2,
                    school=school,
                    list_task=entry,
                    person=person,
                    backup=backup if k == 1 else None,
                    hours=Decimal("0.5") * (1 + (i + k) % 4),
                )
            )
    Assignment.objects.bulk_create(assignments)

    # The busiest person of the team: theirs is the longest role description.
    busiest = max(people, key=lambda p: sum(a.person_id == p.pk for a in assignments))
    user = get_user_model().objects.create_superuser(
        username="bench-teams", email="bench-teams@bench.example.org", password=None
    )
    return school, [busiest, *people], user


def median_ms(render: Callable[[], object], runs: int | None = None) -> float:
    """The median time of ``runs`` calls of ``render`` (by default ``RUNS``, read when
    called so a smaller run can lower it), in milliseconds."""
    timings = []
    for _ in range(RUNS if runs is None else runs):
        started = time.perf_counter()
        render()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def get_page(client: Client, url: str) -> Callable[[], object]:
    """A page's GET, to time with ``median_ms``; anything but a 200 stops the run.

    Over "HTTPS": production settings redirect plain HTTP.
    """

    def render() -> object:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    return render


def run(*, out) -> None:
    def say(line: str) -> None:
        out.write(f"{line}\n")

    school, people, user = build_school()
    busiest = people[0]
    count = Assignment.objects.filter(school=school).count()
    say(
        f"[teams] generated school: {PEOPLE} people, "
        f"{ListTask.objects.filter(school=school).count()} tasks, {count} assignments"
    )
    # The test client runs the whole middleware stack; "localhost" passes ALLOWED_HOSTS.
    client = Client(HTTP_HOST="localhost")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")

    mine = Assignment.objects.filter(person=busiest).count()
    pdf_ms = median_ms(lambda: role_description_pdf(school=school, person=busiest))
    say(f"[teams] role description PDF ({mine} tasks): {pdf_ms:.0f} ms")
    page_ms = median_ms(
        get_page(client, reverse("teams:document_role", args=[school.slug, busiest.pk]))
    )
    say(f"[teams] role description page: {page_ms:.0f} ms")
    matrix_ms = median_ms(get_page(client, reverse("teams:matrix", args=[school.slug])))
    say(f"[teams] matrix page ({PEOPLE} people): {matrix_ms:.0f} ms")
    overview_ms = median_ms(get_page(client, reverse("teams:overview", args=[school.slug])))
    say(f"[teams] team page with health panel: {overview_ms:.0f} ms")
    document_ms = median_ms(
        get_page(client, reverse("teams:document_overview", args=[school.slug]))
    )
    say(f"[teams] team overview document page: {document_ms:.0f} ms")
    workbook_ms = median_ms(lambda: division_export_xlsx(school=school))
    say(f"[teams] division of tasks workbook: {workbook_ms:.0f} ms")
    # The overview PDF prints every task for every block of people: one run is enough.
    overview_pdf_ms = median_ms(lambda: team_overview_pdf(school=school), runs=1)
    say(f"[teams] team overview PDF: {overview_pdf_ms:.0f} ms")
