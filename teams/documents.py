"""The documents the team builder produces, as pages and as PDFs.

- a role description per person (tasks by cluster with mandates and hours, competences
  asked, backups, consultation groups, contact points);
- a vacancy text for the tasks nobody capable can take (chapter 1's profiles);
- a team overview: the mandate matrix and the report's team model (Figure 5);
- the division of tasks as a workbook (see ``teams.workbook``).

Every document has a context builder that runs a fixed number of queries whatever the
team size, and one HTML body template shared by the browser page and the PDF, so what
a user reads on screen is what they print. ``school_documents`` lists every document of
a school for ``export_documents`` and the zip download.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import router
from django.db import transaction
from django.db.models import CharField
from django.db.models import DateTimeField
from django.db.models import DecimalField
from django.db.models import F
from django.db.models import IntegerField
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.changes import kept_by_token
from schools.compiled import compiled_rows
from schools.compiled import row_instance
from schools.concurrency import claim
from schools.documents import render_pdf
from schools.kept import Kept
from schools.models import School
from tasks.models import TEXT_LANGUAGES
from tasks.models import Cluster
from tasks.models import Competence
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.selectors import cluster_rank
from teams.models import Assignment
from teams.models import Level
from teams.models import Person
from teams.models import PersonRole
from teams.models import Vacancy
from teams.models import VacancyProfile
from teams.selectors import MANDATE_LABELS
from teams.selectors import MANDATE_LETTERS
from teams.selectors import MANDATES
from teams.selectors import competence_profile
from teams.selectors import mandate_code
from teams.selectors import person_profile
from teams.selectors import team_gaps
from teams.selectors import team_people
from teams.selectors.health import team_tasks_by_entry
from teams.selectors.people import team_persons

# --------------------------------------------------------------------------- reads


def _team_name_rows(school_id: int, group_id: int) -> QuerySet:
    school = School(pk=school_id, group_id=group_id)
    return team_persons(school=school).order_by("name").values_list("id", "name")


def team_names(*, school: School) -> list[Person]:
    """The team's people by name with only their names (the rest deferred, as ``only()``
    defers it), for the links to their role descriptions. One query, compiled once per
    process: building the team's filter cost Django more than running it."""
    rows = compiled_rows(_team_name_rows, school_id=school.pk, group_id=school.group_id)
    db = router.db_for_read(Person)
    return [row_instance(Person, ("id", "name"), row, db) for row in rows]


# Every field of a person: a role description reads their roles, hours and levels.
_PERSON_FIELDS = tuple(field.attname for field in Person._meta.concrete_fields)


def _school_person_rows(school_id: int, person_id: int) -> QuerySet:
    return Person.objects.filter(school_id=school_id, pk=person_id).values_list(*_PERSON_FIELDS)


def school_person(*, school: School, pk: int) -> Person | None:
    """The school's own person ``pk`` (not a group-level one), or None. ``school`` is one
    the reader may see (``get_school_or_404``), so its people are theirs to read. One
    query, compiled once per process: Django took longer to build it than to run it."""
    rows = compiled_rows(_school_person_rows, convert=True, school_id=school.pk, person_id=pk)
    db = router.db_for_read(Person)
    return row_instance(Person, _PERSON_FIELDS, rows[0], db) if rows else None


def _vacancy_link_rows(school_id: int) -> QuerySet:
    return Vacancy.objects.filter(school_id=school_id).values_list(*VACANCY_LINK_FIELDS)


# What the documents page shows of a drafted vacancy: its link, title and hours.
VACANCY_LINK_FIELDS = ("id", "title", "hours")


def vacancy_links(*, school: School) -> list[Vacancy]:
    """The school's drafted vacancies, the latest first, with only what their links show
    (the rest deferred, as ``only()`` defers it): one query, compiled once per process."""
    rows = compiled_rows(_vacancy_link_rows, convert=True, school_id=school.pk)
    db = router.db_for_read(Vacancy)
    return [row_instance(Vacancy, VACANCY_LINK_FIELDS, row, db) for row in rows]


# The kinds of row of ``_document_link_rows``.
_PERSON_LINK, _VACANCY_LINK, _EXECUTING = 0, 1, 2


