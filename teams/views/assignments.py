"""The assignments of a task, and approving mandates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.access import CAN_EDIT_TEAM
from schools.access import CAN_MANAGE
from schools.access import get_school_object_or_404
from schools.access import owner_view
from schools.access import require_role
from schools.concurrency import Conflict
from schools.concurrency import RowConflicts
from schools.concurrency import rebase
from schools.fields import parse_id
from schools.models import School
from schools.redirects import safe_next_url
from tasks.models import ListTask
from teams.forms import AssignmentForm
from teams.models import Assignment
from teams.selectors import pending_mandates
from teams.selectors import task_assignments
from teams.selectors import team_health
from teams.selectors import team_people
from teams.services import AssignmentInput
from teams.services import assignment_approve
from teams.services import assignments_approve_all
from teams.services import task_assignments_save
from teams.views.common import _context
from teams.views.common import _entry_context
from teams.views.common import _mandate_data
from teams.views.common import _team_url

# --- assignments task by task -----------------------------------------------------------


def _task_entry_or_404(request: HttpRequest, school: School, pk: int) -> ListTask:
    return get_school_object_or_404(
        request.user, ListTask.objects.filter(school=school).select_related("task"), pk=pk
    )


CHANGED_MEANWHILE = gettext_lazy(
    "Someone else changed the mandates of this task while you were editing them: see the "
    "marked rows, then save again."
)


def _assignment_initial(assignment: Assignment) -> dict:
    return {
        "person": assignment.person_id,
        "decides": assignment.decides,
        "executes": assignment.executes,
        "monitors": assignment.monitors,
        "lead": assignment.lead,
        "backup": assignment.backup_id,
        "hours": assignment.hours,
    }


def _assignment_forms(data, current, people):
    forms = [
        AssignmentForm(
            data,
            prefix=f"a{assignment.person_id}",
            people=people,
            initial=_assignment_initial(assignment),
            instance=assignment,
        )
        for assignment in current
    ]
    new_form = AssignmentForm(
        data if data is not None and data.get("new-person") else None,
        prefix="new",
        people=[p for p in people if p.pk not in {a.person_id for a in current}],
    )
    return forms, new_form


def _assignments_rebased(request, forms, new_form, conflicts, current, people):
    """The task page again after conflicts: the user's input, the others' rows merged.

    A row someone else added meanwhile shows as they saved it; a new row for a person
    someone else gave the task meanwhile becomes that person's row, with the input.
    """
    data = request.POST.copy()
    posted = {form.prefix: form for form in forms}
    # The new row's person, read raw: once they have a row, the new row refuses them.
    moved = parse_id(data.get("new-person", "")) if new_form.is_bound else None
    rows = {}
    for assignment in current:
        prefix = f"a{assignment.person_id}"
        fresh = AssignmentForm(
            prefix=prefix,
            people=people,
            initial=_assignment_initial(assignment),
            instance=assignment,
        )
        if prefix in posted and assignment.person_id in conflicts:
            rows[assignment.person_id] = rebase(posted[prefix], fresh, data)
        elif prefix not in posted and assignment.person_id == moved:
            rows[moved] = rebase(new_form, fresh, data)
            for name in new_form.fields:
                data.setlist(f"{prefix}-{name}", data.getlist(f"new-{name}"))
            data.pop("new-person", None)
        elif prefix not in posted:
            for name in fresh.fields:
                value = fresh[name].value()
                if name == "version":
                    data[fresh.add_prefix(name)] = value
                elif isinstance(value, bool):
                    if value:
                        data[fresh.add_prefix(name)] = "on"
                    else:
                        data.pop(fresh.add_prefix(name), None)
                else:
                    data[fresh.add_prefix(name)] = "" if value is None else str(value)
    forms, new_form = _assignment_forms(data, current, people)
    for form in forms:
        if form.instance.person_id in rows:
            form.conflict = rows[form.instance.person_id]
            form.conflict_message = conflicts[form.instance.person_id].messages[0]
    gone = [form.prefix for form in posted.values() if int(form.prefix[1:]) in conflicts]
    removed = sorted(
        p.name for p in people if f"a{p.pk}" in gone and p.pk not in {a.person_id for a in current}
    )
    return forms, new_form, removed


@owner_view()
def task_assignments_view(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    entry = _task_entry_or_404(request, school, pk)
    members = team_people(school=school)
    people = [m.person for m in members]
    current = task_assignments(school=school, entry=entry)
    forms, new_form = _assignment_forms(request.POST or None, current, people)
    errors: list[str] = []
    if request.method == "POST":
        require_role(request.user, school, CAN_EDIT_TEAM)
        # Rows someone else added since the page was loaded are not in the post.
        unseen = {
            form.instance.person_id: Conflict(current=form.instance)
            for form in forms
            if form.add_prefix("person") not in request.POST
        }
        forms = [form for form in forms if form.instance.person_id not in unseen]
        bound = forms + ([new_form] if new_form.is_bound else [])
        if unseen:
            forms, new_form, _removed = _assignments_rebased(
                request, forms, new_form, unseen, current, people
            )
            errors.append(CHANGED_MEANWHILE)
        elif all(f.is_valid() for f in bound):
            rows = []
            for form in forms:
                data = form.cleaned_data
                # The person of an existing row is fixed by its prefix, not by the post.
                person_pk = int(form.prefix[1:])
                data["person"] = next(p for p in people if p.pk == person_pk)
                rows.append(_row(data, form.loaded_version))
            if new_form.is_bound:
                rows.append(_row(new_form.cleaned_data, new_form.loaded_version))
            try:
                task_assignments_save(school=school, list_task=entry, rows=rows, user=request.user)
            except RowConflicts as conflicts:
                current = task_assignments(school=school, entry=entry)
                forms, new_form, removed = _assignments_rebased(
                    request, forms, new_form, conflicts.rows, current, people
                )
                errors.append(CHANGED_MEANWHILE)
                errors.extend(
                    _("Someone else ended the assignment of %(person)s.") % {"person": name}
                    for name in removed
                )
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(
                    request,
                    _("Saved the mandates for “%(task)s”. Team health is updated.")
                    % {"task": entry.task.title},
                )
                return redirect(_team_url(school, "task_assignments", pk=entry.pk))
    health = team_health(school=school)
    rows = list(zip(current, forms, strict=True))
    return render(
        request,
        "teams/task_assignments.html",
        _entry_context(
            request,
            school,
            entry,
            rows=rows,
            new_form=new_form,
            errors=errors,
            task_warnings=[w for w in health.warnings if w.entry and w.entry.pk == entry.pk],
            members=members,
        ),
    )


def _row(data: dict, version: str | None = None) -> AssignmentInput:
    return AssignmentInput(version=version, person=data["person"], **_mandate_data(data))


# --- approving mandates -----------------------------------------------------------------


@owner_view()
def mandates(request: HttpRequest, school: School) -> HttpResponse:
    return render(
        request,
        "teams/mandates.html",
        _context(request, school, pending=pending_mandates(school=school)),
    )


@owner_view("POST")
def assignment_approve_view(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    assignment = get_school_object_or_404(
        request.user,
        Assignment.objects.filter(school=school).select_related("person", "list_task__task"),
        pk=pk,
    )
    require_role(request.user, school, CAN_MANAGE)
    assignment_approve(assignment=assignment, user=request.user)
    messages.success(
        request,
        _("Approved the mandates of %(person)s on “%(task)s”.")
        % {"person": assignment.person.name, "task": assignment.list_task.task.title},
    )
    return redirect(safe_next_url(request, default=_team_url(school, "mandates")))


@owner_view("POST")
def mandates_approve_all(request: HttpRequest, school: School) -> HttpResponse:
    require_role(request.user, school, CAN_MANAGE)
    count = assignments_approve_all(school=school, user=request.user)
    messages.success(request, _("Approved %(count)d mandates.") % {"count": count})
    return redirect(_team_url(school, "mandates"))
