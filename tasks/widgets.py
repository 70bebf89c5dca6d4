"""Form widgets that write their HTML in Python, for pages with a form per row.

Django renders every widget through templates: a select is a template, an include of
the attributes' template and one more template per option. On the task list (50 rows of
four fields) that was nearly half of the page's time. These widgets write exactly what
Django's templates (``django/forms/widgets/*.html``) write, byte for byte
(``tests/tasks/test_widgets.py`` compares them), without the template engine.
"""

from __future__ import annotations

from django.forms import widgets
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """``attrs.html``: a True value is a bare attribute, a False one is left out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    """``input.html`` (and ``text.html``, ``hidden.html``, ``checkbox.html``)."""
    value = "" if widget["value"] is None else f' value="{conditional_escape(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


class _PythonInput:
    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        return mark_safe(_input(self.get_context(name, value, attrs)["widget"]))


class TextInput(_PythonInput, widgets.TextInput):
    pass


class HiddenInput(_PythonInput, widgets.HiddenInput):
    pass


class NumberInput(_PythonInput, widgets.NumberInput):
    pass


class CheckboxInput(_PythonInput, widgets.CheckboxInput):
    pass


class Select(widgets.Select):
    """``select.html`` with ``select_option.html`` per option.

    An option keeps the newline its included template ends with; the renderer strips
    only the outer template's.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                html.append(
                    f'\n  <option value="{conditional_escape(option["value"])}"'
                    f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                html.append("\n  </optgroup>")
        html.append("\n</select>")
        return mark_safe("".join(html))


class CheckboxSelectMultiple(widgets.CheckboxSelectMultiple):
    """A template's ``{{ choice.tag }}`` per checkbox: ``input_option.html`` unwrapped.

    Only the option without its label (``tag``, as a page that writes its own labels
    uses it) is written in Python; the widget as a whole still renders its templates.
    """

    def _render(self, template_name, context, renderer=None) -> SafeString:
        widget = context["widget"]
        if template_name == self.option_template_name and not widget.get("wrap_label"):
            return mark_safe(_input(widget))
        return super()._render(template_name, context, renderer)
