"""Step 7 of the plan: the team actions (``team_checklist``): each of the flowchart's
actions with whether the school's team has done it, worked out from the team's people,
tasks, mandates, consultation groups and agreements (``TeamFacts``), for one school or,
in a fixed number of queries, for many (``school_team_checklists``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import Case
from django.db.models import Count
from django.db.models import DecimalField
from django.db.models import Exists
from django.db.models import ExpressionWrapper
from django.db.models import F
from django.db.models import IntegerField
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import TextField
from django.db.models import Value
from django.db.models import When
from django.urls import NoReverseMatch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guidelines.flowchart import FLOWCHART
from guidelines.flowchart import WORK_TEAM
from guidelines.flowchart import ChecklistItem
from guidelines.models import TransitionPlan
from schools.access import Owner
from schools.changes import kept_by_token
from schools.compiled import compiled_rows
from schools.compiled import flag
from schools.compiled import summed
from schools.kept import Kept
from schools.models import School
from schools.reversing import process_urls
from schools.reversing import row_url_for
from tasks.models import TEAM_TASK
from tasks.models import ListTask
from teams.models import Agreement
from teams.models import Assignment
from teams.models import ConsultationGroup
from teams.models import ConsultationKind
from teams.models import Person
from teams.models import PersonSchool
from teams.selectors import SchoolTeam

# --- step 7: team actions -----------------------------------------------------------------


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    done: bool
    # True when the team builder's data decides; False for a box the user ticks.
    computed: bool = False
    detail: str = ""
    ticked: dict | None = None
    link: str = ""


def _url(name: str, **kwargs) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


# For rows that are counted, not shown: no link to reverse.
NO_LINKS: dict[str, str] = dict.fromkeys(
    ("team", "matrix", "mandates", "consultation", "agreements", "vacancy", "documents", "tasks"),
    "",
)


def team_links(*, owner: Owner) -> dict[str, str]:
    """Where step 7's team actions are done in the team builder."""
    if isinstance(owner, School):
        # Each address reversed once per process (``process_urls``), the school's slug
        # put in its place: eight ``reverse()`` a page were a tenth of a millisecond.
        urls = process_urls()

        def school_url(name: str) -> str:
            try:
                return row_url_for(urls, name, owner.slug)
            except NoReverseMatch:
                return ""

        return {
            "team": school_url("teams:overview"),
            "matrix": school_url("teams:matrix"),
            "mandates": school_url("teams:mandates"),
            "consultation": school_url("teams:consultation"),
            "agreements": school_url("teams:agreement_add"),
            "vacancy": school_url("teams:document_vacancy_new"),
            "documents": school_url("teams:documents"),
            "tasks": school_url("tasks:school_list"),
        }
    slug = {"group_slug": owner.slug}
    return {
        "team": _url("teams:group_people", **slug),
        "matrix": "",
        "mandates": "",
        "consultation": "",
        "agreements": "",
        "vacancy": "",
        "documents": "",
        "tasks": _url("tasks:group_list", **slug),
    }


@dataclass
class TeamFacts:
    """What step 7's computed team actions are decided from, for one owner."""

    people: list[PersonHours]
    tasks_total: int
    tasks_executed: int
    # Tasks with assignments, and those of them where someone decides, executes, monitors
    # and leads.
    mandated: int
    clear: int
    working: set[int]
    groups: list[tuple[str, str]]
    # None for a group, whose agreements the team builder does not keep.
    agreements: set[str] | None


# What the checklist reads of a person (``hours_available``): a person has some forty
# fields, and a team a hundred people or more.
PERSON_HOURS = ("ict_hours", "bpt_hours", "other_hours", "external_hours")


class PersonHours(NamedTuple):
    """What the checklist reads of a person: plain rows, not a model instance a person."""

    pk: int
    hours_available: Decimal


