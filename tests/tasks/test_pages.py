import pytest
from django.urls import reverse

from schools.models import Role
from tasks.models import Cluster
from tasks.models import Horizon
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import ReviewState
from tasks.models import Task
from tasks.services import task_list_initialise
from tasks.views import LIST_PAGE_SIZE
from tests.factories import ListTaskFactory
from tests.factories import TaskFactory
from tests.factories import member

pytestmark = pytest.mark.django_db


def make_catalogue(size: int) -> list[Task]:
    clusters = list(Cluster.values)
    return [
        TaskFactory(
            code=f"T-{i:03d}",
            cluster=clusters[i % 4],
            topic=f"Topic {i % 3}",
            is_core=i % 5 == 0,
            needs_pedagogical=i % 2 == 0,
            for_primary=i % 3 != 0,
        )
        for i in range(size)
    ]


@pytest.fixture
def leader(client, school, password):
    user = member(school, role=Role.SCHOOL_LEADER)
    client.login(username=user.username, password=password)
    return user


def test_anonymous_home_leads_to_login(client):
    response = client.get("/")
    assert response.status_code == 200
    assert reverse("login") in response.content.decode()


def test_catalogue_requires_login(client):
    response = client.get(reverse("tasks:catalogue"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_catalogue_filters_by_cluster_core_competence_and_context(client, leader):
    make_catalogue(20)
    url = reverse("tasks:catalogue")
    all_tasks = client.get(url).context["tasks"]
    assert len(all_tasks) == 20
    technical = client.get(url, {"cluster": "technical"}).context["tasks"]
    assert {t.cluster for t in technical} == {"technical"}
    core = client.get(url, {"core": "yes"}).context["tasks"]
    assert core and all(t.is_core for t in core)
    pedagogical = client.get(url, {"competence": "pedagogical"}).context["tasks"]
    assert pedagogical and all(t.needs_pedagogical for t in pedagogical)
    primary = client.get(url, {"context": "primary"}).context["tasks"]
    assert len(primary) == sum(1 for i in range(20) if i % 3 != 0)


def test_catalogue_search_matches_title_and_code(client, leader):
    TaskFactory(code="TEC-NET-01", title="Install and manage the firewall")
    TaskFactory(code="ADM-USR-01", title="User management")
    url = reverse("tasks:catalogue")
    assert [t.code for t in client.get(url, {"q": "firewall"}).context["tasks"]] == ["TEC-NET-01"]
    assert [t.code for t in client.get(url, {"q": "adm-usr"}).context["tasks"]] == ["ADM-USR-01"]


def test_catalogue_lists_clusters_in_the_reports_order(client, leader):
    make_catalogue(8)
    tasks = client.get(reverse("tasks:catalogue")).context["tasks"]
    order = [t.cluster for t in tasks]
    assert order == sorted(order, key=list(Cluster.values).index)


def test_retired_and_own_tasks_stay_out_of_the_catalogue(client, leader, school):
    TaskFactory(code="OLD-01", status="retired")
    TaskFactory(code="OWN-01", school=school)
    TaskFactory(code="LIVE-01")
    codes = [t.code for t in client.get(reverse("tasks:catalogue")).context["tasks"]]
    assert codes == ["LIVE-01"]


@pytest.mark.parametrize("size", [10, 60])
def test_catalogue_page_runs_constant_queries(client, leader, django_assert_num_queries, size):
    make_catalogue(size)
    # session, user, memberships, topic choices, tasks, summary, the two menus
    with django_assert_num_queries(7):
        response = client.get(reverse("tasks:catalogue"), {"cluster": "", "q": ""})
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 60])
def test_task_list_page_runs_constant_queries(
    client, leader, school, django_assert_num_queries, size
):
    make_catalogue(size)
    task_list_initialise(owner=school)
    # The list page's seven and one for the group coverage of the tasks set at group
    # level (the entries and who covers them, one union); the list's counts, one of
    # them its number of rows for the pages, come with the page's rows (one query where
    # two read the same rows).
    with django_assert_num_queries(8):
        response = client.get(reverse("tasks:school_list", args=[school.slug]))
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == min(size, LIST_PAGE_SIZE)
    assert response.context["page"].paginator.count == size
    # Filtered, the paginator counts the rows the filter leaves.
    with django_assert_num_queries(10):
        response = client.get(reverse("tasks:school_list", args=[school.slug]), {"core": "yes"})
    core = ListTask.objects.filter(school=school, task__is_core=True).count()
    assert response.context["page"].paginator.count == core


@pytest.mark.parametrize("asked", ["3", "0", "-1", "99999999999999999999"])
def test_a_page_number_outside_the_list_shows_its_last_page(client, leader, school, asked):
    make_catalogue(60)
    task_list_initialise(owner=school)
    response = client.get(reverse("tasks:school_list", args=[school.slug]), {"page": asked})
    assert response.context["page"].number == 2
    assert len(response.context["formset"].forms) == 10
    assert response.context["counts"]["total"] == 60


def test_an_empty_lists_page_counts_nought(client, leader, school):
    response = client.get(reverse("tasks:school_list", args=[school.slug]))
    assert response.context["page"].paginator.count == 0
    assert set(response.context["counts"].values()) == {0}


def test_the_whole_lists_pages_are_those_of_its_count(client, leader, school):
    make_catalogue(60)
    task_list_initialise(owner=school)
    url = reverse("tasks:school_list", args=[school.slug])
    first, second = client.get(url), client.get(url, {"page": 2})
    assert first.context["page"].paginator.num_pages == 2
    assert len(second.context["formset"].forms) == 10
    shown = [form.instance.pk for form in first.context["formset"].forms]
    shown += [form.instance.pk for form in second.context["formset"].forms]
    assert sorted(shown) == sorted(
        ListTask.objects.filter(school=school).values_list("pk", flat=True)
    )


