"""Every team-health rule: one test that triggers it and one that clears it."""

from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from tasks.models import ListLevel
from tasks.models import Task
from teams.models import Level
from teams.models import PersonRole
from teams.selectors import HEALTH_RULES
from teams.selectors import Severity
from teams.selectors import health
from teams.selectors import team_health
from teams.selectors.health import Finding
from teams.selectors.health import HealthWarning
from teams.services import assignment_set
from teams.services import person_update
from tests.factories import member
from tests.teams.builders import give
from tests.teams.builders import person
from tests.teams.builders import team_task

pytestmark = pytest.mark.django_db


def rules(school) -> set[str]:
    return team_health(school=school).rule_keys()


def warnings_for(school, rule):
    return team_health(school=school).for_rule(rule)


@pytest.fixture
def pair(school):
    """Two capable people of the school: one executes and leads, the other backs up."""
    return person(school, name="An Jacobs"), person(school, name="Jens Vermeulen")


@pytest.fixture
def triangle(school):
    """The ICT policy team of chapter 2: management, technical and pedagogical ICT
    coordinator, so the rules on the report's roles have nothing to say."""
    return (
        person(school, name="Sofie Peeters", roles=(PersonRole.MANAGEMENT,)),
        person(school, name="Tom Claes", roles=(PersonRole.TECHNICAL_COORDINATOR,)),
        person(school, name="Lotte Maes", roles=(PersonRole.PEDAGOGICAL_COORDINATOR,)),
    )


def healthy(school, entry, pair):
    first, second = pair
    give(school, entry, first, backup=second)


def test_a_fully_covered_task_raises_no_warning(school, pair, triangle):
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


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_finding_names_the_task_in_the_readers_language_else_in_another(school, language):
    both, dutch_only = team_task(school), team_task(school)
    Task.objects.filter(pk=both.task_id).update(title_nl="Netwerk", title_en="Network")
    Task.objects.filter(pk=dutch_only.task_id).update(title_nl="Alleen Nederlands", title_en="")
    with translation.override(language):
        messages = {w.entry.pk: w.message for w in warnings_for(school, "lead_count")}
    assert f"{both.task.code} {'Netwerk' if language == 'nl' else 'Network'}" in messages[both.pk]
    assert f"{dutch_only.task.code} Alleen Nederlands" in messages[dutch_only.pk]


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


def test_group_level_task_covered_by_a_group_level_person_counts_as_covered(
    school, group, triangle
):
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


# --- the registry ---------------------------------------------------------------------


def test_a_rule_that_cites_no_passage_of_the_report_is_refused():
    def uncited(team):
        return []

    with pytest.raises(ValueError, match="cites no passage of the report"):
        health.rule("uncited", Severity.INFO, "the matrix", "Uncited")(uncited)
    assert "uncited" not in HEALTH_RULES


def test_a_rule_key_registered_twice_is_refused():
    cited = health.cites("Chapter 1", "A quote long enough to cite.")(lambda team: [])
    with pytest.raises(ValueError, match="registered twice"):
        health.rule("no_backup", Severity.INFO, "the matrix", "Again")(cited)
    assert HEALTH_RULES["no_backup"].title == "Single points of failure: no backup"


def test_every_rule_is_registered_with_title_citation_and_where_it_is_fixed():
    assert len(HEALTH_RULES) == 14
    for key, registered in HEALTH_RULES.items():
        assert registered.key == key
        assert str(registered.title) and str(registered.fixed_in)
        assert str(registered.citation.section).startswith("Chapter")
        assert len(str(registered.citation.quote)) > 20
        assert registered.severity in ("danger", "warning", "info")


def test_the_panel_groups_findings_per_rule_with_the_rules_citation(school):
    team_task(school, core=True)
    person(school, roles=(PersonRole.DIGICOACH,))
    found = {found.rule: found for found in team_health(school=school).by_rule()}
    assert list(found)[:2] == ["cluster_uncovered", "core_not_executed"]
    assert found["core_not_executed"].citation == HEALTH_RULES["core_not_executed"].citation
    assert found["core_not_executed"].fixed_in == "the task's mandates"


# --- the ICT policy team (chapter 2) --------------------------------------------------


def test_a_team_without_management_or_technical_coordinator_misses_part_of_the_policy_team(
    school,
):
    person(school, roles=(PersonRole.PEDAGOGICAL_COORDINATOR,))
    found = warnings_for(school, "policy_team_incomplete")
    assert len(found) == 2
    assert "management" in found[0].message
    assert "technical ICT coordinator" in found[1].message
    assert found[0].url == f"/schools/{school.slug}/team/"


def test_a_group_level_technical_coordinator_completes_the_policy_team(school, group):
    person(school, roles=(PersonRole.MANAGEMENT, PersonRole.PEDAGOGICAL_COORDINATOR))
    person(group=group, roles=(PersonRole.HEAD_OF_ICT,), shares={school: Decimal("4")})
    assert "policy_team_incomplete" not in rules(school)


def test_an_empty_team_is_not_told_what_it_misses(school):
    team_task(school)
    assert not rules(school) & {"policy_team_incomplete", "no_pedagogical"}


def test_no_pedagogical_coordinator_at_all_is_a_warning(school, triangle):
    person_update(person=triangle[2], roles=[PersonRole.DIGICOACH])
    [warning] = warnings_for(school, "no_pedagogical")
    assert warning.severity == "warning"


