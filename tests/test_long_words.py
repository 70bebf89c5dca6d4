"""Long unbroken words (a name without spaces, a pasted address) wrap in the PDFs instead
of running off the page, and the table rows of an action plan and of a team overview stay
whole across pages."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from guidelines import services
from guidelines.documents import action_plan_pdf
from schools.models import Role
from teams.documents import team_overview_pdf
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import member

pytestmark = pytest.mark.django_db

LONG = "Vanderstraeten" * 14  # 196 characters, one word


def lines(content: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(content))
    return [line for page in reader.pages for line in (page.extract_text() or "").splitlines()]


def wraps(content: bytes) -> bool:
    """The long word is in the PDF, and never whole on one line: it wrapped."""
    found = lines(content)
    return any("Vanderstraeten" in line for line in found) and not any(
        LONG in line for line in found
    )


def test_a_long_name_wraps_in_the_team_overview_pdf(school):
    PersonFactory(school=school, name=LONG, email="long@example.org")
    assert wraps(team_overview_pdf(school=school))


def test_a_long_action_item_wraps_in_the_action_plan_pdf(school):
    leader = member(school, role=Role.SCHOOL_LEADER)
    plan = services.plan_start(owner=school, user=leader)
    services.action_item_add(plan=plan, text=LONG, who=LONG, due=date(2027, 1, 1), step=None)
    assert wraps(action_plan_pdf(plan=plan))


def test_action_plan_rows_stay_whole_across_pages(school):
    leader = member(school, role=Role.SCHOOL_LEADER)
    plan = services.plan_start(owner=school, user=leader)
    for number in range(60):
        services.action_item_add(
            plan=plan,
            text=f"Action {number:02d} " + "with a description long enough to take lines " * 3,
            who=f"Owner {number:02d}",
            due=date(2027, 1, 1),
            step=None,
        )
    reader = PdfReader(io.BytesIO(action_plan_pdf(plan=plan)))
    assert len(reader.pages) > 1
    # Each row's text and its owner land on the same page.
    for page in reader.pages:
        text = page.extract_text() or ""
        for number in range(60):
            if f"Action {number:02d}" in text:
                assert f"Owner {number:02d}" in text, number


def test_team_overview_rows_stay_whole_across_pages(school):
    holder = PersonFactory(school=school, name="Holder")
    for number in range(70):
        entry = ListTaskFactory(
            school=school,
            task__code=f"TEC-{number:02d}",
            task__title=f"Task {number:02d} " + "with a title long enough to take lines " * 3,
        )
        AssignmentFactory(person=holder, list_task=entry, lead=number % 2 == 0)
    reader = PdfReader(io.BytesIO(team_overview_pdf(school=school)))
    assert len(reader.pages) > 2
    # Each task's title and its holders land on the same page.
    seen = 0
    for page in reader.pages:
        text = " ".join((page.extract_text() or "").split())
        for number in range(70):
            if f"TEC-{number:02d} Task" in text:
                seen += 1
                code = "EL" if number % 2 == 0 else "E"
                assert f"lines Holder ({code})" in text, number
    assert seen == 70
