"""``{% mandate_rows pending %}``: the rows of the mandates waiting for approval.

A school that has just divided its tasks has hundreds of mandates waiting, each row
with its task, person, mandates, hours and an approve form: through the template
engine that was a dozen variable lookups, four ``{% if %}``, a ``{% csrf_token %}`` and
a ``{% blocktranslate %}`` a row, most of the page. Written here in Python,
every value escaped once, it is the same HTML (``tests/teams/test_mandate_rows.py`` compares
it with the template it replaces).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from tasks.templatetags.row_urls import row_url_for
from teams.selectors import PendingMandate

register = template.Library()


def _escaped(value: object) -> str:
    """``conditional_escape``: the standard library's ``escape`` for a plain text (Django's
    own wraps it in calls that cost more than the escaping, hundreds of times a page)."""
    if type(value) is str:
        return escape(value)
    return conditional_escape(value)


@register.simple_tag(takes_context=True)
def mandate_rows(context, pending: Iterable[PendingMandate]) -> SafeString:
    school = context["school"]
    can_approve = context.get("can_approve")
    urls = context.render_context.setdefault("row_urls", {})
    csrf = CsrfTokenNode().render(context)
    # In the order of the flags below: decides, executes, monitors, lead.
    labels = tuple(
        f"{_escaped(label)}{space}"
        for label, space in (
            (_("decides"), " "),
            (_("executes"), " "),
            (_("directs and follows up"), " "),
            (_("lead and contact point"), ""),
        )
    )
    approve = _escaped(_("Approve"))
    approve_label = _("Approve %(person)s on %(task)s")
    # A task has several people waiting and a person several tasks, and the mandates
    # come in a handful of combinations: each is escaped once, not once a row.
    tasks: dict[int, tuple[str, str]] = {}
    names: dict[int, str] = {}
    mandates: dict[tuple[bool, ...], str] = {}
    hours: dict[str, str] = {}

    def row(a: PendingMandate) -> str:
        try:
            cell, code = tasks[a.list_task_id]
        except KeyError:
            code = _escaped(a.task_code)
            url = _escaped(row_url_for(urls, "teams:task_assignments", school.slug, a.list_task_id))
            cell = f'<td><a href="{url}">{code}</a> {_escaped(a.task_title)}</td>'
            tasks[a.list_task_id] = cell, code
        try:
            name = names[a.person_id]
        except KeyError:
            name = names[a.person_id] = _escaped(a.person_name)
        flags = (a.decides, a.executes, a.monitors, a.lead)
        try:
            given = mandates[flags]
        except KeyError:
            given = mandates[flags] = "".join(
                label for label, on in zip(labels, flags, strict=True) if on
            )
        key = str(a.hours)
        try:
            hours_text = hours[key]
        except KeyError:
            hours_text = hours[key] = _escaped(localize(a.hours))
        form = ""
        if can_approve:
            url = _escaped(row_url_for(urls, "teams:assignment_approve", school.slug, a.pk))
            # As {% blocktranslate %}: the values escaped, the translation as it is.
            label = approve_label % {"person": name, "task": code}
            form = (
                f'<td><form method="post" action="{url}">{csrf}<button type="submit" '
                f'class="btn btn-outline-success btn-sm" aria-label="{label}">{approve}'
                "</button></form></td>"
            )
        return (
            f"<tr>\n{cell}\n<td>{name}</td>\n"
            f'<td class="small">{given}</td>\n'
            f"<td>{hours_text}</td>\n{form}\n</tr>\n"
        )

    return mark_safe("".join(row(a) for a in pending))
