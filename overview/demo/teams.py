"""Demo teams: a realistic ICT team for every demo school, healthy or showing the usual problems.

- Sint-Jan Secundair: a healthy team. Management, a technical and a pedagogical ICT
  coordinator, digicoaches, administrative staff, a building manager, an external firm
  and the group's network specialist, who also serves De Brug.
- Basisschool De Linde: one overloaded ICT coordinator doing everything, without
  backups; the pedagogical cluster is left to nobody.
- Atheneum Zuid: its pedagogical ICT coordinator left at the end of last school year and
  her tasks are open: the real gaps step 6 of its plan sorts into recruiting, outsourcing
  and dividing within the team. Besides, the technical coordinator is over hours and
  holds technical-only tasks a strategic person should delegate or outsource, and
  administrative staff carry technical tasks they lack the competence for.
- De Brug, Het Klavertje and CVO Zuid: small and large teams sharing the work.

The people themselves, with their roles, levels, hours and notes, and the schools'
consultation groups and agreements are data: ``teams.toml`` next to this module, read once
at import.

Idempotent: people are found by name, assignments set through ``assignment_set`` to the
same mandates, consultation groups and agreements found by name and kind.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from decimal import ROUND_DOWN
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from schools.models import Membership
from schools.models import Role
from schools.models import School
from schools.models import SchoolGroup
from tasks.models import Cluster
from tasks.models import ListTask
from tasks.models import Task
from tasks.services import task_list_initialise
from teams.models import STRATEGIC_ROLES
from teams.models import Agreement
from teams.models import AgreementKind
from teams.models import Assignment
from teams.models import ConsultationGroup
from teams.models import ConsultationKind
from teams.models import Level as L
from teams.models import Person
from teams.models import PersonRole
from teams.selectors import COMPETENCE_LEVEL_FIELDS
from teams.selectors import MOTIVATION_LEVEL_FIELDS
from teams.selectors import can_take
from teams.selectors import mandates_of
from teams.selectors import team_tasks
from teams.services import AssignmentInput
from teams.services import agreement_create
from teams.services import assignment_set
from teams.services import assignments_approve_all
from teams.services import consultation_group_create
from teams.services import person_create
from teams.services import person_update

R = PersonRole
ZERO = Decimal("0")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class DemoPerson:
    name: str
    roles: tuple[str, ...]
    # technical, pedagogical, policy, administrative
    competence: tuple[int, int, int, int]
    motivation: tuple[int, int, int, int]
    ict_hours: str = "0"
    bpt_hours: str = "0"
    other_hours: str = "0"
    external_hours: str = "0"
    specialisations: tuple[str, ...] = ()
    email: str = ""
    phone: str = ""
    note: str = ""
    # Group-level people: hours per school slug.
    shares: dict[str, str] = field(default_factory=dict)


CLUSTERS = ("technical", "pedagogical", "policy", "administrative")
HOUR_FIELDS = ("ict_hours", "bpt_hours", "other_hours", "external_hours")

DATA_FILE = Path(__file__).with_name("teams.toml")


def _demo_person(row: dict) -> DemoPerson:
    """One person of ``teams.toml``: levels by name, roles checked against PersonRole."""
    hours = {key: str(row.get(key, 0)) for key in HOUR_FIELDS}
    return DemoPerson(
        name=row["name"],
        roles=tuple(PersonRole(role) for role in row["roles"]),
        competence=tuple(L[level.upper()] for level in row["competence"]),
        motivation=tuple(L[level.upper()] for level in row["motivation"]),
        **hours,
        specialisations=tuple(row.get("specialisations", ())),
        email=row.get("email", ""),
        phone=row.get("phone", ""),
        note=row.get("note", ""),
        shares={slug: str(value) for slug, value in row.get("shares", {}).items()},
    )


def _people(data: dict) -> tuple[dict[str, list[DemoPerson]], dict[str, list[DemoPerson]]]:
    """The group-level and the school people of ``teams.toml``, by group or school slug."""
    return tuple(
        {slug: [_demo_person(row) for row in rows] for slug, rows in data[owner].items()}
        for owner in ("group", "school")
    )


with DATA_FILE.open("rb") as _file:
    _DATA = tomllib.load(_file)
GROUP_PEOPLE, SCHOOL_PEOPLE = _people(_DATA)
CONSULTATION_FIELDS = ("kind", "name", "purpose", "rhythm", "group_link")
CONSULTATIONS = [
    {"group_link": "", "every_school": False, **spec} for spec in _DATA["consultation"]
]
AGREEMENTS = _DATA["agreement"]


def _levels(values: tuple[int, int, int, int]) -> dict[str, int]:
    return dict(zip(CLUSTERS, values, strict=True))


def _person_kwargs(spec: DemoPerson) -> dict:
    return {
        "name": spec.name,
        "email": spec.email,
        "phone": spec.phone,
        "roles": list(spec.roles),
        "ict_hours": Decimal(spec.ict_hours),
        "bpt_hours": Decimal(spec.bpt_hours),
        "other_hours": Decimal(spec.other_hours),
        "external_hours": Decimal(spec.external_hours),
        "competences": _levels(spec.competence),
        "motivation": _levels(spec.motivation),
        "specialisations": list(spec.specialisations),
        "note": spec.note,
    }


def _upsert_person(
    spec: DemoPerson,
    *,
    school: School | None = None,
    group: SchoolGroup | None = None,
    shares: dict[School, Decimal] | None = None,
) -> Person:
    owner = {"school": school} if school is not None else {"group": group}
    existing = Person.objects.filter(name=spec.name, **owner).first()
    if existing is None:
        return person_create(**owner, **_person_kwargs(spec), school_shares=shares)
    if shares is not None:
        # Shares in schools outside this seed stay as they are.
        kept = {share.school: share.hours for share in existing.school_shares.all()}
        shares = {**{s: h for s, h in kept.items() if s not in shares}, **shares}
    return person_update(person=existing, **_person_kwargs(spec), school_shares=shares)


# --- planning who does what ---------------------------------------------------------------


# One person's mandates, backup and hours on a task: the rows the task page enters too.
Mandate = AssignmentInput
Plan = dict[tuple[int, int], Mandate]  # (list task pk, person pk) -> mandates


def _strategic(person: Person) -> bool:
    return bool(STRATEGIC_ROLES & set(person.roles))


def _technical_only(task: Task) -> bool:
    return task.needs_technical and not (
        task.needs_pedagogical or task.needs_policy or task.needs_administrative
    )


ROLE_FIT = {
    Cluster.TECHNICAL: {
        R.TECHNICAL_COORDINATOR,
        R.HEAD_OF_ICT,
        R.DIGICOACH,
        R.ADMINISTRATIVE,
        R.BUILDING_MANAGER,
        R.EXTERNAL,
    },
    Cluster.PEDAGOGICAL: {R.PEDAGOGICAL_COORDINATOR, R.DIGICOACH, R.MANAGEMENT, R.STUDENT},
    Cluster.POLICY: {
        R.MANAGEMENT,
        R.PEDAGOGICAL_COORDINATOR,
        R.TECHNICAL_COORDINATOR,
        R.HEAD_OF_ICT,
        R.DIGICOACH,
    },
    Cluster.ADMINISTRATIVE: {
        R.ADMINISTRATIVE,
        R.TECHNICAL_COORDINATOR,
        R.HEAD_OF_ICT,
        R.DIGICOACH,
    },
}


def _technical(person: Person) -> bool:
    return bool({R.TECHNICAL_COORDINATOR, R.HEAD_OF_ICT} & set(person.roles))


def _with_role(people: list[Person], *roles: str) -> Person | None:
    return next((p for p in people if set(roles) & set(p.roles)), None)


def _balanced_plan(
    entries: list[ListTask], people: list[Person], capacity: dict[int, Decimal]
) -> tuple[Plan, dict[int, Person]]:
    """Give every task to the most suitable capable person, with a backup and a decider.

    Suitability: competence and motivation in the task's cluster, a matching
    specialisation, group-level people for group-level tasks; load spreads the work.
    Non-core technical-only tasks go to non-strategic people whenever one can take them.
    Returns the plan and each task's executor.
    """
    plan: Plan = {}
    executors: dict[int, Person] = {}
    load: dict[int, int] = defaultdict(int)
    management = _with_role(people, R.MANAGEMENT)
    coordinator = {
        Cluster.TECHNICAL: _with_role(people, R.HEAD_OF_ICT, R.TECHNICAL_COORDINATOR),
        Cluster.PEDAGOGICAL: _with_role(people, R.PEDAGOGICAL_COORDINATOR),
    }
    available = [p for p in people if capacity.get(p.pk, ZERO) > 0]

    def score(person: Person, entry: ListTask) -> float:
        task = entry.task
        cluster = task.cluster
        value = 2 * getattr(person, COMPETENCE_LEVEL_FIELDS[cluster]) + getattr(
            person, MOTIVATION_LEVEL_FIELDS[cluster]
        )
        if task.specialisation and task.specialisation in person.specialisations:
            value += 3
        if entry.level == "school_group" and person.group_id is not None:
            value += 4
        return value - 6 * load[person.pk] / float(capacity[person.pk])

    for entry in entries:
        task = entry.task
        capable = [p for p in available if can_take(p, task)]
        if not task.is_core and _technical_only(task):
            capable = [p for p in capable if not _strategic(p)] or capable
        # Who takes which kind of task, after Table 2 and chapter 2's actors: external
        # firms and the building manager technical work, administrative staff the
        # administrative basics, teachers and management the pedagogical side.
        capable = [p for p in capable if set(p.roles) & ROLE_FIT[task.cluster]] or capable
        if task.cluster == Cluster.ADMINISTRATIVE and not task.is_core:
            capable = [p for p in capable if R.ADMINISTRATIVE in p.roles] or capable
        if task.cluster == Cluster.POLICY:
            # Policy and vision belong to the ICT policy team, and the technical ICT
            # coordinators' hours to the technical work (chapter 2).
            if task.is_core:
                capable = [p for p in capable if _strategic(p)] or capable
            capable = [p for p in capable if not _technical(p)] or capable
        if not capable:
            continue
        ranked = sorted(capable, key=lambda p: (-score(p, entry), p.name))
        executor = ranked[0]
        load[executor.pk] += 1
        executors[entry.pk] = executor
        others = list(ranked[1:]) or [p for p in people if p.pk != executor.pk]
        backup = others[0] if others else None
        plan[(entry.pk, executor.pk)] = Mandate(executor, executes=True, lead=True, backup=backup)
        decider = management if (task.is_core or task.cluster == Cluster.POLICY) else None
        if decider is None or decider.pk == executor.pk:
            key = (entry.pk, executor.pk)
            plan[key] = replace(plan[key], decides=True)
        else:
            plan[(entry.pk, decider.pk)] = Mandate(decider, decides=True)
        watcher = coordinator.get(task.cluster)
        if task.is_core and watcher is not None and (entry.pk, watcher.pk) not in plan:
            plan[(entry.pk, watcher.pk)] = Mandate(watcher, monitors=True)
        elif task.is_core and watcher is not None and watcher.pk != executor.pk:
            key = (entry.pk, watcher.pk)
            plan[key] = replace(plan[key], monitors=True)
    return plan, executors


def _spread_hours(
    plan: Plan, capacity: dict[int, Decimal], share: Decimal = Decimal("0.85")
) -> None:
    """Split each executor's capacity over their tasks, keeping them within their hours."""
    tasks_of: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for key, mandate in plan.items():
        if mandate.executes:
            tasks_of[key[1]].append(key)
    for person_pk, keys in tasks_of.items():
        each = (capacity[person_pk] * share / len(keys)).quantize(TENTH, rounding=ROUND_DOWN)
        for key in keys:
            plan[key] = replace(plan[key], hours=max(each, TENTH))


