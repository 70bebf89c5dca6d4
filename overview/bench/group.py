"""``make bench``: every heavy page, document, export and import at group scale.

``generate`` builds a school group of the given size through the services where they
exist (task lists, people, transition plans, and a share of the assignments with their
versions), and in bulk, with history, where a service saves one row at a time (most
assignments). ``measure`` then times the pages through the whole middleware stack as a
group admin: per page the SQL queries and the median time, as a multiple of a bare
authenticated view timed in the same run, then the PDFs, the exports and the imports.
"""

from __future__ import annotations

import gc
import itertools
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.utils import bulk_create_with_history

from guidelines.documents import action_plan_pdf
from guidelines.models import TransitionPlan
from overview.bench import catalogue
from overview.bench.guidelines import _walk
from overview.bench.schools import generated_assignment
from overview.bench.schools import generated_task
from overview.bench.schools import numbered_schools
from overview.bench.teams import CORE_ROLES
from overview.bench.teams import get_page
from overview.documents import school_documents
from overview.selectors import group_dashboard
from schools.documents import zip_bytes
from schools.models import Membership
from schools.models import Role
from schools.models import School
from schools.models import SchoolGroup
from tasks.importer import task_import_xlsx
from tasks.models import Cluster
from tasks.models import ListTask
from tasks.models import Task
from tasks.models import TaskStatus
from tasks.services import task_list_initialise
from tasks.workbook import task_export_xlsx
from teams.documents import role_description_pdf
from teams.documents import team_overview_pdf
from teams.models import Assignment
from teams.models import Person
from teams.models import PersonRole
from teams.services import assignment_set
from teams.services import person_create
from teams.workbook import division_export_xlsx

ROLE_MIX = [
    *CORE_ROLES,
    [PersonRole.HEAD_OF_ICT],
    [PersonRole.EXTERNAL],
]
# Assignments saved one by one through the service, in the measured school: their
# versions fill the history page.
SERVICE_ASSIGNMENTS = 60


def _option(default: int, help_text: str | None = None) -> int:
    """A size of the bench: ``manage.py bench`` offers it as ``--name`` with this help."""
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True)
class Scale:
    schools: int = _option(100)
    people: int = _option(2000)
    assignments: int = _option(30000)
    catalogue: int = _option(
        150, "Active catalogue tasks (generated ones are added up to this number)."
    )
    plans: int = _option(10, "Schools with a transition plan.")
    runs: int = _option(5, "Runs per median.")
    import_rows: int = _option(
        10_000, "Rows of the catalogue workbook imported onto the group's lists."
    )


@dataclass
class Bench:
    group: SchoolGroup
    school: School  # the school whose pages are measured
    person: Person  # a typical member of its team
    user: object  # the group admin who visits
    entry: ListTask
    assignment: Assignment  # one with versions
    plan: TransitionPlan | None  # the measured school's, walked to the end


def _say(out, line: str) -> None:
    out.write(f"{line}\n")


def _catalogue(size: int) -> None:
    """Generated catalogue tasks up to ``size`` active ones (an imported catalogue counts).

    Generated tasks an earlier run left, retired since by a catalogue import (``make
    bench`` imports the catalogue first, which retires what its workbook lacks), are
    taken up again first, and a new one never reuses a code: ``make bench`` reruns.
    """
    missing = size - Task.objects.catalogue().active().count()
    if missing <= 0:
        return
    generated = Task.objects.catalogue().filter(code__startswith="BENCH-")
    retired = list(
        generated.exclude(status=TaskStatus.ACTIVE).order_by("code").values_list("pk", flat=True)
    )[:missing]
    Task.objects.filter(pk__in=retired).update(status=TaskStatus.ACTIVE)
    taken = set(generated.values_list("code", flat=True))
    codes = (code for n in itertools.count() if (code := f"BENCH-{n:03d}") not in taken)
    clusters = Cluster.values
    Task.objects.bulk_create(
        generated_task(
            code=next(codes),
            number=n,
            topics=12,
            core_every=4,
            **{f"needs_{clusters[n % len(clusters)]}": True},
        )
        for n in range(missing - len(retired))
    )


