"""``{% catalogue_sections tasks %}``: the catalogue's tables, one section per cluster.

The catalogue shows all 150 tasks, six cells a row. Through the template engine each row
resolved a dozen variables, and each ``get_*_display`` looked its label up by hashing the
field's lazy choices again: most of the page's time. The labels are translated once per
page here and the rows filled into format strings, every value escaped: the HTML the
template wrote (``tests/tasks/test_catalogue_sections.py`` compares it with that template,
in ``tests/tasks/reference/``).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from itertools import groupby

from django import template
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tasks.models import Cluster
from tasks.models import Competence
from tasks.models import OtherActor
from tasks.models import Task
from tasks.models import TaskLevel
from tasks.models import text_languages
from tasks.templatetags.row_urls import row_url_for

register = template.Library()

SECTION = (
    '\n<section class="mb-4" aria-labelledby="cluster-{n}">\n'
    '  <h2 class="h5" id="cluster-{n}">{cluster} <span class="badge text-bg-light">{count}'
    "</span></h2>\n"
    '  <div class="table-responsive table-scroll" role="region" tabindex="0" '
    'aria-labelledby="cluster-{n}">\n'
    '  <table class="table table-sm align-middle">\n'
    "    <thead><tr>{head}</tr></thead>\n"
    "    <tbody>\n    {rows}\n    </tbody>\n"
    "  </table>\n  </div>\n</section>\n"
)

ROW = (
    "\n    <tr{core_class}>\n"
    '      <td class="text-nowrap"><a href="{url}">{code}</a></td>\n'
    "      <td{lang}>{topic}</td>\n"
    "      <td><span{lang}>{title}</span>{core}</td>\n"
    '      <td class="small">{competences}</td>\n'
    '      <td class="small">{level}</td>\n'
    '      <td class="small">{also_by}</td>\n'
    "    </tr>\n    "
)


def _text(task: Task, columns: tuple[str, ...]) -> str:
    """``task.topic`` or ``task.title`` (``Task.text``) with the reader's language order
    worked out once a page, not twice a row."""
    for column in columns:
        value = getattr(task, column)
        if value:
            return value
    return ""


def _labels(choices: type) -> dict[str, str]:
    """A choice's labels in the reader's language, escaped, translated once a page."""
    return {value: escape(str(label)) for value, label in choices.choices}


@register.simple_tag(takes_context=True)
def catalogue_sections(context, tasks: Iterable[Task]) -> SafeString:
    """``{% regroup tasks by get_cluster_display %}`` and its tables, as the template wrote
    them; the tasks come in cluster order (``task_catalogue``)."""
    urls = context.render_context.setdefault("row_urls", {})
    clusters = _labels(Cluster)
    competences = _labels(Competence)
    actors = _labels(OtherActor)
    levels = _labels(TaskLevel)
    languages = text_languages()
    topics = tuple(f"topic_{code}" for code in languages)
    titles = tuple(f"title_{code}" for code in languages)
    core = escape(_("Core"))
    core_badge = f' <span class="badge badge-core">{core}</span>'
    head = "".join(
        f'<th scope="col">{escape(label)}</th>'
        for label in (
            _("Code"),
            _("Topic"),
            _("Task"),
            _("Competences"),
            _("Usual level"),
            _("Can also be taken on by"),
        )
    )
    sections = []
    # Consecutive tasks of a cluster, as {% regroup %} groups them.
    for n, (cluster, group) in enumerate(groupby(tasks, key=lambda task: task.cluster), 1):
        rows = [
            ROW.format(
                core_class=' class="core-task"' if task.is_core else "",
                url=escape(row_url_for(urls, "tasks:task_detail", task.code)),
                code=escape(task.code),
                lang="" if task.is_own else ' lang="en"',
                topic=escape(_text(task, topics)),
                title=escape(_text(task, titles)),
                core=core_badge if task.is_core else "",
                competences=", ".join(competences[key] for key in task.competences),
                level=levels.get(task.level) or escape(str(task.level)),
                also_by=", ".join(actors[key] for key in task.also_by if key in actors),
            )
            for task in group
        ]
        sections.append(
            SECTION.format(
                n=n,
                cluster=clusters.get(cluster) or escape(str(cluster)),
                count=len(rows),
                head=head,
                rows="".join(rows),
            )
        )
    if not sections:
        none = escape(_("No task matches these filters."))
        return mark_safe(f"\n<p>{none}</p>\n")
    return mark_safe("".join(sections))
