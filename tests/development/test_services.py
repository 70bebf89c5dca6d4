"""Writes of the professional development plan: validation, history, versions."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from development.models import DevelopmentItem
from development.models import ItemStatus
from development.models import Term
from development.routes import COUNSELLING
from development.routes import SELF_STUDY
from development.services import item_create
from development.services import item_delete
from development.services import item_update
from schools.concurrency import Conflict
from schools.concurrency import version_of
from tests.factories import UserFactory
from tests.teams.builders import person
from tests.teams.builders import team_task

pytestmark = pytest.mark.django_db


def _add(school, who, **overrides):
    values = {
        "school": school,
        "person": who,
        "competence": "pedagogical",
        "route": COUNSELLING,
        "school_year": 2026,
        **overrides,
    }
    return item_create(**values)


def test_an_item_is_created_with_its_author_in_the_history(school):
    author = UserFactory()
    who = person(school, name="Lotte")
    entry = team_task(school, cluster="pedagogical", needs=("pedagogical",))
    item = _add(school, who, list_task=entry, term=Term.FIRST, user=author)
    assert item.status == ItemStatus.PLANNED
    assert item.created_by == author
    assert item.history.get().history_user == author
    assert item.when_label == "2026-2027, First term (September to Christmas)"


def test_an_item_needs_a_school_year_or_a_date(school):
    with pytest.raises(ValidationError, match="a date, or a school year"):
        _add(school, person(school), school_year=None)
    assert _add(school, person(school), school_year=None, due=datetime.date(2027, 3, 1)).pk


def test_a_term_needs_its_school_year(school):
    with pytest.raises(ValidationError, match="A term belongs to a school year"):
        _add(school, person(school), school_year=None, due=datetime.date(2027, 3, 1), term="2")


@pytest.mark.parametrize(
    ("field", "value"),
    [("competence", "cooking"), ("route", "holiday"), ("status", "forgotten")],
)
def test_unknown_keys_are_refused(school, field, value):
    with pytest.raises(ValidationError):
        _add(school, person(school), **{field: value})
    assert not DevelopmentItem.objects.exists()


def test_the_person_must_be_of_the_schools_team(school, sibling_school):
    with pytest.raises(ValidationError) as error:
        _add(school, person(sibling_school))
    assert "person" in error.value.message_dict


def test_a_group_level_person_serving_the_school_may_be_planned(school, group):
    specialist = person(group=group, shares={school: 4})
    assert _add(school, specialist).person == specialist


def test_the_task_must_be_on_the_schools_list(school, sibling_school):
    with pytest.raises(ValidationError) as error:
        _add(school, person(school), list_task=team_task(sibling_school))
    assert "list_task" in error.value.message_dict


def test_an_update_records_who_changed_what(school):
    who = person(school)
    item = _add(school, who)
    editor = UserFactory()
    item_update(
        item=item,
        person=who,
        competence="pedagogical",
        route=SELF_STUDY,
        list_task=None,
        due=None,
        school_year=2026,
        term="",
        status=ItemStatus.UNDER_WAY,
        note="Started in October.",
        user=editor,
    )
    latest = item.history.order_by("-history_date").first()
    assert (latest.history_user, latest.status, latest.route) == (
        editor,
        ItemStatus.UNDER_WAY,
        SELF_STUDY,
    )


def test_an_update_from_an_old_version_is_a_conflict(school):
    who = person(school)
    item = _add(school, who)
    old = version_of(item)
    values = {
        "person": who,
        "competence": "pedagogical",
        "route": SELF_STUDY,
        "list_task": None,
        "due": None,
        "school_year": 2026,
        "term": "",
        "note": "",
    }
    item_update(item=item, status=ItemStatus.UNDER_WAY, version=old, **values)
    stale = DevelopmentItem.objects.get(pk=item.pk)
    with pytest.raises(Conflict):
        item_update(item=stale, status=ItemStatus.DONE, version=old, **values)
    assert DevelopmentItem.objects.get(pk=item.pk).status == ItemStatus.UNDER_WAY


def test_a_removed_item_leaves_its_history(school):
    item = _add(school, person(school))
    remover = UserFactory()
    item_delete(item=item, user=remover)
    assert not DevelopmentItem.objects.exists()
    deleted = DevelopmentItem.history.filter(history_type="-").get()
    assert deleted.history_user == remover
