"""Writes to the ICT team: people, assignments with mandates, consultation groups, agreements.

Every function takes keyword arguments only, validates with ``full_clean()`` (and the
database constraints behind it) and runs in a transaction. ``user`` is recorded as the
author of the change in the history of people and assignments.

A person belongs to a school's team when they are a person of that school, or a
group-level person of the school's group with a share of hours in that school
(``PersonSchool``). Assignments, backups and consultation group members must belong to
the team of the school they are used in.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING
from typing import Required
from typing import TypedDict
from typing import Unpack

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from schools.access import CAN_MANAGE
from schools.access import has_role
from schools.concurrency import Conflict
from schools.concurrency import RowConflicts
from schools.concurrency import claim
from schools.models import School
from schools.models import SchoolGroup
from tasks.models import Horizon
from tasks.models import ListTask
from tasks.models import Specialisation
from teams.models import Agreement
from teams.models import Assignment
from teams.models import ConsultationGroup
from teams.models import Person
from teams.models import PersonRole
from teams.models import PersonSchool
from teams.selectors import COMPETENCE_LEVEL_FIELDS
from teams.selectors import MOTIVATION_LEVEL_FIELDS
from teams.selectors import ZERO
from teams.selectors import CellState
from teams.selectors import mandates_of
from teams.selectors import serves_school

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    User = AbstractBaseUser


def _track(instance: Person | Assignment, user: User | None) -> None:
    """Name the author in the history record of the next save."""
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user


# --- people -----------------------------------------------------------------------------


def _check_keys(values: Iterable[str], allowed: Iterable[str], field: str) -> list[str]:
    values = list(dict.fromkeys(values))
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValidationError({field: _("Unknown values: %(keys)s") % {"keys": ", ".join(unknown)}})
    return values


def _apply_levels(person: Person, levels: Mapping[str, int] | None, fields: dict[str, str]) -> None:
    if levels is None:
        return
    for key, level in levels.items():
        if key not in fields:
            raise ValidationError(_("Unknown cluster: %(key)s") % {"key": key})
        setattr(person, fields[key], int(level))


def _set_shares(person: Person, shares: Mapping[School, Decimal]) -> None:
    """Replace a group-level person's school shares, refusing what would break the team."""
    if person.group_id is None:
        if shares:
            raise ValidationError(
                {"school_shares": _("Only group-level people split their hours over schools.")}
            )
        return
    for school in shares:
        if school.group_id != person.group_id:
            raise ValidationError(
                {
                    "school_shares": _("%(school)s is not a school of %(group)s.")
                    % {"school": school.name, "group": person.group.name}
                }
            )
    _check_total_fits(person, sum((Decimal(hours) for hours in shares.values()), ZERO))
    keep = {school.pk for school in shares}
    dropped = PersonSchool.objects.filter(person=person).exclude(school_id__in=keep)
    still_assigned = sorted(
        set(
            Assignment.objects.filter(school_id__in=dropped.values("school_id"))
            .filter(Q(person=person) | Q(backup=person))
            .values_list("school__name", flat=True)
        )
    )
    if still_assigned:
        raise ValidationError(
            {
                "school_shares": _(
                    "%(person)s still has tasks or backups in %(schools)s: hand them over "
                    "before ending the share."
                )
                % {"person": person.name, "schools": ", ".join(still_assigned)}
            }
        )
    dropped.delete()
    for school, hours in shares.items():
        share, _created = PersonSchool.objects.get_or_create(
            person=person, school=school, defaults={"hours": Decimal(hours)}
        )
        share.hours = Decimal(hours)
        share.full_clean()
        share.save()


def _check_shares_fit(person: Person) -> None:
    """After changing a group-level person's hours: their shares must still fit."""
    if person.group_id is None:
        return
    _check_total_fits(
        person,
        sum(PersonSchool.objects.filter(person=person).values_list("hours", flat=True), ZERO),
    )


def _check_total_fits(person: Person, total: Decimal) -> None:
    """A group-level person's school shares add up to no more than the hours they have."""
    if total > person.hours_available:
        raise ValidationError(
            {
                "school_shares": _(
                    "The school shares add up to %(total)s hours, more than the %(available)s "
                    "hours %(person)s has available."
                )
                % {"total": total, "available": person.hours_available, "person": person.name}
            }
        )


