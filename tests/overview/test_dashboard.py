import io
import re
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.urls import NoReverseMatch
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from guidelines.flowchart import FLOWCHART
from guidelines.selectors import plan_card
from guidelines.selectors import school_team_checklists
from guidelines.selectors import team_checklist
from guidelines.services import action_item_update
from guidelines.services import answer_set
from guidelines.services import plan_start
from overview.bench.schools import generate_group
from overview.selectors import SchoolRow
from overview.selectors import group_dashboard
from overview.templatetags.dashboard_cells import dashboard_numbers
from schools.models import Role
from tasks.models import Cluster
from tasks.models import Horizon
from tasks.models import ListLevel
from teams.models import Assignment
from teams.models import PersonSchool
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import SchoolFactory
from tests.factories import TaskFactory
from tests.factories import member
from tests.guidelines.paths import TO_THE_END
from tests.guidelines.test_selectors import _complete_team

pytestmark = pytest.mark.django_db


def entry(school, cluster=Cluster.TECHNICAL, *, core=False, **choices):
    return ListTaskFactory(
        school=school, task=TaskFactory(cluster=cluster, is_core=core), **choices
    )


@pytest.fixture
def team(group, school, sibling_school, other_school):
    """Sint-Jan with a small team, De Linde empty, and a school of another group."""
    tom = PersonFactory(school=school, name="Tom", ict_hours=10)
    lotte = PersonFactory(school=school, name="Lotte", ict_hours=4)
    hamid = PersonFactory(school=None, group=group, name="Hamid", ict_hours=20)
    PersonSchool.objects.create(person=hamid, school=school, hours=3)
    PersonSchool.objects.create(person=hamid, school=sibling_school, hours=5)
    backed_up = entry(school, core=True)
    AssignmentFactory(school=school, list_task=backed_up, person=tom, backup=lotte, hours=2)
    entry(school, core=True)  # core, nobody executes it
    alone = entry(school, Cluster.PEDAGOGICAL)
    AssignmentFactory(school=school, list_task=alone, person=tom, hours=1)
    by_group = entry(school, Cluster.PEDAGOGICAL, level=ListLevel.SCHOOL_GROUP)
    AssignmentFactory(school=school, list_task=by_group, person=hamid, hours=Decimal("1.5"))
    # Not the team's: not applying, dropped, left to the central level.
    entry(school, Cluster.POLICY, applies=False)
    entry(school, Cluster.ADMINISTRATIVE, horizon=Horizon.DROPPED)
    entry(school, level=ListLevel.CENTRAL)
    outsider = PersonFactory(school=other_school, ict_hours=30)
    AssignmentFactory(school=other_school, list_task=entry(other_school), person=outsider)
    return {"tom": tom, "lotte": lotte, "hamid": hamid}


def test_dashboard_shows_each_schools_coverage_risks_and_hours(group, school, sibling_school, team):
    dashboard = group_dashboard(group=group)
    rows = {row.school: row for row in dashboard.rows}
    assert set(rows) == {school, sibling_school}
    row = rows[school]
    assert (row.tasks, row.covered, row.coverage) == (4, 3, 75)
    assert (row.clusters["technical"].tasks, row.clusters["technical"].covered) == (2, 1)
    assert row.clusters["pedagogical"].percent == 100
    assert row.clusters["policy"].percent is None
    assert row.core_uncovered == 1
    assert row.single_points == 2  # one executor and no backup: Tom's and Hamid's tasks
    assert (row.by_group, row.at_group_level) == (1, 1)
    assert (row.people, row.group_people) == (3, 1)
    assert row.hours_available == Decimal("17.0")  # 10 + 4 + Hamid's 3 here
    assert row.hours_used == Decimal("4.5")
    empty = rows[sibling_school]
    assert (empty.tasks, empty.coverage, empty.hours_available) == (0, None, Decimal("5.0"))


