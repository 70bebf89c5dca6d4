"""The demo teams: healthy ones and the typical problems, seeded idempotently."""

import pytest

from overview.demo import seed_demo
from schools.models import School
from teams.models import Agreement
from teams.models import Assignment
from teams.models import ConsultationGroup
from teams.models import Person
from teams.models import PersonRole
from teams.selectors import HEALTH_RULES
from teams.selectors import pending_approvals
from teams.selectors import team_context
from teams.selectors import team_health
from teams.selectors import team_people

pytestmark = pytest.mark.django_db


def health(slug: str):
    return team_health(school=School.objects.get(slug=slug))


def names(warnings) -> set[str]:
    return {w.person.name for w in warnings if w.person is not None}


def test_demo_gives_healthy_teams_and_teams_with_the_typical_problems(demo):
    sint_jan = School.objects.get(slug="sint-jan")
    members = team_people(school=sint_jan)
    roles = {role for member in members for role in member.person.roles}
    assert roles >= {
        PersonRole.MANAGEMENT,
        PersonRole.TECHNICAL_COORDINATOR,
        PersonRole.PEDAGOGICAL_COORDINATOR,
        PersonRole.DIGICOACH,
        PersonRole.ADMINISTRATIVE,
        PersonRole.EXTERNAL,
    }
    shared = next(m for m in members if m.is_group_level)
    assert shared.name == "Hamid El Amrani"
    assert shared.person.school_shares.count() == 2
    sint_jan_health = team_health(school=sint_jan)
    assert sint_jan_health.task_count > 100
    assert sint_jan_health.is_healthy, [w.message for w in sint_jan_health.warnings][:5]
    # Healthy by the report's roles too: every rule, old and new, is checked and passes.
    assert {"policy_team_incomplete", "no_pedagogical", "policy_outside_team"} <= set(HEALTH_RULES)
    for registered in HEALTH_RULES.values():
        assert not registered.check(team_context(school=sint_jan)), registered.key
    assert ConsultationGroup.objects.filter(school=sint_jan).count() == 3
    assert Agreement.objects.filter(school=sint_jan, in_place=True).count() == 4
    assert not pending_approvals(school=sint_jan).exists()
    assert pending_approvals(school=School.objects.get(slug="de-linde")).exists()

    de_linde = health("de-linde")
    assert names(de_linde.for_rule("over_hours")) == {"An Jacobs"}
    assert names(de_linde.for_rule("no_backup")) == {"An Jacobs"}
    assert [w.cluster for w in de_linde.for_rule("cluster_uncovered")] == ["pedagogical"]

    atheneum = health("atheneum-zuid")
    # Its pedagogical ICT coordinator left: the real gaps of its step 6.
    assert [w.cluster for w in atheneum.for_rule("cluster_uncovered")] == ["pedagogical"]
    assert atheneum.for_rule("no_pedagogical")
    assert "Pieter Dubois" in names(atheneum.for_rule("over_hours"))
    assert names(atheneum.for_rule("competence_mismatch")) == {"Wim Vandenberghe"}
    assert names(atheneum.for_rule("strategic_on_technical")) == {"Pieter Dubois"}

    for slug in ("de-brug", "het-klavertje", "cvo-zuid"):
        assert health(slug).task_count > 100
        assert len(team_people(school=School.objects.get(slug=slug))) >= 4

    counts = (
        Person.objects.count(),
        Assignment.objects.count(),
        ConsultationGroup.objects.count(),
        Agreement.objects.count(),
    )
    before = {slug: health(slug).count() for slug in ("sint-jan", "de-linde", "atheneum-zuid")}
    seed_demo()
    assert (
        Person.objects.count(),
        Assignment.objects.count(),
        ConsultationGroup.objects.count(),
        Agreement.objects.count(),
    ) == counts
    assert {slug: health(slug).count() for slug in before} == before