def _document_link_rows(school_id: int, group_id: int) -> QuerySet:
    """Rows (kind, id, name or title, hours, created, entry) of the documents page's
    links: the team's people by name (``_team_name_rows``), then the school's drafted
    vacancies latest first (``_vacancy_link_rows``); then who executes which of the
    school's tasks (a person's id, the entry's id), as ``team_gaps`` reads them for the
    gaps. One query for the three: its round trip and plan cost the page more than their
    rows."""

    def kind(value: int) -> Value:
        return Value(value, output_field=IntegerField())

    columns = ("link_kind", "link_id", "link_text", "link_hours", "link_made", "link_entry")
    hours = Vacancy._meta.get_field("hours")
    no_hours = Value(
        None,
        output_field=DecimalField(max_digits=hours.max_digits, decimal_places=hours.decimal_places),
    )
    no_time = Value(None, output_field=DateTimeField())
    # Typed: PostgreSQL types a union's column from its first two branches, and two
    # bare NULLs make a text column the entries' ids do not fit.
    no_entry = Cast(Value(None), output_field=IntegerField())
    people = (
        team_persons(school=School(pk=school_id, group_id=group_id))
        .annotate(
            link_kind=kind(_PERSON_LINK),
            link_id=F("pk"),
            link_text=F("name"),
            link_hours=no_hours,
            link_made=no_time,
            link_entry=no_entry,
        )
        .values_list(*columns)
        .order_by()
    )
    vacancies = (
        Vacancy.objects.filter(school_id=school_id)
        .annotate(
            link_kind=kind(_VACANCY_LINK),
            link_id=F("pk"),
            link_text=F("title"),
            link_hours=F("hours"),
            link_made=F("created"),
            link_entry=no_entry,
        )
        .values_list(*columns)
        .order_by()
    )
    # Not joined to the people for their names: the people's rows above are in that
    # order already (joined, PostgreSQL hashed all the group's 2,000 people for them).
    executing = (
        Assignment.objects.filter(school_id=school_id, executes=True)
        .annotate(
            link_kind=kind(_EXECUTING),
            link_id=F("person_id"),
            link_text=Value(None, output_field=CharField()),
            link_hours=no_hours,
            link_made=no_time,
            link_entry=F("list_task_id"),
        )
        .values_list(*columns)
        .order_by()
    )
    # A person's rows have no time, so they come by name; a vacancy's latest first.
    return people.union(vacancies, executing, all=True).order_by(
        "link_kind", "-link_made", "link_text"
    )


class DocumentLinks(NamedTuple):
    """The documents page's links, and who executes what for its gaps (``team_gaps``)."""

    people: list[Person]
    vacancies: list[Vacancy]
    # (entry id, person id) of each assignment that executes a task of the school, by
    # the person's name.
    executing: list[tuple[int, int]]


def document_links(*, school: School) -> DocumentLinks:
    """``team_names``, ``vacancy_links`` and who executes what in one query, compiled
    once per process: the same people and vacancies, each with only what its link
    shows."""
    rows = compiled_rows(
        _document_link_rows, convert=True, school_id=school.pk, group_id=school.group_id
    )
    people = router.db_for_read(Person)
    vacancies = router.db_for_read(Vacancy)
    by_name = {row[1]: i for i, row in enumerate(r for r in rows if r[0] == _PERSON_LINK)}
    return DocumentLinks(
        [
            row_instance(Person, ("id", "name"), (pk, text), people)
            for kind, pk, text, _hours, _made, _entry in rows
            if kind == _PERSON_LINK
        ],
        [
            row_instance(Vacancy, VACANCY_LINK_FIELDS, (pk, text, hours), vacancies)
            for kind, pk, text, hours, _made, _entry in rows
            if kind == _VACANCY_LINK
        ],
        # By the person's name as the team's rows have it, as ``team_gaps`` reads them
        # (a person outside the team executes nothing the gaps count).
        sorted(
            (
                (entry, pk)
                for kind, pk, _text, _hours, _made, entry in rows
                if kind == _EXECUTING and pk in by_name
            ),
            key=lambda pair: by_name[pair[1]],
        ),
    )


# The gap tasks by (school, change token, language): the same until a row changes.
_GAP_TASKS: Kept[tuple, list[ListTask]] = Kept(64)


def gap_tasks(*, school: School, executing: list[tuple[int, int]] | None = None) -> list[ListTask]:
    """``team_gap_tasks``, kept by the school's change token (one query while no row of
    the school changed since). Kept entries are shared: read, never changed."""
    return kept_by_token(
        _GAP_TASKS,
        school,
        lambda: team_gap_tasks(school=school, executing=executing),
        get_language(),
    )


def team_gap_tasks(
    *, school: School, executing: list[tuple[int, int]] | None = None
) -> list[ListTask]:
    """Tasks the team cannot cover: nobody who executes them has the competences they need.

    The team's tasks (``selectors.team_tasks``: applying, not dropped, not central) with no
    executor whose competence levels cover the task's needs (``selectors.team_gaps``),
    except outsourced tasks: an external firm covers those, not a new colleague. Core
    tasks come first, the school cannot do without them. Each entry carries ``gap``
    (the ``TeamGap``: its executors and the team members who could take it). Three
    queries, two with ``executing`` (who executes what, ``document_links``) read already.
    """
    gaps = [
        gap
        for gap in team_gaps(owner=school, executing=executing)
        if gap.entry.level != ListLevel.OUTSOURCED
    ]
    entries = []
    for gap in gaps:
        gap.entry.gap = gap
        entries.append(gap.entry)
    # A stable sort keeps the catalogue order within core and non-core tasks.
    return sorted(entries, key=lambda entry: not entry.task.is_core)


