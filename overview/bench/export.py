"""``make bench``, the group's export: every document of every school, on real workers.

    python -m overview.bench.export [--schools 100] [--people 2000] [--assignments 30000]
                                    [--workers 2] [--group SLUG]

It builds a group the way ``manage.py bench`` does (committed, so that the workers see
it; ``--group`` takes one kept with ``bench --generate-only`` instead), starts the given
number of job workers (``manage.py db_worker``, or RQ's with ``JOBS_BACKEND=redis``),
starts the group admin's export of every document of every school (``overview.jobs``:
one part per school, spread over the workers), follows its progress and times it from the
click to the zip. It checks the zip holds a folder per school, then stops the workers and
deletes the job, its file and the group it built. The exit status is 1 when the export
failed or its zip lacks a school.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# How often the progress is read and said, in seconds.
POLL = 2
SAY_EVERY = 30


# This module runs as a script (``python -m``) and sets Django up itself once its command
# line is read, so the app's models and services are imported inside the functions that
# run after ``_setup_django()``: at import time Django is not ready for them.
def _setup_django() -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ictteam.settings")
    import django

    django.setup()


def start_workers(count: int, log) -> list[subprocess.Popen]:
    from django.conf import settings

    if settings.JOBS_BACKEND == "redis":
        command = ["rqworker", "--job-class", "django_tasks_rq.Job", "default"]
    else:
        command = ["db_worker", "--no-reload", "--interval", "0.5"]
    return [
        subprocess.Popen(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        for _ in range(count)
    ]


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


def build(options: argparse.Namespace):
    from overview.bench.group import Scale
    from overview.bench.group import generate
    from schools.models import Membership
    from schools.models import Role
    from schools.models import SchoolGroup

    if options.group:
        group = SchoolGroup.objects.get(slug=options.group)
        admin = Membership.objects.filter(group=group, role=Role.GROUP_ADMIN).first()
        if admin is None:
            raise SystemExit(f"The group {options.group} has no group admin to export as.")
        return group, admin.user, False
    scale = Scale(schools=options.schools, people=options.people, assignments=options.assignments)
    bench = generate(scale=scale, out=sys.stdout)
    return bench.group, bench.user, True


def follow(job, deadline: float):
    from schools.models import JobStatus

    started = time.monotonic()
    said = started
    while True:
        time.sleep(POLL)
        job.refresh_from_db()
        now = time.monotonic()
        if job.status in (JobStatus.DONE, JobStatus.FAILED):
            return job, now - started
        if now - said >= SAY_EVERY:
            print(f"[export] {job.done} of {job.total} schools after {now - started:.0f} s")
            said = now
        if now - started > deadline:
            raise SystemExit(f"The export did not finish within {deadline:.0f} s.")


def main() -> int:
    _setup_django()
    from django.core.files.storage import default_storage

    from overview.jobs import start_documents_export
    from schools.models import JobStatus
    from schools.models import School

    group, user, built = build(args)
    schools = list(School.objects.filter(group=group).order_by("name"))
    log = tempfile.NamedTemporaryFile("w+", prefix="bench-export-", suffix=".log", delete=False)  # noqa: SIM115
    workers = start_workers(args.workers, log)
    job = None
    failed = True
    try:
        job = start_documents_export(user=user, schools=schools, group=group)
        job, seconds = follow(job, deadline=args.deadline)
        if job.status != JobStatus.DONE:
            print(f"[export] failed after {seconds:.0f} s: {job.error} (workers' log: {log.name})")
            return 1
        with default_storage.open(job.result_path, "rb") as handle, zipfile.ZipFile(handle) as z:
            names = z.namelist()
            size = sum(info.file_size for info in z.infolist())
        stop_workers(workers)
        # What the workers spent themselves, whatever else the machine was doing: on idle
        # cores the export takes about this divided by the workers.
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = usage.ru_utime + usage.ru_stime
        folders = {name.split("/", 1)[0] for name in names}
        missing = {school.slug for school in schools} - folders
        print(
            f"| Group export, {len(schools)} schools on {args.workers} workers "
            f"({len(names)} documents, {size / 2**20:.0f} MB) | {seconds:.0f} s "
            f"({seconds / 60:.1f} min) |\n"
            f"| The workers' CPU time, together (÷ {args.workers}: the time on idle cores) "
            f"| {cpu:.0f} s ({cpu / args.workers / 60:.1f} min) |"
        )
        if missing:
            print(f"[export] the zip lacks {len(missing)} schools: {', '.join(sorted(missing))}")
            return 1
        failed = False
        return 0
    finally:
        stop_workers(workers)
        log.close()
        if not failed:
            os.unlink(log.name)
        if job is not None:
            if job.result_path:
                default_storage.delete(job.result_path)
            job.delete()
        if built:
            from django.contrib.auth import get_user_model

            School.objects.filter(group=group).delete()  # protected from the group's delete
            group.delete()
            get_user_model().objects.filter(pk=user.pk).delete()


parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--schools", type=int, default=100)
parser.add_argument("--people", type=int, default=2000)
parser.add_argument("--assignments", type=int, default=30000)
parser.add_argument("--workers", type=int, default=2)
parser.add_argument("--group", help="A group kept with `manage.py bench --generate-only`.")
parser.add_argument("--deadline", type=float, default=3600, help="Seconds before giving up.")
args = parser.parse_args([] if __name__ != "__main__" else None)

if __name__ == "__main__":
    sys.exit(main())