def _save_person(
    person: Person,
    competences: Mapping[str, int] | None,
    motivation: Mapping[str, int] | None,
    school_shares: Mapping[School, Decimal] | None,
    user: User | None,
) -> None:
    """Set the levels, validate and save the person, then their school shares when given."""
    _apply_levels(person, competences, COMPETENCE_LEVEL_FIELDS)
    _apply_levels(person, motivation, MOTIVATION_LEVEL_FIELDS)
    person.full_clean()
    _track(person, user)
    person.save()
    if school_shares is not None:
        _set_shares(person, school_shares)


@transaction.atomic
def person_create(
    *,
    school: School | None = None,
    group: SchoolGroup | None = None,
    name: str,
    email: str = "",
    phone: str = "",
    roles: Iterable[str] = (),
    ict_hours: Decimal = ZERO,
    bpt_hours: Decimal = ZERO,
    other_hours: Decimal = ZERO,
    external_hours: Decimal = ZERO,
    competences: Mapping[str, int] | None = None,
    motivation: Mapping[str, int] | None = None,
    specialisations: Iterable[str] = (),
    note: str = "",
    school_shares: Mapping[School, Decimal] | None = None,
    user: User | None = None,
) -> Person:
    """Add a person to a school's team, or a group-level person to a group.

    ``competences`` and ``motivation`` map cluster keys (``Competence`` / ``Cluster``
    values) to a ``Level``; ``roles`` are ``PersonRole`` keys; ``specialisations`` are
    ``Specialisation`` keys. ``school_shares`` (group-level people only) maps schools of
    the group to the person's hours there; together they may not exceed the hours
    available.
    """
    if (school is None) == (group is None):
        raise ValidationError(_("A person belongs to exactly one school or one school group."))
    person = Person(
        school=school,
        group=group,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        roles=_check_keys(roles, PersonRole.values, "roles"),
        ict_hours=Decimal(ict_hours),
        bpt_hours=Decimal(bpt_hours),
        other_hours=Decimal(other_hours),
        external_hours=Decimal(external_hours),
        specialisations=_check_keys(specialisations, Specialisation.values, "specialisations"),
        note=note,
    )
    _save_person(person, competences, motivation, school_shares, user)
    return person


@transaction.atomic
def person_update(
    *,
    person: Person,
    name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    roles: Iterable[str] | None = None,
    ict_hours: Decimal | None = None,
    bpt_hours: Decimal | None = None,
    other_hours: Decimal | None = None,
    external_hours: Decimal | None = None,
    competences: Mapping[str, int] | None = None,
    motivation: Mapping[str, int] | None = None,
    specialisations: Iterable[str] | None = None,
    note: str | None = None,
    school_shares: Mapping[School, Decimal] | None = None,
    user: User | None = None,
    version: str | None = None,
) -> Person:
    """Change a person; arguments left at None stay as they are.

    ``school_shares``, when given, replaces the group-level person's shares: a school
    left out ends the share (refused while the person still has tasks there).
    ``version`` is the one the edit form was loaded from: a person saved by someone
    else since then raises ``Conflict`` (``schools/concurrency.py``).
    """
    claim(person, version)
    for attribute, value in (("name", name), ("email", email), ("phone", phone)):
        if value is not None:
            setattr(person, attribute, value.strip())
    if note is not None:
        person.note = note
    if roles is not None:
        person.roles = _check_keys(roles, PersonRole.values, "roles")
    if specialisations is not None:
        person.specialisations = _check_keys(
            specialisations, Specialisation.values, "specialisations"
        )
    for attribute, value in (
        ("ict_hours", ict_hours),
        ("bpt_hours", bpt_hours),
        ("other_hours", other_hours),
        ("external_hours", external_hours),
    ):
        if value is not None:
            setattr(person, attribute, Decimal(value))
    _save_person(person, competences, motivation, school_shares, user)
    if school_shares is None:
        _check_shares_fit(person)
    return person


@transaction.atomic
def person_delete(*, person: Person, user: User | None = None) -> None:
    """Remove a person with their assignments; tasks they backed up lose that backup."""
    _track(person, user)
    person.delete()


# --- assignments ------------------------------------------------------------------------


def _check_in_team(person: Person, school: School, field: str) -> None:
    if not serves_school(person=person, school=school):
        raise ValidationError(
            {
                field: _("%(person)s is not in the team of %(school)s.")
                % {"person": person.name, "school": school.name}
            }
        )