# ------------------------------------------------------------------------ mandates


def mandate_labels(assignment: Assignment) -> list[str]:
    return [str(MANDATE_LABELS[name]) for name in MANDATES if getattr(assignment, name)]


def mandate_legend() -> list[tuple[str, str]]:
    return [(MANDATE_LETTERS[name], str(MANDATE_LABELS[name])) for name in MANDATES]


# ---------------------------------------------------------------- role description


def _document_header(school: School) -> dict:
    return {"school": school, "today": timezone.localdate()}


def role_description_context(*, school: School, person: Person) -> dict:
    """Everything a person's role description shows. Five queries whatever the team size.

    Built on ``selectors.person_profile`` (tasks by cluster, backups, consultation
    groups, competences asked, the tasks' leads with their contact details).
    """
    profile = person_profile(school=school, person=person)
    mine = profile.assignments
    for assignment in mine:
        assignment.mandate_letters = mandate_code(assignment)
        assignment.mandate_labels = mandate_labels(assignment)
    contacts: dict[int, dict] = {}
    for lead in profile.leads:
        if lead.person_id == person.pk:
            continue
        contact = contacts.setdefault(lead.person_id, {"person": lead.person, "tasks": []})
        contact["tasks"].append(lead.list_task.task)
    levels = {row["cluster"]: row for row in competence_profile(person)}
    competences = []
    for key in profile.competences_asked:
        needing = [a for a in mine if key in a.list_task.task.competences]
        competences.append(
            {
                "label": Competence(key).label,
                "tasks": len(needing),
                "own_level": levels[key]["level_label"],
                "covered": levels[key]["level"] > Level.NONE,
            }
        )
    specialisations = sorted(
        {
            str(a.list_task.task.get_specialisation_display())
            for a in mine
            if a.list_task.task.specialisation
        }
    )
    return {
        **_document_header(school),
        "person": person,
        "member": profile.member,
        "roles": person.get_role_labels(),
        "hours_available": profile.member.hours_available,
        "hours_assigned": profile.hours,
        "clusters": profile.clusters,
        "competences": competences,
        "specialisations": specialisations,
        "backed_up_by": [a for a in mine if a.backup_id],
        "without_backup": [a for a in mine if a.executes and not a.backup_id],
        "backing_up": sorted(
            profile.backs_up, key=lambda a: (a.person.name, a.list_task.task.code)
        ),
        "consultation_groups": profile.consultation_groups,
        "contacts": sorted(contacts.values(), key=lambda c: c["person"].name),
        "legend": mandate_legend(),
    }


# --------------------------------------------------------------------- team overview


def _node(people: list[Person], limit: int = 3) -> dict:
    """A box in the team model figure: the first names to show and how many more."""
    names = [p.name for p in people]
    return {"names": names[:limit], "more": max(0, len(names) - limit), "all": names}


def team_model(*, school: School, people: list[Person]) -> dict:
    """The report's Figure 5 filled with the school's people.

    The policy triangle (management, technical and pedagogical ICT coordinator) at school
    and at group level, the supporting services and external partners around the technical
    coordinator, and teachers, students and parents as sounding board.
    """

    def having(*roles: str, group_level: bool | None = None) -> list[Person]:
        return [
            p
            for p in people
            if set(roles) & set(p.roles)
            and (group_level is None or (p.group_id is not None) == group_level)
        ]

    technical = (PersonRole.TECHNICAL_COORDINATOR, PersonRole.HEAD_OF_ICT)
    return {
        "group_name": school.group.name,
        "school_name": school.name,
        "group": {
            "management": _node(having(PersonRole.MANAGEMENT, group_level=True), 2),
            "technical": _node(having(*technical, group_level=True), 2),
            "pedagogical": _node(having(PersonRole.PEDAGOGICAL_COORDINATOR, group_level=True), 2),
        },
        "school": {
            "management": _node(having(PersonRole.MANAGEMENT, group_level=False)),
            "technical": _node(having(*technical, group_level=False)),
            "pedagogical": _node(having(PersonRole.PEDAGOGICAL_COORDINATOR, group_level=False)),
        },
        "support": {
            "administrative": _node(having(PersonRole.ADMINISTRATIVE), 2),
            "building": _node(having(PersonRole.BUILDING_MANAGER), 1),
            "external": _node(having(PersonRole.EXTERNAL), 2),
        },
        "sounding": {
            "teachers": _node(having(PersonRole.DIGICOACH), 2),
            "students": _node(having(PersonRole.STUDENT), 1),
            "parents": _node(having(PersonRole.PARENT), 2),
        },
    }


