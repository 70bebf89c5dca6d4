"""``{% mandate_rows pending %}``: the rows of the mandates waiting for approval.

A school that has just divided its tasks has hundreds of mandates waiting, each row
with its task, person, mandates, hours and an approve form: through the template
engine that was a dozen variable lookups, four ``{% if %}``, a ``{% csrf_token %}`` and
a ``{% blocktranslate %}`` a row, most of the page. Written here with ``format_html``,
every value escaped, it is the same HTML (``tests/teams/test_mandate_rows.py`` compares
it with the template it replaces).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from tasks.templatetags.row_urls import row_url_for
from teams.models import Assignment

register = template.Library()


@register.simple_tag(takes_context=True)
def mandate_rows(context, pending: Iterable[Assignment]) -> SafeString:
    school = context["school"]
    can_approve = context.get("can_approve")
    urls = context.render_context.setdefault("row_urls", {})
    csrf = CsrfTokenNode().render(context)
    labels = (
        (_("decides"), "decides", " "),
        (_("executes"), "executes", " "),
        (_("directs and follows up"), "monitors", " "),
        (_("lead and contact point"), "lead", ""),
    )
    approve = _("Approve")

    def row(a: Assignment) -> tuple:
        task = a.list_task.task
        mandates = "".join(
            f"{conditional_escape(label)}{space}"
            for label, name, space in labels
            if getattr(a, name)
        )
        form = (
            format_html(
                '<td><form method="post" action="{}">{}<button type="submit" '
                'class="btn btn-outline-success btn-sm" aria-label="{}">{}</button></form></td>',
                row_url_for(urls, "teams:assignment_approve", school.slug, a.pk),
                csrf,
                # As {% blocktranslate %}: the values escaped, the translation as it is.
                mark_safe(
                    _("Approve %(person)s on %(task)s")
                    % {
                        "person": conditional_escape(a.person.name),
                        "task": conditional_escape(task.code),
                    }
                ),
                approve,
            )
            if can_approve
            else ""
        )
        return (
            row_url_for(urls, "teams:task_assignments", school.slug, a.list_task_id),
            task.code,
            task.title,
            a.person.name,
            mark_safe(mandates),
            localize(a.hours),
            form,
        )

    return format_html_join(
        "",
        "<tr>\n"
        '<td><a href="{}">{}</a> {}</td>\n'
        "<td>{}</td>\n"
        '<td class="small">{}</td>\n'
        "<td>{}</td>\n"
        "{}\n"
        "</tr>\n",
        (row(a) for a in pending),
    )
