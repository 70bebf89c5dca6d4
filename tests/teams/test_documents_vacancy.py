"""Gap tasks and the vacancy texts drawn up from them: profile, diploma, hours, editing, PDF."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from guidelines.models import Resources
from guidelines.models import TransitionPlan
from overview.resources import unassigned_plan_hours
from schools.models import Role
from tasks.models import Cluster
from tasks.models import Horizon
from tasks.models import ListLevel
from tasks.models import ListTask
from teams import documents
from teams.models import Vacancy
from teams.models import VacancyProfile
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import member

pytestmark = pytest.mark.django_db


def entry(school, cluster=Cluster.TECHNICAL, *, core=False, **needs):
    """A task of the school's list in a cluster, needing that cluster's competence."""
    flags = {f"task__needs_{c}": False for c in Cluster.values}
    flags[f"task__needs_{cluster}"] = True
    flags.update({f"task__needs_{key}": value for key, value in needs.items()})
    return ListTaskFactory(school=school, task__cluster=cluster, task__is_core=core, **flags)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- gap tasks ----------------------------------------------------------------------------


def test_task_without_a_capable_executor_is_a_gap(school):
    nobody = entry(school)
    incapable = entry(school, Cluster.PEDAGOGICAL)
    covered = entry(school)
    teacher = PersonFactory(school=school, competence_pedagogical=0, competence_technical=2)
    AssignmentFactory(person=teacher, list_task=incapable)
    AssignmentFactory(person=teacher, list_task=covered)
    assert documents.gap_tasks(school=school) == [nobody, incapable]


def test_only_an_executor_covers_a_task(school):
    task = entry(school)
    AssignmentFactory(
        person=PersonFactory(school=school), list_task=task, executes=False, lead=True
    )
    assert documents.gap_tasks(school=school) == [task]


def test_core_gaps_come_first_and_outsourced_dropped_or_other_tasks_are_no_gaps(school):
    plain = entry(school)
    core = entry(school, core=True)
    ListTask.objects.filter(pk=entry(school).pk).update(level=ListLevel.OUTSOURCED)
    ListTask.objects.filter(pk=entry(school).pk).update(horizon=Horizon.DROPPED)
    ListTask.objects.filter(pk=entry(school).pk).update(applies=False)
    gaps = documents.gap_tasks(school=school)
    assert gaps == [core, plain]
    assert gaps[0].gap.nobody_capable


def test_gap_knows_who_in_the_team_could_take_it(school):
    task = entry(school, Cluster.POLICY)
    able = PersonFactory(school=school, competence_policy=2)
    PersonFactory(school=school, competence_policy=0)
    [gap] = documents.gap_tasks(school=school)
    assert gap == task
    assert gap.gap.candidates == (able,)


# --- vacancy draft ------------------------------------------------------------------------


def test_mostly_technical_gaps_draft_a_technical_coordinator_with_a_bachelor(school):
    tasks = [entry(school, core=True), entry(school), entry(school, Cluster.ADMINISTRATIVE)]
    vacancy = documents.vacancy_draft(school=school)
    assert vacancy.profile == VacancyProfile.TECHNICAL
    assert "Bachelor" in vacancy.diploma
    assert set(vacancy.tasks.all()) == set(tasks)
    assert vacancy.title == "Technical ICT coordinator at Sint-Jan Secundair"
    for task in tasks:
        assert task.task.title in vacancy.text
    assert "Technical knowledge" in vacancy.text
    assert vacancy.profile_text.startswith("The technical ICT coordinator combines very strong")
    assert "ICT hours" in vacancy.terms and "permanent appointment" in vacancy.terms


def test_by_default_a_vacancy_holds_the_gaps_nobody_in_the_team_could_take(school):
    nobody_could = entry(school, Cluster.POLICY)
    someone_could = entry(school)
    PersonFactory(school=school, competence_technical=2, competence_policy=0)
    vacancy = documents.vacancy_draft(school=school)
    assert list(vacancy.tasks.all()) == [nobody_could]
    assert someone_could.task.title not in vacancy.text


def test_index_preselects_the_gaps_nobody_could_take_and_names_who_could(client, school):
    nobody_could = entry(school, Cluster.POLICY)
    someone_could = entry(school)
    PersonFactory(school=school, name="Tom", competence_technical=2, competence_policy=0)
    client.force_login(member(school))
    form = client.get(url("documents", school)).context["gap_form"]
    assert form.fields["tasks"].initial == [nobody_could.pk]
    labels = dict(form.fields["tasks"].choices)
    assert labels[nobody_could.pk].endswith("nobody in the team could take it")
    assert labels[someone_could.pk].endswith("could be taken by: Tom")


def test_pedagogical_tasks_needing_technical_competences_stay_pedagogical(school):
    combined = [entry(school, Cluster.PEDAGOGICAL, core=True, technical=True) for _ in range(3)]
    technical = [entry(school, Cluster.TECHNICAL) for _ in range(2)]
    assert documents.vacancy_profile(combined + technical) == VacancyProfile.PEDAGOGICAL
    assert documents.vacancy_profile(technical) == VacancyProfile.TECHNICAL


@pytest.mark.parametrize(
    ("cluster", "profile", "diploma", "competence"),
    [
        (
            Cluster.PEDAGOGICAL,
            VacancyProfile.PEDAGOGICAL,
            "Bachelor with an initial teacher education",
            "Teaching experience",
        ),
        (Cluster.POLICY, VacancyProfile.POLICY, "Master", "Analytical thinking"),
        (
            Cluster.ADMINISTRATIVE,
            VacancyProfile.ADMINISTRATIVE,
            "Secondary education diploma",
            "aptitude and interest",
        ),
    ],
)
def test_profile_and_diploma_follow_the_gap_tasks_cluster(
    school, cluster, profile, diploma, competence
):
    entry(school, cluster)
    entry(school, cluster)
    vacancy = documents.vacancy_draft(school=school)
    assert vacancy.profile == profile
    assert vacancy.diploma == diploma
    assert competence in vacancy.text


def test_ties_go_to_the_reports_order(school):
    tasks = [entry(school, Cluster.ADMINISTRATIVE), entry(school, Cluster.POLICY)]
    assert documents.vacancy_profile(tasks) == VacancyProfile.POLICY


def test_hours_are_the_schools_never_an_estimate_per_task(school):
    recorded = entry(school, Cluster.PEDAGOGICAL)
    weak = PersonFactory(school=school, competence_pedagogical=0)
    AssignmentFactory(person=weak, list_task=recorded, hours=Decimal("3.0"))
    entry(school, core=True)
    # Without resources recorded in step 4, the school sets the hours itself.
    documents.set_free_hours_reader(None)
    try:
        assert documents.vacancy_draft(school=school).hours == Decimal("0")
    finally:
        documents.set_free_hours_reader(unassigned_plan_hours)
    chosen = documents.vacancy_draft(school=school, hours=Decimal("12.5"))
    assert chosen.hours == Decimal("12.5")


def test_hours_are_prefilled_from_what_step_4_recorded_and_nobody_holds(school):
    entry(school)
    plan = TransitionPlan.objects.create(school=school)
    Resources.objects.create(
        plan=plan, ict_hours=Decimal("20"), bpt_hours=Decimal("6"), other_hours=Decimal("2")
    )
    PersonFactory(
        school=school, ict_hours=Decimal("12"), bpt_hours=Decimal("2"), competence_technical=0
    )
    assert documents.free_hours(school=school) == Decimal("14")
    assert documents.vacancy_draft(school=school).hours == Decimal("14")


def test_group_level_gaps_are_left_out_of_the_schools_vacancy_with_a_note(school):
    own = entry(school)
    group_task = entry(school)
    ListTask.objects.filter(pk=group_task.pk).update(level=ListLevel.SCHOOL_GROUP)
    vacancy = documents.vacancy_draft(school=school)
    assert list(vacancy.tasks.all()) == [own]
    assert group_task.task.title in vacancy.note
    assert group_task.task.title not in vacancy.text
    with pytest.raises(ValidationError, match="school group level"):
        documents.vacancy_draft(school=school, tasks=[ListTask.objects.get(pk=group_task.pk)])


def test_pedagogical_gaps_ask_a_pedagogical_coordinator_with_a_technical_basis(school):
    entry(school, Cluster.PEDAGOGICAL, core=True)
    entry(school, Cluster.PEDAGOGICAL)
    vacancy = documents.vacancy_draft(school=school)
    assert vacancy.profile == VacancyProfile.PEDAGOGICAL
    assert "strong technical basis or interest" in vacancy.profile_text
    assert "BPT hours" in vacancy.terms


def test_contact_and_how_to_apply_name_the_schools_director(school):
    PersonFactory(
        school=school,
        name="Sofie Peeters",
        roles=["management"],
        email="sofie@sint-jan.example",
        competence_technical=0,
    )
    entry(school)
    vacancy = documents.vacancy_draft(school=school, start_date=datetime.date(2026, 9, 1))
    assert vacancy.contact.startswith("Sofie Peeters, Sint-Jan Secundair")
    assert "sofie@sint-jan.example" in vacancy.how_to_apply
    assert "Start date: " in documents.vacancy_plain_text(vacancy)
    assert "by arrangement" not in documents.vacancy_plain_text(vacancy)


def test_vacancy_draft_refuses_no_tasks_and_another_schools_tasks(school, other_school):
    with pytest.raises(ValidationError):
        documents.vacancy_draft(school=school)
    with pytest.raises(ValidationError):
        documents.vacancy_draft(school=school, tasks=[entry(other_school)])
    assert not Vacancy.objects.exists()


def test_plain_text_holds_title_facts_and_text(school):
    entry(school)
    vacancy = documents.vacancy_draft(school=school)
    text = documents.vacancy_plain_text(vacancy)
    assert text.startswith("Technical ICT coordinator at Sint-Jan Secundair\n")
    assert "Hours per week: 0" in text
    assert "Start date: by arrangement" in text
    for part in (vacancy.profile_text, vacancy.text, vacancy.terms, vacancy.how_to_apply):
        assert part in text


# --- pages --------------------------------------------------------------------------------


def url(name, school, *args):
    return reverse(f"teams:{name}", args=[school.slug, *args])


def test_drafting_a_vacancy_for_chosen_gap_tasks(client, school):
    chosen = entry(school, core=True)
    left_out = entry(school)
    client.force_login(member(school))
    index = client.get(url("documents", school))
    assert f'value="{chosen.pk}"' in index.content.decode()
    response = client.post(
        url("document_vacancy_new", school), {"tasks": [chosen.pk], "hours": "19"}
    )
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302
    assert vacancy.hours == Decimal("19")
    assert response["Location"] == url("document_vacancy", school, vacancy.pk)
    assert list(vacancy.tasks.all()) == [chosen]
    assert left_out.task.title not in vacancy.text


def test_a_task_that_is_no_gap_cannot_be_put_in_a_vacancy(client, school):
    covered = entry(school)
    AssignmentFactory(person=PersonFactory(school=school), list_task=covered)
    client.force_login(member(school))
    response = client.post(url("document_vacancy_new", school), {"tasks": [covered.pk]})
    assert response.status_code == 302
    assert not Vacancy.objects.exists()


def test_editing_a_vacancy_before_export(client, school):
    entry(school)
    vacancy = documents.vacancy_draft(school=school)
    client.force_login(member(school))
    page = client.get(url("document_vacancy", school, vacancy.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="vacancy-plain-text"' in html and "readonly" in html
    assert "Copy as plain text" in html
    response = client.post(
        url("document_vacancy", school, vacancy.pk),
        {
            "title": "ICT coordinator (m/f/x)",
            "profile": "technical",
            "profile_text": "A technician with a heart for teachers.",
            "hours": "12.5",
            "diploma": "Bachelor",
            "start_date": "2026-09-01",
            "text": "Join <our> team.",
            "terms": "Support staff, permanent appointment possible.",
            "contact": "Sofie Peeters",
            "how_to_apply": "Mail us.",
            "note": "",
        },
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.hours, vacancy.text, vacancy.start_date) == (
        "ICT coordinator (m/f/x)",
        Decimal("12.5"),
        "Join <our> team.",
        datetime.date(2026, 9, 1),
    )
    assert (vacancy.profile_text, vacancy.terms, vacancy.contact, vacancy.how_to_apply) == (
        "A technician with a heart for teachers.",
        "Support staff, permanent appointment possible.",
        "Sofie Peeters",
        "Mail us.",
    )
    html = client.get(url("document_vacancy", school, vacancy.pk)).content.decode()
    assert "Join &lt;our&gt; team." in html
    assert "Join <our> team." not in html


def test_invalid_vacancy_edit_is_refused_and_nothing_changes(client, school):
    entry(school)
    vacancy = documents.vacancy_draft(school=school)
    client.force_login(member(school))
    response = client.post(
        url("document_vacancy", school, vacancy.pk),
        {"title": "", "profile": "technical", "hours": "200", "text": "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"title", "hours"}
    vacancy.refresh_from_db()
    assert vacancy.title.startswith("Technical ICT coordinator")


def test_vacancy_pdf_holds_title_hours_and_tasks(client, school):
    task = entry(school)
    vacancy = documents.vacancy_draft(school=school)
    client.force_login(member(school))
    response = client.get(url("document_vacancy_pdf", school, vacancy.pk))
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())
    assert "Technical ICT coordinator at Sint-Jan Secundair" in text
    assert "Hours per week" in text
    assert task.task.title in text
    assert "combines very strong technical competences" in text
    assert "What we offer" in text and "permanent appointment is possible" in text
    assert "Contact and how to apply" in text and "letter of motivation" in text
    # The print layout floats the labels of the facts list: the text comes out by column.
    assert "Start date" in text and "by arrangement" in text


def test_another_schools_vacancy_is_404(client, school, other_school):
    entry(other_school)
    foreign = documents.vacancy_draft(school=other_school)
    client.force_login(member(school))
    assert client.get(url("document_vacancy", school, foreign.pk)).status_code == 404
    assert client.get(url("document_vacancy_pdf", school, foreign.pk)).status_code == 404
    assert client.get(url("document_vacancy", other_school, foreign.pk)).status_code == 404


def test_team_member_may_not_draft_or_read_vacancies(client, school):
    task = entry(school)
    vacancy = documents.vacancy_draft(school=school)
    client.force_login(member(school, role=Role.TEAM_MEMBER))
    assert client.get(url("document_vacancy", school, vacancy.pk)).status_code == 403
    assert client.post(url("document_vacancy_new", school), {"tasks": [task.pk]}).status_code == 403


@pytest.mark.parametrize("size", [1, 10])
def test_vacancy_page_runs_constant_queries(client, school, size, django_assert_num_queries):
    for _ in range(size):
        entry(school)
    vacancy = documents.vacancy_draft(school=school)
    client.force_login(member(school))
    # Session, user, memberships, school, vacancy, its tasks, the menu.
    with django_assert_num_queries(7):
        response = client.get(url("document_vacancy", school, vacancy.pk))
    assert response.status_code == 200


def test_index_offers_the_step_4_hours_and_notes_the_group_level_gaps(client, school):
    entry(school)
    group_task = entry(school)
    ListTask.objects.filter(pk=group_task.pk).update(level=ListLevel.SCHOOL_GROUP)
    plan = TransitionPlan.objects.create(school=school)
    Resources.objects.create(plan=plan, ict_hours=Decimal("8"))
    client.force_login(member(school))
    response = client.get(url("documents", school))
    form = response.context["gap_form"]
    assert form.fields["hours"].initial == Decimal("8")
    assert group_task.pk not in dict(form.fields["tasks"].choices)
    assert "organised at school group level" in response.content.decode()


def test_the_plain_text_prints_with_headings_subheadings_and_lists():
    text = "Intro line.\n\nYour tasks\nTechnical:\n- Repair <servers>\n- Back up\n\nA closing line."
    assert documents.text_blocks(text) == [
        {"kind": "paragraph", "text": "Intro line."},
        {"kind": "heading", "text": "Your tasks"},
        {"kind": "subheading", "text": "Technical"},
        {"kind": "list", "items": ["Repair <servers>", "Back up"]},
        {"kind": "paragraph", "text": "A closing line."},
    ]