def mandate_holders(holders: Iterable[tuple[str, str]]) -> str:
    """Who holds which mandate on one task, as the matrix page's letters: "Tom Claes (DEL),
    Sofie Peeters (M)", from (name, letters) pairs in the team's order. One line of text
    where a tasks x people grid has a cell per person, most of them empty."""
    return ", ".join(f"{name} ({code})" for name, code in holders)


# What the overview shows of a task: the catalogue's other texts, in two languages each,
# cost more to load than the page takes to write.
OVERVIEW_TASK_FIELDS = (
    "id",
    "code",
    "cluster",
    "is_core",
    *(f"title_{code}" for code in TEXT_LANGUAGES),
)
# The mandates' letters in the order of ``MANDATES``, as ``mandate_code`` writes them.
_LETTERS = tuple(MANDATE_LETTERS[name] for name in MANDATES)


def _overview_assignment_rows(school_id: int):
    # Compiled once a process (``compiled_rows``): Django took longer to build and compile
    # the query than the database to run it. The mandates are read as the database
    # returns them, true or false by their truth. Unordered: each task's holders are
    # sorted in the team's order below, and ``Assignment.Meta.ordering`` (the task's code,
    # the person's name) joined two tables for nothing.
    return (
        Assignment.objects.filter(school_id=school_id)
        .order_by()
        .values_list("list_task_id", "person_id", *MANDATES)
    )


# The team overview's division of tasks by (school, change token, language): the same
# until a row of the school changes. At most 64 schools (about 0.2 MB each).
_OVERVIEWS: Kept[tuple, dict] = Kept(64)


def team_overview_context(*, school: School) -> dict:
    """The division of tasks (who holds which mandate, D/E/M/L, per task) and the team
    model. One query (the school's change token) while the division worked out from the
    school's rows is kept (``_OVERVIEWS``); else four. The team model, which names the
    school's group, is drawn from the kept people on every call."""
    division = kept_by_token(
        _OVERVIEWS, school, lambda: _division_of_tasks(school=school), get_language()
    )
    return {
        **_document_header(school),
        **division,
        "model": team_model(school=school, people=division["people"]),
    }


def _division_of_tasks(*, school: School) -> dict:
    """``team_overview_context``'s rows and people, from the database (three queries).

    The matrix page's rows and people (``selectors.team_tasks``, ``selectors.team_people``),
    but printed as one row per task naming its holders, a table per cluster, rather than
    as the tasks x people grid of the matrix page: the grid's cells are mostly empty, yet
    each one is laid out, and a team wider than a page needs the grid cut into blocks of
    people. So the grid is not built either: each task's assignments are read once and
    named in the team's order. The people, with their hours and number of tasks, come
    first, as the grid's column heads showed them.
    """
    members = team_people(school=school)
    position = {member.pk: index for index, member in enumerate(members)}
    names = [member.person.name for member in members]
    # Only each entry's id and its task's names and flags are read here.
    entries = team_tasks_by_entry(school=school, task_fields=OVERVIEW_TASK_FIELDS)
    listed = {entry_id for entry_id, _task in entries}
    held: dict[int, list[tuple[int, str]]] = {}
    tasks_held = [0] * len(members)
    # The mandates come in a handful of combinations: each one's letters written once.
    codes: dict[tuple, str] = {}
    # Every assignment of the school, as plain rows, those of the team's tasks kept.
    for list_task_id, person_id, *mandates in compiled_rows(
        _overview_assignment_rows, school_id=school.pk
    ):
        index = position.get(person_id)
        # As the matrix: an assignment of someone outside the team has no column.
        if index is None or list_task_id not in listed:
            continue
        tasks_held[index] += 1
        flags = tuple(mandates)
        code = codes.get(flags)
        if code is None:
            code = codes[flags] = "".join(
                letter for letter, on in zip(_LETTERS, flags, strict=True) if on
            )
        held.setdefault(list_task_id, []).append((index, code))
    labels = dict(Cluster.choices)
    clusters: dict[str, dict] = {}
    for entry_id, task in entries:
        cluster = task.cluster
        if cluster not in clusters:
            clusters[cluster] = {"label": labels.get(cluster, cluster), "rows": []}
        holders = sorted(held.get(entry_id, ()))
        clusters[cluster]["rows"].append(
            {
                "task": task,
                "unassigned": not holders,
                "holders": mandate_holders((names[index], code) for index, code in holders),
            }
        )
    people = [member.person for member in members]
    return {
        "people": people,
        "members": [
            {"member": member, "tasks": tasks_held[index]} for index, member in enumerate(members)
        ],
        "task_count": len(entries),
        "clusters": list(clusters.values()),
        "legend": mandate_legend(),
    }


