"""Team health: what the report warns about, computed from the database on every page.

Each rule is one small function registered in ``HEALTH_RULES`` with its title, its
severity, the passage of the report it follows and where it is fixed. A rule reads a
``TeamContext``: the school's team, its tasks and its assignments, loaded once (three
queries) before any rule runs, so adding a rule never adds a query.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.models import School
from tasks.models import COMPETENCE_FIELDS, Cluster, Competence, ListTask
from tasks.templatetags.row_urls import row_url_for
from teams.models import Assignment, Level, Person, PersonRole
from teams.selectors.matrix import team_tasks
from teams.selectors.people import COMPETENCE_LEVEL_FIELDS, ZERO, TeamMember, team_people


class Severity:
    DANGER = "danger"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.DANGER: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class HealthWarning:
    """One finding of team health and where it is fixed."""

    rule: str
    severity: str
    message: str
    url: str
    entry: ListTask | None = None
    person: Person | None = None
    cluster: str = ""


@dataclass(frozen=True)
class Citation:
    """The passage of the report a rule follows: its section and a short quote."""

    section: Promise | str
    quote: Promise | str


# --------------------------------------------------------------------------- context


@dataclass
class TeamContext:
    """A school's team, loaded once for every rule: people, tasks, assignments.

    ``by_task`` holds the assignments of people still in the team (a group-level
    person may have lost their share), each with ``person`` set to the team's object.
    """

    school: School
    people: list[TeamMember]
    entries: list[ListTask]
    by_task: dict[int, list[Assignment]]

    @cached_property
    def assignments(self) -> list[Assignment]:
        return [a for entry in self.entries for a in self.by_task.get(entry.pk, [])]

    @cached_property
    def entry_of(self) -> dict[int, ListTask]:
        return {entry.pk: entry for entry in self.entries}

    def with_role(self, *roles: str, group_level: bool | None = None) -> list[TeamMember]:
        return [
            m
            for m in self.people
            if set(roles) & set(m.person.roles)
            and (group_level is None or m.is_group_level == group_level)
        ]

    def task_warning(
        self,
        rule: str,
        severity: str,
        message: str,
        entry: ListTask,
        *,
        person: Person | None = None,
        cluster: str | None = None,
    ) -> HealthWarning:
        """A finding on one task: fixed on the task's assignments page, shown in the
        task's cluster unless the rule names another."""
        return HealthWarning(
            rule,
            severity,
            message,
            self.task_url(entry),
            entry=entry,
            person=person,
            cluster=entry.task.cluster if cluster is None else cluster,
        )

    def person_warning(
        self, rule: str, severity: str, message: str, member: TeamMember
    ) -> HealthWarning:
        """A finding on one person: fixed in the matrix, filtered on them."""
        return HealthWarning(
            rule, severity, message, self.matrix_url(f"person={member.pk}"), person=member.person
        )

    @cached_property
    def _urls(self) -> dict:
        return {}

    def task_url(self, entry: ListTask) -> str:
        # A finding links every task it names: reversed once, not once per task.
        return row_url_for(self._urls, "teams:task_assignments", self.school.slug, entry.pk)

    def matrix_url(self, query: str = "") -> str:
        url = reverse("teams:matrix", kwargs={"school_slug": self.school.slug})
        return f"{url}?{query}" if query else url

    def team_url(self) -> str:
        return reverse("teams:overview", kwargs={"school_slug": self.school.slug})


def team_context(*, school: School, people: list[TeamMember] | None = None) -> TeamContext:
    """Load what every rule reads: the team, its tasks, its assignments (three queries;
    two when the page has read the team already and hands it over as ``people``)."""
    if people is None:
        people = team_people(school=school)
    entries = list(team_tasks(owner=school))
    persons = {member.pk: member.person for member in people}
    by_task: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in Assignment.objects.filter(school=school):
        if assignment.person_id in persons:
            assignment.person = persons[assignment.person_id]
            by_task[assignment.list_task_id].append(assignment)
    return TeamContext(school=school, people=people, entries=entries, by_task=dict(by_task))


# -------------------------------------------------------------------------- registry

Check = Callable[[TeamContext], list[HealthWarning]]