def test_a_pedagogical_coordinator_only_at_group_level_is_worth_knowing(school, group, triangle):
    person_update(person=triangle[2], roles=[PersonRole.DIGICOACH])
    person(
        group=group,
        name="Ria",
        roles=(PersonRole.PEDAGOGICAL_COORDINATOR,),
        shares={school: Decimal("2")},
    )
    [warning] = warnings_for(school, "no_pedagogical")
    assert warning.severity == "info"
    assert "Ria" in warning.message


def test_a_pedagogical_coordinator_in_the_school_clears_the_finding(school, triangle):
    assert "no_pedagogical" not in rules(school)


# --- management decides the vision, the policy plan and the mandates ------------------


def vision_task(school, code="POL-VIS-01"):
    entry = team_task(school, cluster="policy", core=True, needs=("policy",))
    entry.task.code = code
    entry.task.save()
    return entry


def test_someone_else_deciding_the_vision_is_flagged(school, triangle):
    director, technical, _pedagogical = triangle
    entry = vision_task(school)
    give(school, entry, technical, backup=director)
    [warning] = warnings_for(school, "management_not_deciding")
    assert warning.entry == entry
    assert warning.person == technical


def test_management_deciding_the_mandates_clears_the_finding(school, triangle):
    director, technical, _pedagogical = triangle
    entry = vision_task(school, "POL-TEAM-06")
    give(school, entry, technical, backup=director, executes=True, lead=True)
    give(school, entry, director, decides=True)
    assert "management_not_deciding" not in rules(school)


def test_other_policy_tasks_may_be_decided_by_others(school, triangle):
    director, technical, _pedagogical = triangle
    give(school, vision_task(school, "POL-PRO-04"), technical, backup=director)
    assert "management_not_deciding" not in rules(school)


# --- both profiles in one person (chapter 1) ------------------------------------------


def test_one_person_with_most_technical_and_pedagogical_work_is_flagged(school, pair):
    first, second = pair
    for _ in range(2):
        give(school, team_task(school), first, backup=second)
        give(school, team_task(school, cluster="pedagogical", needs=("pedagogical",)), first)
    give(school, team_task(school), second)
    [warning] = warnings_for(school, "both_profiles")
    assert warning.person == first
    assert "2 of the 3 technical and 2 of the 2 pedagogical" in warning.message


def test_sharing_one_side_clears_both_profiles(school, pair):
    first, second = pair
    give(school, team_task(school), first, backup=second)
    give(school, team_task(school), first, backup=second)
    give(school, team_task(school, cluster="pedagogical", needs=("pedagogical",)), second)
    give(school, team_task(school, cluster="pedagogical", needs=("pedagogical",)), first)
    assert "both_profiles" not in rules(school)


# --- policy tasks outside the policy team ---------------------------------------------


def test_a_core_policy_task_executed_by_a_teacher_is_flagged(school, pair, triangle):
    entry = team_task(school, cluster="policy", core=True, needs=("policy",))
    give(school, entry, pair[0], backup=triangle[0])
    [warning] = warnings_for(school, "policy_outside_team")
    assert warning.person == pair[0]


def test_policy_tasks_of_the_policy_team_or_non_core_ones_are_fine(school, pair, triangle):
    give(school, team_task(school, cluster="policy", core=True, needs=("policy",)), triangle[0])
    # Table 2: teachers may motivate colleagues or attend ICT days.
    give(school, team_task(school, cluster="policy", needs=("policy",)), pair[0])
    assert "policy_outside_team" not in rules(school)


# --- technical coordinator on policy --------------------------------------------------


def test_technical_coordinator_with_most_hours_on_policy_is_flagged(school, triangle):
    director, technical, _pedagogical = triangle
    give(school, team_task(school, cluster="policy", needs=("policy",)), technical, hours=3)
    give(school, team_task(school), technical, hours=2)
    [warning] = warnings_for(school, "technical_on_policy")
    assert warning.person == technical
    assert warning.severity == "info"


def test_technical_coordinator_mostly_on_technical_work_is_fine(school, triangle):
    director, technical, _pedagogical = triangle
    give(school, team_task(school, cluster="policy", needs=("policy",)), technical, hours=2)
    give(school, team_task(school), technical, hours=3)
    give(school, team_task(school, cluster="policy", needs=("policy",)), director, hours=8)
    assert "technical_on_policy" not in rules(school)


def test_the_health_panel_quotes_the_report_and_says_where_it_is_fixed(client, school):
    give(school, team_task(school), person(school, roles=(PersonRole.DIGICOACH,)))
    client.force_login(member(school))
    html = client.get(reverse("teams:overview", args=[school.slug])).content.decode()
    assert 'data-rule="policy_team_incomplete"' in html
    assert "This group is often called the ICT policy team." in html
    assert "Chapter 2, ICT team composition and division of tasks" in html
    assert "Fixed in the team&#x27;s people and their roles." in html


def test_findings_and_warnings_take_their_fields_as_a_dataclass_would():
    found = Finding("No lead", "/team/", cluster="technical")
    assert (found.message, found.url, found.entry, found.cluster, found.severity) == (
        "No lead",
        "/team/",
        None,
        "technical",
        None,
    )
    warning = HealthWarning("no_lead", "warning", message="No lead", url="/team/")
    assert warning == HealthWarning("no_lead", "warning", "No lead", "/team/", None, None, "")
    with pytest.raises(FrozenInstanceError):
        warning.url = "/elsewhere/"
    for wrong in (
        lambda: Finding("No lead"),  # the address missing
        lambda: Finding("No lead", "/team/", colour="red"),
        lambda: Finding("No lead", "/team/", message="Twice"),
        lambda: Finding("a", "b", None, None, "", None, "one too many"),
    ):
        with pytest.raises(TypeError):
            wrong()