def _task_figures(tasks: QuerySet[ListTask], owner_field: str) -> QuerySet:
    """Each task a row: its owner and a 0 or 1 for each of ``TASK_COUNTS`` (a team task;
    a team task someone executes; a task with assignments; one where someone decides,
    executes, monitors and leads), which ``TASK_SUMS`` adds up per owner.

    The assignments come in one join grouped per task: an ``Exists`` per mandate made
    PostgreSQL probe them five times a task (ten schools' lists: 19 → 6 ms).
    """

    def given(**mandate: bool) -> Count:
        return Count(
            "assignments", filter=Q(**{f"assignments__{k}": v for k, v in mandate.items()})
        )

    return (
        tasks.values("pk", owner_key=F(owner_field))
        .annotate(
            assigned=Count("assignments"),
            deciding=given(decides=True),
            executing=given(executes=True),
            monitoring=given(monitors=True),
            leading=given(lead=True),
        )
        .annotate(
            total=flag(TEAM_TASK),
            executed=flag(TEAM_TASK & Q(executing__gt=0)),
            mandated=flag(Q(assigned__gt=0)),
            clear=flag(Q(deciding__gt=0, executing__gt=0, monitoring__gt=0, leading__gt=0)),
        )
        .values_list("owner_key", *TASK_COUNTS)
        .order_by()
    )


TASK_COUNTS = ("total", "executed", "mandated", "clear")
# Per owner, one row (none without tasks).
TASK_SUMS = summed(("owner_key",), TASK_COUNTS)


def _groups_and_agreements(groups: QuerySet, agreements: QuerySet | None) -> QuerySet:
    """The consultation groups and the agreements in place in one query: rows of
    ``(*key, kind, link)``, where an agreement's link is None (a group's is text, never
    NULL)."""
    # Without the models' default ordering: SQLite takes none inside a compound query.
    if agreements is None:
        return groups
    return groups.order_by().union(agreements.order_by(), all=True)


def _add_groups_and_agreements(facts: TeamFacts, rows) -> None:
    for kind, link in rows:
        if link is None:
            facts.agreements.add(kind)
        else:
            facts.groups.append((kind, link))


def _facts_of_team(team: SchoolTeam) -> TeamFacts:
    """``_team_facts`` of a school from its team read for the gaps (``school_team``): the
    same people, and the task counts from its mandates (an assignment is on its school's
    own list), so only the consultation groups and agreements are left to read."""
    facts = TeamFacts([], 0, 0, 0, 0, set(), [], set())
    for person in team.people:
        hours = (getattr(person, name) for name in PERSON_HOURS)
        facts.people.append(PersonHours(person.pk, sum(map(_decimal, hours), start=Decimal(0))))
    # Per entry with assignments: whether someone decides, executes, monitors, leads.
    held: dict[int, list[bool]] = {}
    for entry_id, person_id, *mandates in team.mandates:
        facts.working.add(person_id)
        given = held.get(entry_id)
        if given is None:
            held[entry_id] = [bool(mandate) for mandate in mandates]
        else:
            for n, mandate in enumerate(mandates):
                given[n] = given[n] or bool(mandate)
    facts.tasks_total = len(team.entries)
    facts.tasks_executed = sum(
        1 for entry in team.entries if entry.id in held and held[entry.id][1]
    )
    facts.mandated = len(held)
    facts.clear = sum(1 for given in held.values() if all(given))
    return facts


def _group_people(group_id: int) -> QuerySet:
    works = Assignment.objects.filter(list_task__group_id=group_id, person=OuterRef("pk"))
    return (
        Person.objects.filter(group_id=group_id)
        .annotate(works=Exists(works.order_by()))
        .values_list("pk", *PERSON_HOURS, "works")
        # Unordered: DISTINCT would read the ordering's name too.
        .order_by()
    )


def _group_task_counts(group_id: int) -> QuerySet:
    return _task_figures(ListTask.objects.filter(group_id=group_id), "group_id")


def _school_groups(school_id: int) -> QuerySet:
    return _groups_and_agreements(
        ConsultationGroup.objects.filter(school_id=school_id).values_list("kind", "group_link"),
        Agreement.objects.filter(school_id=school_id, in_place=True)
        .annotate(link=Value(None, output_field=TextField()))
        .values_list("kind", "link"),
    )


def _group_groups(group_id: int) -> QuerySet:
    # A group's agreements the team builder does not keep.
    return ConsultationGroup.objects.filter(group_id=group_id).values_list("kind", "group_link")