@dataclass(frozen=True)
class Rule:
    """A rule of team health: its check, and what the panel says about it."""

    key: str
    title: Promise | str
    severity: str
    citation: Citation
    fixed_in: Promise | str
    check: Check


# The rules of team health, in the order the panel shows them.
HEALTH_RULES: dict[str, Rule] = {}


def rule(
    key: str,
    *,
    title: Promise | str,
    severity: str,
    section: Promise | str,
    quote: Promise | str,
    fixed_in: Promise | str,
) -> Callable[[Check], Check]:
    """Register a check as a rule of team health (``severity`` is its worst finding)."""

    def register(check: Check) -> Check:
        if key in HEALTH_RULES:
            raise ValueError(f"Team-health rule {key!r} is registered twice.")
        HEALTH_RULES[key] = Rule(key, title, severity, Citation(section, quote), fixed_in, check)
        return check

    return register


def _title(entry: ListTask) -> str:
    return f"{entry.task.code} {entry.task.title}"


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


@rule(
    "cluster_uncovered",
    title=gettext_lazy("Clusters left to nobody"),
    severity=Severity.DANGER,
    section=CH2_CONCLUSION,
    quote=gettext_lazy(
        "An entire team is responsible for the four clusters of tasks that make up ICT "
        "coordination."
    ),
    fixed_in=FIX_MATRIX,
)
def cluster_uncovered(team: TeamContext) -> list[HealthWarning]:
    present: dict[str, int] = defaultdict(int)
    executed: set[str] = set()
    for entry in team.entries:
        present[entry.task.cluster] += 1
        if any(a.executes for a in team.by_task.get(entry.pk, [])):
            executed.add(entry.task.cluster)
    labels = dict(Cluster.choices)
    return [
        HealthWarning(
            "cluster_uncovered",
            Severity.DANGER,
            _(
                "The %(cluster)s cluster is left to nobody: none of its %(n)d tasks has "
                "someone executing it."
            )
            % {"cluster": labels[cluster], "n": present[cluster]},
            team.matrix_url(f"cluster={cluster}"),
            cluster=cluster,
        )
        for cluster in Cluster.values
        if present.get(cluster) and cluster not in executed
    ]


@rule(
    "core_not_executed",
    title=gettext_lazy("Core tasks nobody executes"),
    severity=Severity.DANGER,
    section=CH1_CORE,
    quote=gettext_lazy(
        "Tasks which are of strategic importance to the school: crucial to respond quickly, "
        "and on a daily basis, to problems with the ICT infrastructure."
    ),
    fixed_in=FIX_TASK,
)
def core_not_executed(team: TeamContext) -> list[HealthWarning]:
    return [
        team.task_warning(
            "core_not_executed",
            Severity.DANGER,
            _("Core task “%(task)s”: nobody executes it.") % {"task": _title(entry)},
            entry,
        )
        for entry in team.entries
        if entry.task.is_core and not any(a.executes for a in team.by_task.get(entry.pk, []))
    ]


@rule(
    "over_hours",
    title=gettext_lazy("People over their available hours"),
    severity=Severity.DANGER,
    section=gettext_lazy("Chapter 1, Resources for ICT coordination"),
    quote=gettext_lazy(
        "The amount of the available resources determines how many tasks can be taken up "
        "and in what depth and specialisation."
    ),
    fixed_in=FIX_MATRIX,
)
def over_hours(team: TeamContext) -> list[HealthWarning]:
    warnings = []
    for member in team.people:
        if not member.over_hours:
            continue
        if member.hours_used > member.hours_available:
            message = _(
                "%(person)s has %(used)s hours of tasks here but %(available)s hours "
                "available for this school."
            ) % {
                "person": member.name,
                "used": member.hours_used,
                "available": member.hours_available,
            }
        else:
            message = _(
                "%(person)s has %(used)s hours of tasks across schools but %(available)s "
                "hours available."
            ) % {
                "person": member.name,
                "used": member.hours_used_total,
                "available": member.hours_available_total,
            }
        warnings.append(
            team.person_warning(
                "over_hours",
                Severity.DANGER,
                message,
                member,
            )
        )
    return warnings


