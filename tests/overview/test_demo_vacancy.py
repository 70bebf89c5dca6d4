"""The demo's school with real gaps: step 6 sorts them into routes, a vacancy is drafted
for the tasks to recruit for, and export_documents writes it as a PDF people can post."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from guidelines.flowchart.chapter3 import INTERNAL
from guidelines.flowchart.chapter3 import OUTSOURCE
from guidelines.flowchart.chapter3 import RECRUIT
from guidelines.selectors import gap_analysis
from guidelines.selectors import plan_for
from overview.demo import seed_demo
from schools.models import School
from tasks.models import Cluster
from tasks.models import ListLevel
from teams.models import Vacancy
from teams.models import VacancyProfile

pytestmark = pytest.mark.django_db


def pdf_text(path: Path) -> str:
    pages = PdfReader(io.BytesIO(path.read_bytes())).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def test_demo_school_with_gaps_reaches_step_6_with_every_route_and_a_vacancy(demo, tmp_path):
    atheneum = School.objects.get(slug="atheneum-zuid")
    plan = plan_for(owner=atheneum)
    assert plan.current_node == "fill_gaps"
    analysis = gap_analysis(plan=plan)
    routes = {gap.route for gap in analysis.gaps}
    # All three of the report's routes: recruit, outsource, and give it to someone inside.
    assert routes == {RECRUIT, OUTSOURCE, INTERNAL}
    assert all(gap.decision is not None for gap in analysis.gaps)
    # Tasks someone in the team is willing to take: divided internally in step 7.
    assert analysis.to_divide

    [vacancy] = Vacancy.objects.filter(school=atheneum)
    tasks = list(vacancy.tasks.select_related("task"))
    recruit = {gap.entry.pk for gap in analysis.gaps if gap.route == RECRUIT}
    assert tasks and {entry.pk for entry in tasks} <= recruit
    assert all(entry.level == ListLevel.SCHOOL for entry in tasks)
    assert all(entry.task.cluster == Cluster.PEDAGOGICAL for entry in tasks)
    assert vacancy.profile == VacancyProfile.PEDAGOGICAL
    assert "strong technical basis or interest" in vacancy.profile_text
    # Step 4 recorded 34 hours; the school's people hold 24 of them.
    assert vacancy.hours == Decimal("10")
    assert vacancy.start_date is not None
    assert "Nadia Willems" in vacancy.contact

    seed_demo()
    assert Vacancy.objects.filter(school=atheneum).count() == 1

    # The demo drafted its vacancy in the suite's language (English): export in it too.
    call_command(
        "export_documents",
        "--school",
        "atheneum-zuid",
        "--language",
        "en",
        "--out",
        str(tmp_path),
        stdout=io.StringIO(),
    )
    written = sorted((tmp_path / "atheneum-zuid").glob("vacancy-*.pdf"))
    assert [path.name for path in written] == [
        "vacancy-pedagogical-ict-coordinator-at-atheneum-zuid.pdf"
    ]
    text = pdf_text(written[0])
    assert "Pedagogical ICT coordinator at Atheneum Zuid" in text
    assert "mainly pedagogically strong, with a strong technical basis or interest" in text
    for entry in tasks:
        assert entry.task.title in text
    # The print layout floats the labels of the facts list: the text comes out by column.
    assert "Hours per week" in text and " 10 " in f" {text} "
    assert "What we offer" in text and "BPT hours" in text
    assert "permanent appointment is possible" in text
    assert "Contact and how to apply" in text
    assert "letter of motivation" in text and "nadia.willems@atheneum-zuid.example" in text
