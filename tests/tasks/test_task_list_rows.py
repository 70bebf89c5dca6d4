"""``{% task_list_rows %}`` writes the rows the list editor's template wrote."""

import re
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation

from schools.concurrency import ConflictRow
from schools.concurrency import read_token
from tasks.forms import ListTaskFormSet
from tasks.models import Cluster
from tasks.models import Horizon
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import ReviewState
from teams.selectors.coverage import GroupCover
from tests.factories import ListTaskFactory
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

# The rows as templates/tasks/task_list.html wrote them before the tag.
REFERENCE = Path(__file__).parent / "reference" / "task_list_rows.html"
HOSTILE = 'Ask "<b>" & co'


def _same_spacing(html: str) -> str:
    """Whitespace as a browser reads it: a run of it is one space."""
    return re.sub(r"\s+", " ", html).strip()


@pytest.fixture
def rows(school):
    """Rows in every state the page shows: core, own, new, changed, retired, with a note
    to escape, at group level (covered or not), in two clusters."""
    made = [
        ListTaskFactory(
            school=school,
            task=TaskFactory(code="T-1", title=HOSTILE, topic="Net & <wifi>", is_core=True),
            note=HOSTILE,
            review=ReviewState.NEW,
        ),
        ListTaskFactory(
            school=school,
            task=TaskFactory(code="T-2", cluster=Cluster.TECHNICAL),
            applies=False,
            horizon=Horizon.LONG,
            level=ListLevel.SCHOOL_GROUP,
            review=ReviewState.CHANGED,
        ),
        ListTaskFactory(
            school=school,
            task=TaskFactory(code="T-3", cluster=Cluster.PEDAGOGICAL),
            horizon=Horizon.DROPPED,
            level=ListLevel.CENTRAL,
            review=ReviewState.RETIRED,
        ),
        ListTaskFactory(
            school=school,
            task=TaskFactory(code="OWN-1", cluster=Cluster.PEDAGOGICAL, school=school),
            note="Ours",
        ),
    ]
    return ListTask.objects.filter(pk__in=[entry.pk for entry in made]).select_related("task")


def _covers(rows) -> dict:
    first, second, *_ = rows
    return {
        first.pk: GroupCover(by_school=True, people=["An <Peeters>", "Bo & Co"]),
        second.pk: GroupCover(by_group=True),
    }


def _both(formset, covers, school, language) -> tuple[str, str]:
    context = {
        "formset": formset,
        "group_covers": covers,
        "owner": school,
        "school": school,
        "url_kind": "school",
    }
    # The rows' version tokens carry the time they were signed at: both renders sign at
    # the same moment, however long the first one takes.
    clock = SimpleNamespace(time=lambda: 1_780_000_000)
    with translation.override(language), mock.patch("django.core.signing.time", clock):
        expected = Template(REFERENCE.read_text()).render(Context(context))
        written = Template(
            "{% load task_list_rows %}{% task_list_rows formset group_covers %}"
        ).render(Context(context))
    return _same_spacing(_read_tokens(written)), _same_spacing(_read_tokens(expected))


def _read_tokens(html: str) -> str:
    """The rows' version tokens as what they say, read as the view reads them: the page
    signs them uncompressed (``model_tokens``), the form's widget compressed."""

    def read(match: re.Match) -> str:
        payload = read_token(match.group(2))
        assert payload is not None, match.group(0)
        return f'{match.group(1)}"{payload}"'

    return re.sub(r'(name="rows-\d+-version" value=)"([^"]+)"', read, html)


def _posted(rows, **changes) -> dict:
    data = {
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": str(len(rows)),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for n, entry in enumerate(rows):
        data |= {
            f"rows-{n}-id": str(entry.pk),
            f"rows-{n}-horizon": entry.horizon,
            f"rows-{n}-level": entry.level,
            f"rows-{n}-note": entry.note,
        }
        if entry.applies:
            data[f"rows-{n}-applies"] = "on"
    return data | changes


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_rows_as_first_shown_equal_the_template(school, rows, language):
    formset = ListTaskFormSet(queryset=rows, prefix="rows")
    written, expected = _both(formset, _covers(rows), school, language)
    assert written == expected
    assert "&lt;b&gt;" in written
    assert 'name="rows-3-version"' in written
    shown = ListTaskFormSet(queryset=rows, prefix="rows")
    Template("{% load task_list_rows %}{% task_list_rows formset covers %}").render(
        Context({"formset": shown, "covers": {}, "owner": school, "url_kind": "school"})
    )
    assert "forms" not in shown.__dict__, "the rows are written without building their forms"


@pytest.mark.parametrize("language", ["en", "nl"])
def test_rows_with_errors_and_a_foreign_id_equal_the_template(school, rows, other_school, language):
    foreign = ListTaskFactory(school=other_school)
    data = _posted(
        rows,
        **{"rows-0-horizon": "someday", "rows-1-level": "<b>", "rows-2-id": str(foreign.pk)},
    )
    formset = ListTaskFormSet(data, queryset=rows, prefix="rows")
    assert not formset.is_valid()
    written, expected = _both(formset, {}, school, language)
    assert written == expected
    assert "table-danger" in written
    assert 'aria-invalid="true"' in written


@pytest.mark.parametrize("language", ["en", "nl"])
def test_rows_with_conflicts_equal_the_template(school, rows, language):
    formset = ListTaskFormSet(
        _posted(rows, **{"rows-1-note": "Mine"}), queryset=rows, prefix="rows"
    )
    assert formset.is_valid()
    changed, untouched = formset.forms[1], formset.forms[2]
    changed.conflict = [ConflictRow(label="Note", theirs="Theirs & <i>", yours="Mine")]
    changed.conflict_message = "Someone else saved this."
    untouched.conflict = []
    untouched.conflict_message = "Someone else saved this too."
    written, expected = _both(formset, _covers(rows), school, language)
    assert written == expected
    assert written.count("data-conflict") == 2


def test_an_empty_page_says_no_task_matches(school):
    formset = ListTaskFormSet(queryset=ListTask.objects.none(), prefix="rows")
    written, expected = _both(formset, {}, school, "en")
    assert written == expected == '<tr><td colspan="5">No task matches these filters.</td></tr>'


def _management(formset) -> tuple[str, str]:
    written = Template("{% load task_list_rows %}{% management_form formset %}").render(
        Context({"formset": formset})
    )
    return written, str(formset.management_form)


def test_the_management_form_as_first_shown_equals_django_s(school, rows):
    written, expected = _management(ListTaskFormSet(queryset=rows, prefix="rows"))
    assert written == expected
    assert 'name="rows-TOTAL_FORMS" value="4"' in written


def test_the_management_form_after_a_post_is_django_s_with_its_errors(school, rows):
    data = _posted(rows)
    del data["rows-TOTAL_FORMS"]
    formset = ListTaskFormSet(data, queryset=rows, prefix="rows")
    assert not formset.is_valid()
    written, expected = _management(formset)
    assert written == expected
    assert "TOTAL_FORMS" in written
