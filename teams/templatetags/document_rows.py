"""Rows of the team documents' pages, written in Python.

``{% overview_task_rows rows %}``: a cluster's rows of the team overview.

The team overview names the holders of every task of the school's list, 150 rows at a
group's usual size, each through the template engine with two ``{% if %}`` on the task,
three variables and a ``{% translate %}``: the largest part of the page after its data.
Written here with ``format_html``, every value escaped as the template escapes it, it is
the same HTML, its spacing included, so the PDF, which shares the body template, is the
same document (``tests/teams/test_document_rows.py`` compares it with the template it
replaces).

``{% model_node … %}`` and ``{% model_box … %}``: the places of the team model's figure
(the team overview and its PDF), each an include with its loop over the names, a dozen
a page; the same SVG as the includes wrote.

``{% role_description_links people %}`` and ``{% gap_task_choices gap_form.tasks %}``:
the documents page's list of role descriptions (two links a person) and the vacancy
form's checkboxes (one a task nobody capable executes, a hundred in a large school), each
a handful of variables, a ``{% row_url %}`` or a ``{% blocktranslate %}`` a row through
the template engine. The same HTML, compared in the same test.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from html import escape

from django import template
from django.forms import BoundField
from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape
from django.utils.html import format_html
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tasks.models import text_languages
from tasks.templatetags.row_urls import row_url_for
from tasks.widgets import _attrs

register = template.Library()

# The template's loop left this between the rows; kept so that the page and the PDF stay
# what they were.
ROW_END = "\n    "


def _escaped(value: object) -> str:
    """``conditional_escape``: the standard library's ``escape`` for a plain text (Django's
    own wraps it in calls that cost more than the escaping, hundreds of times a page)."""
    if type(value) is str:
        return escape(value)
    return conditional_escape(value)


@register.simple_tag
def model_names(node: dict) -> SafeString:
    """``{% model_names node %}``: a place of the team model's names in words, as
    ``{{ node.all|join:", "|default:"—" }}`` wrote them (twelve a figure)."""
    return mark_safe(", ".join(_escaped(name) for name in node["all"]) or "—")


@register.simple_tag
def overview_member_rows(members: Iterable[dict]) -> SafeString:
    """``{% overview_member_rows members %}``: the team overview's people with their number
    of tasks and hours, as the template's loop wrote them (``floatformat:"-1"`` once per
    value: the team's hours repeat from row to row)."""
    numbers: dict[str, str] = {}

    def hours(value: object) -> str:
        key = f"{type(value).__name__}:{value}"
        found = numbers.get(key)
        if found is None:
            found = numbers[key] = conditional_escape(floatformat(value, "-1"))
        return found

    # As {% translate %}: the translation as it is.
    more = _("more than available")
    over = f' <span class="warning-text">({more})</span>'
    parts = [
        f'<tr><th scope="row">{_escaped(member.name)}</th><td class="num">{row["tasks"]}</td>'
        f'<td class="num">{hours(member.hours_used)} / {hours(member.hours_available)}'
        f"{over if member.over_hours else ''}</td></tr>{ROW_END}"
        for row in members
        for member in (row["member"],)
    ]
    if not parts:
        nobody = _("Nobody in the team yet.")
        parts.append(f'<tr><td colspan="3">{nobody}</td></tr>{ROW_END}')
    return mark_safe("".join(parts))


@register.simple_tag
def overview_task_rows(rows: Iterable[dict]) -> SafeString:
    nobody = format_html('<span class="warning-text">{}</span>', _("nobody yet"))
    core_mark = mark_safe(' <span class="core-mark">★</span>')
    core_row = mark_safe(' class="core-row"')
    # ``task.title`` (the reader's language, else another), the languages' order worked
    # out once a call rather than once a task.
    titles = [f"title_{code}" for code in text_languages()]
    parts = []
    for row in rows:
        task = row["task"]
        core = task.is_core
        title = next((text for name in titles if (text := getattr(task, name))), "")
        parts.append(
            '<tr{}><th scope="row">{} {}{}</th><td>{}</td></tr>{}'.format(
                core_row if core else "",
                _escaped(task.code),
                _escaped(title),
                core_mark if core else "",
                nobody if row["unassigned"] else _escaped(row["holders"]),
                ROW_END,
            )
        )
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def role_description_links(context, people: Iterable) -> SafeString:
    """Each person's role description: the page and the PDF, named for screen readers."""
    slug = context["school"].slug
    urls = context.render_context.setdefault("row_urls", {})
    pdf = conditional_escape(_("PDF"))
    # As {% blocktranslate %}: the name escaped, the translation as it is.
    aria = _("PDF of the role description of %(name)s")
    parts = []
    for person in people:
        name = conditional_escape(person.name)
        parts.append(
            '<li><a href="{}">{}</a> · <a href="{}" download aria-label="{}">{}</a></li>'.format(
                conditional_escape(row_url_for(urls, "teams:document_role", slug, person.pk)),
                name,
                conditional_escape(row_url_for(urls, "teams:document_role_pdf", slug, person.pk)),
                aria % {"name": name},
                pdf,
            )
        )
    return mark_safe("".join(parts))


