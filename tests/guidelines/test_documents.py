import io

import pytest
from pypdf import PdfReader

from guidelines import services
from overview.documents import action_plan_documents
from overview.documents import export_school_documents
from overview.documents import school_documents
from schools.models import Role
from tests.factories import member

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_a_school_without_a_plan_has_no_action_plan_yet(school):
    assert action_plan_documents(school=school) == []


def test_the_school_documents_hold_the_action_plan(tmp_path, school):
    leader = member(school, role=Role.SCHOOL_LEADER)
    plan = services.plan_start(owner=school, user=leader)
    for node_id, value in [("growth", "yes"), ("vision", "yes"), ("policy_plan", "no")]:
        plan = services.answer_set(plan=plan, node_id=node_id, value=value, user=leader)
    names = [name for name, _content in school_documents(school=school)]
    assert names[-1] == "action-plan.pdf"
    written = export_school_documents(school=school, out=tmp_path)
    path = tmp_path / school.slug / "action-plan.pdf"
    assert path in written
    text = pdf_text(path.read_bytes())
    assert f"Action plan: {school.name}" in text
    assert "Is there an ICT policy plan?" in text
    assert "Draw up the ICT policy plan" in text
    assert "policy planner" in text
