import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from teams.selectors import pending_approvals, pending_mandates
from tests.factories import AssignmentFactory, ListTaskFactory, PersonFactory, TaskFactory

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
