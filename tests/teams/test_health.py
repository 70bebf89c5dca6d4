"""Every team-health rule: one test that triggers it and one that clears it."""

from decimal import Decimal

import pytest

from tasks.models import ListLevel
from teams.models import Level, PersonRole
from teams.selectors import team_health
from teams.services import assignment_set, person_update
from tests.teams.builders import give, person, team_task

pytestmark = pytest.mark.django_db


def rules(school) -> set[str]:
    return team_health(school=school).rule_keys()


def warnings_for(school, rule):
    return team_health(school=school).for_rule(rule)


@pytest.fixture
def pair(school):
    """Two capable people of the school: one executes and leads, the other backs up."""
    return person(school, name="An Jacobs"), person(school, name="Jens Vermeulen")


def healthy(school, entry, pair):
    first, second = pair
    give(school, entry, first, backup=second)


def test_a_fully_covered_task_raises_no_warning(school, pair):
    entry = team_task(school, core=True, needs=("technical", "policy"))
    healthy(school, entry, pair)
    health = team_health(school=school)
    assert health.is_healthy, [w.message for w in health.warnings]
    assert health.task_count == 1


# --- core tasks nobody executes -------------------------------------------------------


def test_core_task_without_executor_is_flagged(school, pair):
    entry = team_task(school, core=True)
    give(school, entry, pair[0], decides=True, lead=True)
    [warning] = warnings_for(school, "core_not_executed")
    assert warning.entry == entry
    assert warning.severity == "danger"
    assert warning.url == f"/schools/{school.slug}/team/tasks/{entry.pk}/"


def test_core_task_with_an_executor_is_not_flagged(school, pair):
    entry = team_task(school, core=True)
    healthy(school, entry, pair)
    assert "core_not_executed" not in rules(school)


def test_non_core_task_without_executor_is_not_a_core_warning(school, pair):
    team_task(school, core=False)
    assert "core_not_executed" not in rules(school)


# --- exactly one lead and contact point -----------------------------------------------


def test_task_without_lead_is_flagged(school, pair):
    entry = team_task(school)
    give(school, entry, pair[0], backup=pair[1], decides=True, executes=True)
    [warning] = warnings_for(school, "lead_count")
    assert warning.entry == entry
    assert "no lead" in warning.message


def test_task_with_one_lead_is_not_flagged(school, pair):
    entry = team_task(school)
    give(school, entry, pair[0], backup=pair[1], decides=True, executes=True)
    give(school, entry, pair[1], lead=True)
    assert "lead_count" not in rules(school)


# --- decisions nobody may take --------------------------------------------------------


def test_task_whose_decisions_nobody_may_take_is_flagged(school, pair):
    entry = team_task(school)
    give(school, entry, pair[0], backup=pair[1], executes=True, lead=True)
    [warning] = warnings_for(school, "no_decider")
    assert warning.entry == entry


def test_task_with_a_decider_is_not_flagged(school, pair):
    entry = team_task(school)
    give(school, entry, pair[0], backup=pair[1], executes=True, lead=True)
    give(school, entry, pair[1], decides=True)
    assert "no_decider" not in rules(school)


# --- single point of failure ----------------------------------------------------------


def test_single_executor_without_backup_is_a_single_point_of_failure(school, pair):
    entry = team_task(school, core=True)
    give(school, entry, pair[0])
    [warning] = warnings_for(school, "no_backup")
    assert warning.person == pair[0]
    assert warning.severity == "danger"


def test_a_backup_clears_the_single_point_of_failure(school, pair):
    entry = team_task(school)
    give(school, entry, pair[0], backup=pair[1])
    assert "no_backup" not in rules(school)


def test_two_executors_are_no_single_point_of_failure(school, pair):
    entry = team_task(school)
    give(school, entry, pair[0])
    give(school, entry, pair[1], executes=True)
    assert "no_backup" not in rules(school)


# --- over hours -----------------------------------------------------------------------


def test_person_with_more_task_hours_than_available_is_flagged(school, pair):
    busy = person(school, name="Overloaded", hours=2)
    give(school, team_task(school), busy, backup=pair[0], hours=Decimal("1.5"))
    give(school, team_task(school), busy, backup=pair[0], hours=Decimal("1"))
    [warning] = warnings_for(school, "over_hours")
    assert warning.person == busy
    assert "2.5" in warning.message
    assert warning.url.endswith(f"?person={busy.pk}")


def test_raising_the_hours_clears_over_hours(school, pair):
    busy = person(school, name="Overloaded", hours=2)
    give(school, team_task(school), busy, backup=pair[0], hours=3)
    assert "over_hours" in rules(school)
    person_update(person=busy, bpt_hours=Decimal("1"))
    assert "over_hours" not in rules(school)


def test_group_person_over_their_share_in_this_school_is_flagged(school, sibling_school, group):
    shared = person(group=group, name="Hamid El Amrani", hours=20, shares={school: 2})
    backup = person(school)
    give(school, team_task(school), shared, backup=backup, hours=3)
    [warning] = warnings_for(school, "over_hours")
    assert warning.person == shared


