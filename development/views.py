"""Professional development: a school's gaps and plan, an item's form, the group's view."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from development import services
from development.forms import DevelopmentItemForm
from development.forms import GapItemForm
from development.models import DevelopmentItem
from development.routes import GROUP_TRAINING
from development.routes import ROUTES
from development.selectors import RULE_SOURCE
from development.selectors import group_development
from development.selectors import plan_items
from development.selectors import team_development
from schools.access import CAN_EDIT_TEAM
from schools.access import get_school_object_or_404
from schools.access import has_role
from schools.access import owner_view
from schools.access import require_role
from schools.concurrency import save_or_rebind
from schools.models import School
from schools.models import SchoolGroup
from schools.school_years import current_school_year
from tasks.models import ListTask
from teams.models import Person
from teams.selectors import team_people_queryset

# The plan is the team's: written by whoever builds the team (group admin, school
# leader, ICT coordinator), read by every member of the school.
CAN_PLAN = CAN_EDIT_TEAM


def _plan_url(school: School, person_id: int | None = None) -> str:
    url = reverse("development:school_plan", kwargs={"school_slug": school.slug})
    return f"{url}?person={person_id}" if person_id else url


def _team_person(request: HttpRequest, school: School, person_id) -> Person:
    """A person of the school's team (group-level people who serve it included), or 404."""
    return get_school_object_or_404(
        request.user,
        Person.objects.filter(pk__in=_team_ids(school)),
        pk=person_id,
    )


def _team_ids(school: School):
    return team_people_queryset(school=school).values("pk")


def _item_or_404(request: HttpRequest, school: School, pk: int) -> DevelopmentItem:
    return get_school_object_or_404(
        request.user, DevelopmentItem.objects.filter(school=school), pk=pk
    )


def _render(request: HttpRequest, school: School, template: str, **extra) -> HttpResponse:
    """A page of the school's plan, under the team section of the school's menu."""
    return render(request, template, {"school": school, "section": "team", **extra})


@owner_view("GET")
def school_plan(request: HttpRequest, school: School) -> HttpResponse:
    team = team_development(school=school)
    person = None
    people_gaps = team.people_gaps
    raw = request.GET.get("person", "")
    if raw.isdigit():
        person = next((p for p in team.people if p.pk == int(raw)), None)
    if person is not None:
        people_gaps = [p for p in people_gaps if p.person.pk == person.pk]
    return _render(
        request,
        school,
        "development/school_plan.html",
        team=team,
        people_gaps=people_gaps,
        person=person,
        items=plan_items(school=school, person=person),
        can_edit=has_role(request.user, school, CAN_PLAN),
        rule_source=RULE_SOURCE,
        routes=ROUTES.values(),
    )


@owner_view("GET", "POST", role=CAN_PLAN)
def item_add(request: HttpRequest, school: School) -> HttpResponse:
    if request.method == "POST" and request.POST.get("from_gap"):
        return _add_from_gap(request, school)
    if request.method == "POST":
        form = DevelopmentItemForm(request.POST, school=school)
        if form.is_valid():
            try:
                item = services.item_create(
                    school=school, user=request.user, **_values(form.cleaned_data)
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The item is added to the plan."))
                return redirect(_plan_url(school) + f"#item-{item.pk}")
    else:
        initial = {"school_year": current_school_year()}
        for name in ("person", "competence", "list_task", "route"):
            if request.GET.get(name):
                initial[name] = request.GET[name]
        form = DevelopmentItemForm(initial=initial, school=school)
    return _render(request, school, "development/item_form.html", form=form, item=None)


def _values(data: dict) -> dict:
    return {name: data[name] for name in DevelopmentItemForm.Meta.fields}


def _add_from_gap(request: HttpRequest, school: School) -> HttpResponse:
    """One click beside a gap: the item as the gap says, in the current school year."""
    form = GapItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The item is not added: choose a route."))
        return redirect(_plan_url(school))
    data = form.cleaned_data
    person = _team_person(request, school, data["person"])
    entry = None
    if data["list_task"]:
        entry = get_school_object_or_404(
            request.user, ListTask.objects.filter(school=school), pk=data["list_task"]
        )
    try:
        item = services.item_create(
            school=school,
            person=person,
            competence=data["competence"],
            list_task=entry,
            route=data["route"],
            school_year=current_school_year(),
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join([_("The item is not added."), *error.messages]))
        return redirect(_plan_url(school))
    messages.success(
        request,
        _("The item is added to the plan for %(name)s. Edit it to set a term or a date.")
        % {"name": person.name},
    )
    return redirect(_plan_url(school) + f"#item-{item.pk}")


@owner_view("GET", "POST")
def item_edit(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    item = _item_or_404(request, school, pk)
    require_role(request.user, school, CAN_PLAN)
    if request.method == "POST":
        form = DevelopmentItemForm(request.POST, instance=item, school=school)
        form, saved, _item = save_or_rebind(
            form,
            lambda: services.item_update(
                item=item,
                version=form.loaded_version,
                user=request.user,
                **_values(form.cleaned_data),
            ),
            lambda data, current: DevelopmentItemForm(data, instance=current, school=school),
            invalid=lambda form, error: form.add_error(None, error),
        )
        if saved:
            messages.success(request, _("The item is saved."))
            return redirect(_plan_url(school) + f"#item-{item.pk}")
    else:
        form = DevelopmentItemForm(instance=item, school=school)
    return _render(request, school, "development/item_form.html", form=form, item=item)


@owner_view("POST")
def item_delete(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    item = _item_or_404(request, school, pk)
    require_role(request.user, school, CAN_PLAN)
    services.item_delete(item=item, user=request.user)
    messages.success(request, _("The item is removed from the plan."))
    return redirect(_plan_url(school))


@owner_view("GET")
def group_page(request: HttpRequest, group: SchoolGroup) -> HttpResponse:
    return render(
        request,
        "development/group.html",
        {
            "group": group,
            "section": "development",
            "development": group_development(group=group),
            "group_route": ROUTES[GROUP_TRAINING],
        },
    )
