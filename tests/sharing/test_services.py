from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sharing.models import SharingConsent
from sharing.selectors import copy_slots
from sharing.selectors import source_assignments
from sharing.services import consent_set
from sharing.services import setup_copy
from teams.models import Assignment
from teams.models import PersonSchool
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory
from tests.factories import member
from tests.sharing.helpers import person
from tests.sharing.helpers import setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    return TaskFactory(code="TEC-NET-01")


@pytest.fixture
def source(school, task):
    coordinator = person(school, "Tom Claes", "technical_coordinator")
    director = person(school, "Sofie Peeters", "management")
    digicoach = person(school, "Lotte Maes", "digicoach")
    setup(
        school,
        task,
        (coordinator, {"executes": True, "lead": True, "hours": 3, "backup": digicoach}),
        (director, {"decides": True, "hours": 0}),
    )
    return school


@pytest.fixture
def target(sibling_school, task):
    ListTaskFactory(school=sibling_school, task=task)
    return sibling_school


def _slots(source, task):
    return {
        s.role_label: s.key
        for s in copy_slots(source_assignments(source=source, task=task), named=False)
    }


def test_consent_is_recorded_with_its_author_in_the_history(school):
    leader = member(school, role="school_leader")
    consent_set(school=school, share_names=True, user=leader)
    consent_set(school=school, share_names=False, user=leader)
    consent = SharingConsent.objects.get(school=school)
    assert consent.share_names is False
    assert [h.share_names for h in consent.history.order_by("history_id")] == [True, False]
    assert consent.history.first().history_user == leader


def test_a_copy_maps_roles_onto_the_targets_people(source, target, task):
    coordinator = person(target, "Els", "technical_coordinator")
    helper = person(target, "Wim", "digicoach")
    slots = _slots(source, task)
    leader = member(target, role="school_leader")
    setup_copy(
        source=source,
        target=target,
        task=task,
        mapping={
            slots["Technical ICT coordinator"]: coordinator,
            slots["Teacher: digicoach / focal point / i-coach"]: helper,
            slots["Director / management (ICT focus)"]: None,
        },
        user=leader,
    )
    (copied,) = Assignment.objects.filter(school=target)
    assert (copied.person, copied.executes, copied.lead, copied.decides) == (
        coordinator,
        True,
        True,
        False,
    )
    assert copied.hours == Decimal("3")
    assert copied.backup == helper
    assert copied.list_task.school == target
    assert copied.history.first().history_user == leader
    # The source is untouched.
    assert Assignment.objects.filter(school=source).count() == 2


def test_two_roles_onto_one_person_merge_their_mandates_and_hours(source, target, task):
    only = person(target, "Els", "technical_coordinator")
    slots = _slots(source, task)
    setup_copy(
        source=source,
        target=target,
        task=task,
        mapping={
            slots["Technical ICT coordinator"]: only,
            slots["Director / management (ICT focus)"]: only,
        },
    )
    (copied,) = Assignment.objects.filter(school=target)
    assert (copied.decides, copied.executes, copied.lead) == (True, True, True)
    assert copied.hours == Decimal("3")


def test_a_person_of_another_school_is_refused_and_nothing_is_saved(
    source, target, task, other_school
):
    slots = _slots(source, task)
    mine = person(target, "Els", "management")
    foreign = PersonFactory(school=other_school)
    with pytest.raises(ValidationError):
        setup_copy(
            source=source,
            target=target,
            task=task,
            mapping={
                slots["Director / management (ICT focus)"]: mine,
                slots["Technical ICT coordinator"]: foreign,
            },
        )
    assert not Assignment.objects.filter(school=target).exists()


def test_a_group_level_person_serving_the_target_may_take_a_part(source, target, task, group):
    shared = PersonFactory(school=None, group=group, roles=["technical_coordinator"], ict_hours=10)
    PersonSchool.objects.create(person=shared, school=target, hours=5)
    slots = _slots(source, task)
    setup_copy(
        source=source,
        target=target,
        task=task,
        mapping={slots["Technical ICT coordinator"]: shared},
    )
    assert Assignment.objects.get(school=target).person == shared


def test_the_task_must_be_on_the_targets_list(source, sibling_school, task):
    slots = _slots(source, task)
    with pytest.raises(ValidationError, match="not on the task list"):
        setup_copy(
            source=source,
            target=sibling_school,
            task=task,
            mapping={slots["Technical ICT coordinator"]: person(sibling_school, "Els")},
        )


def test_nothing_is_copied_across_groups(source, task, other_school):
    ListTaskFactory(school=other_school, task=task)
    slots = _slots(source, task)
    with pytest.raises(ValidationError, match="same group"):
        setup_copy(
            source=source,
            target=other_school,
            task=task,
            mapping={slots["Technical ICT coordinator"]: person(other_school, "X")},
        )
    assert not Assignment.objects.filter(school=other_school).exists()


def test_nobody_chosen_copies_nothing(source, target, task):
    with pytest.raises(ValidationError, match="at least one person"):
        setup_copy(source=source, target=target, task=task, mapping={})


def test_a_copied_lead_takes_over_the_targets_lead_and_others_stay(source, target, task):
    former = person(target, "Former", "digicoach")
    entry = target.task_list.get(task=task)
    Assignment.objects.create(
        school=target, list_task=entry, person=former, lead=True, executes=True
    )
    coordinator = person(target, "Els", "technical_coordinator")
    slots = _slots(source, task)
    setup_copy(
        source=source,
        target=target,
        task=task,
        mapping={slots["Technical ICT coordinator"]: coordinator},
    )
    leads = Assignment.objects.filter(list_task=entry, lead=True)
    assert [a.person for a in leads] == [coordinator]
    assert Assignment.objects.get(list_task=entry, person=former).executes
