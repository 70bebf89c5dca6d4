"""The people of a school's team (its own and the group-level people who serve it),
their hours, competences and consultation groups."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import router
from django.db.models import DecimalField
from django.db.models import Exists
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models import Sum
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy

from schools.compiled import compiled_rows
from schools.compiled import row_instance
from schools.models import School
from tasks.models import Cluster
from tasks.models import Competence
from teams.models import Agreement
from teams.models import Assignment
from teams.models import ConsultationGroup
from teams.models import Level
from teams.models import Person
from teams.models import PersonSchool

ZERO = Decimal("0")
HOURS_OUTPUT = DecimalField(max_digits=7, decimal_places=1)

# Person fields holding the self-assessed competence and motivation per cluster.
COMPETENCE_LEVEL_FIELDS = {key: f"competence_{key}" for key in Competence.values}
MOTIVATION_LEVEL_FIELDS = {key: f"motivation_{key}" for key in Cluster.values}

# Short cluster names for compact competence badges.
CLUSTER_SHORT = {
    "technical": gettext_lazy("Tech"),
    "pedagogical": gettext_lazy("Ped"),
    "policy": gettext_lazy("Pol"),
    "administrative": gettext_lazy("Adm"),
}

# Mandate letters used by the matrix and the workbook: Decides, Executes, Monitors, Lead.
MANDATES = ("decides", "executes", "monitors", "lead")


def mandates_of(source: object) -> dict[str, bool]:
    """The four mandates of whatever carries them (an assignment, a change, a form's
    cleaned data), by name, to hand on to a service in one piece."""
    if isinstance(source, dict):
        return {name: source[name] for name in MANDATES}
    return {name: getattr(source, name) for name in MANDATES}


MANDATE_LETTERS = {"decides": "D", "executes": "E", "monitors": "M", "lead": "L"}
MANDATE_LABELS = {
    "decides": gettext_lazy("decides"),
    "executes": gettext_lazy("executes"),
    "monitors": gettext_lazy("directs and follows up"),
    "lead": gettext_lazy("lead and contact point"),
}


@dataclass(frozen=True)
class TeamMember:
    """A person of a school's team with their hours for this school.

    ``hours_available`` and ``hours_used`` are for this school: a group-level person's
    share of hours in it, and the hours of their assignments here. The ``*_total``
    values cover every school a group-level person serves (equal for school people).
    """

    person: Person
    is_group_level: bool
    hours_available: Decimal
    hours_used: Decimal
    hours_available_total: Decimal
    hours_used_total: Decimal

    @property
    def pk(self) -> int:
        return self.person.pk

    @property
    def name(self) -> str:
        return self.person.name

    @property
    def over_hours(self) -> bool:
        return (
            self.hours_used > self.hours_available
            or self.hours_used_total > self.hours_available_total
        )

    @property
    def hours_free(self) -> Decimal:
        return self.hours_available - self.hours_used

    @property
    def usage_percent(self) -> int:
        """Share of the available hours in use, for a progress bar (capped at 100)."""
        if self.hours_available <= 0:
            return 100 if self.hours_used > 0 else 0
        return min(100, int(self.hours_used * 100 / self.hours_available))

    def competence(self, key: str) -> int:
        return getattr(self.person, COMPETENCE_LEVEL_FIELDS[key])

    def motivation(self, key: str) -> int:
        return getattr(self.person, MOTIVATION_LEVEL_FIELDS[key])

    @property
    def competence_profile(self) -> list[dict]:
        """Competence and motivation per cluster, in the report's cluster order."""
        return competence_profile(self.person)


def competence_profile(person: Person) -> list[dict]:
    """A person's level and motivation per cluster, for pages and role descriptions."""
    return [
        {
            "cluster": key,
            "label": label,
            "short": CLUSTER_SHORT[key],
            "level": getattr(person, COMPETENCE_LEVEL_FIELDS[key]),
            "level_label": Level(getattr(person, COMPETENCE_LEVEL_FIELDS[key])).label,
            "motivation": getattr(person, MOTIVATION_LEVEL_FIELDS[key]),
            "motivation_label": Level(getattr(person, MOTIVATION_LEVEL_FIELDS[key])).label,
        }
        for key, label in Cluster.choices
    ]


# The school's own (no ``group_id``) before the group's, on every database: SQLite sorts
# NULL first, PostgreSQL last.
OWN_FIRST = F("group_id").asc(nulls_first=True)


