import pytest
from django.urls import reverse

from schools.models import Role
from sharing.models import SharingConsent
from tasks.models import Cluster
from teams.models import Assignment
from tests.factories import ListTaskFactory
from tests.factories import SchoolFactory
from tests.factories import TaskFactory
from tests.factories import member
from tests.sharing.helpers import person
from tests.sharing.helpers import setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def task():
    return TaskFactory(code="TEC-NET-01", cluster=Cluster.TECHNICAL, title="Network")


@pytest.fixture
def divided(school, sibling_school, task):
    setup(
        school,
        task,
        (
            person(school, "Tom Claes", "technical_coordinator"),
            {"executes": True, "lead": True, "hours": 3},
        ),
    )
    ListTaskFactory(school=sibling_school, task=task)
    return school


def group_url(group, **query):
    url = reverse("sharing:group", args=[group.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_group_admin_sees_roles_not_names_without_consent(client, group, divided, task):
    client.force_login(member(group=group, role=Role.GROUP_ADMIN))
    page = client.get(group_url(group, task=task.code)).content.decode()
    assert "Technical ICT coordinator" in page
    assert "Tom Claes" not in page
    SharingConsent.objects.create(school=divided, share_names=True)
    assert "Tom Claes" in client.get(group_url(group, task=task.code)).content.decode()


def test_a_school_leader_of_the_group_compares_from_the_school_and_sees_own_names(
    client, divided, sibling_school, task
):
    client.force_login(member(sibling_school, role=Role.SCHOOL_LEADER))
    url = reverse("sharing:school", args=[sibling_school.slug]) + f"?task={task.code}"
    page = client.get(url).content.decode()
    assert "Sint-Jan Secundair" in page and "Technical ICT coordinator" in page
    assert "Tom Claes" not in page
    # Own school's names are no secret to its leader; the link copies into it.
    assert f"source={divided.slug}" in page


@pytest.mark.parametrize("role", [Role.TEAM_MEMBER])
def test_team_members_may_not_compare(client, school, group, role):
    client.force_login(member(school, role=role))
    assert client.get(reverse("sharing:school", args=[school.slug])).status_code == 403
    client.force_login(member(group=group, role=role))
    assert client.get(reverse("sharing:group", args=[group.slug])).status_code == 403


def test_outsiders_get_404_alike_for_missing_and_not_theirs(client, group, school, other_school):
    client.force_login(member(other_school, role=Role.SCHOOL_LEADER))
    for name, slug in [
        ("sharing:group", group.slug),
        ("sharing:school", school.slug),
        ("sharing:copy", school.slug),
        ("sharing:consent", school.slug),
    ]:
        assert client.get(reverse(name, args=[slug])).status_code == 404
        assert client.get(reverse(name, args=["no-such"])).status_code == 404


def test_the_leadership_sets_consent_and_an_ict_coordinator_may_not(client, school):
    coordinator = member(school, role=Role.ICT_COORDINATOR)
    client.force_login(coordinator)
    url = reverse("sharing:consent", args=[school.slug])
    assert client.get(url).status_code == 200
    assert client.post(url, {"share_names": "on"}).status_code == 403
    client.force_login(member(school, role=Role.SCHOOL_LEADER))
    assert client.post(url, {"share_names": "on"}).status_code == 302
    assert SharingConsent.objects.get(school=school).share_names


def test_copy_flow_previews_then_saves_through_the_teams_services(
    client, divided, sibling_school, task
):
    els = person(sibling_school, "Els", "technical_coordinator")
    client.force_login(member(sibling_school, role=Role.SCHOOL_LEADER))
    url = (
        reverse("sharing:copy", args=[sibling_school.slug])
        + f"?source={divided.slug}&task={task.code}"
    )
    page = client.get(url).content.decode()
    assert "Technical ICT coordinator" in page and "Tom Claes" not in page
    (slot,) = Assignment.objects.filter(school=divided).values_list("person_id", flat=True)
    assert f'value="{els.pk}" selected' in page
    preview = client.post(url, {f"slot_{slot}": els.pk, "preview": "1"}).content.decode()
    assert "data-preview" in preview
    assert "<strong>Els</strong>: executes, lead and contact point · 3.0 h per week" in preview
    assert not Assignment.objects.filter(school=sibling_school).exists()
    done = client.post(url, {f"slot_{slot}": els.pk, "copy": "1"})
    entry = sibling_school.task_list.get(task=task)
    assert done.status_code == 302
    assert done["Location"] == reverse(
        "teams:task_assignments", args=[sibling_school.slug, entry.pk]
    )
    copied = Assignment.objects.get(school=sibling_school)
    assert (copied.person, copied.lead, copied.executes) == (els, True, True)


def test_an_ict_coordinator_may_not_copy(client, school):
    client.force_login(member(school, role=Role.ICT_COORDINATOR))
    assert client.get(reverse("sharing:copy", args=[school.slug])).status_code == 403


def test_a_source_of_another_group_is_not_offered(
    client, divided, sibling_school, other_school, task
):
    ListTaskFactory(school=other_school, task=task)
    client.force_login(member(sibling_school, role=Role.SCHOOL_LEADER))
    url = reverse("sharing:copy", args=[sibling_school.slug])
    page = client.get(url + f"?source={other_school.slug}&task={task.code}").content.decode()
    assert "Atheneum Zuid" not in page
    assert "data-slot" not in page


def test_the_group_admin_picks_the_target_school_then_copies_there(
    client, group, divided, sibling_school, task
):
    client.force_login(member(group=group, role=Role.GROUP_ADMIN))
    response = client.get(
        reverse("sharing:group_copy", args=[group.slug]),
        {"target": sibling_school.slug, "source": divided.slug, "task": task.code},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sharing:copy", args=[sibling_school.slug]))
    assert client.get(response["Location"]).status_code == 200


def _school_with_setup(group, task, n):
    s = SchoolFactory(group=group)
    setup(s, task, (person(s, f"P{n}", "digicoach"), {"executes": True}))


@pytest.mark.parametrize("schools", [2, 20])
def test_the_group_page_runs_constant_queries(
    client, group, task, schools, django_assert_num_queries
):
    for n in range(schools):
        _school_with_setup(group, task, n)
    client.force_login(member(group=group, role=Role.GROUP_ADMIN))
    url = group_url(group, cluster=Cluster.TECHNICAL)
    client.get(url)
    # The task choices, the schools, their entries, their assignments and the page's
    # frame: as many for 20 schools as for 2.
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("schools", [2, 20])
def test_the_school_page_runs_constant_queries(
    client, group, school, task, schools, django_assert_num_queries
):
    for n in range(schools):
        _school_with_setup(group, task, n)
    client.force_login(member(school, role=Role.ICT_COORDINATOR))
    url = reverse("sharing:school", args=[school.slug]) + f"?task={task.code}"
    client.get(url)
    with django_assert_num_queries(10):
        assert client.get(url).status_code == 200


# A page, or the clear refusal the middleware gives a NUL byte.
CLEAR = {200, 400}


@pytest.mark.parametrize("value", ["x" * 5000, "²", "9" * 5000, "-1", "\x00", "<script>"])
def test_hostile_choices_get_a_page_not_a_server_error(
    client, group, divided, sibling_school, task, value
):
    client.force_login(member(group=group, role=Role.GROUP_ADMIN))
    group_page = reverse("sharing:group", args=[group.slug])
    assert client.get(group_page, {"task": value, "cluster": value}).status_code in CLEAR
    copy = reverse("sharing:copy", args=[sibling_school.slug])
    assert client.get(copy, {"source": value, "task": value}).status_code in CLEAR
    query = {"source": divided.slug, "task": task.code}
    url = f"{copy}?source={divided.slug}&task={task.code}"
    assert client.get(copy, query).status_code == 200
    slot = Assignment.objects.get(school=divided).person_id
    assert client.post(url, {f"slot_{slot}": value, "copy": "1"}).status_code in CLEAR
    assert not Assignment.objects.filter(school=sibling_school).exists()
    response = client.get(reverse("sharing:group_copy", args=[group.slug]), {"target": value})
    assert response.status_code in {302, 400}
