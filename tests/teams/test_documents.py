"""Role descriptions, the team overview and the documents zip: pages, PDFs, access."""

import datetime
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from overview import documents as every_document
from schools.documents import STATIC_ROOT_DIR
from schools.documents import local_fetcher
from schools.models import Role
from tasks.models import Cluster
from tasks.models import ListTask
from teams import documents
from teams.models import Assignment
from teams.models import ConsultationGroup
from teams.models import ConsultationKind
from teams.models import Person
from teams.models import PersonSchool
from teams.models import Vacancy
from teams.selectors import profiles
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import TaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db

SCRIPT_NAME = "<script>alert(1)</script>"


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def one_line(text: str) -> str:
    """PDF text with line breaks folded, for phrases that wrap in a narrow column."""
    return " ".join(text.split())


@pytest.fixture
def team(school):
    """A small team: a coordinator leading a core task, backed up, in the policy team."""
    lead = PersonFactory(
        school=school,
        name="Tom Claes",
        email="tom.claes@example.org",
        roles=["technical_coordinator"],
    )
    director = PersonFactory(school=school, name="Sofie Peeters", roles=["management"])
    teacher = PersonFactory(school=school, name="Lotte Maes", roles=["digicoach"])
    network = ListTaskFactory(
        school=school,
        task__code="TEC-NET-01",
        task__title="Manage the school network",
        task__is_core=True,
        task__specialisation="network",
    )
    platform = ListTaskFactory(
        school=school,
        task__code="PED-LRN-01",
        task__title="Support teachers on the learning platform",
        task__cluster=Cluster.PEDAGOGICAL,
        task__needs_technical=False,
        task__needs_pedagogical=True,
    )
    AssignmentFactory(
        person=lead, list_task=network, decides=True, lead=True, hours=3, backup=teacher
    )
    AssignmentFactory(person=director, list_task=network, executes=False, monitors=True)
    AssignmentFactory(person=lead, list_task=platform, executes=True, hours=1.5)
    AssignmentFactory(person=teacher, list_task=platform, lead=True, hours=2)
    policy_team = ConsultationGroup.objects.create(
        school=school, kind=ConsultationKind.POLICY_TEAM, name="ICT policy team", rhythm="monthly"
    )
    policy_team.members.set([lead, director])
    return {"lead": lead, "director": director, "teacher": teacher}


def url(name: str, school, *args) -> str:
    # The zip of every document is the top floor's (it holds the wizard's action plan too).
    view = "overview:school_documents" if name == "document_zip" else f"teams:{name}"
    return reverse(view, args=[school.slug, *args])


# --- role description ---------------------------------------------------------------------


