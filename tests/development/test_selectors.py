"""The gap rule, the team's depth per competence, the group's shared gaps, the routes."""

from __future__ import annotations

import re

import pytest

from development.routes import COUNSELLING
from development.routes import GROUP_TRAINING
from development.routes import MICRODEGREE
from development.routes import ROUTES
from development.routes import SELF_STUDY
from development.routes import SUPPLIERS
from development.routes import suggest_routes
from development.selectors import development_plan
from development.selectors import group_development
from development.selectors import required_level
from development.selectors import team_development
from development.services import item_create
from teams.models import Level
from tests.factories import SchoolFactory
from tests.guidelines.test_flowchart import report  # noqa: F401 (the report's text)
from tests.teams.builders import give
from tests.teams.builders import person
from tests.teams.builders import team_task

pytestmark = pytest.mark.django_db

WEAK = {"technical": Level.BASIC, "pedagogical": Level.NONE}


@pytest.mark.parametrize(
    ("is_core", "decides", "lead", "expected"),
    [
        (False, False, False, Level.BASIC),
        (True, False, False, Level.GOOD),
        (False, True, False, Level.GOOD),
        (False, False, True, Level.GOOD),
    ],
)
def test_a_core_task_or_a_decide_or_lead_mandate_asks_good_else_basic(
    is_core, decides, lead, expected
):
    assert required_level(is_core=is_core, decides=decides, lead=lead) == expected


def test_basic_is_enough_to_execute_an_ordinary_task(school):
    someone = person(school, name="Jens", competences=WEAK)
    give(school, team_task(school), someone, executes=True)
    assert team_development(school=school).for_person(someone.pk) is None


def test_basic_falls_short_of_a_core_task(school):
    someone = person(school, name="Jens", competences=WEAK)
    entry = team_task(school, core=True)
    give(school, entry, someone, executes=True)
    gaps = team_development(school=school).for_person(someone.pk).gaps
    assert [(g.competence, g.actual, g.required) for g in gaps] == [
        ("technical", Level.BASIC, Level.GOOD)
    ]
    assert [ask.entry for ask in gaps[0].tasks] == [entry]


def test_basic_falls_short_when_leading_an_ordinary_task(school):
    someone = person(school, name="Jens", competences=WEAK)
    give(school, team_task(school), someone, executes=True, lead=True)
    gap = team_development(school=school).for_person(someone.pk).gaps[0]
    assert gap.required == Level.GOOD


def test_no_competence_at_all_falls_short_of_any_task_needing_it(school):
    someone = person(school, name="Jens", competences=WEAK)
    give(
        school,
        team_task(school, cluster="pedagogical", needs=("pedagogical",)),
        someone,
        monitors=True,
    )
    gap = team_development(school=school).for_person(someone.pk).gaps[0]
    assert (gap.competence, gap.actual, gap.required) == ("pedagogical", Level.NONE, Level.BASIC)


def test_a_task_asks_only_the_competences_it_needs(school):
    someone = person(school, name="Jens", competences={"policy": Level.NONE})
    give(school, team_task(school, core=True, needs=("technical",)), someone)
    assert team_development(school=school).for_person(someone.pk) is None


def test_the_team_is_thin_where_its_tasks_need_a_competence_nobody_has_at_good(school):
    keen = person(school, name="Keen", competences={"policy": Level.BASIC})
    person(school, name="Other", competences={"policy": Level.NONE})
    keen.motivation_policy = Level.EXPERT
    keen.save()
    team_task(school, cluster="policy", needs=("policy",))
    team = team_development(school=school)
    depth = {c.competence: c for c in team.clusters}
    assert depth["policy"].thin
    assert depth["policy"].candidate == keen
    assert not depth["technical"].thin  # both are Good at it
    assert not depth["administrative"].thin  # no task needs it
    gap = depth["policy"].candidate_gap
    assert (gap.person, gap.required, gap.team_candidate) == (keen, Level.GOOD, True)