def test_a_task_counts_once_however_many_assignments_it_has(group, school):
    tom = PersonFactory(school=school, name="Tom")
    lotte = PersonFactory(school=school, name="Lotte")
    shared = entry(school)  # two executors: covered, no single point of failure
    AssignmentFactory(school=school, list_task=shared, person=tom)
    AssignmentFactory(school=school, list_task=shared, person=lotte)
    watched = entry(school)  # one executor, a backup on the other's assignment
    AssignmentFactory(school=school, list_task=watched, person=tom)
    AssignmentFactory(
        school=school, list_task=watched, person=lotte, executes=False, decides=True, backup=tom
    )
    advised = entry(school, core=True)  # only a non-executing assignment: not covered
    AssignmentFactory(school=school, list_task=advised, person=lotte, executes=False, monitors=True)

    row = next(row for row in group_dashboard(group=group).rows if row.school == school)

    assert (row.tasks, row.covered, row.core_uncovered, row.single_points) == (3, 2, 1, 0)
    assert (row.by_group, row.at_group_level) == (0, 0)


def test_each_group_gets_its_own_figures_from_the_queries_compiled_once(
    group, school, other_school, team
):
    """The group's queries are compiled once per process with a stand-in for the group:
    a second group's dashboard, after the first, counts that group only."""
    first = group_dashboard(group=group)
    other = group_dashboard(group=other_school.group)
    assert first.totals.tasks == 4
    assert [row.school for row in other.rows] == [other_school]
    assert (other.totals.tasks, other.totals.covered, other.totals.people) == (1, 1, 1)
    assert other.totals.hours_available == Decimal("30.0")
    assert other.group_people == 0


def test_totals_add_up_the_schools(group, team):
    dashboard = group_dashboard(group=group)
    totals = dashboard.totals
    assert totals.tasks == sum(row.tasks for row in dashboard.rows) == 4
    assert totals.hours_available == Decimal("22.0")
    assert totals.clusters["technical"].covered == 1
    assert (dashboard.group_people, dashboard.group_hours) == (1, Decimal("20.0"))
    assert dashboard.group_hours_shared == Decimal("8.0")


def test_sorting_puts_schools_without_a_value_last_in_both_directions(
    group, school, sibling_school, team
):
    third = SchoolFactory(group=group, name="Atheneum")
    entry(third)  # one task, uncovered: 0 %
    dashboard = group_dashboard(group=group)
    ascending = dashboard.sorted_by("coverage")
    assert [r.school for r in ascending.rows] == [third, school, sibling_school]
    descending = dashboard.sorted_by("coverage", descending=True)
    assert [r.school for r in descending.rows] == [school, third, sibling_school]
    assert dashboard.sorted_by("no-such-column").sort == "name"


def test_plans_show_phase_and_step_and_the_groups_own_plan(group, school, sibling_school, team):
    leader = member(school, role=Role.SCHOOL_LEADER)
    plan = plan_start(owner=school, user=leader)
    plan = answer_set(plan=plan, node_id=FLOWCHART.start, value="yes", user=leader)
    plan_start(owner=group, user=member(group=group, role=Role.GROUP_ADMIN))
    dashboard = group_dashboard(group=group)
    rows = {row.school: row for row in dashboard.rows}
    step = FLOWCHART.step(plan.current_step)
    assert rows[school].plan.step == step.number
    assert rows[school].plan.phase == FLOWCHART.phase_of(step.number).number
    assert rows[sibling_school].plan is None
    assert dashboard.group_plan is not None
    assert dashboard.group_plan.step == 1


@pytest.mark.parametrize("schools", [5, 100])
def test_dashboard_runs_three_queries_for_5_or_100_schools(
    django_assert_num_queries, schools, group
):
    generated = generate_group(schools=schools, tasks_per_school=12, slug=f"g{schools}")
    plan_start(owner=generated.schools.first(), user=None)
    plan_start(owner=generated, user=None)
    # The first time, two more work out the schools' figures; then they are kept.
    with django_assert_num_queries(5):
        group_dashboard(group=generated)
    with django_assert_num_queries(3):
        dashboard = group_dashboard(group=generated)
    assert dashboard.school_count == schools
    assert dashboard.totals.covered > 0
    assert dashboard.totals.by_group > 0
    assert dashboard.group_plan is not None


