"""``make bench`` under load: readers and matrix writers at once against gunicorn.

    python -m overview.bench.load [--readers 50] [--writers 10] [--seconds 60]

Needs PostgreSQL (``DATABASE_URL=postgres://…``): SQLite runs one writer at a time,
so a load test there measures the lock, not the application; without it the script
says so and stops. It builds a school of its own (the catalogue's tasks, 20 people,
a user per client), starts gunicorn on 127.0.0.1 at a free port, lets the readers open
the team's pages and the writers tick and untick random cells of the matrix for the
given time, then stops gunicorn and deletes the school, its people and its users.

It reports, per kind of request, how many were made, the server errors (5xx or no
answer), other refusals (4xx) and the median and 95th-percentile time. The exit status
is 1 when any request got a server error.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from urllib.parse import urlencode

BASE_DIR = Path(__file__).resolve().parents[2]
SLUG = "bench-load-school"
PEOPLE = 20
# Readers rotate through these pages of the load school.
READ_PAGES = {
    "team": "/schools/{school}/team/",
    "matrix page": "/schools/{school}/team/matrix/",
    "task list": "/schools/{school}/tasks/",
    "person": "/schools/{school}/team/people/{person}/",
    "school": "/schools/{school}/",
}


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    refused: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int | None, what: str = "") -> None:
        with self.lock:
            self.times[kind].append(seconds * 1000)
            if status is None or status >= 500:
                self.errors[kind] += 1
                if len(self.samples) < 10:
                    self.samples.append(f"{kind}: {status} {what}"[:300])
            elif status >= 400:
                self.refused[kind] += 1


# This module runs as a script (``python -m``) and sets Django up itself once its command
# line is read, so the app's models and services are imported inside the functions that
# run after ``_setup_django()``: at import time Django is not ready for them.
def _setup_django() -> None:
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ictteam.settings")
    import django

    django.setup()


def build() -> dict:
    """The load school, committed so that gunicorn sees it; returns what clients need."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from schools.models import EducationLevel
    from schools.models import Membership
    from schools.models import Role
    from schools.models import School
    from schools.models import SchoolGroup
    from tasks.models import ListTask
    from tasks.services import task_list_initialise
    from teams.models import Person

    cleanup()
    group = SchoolGroup.objects.create(name="Load group", slug=f"{SLUG}-group")
    school = School.objects.create(
        group=group,
        name="Load school",
        slug=SLUG,
        education_level=EducationLevel.SECONDARY,
        pupils=1200,
        locations=2,
    )
    task_list_initialise(owner=school)
    ListTask.objects.filter(school=school).update(applies=True)
    if not ListTask.objects.filter(school=school).exists():
        raise SystemExit("No catalogue: run `make db` (it imports the catalogue) first.")
    people = [
        Person.objects.create(school=school, name=f"Load person {n:02d}", ict_hours=4)
        for n in range(PEOPLE)
    ]
    user_model = get_user_model()
    sessions = []
    for n in range(args.readers + args.writers):
        user = user_model.objects.create_user(username=f"{SLUG}-{n}", password=None)
        Membership.objects.create(user=user, school=school, role=Role.ICT_COORDINATOR)
        client = Client()
        client.force_login(user)
        sessions.append(client.cookies["sessionid"].value)
    return {"school": SLUG, "person": people[0].pk, "sessions": sessions}


def cleanup() -> None:
    from django.contrib.auth import get_user_model

    from schools.models import School
    from schools.models import SchoolGroup

    School.objects.filter(slug=SLUG).delete()
    SchoolGroup.objects.filter(slug=f"{SLUG}-group").delete()
    get_user_model().objects.filter(username__startswith=f"{SLUG}-").delete()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
    }
    # Production serves the collected, hashed static files (what the pages link to).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "ictteam.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            "8",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("gunicorn did not start") from None
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer within 30 s")