@transaction.atomic
def assignment_set(
    *,
    school: School,
    list_task: ListTask,
    person: Person,
    decides: bool = False,
    executes: bool = False,
    monitors: bool = False,
    lead: bool = False,
    backup: Person | None = None,
    hours: Decimal = ZERO,
    user: User | None = None,
) -> Assignment | None:
    """Give a person mandates on a task of the school's list, change them, or end them.

    Without any mandate the assignment is deleted (None is returned). The task must be
    on the school's own list and apply; the person and the backup must be in the
    school's team (the school's people, or group-level people serving it).

    A task has exactly one lead and contact point: setting ``lead`` moves the lead from
    whoever held it. If that leaves the former lead without any mandate on the task,
    their assignment ends. Changing mandates withdraws an earlier approval.
    """
    if list_task.school_id != school.pk:
        raise ValidationError({"list_task": _("This task is not on the list of this school.")})
    # Every writer of a task's assignments takes the task's row first: concurrent saves
    # on one task queue up here instead of racing for its one lead and one assignment per
    # person (PostgreSQL; SQLite runs one writer at a time anyway).
    _lock_task(list_task)
    existing = _current_assignment(list_task, person)
    if not (decides or executes or monitors or lead):
        if existing is not None:
            _track(existing, user)
            existing.delete()
        return None
    if not list_task.applies or list_task.horizon == Horizon.DROPPED:
        raise ValidationError(
            {"list_task": _("This task does not apply to the school: change the task list first.")}
        )
    _check_in_team(person, school, "person")
    if backup is not None:
        if backup.pk == person.pk:
            raise ValidationError({"backup": _("A person cannot be their own backup.")})
        _check_in_team(backup, school, "backup")

    if lead:
        for former in (
            Assignment.objects.select_for_update()
            .filter(list_task=list_task, lead=True)
            .exclude(person=person)
        ):
            former.lead = False
            former.approved_by = None
            former.approved_at = None
            _track(former, user)
            if former.decides or former.executes or former.monitors:
                former.save()
            else:
                former.delete()

    assignment = existing or Assignment(school=school, list_task=list_task, person=person)
    mandates = {"decides": decides, "executes": executes, "monitors": monitors, "lead": lead}
    changed = existing is None or any(
        getattr(assignment, name) != value for name, value in mandates.items()
    )
    for name, value in mandates.items():
        setattr(assignment, name, bool(value))
    assignment.backup = backup
    assignment.hours = Decimal(hours)
    if changed:
        assignment.approved_by = None
        assignment.approved_at = None
    # The school, task, person and backup were checked above, with the objects in hand.
    assignment.full_clean(exclude=["school", "list_task", "person", "backup", "approved_by"])
    _track(assignment, user)
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as error:
        # A writer the lock could not hold back (no row lock on SQLite) saved first.
        raise ValidationError(SAVED_MEANWHILE, code="concurrent") from error
    return assignment


SAVED_MEANWHILE = _lazy(
    "Someone else changed the mandates of this task at the same moment. Nothing of yours "
    "was saved: reload the page, check their change and save again."
)


def _lock_task(list_task: ListTask) -> None:
    list(ListTask.objects.select_for_update().filter(pk=list_task.pk).values_list("pk", flat=True))


def _current_assignment(list_task: ListTask, person: Person) -> Assignment | None:
    return Assignment.objects.filter(list_task=list_task, person=person).first()


def assignment_backup_set(
    *, assignment: Assignment, backup: Person | None, user: User | None = None
) -> Assignment | None:
    """Give an assignment another backup, or none; its mandates and hours stay."""
    return assignment_set(
        school=assignment.school,
        list_task=assignment.list_task,
        person=assignment.person,
        backup=backup,
        hours=assignment.hours,
        user=user,
        **mandates_of(assignment),
    )


@dataclass(frozen=True)
class CellChange:
    """New mandates for one matrix cell (one task, one person)."""

    list_task: ListTask
    person: Person
    decides: bool = False
    executes: bool = False
    monitors: bool = False
    lead: bool = False