@rule(
    "no_backup",
    title=gettext_lazy("Single points of failure: no backup"),
    severity=Severity.DANGER,
    section=CH2_GROUP,
    quote=gettext_lazy(
        "This avoids having all the knowledge reside with a single person, which entails "
        "all the attendant risks should this person be absent."
    ),
    fixed_in=FIX_TASK,
)
def no_backup(team: TeamContext) -> list[HealthWarning]:
    warnings = []
    for entry in team.entries:
        assignments = team.by_task.get(entry.pk, [])
        executors = [a for a in assignments if a.executes]
        if len(executors) == 1 and not any(a.backup_id for a in assignments):
            person = executors[0].person
            warnings.append(
                team.task_warning(
                    "no_backup",
                    Severity.DANGER if entry.task.is_core else Severity.WARNING,
                    _("Only %(person)s executes “%(task)s” and nobody backs them up.")
                    % {"person": person.name, "task": _title(entry)},
                    entry,
                    person=person,
                )
            )
    return warnings


@rule(
    "lead_count",
    title=gettext_lazy("Tasks without exactly one lead and contact point"),
    severity=Severity.WARNING,
    section=CH2_CONCLUSION,
    quote=MANDATES_QUOTE,
    fixed_in=FIX_TASK,
)
def lead_count(team: TeamContext) -> list[HealthWarning]:
    warnings = []
    for entry in team.entries:
        leads = [a for a in team.by_task.get(entry.pk, []) if a.lead]
        if len(leads) == 1:
            continue
        message = (
            _("“%(task)s” has no lead and contact point.")
            if not leads
            else _("“%(task)s” has %(n)d leads: a task needs exactly one.")
        ) % {"task": _title(entry), "n": len(leads)}
        warnings.append(
            team.task_warning(
                "lead_count",
                Severity.WARNING,
                message,
                entry,
            )
        )
    return warnings


@rule(
    "no_decider",
    title=gettext_lazy("Tasks whose decisions nobody may take"),
    severity=Severity.WARNING,
    section=CH2_CONCLUSION,
    quote=MANDATES_QUOTE,
    fixed_in=FIX_TASK,
)
def no_decider(team: TeamContext) -> list[HealthWarning]:
    return [
        team.task_warning(
            "no_decider",
            Severity.WARNING,
            _("Nobody may take the decisions on “%(task)s”.") % {"task": _title(entry)},
            entry,
        )
        for entry in team.entries
        if not any(a.decides for a in team.by_task.get(entry.pk, []))
    ]


@rule(
    "competence_mismatch",
    title=gettext_lazy("Competence mismatches"),
    severity=Severity.WARNING,
    section=CH2_EXPERTISE,
    quote=gettext_lazy(
        "The division of tasks in strong ICT teams is based on the talents, competencies, "
        "expertise, and skills of the people present at the school."
    ),
    fixed_in=FIX_TASK,
)
def competence_mismatch(team: TeamContext) -> list[HealthWarning]:
    labels = dict(Competence.choices)
    warnings = []
    for entry in team.entries:
        task = entry.task
        for assignment in team.by_task.get(entry.pk, []):
            if not assignment.executes:
                continue
            person = assignment.person
            missing = [
                labels[key]
                for key, task_field in COMPETENCE_FIELDS.items()
                if getattr(task, task_field)
                and getattr(person, COMPETENCE_LEVEL_FIELDS[key]) == Level.NONE
            ]
            if missing:
                warnings.append(
                    team.task_warning(
                        "competence_mismatch",
                        Severity.WARNING,
                        _(
                            "%(person)s executes “%(task)s” without the %(competences)s "
                            "competences it needs."
                        )
                        % {
                            "person": person.name,
                            "task": _title(entry),
                            "competences": ", ".join(str(label) for label in missing),
                        },
                        entry,
                        person=person,
                        cluster=task.cluster,
                    )
                )
    return warnings


