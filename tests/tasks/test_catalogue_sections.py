"""``{% catalogue_sections %}`` writes the catalogue's tables its template wrote."""

import re
from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation

from tasks.models import Cluster
from tasks.models import OtherActor
from tasks.models import TaskLevel
from tasks.selectors import task_catalogue
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

# The sections as templates/tasks/catalogue.html wrote them before the tag.
REFERENCE = Path(__file__).parent / "reference" / "catalogue_sections.html"
HOSTILE = 'Ask "<b>" & co\'s'


def _same_spacing(html: str) -> str:
    """Whitespace as a browser reads it: a run of it is one space."""
    return re.sub(r"\s+", " ", html).strip()


def _both(tasks, language: str) -> tuple[str, str]:
    context = {"tasks": tasks}
    with translation.override(language):
        expected = Template(REFERENCE.read_text()).render(Context(context))
        written = Template("{% load catalogue_sections %}{% catalogue_sections tasks %}").render(
            Context(context)
        )
    return _same_spacing(written), _same_spacing(expected)


@pytest.fixture
def tasks(school):
    """Tasks in every state a row shows, in three clusters: core or not, an own task,
    competences, other actors (one unknown key), every level, text to escape."""
    TaskFactory(
        code="T-1",
        title=HOSTILE,
        topic="Net & <wifi>",
        is_core=True,
        needs_technical=True,
        needs_policy=True,
        also_by=[OtherActor.values[0], "gone", OtherActor.values[-1]],
    )
    TaskFactory(code="T-2", cluster=Cluster.TECHNICAL, level=TaskLevel.values[-1])
    TaskFactory(code="T-3", cluster=Cluster.PEDAGOGICAL, needs_pedagogical=True)
    TaskFactory(code="T-4", cluster=Cluster.POLICY, level=TaskLevel.values[0], is_core=True)
    return list(task_catalogue())


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_sections_equal_the_template(tasks, language):
    written, expected = _both(tasks, language)
    assert written == expected
    assert "&lt;b&gt;" in written
    assert written.count("<section") == len({task.cluster for task in tasks})


@pytest.mark.parametrize("language", ["en", "nl"])
def test_an_own_task_is_written_in_its_own_language(school, language):
    own = TaskFactory(code="OWN-1", school=school, title="Onze taak")
    written, expected = _both([own], language)
    assert written == expected
    assert 'lang="en"' not in written


@pytest.mark.parametrize("language", ["en", "nl"])
def test_no_task_writes_the_sentence_the_template_wrote(language):
    written, expected = _both([], language)
    assert written == expected
    assert "<p>" in written
