"""The rules of team health: what the report warns about, one small function a rule.

Each is registered in ``HEALTH_RULES`` (``teams.selectors.health``) by ``@rule`` with its
title, its severity and the page where it is fixed, and ``@cites`` the passage of the
report it follows. A rule reads the ``TeamContext`` loaded once for every rule and yields
its findings; the panel shows the rules in the order they stand here. Imported by
``teams.selectors``, so that they are registered wherever the team's reads are used.
"""

from __future__ import annotations

from collections import Counter
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from operator import attrgetter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tasks.models import COMPETENCE_FIELDS
from tasks.models import Cluster
from tasks.models import Competence
from teams.models import Level
from teams.models import PersonRole
from teams.selectors.health import NO_FACTS
from teams.selectors.health import Finding
from teams.selectors.health import Severity
from teams.selectors.health import TeamContext
from teams.selectors.health import cites
from teams.selectors.health import rule
from teams.selectors.people import COMPETENCE_LEVEL_FIELDS
from teams.selectors.people import ZERO


def _needs_only_technical(task) -> bool:
    return task.needs_technical and not (
        task.needs_pedagogical or task.needs_policy or task.needs_administrative
    )


CH1_CORE = gettext_lazy("Chapter 1, Core tasks of the ICT coordinator")
CH1_TWO_TYPES = gettext_lazy("Chapter 1, Two types of ICT coordinators")
CH2_COMPOSITION = gettext_lazy("Chapter 2, ICT team composition and division of tasks")
CH2_CONCLUSION = gettext_lazy("Chapter 2, Conclusion: a new model (Figure 5)")
CH2_EXPERTISE = gettext_lazy("Chapter 2, Division of tasks based on expertise and talent")
CH2_GROUP = gettext_lazy("Chapter 2, A strong role for the school group or community")
MANDATES_QUOTE = gettext_lazy(
    "Clear mandates: clarity about who is allowed to make which decisions, who will "
    "implement ICT tasks and who directs and follows up everything, and who is appointed "
    "as the lead and point of contact."
)
FIX_MATRIX = gettext_lazy("the tasks × people matrix")
FIX_TASK = gettext_lazy("the task's mandates")
FIX_PEOPLE = gettext_lazy("the team's people and their roles")


# --------------------------------------------------------------- rules on the tasks


@rule("cluster_uncovered", Severity.DANGER, FIX_MATRIX, gettext_lazy("Clusters left to nobody"))
@cites(
    CH2_CONCLUSION,
    gettext_lazy(
        "An entire team is responsible for the four clusters of tasks that make up ICT "
        "coordination."
    ),
)
def cluster_uncovered(team: TeamContext) -> Iterator[Finding]:
    present: Counter[str] = Counter()
    executed: set[str] = set()
    executors = team._executors
    for entry, task in team.tasks:
        present[task.cluster] += 1
        if entry.id in executors:
            executed.add(task.cluster)
    labels = dict(Cluster.choices)
    for cluster in Cluster.values:
        if present.get(cluster) and cluster not in executed:
            yield Finding(
                _(
                    "The %(cluster)s cluster is left to nobody: none of its %(n)d tasks has "
                    "someone executing it."
                )
                % {"cluster": labels[cluster], "n": present[cluster]},
                team.matrix_url(f"cluster={cluster}"),
                cluster=cluster,
            )


@rule("core_not_executed", Severity.DANGER, FIX_TASK, gettext_lazy("Core tasks nobody executes"))
@cites(
    CH1_CORE,
    gettext_lazy(
        "Tasks which are of strategic importance to the school: crucial to respond quickly, "
        "and on a daily basis, to problems with the ICT infrastructure; the core of the "
        "administration; closely linked to the pedagogical vision and policy of the school."
    ),
)
def core_not_executed(team: TeamContext) -> Iterator[Finding]:
    message = _("Core task “%(task)s”: nobody executes it.")
    for entry, task in team.tasks:
        if task.is_core and not team.executors(entry):
            yield team.on_task(entry, message)


@rule("over_hours", Severity.DANGER, FIX_MATRIX, gettext_lazy("People over their available hours"))
@cites(
    gettext_lazy("Chapter 1, Resources for ICT coordination"),
    gettext_lazy(
        "The amount of the available resources determines how many tasks can be taken up "
        "and in what depth and specialisation."
    ),
)
def over_hours(team: TeamContext) -> Iterator[Finding]:
    for member in team.people:
        if not member.over_hours:
            continue
        # Over their hours for this school, or else over across the schools they serve.
        if member.hours_used > member.hours_available:
            message = _(
                "%(person)s has %(used)s hours of tasks here but %(available)s hours "
                "available for this school."
            )
            used, available = member.hours_used, member.hours_available
        else:
            message = _(
                "%(person)s has %(used)s hours of tasks across schools but %(available)s "
                "hours available."
            )
            used, available = member.hours_used_total, member.hours_available_total
        yield team.on_person(member, message, used=used, available=available)