@rule(
    "strategic_on_technical",
    title=gettext_lazy("Technical-only tasks held by strategic people: delegate or outsource"),
    severity=Severity.INFO,
    section=gettext_lazy("Chapter 1, Tasks that can also (or even better) be taken on by others"),
    quote=gettext_lazy(
        "Tasks which are not of strategic importance to the school; for which only technical "
        "competences are needed; can also be taken on (or even better) by others."
    ),
    fixed_in=FIX_TASK,
)
def strategic_on_technical(team: TeamContext) -> list[HealthWarning]:
    warnings = []
    for entry in team.entries:
        task = entry.task
        if task.is_core or not _needs_only_technical(task):
            continue
        for assignment in team.by_task.get(entry.pk, []):
            if assignment.executes and assignment.person.is_strategic:
                warnings.append(
                    team.task_warning(
                        "strategic_on_technical",
                        Severity.INFO,
                        _(
                            "%(person)s holds the technical-only task “%(task)s”: a candidate "
                            "to delegate or outsource."
                        )
                        % {"person": assignment.person.name, "task": _title(entry)},
                        entry,
                        person=assignment.person,
                        cluster=task.cluster,
                    )
                )
    return warnings


# ---------------------------------------------------------- rules on the report's roles

# The ICT policy team of chapter 2; the head of ICT is a technical ICT coordinator.
TECHNICAL_ROLES = (PersonRole.TECHNICAL_COORDINATOR, PersonRole.HEAD_OF_ICT)


@rule(
    "policy_team_incomplete",
    title=gettext_lazy("The ICT policy team misses management or a technical ICT coordinator"),
    severity=Severity.WARNING,
    section=CH2_COMPOSITION,
    quote=gettext_lazy(
        "Actors that are usually inextricably linked to the school ICT team are management "
        "and the pedagogical and technical ICT coordinator(s). This group is often called "
        "the ICT policy team."
    ),
    fixed_in=FIX_PEOPLE,
)
def policy_team_incomplete(team: TeamContext) -> list[HealthWarning]:
    """Management and a technical ICT coordinator, at school level or serving it from the
    group. (The pedagogical corner of the triangle is its own rule, ``no_pedagogical``.)
    An empty team is not checked: there is no team yet to speak about."""
    if not team.people:
        return []
    missing = []
    if not team.with_role(PersonRole.MANAGEMENT):
        missing.append(
            _(
                "Nobody in the team is management (a director with the ICT focus): "
                "management is one corner of the ICT policy team."
            )
        )
    if not team.with_role(*TECHNICAL_ROLES):
        missing.append(
            _(
                "Nobody in the team is a technical ICT coordinator, at school or at group "
                "level: the technical ICT coordinator is one corner of the ICT policy team."
            )
        )
    return [
        HealthWarning("policy_team_incomplete", Severity.WARNING, message, team.team_url())
        for message in missing
    ]


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
    title=gettext_lazy("Vision, policy plan or mandates decided without management"),
    severity=Severity.WARNING,
    section=gettext_lazy("Chapter 2, ICT team composition: Management"),
    quote=gettext_lazy(
        "The management or management team is responsible for outlining the school vision "
        "and elaborating, implementing, and following up on the ICT policy plan."
    ),
    fixed_in=FIX_TASK,
)
def management_not_deciding(team: TeamContext) -> list[HealthWarning]:
    """Someone decides these tasks, but not management (no decider at all is
    ``no_decider``)."""
    warnings = []
    for entry in team.entries:
        if entry.task.code not in MANAGEMENT_DECIDES:
            continue
        deciders = [a.person for a in team.by_task.get(entry.pk, []) if a.decides]
        if deciders and not any(PersonRole.MANAGEMENT in p.roles for p in deciders):
            warnings.append(
                team.task_warning(
                    "management_not_deciding",
                    Severity.WARNING,
                    _(
                        "%(people)s decide(s) on “%(task)s”: the vision, the ICT policy plan "
                        "and the mandates are management's decision."
                    )
                    % {"people": ", ".join(p.name for p in deciders), "task": _title(entry)},
                    entry,
                    person=deciders[0],
                )
            )
    return warnings


