from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from development.models import DevelopmentItem
from development.routes import RouteKey
from development.services import ITEM_FIELDS
from schools.concurrency import VersionedModelForm
from schools.models import School
from teams.models import Person
from teams.selectors import team_people_queryset
from teams.selectors import team_tasks


class DevelopmentItemForm(VersionedModelForm):
    """An item of the plan: whom and which task from the school's team and list only."""

    class Meta:
        model = DevelopmentItem
        fields = ITEM_FIELDS
        widgets = {
            "due": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, school: School, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            pk__in=team_people_queryset(school=school).values("pk")
        ).order_by("name", "pk")
        self.fields["list_task"].queryset = team_tasks(owner=school)
        self.fields["list_task"].label_from_instance = lambda entry: (
            f"{entry.task.code} {entry.task.title}"
        )
        self.fields["list_task"].required = False


class GapItemForm(forms.Form):
    """The one-click form beside a gap: its values, with the route to take."""

    # Bounded: a number beyond the database's integer is no one's, not a server error.
    person = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    competence = forms.CharField(widget=forms.HiddenInput, max_length=20)
    list_task = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )
    route = forms.ChoiceField(label=_("route"), choices=RouteKey.choices)
