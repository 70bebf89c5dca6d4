import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context
from django.template import Template
from django.utils import translation

from tasks.models import Cluster
from tasks.models import Task
from teams import documents
from teams.document_forms import VacancyTasksForm
from teams.documents import gap_tasks
from teams.models import Person
from teams.views.documents import _gap_form
from tests.factories import AssignmentFactory
from tests.factories import ListTaskFactory
from tests.factories import PersonFactory
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

# The templates the rows were rendered with before ``document_rows``' tags: the tags must
# write the same HTML.
REFERENCE = Path(__file__).parent / "reference"


def _squeeze(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_team_overview_rows_equal_the_template_they_replace(school, language):
    # A core task with holders to escape, an ordinary task nobody holds, a title to escape.
    held = ListTaskFactory(school=school, task=TaskFactory(title="Network <& wifi>", is_core=True))
    ListTaskFactory(school=school, task=TaskFactory(title='"Quoted" & plain'))
    # A title in each language, and one only in Dutch: English readers fall back to it.
    for nl, en in (("Netwerk", "Network"), ("Alleen <Nederlands>", "")):
        task = TaskFactory()
        Task.objects.filter(pk=task.pk).update(title_nl=nl, title_en=en)
        ListTaskFactory(school=school, task=task)
    tom = PersonFactory(school=school, name='Tom "<b>" & Co')
    sofie = PersonFactory(school=school, name="Sofie")
    AssignmentFactory(person=tom, list_task=held, decides=True, executes=True, lead=True)
    AssignmentFactory(person=sofie, list_task=held, decides=False, executes=False, monitors=True)
    with translation.override(language):
        context = documents.team_overview_context(school=school)
        rows = [row for group in context["clusters"] for row in group["rows"]]
        reference = Template((REFERENCE / "overview_task_rows.html").read_text())
        expected = reference.render(Context({"group": {"rows": rows}}))
        written = Template("{% load document_rows %}\n    {% overview_task_rows rows %}\n").render(
            Context({"rows": rows})
        )
    assert {row["unassigned"] for row in rows} == {True, False}
    assert "Tom &quot;&lt;b&gt;&quot; &amp; Co (DEL)" in written
    assert ("Netwerk" if language == "nl" else "Network") in written
    assert "Alleen &lt;Nederlands&gt;" in written
    # Byte for byte, spacing included: the PDF shares the template.
    assert written == expected


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_documents_page_rows_equal_the_template_they_replace(school, language):
    # A gap nobody could take, one someone could (a name to escape in its label), and
    # people whose names need escaping in the links and their aria-label.
    ListTaskFactory(
        school=school,
        task=TaskFactory(cluster=Cluster.POLICY, needs_technical=False, needs_policy=True),
    )
    ListTaskFactory(school=school, task=TaskFactory(title="Wifi <5 GHz>", is_core=True))
    PersonFactory(
        school=school,
        name='Tom "<b>" & Co',
        competence_technical=2,
        competence_policy=0,
        ict_hours=Decimal("2"),
    )
    PersonFactory(school=school, name="Lotte", competence_technical=0, competence_policy=0)
    people = list(school.people.order_by("name"))
    with translation.override(language):
        gap_form = _gap_form(school)
        context = {"school": school, "people": people, "gap_form": gap_form}
        expected = Template((REFERENCE / "documents_index_rows.html").read_text()).render(
            Context(context)
        )
        written = Template(
            "{% load document_rows %}<ul>{% role_description_links people %}</ul>\n"
            "<div>{% gap_task_choices gap_form.tasks %}</div>"
        ).render(Context(context))
    assert len(gap_form.fields["tasks"].choices) == 2
    assert "checked" in written
    assert "Wifi &lt;5 GHz&gt;" in written
    assert "Tom &quot;&lt;b&gt;&quot; &amp; Co" in written
    assert _squeeze(written) == _squeeze(expected)


def test_the_vacancy_checkboxes_after_a_post_equal_the_template_they_replace(school):
    # Posted back with one task chosen of three (and an unknown id): the chosen one is
    # checked, as the field's own subwidgets write it.
    entries = [ListTaskFactory(school=school, task=TaskFactory(title=f"T<{n}>")) for n in range(3)]
    PersonFactory(school=school, name="Lotte", competence_technical=0)
    form = VacancyTasksForm(
        {"tasks": [str(entries[1].pk), "999999"], "hours": "x"},
        gaps=gap_tasks(school=school),
    )
    assert not form.is_valid()
    context = {"gap_form": form}
    expected = Template(
        '{% for choice in gap_form.tasks %}<div class="col form-check">{{ choice.tag }} '
        '<label class="form-check-label" for="{{ choice.id_for_label }}">'
        "{{ choice.choice_label }}</label></div>{% endfor %}"
    ).render(Context(context))
    written = Template("{% load document_rows %}{% gap_task_choices gap_form.tasks %}").render(
        Context(context)
    )
    assert written.count(" checked") == 1
    assert written == expected


def _old_team_model() -> Template:
    """The team model's figure as it was: each place an include of the templates the
    tags replace (kept in the reference folder under their old names)."""
    from django.template import Engine

    new = Path(documents.__file__).parents[1] / "templates/teams/documents/_team_model.html"
    text = (
        new.read_text()
        .replace("{% load i18n document_rows %}", "{% load i18n %}")
        .replace("{% model_node ", '{% include "teams/documents/_model_node.svg.html" with ')
        .replace("{% model_box ", '{% include "teams/documents/_model_box.svg.html" with ')
    )
    # The names in words were filters: ``{{ node.all|join:", "|default:"—" }}``.
    text = re.sub(r"\{% model_names (\S+) %\}", r'{{ \1.all|join:", "|default:"—" }}', text)
    templates = {
        "old": text,
        **{
            f"teams/documents/_model_{name}.svg.html": (
                REFERENCE / f"model_{name}.svg.html"
            ).read_text()
            for name in ("node", "box", "list")
        },
    }
    engine = Engine(
        loaders=[("django.template.loaders.locmem.Loader", templates)],
        libraries={"i18n": "django.templatetags.i18n"},
    )
    return engine.get_template("old")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_team_models_places_equal_the_includes_they_replace(school, group, language):
    from django.template.loader import get_template

    from teams.models import PersonRole

    # Places with one name, more names than they show, names to escape and to cut short,
    # group-level people, and places nobody holds yet.
    for n in range(5):
        PersonFactory(
            school=school, name=f"Digicoach <{n}> & a rather long name", roles=["digicoach"]
        )
    PersonFactory(
        school=school, name="Sofie <Peeters> & her long surname", roles=[PersonRole.MANAGEMENT]
    )
    PersonFactory(school=school, name='Tom "T"', roles=[PersonRole.TECHNICAL_COORDINATOR])
    for n in range(4):
        PersonFactory(school=None, group=group, name=f"Group <{n}>", roles=[PersonRole.MANAGEMENT])
    PersonFactory(school=school, name="Bob", roles=[PersonRole.BUILDING_MANAGER])
    people = list(school.people.all()) + list(group.people.all())
    model = documents.team_model(school=school, people=people)
    assert model["sounding"]["teachers"]["more"] and not model["sounding"]["parents"]["names"]
    with translation.override(language):
        written = get_template("teams/documents/_team_model.html").render({"model": model})
        expected = _old_team_model().render(Context({"model": model}))
    assert "Digicoach &lt;0&gt; &amp; a r…" in written
    assert "Sofie &lt;Peeters&gt; &amp; her lon…" in written
    # Byte for byte: the PDF shares the figure.
    assert written == expected


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("empty", [False, True])
def test_the_team_overview_people_equal_the_template_loop_they_replace(school, language, empty):
    if not empty:
        # Over their hours, with a name to escape; hours with a decimal and without.
        tom = PersonFactory(school=school, name='Tom "<b>" & Co', ict_hours=Decimal("1.5"))
        sofie = PersonFactory(school=school, name="Sofie", ict_hours=Decimal("4"))
        for person, hours in ((tom, Decimal("2.5")), (sofie, Decimal("1")), (sofie, Decimal("2"))):
            AssignmentFactory(person=person, hours=hours)
    with translation.override(language):
        members = documents.team_overview_context(school=school)["members"]
        reference = Template(
            "{% load i18n %}" + (REFERENCE / "overview_member_rows.html").read_text()
        )
        expected = reference.render(Context({"members": members}))
        written = Template("{% load document_rows %}{% overview_member_rows members %}\n").render(
            Context({"members": members})
        )
    assert len(members) == (0 if empty else 2)
    if not empty:
        assert "Tom &quot;&lt;b&gt;&quot; &amp; Co" in written
        assert ("2,5 / 1,5" if language == "nl" else "2.5 / 1.5") in written
        assert written.count('class="warning-text"') == 1
    # Byte for byte, spacing included: the PDF shares the template.
    assert written == expected


@pytest.mark.parametrize("names", [[], ["Sofie"], ['Tom "<b>" & Co', "Sofie", "Lotte"]])
def test_the_team_model_names_equal_the_filters_they_replace(names):
    node = documents._node([Person(name=name) for name in names], 2)
    context = Context({"model": {"school": {"technical": node}}})
    expected = Template('{{ model.school.technical.all|join:", "|default:"—" }}').render(context)
    written = Template("{% load document_rows %}{% model_names model.school.technical %}").render(
        context
    )
    assert written == expected
    if len(names) == 3:
        assert written == "Tom &quot;&lt;b&gt;&quot; &amp; Co, Sofie, Lotte"
    else:
        assert written == (", ".join(names) or "—")
