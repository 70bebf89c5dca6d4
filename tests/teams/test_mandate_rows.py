import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.utils import timezone
from django.utils import translation

from teams.selectors import PendingMandate
from teams.selectors import pending_approvals
from teams.selectors import pending_mandates
from teams.selectors.mandates import pending_rows
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

# The template the rows were rendered with before ``{% mandate_rows %}``: the tag must
# write the same HTML.
REFERENCE = Path(__file__).parent / "reference" / "mandate_rows.html"


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("can_approve", [True, False])
def test_the_mandate_rows_equal_the_template_they_replace(school, language, can_approve):
    person = PersonFactory(school=school, name='Tom "<b>" & Co')
    other = PersonFactory(school=school, name="Lotte")
    for code, flags in (
        ("A&1", {"decides": True, "executes": True, "monitors": True, "lead": True}),
        ("B2", {"executes": True}),
        ("C3", {"decides": True, "monitors": True}),
    ):
        # C3 has no English title: it falls back to the Dutch one, as on the task's page.
        title_en = "" if code == "C3" else "T <i>"
        entry = ListTaskFactory(school=school, task=TaskFactory(code=code, title_en=title_en))
        AssignmentFactory(person=person, list_task=entry, hours=Decimal("2.5"), **flags)
        AssignmentFactory(person=other, list_task=entry, hours=Decimal("0"))
    context = {"school": school, "can_approve": can_approve, "csrf_token": "a-token"}
    with translation.override(language):
        # The template read the assignments as models; the tag reads them as rows.
        pending = list(pending_approvals(school=school))
        expected = Template(REFERENCE.read_text()).render(Context({**context, "pending": pending}))
        rows = pending_mandates(school=school)
        written = Template("{% load mandate_rows %}{% mandate_rows pending %}").render(
            Context({**context, "pending": rows})
        )
    assert len(pending) == 6
    assert [row.pk for row in rows] == [a.pk for a in pending]
    assert _squeeze(written) == _squeeze(expected)


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_compiled_pending_rows_equal_the_querysets(school, group, language):
    other_school = SchoolFactory(group=group)
    person, other = (
        PersonFactory(school=school, name="Zoë"),
        PersonFactory(school=school, name="An"),
    )
    for code, cluster, title_en in (
        ("P1", "policy", "Vision"),
        ("T1", "technical", ""),
        ("A1", "administrative", "Orders"),
    ):
        entry = ListTaskFactory(
            school=school, task=TaskFactory(code=code, cluster=cluster, title_en=title_en)
        )
        AssignmentFactory(person=person, list_task=entry, executes=True, hours=Decimal("1.5"))
        AssignmentFactory(person=other, list_task=entry, lead=True, approved_at=timezone.now())
    stranger = PersonFactory(school=other_school)
    AssignmentFactory(person=stranger, list_task=ListTaskFactory(school=other_school), decides=True)
    with translation.override(language):
        compiled = pending_mandates(school=school)
        # A second school reads its own rows from the same compiled query.
        theirs = pending_mandates(school=other_school)
        expected = [PendingMandate._make(row) for row in pending_rows(school.pk)]
    assert compiled == expected
    assert [row.task_code for row in compiled] == ["T1", "P1", "A1"]
    assert [row.person_id for row in theirs] == [stranger.pk]
