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

Idempotent: people are found by name, assignments set through ``assignment_set`` to the
same mandates, consultation groups and agreements found by name and kind.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from django.db import transaction

from schools.models import Membership, Role, School, SchoolGroup
from tasks.models import Cluster, ListTask, Task
from tasks.services import task_list_initialise
from teams.models import (
    STRATEGIC_ROLES,
    Agreement,
    AgreementKind,
    Assignment,
    ConsultationGroup,
    ConsultationKind,
    Person,
    PersonRole,
)
from teams.models import Level as L
from teams.selectors import (
    COMPETENCE_LEVEL_FIELDS,
    MOTIVATION_LEVEL_FIELDS,
    can_take,
    mandates_of,
    team_tasks,
)
from teams.services import (
    agreement_create,
    assignment_set,
    assignments_approve_all,
    consultation_group_create,
    person_create,
    person_update,
)

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

GROUP_PEOPLE = {
    "noord": [
        DemoPerson(
            "Hamid El Amrani",
            (R.TECHNICAL_COORDINATOR,),
            (L.EXPERT, L.NONE, L.GOOD, L.BASIC),
            (L.EXPERT, L.NONE, L.GOOD, L.BASIC),
            ict_hours="36",
            specialisations=("network", "cyber_security"),
            email="hamid.elamrani@scholengroep-noord.example",
            phone="+32 3 555 01 10",
            note="Network specialist of the school group, on site on fixed days.",
            shares={"sint-jan": "12", "de-brug": "6"},
        ),
    ],
    "zuid": [
        DemoPerson(
            "Koen Verhoeven",
            (R.HEAD_OF_ICT,),
            (L.EXPERT, L.BASIC, L.GOOD, L.GOOD),
            (L.EXPERT, L.NONE, L.GOOD, L.BASIC),
            ict_hours="38",
            specialisations=("network", "software", "cyber_security"),
            email="koen.verhoeven@scholengroep-zuid.example",
            phone="+32 9 555 02 20",
            note="Primary technical ICT coordinator of the school group.",
            shares={"het-klavertje": "4", "atheneum-zuid": "6", "cvo-zuid": "14"},
        ),
    ],
}