# -------------------------------------------------------------------------- vacancies

# Chapter 1, "Competences per cluster": what each cluster asks of a person.
CLUSTER_COMPETENCES = {
    Cluster.TECHNICAL: [
        gettext_lazy(
            "Technical knowledge: electronics, infrastructure, basic programming, network "
            "management; able to respond quickly when the network breaks down."
        ),
        gettext_lazy(
            "A specialisation is a plus: network management, software, hardware, the "
            "learning platform, office software, the help desk, cyber security."
        ),
        gettext_lazy("Open to further training and retraining in a fast-changing field."),
    ],
    Cluster.PEDAGOGICAL: [
        gettext_lazy(
            "Teaching experience or pedagogical knowledge, preferably an initial teacher "
            "education, and insight into the school's educational vision."
        ),
        gettext_lazy(
            "A strong technical basis or interest: knowledge of digital tools for "
            "educational innovation and the courage to try out new programmes."
        ),
    ],
    Cluster.POLICY: [
        gettext_lazy("Analytical thinking: analyse data and make well-reasoned decisions."),
        gettext_lazy("Keeping an overview: a helicopter view for long-term planning and policy."),
        gettext_lazy(
            "Social skills and change management: explain technical matters clearly, get "
            "colleagues to cooperate, create support and carry changes through."
        ),
    ],
    Cluster.ADMINISTRATIVE: [
        gettext_lazy("An aptitude and interest in everything to do with ICT."),
    ],
}

GENERIC_COMPETENCES = [
    gettext_lazy("communicative"),
    gettext_lazy("flexible"),
    gettext_lazy("stress resistant"),
    gettext_lazy("discreet"),
    gettext_lazy("team-oriented"),
    gettext_lazy("innovative"),
    gettext_lazy("creative"),
    gettext_lazy("independent"),
    gettext_lazy("dynamic"),
    gettext_lazy("empathic"),
    gettext_lazy("eager to learn"),
    gettext_lazy("responsible"),
    gettext_lazy("organisational"),
]

# Chapter 1: bachelor level for technical knowledge, master level for policy profiles, a
# secondary education diploma for administrative tasks, and an initial teacher education
# recommended for the pedagogical-didactical tasks.
PROFILE_DIPLOMA = {
    VacancyProfile.TECHNICAL: gettext_lazy("Bachelor (technical knowledge at bachelor level)"),
    VacancyProfile.PEDAGOGICAL: gettext_lazy("Bachelor with an initial teacher education"),
    VacancyProfile.POLICY: gettext_lazy("Master"),
    VacancyProfile.ADMINISTRATIVE: gettext_lazy("Secondary education diploma"),
}

# Chapter 1, "Two types of ICT coordinators" (and "Competences per cluster", chapter 2's
# "Administration"): the report's own one-line description of each profile.
PROFILE_DESCRIPTION = {
    VacancyProfile.TECHNICAL: gettext_lazy(
        "The technical ICT coordinator combines very strong technical competences with the "
        "necessary policy-making and administrative skills."
    ),
    VacancyProfile.PEDAGOGICAL: gettext_lazy(
        "The pedagogical ICT coordinator is mainly pedagogically strong, with a strong "
        "technical basis or interest, and also policy and administrative skills."
    ),
    VacancyProfile.POLICY: gettext_lazy(
        "Policy and vision ask for analytical thinking, the ability to maintain an overview "
        "and social skills; these are usually profiles at master level."
    ),
    VacancyProfile.ADMINISTRATIVE: gettext_lazy(
        "Administrative staff support the technical and administrative tasks, so that the "
        "ICT coordinator can focus on core ICT operations."
    ),
}

# Chapter 1 "Resources for ICT coordination": which hours pay for each profile, and the
# appointment ICT hours allow ("ICT coordinators who hold this position can be
# permanently appointed. They are part of the support staff.").
PROFILE_TERMS = {
    VacancyProfile.TECHNICAL: gettext_lazy(
        "A post in the support staff, paid from the school's ICT hours (the ICT coordination "
        "credit envelope); a permanent appointment is possible. Your diploma level sets how "
        "many credits the post costs, and so its hours."
    ),
    VacancyProfile.PEDAGOGICAL: gettext_lazy(
        "BPT hours (hours for special pedagogical tasks), possibly with ICT hours in the "
        "support staff, where a permanent appointment is possible. Ideally you also teach "
        "part-time."
    ),
    VacancyProfile.POLICY: gettext_lazy(
        "ICT hours in the support staff, where a permanent appointment is possible, together "
        "with the ICT policy team of management and the ICT coordinators."
    ),
    VacancyProfile.ADMINISTRATIVE: gettext_lazy(
        "Other hours of the administrative staff (hours for administrative and policy "
        "support), or ICT hours in the support staff once the ICT coordinator has set up the "
        "structure."
    ),
}

