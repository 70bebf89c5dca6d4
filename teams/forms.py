"""Forms of the team builder. They collect and check input; the services do the writing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from schools.concurrency import VersionedFormMixin
from schools.concurrency import VersionedModelForm
from schools.models import School
from tasks.models import Cluster
from tasks.models import Specialisation
from teams.models import HOURS
from teams.models import Agreement
from teams.models import AgreementKind
from teams.models import ConsultationGroup
from teams.models import ConsultationKind
from teams.models import Level
from teams.models import Person
from teams.models import PersonRole
from teams.selectors import COMPETENCE_LEVEL_FIELDS
from teams.selectors import MOTIVATION_LEVEL_FIELDS
from teams.selectors import CellState
from teams.selectors import MatrixFilters

# Chapter 1, "Competences per cluster": what each level means in each cluster, so a
# self-assessment reads as statements rather than bare numbers.
COMPETENCE_INTRO = {
    "technical": _(
        "Technical knowledge: electronics, infrastructure, network management, basic "
        "programming. Openness to further training matters most."
    ),
    "pedagogical": _(
        "Teaching experience or pedagogical knowledge, insight into the school's "
        "educational vision, and interest in digital tools for educational innovation."
    ),
    "policy": _(
        "Analytical thinking, keeping an overview (a helicopter view for long-term "
        "planning), social skills and change management."
    ),
    "administrative": _(
        "No specific competence is required; an aptitude and interest in everything to "
        "do with ICT is what counts."
    ),
}
COMPETENCE_STATEMENTS = {
    "technical": {
        Level.NONE: _("I leave technical problems to others."),
        Level.BASIC: _("I solve everyday problems: a projector, a printer, an account."),
        Level.GOOD: _("I manage devices, software and the network of the school."),
        Level.EXPERT: _(
            "I design and secure infrastructure and networks (bachelor level or equivalent)."
        ),
    },
    "pedagogical": {
        Level.NONE: _("I do not support teaching with ICT."),
        Level.BASIC: _("I use digital tools in my own lessons."),
        Level.GOOD: _("I help colleagues integrate ICT in their classes."),
        Level.EXPERT: _("I lead educational innovation with ICT in line with the school's vision."),
    },
    "policy": {
        Level.NONE: _("I do not take part in ICT policy."),
        Level.BASIC: _("I contribute ideas to the ICT policy when asked."),
        Level.GOOD: _("I analyse needs and help draw up the ICT policy plan."),
        Level.EXPERT: _(
            "I steer the ICT policy, plan for the long term and bring colleagues along."
        ),
    },
    "administrative": {
        Level.NONE: _("I do not do ICT administration."),
        Level.BASIC: _("I keep lists up to date: accounts, inventory, loans."),
        Level.GOOD: _("I run accounts, inventory and licences on my own."),
        Level.EXPERT: _("I set up and improve the administrative ICT processes."),
    },
}
MOTIVATION_CHOICES = [
    (Level.NONE, _("Not for me")),
    (Level.BASIC, _("If needed")),
    (Level.GOOD, _("Happy to")),
    (Level.EXPERT, _("My passion")),
]
HOURS_FIELD = {
    "max_digits": HOURS["max_digits"],
    "decimal_places": HOURS["decimal_places"],
    "min_value": Decimal("0"),
    "max_value": Decimal("80"),
    # Django's own words ("no more than 1 decimal place", "no more than 5 digits in
    # total") do not say what to type: hours are counted in tenths.
    "error_messages": {
        "max_decimal_places": _("Hours go in tenths at most, like 2.5."),
        "max_digits": _("Hours go in tenths at most, like 2.5."),
        "max_whole_digits": _("Hours per week are at most 80."),
    },
}


class PersonForm(VersionedFormMixin, forms.Form):
    """A person of the team with the self-assessment of chapter 1's competences."""

    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles in the ICT team"),
        choices=PersonRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ict_hours = forms.DecimalField(label=_("ICT hours per week"), initial=0, **HOURS_FIELD)
    bpt_hours = forms.DecimalField(
        label=_("BPT hours per week"),
        help_text=_("Hours for special pedagogical tasks."),
        initial=0,
        **HOURS_FIELD,
    )
    other_hours = forms.DecimalField(label=_("Other hours per week"), initial=0, **HOURS_FIELD)
    external_hours = forms.DecimalField(
        label=_("External contract hours per week"), initial=0, **HOURS_FIELD
    )
    specialisations = forms.MultipleChoiceField(
        label=_("Specialisations"),
        choices=Specialisation.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, instance: Person | None = None, **kwargs) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)
        self.instance = instance
        for key, label in Cluster.choices:
            statements = COMPETENCE_STATEMENTS[key]
            self.fields[f"competence_{key}"] = forms.TypedChoiceField(
                label=label,
                help_text=COMPETENCE_INTRO[key],
                choices=[(level.value, f"{level.label}: {statements[level]}") for level in Level],
                coerce=int,
                initial=Level.NONE,
                widget=forms.RadioSelect,
            )
        for key, label in Cluster.choices:
            self.fields[f"motivation_{key}"] = forms.TypedChoiceField(
                label=label,
                choices=MOTIVATION_CHOICES,
                coerce=int,
                initial=Level.NONE,
                widget=forms.RadioSelect,
            )
        self.track_version(instance)

    @staticmethod
    def initial_from(person: Person) -> dict:
        initial = {
            name: getattr(person, name)
            for name in (
                "name",
                "email",
                "phone",
                "roles",
                "ict_hours",
                "bpt_hours",
                "other_hours",
                "external_hours",
                "specialisations",
                "note",
            )
        }
        initial.update({f: getattr(person, f) for f in COMPETENCE_LEVEL_FIELDS.values()})
        initial.update({f: getattr(person, f) for f in MOTIVATION_LEVEL_FIELDS.values()})
        return initial

    def competence_fields(self) -> list[forms.BoundField]:
        return [self[f"competence_{key}"] for key in Cluster.values]

    def motivation_fields(self) -> list[forms.BoundField]:
        return [self[f"motivation_{key}"] for key in Cluster.values]

    def service_kwargs(self) -> dict:
        """The cleaned data as keyword arguments of person_create / person_update."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "email": data["email"],
            "phone": data["phone"],
            "roles": data["roles"],
            "ict_hours": data["ict_hours"],
            "bpt_hours": data["bpt_hours"],
            "other_hours": data["other_hours"],
            "external_hours": data["external_hours"],
            "specialisations": data["specialisations"],
            "note": data["note"],
            "competences": {key: data[f"competence_{key}"] for key in Cluster.values},
            "motivation": {key: data[f"motivation_{key}"] for key in Cluster.values},
        }


class GroupPersonForm(PersonForm):
    """A group-level person: their hours split over the schools of the group."""

    def __init__(self, *args, schools: list[School], shares: dict[int, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.schools = schools
        for school in schools:
            self.fields[f"share_{school.pk}"] = forms.DecimalField(
                label=school.name,
                required=False,
                initial=shares.get(school.pk),
                help_text=_("Leave empty if this person does not serve the school."),
                **HOURS_FIELD,
            )

    def share_fields(self) -> list[forms.BoundField]:
        return [self[f"share_{school.pk}"] for school in self.schools]

    def school_shares(self) -> dict[School, Decimal]:
        return {
            school: self.cleaned_data[f"share_{school.pk}"]
            for school in self.schools
            if self.cleaned_data.get(f"share_{school.pk}") is not None
        }

    def clean(self) -> dict:
        data = super().clean()
        hours = sum(
            (data.get(f) or Decimal("0"))
            for f in ("ict_hours", "bpt_hours", "other_hours", "external_hours")
        )
        shares = sum(
            (data.get(f"share_{s.pk}") or Decimal("0") for s in self.schools), Decimal("0")
        )
        if shares > hours:
            raise forms.ValidationError(
                _(
                    "The school shares add up to %(shares)s hours, more than the %(hours)s "
                    "hours available."
                )
                % {"shares": shares, "hours": hours}
            )
        return data


class AssignmentForm(VersionedFormMixin, forms.Form):
    """One person's mandates, backup and hours on one task."""

    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.none())
    decides = forms.BooleanField(label=_("Decides"), required=False)
    executes = forms.BooleanField(label=_("Executes"), required=False)
    monitors = forms.BooleanField(label=_("Directs and follows up"), required=False)
    lead = forms.BooleanField(label=_("Lead and contact point"), required=False)
    backup = forms.ModelChoiceField(
        label=_("Backup"), queryset=Person.objects.none(), required=False
    )
    hours = forms.DecimalField(label=_("Hours per week"), initial=0, **HOURS_FIELD)

    def __init__(self, *args, people: list[Person], instance=None, **kwargs) -> None:
        """``instance``: the assignment the row shows (None: a new row, version "")."""
        super().__init__(*args, **kwargs)
        self.instance = instance
        self.track_version(instance, absent=True)
        ids = [p.pk for p in people]
        # The choices come from the already loaded team; the queryset only validates.
        for name in ("person", "backup"):
            field = self.fields[name]
            field.queryset = Person.objects.filter(pk__in=ids)
        self.fields["person"].choices = [("", "—")] + [(p.pk, p.name) for p in people]
        self.fields["backup"].choices = [("", _("No backup"))] + [(p.pk, p.name) for p in people]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("person") and data.get("backup") and data["person"] == data["backup"]:
            self.add_error("backup", _("A person cannot be their own backup."))
        return data


class MatrixFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    cluster = forms.ChoiceField(label=_("Cluster"), required=False)
    core = forms.ChoiceField(
        label=_("Core task"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Yes")), ("no", _("No"))],
    )
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)
    uncovered = forms.BooleanField(label=_("Only tasks nobody executes"), required=False)

    def __init__(self, *args, people: list[Person], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].choices = [("", _("Any"))] + Cluster.choices
        self.fields["person"].choices = [("", _("Anyone"))] + [(p.pk, p.name) for p in people]

    def filters(self) -> MatrixFilters:
        if not self.is_valid():
            return MatrixFilters()
        data = self.cleaned_data
        return MatrixFilters(
            q=data["q"].strip(),
            cluster=data["cluster"],
            core={"yes": True, "no": False}.get(data["core"]),
            person=data["person"],
            uncovered=data["uncovered"],
        )


@dataclass(frozen=True)
class UnboundMatrixFilter:
    """The matrix's filter as first shown, unbound: what the page reads of it, without
    the form.

    The matrix as first shown, and a cluster opened from it, filter nothing. Building the
    form copies its five fields and the team's choices, and writing it escapes every
    option: about half a millisecond a page for HTML that only the language and the
    team's names change. ``{% matrix_filter_fields %}`` writes it once per process,
    language and team (``people``: each person's id and name), from the form ``form()``
    builds; ``filters()`` is the unbound form's (no filter).
    """

    people: tuple[tuple[int, str], ...]

    # The request's parameters that fill the form in: without any of them it is unbound.
    FIELDS: ClassVar[frozenset[str]] = frozenset({"q", "cluster", "core", "person", "uncovered"})

    def filters(self) -> MatrixFilters:
        return MatrixFilters()

    def form(self) -> MatrixFilterForm:
        return MatrixFilterForm(people=[Person(pk=pk, name=name) for pk, name in self.people])


