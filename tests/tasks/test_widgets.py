"""The row widgets write what Django's widget templates write, byte for byte."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from tasks import widgets

HOSTILE = 'a "quoted" <b>tag</b> & more'
ATTRS = {"class": "form-select form-select-sm", "required": True, "disabled": False}
CHOICES = [("", "---"), ("short", "Short term"), ("x&y", HOSTILE), (3, "Three")]
GROUPED = [("", "Any"), ("Group <1>", [("a", "A"), ("b", "B")]), ("c", "C")]


def both(fast: forms.Widget, django: forms.Widget, name: str, value, attrs=None):
    return fast.render(name, value, attrs=attrs), django.render(name, value, attrs=attrs)


@pytest.mark.parametrize("value", [None, "", "short", "x&y", 3, "3", "missing"])
@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
def test_a_select_writes_what_the_template_writes(value, choices):
    ours, theirs = both(
        widgets.Select(attrs=ATTRS, choices=choices),
        forms.Select(attrs=ATTRS, choices=choices),
        "form-0-horizon",
        value,
        attrs={"id": "id_form-0-horizon", "aria-describedby": HOSTILE},
    )
    assert ours == theirs
    offered = {str(key) for key, label in choices if not isinstance(label, list)}
    offered |= {key for _, label in choices if isinstance(label, list) for key, _ in label}
    assert (" selected>" in ours) == (("" if value is None else str(value)) in offered)


@pytest.mark.parametrize("value", [None, "", "note", HOSTILE, 0, 12])
@pytest.mark.parametrize(
    ("fast", "django"),
    [(widgets.TextInput, forms.TextInput), (widgets.HiddenInput, forms.HiddenInput)],
)
def test_text_and_hidden_inputs_write_what_the_template_writes(value, fast, django):
    ours, theirs = both(
        fast(attrs={"class": "form-control", "maxlength": 200}),
        django(attrs={"class": "form-control", "maxlength": 200}),
        "form-1-note",
        value,
        attrs={"id": "id_form-1-note", "required": False, "autofocus": True},
    )
    assert ours == theirs


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("value", [None, "", Decimal("6.5"), Decimal("12"), 3, HOSTILE])
@pytest.mark.parametrize("localized", [False, True])
def test_a_number_input_writes_what_the_template_writes(value, localized, language):
    attrs = {"class": "form-control", "step": "0.5"}
    fast, django = widgets.NumberInput(attrs=attrs), forms.NumberInput(attrs=attrs)
    fast.is_localized = django.is_localized = localized
    with translation.override(language):
        ours, theirs = both(fast, django, "hours", value, attrs={"id": "id_hours"})
    assert ours == theirs


@pytest.mark.parametrize("value", [None, True, False, "", "on", "value"])
def test_a_checkbox_writes_what_the_template_writes(value):
    ours, theirs = both(
        widgets.CheckboxInput(attrs={"class": "form-check-input"}),
        forms.CheckboxInput(attrs={"class": "form-check-input"}),
        "form-2-applies",
        value,
        attrs={"id": "id_form-2-applies"},
    )
    assert ours == theirs


@pytest.mark.parametrize("value", [None, [], ["2"], [1, "x&y"]])
def test_a_checkbox_lists_options_write_what_the_template_writes(value):
    choices = [(1, "One"), ("2", HOSTILE), ("x&y", "Three")]
    fast = widgets.CheckboxSelectMultiple(attrs={"class": "form-check-input"}, choices=choices)
    django = forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}, choices=choices)

    class Form(forms.Form):
        tasks = forms.MultipleChoiceField(choices=choices, required=False)

    def tags(widget):
        form = Form(initial={"tasks": value})
        form.fields["tasks"].widget = widget
        field = form["tasks"]
        return [(choice.tag(), str(choice)) for choice in field], str(field)

    assert tags(fast) == tags(django)