PROFILE_CLUSTER = {
    VacancyProfile.TECHNICAL: Cluster.TECHNICAL,
    VacancyProfile.PEDAGOGICAL: Cluster.PEDAGOGICAL,
    VacancyProfile.POLICY: Cluster.POLICY,
    VacancyProfile.ADMINISTRATIVE: Cluster.ADMINISTRATIVE,
}

# A vacancy is at most one full-time post in Flemish education.
FULL_TIME_HOURS = Decimal("38")


def vacancy_profile(tasks: Iterable[ListTask]) -> str:
    """The chapter 1 profile that fits a set of tasks best: the cluster most of them
    belong to. Pedagogical tasks that also need technical competences stay with the
    pedagogical ICT coordinator, whom the report wants "with a strong technical basis";
    ties go to the report's order: technical, pedagogical, policy, administrative.
    """
    score = dict.fromkeys(VacancyProfile.values, 0)
    profile_of = {cluster: profile for profile, cluster in PROFILE_CLUSTER.items()}
    for entry in tasks:
        score[profile_of[entry.task.cluster]] += 1
    order = [
        VacancyProfile.TECHNICAL,
        VacancyProfile.PEDAGOGICAL,
        VacancyProfile.POLICY,
        VacancyProfile.ADMINISTRATIVE,
    ]
    return max(order, key=lambda profile: (score[profile], -order.index(profile)))


# ------------------------------------------------------------ hours the school sets

# The hours a school recorded for ICT coordination live in its transition plan (step 4,
# in ``guidelines``), a floor above teams. Teams never reads them itself: a caller
# above passes ``hours`` in, and the top floor plugs its reader in here at start-up
# (``overview.apps``) so the team's own pages can prefill the hours too.
HoursReader = Callable[[School], Decimal | None]
_free_hours_reader: HoursReader | None = None


def set_free_hours_reader(reader: HoursReader | None) -> None:
    """Install the reader of a school's unassigned ICT-coordination hours (or remove it)."""
    global _free_hours_reader
    _free_hours_reader = reader


def free_hours(*, school: School) -> Decimal | None:
    """The hours per week the school recorded for ICT coordination and has not given to
    anyone yet, or None when it recorded none. Never an estimate per task: a post's
    hours are the school's choice, from its own resources."""
    if _free_hours_reader is None:
        return None
    hours = _free_hours_reader(school)
    if hours is None:
        return None
    return min(max(hours, Decimal("0")), FULL_TIME_HOURS)


def _vacancy_tasks_by_cluster(tasks: list[ListTask]) -> list[dict]:
    groups: dict[str, list] = {value: [] for value in Cluster.values}
    for entry in tasks:
        groups[entry.task.cluster].append(entry.task)
    return [
        {"label": Cluster(value).label, "tasks": items} for value, items in groups.items() if items
    ]


def vacancy_text(*, school: School, profile: str, tasks: list[ListTask]) -> str:
    """The editable plain text of a vacancy: the school, the team, tasks, competences.

    Hours and diploma are fields of the vacancy, shown beside the text, so editing
    them never leaves a stale number in the text.
    """
    needed_clusters = {entry.task.cluster for entry in tasks} | {PROFILE_CLUSTER[profile]}
    for entry in tasks:
        # Competence keys are the cluster keys: a needed competence asks for its cluster.
        needed_clusters |= set(entry.task.competences)
    if profile == VacancyProfile.PEDAGOGICAL:
        # Chapter 1 asks the pedagogical ICT coordinator a strong technical basis or
        # interest (in the pedagogical list), not the technical coordinator's knowledge.
        needed_clusters.discard(Cluster.TECHNICAL)
    label = str(VacancyProfile(profile).label)
    lines = [
        _(
            "%(school)s (%(level)s, %(pupils)d pupils) is looking for a new colleague in its "
            "ICT team: a %(profile)s."
        )
        % {
            "school": school.name,
            "level": school.get_education_level_display(),
            "pupils": school.pupils,
            "profile": label[:1].lower() + label[1:],
        },
        "",
        _("The team"),
        _(
            "You join a team that shares ICT coordination: the ICT policy team of management, "
            "technical and pedagogical ICT coordinators works with the support services and "
            "external partners, and with teachers, students and parents as sounding board. "
            "Tasks are divided on expertise and talent, with clear mandates: who decides, who "
            "executes, who directs and follows up, and who is lead and contact point."
        ),
        "",
        _("Your tasks"),
    ]
    for group in _vacancy_tasks_by_cluster(tasks):
        lines.append(f"{group['label']}:")
        for task in group["tasks"]:
            core = " ({})".format(_("core task")) if task.is_core else ""
            lines.append(f"- {task.title}{core}")
    lines += ["", _("What we ask")]
    for value, label in Cluster.choices:
        if value in needed_clusters:
            lines.append(f"{label}:")
            lines.extend(f"- {item}" for item in CLUSTER_COMPETENCES[value])
    lines.append(
        _("Generic competences: %(list)s.")
        % {"list": ", ".join(str(item) for item in GENERIC_COMPETENCES)}
    )
    return "\n".join(lines)