def _escape(value: object) -> str:
    """``conditional_escape`` for a choice's own values (a task's id, its label, an id):
    the same text, without the check for lazy arguments that Django's ``escape`` makes on
    every call, three a task here."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@register.simple_tag
def gap_task_choices(field: BoundField) -> SafeString:
    """A checkbox and its label per task: the field's own checkboxes (``choice.tag``,
    written by ``tasks.widgets.CheckboxSelectMultiple``), without a template round a row.

    A plain list of choices, as the vacancy form has, is written here as Django's choice
    widget writes it (the field's attributes, an id per choice numbered from the field's,
    ``checked`` for each chosen value) without building a subwidget per choice; anything
    else takes the field's own subwidgets."""
    widget, choices = field.field.widget, field.field.choices
    if (
        field.auto_id
        and widget.allow_multiple_selected
        and not any(isinstance(label, (list, tuple)) for _value, label in choices)
    ):
        # As ``BoundField.subwidgets`` and ``ChoiceWidget.create_option``.
        attrs = widget.build_attrs(
            widget.attrs, field.build_widget_attrs({"id": widget.attrs.get("id") or field.auto_id})
        )
        chosen = set(widget.format_value(field.value()))
        # Every checkbox has the same attributes but its id (in its place among them)
        # and ``checked`` (last): the rest is written once, not once a task.
        names = list(attrs)
        at = names.index("id")
        before = _attrs({name: attrs[name] for name in names[:at]})
        after = _attrs({name: attrs[name] for name in names[at + 1 :]})
        checked = _attrs(widget.checked_attribute)
        start = (
            f'<div class="col form-check"><input type="{conditional_escape(widget.input_type)}" '
            f'name="{conditional_escape(field.html_name)}" value="'
        )
        parts = []
        field_id = attrs["id"]
        for index, (value, label) in enumerate(choices):
            value = "" if value is None else value
            id_ = _escape(widget.id_for_label(field_id, index))
            parts.append(
                f'{start}{_escape(value)}"{before} id="{id_}"{after}'
                f"{checked if str(value) in chosen else ''}>"
                f' <label class="form-check-label" for="{id_}">{_escape(label)}'
                "</label></div>"
            )
        return mark_safe("".join(parts))
    return format_html_join(
        "",
        '<div class="col form-check">{} <label class="form-check-label" for="{}">{}</label></div>',
        ((choice.tag(), choice.id_for_label, choice.choice_label) for choice in field),
    )


def _more(node: dict) -> str:
    # As {% blocktranslate count n=node.more %}: the number escaped, the words as they are.
    more = node["more"]
    return ngettext("+ %(n)s more", "+ %(n)s more", more) % {"n": more}


@register.simple_tag
def model_node(*, x, y, w, h, cx, label, node: dict, colour) -> SafeString:
    """A place of the policy triangle: its label and the first names (or nobody yet)."""
    x, y, w, h, cx, colour = (conditional_escape(v) for v in (x, y, w, h, cx, colour))
    parts = [
        f'<g>\n<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="8" fill="#ffffff" '
        f'stroke="{colour}" stroke-width="2"/>\n<text x="{cx}" y="{y}" text-anchor="middle" '
        f'font-size="13" fill="#1a1a1a">\n<tspan x="{cx}" dy="19" font-weight="bold" '
        f'font-size="13.5" fill="{colour}">{conditional_escape(label)}</tspan>\n'
    ]
    names = node["names"]
    for name in names:
        text = conditional_escape(Truncator(name).chars(26))
        parts.append(f'<tspan x="{cx}" dy="17">{text}</tspan>\n')
    if not names:
        nobody = _("nobody yet")
        parts.append(
            f'<tspan x="{cx}" dy="17" fill="#5c5c5c" font-style="italic">{nobody}</tspan>\n'
        )
    if node["more"]:
        parts.append(f'<tspan x="{cx}" dy="17" fill="#3d4a5c">{_more(node)}</tspan>')
    parts.append("\n</text>\n</g>\n")
    return mark_safe("".join(parts))  # noqa: S308 (each value escaped)


def _model_list(x: str, label, node: dict, dy: str) -> str:
    """One place of a box below the school level: its label and its names on one line."""
    names = node["names"]
    if names:
        listed = ", ".join(conditional_escape(Truncator(name).chars(20)) for name in names)
    else:
        listed = _("nobody yet")
    if node["more"]:
        listed += f" {_more(node)}"
    return (
        f'<tspan x="{x}" dy="{dy}" font-weight="bold" fill="#1a1a1a">'
        f"{conditional_escape(label)}</tspan>\n"
        f'<tspan x="{x}" dy="16">{listed}</tspan>\n'
    )


@register.simple_tag
def model_box(
    *, x, colour, heading, label1, node1: dict, label2, node2: dict, label3, node3: dict
) -> SafeString:
    """One of the two boxes below the school level (the support services, the sounding
    board): its heading and the people of its three places."""
    x, colour = conditional_escape(x), conditional_escape(colour)
    return mark_safe(  # noqa: S308 (each value escaped)
        f'<text x="{x}" y="590" font-size="12" fill="#1a1a1a">\n'
        f'<tspan x="{x}" dy="20" font-weight="bold" font-size="14" fill="{colour}">'
        f"{conditional_escape(heading)}</tspan>\n"
        f"{_model_list(x, label1, node1, '20')}\n"
        f"{_model_list(x, label2, node2, '19')}\n"
        f"{_model_list(x, label3, node3, '19')}\n</text>\n"
    )
