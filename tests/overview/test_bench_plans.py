import io

import pytest

from overview.bench import guidelines as bench

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_bench_walks_a_large_plan_and_times_every_page(monkeypatch):
    # A smaller school keeps the test quick; the pages and the walk are the same.
    monkeypatch.setattr("overview.bench.teams.PEOPLE", 12)
    monkeypatch.setattr("overview.bench.teams.ASSIGNMENTS", 40)
    monkeypatch.setattr("overview.bench.teams.GENERATED_TASKS", 16)
    monkeypatch.setattr("overview.bench.teams.RUNS", 1)
    monkeypatch.setattr(bench, "ACTION_ITEMS", 3)
    out = io.StringIO()
    bench.run(out=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("[guidelines] plan at fact:")
    assert "4 evaluations" in lines[0]
    assert any(line.startswith("[guidelines] action plan PDF:") for line in lines)
    assert len(lines) == 11
