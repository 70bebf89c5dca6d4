"""Team health: what the report warns about, computed from the database on every page."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.models import School
from tasks.models import COMPETENCE_FIELDS, Cluster, Competence, ListTask
from teams.models import (
    Assignment,
    Level,
    Person,
)
from teams.selectors.matrix import team_tasks
from teams.selectors.people import COMPETENCE_LEVEL_FIELDS, team_people


class Severity:
    DANGER = "danger"
    WARNING = "warning"
    INFO = "info"


SEVERITY_ORDER = {Severity.DANGER: 0, Severity.WARNING: 1, Severity.INFO: 2}


# The rules of team health, in the order the panel shows them.
HEALTH_RULES = {
    "cluster_uncovered": gettext_lazy("Clusters left to nobody"),
    "core_not_executed": gettext_lazy("Core tasks nobody executes"),
    "over_hours": gettext_lazy("People over their available hours"),
    "no_backup": gettext_lazy("Single points of failure: no backup"),
    "lead_count": gettext_lazy("Tasks without exactly one lead and contact point"),
    "no_decider": gettext_lazy("Tasks whose decisions nobody may take"),
    "competence_mismatch": gettext_lazy("Competence mismatches"),
    "strategic_on_technical": gettext_lazy(
        "Technical-only tasks held by strategic people: delegate or outsource"
    ),
}


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


@dataclass
class HealthRule:
    rule: str
    label: str
    severity: str
    warnings: list[HealthWarning]


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
        for rule, label in HEALTH_RULES.items():
            found = grouped.get(rule)
            if found:
                severity = min((w.severity for w in found), key=SEVERITY_ORDER.__getitem__)
                rules.append(HealthRule(rule, str(label), severity, found))
        return rules

    def rule_keys(self) -> set[str]:
        return {warning.rule for warning in self.warnings}

    def count(self, severity: str | None = None) -> int:
        if severity is None:
            return len(self.warnings)
        return sum(1 for w in self.warnings if w.severity == severity)

    def for_rule(self, rule: str) -> list[HealthWarning]:
        return [w for w in self.warnings if w.rule == rule]


def _task_url(school: School, entry: ListTask) -> str:
    return reverse("teams:task_assignments", kwargs={"school_slug": school.slug, "pk": entry.pk})


def _matrix_url(school: School, query: str = "") -> str:
    url = reverse("teams:matrix", kwargs={"school_slug": school.slug})
    return f"{url}?{query}" if query else url


def _needs_only_technical(task) -> bool:
    return task.needs_technical and not (
        task.needs_pedagogical or task.needs_policy or task.needs_administrative
    )


def team_health(*, school: School) -> TeamHealth:
    """Check the school's team against every rule of team health (three queries).

    Rules: clusters left to nobody; core tasks nobody executes; people over their
    available hours; tasks with a single executor and no backup (single point of
    failure); tasks without exactly one lead and contact point; tasks whose decisions
    nobody may take; executors lacking a competence the task needs (level None);
    technical-only, non-core tasks executed by strategic people (delegate or outsource).
    Group-level tasks covered by a group-level person serving the school count as
    covered like any other.
    """
    people = team_people(school=school)
    entries = list(team_tasks(owner=school))
    persons = {member.pk: member.person for member in people}
    by_task: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in Assignment.objects.filter(school=school):
        # Only people still in the team count (a group-level person may have lost the share).
        if assignment.person_id in persons:
            assignment.person = persons[assignment.person_id]
            by_task[assignment.list_task_id].append(assignment)

    warnings: list[HealthWarning] = []
    executed_clusters: set[str] = set()
    clusters_present: dict[str, int] = defaultdict(int)
    competence_labels = dict(Competence.choices)

    for entry in entries:
        task = entry.task
        title = f"{task.code} {task.title}"
        url = _task_url(school, entry)
        assignments = by_task.get(entry.pk, [])
        executors = [a for a in assignments if a.executes]
        leads = [a for a in assignments if a.lead]
        clusters_present[task.cluster] += 1
        if executors:
            executed_clusters.add(task.cluster)

        if task.is_core and not executors:
            warnings.append(
                HealthWarning(
                    "core_not_executed",
                    Severity.DANGER,
                    _("Core task “%(task)s”: nobody executes it.") % {"task": title},
                    url,
                    entry=entry,
                    cluster=task.cluster,
                )
            )
        if len(leads) != 1:
            message = (
                _("“%(task)s” has no lead and contact point.")
                if not leads
                else _("“%(task)s” has %(n)d leads: a task needs exactly one.")
            ) % {"task": title, "n": len(leads)}
            warnings.append(
                HealthWarning(
                    "lead_count", Severity.WARNING, message, url, entry=entry, cluster=task.cluster
                )
            )
        if not any(a.decides for a in assignments):
            warnings.append(
                HealthWarning(
                    "no_decider",
                    Severity.WARNING,
                    _("Nobody may take the decisions on “%(task)s”.") % {"task": title},
                    url,
                    entry=entry,
                    cluster=task.cluster,
                )
            )
        if len(executors) == 1 and not any(a.backup_id for a in assignments):
            person = executors[0].person
            warnings.append(
                HealthWarning(
                    "no_backup",
                    Severity.DANGER if task.is_core else Severity.WARNING,
                    _("Only %(person)s executes “%(task)s” and nobody backs them up.")
                    % {"person": person.name, "task": title},
                    url,
                    entry=entry,
                    person=person,
                    cluster=task.cluster,
                )
            )
        for assignment in executors:
            person = assignment.person
            missing = [
                competence_labels[key]
                for key, task_field in COMPETENCE_FIELDS.items()
                if getattr(task, task_field)
                and getattr(person, COMPETENCE_LEVEL_FIELDS[key]) == Level.NONE
            ]
            if missing:
                warnings.append(
                    HealthWarning(
                        "competence_mismatch",
                        Severity.WARNING,
                        _(
                            "%(person)s executes “%(task)s” without the %(competences)s "
                            "competences it needs."
                        )
                        % {
                            "person": person.name,
                            "task": title,
                            "competences": ", ".join(str(label) for label in missing),
                        },
                        url,
                        entry=entry,
                        person=person,
                        cluster=task.cluster,
                    )
                )
            if not task.is_core and _needs_only_technical(task) and person.is_strategic:
                warnings.append(
                    HealthWarning(
                        "strategic_on_technical",
                        Severity.INFO,
                        _(
                            "%(person)s holds the technical-only task “%(task)s”: a candidate to "
                            "delegate or outsource."
                        )
                        % {"person": person.name, "task": title},
                        url,
                        entry=entry,
                        person=person,
                        cluster=task.cluster,
                    )
                )

    labels = dict(Cluster.choices)
    for cluster in Cluster.values:
        if clusters_present.get(cluster) and cluster not in executed_clusters:
            warnings.insert(
                0,
                HealthWarning(
                    "cluster_uncovered",
                    Severity.DANGER,
                    _(
                        "The %(cluster)s cluster is left to nobody: none of its %(n)d tasks has "
                        "someone executing it."
                    )
                    % {"cluster": labels[cluster], "n": clusters_present[cluster]},
                    _matrix_url(school, f"cluster={cluster}"),
                    cluster=cluster,
                ),
            )

    for member in people:
        if member.over_hours:
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
                HealthWarning(
                    "over_hours",
                    Severity.DANGER,
                    message,
                    _matrix_url(school, f"person={member.pk}"),
                    person=member.person,
                )
            )

    order = list(HEALTH_RULES)
    warnings.sort(key=lambda w: order.index(w.rule))
    return TeamHealth(warnings=warnings, task_count=len(entries), people_count=len(people))