@transaction.atomic
def assignments_save_cells(
    *, school: School, changes: Iterable[CellChange], user: User | None = None
) -> int:
    """Save changed matrix cells in one transaction; returns how many cells changed.

    Hours and backups of existing assignments are kept. Two new leads on one task in the
    same save are refused: the lead is moved, so it must be clear where to.
    """
    changes = list(changes)
    new_leads: dict[int, list[CellChange]] = {}
    for change in changes:
        if change.lead:
            new_leads.setdefault(change.list_task.pk, []).append(change)
    for task_changes in new_leads.values():
        if len(task_changes) > 1:
            task = task_changes[0].list_task.task
            raise ValidationError(
                _("“%(task)s” can have only one lead and contact point: tick L for one person.")
                % {"task": f"{task.code} {task.title}"}
            )
    existing = {
        (a.list_task_id, a.person_id): a
        for a in Assignment.objects.filter(
            school=school,
            list_task__in=[c.list_task.pk for c in changes],
            person__in=[c.person.pk for c in changes],
        )
    }
    # Leads last: ending an old lead's other mandates must not undo the move.
    for change in sorted(changes, key=lambda c: c.lead):
        current = existing.get((change.list_task.pk, change.person.pk))
        assignment_set(
            school=school,
            list_task=change.list_task,
            person=change.person,
            **mandates_of(change),
            backup=current.backup if current else None,
            hours=current.hours if current else ZERO,
            user=user,
        )
    return len(changes)


@transaction.atomic
def assignment_approve(*, assignment: Assignment, user: User) -> Assignment:
    """The school leader approves the mandates of an assignment (CAN_MANAGE)."""
    if not has_role(user, assignment.school, CAN_MANAGE):
        raise PermissionDenied(_("Only the school leader approves mandates."))
    assignment.approved_by = user
    assignment.approved_at = timezone.now()
    _track(assignment, user)
    assignment.save(update_fields=["approved_by", "approved_at", "updated"])
    return assignment


@transaction.atomic
def assignments_approve_all(*, school: School, user: User) -> int:
    """Approve every pending mandate of the school; returns how many were approved."""
    if not has_role(user, school, CAN_MANAGE):
        raise PermissionDenied(_("Only the school leader approves mandates."))
    pending = list(Assignment.objects.filter(school=school, approved_at__isnull=True))
    now = timezone.now()
    for assignment in pending:
        assignment.approved_by = user
        assignment.approved_at = now
        _track(assignment, user)
        assignment.save(update_fields=["approved_by", "approved_at", "updated"])
    return len(pending)


# --- consultation groups and agreements --------------------------------------------------


def _check_members(members: Iterable[Person], school: School | None, group: SchoolGroup | None):
    members = list(members)
    for person in members:
        if school is not None:
            _check_in_team(person, school, "members")
        elif person.group_id != group.pk and (
            person.school_id is None or person.school.group_id != group.pk
        ):
            raise ValidationError(
                {
                    "members": _("%(person)s is not a person of %(group)s.")
                    % {"person": person.name, "group": group.name}
                }
            )
    return members


class ConsultationFields(TypedDict, total=False):
    """What a consultation group records, as its services take it (its form's fields)."""

    kind: Required[str]
    name: Required[str]
    purpose: str
    rhythm: str
    members: Iterable[Person]
    group_link: str


def _consultation_save(
    consultation: ConsultationGroup, fields: ConsultationFields
) -> ConsultationGroup:
    consultation.kind = fields["kind"]
    consultation.name = fields["name"].strip()
    consultation.purpose = fields.get("purpose", "")
    consultation.rhythm = fields.get("rhythm", "").strip()
    consultation.group_link = fields.get("group_link", "")
    consultation.full_clean()
    consultation.save()
    members = _check_members(fields.get("members", ()), consultation.school, consultation.group)
    consultation.members.set(members)
    return consultation


@transaction.atomic
def consultation_group_create(
    *,
    school: School | None = None,
    group: SchoolGroup | None = None,
    user: User | None = None,
    **fields: Unpack[ConsultationFields],
) -> ConsultationGroup:
    """Set up a consultation group of a school (or of the school group).

    Members must be in the school's team (for a group's consultation group: people of
    the group or of its schools).
    """
    if (school is None) == (group is None):
        raise ValidationError(_("A consultation group belongs to one school or one group."))
    return _consultation_save(ConsultationGroup(school=school, group=group), fields)


@transaction.atomic
def consultation_group_update(
    *,
    consultation_group: ConsultationGroup,
    user: User | None = None,
    version: str | None = None,
    **fields: Unpack[ConsultationFields],
) -> ConsultationGroup:
    """Change a consultation group; ``version`` as in ``person_update``."""
    claim(consultation_group, version)
    return _consultation_save(consultation_group, fields)


@transaction.atomic
def consultation_group_delete(
    *, consultation_group: ConsultationGroup, user: User | None = None
) -> None:
    consultation_group.delete()