SCHOOL_PEOPLE = {
    "sint-jan": [
        DemoPerson(
            "Sofie Peeters",
            (R.MANAGEMENT,),
            (L.BASIC, L.GOOD, L.EXPERT, L.GOOD),
            (L.NONE, L.GOOD, L.EXPERT, L.BASIC),
            other_hours="4",
            email="sofie.peeters@sint-jan.example",
            note="Director with the ICT focus in the management team.",
        ),
        DemoPerson(
            "Tom Claes",
            (R.TECHNICAL_COORDINATOR,),
            (L.EXPERT, L.BASIC, L.GOOD, L.GOOD),
            (L.EXPERT, L.BASIC, L.GOOD, L.BASIC),
            ict_hours="18",
            other_hours="2",
            specialisations=("software", "learning_platform", "office"),
            email="tom.claes@sint-jan.example",
            phone="+32 3 555 11 01",
        ),
        DemoPerson(
            "Lotte Maes",
            (R.PEDAGOGICAL_COORDINATOR,),
            (L.GOOD, L.EXPERT, L.GOOD, L.BASIC),
            (L.BASIC, L.EXPERT, L.GOOD, L.NONE),
            ict_hours="8",
            bpt_hours="6",
            specialisations=("learning_platform",),
            email="lotte.maes@sint-jan.example",
            note="Teaches Dutch half-time.",
        ),
        DemoPerson(
            "Jens Vermeulen",
            (R.DIGICOACH,),
            (L.GOOD, L.GOOD, L.BASIC, L.BASIC),
            (L.GOOD, L.GOOD, L.NONE, L.NONE),
            bpt_hours="4",
            specialisations=("help_desk", "software"),
            email="jens.vermeulen@sint-jan.example",
        ),
        DemoPerson(
            "Emma De Smet",
            (R.DIGICOACH,),
            (L.BASIC, L.GOOD, L.BASIC, L.BASIC),
            (L.BASIC, L.EXPERT, L.BASIC, L.NONE),
            bpt_hours="3",
            email="emma.desmet@sint-jan.example",
        ),
        DemoPerson(
            "Hilde Verstraeten",
            (R.ADMINISTRATIVE,),
            (L.BASIC, L.BASIC, L.BASIC, L.EXPERT),
            (L.BASIC, L.NONE, L.NONE, L.EXPERT),
            other_hours="8",
            specialisations=("office",),
            email="hilde.verstraeten@sint-jan.example",
        ),
        DemoPerson(
            "Dirk Van den Broeck",
            (R.BUILDING_MANAGER,),
            (L.GOOD, L.NONE, L.BASIC, L.BASIC),
            (L.GOOD, L.NONE, L.NONE, L.BASIC),
            other_hours="4",
            specialisations=("hardware", "network"),
            email="dirk.vandenbroeck@sint-jan.example",
        ),
        DemoPerson(
            "Kevin Janssens (NetWerk bv)",
            (R.EXTERNAL,),
            (L.EXPERT, L.NONE, L.BASIC, L.BASIC),
            (L.EXPERT, L.NONE, L.NONE, L.NONE),
            external_hours="6",
            specialisations=("hardware", "software"),
            email="support@netwerk-bv.example",
            note="Service contract: repairs and one-off projects.",
        ),
        DemoPerson(
            "Yasmine Bouzid",
            (R.STUDENT,),
            (L.BASIC, L.BASIC, L.NONE, L.NONE),
            (L.GOOD, L.GOOD, L.NONE, L.NONE),
            note="Student digileader, fifth year.",
        ),
    ],
    "de-linde": [
        DemoPerson(
            "Karel Wouters",
            (R.MANAGEMENT,),
            (L.NONE, L.GOOD, L.GOOD, L.BASIC),
            (L.NONE, L.GOOD, L.BASIC, L.NONE),
            other_hours="2",
            email="karel.wouters@delinde.example",
        ),
        DemoPerson(
            "An Jacobs",
            (R.TECHNICAL_COORDINATOR,),
            (L.GOOD, L.BASIC, L.BASIC, L.GOOD),
            (L.GOOD, L.BASIC, L.BASIC, L.BASIC),
            ict_hours="8",
            specialisations=("hardware", "help_desk"),
            email="an.jacobs@delinde.example",
            note="Teacher of the fourth grade; does all ICT on her own.",
        ),
        DemoPerson(
            "Els Claeys",
            (R.DIGICOACH,),
            (L.BASIC, L.GOOD, L.BASIC, L.NONE),
            (L.BASIC, L.EXPERT, L.BASIC, L.NONE),
            email="els.claeys@delinde.example",
            note="Enthusiastic about tablets in the classroom; no ICT hours yet.",
        ),
        DemoPerson(
            "Mieke Hermans",
            (R.ADMINISTRATIVE,),
            (L.BASIC, L.NONE, L.NONE, L.GOOD),
            (L.BASIC, L.NONE, L.NONE, L.GOOD),
            other_hours="2",
            email="secretariaat@delinde.example",
        ),
    ],
    "atheneum-zuid": [
        DemoPerson(
            "Nadia Willems",
            (R.MANAGEMENT,),
            (L.BASIC, L.GOOD, L.EXPERT, L.GOOD),
            (L.NONE, L.GOOD, L.EXPERT, L.BASIC),
            other_hours="3",
            email="nadia.willems@atheneum-zuid.example",
            phone="+32 9 555 31 00",
            note="Director with the ICT focus; leads the school's transition plan.",
        ),
        DemoPerson(
            "Pieter Dubois",
            (R.TECHNICAL_COORDINATOR,),
            (L.EXPERT, L.BASIC, L.GOOD, L.GOOD),
            (L.EXPERT, L.NONE, L.BASIC, L.BASIC),
            ict_hours="12",
            specialisations=("network", "hardware", "software"),
            email="pieter.dubois@atheneum-zuid.example",
            note="Repairs every laptop himself; classroom didactics are not his cup of tea.",
        ),
        DemoPerson(
            "Wim Vandenberghe",
            (R.ADMINISTRATIVE,),
            (L.NONE, L.NONE, L.BASIC, L.EXPERT),
            (L.NONE, L.NONE, L.BASIC, L.GOOD),
            other_hours="6",
            specialisations=("office",),
            email="wim.vandenberghe@atheneum-zuid.example",
        ),
        DemoPerson(
            "Leen De Backer",
            (R.DIGICOACH,),
            (L.BASIC, L.GOOD, L.BASIC, L.BASIC),
            (L.NONE, L.GOOD, L.BASIC, L.NONE),
            bpt_hours="3",
            email="leen.debacker@atheneum-zuid.example",
            note="Media coach: happy to coach colleagues, not to fix devices.",
        ),
    ],
    "de-brug": [
        DemoPerson(
            "Ines Goossens",
            (R.MANAGEMENT,),
            (L.BASIC, L.EXPERT, L.GOOD, L.GOOD),
            (L.BASIC, L.EXPERT, L.GOOD, L.BASIC),
            other_hours="3",
            email="ines.goossens@debrug.example",
        ),
        DemoPerson(
            "Bram Lambert",
            (R.PEDAGOGICAL_COORDINATOR, R.TECHNICAL_COORDINATOR),
            (L.GOOD, L.GOOD, L.GOOD, L.GOOD),
            (L.GOOD, L.EXPERT, L.BASIC, L.BASIC),
            ict_hours="10",
            bpt_hours="4",
            specialisations=("hardware", "learning_platform"),
            email="bram.lambert@debrug.example",
            note="Also looks after the adapted hardware for pupils with specific needs.",
        ),
        DemoPerson(
            "Sanne Dewilde",
            (R.DIGICOACH,),
            (L.BASIC, L.EXPERT, L.BASIC, L.BASIC),
            (L.BASIC, L.EXPERT, L.BASIC, L.BASIC),
            bpt_hours="4",
            email="sanne.dewilde@debrug.example",
            note="Care coordinator; runs the ICT care working group.",
        ),
        DemoPerson(
            "Peter Segers",
            (R.ADMINISTRATIVE,),
            (L.BASIC, L.NONE, L.BASIC, L.GOOD),
            (L.BASIC, L.NONE, L.NONE, L.GOOD),
            other_hours="4",
            email="peter.segers@debrug.example",
        ),
    ],
    "het-klavertje": [
        DemoPerson(
            "Katrien Vos",
            (R.MANAGEMENT,),
            (L.BASIC, L.GOOD, L.GOOD, L.GOOD),
            (L.BASIC, L.GOOD, L.GOOD, L.BASIC),
            other_hours="3",
            email="katrien.vos@hetklavertje.example",
        ),
        DemoPerson(
            "Joris Van Damme",
            (R.PEDAGOGICAL_COORDINATOR,),
            (L.GOOD, L.GOOD, L.GOOD, L.BASIC),
            (L.GOOD, L.EXPERT, L.BASIC, L.BASIC),
            ict_hours="8",
            bpt_hours="4",
            email="joris.vandamme@hetklavertje.example",
        ),
        DemoPerson(
            "Fatima El Idrissi",
            (R.DIGICOACH,),
            (L.BASIC, L.GOOD, L.BASIC, L.BASIC),
            (L.BASIC, L.EXPERT, L.BASIC, L.NONE),
            bpt_hours="3",
            email="fatima.elidrissi@hetklavertje.example",
        ),
        DemoPerson(
            "Luc Smets (ICT Partners Kempen)",
            (R.EXTERNAL,),
            (L.EXPERT, L.NONE, L.BASIC, L.BASIC),
            (L.EXPERT, L.NONE, L.NONE, L.NONE),
            external_hours="4",
            specialisations=("hardware", "software", "help_desk"),
            email="luc.smets@ictpartners.example",
        ),
        DemoPerson(
            "Marleen Hendrickx",
            (R.ADMINISTRATIVE,),
            (L.BASIC, L.NONE, L.BASIC, L.GOOD),
            (L.BASIC, L.NONE, L.NONE, L.GOOD),
            other_hours="4",
            email="marleen.hendrickx@hetklavertje.example",
        ),
    ],
    "cvo-zuid": [
        DemoPerson(
            "Marc Lambrechts",
            (R.MANAGEMENT,),
            (L.BASIC, L.GOOD, L.EXPERT, L.GOOD),
            (L.BASIC, L.GOOD, L.EXPERT, L.GOOD),
            other_hours="4",
            email="marc.lambrechts@cvo-zuid.example",
        ),
        DemoPerson(
            "Ilse Claessens",
            (R.PEDAGOGICAL_COORDINATOR,),
            (L.GOOD, L.EXPERT, L.GOOD, L.BASIC),
            (L.BASIC, L.EXPERT, L.GOOD, L.BASIC),
            ict_hours="16",
            specialisations=("learning_platform",),
            email="ilse.claessens@cvo-zuid.example",
        ),
        DemoPerson(
            "Dries Wuyts",
            (R.TECHNICAL_COORDINATOR,),
            (L.EXPERT, L.BASIC, L.GOOD, L.GOOD),
            (L.EXPERT, L.NONE, L.BASIC, L.BASIC),
            ict_hours="30",
            specialisations=("network", "cyber_security"),
            email="dries.wuyts@cvo-zuid.example",
        ),
        DemoPerson(
            "Ahmed Benali",
            (R.TECHNICAL_COORDINATOR,),
            (L.EXPERT, L.BASIC, L.BASIC, L.GOOD),
            (L.EXPERT, L.BASIC, L.BASIC, L.BASIC),
            ict_hours="30",
            specialisations=("software", "office", "learning_platform"),
            email="ahmed.benali@cvo-zuid.example",
        ),
        DemoPerson(
            "Ruben Martens",
            (R.DIGICOACH,),
            (L.GOOD, L.GOOD, L.BASIC, L.BASIC),
            (L.GOOD, L.GOOD, L.NONE, L.BASIC),
            ict_hours="10",
            specialisations=("help_desk", "hardware"),
            email="ruben.martens@cvo-zuid.example",
            note="First-line help desk on the three locations.",
        ),
        DemoPerson(
            "Greet Van Hoof",
            (R.ADMINISTRATIVE,),
            (L.BASIC, L.NONE, L.BASIC, L.EXPERT),
            (L.BASIC, L.NONE, L.BASIC, L.EXPERT),
            other_hours="12",
            specialisations=("office",),
            email="greet.vanhoof@cvo-zuid.example",
        ),
    ],
}


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


