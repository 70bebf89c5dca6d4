"""``manage.py bench`` builds a group, measures every page against a bare view, and cleans up."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from overview.bench.group import _catalogue
from schools.models import SchoolGroup
from tasks.models import Task
from tasks.models import TaskStatus
from teams.models import Assignment
from teams.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SMALL = {
    "schools": 2,
    "people": 8,
    "assignments": 40,
    "catalogue": 10,
    "plans": 1,
    "runs": 1,
    "import_rows": 30,
}


def test_bench_measures_pages_documents_exports_and_imports_then_keeps_nothing():
    out = StringIO()
    call_command("bench", stdout=out, **SMALL)
    text = out.getvalue()
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line]
    pages = {line.split(" | ")[0][2:]: line for line in rows}
    for page in (
        "Bare authenticated view",
        "Group dashboard",
        "School task list (page 1)",
        "Team page with health",
        "Tasks × people matrix",
        "Admin: assignments",
        "Admin: assignment history",
        "Role description PDF",
        "Team overview PDF",
        "Action plan PDF",
        "Task list export (.xlsx)",
        "Task list import",
    ):
        assert page in pages, page
    # Each page: its queries, its median and its multiple of the bare view, in wall-clock
    # time and in the application's CPU time.
    assert re.fullmatch(
        r"\| Group dashboard \| \d+ \| \d+ ms \| \d+\.\d \| \d+ ms \| \d+\.\d \|",
        pages["Group dashboard"],
    )
    # The group's export, from one school's documents: half its CPU time a school.
    assert re.search(
        r"\| Group export, 2 schools on two workers \(estimate: .*\) \| \| \d+\.\d min \|", text
    )
    # The catalogue import onto the lists: preview, the catalogue, its fan-out.
    assert re.search(
        r"\| Catalogue import of 30 rows, preview \| \d+ ms \| \d+ ms \| \d+ MB \|", text
    )
    assert re.search(r"\| Its fan-out: [\d,]+ list entries in \d+ parts, one worker \|", text)
    assert not SchoolGroup.objects.exists()
    assert not Person.objects.exists()


def test_generate_only_keeps_the_group_with_history():
    call_command("bench", stdout=StringIO(), generate_only=True, **SMALL)
    group = SchoolGroup.objects.get()
    assert group.schools.count() == 2
    assert Person.objects.filter(school__group=group).count() == 8
    assignments = Assignment.objects.filter(school__group=group)
    assert assignments.count() >= 30
    # Bulk-made assignments carry their history too.
    assert Assignment.history.filter(school__group=group).count() >= assignments.count()


@pytest.mark.django_db
def test_a_rerun_takes_up_the_generated_tasks_a_catalogue_import_retired():
    _catalogue(3)
    Task.objects.filter(code="BENCH-001").update(status=TaskStatus.RETIRED)
    _catalogue(4)

    active = Task.objects.catalogue().active()
    assert active.count() == 4
    assert set(active.values_list("code", flat=True)) == {f"BENCH-{n:03d}" for n in range(4)}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_run_starts_by_vacuuming_the_dead_rows_of_the_runs_before():
    from django.db import connection

    from overview.bench.group import vacuum

    def vacuums() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_force_next_flush()")
            cursor.execute(
                "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'teams_assignment'"
            )
            return cursor.fetchone()[0]

    before = vacuums()
    vacuum()  # VACUUM would refuse inside a transaction: this one runs outside any
    assert vacuums() == before + 1


@pytest.mark.postgres
def test_inside_a_transaction_the_vacuum_is_left_out():
    from overview.bench.group import vacuum

    vacuum()  # VACUUM inside a transaction block would raise
    assert Assignment.objects.count() == 0
