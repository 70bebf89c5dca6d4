"""The team builder's benchmark runs end to end on a small generated school."""

from io import StringIO

import pytest

from overview.bench import teams as bench
from teams.models import Assignment
from teams.models import Person

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_bench_times_the_documents_and_the_matrix(monkeypatch):
    monkeypatch.setattr(bench, "PEOPLE", 12)
    monkeypatch.setattr(bench, "ASSIGNMENTS", 30)
    monkeypatch.setattr(bench, "GENERATED_TASKS", 10)
    monkeypatch.setattr(bench, "RUNS", 1)
    out = StringIO()
    bench.run(out=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "[teams] generated school: 12 people, 10 tasks, 30 assignments"
    measured = [line.split(":")[0] for line in lines[1:]]
    assert [line.split(" (")[0] for line in measured] == [
        "[teams] role description PDF",
        "[teams] role description page",
        "[teams] matrix page",
        "[teams] team page with health panel",
        "[teams] team overview document page",
        "[teams] division of tasks workbook",
        "[teams] team overview PDF",
    ]
    assert all(line.endswith(" ms") for line in lines[1:])
    assert Person.objects.count() == 12
    # One lead per task, and every assignment holds a mandate.
    assert Assignment.objects.filter(lead=True).count() == 10