@dataclass
class Mandate:
    decides: bool = False
    executes: bool = False
    monitors: bool = False
    lead: bool = False
    backup: Person | None = None
    hours: Decimal = ZERO


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
        plan[(entry.pk, executor.pk)] = Mandate(executes=True, lead=True, backup=backup)
        decider = management if (task.is_core or task.cluster == Cluster.POLICY) else None
        if decider is None or decider.pk == executor.pk:
            plan[(entry.pk, executor.pk)].decides = True
        else:
            plan[(entry.pk, decider.pk)] = Mandate(decides=True)
        watcher = coordinator.get(task.cluster)
        if task.is_core and watcher is not None and (entry.pk, watcher.pk) not in plan:
            plan[(entry.pk, watcher.pk)] = Mandate(monitors=True)
        elif task.is_core and watcher is not None and watcher.pk != executor.pk:
            plan[(entry.pk, watcher.pk)].monitors = True
    return plan, executors


def _spread_hours(
    plan: Plan, capacity: dict[int, Decimal], share: Decimal = Decimal("0.85")
) -> None:
    """Split each executor's capacity over their tasks, keeping them within their hours."""
    tasks_of: dict[int, list[Mandate]] = defaultdict(list)
    for (_entry, person_pk), mandate in plan.items():
        if mandate.executes:
            tasks_of[person_pk].append(mandate)
    for person_pk, mandates in tasks_of.items():
        each = (capacity[person_pk] * share / len(mandates)).quantize(TENTH, rounding=ROUND_DOWN)
        for mandate in mandates:
            mandate.hours = max(each, TENTH)