def assigned_hours(**scope: object) -> Coalesce:
    """A person's hours of assignments as an annotation, zero for none: in every school, or
    in those ``scope`` filters the assignments on (``school=...``)."""
    hours = (
        Assignment.objects.filter(person=OuterRef("pk"), **scope)
        .order_by()
        .values("person")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    return Coalesce(
        Subquery(hours, output_field=HOURS_OUTPUT), Value(ZERO), output_field=HOURS_OUTPUT
    )


def team_persons(*, school: School) -> QuerySet[Person]:
    """People of the school's team: its own people and group-level people serving it,
    in the team's order, without their hours (summing them is most of the query's work,
    and a reader of competences does not need them). One query."""
    share = PersonSchool.objects.filter(person=OuterRef("pk"), school=school)
    return Person.objects.filter(
        Q(school=school) | Q(group_id=school.group_id) & Exists(share)
    ).order_by(OWN_FIRST, "name", "pk")


def team_people_queryset(*, school: School) -> QuerySet[Person]:
    """People of the school's team (``team_persons``).

    Annotated with ``share_hours`` (hours for this school; None for school people),
    ``used_here`` (assignment hours in this school) and ``used_total`` (in every school).
    One query.
    """
    return team_persons(school=school).annotate(**_hours_annotations(school))


def _hours_annotations(school: School) -> dict:
    share = PersonSchool.objects.filter(person=OuterRef("pk"), school=school)
    return {
        "share_hours": Subquery(share.values("hours")[:1], output_field=HOURS_OUTPUT),
        "used_here": assigned_hours(school=school),
        "used_total": assigned_hours(),
    }


def _hours(value: object) -> Decimal:
    """Hours with one decimal, whatever the database returns for a sum."""
    return Decimal(str(value or 0)).quantize(Decimal("0.1"))


def _member(person: Person) -> TeamMember:
    is_group = person.group_id is not None
    total = _hours(person.hours_available)
    return TeamMember(
        person=person,
        is_group_level=is_group,
        hours_available=_hours(person.share_hours) if is_group else total,
        hours_used=_hours(person.used_here),
        hours_available_total=total,
        hours_used_total=_hours(person.used_total),
    )


# Every field of a person (a page may show or save any of them), then the team's hours.
PERSON_FIELDS = tuple(field.attname for field in Person._meta.concrete_fields)
HOURS_NAMES = ("share_hours", "used_here", "used_total")


def _team_people_rows(school_id: int, group_id: int) -> QuerySet:
    # The team's filter (an OR with an EXISTS) and its three subqueries of hours took
    # Django longer to build and compile than the database takes to run them, on every
    # page that shows the team: ``team_people`` compiles them once.
    school = School(pk=school_id, group_id=group_id)
    return team_people_queryset(school=school).values_list(*PERSON_FIELDS, *HOURS_NAMES)


def team_people(*, school: School) -> list[TeamMember]:
    """The school's team: its own people first, then group-level people serving it.

    Each with their hours available and used for this school. One query, compiled once
    per process; the people are the objects ``team_people_queryset`` gives, built from
    its plain rows (with their ``share_hours``, ``used_here`` and ``used_total``).
    """
    rows = compiled_rows(
        _team_people_rows, convert=True, school_id=school.pk, group_id=school.group_id
    )
    db = router.db_for_read(Person)
    names = (*PERSON_FIELDS, *HOURS_NAMES)
    return [_member(row_instance(Person, names, row, db)) for row in rows]


def team_member(*, school: School, person: Person) -> TeamMember:
    """One person of the school's team with their hours (one query).

    The person's own row with the team's annotations: whether they serve the school is
    read from that row (their school, or a share of hours in it), not from the team's
    filter, an OR with an EXISTS that costs more to build than the rest of the query.
    """
    found = Person.objects.filter(pk=person.pk).annotate(**_hours_annotations(school)).get()
    if not serves_row(found, school=school):
        raise Person.DoesNotExist("This person is not on the school's team.")
    return _member(found)


def serves_row(found: Person, *, school: School) -> bool:
    """Whether a person read with the team's hours (``_hours_annotations``) serves the
    school: their school, or a share of hours in it."""
    return found.school_id == school.pk or (
        found.group_id is not None
        and found.group_id == school.group_id
        and found.share_hours is not None
    )


def serves_school(*, person: Person, school: School) -> bool:
    """Whether a person belongs to the school's team (own, or group-level with a share)."""
    if person.school_id is not None:
        return person.school_id == school.pk
    return (
        person.group_id == school.group_id
        and PersonSchool.objects.filter(person=person, school=school).exists()
    )


def consultation_groups(*, school: School) -> list[ConsultationGroup]:
    """The school's consultation groups and its group's, with their members (two queries)."""
    return list(
        ConsultationGroup.objects.filter(Q(school=school) | Q(group_id=school.group_id))
        .prefetch_related("members")
        .order_by(OWN_FIRST, "kind", "name")
    )


def agreements(*, school: School) -> list[Agreement]:
    return list(Agreement.objects.filter(school=school).order_by("kind", "pk"))


def group_people(*, group_id: int) -> list[Person]:
    """A group's group-level people with their school shares (two queries)."""
    return list(
        Person.objects.filter(group_id=group_id)
        .prefetch_related("school_shares__school")
        .order_by("name")
    )


def group_consultation_people(*, group_id: int) -> list[Person]:
    """Who may sit in a group's consultation groups: its group-level people and the people
    of its schools, group-level people first (one query)."""
    return list(
        Person.objects.filter(Q(group_id=group_id) | Q(school__group_id=group_id))
        .select_related("school")
        .order_by("school__name", "name")
    )


def group_consultation_groups(*, group_id: int) -> list[ConsultationGroup]:
    """A group's own consultation groups with their members (two queries)."""
    return list(
        ConsultationGroup.objects.filter(group_id=group_id)
        .prefetch_related("members")
        .order_by("kind", "name")
    )


def people_by_pk(people: Iterable[TeamMember]) -> dict[int, Person]:
    return {member.pk: member.person for member in people}


def school_people(*, school: School) -> QuerySet[Person]:
    """The people of the school's team, ordered by name (see ``team_people``)."""
    return team_people_queryset(school=school).order_by("name", "pk")
