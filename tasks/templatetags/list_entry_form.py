"""``{% list_entry_fields form %}``: the task list entry's form fields as first shown.

The page's form (six fields and the version token) went through crispy-forms' Bootstrap
templates: a template per field, one per widget and per select option, a sixth of the
page's time. The tag writes the same HTML from the unbound form's values; a bound form
(after a post: errors, the conflict) still goes through crispy-forms, as does any field
this tag does not know (``tests/tasks/test_list_entry_form.py`` compares the two).
"""

from __future__ import annotations

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django import forms
from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe

register = template.Library()

_CHECKBOX = (
    '<div class="mb-3"> <div id="div_{id}" class="form-check">'
    ' <input type="checkbox" name="{name}" class="checkboxinput form-check-input"'
    ' id="{id}"{checked}>'
    ' <label for="{id}" class="form-check-label">\n                    {label}\n'
    "                </label> </div> </div>"
)
_LABEL = (
    '<div id="div_{id}" class="mb-3"> <label\n'
    '                for="{id}" class="form-label{required}">\n'
    "                {label}{asterisk} </label>"
)
_SELECT = (
    ' <select name="{name}" class="select form-select" id="{id}">{options}\n\n</select> </div>'
)
_TEXTAREA = (
    ' <textarea name="{name}" cols="{cols}" rows="{rows}" class="textarea form-control"'
    ' id="{id}">\n{value}</textarea> </div>'
)
_ASTERISK = '<span class="asteriskField">*</span>'


def _field(bound: forms.BoundField) -> str | None:
    """One field as crispy-forms' Bootstrap 5 pack writes it, or None if not one of ours."""
    field, widget = bound.field, bound.field.widget
    if field.help_text or field.disabled or widget.attrs.keys() - {"rows", "cols"}:
        return None
    name = conditional_escape(bound.html_name)
    id_ = conditional_escape(bound.auto_id)
    label = conditional_escape(bound.label)
    value = bound.value()
    if type(widget) is forms.CheckboxInput:
        checked = " checked" if widget.check_test(value) else ""
        return _CHECKBOX.format(id=id_, name=name, label=label, checked=checked)
    head = _LABEL.format(
        id=id_,
        label=label,
        required=" requiredField" if field.required else "",
        asterisk=_ASTERISK if field.required else "",
    )
    if type(widget) is forms.Select:
        choices = list(field.choices)
        if any(isinstance(text, (list, tuple)) for _key, text in choices):
            return None  # option groups: crispy-forms writes them
        chosen = "" if value is None else str(value)
        options = "".join(
            f' <option value="{conditional_escape(key)}"'
            f"{' selected' if str(key) == chosen else ''}>{conditional_escape(text)}</option>"
            for key, text in choices
        )
        return head + _SELECT.format(name=name, id=id_, options=options)
    if type(widget) is forms.Textarea:
        return head + _TEXTAREA.format(
            name=name,
            id=id_,
            cols=conditional_escape(widget.attrs["cols"]),
            rows=conditional_escape(widget.attrs["rows"]),
            value=conditional_escape(widget.format_value(value) or ""),
        )
    return None


@register.simple_tag
def list_entry_fields(form: forms.BaseForm) -> SafeString:
    """``{{ form|crispy }}`` for the entry's form; written here while it is unbound."""
    if form.is_bound:
        return as_crispy_form(form)
    written = []
    for bound in form.visible_fields():
        html = _field(bound)
        if html is None:
            return as_crispy_form(form)
        written.append(html)
    hidden = "".join(str(bound) for bound in form.hidden_fields())
    # Every value above is escaped; the hidden fields are Django's own widgets.
    return mark_safe(" ".join(written) + " " + hidden)  # noqa: S308
