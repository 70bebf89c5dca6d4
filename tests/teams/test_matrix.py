"""The tasks × people matrix: one cluster at a time, a cell editor that saves against the
state it showed, the focused views of a person and a task, constant queries and the page
size of a large school."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from overview.bench import teams as bench
from schools.models import Role
from teams.models import Assignment
from teams.selectors import CellState
from tests.factories import member
from tests.teams.builders import give
from tests.teams.builders import person
from tests.teams.builders import team_task
from tests.teams.test_pages import login
from tests.teams.test_pages import make_team
from tests.teams.test_pages import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, school, password):
    return login(client, member(school, role=Role.ICT_COORDINATOR), password)


def cell_url(school, entry, who, **query) -> str:
    target = url("matrix_cell", school, entry.pk, who.pk)
    if query:
        target += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return target


def cell_post(state: CellState | None = None, **values) -> dict:
    data = {"was": (state or CellState()).token, "hours": "0", "backup": ""}
    data.update({name: "on" for name, on in values.items() if on is True})
    data.update({name: value for name, value in values.items() if not isinstance(value, bool)})
    return data


# --- the grid ---------------------------------------------------------------------------


def test_matrix_unfolds_one_cluster_and_folds_the_others(client, coordinator, school):
    tom = person(school, name="Tom")
    technical = team_task(school, cluster="technical", title="Manage the network")
    pedagogical = team_task(school, cluster="pedagogical", needs=("pedagogical",))
    give(school, technical, tom)
    response = client.get(url("matrix", school))
    matrix = response.context["matrix"]
    assert [(g.cluster, g.loaded) for g in matrix.clusters] == [
        ("technical", True),
        ("pedagogical", False),
    ]
    html = response.content.decode()
    # A cell: the letters, read out as the mandates' names, a link to its editor.
    assert (
        f'<a class="on" id="c{technical.pk}-{tom.pk}" href="cell/{technical.pk}/{tom.pk}/?s=DEL" '
        'aria-label="DEL: decides, executes, lead and contact point">DEL</a>'
    ) in html
    assert f'id="c{pedagogical.pk}-{tom.pk}"' not in html
    assert "open=pedagogical#cl-pedagogical" in html
    assert 'name="m-' not in html

    # The folded cluster comes on its own (htmx) or as the page with it unfolded.
    part = client.get(
        url("matrix", school), {"open": "pedagogical", "part": "cluster"}, HTTP_HX_REQUEST="true"
    )
    assert part.templates[0].name == "teams/_matrix_cluster.html"
    assert f'id="c{pedagogical.pk}-{tom.pk}"' in part.content.decode()
    assert "<html" not in part.content.decode()
    page = client.get(url("matrix", school), {"open": "pedagogical"})
    assert [g.loaded for g in page.context["matrix"].clusters] == [False, True]


def test_matrix_filters_by_cluster_core_person_and_uncovered(client, coordinator, school):
    tom = person(school, name="Tom")
    core = team_task(school, core=True, title="Core network")
    covered = team_task(school, title="Covered task")
    pedagogical = team_task(school, cluster="pedagogical", needs=("pedagogical",))
    give(school, covered, tom)

    def rows(**params):
        response = client.get(url("matrix", school), params)
        return {row.entry for row in response.context["matrix"].rows}

    assert rows() == {core, covered, pedagogical}
    assert rows(cluster="pedagogical") == {pedagogical}
    assert rows(core="yes") == {core}
    assert rows(person=tom.pk) == {covered}
    assert rows(uncovered="on") == {core, pedagogical}
    assert rows(q="network") == {core}
    # A filtered cluster is the one unfolded.
    page = client.get(url("matrix", school), {"cluster": "pedagogical"})
    assert [g.loaded for g in page.context["matrix"].clusters] == [True]


def test_a_team_member_reads_the_matrix_but_edits_no_cell(client, school, password):
    login(client, member(school, role=Role.TEAM_MEMBER), password)
    tom = person(school)
    entry = team_task(school)
    give(school, entry, tom)
    html = client.get(url("matrix", school)).content.decode()
    assert "cell/" not in html
    assert '<td class="on"><span aria-hidden="true">DEL</span>' in html
    assert client.get(cell_url(school, entry, tom)).status_code == 200
    response = client.post(cell_url(school, entry, tom), cell_post(CellState("DEL", 1)))
    assert response.status_code == 403
    assert client.post(url("matrix", school)).status_code == 405
    assert Assignment.objects.get().decides


# --- the cell editor --------------------------------------------------------------------


def test_the_cell_editor_sets_mandates_hours_and_backup_and_returns_to_the_cell(
    client, coordinator, school
):
    tom, lotte = person(school, name="Tom"), person(school, name="Lotte")
    entry = team_task(school, cluster="pedagogical", needs=("pedagogical",))
    page = client.get(cell_url(school, entry, tom, s=""))
    html = page.content.decode()
    assert 'name="was" value="|0|"' in html
    assert 'id="id_lead"' in html and "Save the cell" in html
    response = client.post(
        cell_url(school, entry, tom),
        cell_post(executes=True, lead=True, hours="2.5", backup=str(lotte.pk)),
    )
    assert response.status_code == 302
    assert response["Location"] == url("matrix", school) + f"?open=pedagogical#c{entry.pk}-{tom.pk}"
    saved = Assignment.objects.get(list_task=entry, person=tom)
    assert (saved.executes, saved.lead, saved.decides) == (True, True, False)
    assert (saved.hours, saved.backup) == (Decimal("2.5"), lotte)


def test_unticking_every_mandate_ends_the_assignment(client, coordinator, school):
    tom = person(school)
    entry = team_task(school)
    give(school, entry, tom, hours=1)
    client.post(cell_url(school, entry, tom), cell_post(CellState("DEL", Decimal("1"))))
    assert not Assignment.objects.exists()


def test_a_cell_changed_by_someone_else_shows_the_conflict_and_saves_nothing(
    client, coordinator, school
):
    tom, lotte = person(school, name="Tom"), person(school, name="Lotte")
    entry = team_task(school)
    shown = client.get(cell_url(school, entry, tom)).context["form"].initial["was"]
    # Meanwhile someone else makes Tom the executor with Lotte as backup.
    give(school, entry, tom, executes=True, backup=lotte, hours=3)
    response = client.post(
        cell_url(school, entry, tom), cell_post(CellState.parse(shown), monitors=True)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this cell" in html
    assert "backup Lotte" in html and "Save mine anyway" in html
    kept = Assignment.objects.get()
    assert (kept.executes, kept.monitors, kept.hours) == (True, False, 3)
    # Saving again, knowingly, replaces it: the form now carries the cell's new state.
    assert response.context["form"].data["was"] == "E|3|" + str(lotte.pk)
    again = client.post(cell_url(school, entry, tom), response.context["form"].data)
    assert again.status_code == 302
    kept.refresh_from_db()
    assert (kept.executes, kept.monitors) == (False, True)


def test_the_editor_says_when_the_cell_changed_since_the_matrix_showed_it(
    client, coordinator, school
):
    tom = person(school)
    entry = team_task(school)
    give(school, entry, tom, executes=True)
    assert client.get(cell_url(school, entry, tom, s="")).context["changed_since_shown"]
    assert not client.get(cell_url(school, entry, tom, s="E")).context["changed_since_shown"]


def test_giving_the_lead_moves_it_and_the_htmx_answer_updates_both_cells(
    client, coordinator, school
):
    tom, lotte = person(school, name="Tom"), person(school, name="Lotte")
    entry = team_task(school)
    give(school, entry, tom, lead=True)
    response = client.post(
        cell_url(school, entry, lotte), cell_post(executes=True, lead=True), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-mx-saved" in html
    assert f'id="c{entry.pk}-{tom.pk}"' in html and f'id="c{entry.pk}-{lotte.pk}"' in html
    assert ">EL</a>" in html
    assert "health-panel" in html
    assert not Assignment.objects.filter(person=tom).exists()
    assert Assignment.objects.get(person=lotte).lead


def test_the_editor_refuses_a_backup_outside_the_team_and_a_garbled_state(
    client, coordinator, school, sibling_school
):
    tom = person(school)
    foreign = person(sibling_school)
    entry = team_task(school)
    response = client.post(
        cell_url(school, entry, tom), cell_post(executes=True, backup=str(foreign.pk))
    )
    assert response.status_code == 200 and "backup" in response.context["form"].errors
    response = client.post(cell_url(school, entry, tom), {"was": "X|y|z", "executes": "on"})
    assert "was" in response.context["form"].errors
    assert not Assignment.objects.exists()


def test_cells_outside_the_team_are_404(client, coordinator, school, sibling_school):
    mine = person(school)
    foreign_person = person(sibling_school)
    foreign_task = team_task(sibling_school)
    entry = team_task(school)
    not_applying = team_task(school, applies=False)
    for target in (
        cell_url(school, foreign_task, mine),
        cell_url(school, entry, foreign_person),
        cell_url(school, not_applying, mine),
    ):
        assert client.get(target).status_code == 404, target
        assert client.post(target, cell_post(executes=True)).status_code == 404, target
    for target in (
        url("matrix_person", school, foreign_person.pk),
        url("matrix_task", school, foreign_task.pk),
    ):
        assert client.get(target).status_code == 404, target
    assert not Assignment.objects.exists()


# --- focused views ----------------------------------------------------------------------


def test_a_persons_tasks_and_who_does_a_task(client, coordinator, school):
    tom, lotte = person(school, name="Tom"), person(school, name="Lotte")
    helpdesk = team_task(school, title="Run the help desk")
    other = team_task(school, cluster="policy", needs=("policy",), title="Write the plan")
    give(school, helpdesk, tom, hours=2)
    page = client.get(url("matrix_person", school, tom.pk)).content.decode()
    assert "Tom's tasks" in page
    mine, rest = page.split("Other tasks of Technical")
    assert "Run the help desk" in mine and "Write the plan" not in mine
    assert f"cell/{other.pk}/{tom.pk}/?s=&amp;from=p" in page
    page = client.get(url("matrix_task", school, helpdesk.pk)).content.decode()
    assert "Who does “Run the help desk”" in page
    holders, others = page.split("Give it to someone else")
    assert "Tom" in holders and "Lotte" not in holders and "Lotte" in others
    # Saving from a focused view returns to it.
    response = client.post(
        cell_url(school, helpdesk, lotte), {**cell_post(monitors=True), "from": "t"}
    )
    assert response["Location"] == url("matrix_task", school, helpdesk.pk) + (
        f"#c{helpdesk.pk}-{lotte.pk}"
    )


# --- constant queries and page size ------------------------------------------------------


@pytest.mark.parametrize(("people", "tasks"), [(3, 8), (12, 60)])
def test_matrix_pages_run_constant_queries(
    client, coordinator, school, group, django_assert_num_queries, people, tasks
):
    members = make_team(school, group, people=people, tasks=tasks)
    # session, user, memberships, school; people (the matrix's and team health's); the
    # tasks and the assignments (the matrix's and team health's); the two menus
    with django_assert_num_queries(8):
        response = client.get(url("matrix", school))
    assert response.context["matrix"].row_count == tasks
    assert len(response.context["matrix"].people) == people
    # A folded cluster opened: the page's reads but team health's and the menus'.
    with django_assert_num_queries(7):
        part = client.get(
            url("matrix", school), {"open": "policy", "part": "cluster"}, HTTP_HX_REQUEST="true"
        )
    assert part.context["group"].cluster == "policy"
    entry = Assignment.objects.first().list_task
    # session, user, memberships, school; person (own, then the share); people, rows,
    # cells; menus
    with django_assert_num_queries(10):
        assert client.get(url("matrix_person", school, members[2].pk)).status_code == 200
    # session, user, memberships, school, task; people, rows, cells; menu
    with django_assert_num_queries(9):
        assert client.get(url("matrix_task", school, entry.pk)).status_code == 200
    # session, user, memberships, school, task, person; people, the cell; menus
    with django_assert_num_queries(10):
        assert client.get(cell_url(school, entry, members[0])).status_code == 200


@pytest.mark.slow
def test_a_150_person_schools_matrix_page_stays_under_one_and_a_half_megabytes():
    """Appendix 1's whole catalogue applying, 150 people, about 600 assignments."""
    call_command("import_tasks", "fixtures/ict-task-overview.xlsx", verbosity=0)
    school, _people, user = bench.build_school()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    matrix = reverse("teams:matrix", args=[school.slug])
    response = client.get(matrix)
    assert response.status_code == 200
    assert len(response.context["matrix"].people) == 150
    # Appendix 1's tasks but those left to the central level.
    assert response.context["matrix"].row_count == 134
    assert len(response.content) < 1_500_000
    # Every cluster, unfolded on its own, keeps under the limit too.
    for group in response.context["matrix"].clusters:
        page = client.get(matrix, {"open": group.cluster})
        assert len(page.content) < 1_500_000, group.cluster
