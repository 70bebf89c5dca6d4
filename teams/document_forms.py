"""Forms of the team documents: editing a vacancy, choosing its tasks, importing a workbook."""

from decimal import Decimal

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _

from schools.concurrency import VersionedModelForm
from schools.forms import WorkbookUploadForm
from schools.forms import workbook_file
from schools.workbooks import PendingConfirmForm
from tasks import widgets as row_widgets
from tasks.models import ListTask
from tasks.models import text_languages
from teams.documents import FULL_TIME_HOURS
from teams.documents import VACANCY_PARTS
from teams.documents import school_level_only
from teams.models import Vacancy


class VacancyForm(VersionedModelForm):
    """Every part of a vacancy, editable before the school posts it."""

    class Meta:
        model = Vacancy
        fields = list(VACANCY_PARTS)
        widgets = {
            "profile_text": forms.Textarea(attrs={"rows": 2}),
            "text": forms.Textarea(attrs={"rows": 18}),
            "terms": forms.Textarea(attrs={"rows": 4}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "contact": forms.Textarea(attrs={"rows": 3}),
            "how_to_apply": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }


class _Pairs(BaseChoiceIterator):
    """Choices that are (value, label) pairs already. A list set as a field's choices is
    normalised, value by value, for the field and again for its widget; an iterator of
    choices is taken as it is (about 0.2 ms of the documents page, a school's 120 gaps).
    """

    def __init__(self, pairs: list[tuple[int, str]]) -> None:
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)


class VacancyTasksForm(forms.Form):
    """Which gap tasks a new vacancy covers, and the hours the school gives the post.

    Only tasks at the school's own level can be chosen: the group recruits for the
    tasks it organises (``group_level`` lists them for the page's note). Those nobody
    in the team could take are preselected.
    """

    tasks = forms.TypedMultipleChoiceField(
        label=_("Tasks for the vacancy"),
        coerce=int,
        # One checkbox per gap: written in Python, not a template each.
        widget=row_widgets.CheckboxSelectMultiple,
    )
    hours = forms.DecimalField(
        label=_("Hours per week for the post"),
        required=False,
        min_value=Decimal("0.5"),
        max_value=FULL_TIME_HOURS,
        decimal_places=1,
        # Written in Python: three templates through the engine cost the documents page
        # about as much as its gaps' checkboxes.
        widget=row_widgets.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
        help_text=_(
            "Set by the school, from its resources for ICT coordination; prefilled with the "
            "hours step 4 of the transition plan recorded and nobody holds yet."
        ),
    )

    def __init__(self, *args, gaps: list[ListTask], hours: Decimal | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        own, self.group_level = school_level_only(gaps)
        # ``id``, not ``pk``: the property costs a call a read, three reads a task.
        self.gaps = {entry.id: entry for entry in own}
        field = self.fields["tasks"]
        # The label's words translated once, not once a task, and a task's title in the
        # reader's language, else another (``Task.title``), the order worked out once.
        words = (str(_("core task")), str(_("nobody in the team could take it")))
        could = str(_("could be taken by: %(names)s"))
        titles = tuple(f"title_{code}" for code in text_languages())
        field.choices = _Pairs(
            [(entry.id, self._label(entry, words, could, titles)) for entry in own]
        )
        # Preselect what nobody in the team could take: those are the hiring case.
        field.initial = [entry.id for entry in own if entry.gap.nobody_capable]
        if hours:
            self.fields["hours"].initial = hours

    @staticmethod
    def _label(entry: ListTask, words: tuple[str, str], could: str, titles: tuple[str, ...]) -> str:
        core, nobody = words
        task = entry.task
        title = next((value for name in titles if (value := getattr(task, name))), "")
        label = f"{task.code} {title}"
        if task.is_core:
            label += f" ({core})"
        candidates = entry.gap.candidates
        if not candidates:
            return f"{label} — {nobody}"
        names = ", ".join(person.name for person in candidates[:3]) + (
            " …" if len(candidates) > 3 else ""
        )
        return f"{label} — {could % {'names': names}}"

    def chosen(self) -> list[ListTask]:
        return [self.gaps[pk] for pk in self.cleaned_data["tasks"]]


class WorkbookImportForm(WorkbookUploadForm):
    """Upload of a division-of-tasks workbook; the preview comes first, always."""

    file = workbook_file(_("Division of tasks (.xlsx)"))


class WorkbookConfirmForm(PendingConfirmForm):
    """Confirms a previewed upload, and whether the assignments changed since the export
    may be overwritten."""

    accept_stale = forms.BooleanField(
        label=_("Yes, overwrite the assignments changed since the export"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