def _decimal(value: object) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _school_people_and_counts(school_id: int, group_id: int) -> QuerySet:
    """The school's people and its tasks' figures (``_task_figures``) in one query: rows
    of ``(kind, key, five numbers)``, a person (kind 0: its id, four hours and whether
    they work here, 1 or 0) or a task (kind 1: the school's id, its four figures and a
    0), which ``PEOPLE_AND_COUNTS`` adds up per school.

    The people are the school's own and the group's people who serve it, each once;
    whether they work here is tested per person, without the assignments' default
    ordering (a join to the people). Unordered: DISTINCT would read the ordering's name
    too."""
    works = Assignment.objects.filter(school_id=school_id, person=OuterRef("pk")).order_by()
    people = (
        Person.objects.filter(
            Q(school_id=school_id) | Q(group_id=group_id, school_shares__school_id=school_id)
        )
        .distinct()
        .annotate(
            kind=Value(0, output_field=IntegerField()),
            works=Case(When(Exists(works), then=Value(1)), default=Value(0)),
        )
        .values_list("kind", "pk", *PERSON_HOURS, "works")
        .order_by()
    )
    tasks = (
        _task_figures(ListTask.objects.filter(school_id=school_id), "school_id")
        .annotate(
            kind=Value(1, output_field=IntegerField()), after=Value(0, output_field=IntegerField())
        )
        .values_list("kind", "owner_key", *TASK_COUNTS, "after")
    )
    return people.union(tasks, all=True)


# Per person one row as it is; the tasks' figures added up, one row for the school (none
# without tasks). The columns are named as the people's.
PEOPLE_AND_COUNTS = (
    "SELECT kind, pk, "
    + ", ".join(f"SUM({name})" for name in (*PERSON_HOURS, "works"))
    + " FROM ({rows}) per_row GROUP BY kind, pk"
)


# A school's facts by (school, change token): the same until one of its rows changes
# (about 20 kB for a school of 150 people).
_SCHOOL_FACTS: Kept[tuple, TeamFacts] = Kept(256)


def _team_facts(*, owner: Owner) -> TeamFacts:
    """Compiled once per process: for a school two queries, the people (with whether they
    work on a task) with the task counts, and the consultation groups with the
    agreements, none while its change token is the one they were read at; for a group
    three, the people and the counts apart. Kept facts are shared: read, never changed."""
    if isinstance(owner, School):
        return kept_by_token(_SCHOOL_FACTS, owner, lambda: _read_team_facts(owner=owner))
    return _read_team_facts(owner=owner)


def _read_team_facts(*, owner: Owner) -> TeamFacts:
    is_school = isinstance(owner, School)
    if is_school:
        rows = compiled_rows(
            _school_people_and_counts,
            outer=PEOPLE_AND_COUNTS,
            school_id=owner.pk,
            group_id=owner.group_id,
        )
        people = [row[1:] for row in rows if row[0] == 0]
        counts = [row[1:6] for row in rows if row[0] == 1]
        groups = compiled_rows(_school_groups, school_id=owner.pk)
    else:
        people = compiled_rows(_group_people, group_id=owner.pk)
        counts = compiled_rows(_group_task_counts, outer=TASK_SUMS, group_id=owner.pk)
        groups = compiled_rows(_group_groups, group_id=owner.pk)
    facts = TeamFacts([], 0, 0, 0, 0, set(), [], set() if is_school else None)
    # The annotation last: a raw row has the fields first, whatever order values_list names.
    for pk, *hours, working in people:
        facts.people.append(PersonHours(pk, sum(map(_decimal, hours), start=Decimal(0))))
        if working:
            facts.working.add(pk)
    # Sums: a number of the database's own type (a decimal where the column is one).
    for _owner, total, executed, mandated, clear in counts:
        facts.tasks_total, facts.tasks_executed = int(total), int(executed)
        facts.mandated, facts.clear = int(mandated), int(clear)
    _add_groups_and_agreements(facts, groups)
    return facts


def _schools_people(school_ids: list[int]) -> QuerySet:
    # A school's own people and the group's people who serve it, each with whether they
    # work there; the annotation last, where a raw row has it. The assignments probed are
    # those of these schools, as the school they are matched with is: PostgreSQL hashes
    # the assignments they probe, which without it were every assignment in the
    # database (ten of a hundred schools: 6.7 -> 1.7 ms of its CPU).
    # A person's hours added up in the query: one number a person to read rather than
    # four (the adapter makes each a Decimal; ten schools' 200 people, 0.5 ms).
    here = Assignment.objects.filter(school_id__in=school_ids)
    own = Person.objects.filter(school_id__in=school_ids).annotate(
        summed_hours=_hours_sum(""),
        works=Exists(here.filter(person=OuterRef("pk"), school=OuterRef("school_id"))),
    )
    shares = PersonSchool.objects.filter(
        school_id__in=school_ids, person__group_id=F("school__group_id")
    ).annotate(
        summed_hours=_hours_sum("person__"),
        works=Exists(here.filter(person=OuterRef("person_id"), school=OuterRef("school_id"))),
    )
    return (
        own.values_list("school_id", "pk", "summed_hours", "works")
        .order_by()
        .union(
            shares.values_list("school_id", "person_id", "summed_hours", "works").order_by(),
            all=True,
        )
    )