def _free_slug() -> str:
    n = 1
    while SchoolGroup.objects.filter(slug=f"bench-{n}").exists():
        n += 1
    return f"bench-{n}"


def generate(*, scale: Scale, out) -> Bench:
    started = time.perf_counter()
    _catalogue(scale.catalogue)
    slug = _free_slug()
    group = SchoolGroup.objects.create(name=f"Bench group {slug}", slug=slug)
    user = get_user_model().objects.create_user(username=f"{slug}-admin", is_staff=True)
    Membership.objects.create(user=user, group=group, role=Role.GROUP_ADMIN)
    schools = numbered_schools(group=group, slug=slug, count=scale.schools)
    for school in schools:
        task_list_initialise(owner=school)
    # By the schools' ids, not through a join: the tables' statistics are stale until
    # the ANALYZE below, and the planner would plan the join for near-empty tables.
    ListTask.objects.filter(school__in=schools).update(applies=True)
    _say(out, f"[bench] {scale.schools} schools with their task lists: {_since(started)}")

    people: dict[int, list[Person]] = {school.pk: [] for school in schools}
    for n in range(scale.people):
        school = schools[n % len(schools)]
        people[school.pk].append(
            person_create(
                school=school,
                name=f"Person {n:04d}",
                email=f"person{n:04d}@bench.example.org",
                roles=ROLE_MIX[n % len(ROLE_MIX)],
                ict_hours=Decimal(2 + n % 7),
                competences={"technical": n % 4, "pedagogical": (n + 1) % 4},
                user=user,
            )
        )
    _say(out, f"[bench] {scale.people} people: {_since(started)}")

    entries: dict[int, list[ListTask]] = {school.pk: [] for school in schools}
    for entry in ListTask.objects.filter(school__in=schools).order_by("pk"):
        entries[entry.school_id].append(entry)
    school = schools[0]
    team = people[school.pk]
    for k, entry in enumerate(entries[school.pk][: SERVICE_ASSIGNMENTS // 2]):
        # Two versions each: the assignment, then a change of hours and a backup.
        for version in range(2):
            assignment_set(
                school=school,
                list_task=entry,
                person=team[k % len(team)],
                executes=True,
                decides=True,
                lead=True,
                backup=team[(k + 1) % len(team)] if version else None,
                hours=Decimal("0.5") * (1 + version),
                user=user,
            )
    taken = set(Assignment.objects.filter(school=school).values_list("list_task_id", "person_id"))
    per_school = max(scale.assignments // max(scale.schools, 1), 1)
    bulk = []
    for each in schools:
        tasks, team = entries[each.pk], people[each.pk]
        if not tasks or not team:
            continue
        for k in range(per_school):
            entry, round_ = tasks[k % len(tasks)], k // len(tasks)
            person = team[(k + 7 * round_) % len(team)]
            if round_ >= len(team) or (entry.pk, person.pk) in taken:
                continue
            taken.add((entry.pk, person.pk))
            backup = team[(k + 1) % len(team)] if round_ == 0 and k % 3 == 0 else None
            bulk.append(
                generated_assignment(
                    rank=round_,
                    monitor_rank=1,
                    school=each,
                    list_task=entry,
                    person=person,
                    backup=backup if backup is not None and backup.pk != person.pk else None,
                    hours=Decimal("0.5"),
                )
            )
    bulk_create_with_history(bulk, Assignment, batch_size=2000, default_user=user)
    _analyze()
    total = Assignment.objects.filter(school__in=schools).count()
    _say(out, f"[bench] {total} assignments with their history: {_since(started)}")

    plans = [_walk(each, user) for each in schools[: scale.plans]]
    _say(out, f"[bench] {min(scale.plans, len(schools))} transition plans: {_since(started)}")
    _analyze()
    team = people[school.pk]
    assignment = (
        Assignment.objects.filter(school=school, backup__isnull=False).order_by("pk").first()
    )
    return Bench(
        group=group,
        school=school,
        person=team[len(team) // 2],
        user=user,
        entry=entries[school.pk][0],
        assignment=assignment,
        plan=plans[0] if plans else None,
    )


def vacuum() -> None:
    """Tables cleared of the rows an earlier run left behind, before a run starts.

    A run builds its group inside a transaction it rolls back: on PostgreSQL its rows stay
    in the tables as dead rows until autovacuum comes by, and the next run's queries read
    past them (in three runs in a row, the pages' wall time grew from run to run while
    their CPU did not). Outside a transaction only: VACUUM cannot run inside one."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def _analyze() -> None:
    """Fresh statistics for PostgreSQL's planner, which would plan for the empty tables."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.0f} s"


def _median_ms(action: Callable[[], object], runs: int) -> float:
    return _medians(action, runs)[0]


def _medians(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall-clock and median CPU milliseconds of this process over ``runs`` runs.

    The CPU time leaves out the database's work and the waits of a busy machine: next to
    the wall-clock time it tells what the page itself costs the application server.
    """
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), statistics.median(cpus)


def _paired_medians(
    action: Callable[[], object], bare: Callable[[], object], runs: int
) -> tuple[float, float, float, float]:
    """``_medians`` of ``bare`` and then of ``action``, one after the other: the page's
    wall-clock and CPU milliseconds, then the bare view's just before it. A ratio to a
    bare view timed once at the start moved with whatever the shared machine did in the
    minutes between; timed next to each page, both see the same machine. Each series
    starts from a collected heap, so that neither pays for the other's garbage (taken in
    turns a request at a time, the bare view paid for the page's and took twice as long).
    """
    gc.collect()
    bare_wall, bare_cpu = _medians(bare, runs)
    gc.collect()
    wall, cpu = _medians(action, runs)
    return wall, cpu, bare_wall, bare_cpu


def _pages(bench: Bench) -> list[tuple[str, str]]:
    """The measured pages: a label, the URL's name and its arguments."""
    school, group = [bench.school.slug], [bench.group.slug]
    admin = "admin:teams_assignment"
    plan = [
        ("Transition plan", "guidelines:school_plan", school),
        ("Action plan page", "guidelines:school_action_plan", school),
    ]
    pages = [
        ("Empty page in the site layout", "bench_empty", []),
        ("Home", "home", []),
        ("Group dashboard", "overview:group_dashboard", group),
        ("Group dashboard .xlsx", "overview:group_dashboard_xlsx", group),
        ("Catalogue", "tasks:catalogue", []),
        ("School task list (page 1)", "tasks:school_list", school),
        ("Task list entry", "tasks:school_entry", [*school, bench.entry.pk]),
        ("Group task list", "tasks:group_list", group),
        ("Team page with health", "teams:overview", school),
        ("Tasks × people matrix", "teams:matrix", school),
        ("Mandates", "teams:mandates", school),
        ("Group people", "teams:group_people", group),
        ("Documents", "teams:documents", school),
        ("Role description page", "teams:document_role", [*school, bench.person.pk]),
        ("Team overview document", "teams:document_overview", school),
        *(plan if bench.plan else []),
        ("Admin: assignments", f"{admin}_changelist", []),
        ("Admin: assignment history", f"{admin}_history", [bench.assignment.pk]),
        ("Admin: people", "admin:teams_person_changelist", []),
        ("Admin: task list entries", "admin:tasks_listtask_changelist", []),
    ]
    return [(label, reverse(name, args=args)) for label, name, args in pages]


def measure(*, bench: Bench, runs: int, out) -> None:
    # Production settings allow no host until ALLOWED_HOSTS names one, and redirect plain
    # HTTP: the requests go over "HTTPS" to a host the settings allow.
    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
    hosts = settings.ALLOWED_HOSTS if settings.ALLOWED_HOSTS else [host]
    with override_settings(ROOT_URLCONF="overview.bench.urls", ALLOWED_HOSTS=hosts):
        _measure(bench=bench, runs=runs, out=out, host=host)


def _measure(*, bench: Bench, runs: int, out, host: str) -> None:
    client = Client(HTTP_HOST=host)
    client.force_login(bench.user, backend="django.contrib.auth.backends.ModelBackend")

    def queries_of(fetch: Callable[[], object]) -> int:
        fetch()  # caches and connections warm, as on a running server
        with CaptureQueriesContext(connection) as queries:
            fetch()
        # Counted now: the captured queries are read from the connection's log, which the
        # next request empties.
        return len(queries)

    bare = get_page(client, reverse("bench_bare"))
    bare_queries = queries_of(bare)
    bare_ms, bare_cpu = _medians(bare, max(runs, 15))
    load = ", ".join(f"{n:.1f}" for n in os.getloadavg())
    _say(out, "")
    _say(
        out,
        f"Database {connection.vendor}, DEBUG {'on' if settings.DEBUG else 'off'}, "
        f"{os.cpu_count()} CPUs, load average {load}.",
    )
    _say(out, "")
    _say(out, "| Page | Queries | Median | × bare view | App CPU | × bare view |")
    _say(out, "|---|---:|---:|---:|---:|---:|")
    _say(
        out,
        f"| Bare authenticated view | {bare_queries} | {bare_ms:.0f} ms | 1.0 "
        f"| {bare_cpu:.0f} ms | 1.0 |",
    )
    # The pages as many times as the bare view (a ratio of two medians of five swung by a
    # tenth from run to run on an idle machine), each after the bare view timed again: its
    # ratios are to the bare view's medians of the seconds just before.
    for label, url in _pages(bench):
        fetch = get_page(client, url)
        count = queries_of(fetch)
        ms, cpu, beside_ms, beside_cpu = _paired_medians(fetch, bare, runs=max(runs, 15))
        _say(
            out,
            f"| {label} | {count} | {ms:.0f} ms | {ms / beside_ms:.1f} "
            f"| {cpu:.0f} ms | {cpu / max(beside_cpu, 0.1):.1f} |",
        )

    school, person, plan = bench.school, bench.person, bench.plan
    _say(out, "")
    _say(out, "| Document, export or import | Median | App CPU |")
    _say(out, "|---|---:|---:|")

    def line(label: str, action: Callable[[], object], count: int) -> None:
        wall, cpu = _medians(action, count)
        _say(out, f"| {label} | {wall:.0f} ms | {cpu:.0f} ms |")

    line(
        "First PDF of the process (role description)",
        lambda: role_description_pdf(school=school, person=person),
        1,
    )
    timed: list[tuple[str, Callable[[], object], int]] = [
        ("Role description PDF", lambda: role_description_pdf(school=school, person=person), runs),
        ("Team overview PDF", lambda: team_overview_pdf(school=school), 1),
        *(
            [("Action plan PDF", lambda: action_plan_pdf(plan=plan), max(runs // 2, 1))]
            if plan
            else []
        ),
        ("Group dashboard data", lambda: group_dashboard(group=bench.group), runs),
        ("Task list export (.xlsx)", lambda: task_export_xlsx(owner=school), runs),
        ("Division of tasks (.xlsx)", lambda: division_export_xlsx(school=school), runs),
    ]
    for label, action, count in timed:
        line(label, action, count)
    workbook = task_export_xlsx(owner=school)
    for label, dry_run in (("Task list import, preview", True), ("Task list import", False)):
        line(
            label,
            lambda dry_run=dry_run: task_import_xlsx(file=workbook, owner=school, dry_run=dry_run),
            max(runs // 2, 1),
        )
    wall, cpu = _medians(lambda: zip_bytes(school_documents(school=school)), 1)
    _say(out, f"| Every document of one school (.zip) | {wall:.0f} ms | {cpu:.0f} ms |")
    # The group's export runs one part per school on every worker (overview.jobs): with
    # two workers on two free cores it takes about half the schools' CPU time. The
    # measured school has a transition plan, so this errs on the long side.
    schools = School.objects.filter(group=bench.group).count()
    _say(
        out,
        f"| Group export, {schools} schools on two workers (estimate: that school's CPU "
        f"× {schools} ÷ 2) | | {cpu * schools / 2 / 60000:.1f} min |",
    )


def run(*, scale: Scale, out, generate_only: bool = False) -> Bench:
    bench = generate(scale=scale, out=out)
    if not generate_only:
        measure(bench=bench, runs=scale.runs, out=out)
        _say(out, "")
        _say(out, "| Catalogue import | Wall | App CPU | Peak memory growth |")
        _say(out, "|---|---:|---:|---:|")
        catalogue.measure(out=out, rows=scale.import_rows)
    return bench