@rule(
    "no_pedagogical",
    title=gettext_lazy("No pedagogical ICT coordinator in the school"),
    severity=Severity.WARNING,
    section=gettext_lazy("Chapter 2, ICT team composition: Pedagogical ICT coordinator"),
    quote=gettext_lazy(
        "The third core member of the ICT team is the pedagogical ICT coordinator. This role "
        "is not yet being implemented in all (small) schools. Rather, it usually occurs at "
        "the level of the school group or community."
    ),
    fixed_in=FIX_PEOPLE,
)
def no_pedagogical(team: TeamContext) -> list[HealthWarning]:
    """None at all is a warning; only one at group level is worth knowing (info): the
    report's model has the triangle both at group and at school level."""
    if not team.people or team.with_role(PersonRole.PEDAGOGICAL_COORDINATOR, group_level=False):
        return []
    at_group = team.with_role(PersonRole.PEDAGOGICAL_COORDINATOR, group_level=True)
    if at_group:
        return [
            HealthWarning(
                "no_pedagogical",
                Severity.INFO,
                _(
                    "The pedagogical ICT coordinator works at group level only "
                    "(%(people)s): the report's model also has one in the school, ideally "
                    "a part-time teacher."
                )
                % {"people": ", ".join(m.name for m in at_group)},
                team.team_url(),
            )
        ]
    return [
        HealthWarning(
            "no_pedagogical",
            Severity.WARNING,
            _(
                "Nobody in the team is a pedagogical ICT coordinator: the didactic side of "
                "ICT has no one to translate it into the school's policy and classrooms."
            ),
            team.team_url(),
        )
    ]


def _executed_by(team: TeamContext, cluster: str) -> tuple[int, dict[int, int]]:
    """How many of a cluster's tasks someone executes, and how many each person executes."""
    executed = 0
    per_person: dict[int, int] = defaultdict(int)
    for entry in team.entries:
        if entry.task.cluster != cluster:
            continue
        executors = {a.person_id for a in team.by_task.get(entry.pk, []) if a.executes}
        if executors:
            executed += 1
        for person_id in executors:
            per_person[person_id] += 1
    return executed, per_person


@rule(
    "both_profiles",
    title=gettext_lazy("One person carries both the technical and the pedagogical work"),
    severity=Severity.WARNING,
    section=CH1_TWO_TYPES,
    quote=gettext_lazy(
        "Most technical ICT coordinators do not always turn out to be the most socially and "
        "educationally strong people. It is not self-evident to do both."
    ),
    fixed_in=FIX_MATRIX,
)
def both_profiles(team: TeamContext) -> list[HealthWarning]:
    """Someone executes more than half of the executed technical tasks and more than half
    of the executed pedagogical ones: the two profiles of chapter 1 in one person."""
    technical, tech_by = _executed_by(team, Cluster.TECHNICAL)
    pedagogical, ped_by = _executed_by(team, Cluster.PEDAGOGICAL)
    if not technical or not pedagogical:
        return []
    warnings = []
    for member in team.people:
        tech, ped = tech_by.get(member.pk, 0), ped_by.get(member.pk, 0)
        if 2 * tech > technical and 2 * ped > pedagogical:
            warnings.append(
                team.person_warning(
                    "both_profiles",
                    Severity.WARNING,
                    _(
                        "%(person)s executes %(tech)d of the %(tech_all)d technical and "
                        "%(ped)d of the %(ped_all)d pedagogical tasks: the report finds the "
                        "two profiles rarely in one person; share one side."
                    )
                    % {
                        "person": member.name,
                        "tech": tech,
                        "tech_all": technical,
                        "ped": ped,
                        "ped_all": pedagogical,
                    },
                    member,
                )
            )
    return warnings


@rule(
    "policy_outside_team",
    title=gettext_lazy("Core policy tasks executed outside the ICT policy team"),
    severity=Severity.WARNING,
    section=CH2_CONCLUSION,
    quote=gettext_lazy("Policy and vision development is carried out by the ICT policy team."),
    fixed_in=FIX_TASK,
)
def policy_outside_team(team: TeamContext) -> list[HealthWarning]:
    """Core policy tasks only: Table 2 lets teachers take the other policy tasks
    (motivating colleagues, project work, ICT days and fairs)."""
    warnings = []
    for entry in team.entries:
        if entry.task.cluster != Cluster.POLICY or not entry.task.is_core:
            continue
        for assignment in team.by_task.get(entry.pk, []):
            if assignment.executes and not assignment.person.is_strategic:
                warnings.append(
                    team.task_warning(
                        "policy_outside_team",
                        Severity.WARNING,
                        _(
                            "%(person)s executes the policy task “%(task)s” but is not in "
                            "the ICT policy team (management, technical or pedagogical ICT "
                            "coordinator)."
                        )
                        % {"person": assignment.person.name, "task": _title(entry)},
                        entry,
                        person=assignment.person,
                        cluster=Cluster.POLICY,
                    )
                )
    return warnings