def _hours_sum(prefix: str) -> ExpressionWrapper:
    """A person's ``hours_available`` (the sum of ``PERSON_HOURS``) in the query."""
    first, *rest = (F(f"{prefix}{name}") for name in PERSON_HOURS)
    return ExpressionWrapper(
        sum(rest, start=first), output_field=DecimalField(max_digits=6, decimal_places=1)
    )


def _schools_task_counts(school_ids: list[int]) -> QuerySet:
    return _task_figures(ListTask.objects.filter(school_id__in=school_ids), "school_id")


def _schools_tasks(school_ids: list[int]) -> QuerySet:
    """The schools' entries, each with its school and whether it is a team task: the rows
    whose assignments ``lateral_task_sums`` counts."""
    return (
        ListTask.objects.filter(school_id__in=school_ids)
        .annotate(entry=F("pk"), owner_key=F("school_id"), total=flag(TEAM_TASK))
        .values_list("entry", "owner_key", "total")
        .order_by()
    )


@functools.cache
def lateral_task_sums() -> str:
    """``TASK_SUMS`` of ``_task_figures`` over ``_schools_tasks``, each entry's
    assignments counted by a ``LATERAL`` subquery through the index on their entry
    instead of one join hashed and grouped per entry: the same sums, in about two thirds
    of PostgreSQL's time (ten schools' lists, 6 -> 4 ms). The ORM does not write
    ``LATERAL``; SQLite has none (``_school_team_facts`` asks there as ``_task_figures``)."""
    quote = connection.ops.quote_name
    meta = Assignment._meta

    def column(name: str) -> str:
        return "held_by." + quote(meta.get_field(name).column)

    held = ", ".join(
        f"COUNT(*) FILTER (WHERE {column(field)}) AS {alias}"
        for field, alias in (
            ("decides", "deciding"),
            ("executes", "executing"),
            ("monitors", "monitoring"),
            ("lead", "leading"),
        )
    )
    return (
        "SELECT per_row.owner_key, SUM(per_row.total), "
        "SUM(CASE WHEN per_row.total = 1 AND held.executing > 0 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN held.assigned > 0 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN held.deciding > 0 AND held.executing > 0 AND held.monitoring > 0 "
        "AND held.leading > 0 THEN 1 ELSE 0 END) "
        "FROM ({rows}) per_row CROSS JOIN LATERAL ("
        f"SELECT COUNT(*) AS assigned, {held} FROM {quote(meta.db_table)} held_by "
        f"WHERE {column('list_task')} = per_row.entry"
        ") held GROUP BY per_row.owner_key"
    )


def _schools_groups(school_ids: list[int]) -> QuerySet:
    return _groups_and_agreements(
        ConsultationGroup.objects.filter(school_id__in=school_ids).values_list(
            "school_id", "kind", "group_link"
        ),
        Agreement.objects.filter(school_id__in=school_ids, in_place=True)
        .annotate(link=Value(None, output_field=TextField()))
        .values_list("school_id", "kind", "link"),
    )


def _school_team_facts(*, schools: list[School]) -> dict[int, TeamFacts]:
    """``_team_facts`` for many schools at once: three queries for any number, compiled
    once per process for each number of schools. Read as tuples: a group's schools have
    hundreds of people, and a model instance a person cost more than the rest of the
    checklist."""
    ids = [school.pk for school in schools]
    facts = {pk: TeamFacts([], 0, 0, 0, 0, set(), [], set()) for pk in ids}
    if not ids:
        return facts
    for school_id, pk, hours, working in compiled_rows(_schools_people, school_ids=ids):
        facts[school_id].people.append(PersonHours(pk, _decimal(hours)))
        if working:
            facts[school_id].working.add(pk)
    if connection.vendor == "postgresql":
        counts = compiled_rows(_schools_tasks, outer=lateral_task_sums(), school_ids=ids)
    else:
        counts = compiled_rows(_schools_task_counts, outer=TASK_SUMS, school_ids=ids)
    for school_id, total, executed, mandated, clear in counts:
        each = facts[school_id]
        each.tasks_total, each.tasks_executed = total, executed
        each.mandated, each.clear = mandated, clear
    for school_id, kind, link in compiled_rows(_schools_groups, school_ids=ids):
        _add_groups_and_agreements(facts[school_id], [(kind, link)])
    return facts