# --- the pages --------------------------------------------------------------------------


@pytest.fixture
def group_admin(client, group, password):
    user = member(group=group, role=Role.GROUP_ADMIN)
    client.login(username=user.username, password=password)
    return user


@pytest.mark.parametrize("schools", [5, 100])
def test_dashboard_page_runs_constant_queries(client, django_assert_num_queries, password, schools):
    generated = generate_group(schools=schools, tasks_per_school=6, slug=f"p{schools}")
    user = member(group=generated, role=Role.GROUP_ADMIN)
    client.login(username=user.username, password=password)
    url = reverse("overview:group_dashboard", args=[generated.slug])
    # session, user, memberships, the group, the three of the dashboard, the two menus;
    # the first time, two more for the schools' figures.
    with django_assert_num_queries(11):
        client.get(url)
    with django_assert_num_queries(9):
        response = client.get(url, {"sort": "single_points", "order": "desc"})
    assert response.status_code == 200
    assert len(response.context["dashboard"].rows) == schools


def test_dashboard_page_links_every_school_and_sorts_on_request(
    client, group_admin, group, school, sibling_school, team
):
    url = reverse("overview:group_dashboard", args=[group.slug])
    response = client.get(url, {"sort": "hours_available", "order": "desc"})
    page = response.content.decode()
    assert school.get_absolute_url() in page
    assert [row.school for row in response.context["dashboard"].rows] == [school, sibling_school]
    assert 'aria-sort="descending"' in page
    assert reverse("overview:group_documents", args=[group.slug]) in page


def test_group_team_member_sees_the_dashboard_without_the_documents_export(
    client, group, school, password, team
):
    reader = member(group=group, role=Role.TEAM_MEMBER)
    client.login(username=reader.username, password=password)
    response = client.get(reverse("overview:group_dashboard", args=[group.slug]))
    assert response.status_code == 200
    assert reverse("overview:group_documents", args=[group.slug]) not in response.content.decode()
    assert client.post(reverse("overview:group_documents", args=[group.slug])).status_code == 403


def test_school_leader_has_no_group_dashboard(client, group, school, password):
    leader = member(school, role=Role.SCHOOL_LEADER)
    client.login(username=leader.username, password=password)
    assert client.get(reverse("overview:group_dashboard", args=[group.slug])).status_code == 404


def test_xlsx_export_has_the_same_table_with_a_frozen_header_and_totals(
    client, group_admin, group, school, sibling_school, team
):
    response = client.get(
        reverse("overview:group_dashboard_xlsx", args=[group.slug]),
        {"sort": "coverage", "order": "desc"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "School"
    assert "Single points of failure" in header
    assert sheet.freeze_panes == "B2"
    assert [r[0] for r in rows[1:]] == [school.name, sibling_school.name, "Total"]
    coverage = header.index("Coverage")
    assert rows[1][coverage] == pytest.approx(0.75)
    assert rows[-1][header.index("Core tasks without an executor")] == 1
    # The coverage columns are percentages, a school without tasks included; the header
    # and the totals are bold, their empty cells too.
    assert rows[2][coverage] is None
    assert sheet.cell(row=3, column=coverage + 1).number_format == "0%"
    assert sheet.cell(row=2, column=coverage + 2).number_format == "0%"
    assert sheet.cell(row=1, column=1).font.b and sheet.cell(row=4, column=2).font.b
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=len(header)).column_letter}3"