def vacancy_plain_text(vacancy: Vacancy) -> str:
    """The vacancy as plain text for a job site: title, facts, then every part."""
    # The labels outside the f-strings: xgettext does not read inside their braces.
    profile, hours, diploma, start = (
        _("Profile"),
        _("Hours per week"),
        _("Diploma level"),
        _("Start date"),
    )
    facts = [
        vacancy.title,
        f"{profile}: {vacancy.get_profile_display()}",
        f"{hours}: {vacancy.hours.normalize():f}",
    ]
    if vacancy.diploma:
        facts.append(f"{diploma}: {vacancy.diploma}")
    facts.append(f"{start}: {_start(vacancy)}")
    parts = ["\n".join(facts)]
    if vacancy.profile_text.strip():
        parts.append(vacancy.profile_text.strip())
    parts.append(vacancy.text.strip())
    for heading, body in (
        (_("What we offer"), vacancy.terms),
        (_("Contact"), vacancy.contact),
        (_("How to apply"), vacancy.how_to_apply),
    ):
        if body.strip():
            parts.append(f"{heading}\n{body.strip()}")
    return "\n\n".join(part for part in parts if part) + "\n"


def _start(vacancy: Vacancy) -> str:
    if vacancy.start_date is None:
        return str(_("by arrangement"))
    return date_format(vacancy.start_date, "SHORT_DATE_FORMAT")


def school_level_only(tasks: Iterable[ListTask]) -> tuple[list[ListTask], list[ListTask]]:
    """A school's vacancy holds the tasks at its own level; the tasks it places at the
    school group are for the group to recruit for (chapter 2: the group pools the hours
    and attracts its own ICT people). Returns (school-level tasks, group-level tasks)."""
    own, group = [], []
    for entry in tasks:
        (group if entry.level == ListLevel.SCHOOL_GROUP else own).append(entry)
    return own, group


def _contact_person(school: School) -> Person | None:
    """Who answers questions about the post: the school's director with the ICT focus."""
    # Roles are a JSON list, which not every database can search: pick in Python.
    return next(
        (
            person
            for person in Person.objects.filter(school=school).order_by("name")
            if PersonRole.MANAGEMENT in person.roles
        ),
        None,
    )


def _application(school: School) -> dict[str, str]:
    """The vacancy's ``contact`` and ``how_to_apply``: the school's director, else its
    management."""
    director = _contact_person(school)
    if director is None:
        return {
            "contact": school.name,
            "how_to_apply": _(
                "Send a letter of motivation and your CV to the school's management."
            ),
        }
    lines = [f"{director.name}, {school.name}"]
    lines += [value for value in (director.email, director.phone) if value]
    how = (
        _("Send a letter of motivation and your CV by e-mail to %(email)s.")
        % {"email": director.email}
        if director.email
        else _("Send a letter of motivation and your CV to %(name)s.") % {"name": director.name}
    )
    how += " " + _("We invite suitable candidates for an interview.")
    return {"contact": "\n".join(lines), "how_to_apply": how}


