import os

import pytest

from tests.factories import PASSWORD
from tests.factories import SchoolFactory
from tests.factories import SchoolGroupFactory


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def group(db):
    return SchoolGroupFactory(name="Scholengroep Noord", slug="noord")


@pytest.fixture
def school(group):
    return SchoolFactory(group=group, name="Sint-Jan Secundair", slug="sint-jan")


@pytest.fixture
def other_group(db):
    return SchoolGroupFactory(name="Scholengroep Zuid", slug="zuid")


@pytest.fixture
def other_school(other_group):
    """A school of another group: nothing of it may leak to users of ``school``."""
    return SchoolFactory(group=other_group, name="Atheneum Zuid", slug="atheneum-zuid")


@pytest.fixture
def sibling_school(group):
    """Another school of the same group."""
    return SchoolFactory(
        group=group, name="Basisschool De Linde", slug="de-linde", education_level="primary"
    )


@pytest.fixture(autouse=True)
def _language_of_the_settings():
    """Every test starts in the settings' language: a request or a test that switched the
    language (the locale middleware keeps it active in the thread) must not leak into the
    next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests that need a server beside the suite run where it is there and are left out of
    the run elsewhere, not skipped: ``redis`` where REDIS_URL names one (.ci/run starts
    one), ``postgres`` where DATABASE_URL is PostgreSQL (.ci/run's second pass)."""
    missing = set()
    if not os.environ.get("REDIS_URL"):
        missing.add("redis")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        missing.add("postgres")
    left_out = [item for item in items if any(item.get_closest_marker(m) for m in missing)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]