def test_role_description_page_shows_tasks_by_cluster_with_mandates_backups_and_contacts(
    client, school, team
):
    client.force_login(member(school))
    response = client.get(url("document_role", school, team["lead"].pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Role description: Tom Claes" in html
    assert "Technical ICT coordinator" in html
    assert "TEC-NET-01 Manage the school network" in html
    assert "decides, executes, lead and contact point" in html
    assert "Support teachers on the learning platform" in html
    # Whom they back up / who backs them up.
    assert "TEC-NET-01 Manage the school network: Lotte Maes" in html
    # The consultation group and the contact point (lead of the platform task).
    assert "ICT policy team" in html and "monthly" in html
    assert "Lotte Maes" in html and "PED-LRN-01" in html
    # The competences the tasks ask, and the specialisation.
    assert "Pedagogical-didactical" in html
    assert "Network" in html


def test_role_description_pdf_holds_name_tasks_and_mandates_as_real_text(client, school, team):
    client.force_login(member(school))
    response = client.get(url("document_role_pdf", school, team["lead"].pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="role-description-tom-claes.pdf"' in response["Content-Disposition"]
    text = one_line(pdf_text(response.content))
    assert "Role description: Tom Claes" in text
    assert "Sint-Jan Secundair" in text
    assert "Manage the school network" in text
    assert "Support teachers on the learning platform" in text
    # The letters in the row, their meaning once in the legend above the table.
    assert "DEL" in text and "D = decides · E = executes" in text
    assert "L = lead and contact point" in text
    assert "Page 1 / " in text


def test_role_description_of_backup_lists_whom_they_back_up(school, team):
    context = documents.role_description_context(school=school, person=team["teacher"])
    assert [(a.person.name, a.list_task.task.code) for a in context["backing_up"]] == [
        ("Tom Claes", "TEC-NET-01")
    ]
    # The lead's contact point for the platform task is the teacher, not themselves.
    lead_context = documents.role_description_context(school=school, person=team["lead"])
    assert [c["person"].name for c in lead_context["contacts"]] == ["Lotte Maes"]


def test_names_holding_script_are_escaped_in_pages_and_pdfs(client, school):
    person = PersonFactory(school=school, name=SCRIPT_NAME, roles=["technical_coordinator"])
    other = PersonFactory(school=school, name="Ann & <b>Co</b>", roles=["management"])
    AssignmentFactory(person=person, lead=True, backup=other)
    client.force_login(member(school))

    for page in (
        client.get(url("document_role", school, person.pk)),
        client.get(url("document_overview", school)),
        client.get(url("documents", school)),
    ):
        html = page.content.decode()
        assert SCRIPT_NAME not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<b>Co</b>" not in html

    role_pdf = pdf_text(documents.role_description_pdf(school=school, person=person))
    overview_pdf = pdf_text(documents.team_overview_pdf(school=school))
    assert SCRIPT_NAME in role_pdf
    assert "Ann & <b>Co</b>" in role_pdf
    # The name shows literally in the team model figure (SVG text) of the overview.
    assert SCRIPT_NAME in overview_pdf


def test_group_level_person_serving_the_school_has_a_role_description(client, school, group):
    person = PersonFactory(school=None, group=group, name="Hamid El Amrani", ict_hours=10)
    PersonSchool.objects.create(person=person, school=school, hours=4)
    AssignmentFactory(person=person, school=school, list_task=ListTaskFactory(school=school))
    client.force_login(member(school))
    response = client.get(url("document_role", school, person.pk))
    assert response.status_code == 200
    assert "School group: serves several schools of the group" in response.content.decode()
    assert response.context["hours_available"] == 4


# --- access -------------------------------------------------------------------------------


def test_another_schools_person_is_404_like_a_missing_one(client, school, other_school):
    foreign = PersonFactory(school=other_school)
    client.force_login(member(school))
    assert client.get(url("document_role", school, foreign.pk)).status_code == 404
    assert client.get(url("document_role_pdf", school, foreign.pk)).status_code == 404
    assert client.get(url("document_role", school, foreign.pk + 1000)).status_code == 404
    # Their own school's pages are out of reach altogether.
    assert client.get(url("document_role", other_school, foreign.pk)).status_code == 404
    assert client.get(url("document_overview", other_school)).status_code == 404


def test_sibling_schools_person_is_404_even_for_the_same_group(client, school, sibling_school):
    foreign = PersonFactory(school=sibling_school)
    client.force_login(member(school))
    assert client.get(url("document_role", school, foreign.pk)).status_code == 404


def test_group_person_without_a_share_in_this_school_is_404(client, school, group):
    person = PersonFactory(school=None, group=group)
    client.force_login(member(group=group, role=Role.GROUP_ADMIN))
    assert client.get(url("document_role", school, person.pk)).status_code == 404


def test_team_member_reads_the_team_and_their_own_role_description_only(client, school, team):
    user = member(school, role=Role.TEAM_MEMBER, email="Tom.Claes@example.org")
    client.force_login(user)
    assert client.get(url("document_role", school, team["lead"].pk)).status_code == 200
    assert client.get(url("document_role_pdf", school, team["lead"].pk)).status_code == 200
    assert client.get(url("document_overview", school)).status_code == 200
    assert client.get(url("document_workbook", school)).status_code == 200
    assert client.get(url("document_role", school, team["teacher"].pk)).status_code == 403
    assert client.get(url("document_role_pdf", school, team["teacher"].pk)).status_code == 403
    assert client.post(url("document_zip", school)).status_code == 403
    index = client.get(url("documents", school))
    assert [p.name for p in index.context["people"]] == ["Tom Claes"]


def test_team_member_without_a_matching_person_reads_no_role_description(client, school, team):
    client.force_login(member(school, role=Role.TEAM_MEMBER, email=""))
    assert client.get(url("document_role", school, team["lead"].pk)).status_code == 403
    assert client.get(url("documents", school)).context["people"] == []


def test_anonymous_user_is_sent_to_login(client, school, team):
    response = client.get(url("document_role", school, team["lead"].pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- team overview ------------------------------------------------------------------------


def test_team_overview_shows_the_mandate_matrix_and_the_team_model(client, school, team):
    client.force_login(member(school))
    response = client.get(url("document_overview", school))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and "ICT policy team" in html
    model = response.context["model"]
    assert model["school"]["technical"]["names"] == ["Tom Claes"]
    assert model["school"]["management"]["names"] == ["Sofie Peeters"]
    assert model["sounding"]["teachers"]["names"] == ["Lotte Maes"]
    network = next(
        row
        for cluster in response.context["clusters"]
        for row in cluster["rows"]
        if row["task"].code == "TEC-NET-01"
    )
    assert network["holders"] == "Sofie Peeters (M), Tom Claes (DEL)"
    tasks = {row["member"].name: row["tasks"] for row in response.context["members"]}
    assert tasks == {"Lotte Maes": 1, "Sofie Peeters": 1, "Tom Claes": 2}


def test_team_model_puts_group_level_people_in_the_group_triangle(school, group):
    person = PersonFactory(school=None, group=group, name="Griet", roles=["management"])
    PersonSchool.objects.create(person=person, school=school, hours=2)
    PersonFactory(school=school, name="Karel", roles=["management"])
    context = documents.team_overview_context(school=school)
    assert context["model"]["group"]["management"]["names"] == ["Griet"]
    assert context["model"]["school"]["management"]["names"] == ["Karel"]


def test_team_overview_lists_each_tasks_holders_in_a_table_per_cluster(school):
    people = [PersonFactory(school=school, name=f"P{n:02d}") for n in range(40)]
    network = ListTaskFactory(school=school, task__code="TEC-NET-01")
    platform = ListTaskFactory(
        school=school, task__code="PED-LRN-01", task__cluster=Cluster.PEDAGOGICAL
    )
    AssignmentFactory(person=people[39], list_task=network, lead=True, decides=True)
    AssignmentFactory(person=people[3], list_task=network, executes=False, monitors=True)
    context = documents.team_overview_context(school=school)
    assert [cluster["label"] for cluster in context["clusters"]] == [
        "Technical",
        "Pedagogical-didactical",
    ]
    # However large the team, one line per task: no column per person.
    assert context["clusters"][0]["rows"][0]["holders"] == "P03 (M), P39 (DEL)"
    assert context["clusters"][1]["rows"] == [
        {"task": platform.task, "unassigned": True, "holders": ""}
    ]
    assert len(context["members"]) == 40


def test_team_overview_pdf_holds_the_figure_and_the_matrix_as_text(school, team):
    text = pdf_text(documents.team_overview_pdf(school=school))
    assert "Team overview" in text
    assert "School group level" in text and "School level" in text
    assert "Sounding board" in text
    assert "Tom Claes" in text and "DEL" in text
    assert "Manage the school network" in text


# --- all documents ------------------------------------------------------------------------


def test_school_documents_lists_every_document_once(school, team):
    names = [name for name, _content in every_document.school_documents(school=school)]
    assert names == [
        "role-description-lotte-maes.pdf",
        "role-description-sofie-peeters.pdf",
        "role-description-tom-claes.pdf",
        "team-overview.pdf",
        "division-of-tasks.xlsx",
    ]


def test_same_names_get_distinct_files_and_unsluggable_names_a_fallback(school):
    PersonFactory(school=school, name="An Jacobs")
    PersonFactory(school=school, name="An Jacobs")
    odd = PersonFactory(school=school, name="<>")
    names = [name for name, _ in every_document.role_description_documents(school=school)]
    assert sorted(names) == sorted(
        [
            "role-description-an-jacobs.pdf",
            "role-description-an-jacobs-2.pdf",
            f"role-description-person-{odd.pk}.pdf",
        ]
    )


def test_a_writer_added_to_the_list_is_exported_too(school, monkeypatch):
    monkeypatch.setattr(
        every_document,
        "DOCUMENT_WRITERS",
        [*every_document.DOCUMENT_WRITERS, lambda *, school: [("handbook.pdf", b"%PDF-")]],
    )
    names = [name for name, _ in every_document.school_documents(school=school)]
    assert names[-1] == "handbook.pdf"


def test_zip_download_holds_every_document_in_the_schools_folder(client, school, team):
    client.force_login(member(school, role=Role.SCHOOL_LEADER))
    job = client.post(url("document_zip", school), follow=True).context["job"]
    response = client.get(reverse("overview:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    assert "sint-jan/team-overview.pdf" in names
    assert "sint-jan/division-of-tasks.xlsx" in names
    assert "sint-jan/role-description-tom-claes.pdf" in names
    assert "Tom Claes" in pdf_text(archive.read("sint-jan/role-description-tom-claes.pdf"))


def test_documents_index_links_every_document(client, school, team):
    client.force_login(member(school))
    response = client.get(url("documents", school))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("document_overview", "document_overview_pdf", "document_workbook", "document_zip"):
        assert url(name, school) in html
    assert url("document_role_pdf", school, team["lead"].pk) in html


def test_pdf_renderer_refuses_to_fetch_from_the_network_or_outside_static():
    fetcher = local_fetcher()
    with pytest.raises(ValueError, match="do not fetch"):
        fetcher.fetch("http://example.org/tracker.png")
    with pytest.raises(ValueError, match="do not fetch"):
        fetcher.fetch("file:///etc/passwd")
    css = (STATIC_ROOT_DIR / "css" / "ictteam.css").as_uri()
    response = fetcher.fetch(css)
    try:
        assert b"core-task" in response.read()
    finally:
        response.close()


# --- constant queries ---------------------------------------------------------------------


def build_team(school, size: int) -> list:
    """``size`` people on ``size`` tasks: leads, backups, groups and a group-level person."""
    people = [
        PersonFactory(school=school, roles=["technical_coordinator", "digicoach"])
        for _ in range(size)
    ]
    group_person = PersonFactory(school=None, group=school.group, roles=["management"])
    PersonSchool.objects.create(person=group_person, school=school, hours=4)
    people.append(group_person)
    policy = ConsultationGroup.objects.create(
        school=school, kind=ConsultationKind.POLICY_TEAM, name="Policy team"
    )
    policy.members.set(people)
    for i in range(size):
        entry = ListTaskFactory(school=school, task__is_core=i % 2 == 0)
        AssignmentFactory(person=people[0], list_task=entry, lead=i % 2 == 0, backup=people[i + 1])
        AssignmentFactory(
            person=people[i + 1], school=school, list_task=entry, lead=i % 2 == 1, decides=True
        )
    return people


@pytest.mark.parametrize("size", [2, 12])
def test_role_description_page_runs_constant_queries(
    client, school, size, django_assert_num_queries
):
    people = build_team(school, size)
    client.force_login(member(school))
    # Session, user, memberships, school, person; five reads of the document; the menu.
    with django_assert_num_queries(11):
        response = client.get(url("document_role", school, people[0].pk))
    assert response.status_code == 200
    assert len(response.context["clusters"][0].assignments) == size


@pytest.mark.parametrize("size", [2, 12])
def test_group_persons_role_description_runs_constant_queries(
    client, school, size, django_assert_num_queries
):
    people = build_team(school, size)
    client.force_login(member(school))
    # One more lookup: a group-level person is found through their share in the school.
    with django_assert_num_queries(12):
        response = client.get(url("document_role", school, people[-1].pk))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 12])
def test_team_overview_page_runs_constant_queries(client, school, size, django_assert_num_queries):
    build_team(school, size)
    client.force_login(member(school))
    # Session, user, memberships, school; the school's change token; people, tasks,
    # assignments; the menu. Read again while no row of the school changed: not the three.
    with django_assert_num_queries(9):
        first = client.get(url("document_overview", school))
    with django_assert_num_queries(6):
        response = client.get(url("document_overview", school))
    assert response.status_code == 200
    assert response.context["task_count"] == size
    assert _page(response) == _page(first)


def _page(response) -> bytes:
    """A page without its CSRF tokens, which differ in every response."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", response.content)


def test_the_kept_team_overview_follows_every_write(client, school):
    """What the overview keeps of the school's rows is worked out again after any write
    to them, and the same as a fresh read."""

    build_team(school, 4)
    client.force_login(member(school))
    page = url("document_overview", school)
    person = Person.objects.filter(school=school).first()
    assignment = Assignment.objects.filter(school=school).first()
    writes = [
        lambda: Person.objects.filter(pk=person.pk).update(name="Renamed <b>"),
        lambda: Assignment.objects.filter(pk=assignment.pk).update(monitors=True, decides=True),
        lambda: Assignment.objects.filter(pk=assignment.pk).delete(),
        lambda: type(school).objects.filter(pk=school.pk).update(name="Renamed school"),
        lambda: school.group.__class__.objects.filter(pk=school.group_id).update(
            name="Renamed group"
        ),
    ]
    seen = {_page(client.get(page))}
    for write in writes:
        write()
        kept = _page(client.get(page))
        documents._OVERVIEWS.clear()
        assert kept == _page(client.get(page))
        seen.add(kept)
    assert len(seen) == len(writes) + 1


@pytest.mark.parametrize("size", [2, 12])
def test_documents_index_runs_constant_queries(client, school, size, django_assert_num_queries):
    build_team(school, size)
    client.force_login(member(school))
    # Step 4's resources among them, to prefill the hours of a new vacancy; the team's
    # names, the drafted vacancies and who executes what for the gaps are one query
    # (``document_links``), where the gaps read the last in a query of their own before.
    # The gaps are kept by the school's change token (one query more): read again with
    # no write since, the team's tasks and people are not read (two fewer).
    with django_assert_num_queries(10):
        first = client.get(url("documents", school))
    with django_assert_num_queries(8):
        response = client.get(url("documents", school))
    assert response.status_code == 200
    assert len(response.context["people"]) == size + 1
    assert _page(response) == _page(first)


def test_team_overview_names_the_holders_per_task_on_the_page_and_in_the_pdf(client, school):
    people = [PersonFactory(school=school, name=f"P{n}", ict_hours=1) for n in range(4)]
    entry = ListTaskFactory(school=school, task__title="Backups of the servers")
    ListTaskFactory(school=school, task__title="Nobody's task", task__cluster=Cluster.POLICY)
    AssignmentFactory(person=people[0], list_task=entry, lead=True, decides=True, hours=3)
    AssignmentFactory(person=people[1], list_task=entry)
    AssignmentFactory(person=people[2], list_task=entry, executes=False, monitors=True)
    client.force_login(member(school))
    html = client.get(url("document_overview", school)).content.decode()
    assert "P0 (DEL), P1 (E), P2 (M)" in html
    assert reverse("teams:matrix", args=[school.slug]) in html
    text = one_line(pdf_text(documents.team_overview_pdf(school=school)))
    assert "Backups of the servers P0 (DEL), P1 (E), P2 (M)" in text
    assert "Nobody's task nobody yet" in text
    # The team with their tasks and hours: P0 has 3 hours of 1 available.
    assert "P0 1 3 / 1 (more than available)" in text
    assert "P3 0 0 / 1" in text


def test_pdfs_render_without_weasyprint_warnings(school, team, caplog):
    # Among them the fall-back to fontTools where Debian's libharfbuzz-subset0 is missing
    # (`make debian-deps` installs it): fontTools made a role description three times slower.
    with caplog.at_level("WARNING", logger="weasyprint"):
        documents.role_description_pdf(school=school, person=team["lead"])
        documents.team_overview_pdf(school=school)
    assert [record.getMessage() for record in caplog.records] == []


def test_team_page_offers_the_documents_and_the_zip_to_editors_only(client, school, team):
    client.force_login(member(school))
    html = client.get(reverse("teams:overview", args=[school.slug])).content.decode()
    assert url("documents", school) in html and url("document_zip", school) in html
    client.force_login(member(school, role=Role.TEAM_MEMBER))
    html = client.get(reverse("teams:overview", args=[school.slug])).content.decode()
    assert url("documents", school) in html and url("document_zip", school) not in html


def test_the_drafted_vacancies_are_the_orms_latest_first_on_the_documents_page(
    client, school, other_school
):
    older = Vacancy.objects.create(
        school=school, title="ICT <coordinator>", profile="technical", hours=Decimal("8.0")
    )
    newer = Vacancy.objects.create(
        school=school, title="Pedagogue", profile="pedagogical", hours=Decimal("4.5")
    )
    Vacancy.objects.create(school=other_school, title="Elsewhere", profile="technical", hours=2)
    Vacancy.objects.filter(pk=older.pk).update(created=newer.created - datetime.timedelta(days=1))
    documents.vacancy_links(school=other_school)
    found = documents.vacancy_links(school=school)
    expected = list(Vacancy.objects.filter(school=school).only("title", "hours"))
    assert [(v.pk, v.title, v.hours) for v in found] == [(v.pk, v.title, v.hours) for v in expected]
    assert [v.title for v in found] == ["Pedagogue", "ICT <coordinator>"]
    assert all(isinstance(v.hours, Decimal) for v in found)
    assert found[0].get_deferred_fields() == expected[0].get_deferred_fields()
    client.force_login(member(school))
    html = client.get(url("documents", school)).content.decode()
    assert "ICT &lt;coordinator&gt;</a> (8 h)" in html and "Pedagogue</a> (4.5 h)" in html
    assert html.index("Pedagogue") < html.index("ICT &lt;coordinator&gt;")
    assert "Elsewhere" not in html


def test_a_school_person_is_the_orms_person_with_every_field(school, group, other_school):
    mine = PersonFactory(school=school, roles=["ict_coordinator"], note="Hers & <his>")
    theirs = Person.objects.get(pk=mine.pk)
    read = documents.school_person(school=school, pk=mine.pk)
    for field in Person._meta.concrete_fields:
        name = field.attname
        assert getattr(read, name) == getattr(theirs, name), name
        assert type(getattr(read, name)) is type(getattr(theirs, name)), name
    assert not read._state.adding and read._state.db == theirs._state.db
    # Only the school's own: another school's person, or a group-level one, is not.
    assert documents.school_person(school=other_school, pk=mine.pk) is None
    at_group = PersonFactory(school=None, group=group)
    assert documents.school_person(school=school, pk=at_group.pk) is None


def test_the_documents_links_are_the_team_s_names_and_the_drafted_vacancies(
    school, group, other_school, django_assert_num_queries
):
    for name in ("Zeno", "anna", "Bert <b>"):
        PersonFactory(school=school, name=name)
    serving = PersonFactory(school=None, group=group, name="Groep & co")
    PersonSchool.objects.create(person=serving, school=school, hours=Decimal("2"))
    PersonFactory(school=None, group=group, name="Not serving")
    PersonFactory(school=other_school, name="Elsewhere")
    older = Vacancy.objects.create(school=school, title="Zz", profile="technical", hours=8)
    newer = Vacancy.objects.create(
        school=school, title="Aa & <b>", profile="pedagogical", hours=Decimal("4.5")
    )
    Vacancy.objects.filter(pk=older.pk).update(created=newer.created - datetime.timedelta(days=1))
    Vacancy.objects.create(school=other_school, title="Other", profile="technical", hours=2)
    documents.document_links(school=other_school)
    with django_assert_num_queries(1):
        people, vacancies, executing = documents.document_links(school=school)
    names, links = documents.team_names(school=school), documents.vacancy_links(school=school)
    assert [(p.pk, p.name) for p in people] == [(p.pk, p.name) for p in names]
    assert len(people) == 4 and people[0].get_deferred_fields() == names[0].get_deferred_fields()
    assert [(v.pk, v.title, v.hours) for v in vacancies] == [
        (v.pk, v.title, v.hours) for v in links
    ]
    assert [v.title for v in vacancies] == ["Aa & <b>", "Zz"]
    assert all(type(v.hours) is Decimal for v in vacancies)
    assert vacancies[0].get_deferred_fields() == links[0].get_deferred_fields()
    assert executing == []
    assert documents.document_links(school=SchoolFactory(group=group)) == ([], [], [])


def test_the_documents_links_carry_who_executes_what_as_the_gaps_read_it(school, other_school):
    people = build_team(school, 4)
    # Executing in another school and not executing here: neither is one of the pairs.
    AssignmentFactory(
        person=PersonFactory(school=other_school), list_task=ListTaskFactory(school=other_school)
    )
    AssignmentFactory(
        person=people[2],
        school=school,
        list_task=ListTaskFactory(school=school),
        executes=False,
        monitors=True,
    )
    executing = documents.document_links(school=school).executing
    _people, read = profiles._team_of(school)
    assert len(executing) > 4

    def by_entry(pairs):
        # Each task's executors in order: by name, as the gaps list them.
        executors = {}
        for entry, person in pairs:
            executors.setdefault(entry, []).append(person)
        return executors

    assert by_entry(executing) == by_entry(read)
    assert sorted(executing) == sorted(read)

    def shown(gaps):
        return [
            (e.pk, [p.pk for p in e.gap.executors], [p.pk for p in e.gap.candidates]) for e in gaps
        ]

    assert shown(documents.team_gap_tasks(school=school, executing=executing)) == shown(
        documents.team_gap_tasks(school=school)
    )


def test_the_kept_gap_tasks_follow_every_write(school):
    """The documents page's gaps, kept by the school's change token, are those worked out
    anew after each kind of write."""
    technical = {"needs_technical": True, "needs_pedagogical": False}
    first = ListTaskFactory(school=school, task=TaskFactory(**technical))
    person = PersonFactory(school=school, competence_technical=3)
    AssignmentFactory(person=person, school=school, list_task=first)

    def shown(gaps):
        return [
            (e.pk, e.level, [p.pk for p in e.gap.executors], [p.pk for p in e.gap.candidates])
            for e in gaps
        ]

    writes = [
        lambda: Person.objects.filter(pk=person.pk).update(competence_technical=0),
        lambda: ListTaskFactory(school=school, task=TaskFactory(**technical)),
        lambda: Person.objects.filter(pk=person.pk).update(competence_technical=3),
        lambda: Assignment.objects.filter(school=school).delete(),
        lambda: ListTask.objects.filter(pk=first.pk).update(level="outsourced"),
    ]
    seen = [shown(documents.gap_tasks(school=school))]
    for write in writes:
        write()
        kept = shown(documents.gap_tasks(school=school))
        assert kept == shown(documents.team_gap_tasks(school=school))
        assert kept != seen[-1]
        seen.append(kept)
