"""The clusters' headings of the matrix, written in Python, are the template loops they
replace, to the byte, in English and Dutch: counts of one and of several, tasks nobody
executes and without a lead, a filter kept in the links."""

from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation

from tasks.models import Cluster
from teams.selectors import MatrixCluster
from teams.selectors import MatrixRow
from tests.teams.builders import team_task

pytestmark = pytest.mark.django_db

# ``teams/matrix.html``'s loops before the tags: the phone's clusters, then the grid's
# headings and the link that loads a folded cluster, parted by "@@".
PHONE, SUMMARY, LOAD = (
    (Path(__file__).parent / "reference" / "matrix_cluster_heads.html").read_text().split("@@")
)
PHONE_TAG = "{% load team_tags %}      {% matrix_phone_clusters clusters %}\n"
HEADS_TAG = (
    "{% load team_tags %}{% for group in clusters %}"
    '<summary class="mx-summary">{% matrix_cluster_summary group %}</summary>'
    "{% matrix_cluster_load group filter_query %}{% endfor %}"
)


def _clusters(school) -> list[MatrixCluster]:
    one = team_task(school, title="Back-ups <i>& restores</i>")
    rows = [MatrixRow(one, []), MatrixRow(team_task(school), [])]
    return [
        MatrixCluster(Cluster.TECHNICAL, 'Tech "<b>" & co', rows, uncovered=2, without_lead=1),
        MatrixCluster(Cluster.POLICY, Cluster.POLICY.label, rows[:1], uncovered=1, without_lead=2),
        MatrixCluster(Cluster.PEDAGOGICAL, Cluster.PEDAGOGICAL.label, [], loaded=False),
    ]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("filter_query", ["", "person=3&q=a%22%3Cb%3E"])
def test_the_cluster_headings_are_the_template_they_replace(school, language, filter_query):
    clusters = _clusters(school)
    with translation.override(language):
        context = {"clusters": clusters, "filter_query": filter_query}
        phone = Template(PHONE_TAG).render(Context(context))
        heads = Template(HEADS_TAG).render(Context(context))
        assert phone == Template(PHONE).render(Context(context))
        assert heads == Template(SUMMARY + LOAD).render(Context(context))
    assert "Back-ups &lt;i&gt;&amp; restores&lt;/i&gt;" in phone
    assert "&quot;&lt;b&gt;&quot; &amp; co" in heads
