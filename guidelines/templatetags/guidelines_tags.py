"""Template helpers of the transition wizard."""

from __future__ import annotations

from django import forms
from django import template
from django.utils.html import format_html
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe

from guidelines.selectors import plan_card
from schools.models import School
from schools.models import SchoolGroup

register = template.Library()


@register.inclusion_tag("guidelines/_plan_card_body.html", takes_context=True)
def plan_card_for(context, owner: School | SchoolGroup) -> dict:
    """The transition plan's card on an overview page: phase, step and progress (one query)."""
    is_school = isinstance(owner, School)
    return {
        "card": plan_card(owner=owner),
        "owner": owner,
        "url_kind": "school" if is_school else "group",
        "request": context.get("request"),
    }


@register.simple_tag
def task_row_cells(form) -> SafeString:
    """The editable cells of one task list row in step 5.

    Rendered in Python: a list holds well over a hundred tasks with up to four fields
    each, and Django's widget templates would make the page slow. Every value is escaped
    through ``format_html``; each input has a label naming the field and the task.
    """
    cells = []
    # A row posted with another list's id has no task: it is shown with its errors.
    title = form.instance.task.title if form.instance.task_id else ""
    for bound in form.visible_fields():
        field = bound.field
        value = bound.value()
        label = f"{field.label} — {title}"
        if isinstance(field.widget, forms.CheckboxInput):
            control = format_html(
                '<input type="checkbox" class="form-check-input" name="{}" id="{}"{}>',
                bound.html_name,
                bound.auto_id,
                mark_safe(" checked") if value else "",
            )
        else:
            current = "" if value is None else str(value)
            options = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (choice, mark_safe(" selected") if str(choice) == current else "", text)
                    for choice, text in field.choices
                ),
            )
            control = format_html(
                '<select class="form-select form-select-sm" name="{}" id="{}">{}</select>',
                bound.html_name,
                bound.auto_id,
                options,
            )
        cells.append(
            format_html(
                '<td><label class="visually-hidden" for="{}">{}</label>{}</td>',
                bound.auto_id,
                label,
                control,
            )
        )
    return format_html_join("", "{}", ((cell,) for cell in cells))