@rule(
    "technical_on_policy",
    title=gettext_lazy("Technical ICT coordinators spending most hours on policy"),
    severity=Severity.INFO,
    section=CH1_TWO_TYPES,
    quote=gettext_lazy(
        "The technical ICT coordinator combines very strong technical competences, with the "
        "necessary policy-making and administrative skills."
    ),
    fixed_in=FIX_MATRIX,
)
def technical_on_policy(team: TeamContext) -> list[HealthWarning]:
    """More than half of a technical ICT coordinator's hours here go to policy tasks."""
    hours: dict[int, Decimal] = defaultdict(Decimal)
    policy: dict[int, Decimal] = defaultdict(Decimal)
    for assignment in team.assignments:
        hours[assignment.person_id] += assignment.hours
        if team.entry_of[assignment.list_task_id].task.cluster == Cluster.POLICY:
            policy[assignment.person_id] += assignment.hours
    warnings = []
    for member in team.with_role(PersonRole.TECHNICAL_COORDINATOR):
        total = hours.get(member.pk, ZERO)
        on_policy = policy.get(member.pk, ZERO)
        if total > 0 and 2 * on_policy > total:
            warnings.append(
                team.person_warning(
                    "technical_on_policy",
                    Severity.INFO,
                    _(
                        "%(person)s, technical ICT coordinator, spends %(policy)s of "
                        "%(hours)s hours on policy tasks: the technical work needs them "
                        "first; share the policy work within the ICT policy team."
                    )
                    % {"person": member.name, "policy": on_policy, "hours": total},
                    member,
                )
            )
    return warnings


# ----------------------------------------------------------------------------- result


@dataclass
class HealthRule:
    """The findings of one rule, with what the panel says about the rule."""

    rule: str
    label: str
    severity: str
    warnings: list[HealthWarning]
    citation: Citation | None = None
    fixed_in: str = ""


@dataclass
class TeamHealth:
    """Every team-health finding of a school, computed from the current data."""

    warnings: list[HealthWarning] = field(default_factory=list)
    task_count: int = 0
    people_count: int = 0

    @property
    def is_healthy(self) -> bool:
        return not self.warnings

    def by_rule(self) -> list[HealthRule]:
        """Warnings grouped per rule, rules with findings only, in the panel's order."""
        grouped: dict[str, list[HealthWarning]] = defaultdict(list)
        for warning in self.warnings:
            grouped[warning.rule].append(warning)
        rules = []
        for key, registered in HEALTH_RULES.items():
            found = grouped.get(key)
            if found:
                severity = min((w.severity for w in found), key=SEVERITY_ORDER.__getitem__)
                rules.append(
                    HealthRule(
                        key,
                        str(registered.title),
                        severity,
                        found,
                        registered.citation,
                        str(registered.fixed_in),
                    )
                )
        return rules

    def rule_keys(self) -> set[str]:
        return {warning.rule for warning in self.warnings}

    def count(self, severity: str | None = None) -> int:
        if severity is None:
            return len(self.warnings)
        return sum(1 for w in self.warnings if w.severity == severity)

    def for_rule(self, rule: str) -> list[HealthWarning]:
        return [w for w in self.warnings if w.rule == rule]


def team_health(*, school: School, people: list[TeamMember] | None = None) -> TeamHealth:
    """Check the school's team against every rule in ``HEALTH_RULES`` (three queries; two
    with ``people``, the school's ``team_people`` a page has read already).

    Group-level tasks covered by a group-level person serving the school count as
    covered like any other.
    """
    team = team_context(school=school, people=people)
    warnings: list[HealthWarning] = []
    for registered in HEALTH_RULES.values():
        warnings.extend(registered.check(team))
    return TeamHealth(
        warnings=warnings, task_count=len(team.entries), people_count=len(team.people)
    )