def _reference_xlsx(dashboard) -> bytes:
    """The workbook as openpyxl's write-only sheet wrote it cell by cell, before
    ``overview.dashboard._SheetRows`` wrote its rows: the writer must give the same parts."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    from overview import dashboard as module
    from schools.workbooks import write_cell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(translation.gettext("Schools")[:31])
    headers = module.dashboard_columns()
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(header) + 2))
    sheet.column_dimensions["A"].width = 36
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(dashboard.rows) + 1}"
    header_cells = []
    for header in headers:
        cell = write_cell(WriteOnlyCell(sheet), header)
        cell.font, cell.fill = module.HEADER_FONT, module.HEADER_FILL
        cell.alignment = module.HEADER_ALIGNMENT
        header_cells.append(cell)
    sheet.append(header_cells)
    first = headers.index(translation.gettext("Coverage"))
    percent_columns = range(first, first + 1 + len(Cluster.values))

    def cells(values, font=None):
        row = []
        for column, value in enumerate(values):
            styled = font is not None or column in percent_columns
            if (value is None or value == "") and not styled:
                row.append(None)
                continue
            if isinstance(value, str) or styled:
                cell = write_cell(WriteOnlyCell(sheet), value)
                if font is not None:
                    cell.font = font
                if column in percent_columns:
                    cell.number_format = "0%"
                value = cell
            row.append(value)
        return row

    labels = module._labels()
    for row in dashboard.rows:
        sheet.append(cells(module._row_values(row, labels)))
    sheet.append(cells(module._row_values(dashboard.totals, labels), module.TOTAL_FONT))
    workbook.properties.title = translation.gettext("Dashboard of %(group)s") % {
        "group": dashboard.group.name
    }
    workbook.properties.creator = "ictteam"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: archive.read(name) for name in archive.namelist()}
    # The time the workbook was written, to the second.
    parts["docProps/core.xml"] = re.sub(
        rb"\d{4}-\d\d-\d\dT[\d:]+Z", b"", parts["docProps/core.xml"]
    )
    return parts


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_workbook_equals_the_one_written_cell_by_cell(
    group, school, sibling_school, team, language
):
    from overview.dashboard import dashboard_xlsx

    # Text to escape, to keep from running as a formula, with spaces to keep, and with
    # characters a workbook cannot hold; a plan's words and a school without tasks.
    school.name = ' Ask "<b>" & co\x07 '
    school.save()
    sibling_school.name = "=HYPERLINK(1)"
    sibling_school.save()
    SchoolFactory(group=group, name="-Zuid")
    plan_start(owner=school, user=member(school, role=Role.SCHOOL_LEADER))
    with translation.override(language):
        dashboard = group_dashboard(group=group)
        for sort, descending in (("name", False), ("coverage", True)):
            sorted_dashboard = dashboard.sorted_by(sort, descending=descending)
            written = _parts(dashboard_xlsx(dashboard=sorted_dashboard))
            assert written == _parts(_reference_xlsx(sorted_dashboard))
    sheet = written["xl/worksheets/sheet1.xml"].decode()
    assert "&amp; co" in sheet and "<b>" not in sheet and 'xml:space="preserve"' in sheet


def test_a_workbook_after_others_of_another_size_and_language_equals_the_reference(
    group, school, sibling_school, team
):
    """The package around the rows is kept per process: one kept for another language,
    another number of schools or other styles is not the one a workbook gets."""
    from overview.dashboard import dashboard_xlsx

    with translation.override("nl"):
        dashboard_xlsx(dashboard=group_dashboard(group=group))
    with translation.override("en"):
        dashboard_xlsx(dashboard=group_dashboard(group=group))
        # A third school, one whose name is quoted (a style of its own).
        SchoolFactory(group=group, name="=SUM(1)")
        dashboard = group_dashboard(group=group)
        written = _parts(dashboard_xlsx(dashboard=dashboard))
        assert written == _parts(_reference_xlsx(dashboard))
    # The English sheet's filter over the header and three schools.
    assert b"'Schools'!$A$1:$U$4</definedName>" in written["xl/workbook.xml"]


def test_group_documents_zip_has_a_folder_per_school(
    client, group_admin, group, school, sibling_school
):
    started = client.post(reverse("overview:group_documents", args=[group.slug]), follow=True)
    assert started.status_code == 200
    job = started.context["job"]
    response = client.get(reverse("overview:job_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert {n.split("/")[0] for n in names} == {school.slug, sibling_school.slug}


# --- the plans' status ------------------------------------------------------------------


def _finish(owner):
    plan = plan_start(owner=owner, user=None)
    for node_id, value in TO_THE_END:
        plan = answer_set(plan=plan, node_id=node_id, value=value, user=None)
    return plan


def test_the_dashboard_says_finished_only_where_the_plan_card_does(group):
    generated = generate_group(schools=4, tasks_per_school=8, slug="finished")
    schools = list(generated.schools.order_by("name"))
    complete, open_team, started = schools[0], schools[1], schools[2]
    plans = [_finish(complete), _finish(open_team), _finish(generated)]
    plan_start(owner=started, user=None)
    for plan in plans:
        for item in plan.action_items.all():
            action_item_update(item=item, done=True, due=None)
    Assignment.objects.filter(school=complete).delete()
    _complete_team(complete)

    dashboard = group_dashboard(group=generated)
    rows = {row.school: row for row in dashboard.rows}
    labels = {school: rows[school].plan.status_label for school in schools[:3]}
    assert labels == {school: plan_card(owner=school).status_label for school in schools[:3]}
    assert labels[complete] == "Finished"
    assert labels[open_team].startswith("Finished, with ")
    assert rows[schools[3]].plan is None
    assert dashboard.group_plan.status_label == plan_card(owner=generated).status_label
    assert dashboard.group_plan.status_label.startswith("Finished, with ")


def test_the_batched_team_checklist_equals_the_plan_pages(group):
    generated = generate_group(schools=3, tasks_per_school=8, slug="batched")
    plans = [_finish(school) for school in generated.schools.all()]
    Assignment.objects.filter(school=plans[0].school).delete()
    _complete_team(plans[0].school)
    batched = school_team_checklists(plans=plans)
    for plan in plans:
        assert [(row.item.key, row.done, row.detail) for row in batched[plan.pk]] == [
            (row.item.key, row.done, row.detail) for row in team_checklist(plan=plan)
        ]
    assert all(row.done for row in batched[plans[0].pk])
    assert not all(row.done for row in batched[plans[1].pk])
    # One school at a time: the same query, compiled once, for each school's own ids.
    for plan in plans:
        [alone] = school_team_checklists(plans=[plan]).values()
        assert [row.done for row in alone] == [row.done for row in batched[plan.pk]]


@pytest.mark.parametrize("schools", [3, 30])
def test_finished_plans_cost_a_fixed_number_of_queries(django_assert_num_queries, schools):
    generated = generate_group(schools=schools, tasks_per_school=4, slug=f"f{schools}")
    for school in generated.schools.all():
        _finish(school)
    _finish(generated)
    # the three of the dashboard, two for the schools' figures, three for the schools'
    # step 7, three for the group's; then the schools' figures and step 7 are kept
    with django_assert_num_queries(11):
        first = group_dashboard(group=generated)
    with django_assert_num_queries(6):
        dashboard = group_dashboard(group=generated)
    assert all(row.plan.status == "finished" for row in dashboard.rows)
    assert [row.plan for row in dashboard.rows] == [row.plan for row in first.rows]


def test_the_workbook_leaves_the_groups_own_plan_unread(django_assert_num_queries):
    generated = generate_group(schools=3, tasks_per_school=4, slug="unread")
    for school in generated.schools.all():
        _finish(school)
    _finish(generated)
    whole = group_dashboard(group=generated)
    # the three of the dashboard (the schools' step 7 is kept); none for the group's plan
    with django_assert_num_queries(3):
        schools_only = group_dashboard(group=generated, group_plan=False)
    assert whole.group_plan is not None
    assert schools_only.group_plan is None
    assert [row.plan for row in schools_only.rows] == [row.plan for row in whole.rows]


# --- the number cells, written in Python ----------------------------------------------

# The template the cells were rendered with before ``{% dashboard_numbers %}``: the tag
# must write the same HTML.
NUMBERS_TEMPLATE = Path(__file__).parent / "reference" / "dashboard_numbers.html"


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_number_cells_equal_the_template_they_replace(group, school, team, language):
    for cluster, core in ((Cluster.TECHNICAL, True), (Cluster.PEDAGOGICAL, False)):
        entry(school, cluster, core=core, level=ListLevel.SCHOOL_GROUP)
    executed = entry(school, Cluster.TECHNICAL)
    AssignmentFactory(list_task=executed, person=PersonFactory(school=school), hours=Decimal("2.5"))
    over = SchoolRow(None, hours_used=Decimal("12.5"), hours_available=Decimal("3"), tasks=1)
    rows = [*group_dashboard(group=group).rows, over]
    rows.append(SchoolRow(None, people=2, group_people=1, at_group_level=1, by_group=2))
    reference = Template(NUMBERS_TEMPLATE.read_text())
    with translation.override(language):
        for row in rows:
            expected = reference.render(Context({"row": row}))
            assert _squeeze(str(dashboard_numbers(row))) == _squeeze(expected)


# --- the schools' rows, written in Python ---------------------------------------------

# The loop that wrote the rows before ``{% dashboard_rows %}`` (with the number cells'
# template in place of their tag): the tag must write the same HTML.
ROWS_TEMPLATE = Path(__file__).parent / "reference" / "dashboard_rows.html"
HOSTILE = 'Ask "<b>" & co'


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_rows_equal_the_template_they_replace(group, school, sibling_school, team, language):
    school.name = HOSTILE
    school.save()
    plan_start(owner=school, user=member(school, role=Role.SCHOOL_LEADER))
    rows = group_dashboard(group=group).rows
    planned = next(row for row in rows if row.plan is not None)
    # A plan without its own page and led by the group, its titles to escape.
    led = replace(
        planned,
        plan=replace(planned.plan, url="", led_by_group=True, step_title=HOSTILE),
        hours_used=Decimal("-2.5"),
    )
    rows = [*rows, led]
    with translation.override(language):
        expected = Template(ROWS_TEMPLATE.read_text()).render(Context({"rows": rows}))
        written = Template("{% load dashboard_cells %}{% dashboard_rows rows %}").render(
            Context({"rows": rows})
        )
    assert _squeeze(written) == _squeeze(expected)
    assert written.count("<tr>") == 3
    assert "&lt;b&gt;" in written and "<b>" not in written


def test_a_school_whose_slug_no_address_takes_fails_as_the_template_did(group, school):
    """The rows put each school's slug in the place of one reversed once a page; a slug
    the addresses do not take is reversed for its own row and fails as ``{% row_url %}``
    did, rather than written into an address."""
    [row] = group_dashboard(group=group).rows
    row.school.slug = "not a slug"
    with pytest.raises(NoReverseMatch):
        Template(ROWS_TEMPLATE.read_text()).render(Context({"rows": [row]}))
    with pytest.raises(NoReverseMatch):
        Template("{% load dashboard_cells %}{% dashboard_rows rows %}").render(
            Context({"rows": [row]})
        )


HEADS_TEMPLATE = Path(__file__).parent / "reference" / "dashboard_heads.html"


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize(
    ("sort", "descending"), [("name", False), ("plan", True), ("single_points", False)]
)
def test_the_headings_equal_the_template_they_replace(group, school, language, sort, descending):
    from overview.dashboard import sort_links

    with translation.override(language):
        dashboard = group_dashboard(group=group).sorted_by(sort, descending=descending)
        links = sort_links(dashboard=dashboard)
        expected = Template(HEADS_TEMPLATE.read_text()).render(Context({"sort_links": links}))
        written = Template("{% load dashboard_cells %}{% dashboard_heads sort_links %}").render(
            Context({"sort_links": links})
        )
    assert written == expected.removeprefix("      ").removesuffix("\n")
    assert written.count("<th ") == len(links) and "&amp;order=" in written


def test_a_group_without_schools_says_so(client, group_admin, group):
    group.schools.all().delete()
    response = client.get(reverse("overview:group_dashboard", args=[group.slug]))
    assert "This group has no schools yet." in response.content.decode()