class Browser:
    """One client: a session cookie, a CSRF cookie, keep-alive to the loopback server."""

    def __init__(self, port: int, session: str) -> None:
        self.port = port
        self.cookies = {"sessionid": session}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        headers = {
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Host": "127.0.0.1",
        }
        payload = None
        if body is not None:
            payload = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        try:
            self.connection.request(method, path, payload, headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        for header in response.msg.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text


def reader(browser: Browser, context: dict, tally: Tally, stop: float) -> None:
    kinds = list(READ_PAGES)
    rng = random.Random()
    while time.monotonic() < stop:
        kind = rng.choice(kinds)
        path = READ_PAGES[kind].format(**context)
        started = time.perf_counter()
        try:
            status, _ = browser.request("GET", path)
        except (OSError, http.client.HTTPException) as error:
            status = None
            tally.add(kind, time.perf_counter() - started, status, repr(error))
            continue
        tally.add(kind, time.perf_counter() - started, status, path)


# A cell of the matrix links to its editor; the editor is a form of four mandates, hours,
# a backup and the cell's state as shown (``was``).
_CELL_LINK = re.compile(r'href="(cell/\d+/\d+/)[^"]*"')
_BOX = re.compile(r'<input type="checkbox"[^>]*name="(decides|executes|monitors|lead)"([^>]*)>')
_WAS = re.compile(r'name="was" value="([^"]*)"')
_HOURS = re.compile(r'<input[^>]*name="hours"[^>]*value="([^"]*)"')
_BACKUP = re.compile(r'<select[^>]*name="backup".*?<option value="(\d*)" selected', re.S)


def writer(browser: Browser, context: dict, tally: Tally, stop: float) -> None:
    """Open the matrix and a random cell's editor, tick or untick a mandate, save; again
    until the end. A cell someone else changed meanwhile answers with the conflict (200)."""
    path = READ_PAGES["matrix page"].format(**context)
    rng = random.Random()
    while time.monotonic() < stop:
        started = time.perf_counter()
        try:
            status, html = browser.request("GET", path)
        except (OSError, http.client.HTTPException) as error:
            tally.add("matrix read (writer)", time.perf_counter() - started, None, repr(error))
            continue
        tally.add("matrix read (writer)", time.perf_counter() - started, status, path)
        # The links are relative to the matrix page.
        cells = sorted({path + cell for cell in _CELL_LINK.findall(html)})
        if status != 200 or not cells:
            tally.add("matrix save", 0, None, "the matrix page has no cells to edit")
            return
        cell = rng.choice(cells)
        started = time.perf_counter()
        try:
            status, editor = browser.request("GET", cell)
        except (OSError, http.client.HTTPException) as error:
            tally.add("cell editor", time.perf_counter() - started, None, repr(error))
            continue
        tally.add("cell editor", time.perf_counter() - started, status, cell)
        data: dict[str, list[str]] = defaultdict(list)
        for name, pattern in (("was", _WAS), ("hours", _HOURS), ("backup", _BACKUP)):
            if found := pattern.search(editor):
                data[name].append(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
        boxes = _BOX.findall(editor)
        for name, rest in boxes:
            if "checked" in rest:
                data[name].append("on")
        if boxes:
            name = rng.choice([name for name, _rest in boxes])
            if data.get(name):
                data.pop(name)
            else:
                data[name].append("on")
        started = time.perf_counter()
        try:
            status, _ = browser.request("POST", cell, data)
        except (OSError, http.client.HTTPException) as error:
            tally.add("matrix save", time.perf_counter() - started, None, repr(error))
            continue
        tally.add("matrix save", time.perf_counter() - started, status, cell)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def report(tally: Tally, seconds: float) -> int:
    print(
        f"{args.readers} readers, {args.writers} matrix writers, {seconds:.0f} s, "
        f"gunicorn {args.workers} workers x 8 threads on 127.0.0.1"
    )
    print(f"{'kind':<22}{'requests':>9}{'5xx':>6}{'4xx':>6}{'p50 ms':>9}{'p95 ms':>9}")
    failed = 0
    for kind in sorted(tally.times):
        times = tally.times[kind]
        failed += tally.errors[kind]
        print(
            f"{kind:<22}{len(times):>9}{tally.errors[kind]:>6}{tally.refused[kind]:>6}"
            f"{statistics.median(times):>9.0f}{percentile(times, 0.95):>9.0f}"
        )
    total = sum(len(t) for t in tally.times.values())
    print(f"{total} requests, {total / seconds:.0f} per second, {failed} server errors")
    for sample in tally.samples:
        print("  error:", sample)
    return 1 if failed else 0


def main() -> int:
    database = os.environ.get("DATABASE_URL", "")
    if not database.startswith(("postgres://", "postgresql://")):
        print(
            "Load test skipped: it needs PostgreSQL (DATABASE_URL=postgres://…); SQLite "
            "runs one writer at a time."
        )
        return 0
    # One key for this process (it makes the sessions) and the server (it checks them).
    os.environ["SECRET_KEY"] = secrets.token_urlsafe(50)
    _setup_django()
    context = build()
    port = free_port()
    server = start_gunicorn(port)
    tally = Tally()
    try:
        started = time.monotonic()
        stop = started + args.seconds
        threads = [
            threading.Thread(
                target=reader, args=(Browser(port, session), context, tally, stop), daemon=True
            )
            for session in context["sessions"][: args.readers]
        ] + [
            threading.Thread(
                target=writer, args=(Browser(port, session), context, tally, stop), daemon=True
            )
            for session in context["sessions"][args.readers :]
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=args.seconds + 120)
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        from django.db import connection

        connection.close()
        cleanup()
    return report(tally, elapsed)


parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--readers", type=int, default=50)
parser.add_argument("--writers", type=int, default=10)
parser.add_argument("--seconds", type=float, default=60)
parser.add_argument("--workers", type=int, default=4)
args = parser.parse_args([] if __name__ != "__main__" else None)

if __name__ == "__main__":
    sys.exit(main())
