"""Writes of school years: the rollover from one school year to the next, of a school or
of a school group (its group-level people and the group-led plan's resources).

The rollover keeps the closing year in a ``YearRecord`` (its team, its division of tasks,
its figures and resources as they stand) and then changes the live data through the
services of ``teams`` and ``guidelines``, so every change is in their history with its
author: leavers' assignments end and the leavers leave the team (the tasks they held
show up as gaps), backups they gave end, the people who stay get the new year's hours,
and step 4 records the new year's resources. All of it in one transaction: any refusal,
and nothing changed.
"""

from __future__ import annotations

from collections.abc import Collection
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guidelines.models import Resources
from guidelines.selectors import plan_for
from guidelines.services import resources_set
from schools.access import Owner
from schools.access import owner_kwargs
from schools.school_years import school_year_label
from schools.school_years import school_year_of
from teams.models import Person
from teams.selectors import ZERO
from teams.selectors import TeamMember
from teams.services import assignment_backup_set
from teams.services import assignment_set
from teams.services import person_delete
from teams.services import person_update
from years.models import SchoolYear
from years.models import YearRecord
from years.selectors import YearTeam
from years.selectors import assignments_snapshot
from years.selectors import current_start_year
from years.selectors import team_snapshot
from years.selectors import year_figures
from years.selectors import year_team

HOUR_FIELDS = ("ict_hours", "bpt_hours", "other_hours", "external_hours")
RESOURCE_FIELDS = ("ict_hours", "bpt_hours", "other_hours", "operating_budget")


@dataclass(frozen=True)
class SchoolHours:
    """Hours per week from the sources inside the school: ICT, BPT and other hours (step 4
    counts a person's external hours apart)."""

    ict_hours: Decimal = ZERO
    bpt_hours: Decimal = ZERO
    other_hours: Decimal = ZERO

    @property
    def school_hours(self) -> Decimal:
        return self.ict_hours + self.bpt_hours + self.other_hours


@dataclass(frozen=True)
class Hours(SchoolHours):
    """A person's hours per week by source for the new year."""

    external_hours: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.school_hours + self.external_hours

    @classmethod
    def of(cls, person: Person) -> Hours:
        return cls(**{name: getattr(person, name) for name in HOUR_FIELDS})


@dataclass(frozen=True)
class NewResources(SchoolHours):
    """Step 4's resources for the new year."""

    operating_budget: Decimal = ZERO

    @property
    def total_hours(self) -> Decimal:
        return self.school_hours


@dataclass(frozen=True)
class StayingPerson:
    member: TeamMember
    before: Hours
    after: Hours


@dataclass
class RolloverPreview:
    """What the rollover would do, before it writes anything."""

    closing: int
    opening: int
    # Who leaves, who stays and the group-level people, as the form decided them; what
    # the leavers' going removes, ends and leaves open is filled in from the team.
    leaving: list[TeamMember]
    staying: list[StayingPerson]
    group_level: list[TeamMember]
    removed: list[dict] = field(default_factory=list)
    backups_ended: list[dict] = field(default_factory=list)
    gaps: list[dict] = field(default_factory=list)
    resources_before: Resources | None = None
    resources_after: NewResources | None = None

    @property
    def closing_label(self) -> str:
        return school_year_label(self.closing)

    @property
    def opening_label(self) -> str:
        return school_year_label(self.opening)

    @property
    def schools_losing_executor(self) -> list[str]:
        """A group's rollover: the schools where a task loses an executor who leaves (a
        group's people serve its schools)."""
        return sorted(
            {row["school"] for row in self.removed if row.get("executes") and row.get("school")}
        )

    @property
    def hours_after(self) -> Decimal:
        """The hours of the school's own people who stay, as the new year starts."""
        return sum((row.after.total for row in self.staying), ZERO)

    @property
    def over_resources(self) -> bool:
        """Whether the staying people's ICT, BPT and other hours exceed step 4's."""
        if self.resources_after is None:
            return False
        inside = sum(row.after.school_hours for row in self.staying)
        return inside > self.resources_after.total_hours


def rollover_years(owner: Owner) -> tuple[int, int]:
    """The closing and the opening school year, or a ValidationError saying why not."""
    closing = current_start_year(owner=owner)
    opening = closing + 1
    # A school prepares the next year before it starts, never one further on.
    if opening > school_year_of(timezone.localdate()) + 1:
        raise ValidationError(
            _("The school year %(year)s cannot be prepared yet.")
            % {"year": school_year_label(opening)}
        )
    if YearRecord.objects.filter(**owner_kwargs(owner), start_year=closing).exists():
        raise ValidationError(
            _("The school year %(year)s is already closed.") % {"year": school_year_label(closing)}
        )
    return closing, opening