@transaction.atomic
def agreement_create(
    *, school: School, kind: str, text: str, in_place: bool = False, user: User | None = None
) -> Agreement:
    """Record a team agreement on knowledge sharing, backup or documentation."""
    agreement = Agreement(school=school, kind=kind, text=text.strip(), in_place=in_place)
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_update(
    *,
    agreement: Agreement,
    kind: str,
    text: str,
    in_place: bool,
    user: User | None = None,
    version: str | None = None,
) -> Agreement:
    """Change an agreement; ``version`` as in ``person_update``."""
    claim(agreement, version)
    agreement.kind = kind
    agreement.text = text.strip()
    agreement.in_place = in_place
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def agreement_delete(*, agreement: Agreement, user: User | None = None) -> None:
    agreement.delete()


@dataclass(frozen=True)
class AssignmentInput:
    """One person's mandates, backup and hours on a task, as entered on the task page."""

    person: Person
    decides: bool = False
    executes: bool = False
    monitors: bool = False
    lead: bool = False
    backup: Person | None = None
    hours: Decimal = ZERO
    # The version of the person's assignment the row was loaded from ("" for none yet,
    # None for no check): see ``schools/concurrency.py``.
    version: str | None = None


def _check_versions(list_task: ListTask, rows: list[AssignmentInput]) -> None:
    """Refuse rows whose assignment someone else gave, changed or ended since loading."""
    current = {a.person_id: a for a in Assignment.objects.filter(list_task=list_task)}
    conflicts = {}
    for row in rows:
        if row.version is None:
            continue
        assignment = current.get(row.person.pk)
        if assignment is None and row.version:
            conflicts[row.person.pk] = Conflict(current=None)
        elif assignment is not None and not row.version:
            conflicts[row.person.pk] = Conflict(current=assignment)
        elif assignment is not None:
            try:
                claim(assignment, row.version)
            except Conflict as conflict:
                conflicts[row.person.pk] = conflict
    if conflicts:
        raise RowConflicts(conflicts)


@transaction.atomic
def task_assignments_save(
    *,
    school: School,
    list_task: ListTask,
    rows: Iterable[AssignmentInput],
    user: User | None = None,
) -> list[Assignment]:
    """Save everyone's mandates on one task at once (the task page).

    Rows without a mandate end that person's assignment. At most one row may be the
    lead. Returns the task's assignments after the save.
    """
    rows = list(rows)
    persons = [row.person.pk for row in rows]
    if len(persons) != len(set(persons)):
        raise ValidationError(_("Each person can appear only once on a task."))
    if sum(1 for row in rows if row.lead) > 1:
        raise ValidationError(_("A task has exactly one lead and contact point: tick one."))
    _lock_task(list_task)
    _check_versions(list_task, rows)
    saved = []
    # The lead last, so a former lead's other mandates are saved before the lead moves.
    for row in sorted(rows, key=lambda r: r.lead):
        assignment = assignment_set(
            school=school,
            list_task=list_task,
            person=row.person,
            **mandates_of(row),
            backup=row.backup,
            hours=row.hours,
            user=user,
        )
        if assignment is not None:
            saved.append(assignment)
    return saved


# --- one matrix cell, against the state it was shown in ---------------------------------


class CellWrite(TypedDict, total=False):
    """What a cell save writes, as ``assignment_set`` takes it (its defaults apply)."""

    decides: bool
    executes: bool
    monitors: bool
    lead: bool
    backup: Person | None
    hours: Decimal
    user: User | None


class CellConflict(Exception):
    """The cell changed since it was shown: ``current`` is what it holds now."""

    def __init__(self, current: CellState, assignment: Assignment | None) -> None:
        super().__init__("The cell changed since it was shown.")
        self.current = current
        self.assignment = assignment


@transaction.atomic
def assignment_cell_save(
    *,
    school: School,
    list_task: ListTask,
    person: Person,
    expected: CellState,
    **cell: Unpack[CellWrite],
) -> Assignment | None:
    """Save one matrix cell (mandates, hours, backup) if it still holds ``expected``.

    The editor shows a cell's state and sends it back with the save; when someone else
    changed the cell in between, ``CellConflict`` is raised with what it holds now and
    nothing is written. The task's row is locked first, so two saves on one task (a lead
    moving) follow each other. The write itself is ``assignment_set``.
    """
    ListTask.objects.select_for_update().filter(pk=list_task.pk).first()
    current = (
        Assignment.objects.select_for_update().filter(list_task=list_task, person=person).first()
    )
    if CellState.of(current) != expected:
        raise CellConflict(CellState.of(current), current)
    return assignment_set(school=school, list_task=list_task, person=person, **cell)
