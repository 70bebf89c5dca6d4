"""Forms of the ICT policy plan and the needs scan pages."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policy.models import ActionStatus
from policy.models import Goal
from policy.models import GoalAction
from policy.models import PolicyPlan
from policy.scan import AREA_CHOICES
from policy.scan import TOOL_CHOICES
from policy.services import UPLOAD_MAX_BYTES
from schools.concurrency import VersionedModelForm
from tasks.models import ListTask
from teams.models import Person

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(VersionedModelForm):
    class Meta:
        model = PolicyPlan
        fields = ["pedagogical_vision", "technical_vision", "evaluation", "next_evaluation"]
        widgets = {
            "pedagogical_vision": forms.Textarea(attrs={"rows": 6}),
            "technical_vision": forms.Textarea(attrs={"rows": 4}),
            "evaluation": forms.Textarea(attrs={"rows": 3}),
            "next_evaluation": DATE,
        }


class TaskChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: ListTask) -> str:
        return f"{obj.task.code} {obj.task.title}"


class GoalForm(VersionedModelForm):
    tasks = TaskChoiceField(
        queryset=ListTask.objects.none(),
        required=False,
        label=_("Tasks of the task list that serve this goal"),
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Goal
        fields = ["title", "description", "tasks"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, tasks, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = tasks


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return obj.name


class ActionForm(VersionedModelForm):
    person = PersonChoiceField(queryset=Person.objects.none(), required=False, label=_("Who"))

    class Meta:
        model = GoalAction
        fields = ["text", "person", "due", "status"]
        widgets = {"due": DATE}

    def __init__(self, *args, candidates: list[tuple[str, list[Person]]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        field.queryset = Person.objects.filter(
            pk__in=[person.pk for _label, people in candidates for person in people]
        )
        # The people with a mandate on the goal's tasks come first, as a group of options.
        field.choices = [
            ("", "—"),
            *[
                (str(label), [(person.pk, person.name) for person in people])
                for label, people in candidates
            ],
        ]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("The plan you already have (PDF, DOCX or ODT)"),
        help_text=_("At most %(size)s.") % {"size": filesizeformat(UPLOAD_MAX_BYTES)},
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )


class ScanForm(forms.Form):
    tool = forms.ChoiceField(label=_("Tool"), choices=TOOL_CHOICES, initial="selfie")
    tool_name = forms.CharField(label=_("Name of the tool"), max_length=100, required=False)
    date = forms.DateField(label=_("Date of the scan"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["date"].initial = timezone.localdate()
        for area, label in AREA_CHOICES:
            self.fields[f"score_{area}"] = forms.DecimalField(
                label=label,
                required=False,
                min_value=Decimal("1"),
                max_value=Decimal("5"),
                max_digits=2,
                decimal_places=1,
                widget=forms.NumberInput(attrs={"step": "0.1", "min": "1", "max": "5"}),
            )

    def clean(self):
        data = super().clean()
        if data.get("tool") == "other" and not (data.get("tool_name") or "").strip():
            self.add_error("tool_name", _("Name the tool."))
        return data

    def scores(self) -> dict[str, Decimal | None]:
        return {area: self.cleaned_data.get(f"score_{area}") for area, _label in AREA_CHOICES}


class ScanImportForm(forms.Form):
    file = forms.FileField(
        label=_("Needs scan results (.xlsx)"),
        widget=forms.FileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


class FindingsForm(forms.Form):
    """Which of a scan's findings become goals of the plan."""

    findings = forms.MultipleChoiceField(
        label=_("Findings to turn into goals"),
        widget=forms.CheckboxSelectMultiple,
    )
    due = forms.DateField(label=_("First action by"), required=False, widget=DATE)

    def __init__(self, *args, standing, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.results = {str(row.result.pk): row.result for row in standing if not row.goals}
        self.fields["findings"].choices = [
            (str(row.result.pk), f"{row.label} ({row.result.score})")
            for row in standing
            if not row.goals
        ]
        self.fields["findings"].initial = [
            str(row.result.pk) for row in standing if row.weak and not row.goals
        ]

    def chosen(self):
        return [self.results[pk] for pk in self.cleaned_data["findings"]]


STATUS_CHOICES = ActionStatus.choices
