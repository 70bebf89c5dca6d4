"""The demo, seeded once per test module.

Seeding the demo (with the Appendix 1 catalogue) takes far longer than any test that reads
it, so a module seeds it once, inside a transaction that is rolled back when the module is
done. Each test still runs in its own savepoint inside it (the ``db`` fixture), so a test
that writes, such as seeding again to show it changes nothing, is rolled back before the
next test: every test sees the demo as seeded.
"""

from pathlib import Path

import pytest
from django.db import transaction

from overview.demo import seed_demo
from tasks.importer import task_import_xlsx

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ict-task-overview.xlsx"


def _seeded_once(django_db_blocker, *, catalogue: bool):
    with django_db_blocker.unblock(), transaction.atomic():
        if catalogue:
            assert task_import_xlsx(file=FIXTURE).ok
        seed_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def _demo_of_the_module(django_db_setup, django_db_blocker):
    yield from _seeded_once(django_db_blocker, catalogue=True)


@pytest.fixture(scope="module")
def _bare_demo_of_the_module(django_db_setup, django_db_blocker):
    yield from _seeded_once(django_db_blocker, catalogue=False)


@pytest.fixture
def demo(_demo_of_the_module, db):
    """The demo seeded on the catalogue, once for the module."""


@pytest.fixture
def bare_demo(_bare_demo_of_the_module, db):
    """The demo seeded without a catalogue, once for the module."""