def _plan_one_coordinator(entries: list[ListTask], people: dict[str, Person]) -> Plan:
    """De Linde: An does everything but pedagogy, decides and leads alone, no backups."""
    an = people["An Jacobs"]
    plan: Plan = {}
    for entry in entries:
        if entry.task.cluster == Cluster.PEDAGOGICAL:
            continue
        plan[(entry.pk, an.pk)] = Mandate(
            an, decides=True, executes=True, lead=True, hours=Decimal("0.3")
        )
    return plan


def _plan_overloaded_technician(
    entries: list[ListTask], people: dict[str, Person], capacity: dict[int, Decimal]
) -> Plan:
    """Atheneum Zuid: the pedagogical ICT coordinator left and her cluster is open; of
    the rest, Pieter keeps the technical-only tasks himself, and the administrative
    employee got technical tasks he lacks the competence for."""
    team = list(people.values())
    by_pk = {entry.pk: entry for entry in entries}
    plan, executors = _balanced_plan(entries, team, capacity)
    # Sarah Lemmens, the pedagogical ICT coordinator, left: her cluster is open.
    for key in [key for key in plan if by_pk[key[0]].task.cluster == Cluster.PEDAGOGICAL]:
        del plan[key]
        executors.pop(key[0], None)
    _spread_hours(plan, capacity)
    pieter, wim = people["Pieter Dubois"], people["Wim Vandenberghe"]
    handed_to_wim = {"TEC-SW-05", "TEC-HD-04"}
    for entry in entries:
        task = entry.task
        new = None
        if task.code in handed_to_wim:
            new = wim
        elif not task.is_core and _technical_only(task):
            new = pieter
        if new is None or entry.pk not in executors:
            continue
        old = executors[entry.pk]
        mandate = replace(
            plan.pop((entry.pk, old.pk)),
            person=new,
            hours=Decimal("0.6") if new == pieter else Decimal("1"),
            backup=None if new == pieter else pieter,
        )
        # The new executor may already hold another mandate on the task.
        previous = plan.pop((entry.pk, new.pk), None)
        if previous is not None:
            mandate = replace(
                mandate,
                decides=mandate.decides or previous.decides,
                monitors=previous.monitors,
            )
        plan[(entry.pk, new.pk)] = mandate
    return plan


