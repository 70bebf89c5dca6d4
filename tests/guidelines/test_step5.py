"""Step 5 of the wizard: the task list one cluster at a time, with bulk actions."""

import pytest

from guidelines import services
from schools.models import Role
from tasks.models import ListTask
from tests.factories import ListTaskFactory
from tests.factories import TaskFactory
from tests.factories import member
from tests.guidelines.test_views import UP_TO_POOLING
from tests.guidelines.test_views import answer_all
from tests.guidelines.test_views import node_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def leader(school):
    return member(school, role=Role.SCHOOL_LEADER)


@pytest.fixture
def step5(client, school, leader):
    plan = services.plan_start(owner=school, user=leader)
    answer_all(plan, leader, [*UP_TO_POOLING, ("pooling", "no")])
    client.force_login(leader)
    return node_url(school, "tasks_school")


def entry(school, cluster, topic, **kwargs):
    return ListTaskFactory(school=school, task=TaskFactory(cluster=cluster, topic=topic), **kwargs)


def test_step_5_shows_one_cluster_at_a_time(client, school, step5):
    network = entry(school, "technical", "Network")
    plan = entry(school, "policy", "Vision")
    page = client.get(step5)
    html = page.content.decode()
    assert page.context["view"].cluster == "technical"
    assert network.task.title in html and plan.task.title not in html
    assert 'href="?cluster=policy"' in html
    html = client.get(step5, {"cluster": "policy"}).content.decode()
    assert plan.task.title in html and network.task.title not in html
    # "Save and go on" comes before the rows, right after the cluster tabs and bulk action.
    assert html.index('value="answer"') < html.index('name="rows-0-id"')


def test_step_5_bulk_sets_a_topic_or_the_whole_cluster(client, school, step5):
    help_desk = [entry(school, "technical", "Help desk", applies=True) for _ in range(3)]
    network = entry(school, "technical", "Network", applies=True, horizon="long")
    policy = entry(school, "policy", "Vision", horizon="long")
    response = client.post(
        step5 + "?cluster=technical",
        {"bulk-topic": "Help desk", "bulk-change": "applies:0", "action": "bulk"},
    )
    assert response.status_code == 302
    assert response["Location"] == step5 + "?cluster=technical"
    assert not any(ListTask.objects.get(pk=e.pk).applies for e in help_desk)
    assert ListTask.objects.get(pk=network.pk).applies
    client.post(
        step5 + "?cluster=technical",
        {"bulk-topic": "", "bulk-change": "horizon:short", "action": "bulk"},
    )
    assert set(
        ListTask.objects.filter(task__cluster="technical").values_list("horizon", flat=True)
    ) == {"short"}
    assert ListTask.objects.get(pk=policy.pk).horizon == "long"


def test_step_5_bulk_offers_only_the_fields_of_the_lead(client, school, step5):
    entry(school, "technical", "Network")
    choices = dict(client.get(step5).context["bulk_form"].fields["change"].choices)
    assert set(choices) == {"Applies", "Horizon", "Raise with the general director"}
    response = client.post(step5, {"bulk-change": "level:school_group", "action": "bulk"})
    assert response.status_code == 200
    assert "bulk-change" in response.content.decode()
    assert not ListTask.objects.filter(level="school_group").exists()


def test_step_5_can_show_only_what_the_catalogue_changed(client, school, step5):
    entry(school, "technical", "Network")
    changed = entry(school, "policy", "Vision", review="changed")
    page = client.get(step5, {"show": "review"})
    assert page.context["view"].cluster == "policy"
    html = page.content.decode()
    assert changed.task.title in html
    assert "Only the 1 task the catalogue changed" in client.get(step5).content.decode()


def test_a_team_member_cannot_bulk_change_step_5(client, school, step5):
    network = entry(school, "technical", "Network", applies=True)
    client.force_login(member(school, role=Role.TEAM_MEMBER))
    response = client.post(step5, {"bulk-change": "applies:0", "action": "bulk"})
    assert response.status_code == 403
    assert ListTask.objects.get(pk=network.pk).applies