def test_group_level_people_who_serve_the_school_count_in_its_team(school, group):
    person(
        group=group,
        name="Network specialist",
        competences={"technical": Level.EXPERT},
        shares={school: 4},
    )
    person(school, name="Jens", competences={"technical": Level.NONE})
    team_task(school)
    depth = {c.competence: c for c in team_development(school=school).clusters}
    assert depth["technical"].strong == 1
    assert not depth["technical"].thin


def test_schools_sharing_counts_the_schools_of_the_group_with_the_same_gap(
    school, sibling_school, other_school
):
    for each in (school, sibling_school, other_school):
        weak = person(each, competences={"technical": Level.NONE})
        give(each, team_task(each, core=True), weak, executes=True)
    team = team_development(school=school)
    gap = team.people_gaps[0].gaps[0]
    # The other group's school does not count.
    assert gap.schools_sharing == 2
    assert team.group_schools == 2
    assert gap.routes[0].key == GROUP_TRAINING


def test_the_group_view_counts_schools_and_people_without_naming_people(
    group, school, sibling_school
):
    weak = person(school, name="Secret Name", competences={"pedagogical": Level.NONE})
    give(school, team_task(school, cluster="pedagogical", needs=("pedagogical",)), weak)
    development = group_development(group=group)
    pedagogical = next(c for c in development.clusters if c.competence == "pedagogical")
    assert pedagogical.schools_with_gap == 1
    assert pedagogical.people_short == 1
    assert pedagogical.school_names == (school.name,)
    assert not pedagogical.shared
    assert "Secret Name" not in repr(development)


@pytest.mark.parametrize(("people", "tasks"), [(3, 5), (30, 40)])
def test_team_development_runs_constant_queries(
    school, sibling_school, django_assert_num_queries, people, tasks
):
    entries = [team_task(school, core=i % 2 == 0) for i in range(tasks)]
    for i in range(people):
        someone = person(school, competences={"technical": i % 3})
        give(school, entries[i % tasks], someone, executes=True)
    # the group's schools; people, shares, tasks and assignments of all of them
    with django_assert_num_queries(5):
        team = team_development(school=school)
        [gap.routes for p in team.people_gaps for gap in p.gaps]
    assert len(team.people) == people


def test_suggested_routes_follow_the_competence_and_the_gap():
    small = [r.key for r in suggest_routes(competence="technical", required=1, actual=0)]
    assert small[0] == SELF_STUDY and MICRODEGREE not in small
    large = [r.key for r in suggest_routes(competence="technical", required=2, actual=0)]
    assert large[:2] == [SUPPLIERS, MICRODEGREE]
    policy = [r.key for r in suggest_routes(competence="policy", required=2, actual=1)]
    assert policy[0] == COUNSELLING and MICRODEGREE not in policy
    shared = [
        r.key
        for r in suggest_routes(
            competence="administrative", required=2, actual=1, schools_sharing=3
        )
    ]
    assert shared[0] == GROUP_TRAINING
    basic_shared = [
        r.key for r in suggest_routes(competence="policy", required=1, actual=0, schools_sharing=3)
    ]
    assert basic_shared[0] == SELF_STUDY and basic_shared[-1] == GROUP_TRAINING
    assert GROUP_TRAINING not in small


def test_every_route_quotes_the_report(report):  # noqa: F811
    text = report.replace("*", "")  # the export's italics
    for route in ROUTES.values():
        # Sentences may be joined from one passage; each is the report's, word for word.
        for sentence in re.split(r"(?<=\.)\s+(?=[A-Z'])", str(route.quote)):
            assert sentence.rstrip(".") in text, (route.key, sentence)


def test_development_plan_lists_the_items_and_the_thin_competences(school):
    someone = person(school, name="Jens", competences={"policy": Level.NONE})
    team_task(school, cluster="policy", needs=("policy",))
    item_create(
        school=school, person=someone, competence="policy", route=COUNSELLING, school_year=2026
    )
    plan = development_plan(school=school)
    assert [i.person for i in plan.items] == [someone]
    assert [c.competence for c in plan.thin_clusters] == ["policy"]
    assert ("Planned", 1) in plan.counts


def test_a_school_of_another_group_is_not_part_of_the_analysis(other_school, school):
    SchoolFactory(group=other_school.group)
    assert team_development(school=school).group_schools == 1