def _plan_one_coordinator(entries: list[ListTask], people: dict[str, Person]) -> Plan:
    """De Linde: An does everything but pedagogy, decides and leads alone, no backups."""
    an = people["An Jacobs"]
    plan: Plan = {}
    for entry in entries:
        if entry.task.cluster == Cluster.PEDAGOGICAL:
            continue
        plan[(entry.pk, an.pk)] = Mandate(
            decides=True, executes=True, lead=True, hours=Decimal("0.3")
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
        mandate = plan.pop((entry.pk, old.pk))
        mandate.hours = Decimal("0.6") if new == pieter else Decimal("1")
        mandate.backup = None if new == pieter else pieter
        # The new executor may already hold another mandate on the task.
        previous = plan.pop((entry.pk, new.pk), None)
        if previous is not None:
            mandate.decides = mandate.decides or previous.decides
            mandate.monitors = previous.monitors
        plan[(entry.pk, new.pk)] = mandate
    return plan


def _apply(school: School, plan: Plan, entries: list[ListTask], people: dict[str, Person]) -> None:
    by_pk = {entry.pk: entry for entry in entries}
    persons = {person.pk: person for person in people.values()}
    current = {(a.list_task_id, a.person_id): a for a in Assignment.objects.filter(school=school)}
    # Leads last, so no lead is moved away by an earlier row of the same task.
    for (entry_pk, person_pk), mandate in sorted(plan.items(), key=lambda item: item[1].lead):
        existing = current.get((entry_pk, person_pk))
        if existing is not None and _same(existing, mandate):
            continue
        assignment_set(
            school=school,
            list_task=by_pk[entry_pk],
            person=persons[person_pk],
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


def _consultation(
    *,
    school: School | None = None,
    group: SchoolGroup | None = None,
    kind: str,
    name: str,
    purpose: str,
    rhythm: str,
    members: list[Person],
    group_link: str = "",
) -> None:
    owner = {"school": school} if school is not None else {"group": group}
    if ConsultationGroup.objects.filter(name=name, **owner).exists():
        return
    consultation_group_create(
        **owner,
        kind=kind,
        name=name,
        purpose=purpose,
        rhythm=rhythm,
        members=members,
        group_link=group_link,
    )


def _agreement(school: School, kind: str, text: str, in_place: bool) -> None:
    if not Agreement.objects.filter(school=school, kind=kind, text=text).exists():
        agreement_create(school=school, kind=kind, text=text, in_place=in_place)


def _seed_consultation(school: School, people: dict[str, Person], healthy: bool) -> None:
    team = list(people.values())
    triangle = [
        p
        for p in team
        if {R.MANAGEMENT, R.TECHNICAL_COORDINATOR, R.PEDAGOGICAL_COORDINATOR, R.HEAD_OF_ICT}
        & set(p.roles)
    ]
    technical = [
        p
        for p in team
        if {R.TECHNICAL_COORDINATOR, R.HEAD_OF_ICT, R.BUILDING_MANAGER, R.EXTERNAL} & set(p.roles)
    ]
    pedagogical = [
        p
        for p in team
        if {R.PEDAGOGICAL_COORDINATOR, R.DIGICOACH, R.STUDENT, R.PARENT} & set(p.roles)
    ]
    _consultation(
        school=school,
        kind=ConsultationKind.POLICY_TEAM,
        name="ICT policy team",
        purpose="Policy and vision: the ICT policy plan, priorities, resources and mandates.",
        rhythm="monthly",
        members=triangle,
        group_link="The technical ICT coordinator takes part in the school group's ICT policy "
        "group.",
    )
    if not healthy:
        return
    _consultation(
        school=school,
        kind=ConsultationKind.DAILY_TECHNICAL,
        name="Daily technical coordination",
        purpose="Fast coordination of technical interventions and the ticket queue.",
        rhythm="weekly, and a group chat for urgent problems",
        members=technical,
        group_link="The group's network specialist joins when infrastructure is on the agenda.",
    )
    _consultation(
        school=school,
        kind=ConsultationKind.SOUNDING_BOARD,
        name="Teacher sounding board",
        purpose="Test ICT decisions with teachers, including some less at home with ICT.",
        rhythm="each term",
        members=pedagogical,
    )
    _agreement(
        school,
        AgreementKind.DOCUMENTATION,
        f"A generic mailbox ict@{school.slug}.example for every ICT question, read by the "
        "technical and the pedagogical ICT coordinator.",
        True,
    )
    _agreement(
        school,
        AgreementKind.DOCUMENTATION,
        "Written procedures for recurring work (accounts, devices, backups) in the shared "
        "team folder.",
        True,
    )
    _agreement(
        school,
        AgreementKind.BACKUP,
        "Every task has a named backup; backups shadow the task once a term.",
        True,
    )
    _agreement(
        school,
        AgreementKind.KNOWLEDGE_SHARING,
        "A monthly ICT café where the team shows a tool or a procedure to colleagues.",
        True,
    )


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
        _apply(school, plan, entries, people)
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