def test_start_list_adds_catalogue_tasks_with_context_defaults(
    client, leader, sibling_school, school
):
    primary_only = TaskFactory(
        code="P-1", for_secondary=False, for_adult=False, for_special_needs=False
    )
    everywhere = TaskFactory(code="A-1")
    response = client.post(reverse("tasks:school_start", args=[school.slug]))
    assert response.status_code == 302
    entries = {e.task_id: e for e in ListTask.objects.filter(school=school)}
    assert entries[everywhere.pk].applies is True
    # The demo school is secondary: a primary-only task is on the list but does not apply.
    assert entries[primary_only.pk].applies is False
    assert not ListTask.objects.filter(school=sibling_school).exists()


def test_editing_rows_saves_choices_and_clears_review(client, leader, school):
    entry = ListTaskFactory(school=school, review=ReviewState.CHANGED)
    other = ListTaskFactory(school=school, note="keep me")
    url = reverse("tasks:school_list", args=[school.slug])
    data = {
        "rows-TOTAL_FORMS": "2",
        "rows-INITIAL_FORMS": "2",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
        "rows-0-id": str(entry.pk),
        "rows-0-horizon": Horizon.LONG,
        "rows-0-level": ListLevel.SCHOOL_GROUP,
        "rows-0-note": "Pool with the group",
        "rows-1-id": str(other.pk),
        "rows-1-applies": "on",
        "rows-1-horizon": other.horizon,
        "rows-1-level": other.level,
        "rows-1-note": "keep me",
    }
    # entry: applies unticked; other: unchanged.
    response = client.post(url, data)
    assert response.status_code == 302
    entry.refresh_from_db()
    other.refresh_from_db()
    assert (entry.applies, entry.horizon, entry.level, entry.note) == (
        False,
        Horizon.LONG,
        ListLevel.SCHOOL_GROUP,
        "Pool with the group",
    )
    assert entry.review == ReviewState.NONE
    assert other.note == "keep me"


def test_posting_another_schools_entry_changes_nothing(client, leader, school, other_school):
    foreign = ListTaskFactory(school=other_school, note="theirs")
    ListTaskFactory(school=school)
    data = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "1",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
        "rows-0-id": str(foreign.pk),
        "rows-0-horizon": "long",
        "rows-0-level": "school",
        "rows-0-note": "hijacked",
    }
    response = client.post(reverse("tasks:school_list", args=[school.slug]), data)
    assert response.status_code == 200
    foreign.refresh_from_db()
    assert foreign.note == "theirs"


def test_other_schools_list_and_entry_are_404(client, leader, other_school):
    foreign = ListTaskFactory(school=other_school)
    assert client.get(reverse("tasks:school_list", args=[other_school.slug])).status_code == 404
    url = reverse("tasks:school_entry", args=[other_school.slug, foreign.pk])
    assert client.get(url).status_code == 404


def test_entry_of_another_school_under_own_slug_is_404(client, leader, school, other_school):
    foreign = ListTaskFactory(school=other_school)
    url = reverse("tasks:school_entry", args=[school.slug, foreign.pk])
    assert client.get(url).status_code == 404


def test_team_member_reads_the_list_but_may_not_edit(client, school, password):
    entry = ListTaskFactory(school=school)
    user = member(school, role=Role.TEAM_MEMBER)
    client.login(username=user.username, password=password)
    page = client.get(reverse("tasks:school_list", args=[school.slug]))
    assert page.status_code == 200
    assert page.context["formset"] is None
    assert entry.task.title in page.content.decode()
    url = reverse("tasks:school_entry", args=[school.slug, entry.pk])
    assert client.post(url, {"horizon": "long", "level": "school"}).status_code == 403
    assert client.post(reverse("tasks:school_start", args=[school.slug])).status_code == 403


def test_entry_page_saves_step_five_choices(client, leader, school):
    entry = ListTaskFactory(school=school)
    url = reverse("tasks:school_entry", args=[school.slug, entry.pk])
    response = client.post(
        url,
        {
            "applies": "on",
            "horizon": "short",
            "level": "school_group",
            "level_reason": "economies_of_scale",
            "raise_with_director": "on",
            "note": "Group buys the licences",
        },
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.level_reason == "economies_of_scale"
    assert entry.raise_with_director is True


def test_own_task_is_added_to_the_list_with_a_code(client, leader, school):
    response = client.post(
        reverse("tasks:school_add", args=[school.slug]),
        {
            "title": "Manage the 3D printers",
            "cluster": "technical",
            "topic": "Hardware",
            "competences": ["technical"],
            "horizon": "short",
            "level": "school",
        },
    )
    assert response.status_code == 302
    entry = ListTask.objects.get(school=school, task__title_en="Manage the 3D printers")
    assert entry.task.code == "OWN-01"
    assert entry.task.school == school
    assert entry.task.needs_technical is True


def test_group_list_is_for_group_members_only(client, group, school, password):
    ListTaskFactory(school=None, group=group)
    leader = member(school, role=Role.SCHOOL_LEADER)
    client.login(username=leader.username, password=password)
    assert client.get(reverse("tasks:group_list", args=[group.slug])).status_code == 404
    admin = member(group=group, role=Role.GROUP_ADMIN)
    client.login(username=admin.username, password=password)
    assert client.get(reverse("tasks:group_list", args=[group.slug])).status_code == 200