@rule("no_backup", Severity.DANGER, FIX_TASK, gettext_lazy("Single points of failure: no backup"))
@cites(
    CH2_GROUP,
    gettext_lazy(
        "This avoids having all the knowledge reside with a single person, which entails "
        "all the attendant risks should this person be absent."
    ),
)
def no_backup(team: TeamContext) -> Iterator[Finding]:
    # Translated once, not once per finding: a new team has a finding on most tasks.
    message = _("Only %(person)s executes “%(task)s” and nobody backs them up.")
    facts = team.facts
    for entry, task in team.tasks:
        executors, _leads, _decided, backed = facts.get(entry.id, NO_FACTS)
        if len(executors) == 1 and not backed:
            yield team.on_task(
                entry,
                message,
                person=executors[0].person,
                severity=Severity.DANGER if task.is_core else Severity.WARNING,
            )


@rule(
    "lead_count",
    Severity.WARNING,
    FIX_TASK,
    gettext_lazy("Tasks without exactly one lead and contact point"),
)
@cites(CH2_CONCLUSION, MANDATES_QUOTE)
def lead_count(team: TeamContext) -> Iterator[Finding]:
    none = _("“%(task)s” has no lead and contact point.")
    several = _("“%(task)s” has %(n)d leads: a task needs exactly one.")
    facts = team.facts
    for entry in team.entries:
        leads = facts.get(entry.id, NO_FACTS).leads
        if not leads:
            yield team.on_task(entry, none)
        elif leads > 1:
            yield team.on_task(entry, several, n=leads)


@rule(
    "no_decider", Severity.WARNING, FIX_TASK, gettext_lazy("Tasks whose decisions nobody may take")
)
@cites(CH2_CONCLUSION, MANDATES_QUOTE)
def no_decider(team: TeamContext) -> Iterator[Finding]:
    message = _("Nobody may take the decisions on “%(task)s”.")
    facts = team.facts
    for entry in team.entries:
        if not facts.get(entry.id, NO_FACTS).decided:
            yield team.on_task(entry, message)


# A task's four needs in one call, and a person's four levels, in the competences' order.
_TASK_NEEDS = attrgetter(*COMPETENCE_FIELDS.values())
_PERSON_LEVELS = attrgetter(*(COMPETENCE_LEVEL_FIELDS[key] for key in COMPETENCE_FIELDS))


@rule("competence_mismatch", Severity.WARNING, FIX_TASK, gettext_lazy("Competence mismatches"))
@cites(
    CH2_EXPERTISE,
    gettext_lazy(
        "The division of tasks in strong ICT teams is based on the talents, competencies, "
        "expertise, and skills of the people present at the school."
    ),
)
def competence_mismatch(team: TeamContext) -> Iterator[Finding]:
    labels = [str(dict(Competence.choices)[key]) for key in COMPETENCE_FIELDS]
    message = _("%(person)s executes “%(task)s” without the %(competences)s competences it needs.")
    # What a person lacks of what a task needs, worked out once for each person and set of
    # needs (a few dozen a page), not once for each of the executions: the competences a
    # finding names, or "" for none.
    lacks: dict[int, tuple[bool, ...]] = {}
    missing: dict[tuple, str] = {}
    for entry, task, _assignment, person in team.executions():
        needed = _TASK_NEEDS(task)
        if not any(needed):
            continue
        key = (person.id, needed)
        named = missing.get(key)
        if named is None:
            lacking = lacks.get(person.id)
            if lacking is None:
                lacking = lacks[person.id] = tuple(
                    level == Level.NONE for level in _PERSON_LEVELS(person)
                )
            named = missing[key] = ", ".join(
                label
                for label, need, lacked in zip(labels, needed, lacking, strict=True)
                if need and lacked
            )
        if named:
            yield team.on_task(entry, message, person=person, competences=named)


@rule(
    "strategic_on_technical",
    Severity.INFO,
    FIX_TASK,
    gettext_lazy("Technical-only tasks held by strategic people: delegate or outsource"),
)
@cites(
    gettext_lazy("Chapter 1, Tasks that can also (or even better) be taken on by others"),
    gettext_lazy(
        "Tasks which are not of strategic importance to the school; for which only technical "
        "competences are needed; can also be taken on (or even better) by others."
    ),
)
def strategic_on_technical(team: TeamContext) -> Iterator[Finding]:
    strategic = team._strategic
    message = _(
        "%(person)s holds the technical-only task “%(task)s”: a candidate to delegate or outsource."
    )
    for entry, task, assignment, person in team.executions():
        if assignment.person_id in strategic and not task.is_core and _needs_only_technical(task):
            yield team.on_task(entry, message, person=person)


