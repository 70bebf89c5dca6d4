from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation

from tasks.models import Cluster
from teams import documents
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

# The template the rows were rendered with before ``{% role_task_rows %}``.
REFERENCE = Path(__file__).parent / "reference" / "role_task_rows.html"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_role_description_rows_equal_the_template_they_replace(school, language):
    person = PersonFactory(school=school, name="Piet")
    backup = PersonFactory(school=school, name="Bo")
    core = ListTaskFactory(school=school, task=TaskFactory(title="Network <& wifi>", is_core=True))
    plain = ListTaskFactory(
        school=school,
        task=TaskFactory(title='"Quoted" & plain', code="PED-<1>", cluster=Cluster.PEDAGOGICAL),
    )
    monitored = ListTaskFactory(school=school, task=TaskFactory(title="Budget"))
    AssignmentFactory(
        person=person, list_task=core, decides=True, lead=True, hours=Decimal("2.5"), backup=backup
    )
    AssignmentFactory(person=person, list_task=plain, executes=True, hours=Decimal("3"))
    AssignmentFactory(
        person=person, list_task=monitored, executes=False, monitors=True, hours=Decimal("0")
    )
    with translation.override(language):
        context = documents.role_description_context(school=school, person=person)
        groups = context["clusters"]
        reference = Template(REFERENCE.read_text())
        expected = [reference.render(Context({"group": group})) for group in groups]
        written = [
            Template("{% load role_rows %}\n    {% role_task_rows group.assignments %}\n").render(
                Context({"group": group})
            )
            for group in groups
        ]
    assert sum(len(group.assignments) for group in groups) == 3
    assert "Network &lt;&amp; wifi&gt;" in written[0] and "core-row" in written[0]
    assert "PED-&lt;1&gt; &quot;Quoted&quot; &amp; plain" in "".join(written)
    assert ("2,5" if language == "nl" else "2.5") in written[0]
    # Byte for byte, spacing included: the PDF shares the template.
    assert written == expected
