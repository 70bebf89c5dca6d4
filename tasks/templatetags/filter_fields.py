"""``{% filter_fields form %}``: the fields of the catalogue's and the task list's filters.

The topic filter lists every topic of the catalogue, fifty and more: through the template
engine each option compared the field's value with its own (the field's value worked out
again for every option), a few hundred lookups on every catalogue and task-list page.
Written here in Python, every value escaped once, it is the same HTML
(``tests/tasks/test_filter_fields.py`` compares it with the template it replaces). The
filter as first shown (``tasks.forms.UnboundFilters``, no form built) is written once per
process, language and catalogue topics.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Hashable

from django import forms
from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from schools.kept import Kept
from tasks.forms import UnboundFilters

register = template.Library()


def _text(value: object) -> str:
    """A value as ``{{ value }}`` writes it: localised, then escaped."""
    return conditional_escape(localize(value))


def _field(field: forms.BoundField) -> str:
    name, label = _text(field.html_name), _text(field.label)
    id_ = _text(field.id_for_label)
    if field.name == "to_review":
        checked = " checked" if field.value() else ""
        return (
            '\n    <div class="col-sm-6 col-lg-3">\n'
            '      <div class="form-check">\n'
            f'        <input type="checkbox" class="form-check-input" name="{name}" id="{id_}"'
            f"{checked}>\n"
            f'        <label class="form-check-label" for="{id_}">{label}</label>\n'
            "      </div>\n"
            "    </div>\n    "
        )
    width = 3 if field.name in ("q", "topic") else 2
    head = (
        f'\n    <div class="col-sm-6 col-lg-{width}">\n'
        f'      <label class="form-label small mb-1" for="{id_}">{label}</label>\n      '
    )
    value = field.value()
    if field.name == "q":
        control = (
            f'\n      <input type="search" name="q" id="{id_}" value="{_text(value or "")}" '
            'class="form-control form-control-sm">\n      '
        )
    else:
        # As the template's ``stringformat:'s'`` on both sides: the text of each.
        chosen = str(value)
        options = "".join(
            f'\n        <option value="{_text(option)}"'
            f"{' selected' if str(option) == chosen else ''}>{_text(text)}</option>\n        "
            for option, text in field.field.choices
        )
        control = (
            f'\n      <select name="{name}" id="{id_}" class="form-select form-select-sm">'
            f"\n        {options}\n      </select>\n      "
        )
    return f"{head}{control}\n    </div>\n    "


def written_fields(
    form: forms.Form | Hashable,
    *,
    field: Callable[[forms.BoundField], str],
    gap: str,
    unbound: type,
    kept: Kept,
) -> SafeString:
    """A filter's fields, each written by ``field`` between two ``gap``s. The filter as
    first shown (an ``unbound`` stand-in, a key whose ``form()`` builds the form) is the
    same HTML until its key changes: written once per process and language, in ``kept``.
    """

    def write(form: forms.Form) -> SafeString:
        return mark_safe("".join(f"{gap}{field(bound)}{gap}" for bound in form))

    if not isinstance(form, unbound):
        return write(form)
    return kept.get((form, get_language()), lambda: write(form.form()))


# The filter as first shown, by (``UnboundFilters``, language): the key changes with the
# catalogue's topics. A handful of entries; bounded all the same, for the topics a
# long-running process sees change.
_unbound: Kept[tuple[UnboundFilters, str], SafeString] = Kept(32)


@register.simple_tag
def filter_fields(form: forms.Form | UnboundFilters) -> SafeString:
    return written_fields(form, field=_field, gap="\n    ", unbound=UnboundFilters, kept=_unbound)