# ---------------------------------------------------------- rules on the report's roles

# The ICT policy team of chapter 2; the head of ICT is a technical ICT coordinator.
TECHNICAL_ROLES = (PersonRole.TECHNICAL_COORDINATOR, PersonRole.HEAD_OF_ICT)


@rule(
    "policy_team_incomplete",
    Severity.WARNING,
    FIX_PEOPLE,
    gettext_lazy("The ICT policy team misses management or a technical ICT coordinator"),
)
@cites(
    CH2_COMPOSITION,
    gettext_lazy(
        "Actors that are usually inextricably linked to the school ICT team are management "
        "and the pedagogical and technical ICT coordinator(s). This group is often called "
        "the ICT policy team."
    ),
)
def policy_team_incomplete(team: TeamContext) -> Iterator[Finding]:
    """Management and a technical ICT coordinator, at school level or serving it from the
    group. (The pedagogical corner of the triangle is its own rule, ``no_pedagogical``.)
    An empty team is not checked: there is no team yet to speak about."""
    if not team.people:
        return
    if not team.with_role(PersonRole.MANAGEMENT):
        yield team.on_team(
            _(
                "Nobody in the team is management (a director with the ICT focus): "
                "management is one corner of the ICT policy team."
            )
        )
    if not team.with_role(*TECHNICAL_ROLES):
        yield team.on_team(
            _(
                "Nobody in the team is a technical ICT coordinator, at school or at group "
                "level: the technical ICT coordinator is one corner of the ICT policy team."
            )
        )


# Catalogue tasks on which management decides: the vision, the ICT policy plan and the
# mandates ("Irrespective of school size, the management or management team is
# responsible for outlining the school vision and elaborating, implementing, and
# following up on the ICT policy plan"; "It is up to management to continue to ensure
# there is a clear division of tasks and clear mandates").
MANAGEMENT_DECIDES = frozenset(
    {"POL-VIS-01", "POL-VIS-02", "POL-VIS-03", "POL-VIS-05", "POL-TEAM-06"}
)


@rule(
    "management_not_deciding",
    Severity.WARNING,
    FIX_TASK,
    gettext_lazy("Vision, policy plan or mandates decided without management"),
)
@cites(
    gettext_lazy("Chapter 2, ICT team composition: Management"),
    gettext_lazy(
        "The management or management team is responsible for outlining the school vision "
        "and elaborating, implementing, and following up on the ICT policy plan."
    ),
)
def management_not_deciding(team: TeamContext) -> Iterator[Finding]:
    """Someone decides these tasks, but not management (no decider at all is
    ``no_decider``)."""
    for entry, task in team.tasks:
        if task.code not in MANAGEMENT_DECIDES:
            continue
        deciders = [a.person for a in team.held(entry) if a.decides]
        if deciders and not any(PersonRole.MANAGEMENT in p.roles for p in deciders):
            message = _(
                "%(people)s decide(s) on “%(task)s”: the vision, the ICT policy plan and the "
                "mandates are management's decision."
            )
            people = ", ".join(p.name for p in deciders)
            yield team.on_task(entry, message, person=deciders[0], people=people)


@rule(
    "no_pedagogical",
    Severity.WARNING,
    FIX_PEOPLE,
    gettext_lazy("No pedagogical ICT coordinator in the school"),
)
@cites(
    gettext_lazy("Chapter 2, ICT team composition: Pedagogical ICT coordinator"),
    gettext_lazy(
        "The third core member of the ICT team is the pedagogical ICT coordinator. This role "
        "is not yet being implemented in all (small) schools. Rather, it usually occurs at "
        "the level of the school group or community."
    ),
)
def no_pedagogical(team: TeamContext) -> Iterator[Finding]:
    """None at all is a warning; only one at group level is worth knowing (info): the
    report's model has the triangle both at group and at school level."""
    if not team.people or team.with_role(PersonRole.PEDAGOGICAL_COORDINATOR, group_level=False):
        return
    at_group = team.with_role(PersonRole.PEDAGOGICAL_COORDINATOR, group_level=True)
    if at_group:
        message = _(
            "The pedagogical ICT coordinator works at group level only (%(people)s): the "
            "report's model also has one in the school, ideally a part-time teacher."
        )
        people = ", ".join(m.name for m in at_group)
        yield team.on_team(message % {"people": people}, severity=Severity.INFO)
    else:
        yield team.on_team(
            _(
                "Nobody in the team is a pedagogical ICT coordinator: the didactic side of "
                "ICT has no one to translate it into the school's policy and classrooms."
            )
        )