def team_checklist(*, plan: TransitionPlan, team: SchoolTeam | None = None) -> list[ChecklistRow]:
    """Step 7's team actions, checked off from the team builder's data where it can be.

    Two queries for a school and three for a group (``_team_facts``); one, the
    consultation groups and agreements, with the school's ``team`` read already. A
    group's agreements the team builder does not keep: for a group those are boxes to
    tick.
    """
    owner = plan.owner
    if team is None:
        facts = _team_facts(owner=owner)
    else:
        facts = _facts_of_team(team)
        _add_groups_and_agreements(facts, compiled_rows(_school_groups, school_id=owner.pk))
    return _checklist(plan=plan, facts=facts, links=team_links(owner=owner))


def school_team_checklists(*, plans: list[TransitionPlan]) -> dict[int, list[ChecklistRow]]:
    """``team_checklist`` for many schools' plans in three queries, by plan; without the
    links to the team builder, for pages that only count what is open."""
    schools = [plan.school for plan in plans]
    facts = _school_team_facts(schools=schools)
    return {
        plan.pk: _checklist(plan=plan, facts=facts[plan.school_id], links=NO_LINKS)
        for plan in plans
    }


def _checklist(
    *, plan: TransitionPlan, facts: TeamFacts, links: dict[str, str]
) -> list[ChecklistRow]:
    node = next(node for node in FLOWCHART.nodes if node.work == WORK_TEAM)
    people = facts.people
    kinds = {kind for kind, _link in facts.groups}
    linked = {kind for kind, link in facts.groups if link.strip()}
    people_working = [p for p in people if p.pk in facts.working]
    hours_ok = bool(people_working) and all(p.hours_available > 0 for p in people_working)
    three = [
        ConsultationKind.POLICY_TEAM,
        ConsultationKind.DAILY_TECHNICAL,
        ConsultationKind.SOUNDING_BOARD,
    ]
    with_hours = sum(1 for p in people_working if p.hours_available > 0)
    computed: dict[str, tuple[bool, str, str]] = {
        "team_assembled": (
            len(people) >= 2,
            ngettext("%(n)d person in the team", "%(n)d people in the team", len(people))
            % {"n": len(people)},
            links["team"],
        ),
        "tasks_divided": (
            facts.tasks_total > 0 and facts.tasks_executed == facts.tasks_total,
            _("%(done)d of %(total)d tasks have someone who executes them")
            % {"done": facts.tasks_executed, "total": facts.tasks_total},
            links["matrix"] or links["team"],
        ),
        "hours_granted": (
            hours_ok,
            _("%(done)d of %(total)d people with tasks have hours for them")
            % {"done": with_hours, "total": len(people_working)},
            links["team"],
        ),
        "mandates": (
            facts.mandated > 0 and facts.clear == facts.mandated,
            _(
                "%(done)d of %(total)d assigned tasks have someone who decides, executes, "
                "directs and follows up, and leads"
            )
            % {"done": facts.clear, "total": facts.mandated},
            links["mandates"] or links["team"],
        ),
        "policy_team": (ConsultationKind.POLICY_TEAM in kinds, "", links["consultation"]),
        "daily_technical": (
            ConsultationKind.DAILY_TECHNICAL in kinds,
            "",
            links["consultation"],
        ),
        "sounding_board": (ConsultationKind.SOUNDING_BOARD in kinds, "", links["consultation"]),
        "group_link": (
            all(kind in linked for kind in three),
            _("%(done)d of 3 groups linked to the group level")
            % {"done": sum(1 for kind in three if kind in linked)},
            links["consultation"],
        ),
    }
    if facts.agreements is not None:
        for key in ("knowledge_sharing", "backup", "documentation"):
            computed[key] = (key in facts.agreements, "", links["agreements"])
    rows = []
    for item in node.checklist:
        if item.key in computed:
            done, detail, link = computed[item.key]
            rows.append(ChecklistRow(item, done, computed=True, detail=detail, link=link))
        else:
            ticked = plan.checklist.get(item.key)
            rows.append(ChecklistRow(item, bool(ticked), ticked=ticked))
    return rows