def test_group_person_within_their_share_is_not_flagged(school, group):
    shared = person(group=group, name="Hamid El Amrani", hours=20, shares={school: 4})
    give(school, team_task(school), shared, backup=person(school), hours=3)
    assert "over_hours" not in rules(school)


def test_group_person_over_their_hours_across_schools_is_flagged(school, sibling_school, group):
    shared = person(
        group=group, name="Hamid El Amrani", hours=4, shares={school: 2, sibling_school: 2}
    )
    give(school, team_task(school), shared, backup=person(school), hours=2)
    give(sibling_school, team_task(sibling_school), shared, backup=person(sibling_school), hours=3)
    # Within the share here, but 5 of 4 hours across the group.
    [warning] = warnings_for(school, "over_hours")
    assert "across schools" in warning.message


# --- competence mismatch --------------------------------------------------------------


def test_executor_without_a_needed_competence_is_a_mismatch(school, pair):
    novice = person(school, name="Wim", competences={"technical": Level.NONE})
    entry = team_task(school, needs=("technical", "administrative"))
    give(school, entry, novice, backup=pair[0])
    [warning] = warnings_for(school, "competence_mismatch")
    assert warning.person == novice
    assert "Technical" in warning.message


def test_basic_level_in_the_needed_competence_clears_the_mismatch(school, pair):
    novice = person(school, name="Wim", competences={"technical": Level.NONE})
    give(school, team_task(school, needs=("technical",)), novice, backup=pair[0])
    person_update(person=novice, competences={"technical": Level.BASIC})
    assert "competence_mismatch" not in rules(school)


def test_a_competence_the_task_does_not_need_is_no_mismatch(school, pair):
    novice = person(school, name="Wim", competences={"pedagogical": Level.NONE})
    give(school, team_task(school, needs=("technical",)), novice, backup=pair[0])
    assert "competence_mismatch" not in rules(school)


# --- cluster left to nobody -----------------------------------------------------------


def test_cluster_whose_tasks_nobody_executes_is_left_to_nobody(school, pair):
    healthy(school, team_task(school, cluster="technical"), pair)
    team_task(school, cluster="pedagogical", needs=("pedagogical",))
    team_task(school, cluster="pedagogical", needs=("pedagogical",))
    [warning] = warnings_for(school, "cluster_uncovered")
    assert warning.cluster == "pedagogical"
    assert "2" in warning.message
    assert warning.url.endswith("?cluster=pedagogical")


def test_one_executed_task_means_the_cluster_is_not_left_to_nobody(school, pair):
    healthy(school, team_task(school, cluster="pedagogical", needs=("pedagogical",)), pair)
    team_task(school, cluster="pedagogical", needs=("pedagogical",))
    assert "cluster_uncovered" not in rules(school)


# --- technical-only tasks held by strategic people ------------------------------------


def test_strategic_person_on_technical_only_task_is_a_delegation_candidate(school, pair):
    coordinator = person(school, name="Tom", roles=(PersonRole.TECHNICAL_COORDINATOR,))
    entry = team_task(school, needs=("technical",), core=False)
    give(school, entry, coordinator, backup=pair[0])
    [warning] = warnings_for(school, "strategic_on_technical")
    assert warning.person == coordinator
    assert warning.severity == "info"


def test_technical_only_task_held_by_a_digicoach_is_fine(school, pair):
    give(school, team_task(school, needs=("technical",)), pair[0], backup=pair[1])
    assert "strategic_on_technical" not in rules(school)


def test_core_or_combined_tasks_of_strategic_people_are_not_delegation_candidates(school, pair):
    coordinator = person(school, name="Tom", roles=(PersonRole.MANAGEMENT,))
    give(school, team_task(school, needs=("technical",), core=True), coordinator, backup=pair[0])
    give(school, team_task(school, needs=("technical", "policy")), coordinator, backup=pair[0])
    assert "strategic_on_technical" not in rules(school)


# --- group level and scope ------------------------------------------------------------


def test_group_level_task_covered_by_a_group_level_person_counts_as_covered(school, group):
    entry = team_task(school, core=True, level=ListLevel.SCHOOL_GROUP)
    shared = person(group=group, name="Hamid El Amrani", hours=20, shares={school: 8})
    give(school, entry, shared, backup=person(school))
    health = team_health(school=school)
    assert health.is_healthy, [w.message for w in health.warnings]


def test_tasks_that_do_not_apply_are_not_checked(school):
    team_task(school, core=True, applies=False)
    team_task(school, core=True, level=ListLevel.CENTRAL)
    health = team_health(school=school)
    assert health.task_count == 0
    assert health.is_healthy


def test_another_schools_assignments_do_not_count(school, sibling_school, group):
    shared = person(group=group, hours=20, shares={school: 4, sibling_school: 4})
    team_task(school, core=True)
    give(sibling_school, team_task(sibling_school, core=True), shared)
    assert "core_not_executed" in rules(school)


def test_health_follows_every_change(school, pair):
    entry = team_task(school, core=True)
    assert "core_not_executed" in rules(school)
    give(school, entry, pair[0], backup=pair[1])
    assert "core_not_executed" not in rules(school)
    assignment_set(school=school, list_task=entry, person=pair[0], user=None)
    assert "core_not_executed" in rules(school)
