"""The plan's section, for the ICT policy plan: on a page and in a WeasyPrint PDF."""

import io

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from development.models import ItemStatus
from development.models import Term
from development.routes import COUNSELLING
from development.selectors import development_plan
from development.services import item_create
from schools.documents import render_pdf
from teams.models import Level
from tests.teams.builders import person
from tests.teams.builders import team_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(school):
    lotte = person(school, name="Lotte Maes", competences={"policy": Level.NONE})
    entry = team_task(school, cluster="policy", needs=("policy",), title="Draw up the ICT plan")
    item_create(
        school=school,
        person=lotte,
        competence="policy",
        list_task=entry,
        route=COUNSELLING,
        school_year=2026,
        term=Term.SECOND,
        status=ItemStatus.UNDER_WAY,
    )
    return development_plan(school=school)


def test_the_section_renders_the_items_and_the_thin_competences(plan):
    html = render_to_string("development/_plan_section.html", {"plan": plan, "heading": "h3"})
    assert '<h3 id="development-plan-heading">' in html
    for text in (
        "Lotte Maes",
        "Draw up the ICT plan",
        "The pedagogical counselling service",
        "2026-2027, Second term",
        "Under way",
        "<strong>Policy",
    ):
        assert text in html


def test_the_section_renders_in_a_pdf(plan):
    pdf = render_pdf(template="development/_plan_section.html", context={"plan": plan})
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Professional development plan" in text
    assert "Lotte Maes" in text


def test_the_section_of_an_empty_plan_says_so(school):
    html = render_to_string(
        "development/_plan_section.html", {"plan": development_plan(school=school)}
    )
    assert "No items on the professional development plan yet." in html