def _apply(school: School, plan: Plan, entries: list[ListTask]) -> None:
    by_pk = {entry.pk: entry for entry in entries}
    current = {(a.list_task_id, a.person_id): a for a in Assignment.objects.filter(school=school)}
    # Leads last, so no lead is moved away by an earlier row of the same task.
    for (entry_pk, person_pk), mandate in sorted(plan.items(), key=lambda item: item[1].lead):
        existing = current.get((entry_pk, person_pk))
        if existing is not None and _same(existing, mandate):
            continue
        assignment_set(
            school=school,
            list_task=by_pk[entry_pk],
            person=mandate.person,
            **mandates_of(mandate),
            backup=mandate.backup,
            hours=mandate.hours,
        )


def _same(assignment: Assignment, mandate: Mandate) -> bool:
    return (
        assignment.decides == mandate.decides
        and assignment.executes == mandate.executes
        and assignment.monitors == mandate.monitors
        and assignment.lead == mandate.lead
        and assignment.backup_id == (mandate.backup.pk if mandate.backup else None)
        and assignment.hours == mandate.hours
    )


# --- consultation groups and agreements ---------------------------------------------------


def _consultation(*, name: str, **fields) -> None:
    """Set up the consultation group ``name`` of its ``school`` or ``group``, unless it is."""
    owner = {key: fields[key] for key in ("school", "group") if key in fields}
    if not ConsultationGroup.objects.filter(name=name, **owner).exists():
        consultation_group_create(name=name, **fields)