def _plan_of(team: YearTeam, leaving: Collection[int], hours: Mapping[int, Hours]):
    own = {member.pk: member for member in team.own}
    unknown = set(leaving) - set(own)
    if unknown:
        if team.is_group:
            raise ValidationError(
                _("Only the group's group-level people can be marked as leaving.")
            )
        raise ValidationError(
            _(
                "Only the school's own people can be marked as leaving: the school group manages "
                "its group-level people."
            )
        )
    preview_people = []
    for pk, member in own.items():
        if pk in leaving:
            continue
        after = hours.get(pk) or Hours.of(member.person)
        preview_people.append(StayingPerson(member, Hours.of(member.person), after))
    return own, preview_people


def rollover_preview(
    *,
    owner: Owner,
    leaving: Collection[int],
    hours: Mapping[int, Hours],
    resources: NewResources | None,
) -> RolloverPreview:
    """What rolling the school (or the group) over to the next school year would do;
    writes nothing."""
    closing, opening = rollover_years(owner)
    team = year_team(owner=owner)
    return _preview(owner, team, closing, opening, set(leaving), hours, resources)


def _preview(owner, team, closing, opening, leaving, hours, resources) -> RolloverPreview:
    own, staying = _plan_of(team, leaving, hours)
    names = {member.pk: member.person.name for member in team.people}
    preview = RolloverPreview(
        closing=closing,
        opening=opening,
        leaving=[own[pk] for pk in own if pk in leaving],
        staying=staying,
        group_level=[member for member in team.people if member.pk not in own],
        resources_after=resources,
    )
    plan = plan_for(owner=owner)
    preview.resources_before = getattr(plan, "resources", None) if plan else None
    for entry in team.entries:
        assignments = team.by_task.get(entry.pk, [])
        task = {"task": entry.task.code, "title": entry.task.title, "core": entry.task.is_core}
        if team.is_group:
            # A group's people serve its schools: say whose task it is.
            task["school"] = entry.school.name
        for assignment in assignments:
            name = names.get(assignment.person_id) or assignment.person.name
            if assignment.person_id in leaving:
                preview.removed.append({**task, "person": name, "executes": assignment.executes})
            elif assignment.backup_id in leaving:
                preview.backups_ended.append(
                    {**task, "person": name, "backup": names[assignment.backup_id]}
                )
        executors = [a for a in assignments if a.executes]
        if executors and all(a.person_id in leaving for a in executors):
            preview.gaps.append(task)
    return preview


@transaction.atomic
def school_year_rollover(
    *,
    owner: Owner,
    leaving: Collection[int],
    hours: Mapping[int, Hours],
    resources: NewResources | None,
    user,
) -> YearRecord:
    """Close the owner's current school year and start the next one.

    A school: ``leaving`` are ids of its own people who leave (group-level people stay as
    the school group set them). A group: ids of its group-level people who leave (their
    tasks in every school of the group end). ``hours``: the new year's hours of people
    who stay (a person left out keeps theirs); ``resources``: step 4's hours and budget
    for the new year (recorded on the owner's transition plan, when it has one).
    """
    type(owner).objects.select_for_update().filter(pk=owner.pk).exists()
    closing, opening = rollover_years(owner)
    leaving = set(leaving)
    team = year_team(owner=owner)
    preview = _preview(owner, team, closing, opening, leaving, hours, resources)
    plan = plan_for(owner=owner)
    before = getattr(plan, "resources", None) if plan else None
    record = YearRecord(
        **owner_kwargs(owner),
        start_year=closing,
        team=team_snapshot(team, leaving=leaving),
        assignments=assignments_snapshot(team),
        figures=year_figures(team),
        resources={name: str(getattr(before, name)) for name in RESOURCE_FIELDS} if before else {},
        closed_by=user if user is not None and user.is_authenticated else None,
    )
    record.full_clean()
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:
        # Another rollover of the same year committed first (no row lock on SQLite).
        raise ValidationError(
            _("The school year %(year)s is already closed.") % {"year": record.label}
        ) from error

    # Backups the leavers gave end first, then the leavers' own assignments, then they
    # leave: each through the team's services, so its history names who did it.
    in_scope = team.assignments_in_scope()
    for assignment in (
        in_scope.filter(backup_id__in=leaving)
        .exclude(person_id__in=leaving)
        .select_related("list_task", "person", "school")
    ):
        assignment_backup_set(assignment=assignment, backup=None, user=user)
    for assignment in in_scope.filter(person_id__in=leaving).select_related(
        "list_task", "person", "school"
    ):
        assignment_set(
            school=assignment.school,
            list_task=assignment.list_task,
            person=assignment.person,
            user=user,
        )
    for member in preview.leaving:
        person_delete(person=member.person, user=user)
    for row in preview.staying:
        if row.after != row.before:
            person_update(
                person=row.member.person,
                user=user,
                **{name: getattr(row.after, name) for name in HOUR_FIELDS},
            )
    if resources is not None and plan is not None:
        resources_set(
            plan=plan,
            user=user,
            note=before.note if before else "",
            **{name: getattr(resources, name) for name in RESOURCE_FIELDS},
        )
    SchoolYear.objects.update_or_create(**owner_kwargs(owner), defaults={"start_year": opening})
    return record
