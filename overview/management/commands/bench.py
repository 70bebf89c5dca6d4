"""``make bench``: time the heavy pages and documents on large generated data.

Each module of ``overview.bench``, named after the app it measures, has
``run(*, out) -> None``: it builds its data in a throwaway database transaction and
writes one line per measurement.
"""

import importlib
import time

from django.core.management.base import BaseCommand
from django.db import transaction

APPS_WITH_BENCHMARKS = ["teams", "guidelines", "schools"]


class Rollback(Exception):
    """Raised to throw the generated benchmark data away."""


class Command(BaseCommand):
    help = "Benchmark pages and documents on large generated data (nothing is kept)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--only", help="Run the benchmarks of one app only.")

    def handle(self, *args, only: str | None = None, **options) -> None:
        for app in APPS_WITH_BENCHMARKS:
            if only and app != only:
                continue
            module = importlib.import_module(f"overview.bench.{app}")
            started = time.perf_counter()
            try:
                with transaction.atomic():
                    module.run(out=self.stdout)
                    raise Rollback
            except Rollback:
                pass
            self.stdout.write(f"[{app}] done in {time.perf_counter() - started:.1f} s")
