"""``{% matrix_filter_fields form %}``: the fields of the matrix's filter.

The person filter lists the whole team, a hundred people and more in a large school:
through the template engine each option compared the field's value with its own (the
field's value worked out again for every option). Written here in Python, every value
escaped once, it is the same HTML (``tests/teams/test_matrix_filter.py`` compares it with
the template it replaces). The filter as first shown (``teams.forms.UnboundMatrixFilter``,
no form built) is written once per process, language and team.
"""

from __future__ import annotations

from html import escape as _escape

from django import forms
from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

from schools.kept import Kept
from tasks.templatetags.filter_fields import written_fields
from teams.forms import UnboundMatrixFilter

register = template.Library()

# The page's indentation, kept so that the page is the same to the byte.
_GAP = "\n        "


def text_of(value: object) -> str:
    """A value as ``{{ value }}`` writes it: localised, then escaped.

    Plain text and whole numbers, most of what the matrix writes (names, ids), the short
    way: Django's ``localize`` gives text back as it is and, without a thousands
    separator, a whole number as its digits; escaping is then the standard library's
    (Django's ``escape`` is the same, wrapped in a ``SafeString`` each time).
    """
    kind = type(value)
    if kind is str:
        return _escape(value)
    if kind is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    return conditional_escape(localize(value))


def _field(field: forms.BoundField) -> str:
    id_, label = text_of(field.id_for_label), text_of(field.label)
    value = field.value()
    if field.name == "uncovered":
        checked = " checked" if value else ""
        return (
            f'{_GAP}<div class="col-sm-6 col-lg-3"><div class="form-check">\n'
            f'          <input type="checkbox" class="form-check-input mx-box" name="uncovered" '
            f'id="{id_}"{checked}>\n'
            f'          <label class="form-check-label" for="{id_}">{label}</label>'
            f"{_GAP}</div></div>{_GAP}"
        )
    head = (
        f'{_GAP}<div class="col-sm-6 col-lg-{3 if field.name == "q" else 2}">'
        f'<label class="form-label small mb-1" for="{id_}">{label}</label>\n'
    )
    if field.name == "q":
        return (
            f'{head}          <input type="search" name="q" id="{id_}" '
            f'value="{text_of(value or "")}" class="form-control form-control-sm"></div>{_GAP}'
        )
    # As the template's ``stringformat:'s'`` on both sides: the text of each.
    chosen = str(value)
    options = "".join(
        f'<option value="{text_of(option)}"{" selected" if str(option) == chosen else ""}>'
        f"{text_of(text)}</option>"
        for option, text in field.field.choices
    )
    return (
        f'{head}          <select name="{text_of(field.html_name)}" id="{id_}" '
        'class="form-select form-select-sm">\n'
        f"            {options}\n          </select></div>{_GAP}"
    )


# The filter as first shown, by (``UnboundMatrixFilter``, language): the key changes
# with the team's names. Bounded, for the many schools' teams a long-running process
# serves and the names it sees change.
_unbound: Kept[tuple[UnboundMatrixFilter, str], SafeString] = Kept(256)


@register.simple_tag
def matrix_filter_fields(form: forms.Form | UnboundMatrixFilter) -> SafeString:
    return written_fields(form, field=_field, gap=_GAP, unbound=UnboundMatrixFilter, kept=_unbound)
