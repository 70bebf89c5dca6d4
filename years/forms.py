"""The rollover form: who leaves, the new year's hours of who stays, step 4's resources."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from guidelines.models import Resources
from teams.selectors import TeamMember
from years.services import HOUR_FIELDS
from years.services import Hours
from years.services import NewResources

HOUR_LABELS = {
    "ict_hours": _("ICT"),
    "bpt_hours": _("BPT"),
    "other_hours": _("other"),
    "external_hours": _("external"),
}


def _hours_field(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        max_digits=5, decimal_places=1, min_value=Decimal("0"), max_value=Decimal("80"), **kwargs
    )


class RolloverForm(forms.Form):
    ict_hours = forms.DecimalField(
        label=_("ICT hours per week"), max_digits=6, decimal_places=1, min_value=Decimal("0")
    )
    bpt_hours = forms.DecimalField(
        label=_("BPT hours per week"), max_digits=6, decimal_places=1, min_value=Decimal("0")
    )
    other_hours = forms.DecimalField(
        label=_("other hours per week"), max_digits=6, decimal_places=1, min_value=Decimal("0")
    )
    operating_budget = forms.DecimalField(
        label=_("operating budget per year (EUR)"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0"),
    )

    def __init__(
        self,
        *args,
        people: list[TeamMember],
        resources: Resources | None,
        has_plan: bool,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.people = people
        self.has_plan = has_plan
        if has_plan:
            for name in ("ict_hours", "bpt_hours", "other_hours", "operating_budget"):
                self.fields[name].initial = getattr(resources, name) if resources else 0
        else:
            # Resources live on the transition plan (step 4): without one there is nowhere
            # to record them.
            for name in ("ict_hours", "bpt_hours", "other_hours", "operating_budget"):
                del self.fields[name]
        self.rows = []
        for member in people:
            person = member.person
            leave = f"leave_{person.pk}"
            self.fields[leave] = forms.BooleanField(
                label=_("%(name)s leaves") % {"name": person.name}, required=False
            )
            names = []
            for source in HOUR_FIELDS:
                name = f"{source}_{person.pk}"
                self.fields[name] = _hours_field(
                    label=_("%(name)s: %(source)s hours per week")
                    % {"name": person.name, "source": HOUR_LABELS[source]},
                    required=False,
                    initial=getattr(person, source),
                )
                names.append(name)
            self.rows.append((member, leave, names))

    def row_fields(self):
        """Per person: the member, the "leaves" field and the four hours fields."""
        return [
            (member, self[leave], [self[name] for name in names])
            for member, leave, names in self.rows
        ]

    def leaving(self) -> set[int]:
        return {member.pk for member, leave, _names in self.rows if self.cleaned_data.get(leave)}

    def hours(self) -> dict[int, Hours]:
        """The new hours of each person; a field left empty keeps the current value."""
        result = {}
        for member, _leave, _names in self.rows:
            values = {}
            for source in HOUR_FIELDS:
                value = self.cleaned_data.get(f"{source}_{member.pk}")
                values[source] = value if value is not None else getattr(member.person, source)
            result[member.pk] = Hours(**values)
        return result

    def new_resources(self) -> NewResources | None:
        if not self.has_plan:
            return None
        return NewResources(
            ict_hours=self.cleaned_data["ict_hours"],
            bpt_hours=self.cleaned_data["bpt_hours"],
            other_hours=self.cleaned_data["other_hours"],
            operating_budget=self.cleaned_data["operating_budget"],
        )


class CompareForm(forms.Form):
    """Which two years to put side by side (a GET form)."""

    first = forms.TypedChoiceField(
        label=_("Year"), coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )
    second = forms.TypedChoiceField(
        label=_("compared with"), coerce=int, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args, years: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first"].choices = years
        self.fields["second"].choices = years