def _executed_by(team: TeamContext, cluster: str) -> tuple[int, dict[int, int]]:
    """How many of a cluster's tasks someone executes, and how many each person executes."""
    executed = 0
    per_person: dict[int, int] = defaultdict(int)
    executing = team._executors
    for entry, task in team.tasks:
        if task.cluster != cluster:
            continue
        executors = {a.person_id for a in executing.get(entry.id, ())}
        if executors:
            executed += 1
        for person_id in executors:
            per_person[person_id] += 1
    return executed, per_person


@rule(
    "both_profiles",
    Severity.WARNING,
    FIX_MATRIX,
    gettext_lazy("One person carries both the technical and the pedagogical work"),
)
@cites(
    CH1_TWO_TYPES,
    gettext_lazy(
        "Most technical ICT coordinators do not always turn out to be the most socially and "
        "educationally strong people. It is not self-evident to do both."
    ),
)
def both_profiles(team: TeamContext) -> Iterator[Finding]:
    """Someone executes more than half of the executed technical tasks and more than half
    of the executed pedagogical ones: the two profiles of chapter 1 in one person."""
    technical, tech_by = _executed_by(team, Cluster.TECHNICAL)
    pedagogical, ped_by = _executed_by(team, Cluster.PEDAGOGICAL)
    if not technical or not pedagogical:
        return
    message = _(
        "%(person)s executes %(tech)d of the %(tech_all)d technical and %(ped)d of the "
        "%(ped_all)d pedagogical tasks: the report finds the two profiles rarely in one "
        "person; share one side."
    )
    for member in team.people:
        tech, ped = tech_by.get(member.pk, 0), ped_by.get(member.pk, 0)
        if 2 * tech > technical and 2 * ped > pedagogical:
            counts = {"tech": tech, "tech_all": technical, "ped": ped, "ped_all": pedagogical}
            yield team.on_person(member, message, **counts)


@rule(
    "policy_outside_team",
    Severity.WARNING,
    FIX_TASK,
    gettext_lazy("Core policy tasks executed outside the ICT policy team"),
)
@cites(
    CH2_CONCLUSION,
    gettext_lazy("Policy and vision development is carried out by the ICT policy team."),
)
def policy_outside_team(team: TeamContext) -> Iterator[Finding]:
    """Core policy tasks only: Table 2 lets teachers take the other policy tasks
    (motivating colleagues, project work, ICT days and fairs)."""
    message = _(
        "%(person)s executes the policy task “%(task)s” but is not in the ICT policy team "
        "(management, technical or pedagogical ICT coordinator)."
    )
    strategic = team._strategic
    for entry, task, assignment, person in team.executions():
        if (
            task.cluster == Cluster.POLICY
            and task.is_core
            and assignment.person_id not in strategic
        ):
            yield team.on_task(entry, message, person=person)


@rule(
    "technical_on_policy",
    Severity.INFO,
    FIX_MATRIX,
    gettext_lazy("Technical ICT coordinators spending most hours on policy"),
)
@cites(
    CH1_TWO_TYPES,
    gettext_lazy(
        "The technical ICT coordinator combines very strong technical competences, with the "
        "necessary policy-making and administrative skills."
    ),
)
def technical_on_policy(team: TeamContext) -> Iterator[Finding]:
    """More than half of a technical ICT coordinator's hours here go to policy tasks."""
    coordinators = team.with_role(PersonRole.TECHNICAL_COORDINATOR)
    if not coordinators:
        return
    # Only the coordinators' hours are added up, not the whole team's.
    counted = {member.pk for member in coordinators}
    hours: dict[int, Decimal] = defaultdict(Decimal)
    policy: dict[int, Decimal] = defaultdict(Decimal)
    on_policy_tasks = {entry.id for entry, task in team.tasks if task.cluster == Cluster.POLICY}
    for assignment in team.assignments:
        if assignment.person_id not in counted:
            continue
        hours[assignment.person_id] += assignment.hours
        if assignment.list_task_id in on_policy_tasks:
            policy[assignment.person_id] += assignment.hours
    message = _(
        "%(person)s, technical ICT coordinator, spends %(policy)s of %(hours)s hours on "
        "policy tasks: the technical work needs them first; share the policy work within the "
        "ICT policy team."
    )
    for member in coordinators:
        total = hours.get(member.pk, ZERO)
        on_policy = policy.get(member.pk, ZERO)
        if total > 0 and 2 * on_policy > total:
            yield team.on_person(member, message, policy=on_policy, hours=total)