def _agreement(school: School, kind: str, text: str, in_place: bool) -> None:
    if not Agreement.objects.filter(school=school, kind=kind, text=text).exists():
        agreement_create(school=school, kind=kind, text=text, in_place=in_place)


def _seed_consultation(school: School, people: dict[str, Person], healthy: bool) -> None:
    team = list(people.values())
    for spec in CONSULTATIONS:
        if healthy or spec["every_school"]:
            roles = set(spec["members"])
            _consultation(
                school=school,
                **{key: spec[key] for key in CONSULTATION_FIELDS},
                members=[p for p in team if roles & set(p.roles)],
            )
    if healthy:
        for spec in AGREEMENTS:
            _agreement(school, spec["kind"], spec["text"].format(slug=school.slug), True)


# --- the seed -----------------------------------------------------------------------------


@transaction.atomic
def seed_teams(*, schools: dict[str, School], groups: dict[str, SchoolGroup]) -> None:
    """Give each demo school a realistic team (see the module docstring). Idempotent."""
    catalogue = Task.objects.catalogue().exists()
    group_people: dict[str, list[Person]] = {}
    for group_slug, specs in GROUP_PEOPLE.items():
        group = groups.get(group_slug)
        if group is None:
            continue
        group_people[group_slug] = [
            _upsert_person(
                spec,
                group=group,
                shares={
                    schools[slug]: Decimal(hours)
                    for slug, hours in spec.shares.items()
                    if slug in schools
                },
            )
            for spec in specs
        ]
    for slug, specs in SCHOOL_PEOPLE.items():
        school = schools.get(slug)
        if school is None:
            continue
        people = {spec.name: _upsert_person(spec, school=school) for spec in specs}
        for person in group_people.get(school.group.slug, []):
            if person.school_shares.filter(school=school).exists():
                people[person.name] = person
        if catalogue and not ListTask.objects.filter(school=school).exists():
            task_list_initialise(owner=school)
        capacity = _capacities(school, list(people.values()))
        entries = list(team_tasks(owner=school))
        if slug == "de-linde":
            plan = _plan_one_coordinator(entries, people)
        elif slug == "atheneum-zuid":
            plan = _plan_overloaded_technician(entries, people, capacity)
        else:
            plan, _executors = _balanced_plan(entries, list(people.values()), capacity)
            _spread_hours(plan, capacity)
        _apply(school, plan, entries)
        healthy = slug not in {"de-linde", "atheneum-zuid"}
        _seed_consultation(school, people, healthy=healthy)
        leader = (
            Membership.objects.filter(school=school, role=Role.SCHOOL_LEADER)
            .select_related("user")
            .first()
        )
        if healthy and leader is not None:
            # In the healthy schools the school leader has approved the mandates.
            assignments_approve_all(school=school, user=leader.user)
        if slug == "atheneum-zuid":
            _agreement(
                school,
                AgreementKind.BACKUP,
                "Pieter's network knowledge is written down so someone can stand in for him.",
                False,
            )
    for group_slug, people in group_people.items():
        group = groups[group_slug]
        directors = [
            p
            for p in Person.objects.filter(school__group=group).order_by("name")
            if R.MANAGEMENT in p.roles
        ]
        _consultation(
            group=group,
            kind=ConsultationKind.POLICY_TEAM,
            name=f"ICT policy group {group.name}",
            purpose="The group's ICT vision, pooled resources and what is organised centrally.",
            rhythm="every two months",
            members=people + directors,
            group_link="One director of each school and the group's technical ICT coordinator.",
        )


def _capacities(school: School, people: list[Person]) -> dict[int, Decimal]:
    """Hours each person has for this school: a group-level person's share, else all."""
    shares = {
        ps.person_id: ps.hours
        for ps in school.group_people.filter(person__in=[p.pk for p in people])
    }
    return {p.pk: (shares.get(p.pk, ZERO) if p.group_id else p.hours_available) for p in people}
