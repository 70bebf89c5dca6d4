"""Running the real database worker inside a test."""

from io import StringIO
from unittest import mock

from django.core.management import call_command


def run_worker() -> None:
    """The real worker (``db_worker``), once over everything waiting.

    Between tasks the worker closes connections it finds too old, as a long-running process
    should. A test runs inside one transaction on one connection, which must stay open:
    Django's test runner likewise keeps its request signals from closing it.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
