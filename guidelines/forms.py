"""Forms of the wizard's pages. Choices and labels come from the flowchart data."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guidelines.flowchart import ROUTES
from guidelines.flowchart import Node
from guidelines.models import ActionItem
from guidelines.models import EvaluationOutcome
from guidelines.models import GapRoute
from guidelines.models import Resources
from schools.concurrency import VersionedFormMixin
from schools.concurrency import VersionedModelForm
from tasks.forms import BaseListTaskFormSet
from tasks.models import LIST_CHOICE_FIELDS
from tasks.models import Horizon
from tasks.models import LevelReason
from tasks.models import ListLevel
from tasks.models import ListTask


class AnswerForm(VersionedFormMixin, forms.Form):
    """One question's answers as radio buttons (a fieldset with the question as legend)."""

    answer = forms.ChoiceField(widget=forms.RadioSelect)

    def __init__(self, *args, node: Node, initial_value: str = "", record=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["answer"]
        field.choices = [(answer.value, answer.label) for answer in node.answers]
        field.label = node.text
        if initial_value:
            field.initial = initial_value
        self.track_version(record, absent=True)


class ResourcesForm(VersionedModelForm):
    class Meta:
        model = Resources
        fields = ["ict_hours", "bpt_hours", "other_hours", "operating_budget", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


# Step 5's list fields, in the order the rows show them: the list choices but the note.
TASK_LIST_FIELDS = tuple(name for name in LIST_CHOICE_FIELDS if name != "note")
ROW_WIDGETS = {
    "applies": forms.CheckboxInput(attrs={"class": "form-check-input"}),
    "raise_with_director": forms.CheckboxInput(attrs={"class": "form-check-input"}),
    "horizon": forms.Select(attrs={"class": "form-select form-select-sm"}),
    "level": forms.Select(attrs={"class": "form-select form-select-sm"}),
    "level_reason": forms.Select(attrs={"class": "form-select form-select-sm"}),
}


def task_list_fields(node: Node) -> list[str]:
    """The list fields step 5's prompts for this lead decide, in row order."""
    wanted = {name for prompt in node.prompts for name in prompt.fields}
    return [name for name in TASK_LIST_FIELDS if name in wanted]


def task_list_formset(node: Node, *, data=None, queryset=None):
    """Rows of the customised task list with the fields this lead's questions ask about."""
    formset_class = forms.modelformset_factory(
        ListTask,
        fields=task_list_fields(node),
        widgets=ROW_WIDGETS,
        form=VersionedModelForm,
        formset=BaseListTaskFormSet,
        extra=0,
        edit_only=True,
    )
    return formset_class(data, queryset=queryset, prefix="rows")


def _bulk_choices(fields: list[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """What a bulk action may set, grouped by field: only the fields this lead decides."""
    groups = {
        "applies": (
            _("Applies"),
            [("applies:1", _("Applies")), ("applies:0", _("Does not apply"))],
        ),
        "horizon": (_("Horizon"), [(f"horizon:{k}", label) for k, label in Horizon.choices]),
        "level": (_("Level"), [(f"level:{k}", label) for k, label in ListLevel.choices]),
        "level_reason": (
            _("Reason for the level"),
            [(f"level_reason:{k}", label) for k, label in LevelReason.choices],
        ),
        "raise_with_director": (
            _("Raise with the general director"),
            [
                ("raise_with_director:1", _("Raise with the general director")),
                ("raise_with_director:0", _("Do not raise with the general director")),
            ],
        ),
    }
    return [groups[name] for name in fields if name in groups]


class TaskListBulkForm(forms.Form):
    """Step 5's bulk action: one choice for every shown task, or those of one topic."""

    BOOLEAN_FIELDS = ("applies", "raise_with_director")

    topic = forms.ChoiceField(label=_("Tasks"), required=False)
    change = forms.ChoiceField(label=_("Set"))

    def __init__(self, *args, fields: list[str], topics: list[str], cluster_label: str, **kwargs):
        super().__init__(*args, prefix="bulk", **kwargs)
        self.fields["topic"].choices = [
            ("", _("Every task of %(cluster)s") % {"cluster": cluster_label})
        ] + [(topic, _("Topic: %(topic)s") % {"topic": topic}) for topic in topics]
        self.fields["change"].choices = _bulk_choices(fields)

    def changes(self) -> dict[str, object]:
        name, value = self.cleaned_data["change"].split(":", 1)
        return {name: value == "1" if name in self.BOOLEAN_FIELDS else value}


class GapDecisionsForm(forms.Form):
    """Step 6, per gap task: recruit, outsource, give it to someone inside, or drop it.

    The rules' suggestion is preselected; for a task given inside, whom the report names
    for it (the catalogue's "can also be taken on by") fills "taken on by"."""

    def __init__(self, *args, gaps, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.gaps = gaps
        for gap in gaps:
            self.fields[f"route_{gap.entry.pk}"] = forms.ChoiceField(
                label=gap.task.title,
                choices=[(key, ROUTES[key].label) for key in GapRoute.values],
                initial=gap.route,
                widget=forms.RadioSelect,
            )
            self.fields[f"taken_by_{gap.entry.pk}"] = forms.CharField(
                label=_("Taken on by (%(task)s)") % {"task": gap.task.code},
                required=False,
                max_length=200,
                initial=gap.taken_by or gap.suggested_by,
                help_text=_("Only for a task given to someone inside."),
            )
            self.fields[f"note_{gap.entry.pk}"] = forms.CharField(
                label=_("Note on %(task)s") % {"task": gap.task.code},
                required=False,
                max_length=500,
                initial=gap.decision.note if gap.decision else "",
            )

    def rows(self):
        return [
            (
                gap,
                self[f"route_{gap.entry.pk}"],
                self[f"taken_by_{gap.entry.pk}"],
                self[f"note_{gap.entry.pk}"],
            )
            for gap in self.gaps
        ]

    def decisions(self):
        for gap in self.gaps:
            yield (
                gap,
                self.cleaned_data[f"route_{gap.entry.pk}"],
                self.cleaned_data[f"taken_by_{gap.entry.pk}"],
                self.cleaned_data[f"note_{gap.entry.pk}"],
            )


class ChecklistForm(forms.Form):
    """Step 7's team actions that are ticked by hand."""

    def __init__(self, *args, rows, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.manual = [row for row in rows if not row.computed]
        for row in self.manual:
            self.fields[row.item.key] = forms.BooleanField(
                label=row.item.text, required=False, initial=row.done
            )


class EvaluationForm(forms.Form):
    date = forms.DateField(
        label=_("Date of the evaluation"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
    )
    outcome = forms.ChoiceField(
        label=_("Is the collaboration running smoothly?"),
        choices=EvaluationOutcome.choices,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What goes well, what not; should the team or the division change?"),
    )


class ActionItemForm(VersionedModelForm):
    class Meta:
        model = ActionItem
        fields = ["text", "who", "due", "done"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}


class ActionItemAddForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["text", "who", "due"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}
