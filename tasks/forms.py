import dataclasses
from collections.abc import Iterable

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from schools.concurrency import VERSION_FIELD
from schools.concurrency import Conflict
from schools.concurrency import RowConflicts
from schools.concurrency import VersionedModelForm
from schools.forms import WorkbookUploadForm
from schools.forms import workbook_file
from tasks import widgets as row_widgets
from tasks.models import LIST_CHOICE_FIELDS
from tasks.models import Cluster
from tasks.models import Competence
from tasks.models import Context
from tasks.models import Horizon
from tasks.models import LevelReason
from tasks.models import ListLevel
from tasks.models import ListTask
from tasks.models import TaskLevel
from tasks.selectors import TaskFilters
from tasks.selectors import catalogue_topics
from tasks.services import list_task_update

YES_NO = [("", _("Any")), ("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _filter(label: str, choices: Iterable[tuple[str, str]] = ()) -> forms.ChoiceField:
    """A filter on one of a task's choices: any value (no filter), or one of them."""
    return forms.ChoiceField(label=label, required=False, choices=[("", _("Any")), *choices])


class TaskFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    cluster = _filter(_("Cluster"), Cluster.choices)
    topic = _filter(_("Topic"))
    core = forms.ChoiceField(label=_("Core task"), required=False, choices=YES_NO)
    level = _filter(_("Usual level"), TaskLevel.choices)
    competence = _filter(_("Competence"), Competence.choices)
    context = _filter(_("Context"), Context.choices)

    def __init__(self, *args, topics: Iterable[tuple[str, str]] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The topics are the catalogue's, read per form rather than once at import; the
        # clusters' labels translated once a form, not once a topic.
        clusters = {value: str(label) for value, label in Cluster.choices}
        self.fields["topic"].choices = [("", _("Any"))] + [
            (topic, f"{clusters[cluster]} · {topic}")
            for cluster, topic in (catalogue_topics() if topics is None else topics)
        ]

    @classmethod
    def from_query(cls, data) -> "TaskFilterForm | UnboundFilters":
        """The filter of a request's query string: the form when it has one, else the
        filter as first shown (``UnboundFilters``), which a page writes without a form."""
        if data:
            return cls(data)
        return UnboundFilters(form_class=cls, topics=tuple(catalogue_topics()))

    def filters(self) -> TaskFilters:
        if not self.is_valid():
            return TaskFilters()
        data = self.cleaned_data
        return TaskFilters(
            q=data["q"].strip(),
            cluster=data["cluster"],
            topic=data["topic"],
            core=_yes_no(data["core"]),
            level=data["level"],
            competence=data["competence"],
            context=data["context"],
        )

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


@dataclasses.dataclass(frozen=True)
class UnboundFilters:
    """A filter form as first shown, unbound: what the pages read of it, without the form.

    Most views of the catalogue and the task lists filter nothing. Building the form
    copies its eleven fields and normalises the topics' fifty choices, and writing it
    escapes every option: about a millisecond a page for HTML that only the language and
    the catalogue's topics change. ``{% filter_fields %}`` writes it once per process,
    language and topics, from the form ``form()`` builds; ``filters()`` is the unbound
    form's (no filter).
    """

    form_class: type[TaskFilterForm]
    topics: tuple[tuple[str, str], ...]
    is_bound = False
    is_filtered = False

    def filters(self) -> TaskFilters:
        return TaskFilters()

    def form(self) -> TaskFilterForm:
        return self.form_class(topics=self.topics)


class ListFilterForm(TaskFilterForm):
    applies = forms.ChoiceField(label=_("Applies"), required=False, choices=YES_NO)
    horizon = _filter(_("Horizon"), Horizon.choices)
    list_level = _filter(_("Level on our list"), ListLevel.choices)
    to_review = forms.BooleanField(label=_("Only catalogue changes to review"), required=False)

    def filters(self) -> TaskFilters:
        base = super().filters()
        if not self.is_valid():
            return base
        data = self.cleaned_data
        return dataclasses.replace(
            base,
            applies=_yes_no(data["applies"]),
            horizon=data["horizon"],
            list_level=data["list_level"],
            to_review=data["to_review"],
        )


class ListTaskRowForm(VersionedModelForm):
    """One row of the list editor: the choices a school makes per task.

    Its widgets write their HTML in Python (``tasks/widgets.py``): a page holds fifty
    rows of them.
    """

    class Meta:
        model = ListTask
        fields = ["applies", "horizon", "level", "note"]
        widgets = {
            "note": row_widgets.TextInput(attrs={"class": "form-control form-control-sm"}),
            "horizon": row_widgets.Select(attrs={"class": "form-select form-select-sm"}),
            "level": row_widgets.Select(attrs={"class": "form-select form-select-sm"}),
            "applies": row_widgets.CheckboxInput(attrs={"class": "form-check-input"}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD].widget = row_widgets.HiddenInput()


class BaseListTaskFormSet(forms.BaseModelFormSet):
    def __getitem__(self, index):
        # A template looks up ``formset.management_form`` as ``formset["management_form"]``
        # first: a name is no row, and asking must not build the page's fifty forms, which
        # the list page writes from the rows themselves ({% task_list_rows %}).
        if not isinstance(index, int):
            raise TypeError(f"A formset's rows are numbered, not {type(index).__name__}.")
        return super().__getitem__(index)

    # A page as first shown: its rows, already read (``task_list_page``), which the page
    # writes without building a form (``{% task_list_rows %}``); ``queryset`` is still
    # the page's query, for the forms' row ids should they be built.
    page_rows: list | None = None

    def get_queryset(self):
        if self.page_rows is not None:
            return self.page_rows
        return super().get_queryset()

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        # Row ids must come from the owner's own list: another school's id is invalid.
        form.fields["id"].queryset = (
            self.get_queryset() if self.page_rows is None else self.queryset
        )
        form.fields["id"].widget = row_widgets.HiddenInput()

    def save_changed_rows(self) -> int:
        """Save the changed rows of a valid formset through ``list_task_update`` and say how
        many changed; all or none: rows someone else saved meanwhile raise ``RowConflicts``
        (by row pk), and nothing is saved, so their changes are not overwritten."""
        changed = 0
        conflicts: dict[int, Conflict] = {}
        with transaction.atomic():
            for form in self.forms:
                if not form.has_changed():
                    continue
                try:
                    list_task_update(
                        entry=form.instance,
                        version=form.loaded_version,
                        **{
                            name: form.cleaned_data[name]
                            for name in form.changed_data
                            if name in form._meta.fields
                        },
                    )
                except Conflict as conflict:
                    conflicts[form.instance.pk] = conflict
                changed += 1
            if conflicts:
                # Leaving the transaction by the exception undoes the rows already saved.
                raise RowConflicts(conflicts)
        return changed


ListTaskFormSet = forms.modelformset_factory(
    ListTask, form=ListTaskRowForm, formset=BaseListTaskFormSet, extra=0, edit_only=True
)


class ListTaskForm(VersionedModelForm):
    """Everything about one task on the list, step 5's questions included."""

    class Meta:
        model = ListTask
        fields = LIST_CHOICE_FIELDS
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The version token's input written in Python, not by three widget templates.
        self.fields[VERSION_FIELD].widget = row_widgets.HiddenInput()


class OwnTaskForm(forms.Form):
    """A task of the school's (or group's) own, beside the catalogue."""

    title = forms.CharField(label=_("Task"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    cluster = forms.ChoiceField(label=_("Cluster"), choices=Cluster.choices)
    topic = forms.CharField(label=_("Topic"), max_length=100)
    is_core = forms.BooleanField(label=_("Core task of the ICT coordinator"), required=False)
    competences = forms.MultipleChoiceField(
        label=_("Competences needed"),
        choices=Competence.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    horizon = forms.ChoiceField(label=_("Horizon"), choices=Horizon.choices)
    level = forms.ChoiceField(label=_("Level"), choices=ListLevel.choices)
    level_reason = forms.ChoiceField(
        label=_("Reason for the level"), choices=[("", "—")] + LevelReason.choices, required=False
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class TaskImportForm(WorkbookUploadForm):
    """Upload of a task workbook; the import itself checks the contents."""

    file = workbook_file(
        _("Task workbook (.xlsx)"),
        help_text=_("An Excel workbook with a “Tasks” sheet, as the download button gives it."),
    )
