"""The committed catalogue workbook, Appendix 1 of the report rebuilt, imports cleanly."""

from pathlib import Path

import pytest

from tasks.importer import task_import_xlsx
from tasks.models import Cluster, Task

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "ict-task-overview.xlsx"


def test_fixture_workbook_imports_as_the_whole_catalogue():
    report = task_import_xlsx(file=FIXTURE)
    assert report.ok, report.errors
    assert not report.warnings
    catalogue = Task.objects.catalogue().active()
    assert catalogue.count() == len(report.added) > 100
    assert set(catalogue.values_list("cluster", flat=True)) == set(Cluster.values)
    for cluster in Cluster.values:
        assert catalogue.filter(cluster=cluster, is_core=True).exists(), cluster
    assert not catalogue.filter(source="").exists()
    assert not catalogue.filter(description="").exists()


def test_fixture_workbook_imported_twice_changes_nothing():
    task_import_xlsx(file=FIXTURE)
    again = task_import_xlsx(file=FIXTURE)
    assert again.ok
    assert (again.added, again.changed, again.retired) == ([], [], [])
    assert set(Task.objects.values_list("revision", flat=True)) == {1}