def matrix_filter(
    data: QueryDict, *, people: list[Person]
) -> MatrixFilterForm | UnboundMatrixFilter:
    """The matrix's filter for a request's ``data``: the form, or, where the request fills
    none of its fields in (the page as first shown, a cluster opened from it), its
    unbound stand-in, written once per process (``UnboundMatrixFilter``)."""
    if UnboundMatrixFilter.FIELDS.isdisjoint(data):
        return UnboundMatrixFilter(tuple((p.pk, p.name) for p in people))
    return MatrixFilterForm(data, people=people)


class MatrixCellForm(forms.Form):
    """One matrix cell: a person's mandates, hours and backup on one task.

    ``was`` is the cell's state as the editor showed it (``CellState.token``): the save
    goes ahead only if the cell still holds it.
    """

    decides = forms.BooleanField(label=_("D: decides"), required=False)
    executes = forms.BooleanField(label=_("E: executes"), required=False)
    monitors = forms.BooleanField(label=_("M: directs and follows up"), required=False)
    lead = forms.BooleanField(label=_("L: lead and contact point"), required=False)
    hours = forms.DecimalField(label=_("Hours per week"), initial=0, **HOURS_FIELD)
    backup = forms.ModelChoiceField(
        label=_("Backup"), queryset=Person.objects.none(), required=False
    )
    was = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, people: list[Person], person: Person, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        others = [p for p in people if p.pk != person.pk]
        field = self.fields["backup"]
        # The choices come from the already loaded team; the queryset only validates.
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in others])
        field.choices = [("", _("No backup"))] + [(p.pk, p.name) for p in others]

    def clean_was(self) -> CellState:
        state = CellState.parse(self.cleaned_data["was"])
        if state is None:
            raise forms.ValidationError(_("Open the cell again: its state was not understood."))
        return state


class ConsultationGroupForm(VersionedFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ConsultationKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(
        label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    rhythm = forms.CharField(
        label=_("Rhythm"), max_length=100, required=False, help_text=_("e.g. monthly")
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Members"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    group_link = forms.CharField(
        label=_("Link with the group level"),
        help_text=_("How this group connects to the school group's consultation."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def __init__(
        self, *args, people: list[Person], instance: ConsultationGroup | None = None, **kwargs
    ) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "kind": instance.kind,
                "name": instance.name,
                "purpose": instance.purpose,
                "rhythm": instance.rhythm,
                "members": [p.pk for p in instance.members.all()],
                "group_link": instance.group_link,
            }
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Person.objects.filter(pk__in=[p.pk for p in people])
        self.fields["members"].choices = [(p.pk, p.name) for p in people]
        self.track_version(instance)


class AgreementForm(VersionedModelForm):
    class Meta:
        model = Agreement
        fields = ["kind", "text", "in_place"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"kind": _("Kind"), "text": _("Agreement"), "in_place": _("In place")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = AgreementKind.choices
