"""Gap tasks and the vacancy texts drawn up from them: profile, diploma, hours, editing, PDF."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from schools.models import Role
from tasks.models import Cluster, Horizon, ListLevel, ListTask
from teams import documents
from teams.models import Vacancy, VacancyProfile
from tests.factories import AssignmentFactory, ListTaskFactory, PersonFactory, member

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
    assert "ICT hours" in vacancy.text


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


def test_core_tasks_combining_technical_competences_count_for_the_technical_profile(school):
    pedagogical = [entry(school, Cluster.PEDAGOGICAL) for _ in range(2)]
    combined = [entry(school, Cluster.PEDAGOGICAL, core=True, technical=True) for _ in range(3)]
    assert documents.vacancy_profile(pedagogical) == VacancyProfile.PEDAGOGICAL
    assert documents.vacancy_profile(pedagogical + combined) == VacancyProfile.TECHNICAL


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


def test_hours_are_the_recorded_hours_or_an_estimate_per_task(school):
    recorded = entry(school, Cluster.PEDAGOGICAL)
    weak = PersonFactory(school=school, competence_pedagogical=0)
    AssignmentFactory(person=weak, list_task=recorded, hours=Decimal("3.0"))
    core = entry(school, core=True)
    plain = entry(school)
    hours = documents.vacancy_hours(school=school, tasks=[recorded, core, plain])
    assert (
        hours == Decimal("3.0") + documents.ESTIMATED_HOURS_CORE + documents.ESTIMATED_HOURS_OTHER
    )


def test_hours_are_at_most_a_full_time_post(school):
    tasks = [entry(school, core=True) for _ in range(50)]
    assert documents.vacancy_hours(school=school, tasks=tasks) == documents.FULL_TIME_HOURS


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
    assert "Hours per week: 0.5" in text
    assert vacancy.text in text


# --- pages --------------------------------------------------------------------------------


def url(name, school, *args):
    return reverse(f"teams:{name}", args=[school.slug, *args])


def test_drafting_a_vacancy_for_chosen_gap_tasks(client, school):
    chosen = entry(school, core=True)
    left_out = entry(school)
    client.force_login(member(school))
    index = client.get(url("documents", school))
    assert f'value="{chosen.pk}"' in index.content.decode()
    response = client.post(url("document_vacancy_new", school), {"tasks": [chosen.pk]})
    vacancy = Vacancy.objects.get()
    assert response.status_code == 302
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
        {"title": "ICT coordinator (m/f/x)", "hours": "12.5", "text": "Join <our> team."},
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert (vacancy.title, vacancy.hours, vacancy.text) == (
        "ICT coordinator (m/f/x)",
        Decimal("12.5"),
        "Join <our> team.",
    )
    html = client.get(url("document_vacancy", school, vacancy.pk)).content.decode()
    assert "Join &lt;our&gt; team." in html
    assert "Join <our> team." not in html


def test_invalid_vacancy_edit_is_refused_and_nothing_changes(client, school):
    entry(school)
    vacancy = documents.vacancy_draft(school=school)
    client.force_login(member(school))
    response = client.post(
        url("document_vacancy", school, vacancy.pk), {"title": "", "hours": "200", "text": "x"}
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
    text = pdf_text(response.content)
    assert "Technical ICT coordinator at Sint-Jan Secundair" in text
    assert "Hours per week" in text
    assert task.task.title in text


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
