"""``{% role_task_rows group.assignments %}``: a cluster's rows of a role description.

A person's tasks with their mandates, a row each through the template engine with five
lookups on the task, two ``{% if %}``, a ``join`` and a ``floatformat``: half the body's
time. Written here, every value escaped as the template escapes it and the hours
formatted by the same filter, it is the same HTML, its spacing included, so the PDF,
which shares the body template, is the same document (``tests/teams/test_role_rows.py``
compares it with the template it replaces, ``tests/teams/reference/role_task_rows.html``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from teams.models import Assignment

register = template.Library()

# The template's loop left this before and after each row.
_GAP = "\n    "
_CORE_ROW = ' class="core-row"'


@register.simple_tag
def role_task_rows(assignments: Iterable[Assignment]) -> SafeString:
    """Each assignment (``mandate_letters`` and ``mandate_labels`` set by
    ``role_description_context``) as the body's loop wrote it."""
    core_task = conditional_escape(gettext("core task"))
    core = f' <span class="core-mark">({core_task})</span>'
    rows = []
    for a in assignments:
        task = a.list_task.task
        labels = ", ".join(str(conditional_escape(label)) for label in a.mandate_labels)
        rows.append(
            f"{_GAP}<tr{_CORE_ROW if task.is_core else ''}>"
            f"<td>{conditional_escape(task.code)} {conditional_escape(task.title)}"
            f"{core if task.is_core else ''}</td>"
            f'<td><abbr class="mandate" title="{labels}">'
            f"{conditional_escape(a.mandate_letters)}</abbr></td>"
            f'<td class="num">{floatformat(a.hours, "-1")}</td></tr>{_GAP}'
        )
    # Every value above is escaped.
    return mark_safe("".join(rows))  # noqa: S308
