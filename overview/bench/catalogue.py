"""The catalogue import at group scale, for ``make bench``: a generated catalogue workbook
of 10,000 rows onto the bench group's lists (a hundred schools: a million list entries).

Measured as the large import runs (``tasks.jobs``): the preview (a dry run), then the
import itself (the catalogue, in its transaction, as the job's first step), then the
fan-out of the new tasks to the lists, part by part as the workers run them, each with
the checks of its foreign keys that PostgreSQL would run at its commit. Everything runs
inside the bench's transaction, which is rolled back: the fan-out's parts run one after
the other in this process, and two workers take about half that time.
"""

from __future__ import annotations

import io
import resource
import time
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection
from django.db import transaction
from django.utils import translation
from openpyxl import Workbook

from overview.bench.schools import generated_task
from tasks import workbook as wb
from tasks.importer import task_import_xlsx
from tasks.jobs import LISTS_PER_PART
from tasks.models import Task
from tasks.services import task_list_add_new_catalogue_tasks
from tasks.services import task_lists_in_parts

ROWS = 10_000


def catalogue_workbook(*, rows: int = ROWS) -> bytes:
    """The active catalogue and new generated tasks up to ``rows`` rows, as the catalogue
    export writes it (every language's texts, styled), in Dutch."""
    with translation.override("nl"):
        columns = wb.catalogue_columns()
        tasks = list(Task.objects.catalogue().active().order_by("code"))
        tasks += [
            generated_task(
                code=f"IMPORT-{number:05d}",
                number=number,
                topics=40,
                core_every=4,
                for_primary=number % 3 != 0,
                for_secondary=number % 3 != 1,
                needs_technical=True,
                description=f"What generated task {number} asks of the ICT team.",
                source="Ch. 1, Figure 1",
            )
            for number in range(max(rows - len(tasks), 0))
        ]
        workbook = Workbook()
        wb.write_tasks_sheet(
            workbook.active, columns, ((task.is_core, wb.task_row(task, columns)) for task in tasks)
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class Peak:
    growth: int = 0  # bytes the process's peak resident memory rose above where it was


def _status(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0


@contextmanager
def peak_memory() -> Iterator[Peak]:
    """How far the peak resident memory of the process rises over the block.

    Linux resets a process's peak (``VmHWM``) when it writes 5 to its ``clear_refs``, so the
    peak is the block's even after a larger one earlier in the process; elsewhere the
    whole process's peak stands in, never less than the block's.
    """
    peak = Peak()
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")
        before, field = _status("VmRSS:"), "VmHWM:"
    except OSError:
        before, field = 0, ""
    yield peak
    if field:
        peak.growth = max(_status(field) - before, 0)
    else:
        peak.growth = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _timed(action: Callable[[], object]) -> tuple[float, float, int, object]:
    with peak_memory() as peak:
        wall, cpu = time.perf_counter(), time.process_time()
        result = action()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall, cpu, peak.growth, result


def _fan_out(task_ids: list[int]) -> tuple[int, int]:
    """Every part of the fan-out, one after the other; (parts, entries added)."""
    parts = task_lists_in_parts(size=LISTS_PER_PART)
    added = 0
    with connection.cursor() as cursor:
        for part in parts:
            with transaction.atomic():
                added += task_list_add_new_catalogue_tasks(tasks=task_ids, **part)
                if connection.vendor == "postgresql":
                    # The foreign keys a part's commit would check, checked now.
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return len(parts), added


def measure(*, out, rows: int = ROWS) -> None:
    """Rows of the bench's table of documents, exports and imports (wall, app CPU, memory)."""
    # The whole active catalogue is in the workbook, so it may hold more than asked for.
    rows = max(rows, Task.objects.catalogue().active().count())
    data = catalogue_workbook(rows=rows)
    lines = []
    wall, cpu, growth, _report = _timed(lambda: task_import_xlsx(file=data, dry_run=True))
    lines.append((f"Catalogue import of {rows:,} rows, preview", wall, cpu, growth))
    wall, cpu, growth, report = _timed(lambda: task_import_xlsx(file=data, lists_later=True))
    assert report.ok, report.errors[:3]
    lines.append((f"Catalogue import of {rows:,} rows (the catalogue)", wall, cpu, growth))
    wall, cpu, growth, (parts, added) = _timed(lambda: _fan_out(report.for_the_lists))
    lines.append(
        (f"Its fan-out: {added:,} list entries in {parts} parts, one worker", wall, cpu, growth)
    )
    for label, wall, cpu, growth in lines:
        out.write(
            f"| {label} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms | {growth / 2**20:.0f} MB |\n"
        )
