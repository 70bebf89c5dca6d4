"""Forms for sharing within a group. They collect and check input; services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from schools.models import School
from sharing.selectors import CopyPlan
from tasks.models import Cluster
from tasks.models import Task


def _task_choices(tasks: list[Task]) -> list[tuple[str, str]]:
    return [("", _("Choose a task"))] + [(t.code, f"{t.code} {t.title}") for t in tasks]


class DivisionForm(forms.Form):
    """What to compare across the group's schools: one task, or every task of a cluster."""

    task = forms.ChoiceField(label=_("Task"), required=False)
    cluster = forms.ChoiceField(
        label=_("or a whole cluster"),
        required=False,
        choices=[("", _("Choose a cluster"))] + list(Cluster.choices),
    )

    def __init__(self, *args, tasks: list[Task], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tasks = {t.code: t for t in tasks}
        self.fields["task"].choices = _task_choices(tasks)

    def clean(self) -> dict:
        data = super().clean()
        data["task"] = self.tasks.get(data.get("task") or "")
        return data


class CopyChooseForm(forms.Form):
    """Which school's set-up of which task to copy into the target school."""

    source = forms.ModelChoiceField(
        label=_("Copy from"),
        queryset=School.objects.none(),
        to_field_name="slug",
        empty_label=_("Choose a school of your group"),
    )
    task = forms.ChoiceField(label=_("Task"))

    def __init__(self, *args, sources: list[School], tasks: list[Task], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = School.objects.filter(pk__in=[s.pk for s in sources])
        self.sources = {s.slug: s for s in sources}
        self.tasks = {t.code: t for t in tasks}
        self.fields["task"].choices = _task_choices(tasks)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("source") is not None:
            # The school as the selector loaded it, with its consent.
            data["source"] = self.sources[data["source"].slug]
        data["task"] = self.tasks.get(data.get("task") or "")
        return data


NOBODY = ""


class CopyMapForm(forms.Form):
    """Per person of the source's set-up, who of the target's team takes it on."""

    def __init__(self, *args, plan: CopyPlan, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.people = {str(p.pk): p for p in plan.target_people}
        choices = [(NOBODY, _("nobody yet"))] + [
            (str(p.pk), f"{p.name} ({', '.join(map(str, p.get_role_labels())) or '—'})")
            for p in plan.target_people
        ]
        for slot in plan.slots:
            suggested = plan.suggestions.get(slot.key)
            self.fields[f"slot_{slot.key}"] = forms.ChoiceField(
                label=slot.label,
                choices=choices,
                required=False,
                initial=str(suggested.pk) if suggested else NOBODY,
            )

    def rows(self) -> list[tuple]:
        """(slot, bound field) pairs for the template."""
        return [(slot, self[f"slot_{slot.key}"]) for slot in self.plan.slots]

    def mapping(self) -> dict:
        """Slot key → the chosen person of the target's team, or None for nobody yet."""
        return {
            slot.key: self.people.get(self.cleaned_data.get(f"slot_{slot.key}") or NOBODY)
            for slot in self.plan.slots
        }


class ConsentForm(forms.Form):
    share_names = forms.BooleanField(
        label=_("The other schools of our group may see the names of our people"),
        required=False,
        help_text=_(
            "Without it they see roles only, e.g. “Technical ICT coordinator”. Your own "
            "school's users always see the names."
        ),
    )