@transaction.atomic
def vacancy_draft(
    *,
    school: School,
    tasks: Iterable[ListTask] | None = None,
    hours: Decimal | None = None,
    start_date: datetime.date | None = None,
) -> Vacancy:
    """Draft a vacancy for tasks the team cannot cover, every part editable afterwards.

    By default the gap tasks nobody in the team could take (``gap.nobody_capable``):
    a gap someone capable could fill is solved by assigning it, not by hiring. Only
    tasks at the school's own level: group-level tasks are left out and named in the
    internal note. Picks the chapter 1 profile with the report's description of it,
    the diploma level and the employment terms. ``hours`` are the school's: what the
    caller passes, else the unassigned hours step 4 recorded (``free_hours``), else 0
    for the school to fill in. Refuses tasks of another school's list and an empty set.
    """
    if tasks is None:
        chosen = [entry for entry in gap_tasks(school=school) if entry.gap.nobody_capable]
    else:
        chosen = list(tasks)
    if any(entry.school_id != school.pk for entry in chosen):
        raise ValidationError(_("A vacancy can only hold tasks of the school's own list."))
    chosen, group_level = school_level_only(chosen)
    if not chosen:
        if group_level:
            raise ValidationError(
                _(
                    "These tasks are organised at school group level: the school group "
                    "recruits for them."
                )
            )
        raise ValidationError(_("There are no tasks the team cannot cover."))
    profile = vacancy_profile(chosen)
    if hours is None:
        hours = free_hours(school=school)
    note = ""
    if group_level:
        note = _(
            "Left out, organised at school group level (for the group's own vacancy): %(tasks)s."
        ) % {"tasks": ", ".join(f"{e.task.code} {e.task.title}" for e in group_level)}
    vacancy = Vacancy(
        school=school,
        title=(
            _("%(profile)s at %(school)s")
            % {"profile": VacancyProfile(profile).label, "school": school.name}
        )[:200],
        profile=profile,
        hours=hours if hours is not None else Decimal("0"),
        diploma=str(PROFILE_DIPLOMA[profile]),
        profile_text=str(PROFILE_DESCRIPTION[profile]),
        text=vacancy_text(school=school, profile=profile, tasks=chosen),
        terms=str(PROFILE_TERMS[profile]),
        start_date=start_date,
        note=note,
        **_application(school),
    )
    vacancy.full_clean()
    vacancy.save()
    vacancy.tasks.set(chosen)
    return vacancy


# The parts of a vacancy the school edits before it posts it.
VACANCY_PARTS = (
    "title",
    "profile",
    "profile_text",
    "hours",
    "diploma",
    "start_date",
    "text",
    "terms",
    "contact",
    "how_to_apply",
    "note",
)


@transaction.atomic
def vacancy_update(*, vacancy: Vacancy, version: str | None = None, **parts) -> Vacancy:
    """Save the school's edits to any part of a vacancy (``VACANCY_PARTS``).

    ``version``: the one the form was loaded from (``schools/concurrency.py``).
    """
    unknown = set(parts) - set(VACANCY_PARTS)
    if unknown:
        raise TypeError(f"Not a part of a vacancy: {', '.join(sorted(unknown))}")
    claim(vacancy, version)
    for name, value in parts.items():
        setattr(vacancy, name, value)
    vacancy.full_clean()
    vacancy.save()
    return vacancy


def text_blocks(text: str) -> list[dict]:
    """The editable plain text of a vacancy as blocks for a printed layout.

    The text stays plain so that it copies to any job site; on the page and in the PDF
    a short first line of a paragraph reads as a heading, a line ending in a colon as a
    subheading, and lines starting with "- " as a list.
    """
    blocks: list[dict] = []
    for paragraph in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in paragraph.split("\n") if line.strip()]
        for index, line in enumerate(lines):
            if line.startswith("- "):
                if not blocks or blocks[-1]["kind"] != "list":
                    blocks.append({"kind": "list", "items": []})
                blocks[-1]["items"].append(line[2:].strip())
            elif line.endswith(":") and len(line) <= 80:
                blocks.append({"kind": "subheading", "text": line[:-1]})
            elif index == 0 and len(lines) > 1 and len(line) <= 60 and line[-1] not in ".!?":
                blocks.append({"kind": "heading", "text": line})
            else:
                blocks.append({"kind": "paragraph", "text": line})
    return blocks


def vacancy_context(*, vacancy: Vacancy) -> dict:
    """A vacancy page or PDF. Two queries (the vacancy's tasks and the vacancy itself)."""
    tasks = list(
        vacancy.tasks.select_related("task").order_by(cluster_rank("task__"), "task__code")
    )
    return {
        **_document_header(vacancy.school),
        "vacancy": vacancy,
        "start": _start(vacancy),
        "text_blocks": text_blocks(vacancy.text),
        "clusters": _vacancy_tasks_by_cluster(tasks),
        "plain_text": vacancy_plain_text(vacancy),
    }


# ----------------------------------------------------------------------------- PDF


def role_description_pdf(*, school: School, person: Person) -> bytes:
    return render_pdf(
        template="teams/documents/role_description_pdf.html",
        context=role_description_context(school=school, person=person),
    )


def team_overview_pdf(*, school: School) -> bytes:
    return render_pdf(
        template="teams/documents/team_overview_pdf.html",
        context=team_overview_context(school=school),
    )


def vacancy_pdf(*, vacancy: Vacancy) -> bytes:
    return render_pdf(
        template="teams/documents/vacancy_pdf.html", context=vacancy_context(vacancy=vacancy)
    )
