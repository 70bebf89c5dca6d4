"""``make bench``: the app at group scale, measured page by page.

``manage.py bench --schools 100 --people 2000 --assignments 30000`` builds a group of
that size (``overview.bench.group``), prints a table per page (SQL queries, median time,
and that time as a multiple of a bare authenticated view timed in the same run), then
the PDFs, exports and imports, and throws the group away. ``--generate-only`` keeps the
group in the configured database and measures nothing, to look around in it.

``--only teams|guidelines|schools`` runs one app's older, smaller benchmark instead.
"""

import importlib
import time
from dataclasses import fields

from django.core.management.base import BaseCommand
from django.db import transaction

from overview.bench.group import Scale
from overview.bench.group import run as run_group
from overview.bench.group import vacuum

APPS_WITH_BENCHMARKS = ["teams", "guidelines", "schools"]


class Rollback(Exception):
    """Raised to throw the generated benchmark data away."""


class Command(BaseCommand):
    help = "Benchmark the pages, documents, exports and imports on a generated school group."

    def add_arguments(self, parser) -> None:
        for size in fields(Scale):
            parser.add_argument(
                f"--{size.name.replace('_', '-')}",
                type=int,
                default=size.default,
                help=size.metadata["help"],
            )
        parser.add_argument(
            "--generate-only",
            action="store_true",
            help="Keep the generated group in the database and measure nothing.",
        )
        parser.add_argument(
            "--only", choices=APPS_WITH_BENCHMARKS, help="Run one app's smaller benchmark."
        )

    def handle(self, *args, only: str | None = None, **options) -> None:
        if only:
            self._app_bench(only)
            return
        scale = Scale(**{size.name: options[size.name] for size in fields(Scale)})
        if options["generate_only"]:
            with transaction.atomic():
                bench = run_group(scale=scale, out=self.stdout, generate_only=True)
            self.stdout.write(
                f"Kept the group “{bench.group.name}” ({bench.group.slug}); "
                f"its admin is {bench.user.username} (no password: set one to sign in)."
            )
            return
        vacuum()
        try:
            with transaction.atomic():
                run_group(scale=scale, out=self.stdout)
                raise Rollback
        except Rollback:
            pass

    def _app_bench(self, app: str) -> None:
        module = importlib.import_module(f"overview.bench.{app}")
        started = time.perf_counter()
        try:
            with transaction.atomic():
                module.run(out=self.stdout)
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(f"[{app}] done in {time.perf_counter() - started:.1f} s")
