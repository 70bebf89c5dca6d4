"""Team services: validation, tenancy of people, tasks and backups, lead and approval rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError

from schools.models import Role
from tasks.models import Horizon
from teams.models import Agreement
from teams.models import Assignment
from teams.models import ConsultationKind
from teams.models import Level
from teams.models import Person
from teams.models import PersonSchool
from teams.services import AssignmentInput
from teams.services import CellChange
from teams.services import agreement_create
from teams.services import agreement_delete
from teams.services import agreement_update
from teams.services import assignment_approve
from teams.services import assignment_set
from teams.services import assignments_approve_all
from teams.services import assignments_save_cells
from teams.services import consultation_group_create
from teams.services import consultation_group_update
from teams.services import person_create
from teams.services import person_delete
from teams.services import person_update
from teams.services import task_assignments_save
from tests.factories import member
from tests.teams.builders import give
from tests.teams.builders import person
from tests.teams.builders import team_task

pytestmark = pytest.mark.django_db


# --- people -----------------------------------------------------------------------------


def test_person_create_stores_hours_levels_roles_and_specialisations(school):
    created = person_create(
        school=school,
        name="  Lotte Maes ",
        roles=["pedagogical_coordinator", "digicoach"],
        ict_hours=Decimal("4"),
        bpt_hours=Decimal("6"),
        other_hours=Decimal("1.5"),
        external_hours=Decimal("0"),
        competences={"pedagogical": Level.EXPERT, "technical": Level.BASIC},
        motivation={"pedagogical": Level.EXPERT},
        specialisations=["learning_platform"],
    )
    created.refresh_from_db()
    assert created.name == "Lotte Maes"
    assert created.hours_available == Decimal("11.5")
    assert created.competence_pedagogical == Level.EXPERT
    assert created.competence_policy == Level.NONE
    assert created.motivation_pedagogical == Level.EXPERT
    assert created.specialisations == ["learning_platform"]
    assert created.is_strategic


def test_person_create_refuses_unknown_roles_and_specialisations(school):
    with pytest.raises(ValidationError) as error:
        person_create(school=school, name="X", roles=["wizard"])
    assert "roles" in error.value.message_dict
    with pytest.raises(ValidationError):
        person_create(school=school, name="X", specialisations=["juggling"])
    assert not Person.objects.exists()


def test_person_belongs_to_exactly_one_school_or_group(school, group):
    with pytest.raises(ValidationError):
        person_create(school=school, group=group, name="Both")
    with pytest.raises(ValidationError):
        person_create(name="Neither")


def test_person_hours_are_validated(school):
    with pytest.raises(ValidationError):
        person_create(school=school, name="X", ict_hours=Decimal("-1"))


def test_school_shares_may_not_exceed_the_hours_available(school, sibling_school, group):
    with pytest.raises(ValidationError) as error:
        person(group=group, hours=6, shares={school: 4, sibling_school: 3})
    assert "school_shares" in error.value.message_dict
    assert not Person.objects.exists()


def test_lowering_hours_below_the_shares_is_refused(school, group):
    shared = person(group=group, hours=6, shares={school: 5})
    with pytest.raises(ValidationError):
        person_update(person=shared, ict_hours=Decimal("4"))
    shared.refresh_from_db()
    assert shared.ict_hours == 6


def test_school_shares_only_for_schools_of_the_persons_group(school, group, other_school):
    with pytest.raises(ValidationError):
        person(group=group, hours=10, shares={other_school: 2})


def test_school_people_have_no_shares(school, sibling_school):
    with pytest.raises(ValidationError):
        person(school, shares={sibling_school: 2})


def test_updating_shares_replaces_them(school, sibling_school, group):
    shared = person(group=group, hours=10, shares={school: 4})
    person_update(person=shared, school_shares={sibling_school: 5})
    assert dict(PersonSchool.objects.values_list("school__slug", "hours")) == {
        sibling_school.slug: 5
    }


def test_ending_a_share_while_the_person_still_has_tasks_there_is_refused(school, group):
    shared = person(group=group, hours=10, shares={school: 4})
    give(school, team_task(school), shared)
    with pytest.raises(ValidationError) as error:
        person_update(person=shared, school_shares={})
    assert school.name in str(error.value)
    assert PersonSchool.objects.filter(person=shared, school=school).exists()


def test_person_delete_ends_assignments_and_backups(school):
    first, second = person(school), person(school)
    entry = team_task(school)
    give(school, entry, first, backup=second)
    give(school, team_task(school), second)
    person_delete(person=second)
    assignment = Assignment.objects.get()
    assert assignment.person == first
    assert assignment.backup is None


def test_person_history_names_the_user(school):
    user = member(school)
    created = person_create(school=school, name="Lotte", user=user)
    assert created.history.first().history_user == user


# --- assignments ------------------------------------------------------------------------


def test_assignment_set_creates_updates_and_deletes_without_mandate(school):
    who = person(school)
    entry = team_task(school)
    created = assignment_set(school=school, list_task=entry, person=who, executes=True, hours=2)
    assert created.executes and not created.decides
    updated = assignment_set(school=school, list_task=entry, person=who, decides=True)
    assert updated.pk == created.pk
    assert updated.decides and not updated.executes
    assert assignment_set(school=school, list_task=entry, person=who) is None
    assert not Assignment.objects.exists()


def test_task_of_another_school_is_refused(school, sibling_school):
    who = person(school)
    foreign = team_task(sibling_school)
    with pytest.raises(ValidationError) as error:
        give(school, foreign, who)
    assert "list_task" in error.value.message_dict
    assert not Assignment.objects.exists()


def test_person_of_another_school_is_refused(school, sibling_school):
    foreign = person(sibling_school)
    with pytest.raises(ValidationError) as error:
        give(school, team_task(school), foreign)
    assert "person" in error.value.message_dict


def test_backup_of_another_school_is_refused(school, other_school):
    foreign = person(other_school)
    with pytest.raises(ValidationError) as error:
        give(school, team_task(school), person(school), backup=foreign)
    assert "backup" in error.value.message_dict
    assert not Assignment.objects.exists()


def test_group_person_needs_a_share_in_the_school(school, sibling_school, group):
    shared = person(group=group, hours=10, shares={sibling_school: 4})
    with pytest.raises(ValidationError):
        give(school, team_task(school), shared)
    person_update(person=shared, school_shares={sibling_school: 4, school: 2})
    assert give(school, team_task(school), shared) is not None


def test_group_person_of_another_group_is_refused(school, other_school, other_group):
    outsider = person(group=other_group, hours=10, shares={other_school: 4})
    with pytest.raises(ValidationError):
        give(school, team_task(school), outsider)


def test_a_person_cannot_back_up_themselves(school):
    who = person(school)
    with pytest.raises(ValidationError) as error:
        give(school, team_task(school), who, backup=who)
    assert "backup" in error.value.message_dict


def test_a_task_that_does_not_apply_is_refused(school):
    entry = team_task(school, applies=False)
    with pytest.raises(ValidationError):
        give(school, entry, person(school))
    dropped = team_task(school)
    dropped.horizon = Horizon.DROPPED
    dropped.save()
    with pytest.raises(ValidationError):
        give(school, dropped, person(school))


def test_setting_a_new_lead_moves_the_lead(school):
    first, second = person(school), person(school)
    entry = team_task(school)
    give(school, entry, first, decides=True, executes=True, lead=True)
    give(school, entry, second, lead=True)
    leads = list(Assignment.objects.filter(list_task=entry, lead=True))
    assert [a.person for a in leads] == [second]
    former = Assignment.objects.get(list_task=entry, person=first)
    assert former.decides and former.executes and not former.lead


def test_moving_the_lead_ends_an_assignment_that_held_only_the_lead(school):
    first, second = person(school), person(school)
    entry = team_task(school)
    give(school, entry, first, lead=True)
    give(school, entry, second, executes=True, lead=True)
    assert list(Assignment.objects.values_list("person", flat=True)) == [second.pk]


def test_changing_mandates_withdraws_the_approval(school):
    leader = member(school, role=Role.SCHOOL_LEADER)
    who = person(school)
    entry = team_task(school)
    assignment = give(school, entry, who)
    assignment_approve(assignment=assignment, user=leader)
    assert assignment.approved_by == leader
    same = give(school, entry, who, hours=5)
    assert same.approved_at is not None
    changed = give(school, entry, who, executes=True)
    assert changed.approved_at is None and changed.approved_by is None


def test_only_school_leaders_and_group_admins_approve_mandates(school, group):
    assignment = give(school, team_task(school), person(school))
    with pytest.raises(PermissionDenied):
        assignment_approve(assignment=assignment, user=member(school, role=Role.ICT_COORDINATOR))
    with pytest.raises(PermissionDenied):
        assignments_approve_all(school=school, user=member(school, role=Role.TEAM_MEMBER))
    admin = member(group=group, role=Role.GROUP_ADMIN)
    assert assignments_approve_all(school=school, user=admin) == 1
    assignment.refresh_from_db()
    assert assignment.approved_by == admin


def test_saving_matrix_cells_keeps_hours_and_backups(school):
    first, second = person(school), person(school)
    entry = team_task(school)
    give(school, entry, first, backup=second, hours=3, executes=True)
    saved = assignments_save_cells(
        school=school,
        changes=[
            CellChange(list_task=entry, person=first, executes=True, lead=True),
            CellChange(list_task=entry, person=second, decides=True),
        ],
    )
    assert saved == 2
    kept = Assignment.objects.get(person=first)
    assert (kept.hours, kept.backup, kept.lead) == (3, second, True)
    assert Assignment.objects.get(person=second).decides


def test_two_new_leads_on_one_task_in_one_save_are_refused(school):
    first, second = person(school), person(school)
    entry = team_task(school)
    with pytest.raises(ValidationError):
        assignments_save_cells(
            school=school,
            changes=[
                CellChange(list_task=entry, person=first, lead=True),
                CellChange(list_task=entry, person=second, lead=True),
            ],
        )
    assert not Assignment.objects.exists()


def test_a_refused_cell_rolls_back_the_whole_save(school, sibling_school):
    entry = team_task(school)
    with pytest.raises(ValidationError):
        assignments_save_cells(
            school=school,
            changes=[
                CellChange(list_task=entry, person=person(school), executes=True),
                CellChange(list_task=entry, person=person(sibling_school), executes=True),
            ],
        )
    assert not Assignment.objects.exists()


def test_task_page_save_sets_everyone_and_refuses_two_leads(school):
    first, second = person(school), person(school)
    entry = team_task(school)
    with pytest.raises(ValidationError):
        task_assignments_save(
            school=school,
            list_task=entry,
            rows=[
                AssignmentInput(person=first, lead=True),
                AssignmentInput(person=second, lead=True),
            ],
        )
    saved = task_assignments_save(
        school=school,
        list_task=entry,
        rows=[
            AssignmentInput(person=first, executes=True, backup=second, hours=Decimal("2")),
            AssignmentInput(person=second, decides=True, lead=True),
        ],
    )
    assert {(a.person, a.lead) for a in saved} == {(first, False), (second, True)}


# --- consultation groups and agreements --------------------------------------------------


def test_consultation_group_members_must_be_in_the_team(school, sibling_school, group):
    director = person(school, roles=("management",))
    shared = person(group=group, hours=10, shares={school: 2})
    policy_team = consultation_group_create(
        school=school,
        kind=ConsultationKind.POLICY_TEAM,
        name="ICT policy team",
        rhythm="monthly",
        members=[director, shared],
        group_link="The technical coordinator sits in the group's ICT policy group.",
    )
    assert set(policy_team.members.all()) == {director, shared}
    with pytest.raises(ValidationError):
        consultation_group_update(
            consultation_group=policy_team,
            kind=ConsultationKind.POLICY_TEAM,
            name="ICT policy team",
            members=[person(sibling_school)],
        )


def test_group_consultation_group_takes_people_of_the_group_and_its_schools(
    school, group, other_school
):
    shared = person(group=group, hours=10, shares={school: 2})
    created = consultation_group_create(
        group=group,
        kind=ConsultationKind.POLICY_TEAM,
        name="ICT policy group",
        members=[shared, person(school)],
    )
    assert created.members.count() == 2
    with pytest.raises(ValidationError):
        consultation_group_create(
            group=group, kind="policy_team", name="Mixed", members=[person(other_school)]
        )


def test_consultation_group_kind_is_validated(school):
    with pytest.raises(ValidationError):
        consultation_group_create(school=school, kind="party", name="X")


def test_agreements_are_created_updated_and_deleted(school):
    agreement = agreement_create(school=school, kind="documentation", text=" ict@school.be ")
    assert agreement.text == "ict@school.be"
    agreement_update(agreement=agreement, kind="backup", text="Tom backs up An.", in_place=True)
    agreement.refresh_from_db()
    assert (agreement.kind, agreement.in_place) == ("backup", True)
    with pytest.raises(ValidationError):
        agreement_create(school=school, kind="gossip", text="x")
    agreement_delete(agreement=agreement)
    assert not Agreement.objects.exists()
