"""Pages of the team builder: the team, people, assignments, the matrix, consultation.

Every school-scoped page first resolves the school through ``get_school_or_404`` and
then its objects through ``get_school_object_or_404`` on a queryset already limited to
that school, so another school's person, task or assignment is a 404 whatever the URL.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from schools.access import (
    CAN_EDIT_TEAM,
    CAN_MANAGE,
    get_group_or_404,
    get_school_object_or_404,
    get_school_or_404,
    has_role,
    require_role,
)
from schools.concurrency import Conflict, RowConflicts, rebase, rebound
from schools.fields import parse_id
from schools.models import School, SchoolGroup
from schools.redirects import safe_next_url
from tasks.models import ListTask
from teams.forms import (
    AgreementForm,
    AssignmentForm,
    ConsultationGroupForm,
    GroupPersonForm,
    MatrixCellForm,
    MatrixFilterForm,
    PersonForm,
)
from teams.models import Agreement, Assignment, ConsultationGroup, Person, PersonSchool
from teams.selectors import (
    CellState,
    MatrixFilters,
    MatrixRow,
    agreements,
    consultation_groups,
    group_consultation_groups,
    group_consultation_people,
    group_people,
    pending_approvals,
    person_profile,
    task_assignments,
    team_health,
    team_matrix,
    team_people,
    team_tasks,
)
from teams.selectors import matrix_cell as matrix_cell_of
from teams.services import (
    AssignmentInput,
    CellConflict,
    agreement_create,
    agreement_delete,
    agreement_update,
    assignment_approve,
    assignment_cell_save,
    assignments_approve_all,
    consultation_group_create,
    consultation_group_delete,
    consultation_group_update,
    person_create,
    person_delete,
    person_update,
    task_assignments_save,
)


def _team_url(school: School, name: str = "overview", **kwargs: object) -> str:
    return reverse(f"teams:{name}", kwargs={"school_slug": school.slug, **kwargs})


def _context(request: HttpRequest, school: School, **extra: object) -> dict:
    return {
        "school": school,
        "section": "team",
        "can_edit": has_role(request.user, school, CAN_EDIT_TEAM),
        "can_approve": has_role(request.user, school, CAN_MANAGE),
        **extra,
    }


def _form_errors(form, error: ValidationError) -> None:
    """Put a service's validation error on the form, by field where it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _team_person_or_404(request: HttpRequest, school: School, pk: int) -> Person:
    """A person of the school's team: the school's own, or a group-level person serving it."""
    own = Person.objects.filter(school=school, pk=pk)
    if own.exists():
        return get_school_object_or_404(request.user, own, pk=pk)
    share = get_school_object_or_404(
        request.user,
        PersonSchool.objects.filter(school=school).select_related("person__group"),
        person_id=pk,
    )
    return share.person


# --- team overview and people ------------------------------------------------------------


@login_required
def overview(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    people = team_people(school=school)
    return render(
        request,
        "teams/overview.html",
        _context(
            request,
            school,
            people=people,
            health=team_health(school=school),
            pending=pending_approvals(school=school).count(),
            has_tasks=team_tasks(owner=school).exists(),
        ),
    )


@login_required
def person_add(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    require_role(request.user, school, CAN_EDIT_TEAM)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = person_create(school=school, user=request.user, **form.service_kwargs())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Added %(name)s to the team.") % {"name": person.name})
            return redirect(_team_url(school, "person_detail", pk=person.pk))
    return render(request, "teams/person_form.html", _context(request, school, form=form))


@login_required
def person_detail(request: HttpRequest, school_slug: str, pk: int) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    person = _team_person_or_404(request, school, pk)
    return render(
        request,
        "teams/person_detail.html",
        _context(
            request, school, person=person, profile=person_profile(school=school, person=person)
        ),
    )


@login_required
def person_edit(request: HttpRequest, school_slug: str, pk: int) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    # Group-level people are edited on their group's page, not in one school.
    person = get_school_object_or_404(request.user, Person.objects.filter(school=school), pk=pk)
    require_role(request.user, school, CAN_EDIT_TEAM)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            person_update(
                person=person,
                user=request.user,
                version=form.loaded_version,
                **form.service_kwargs(),
            )
        except Conflict as conflict:
            form = rebound(form, conflict, lambda data, p: PersonForm(data, instance=p))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": person.name})
            return redirect(_team_url(school, "person_detail", pk=person.pk))
    return render(
        request, "teams/person_form.html", _context(request, school, form=form, person=person)
    )


@login_required
def person_remove(request: HttpRequest, school_slug: str, pk: int) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    person = get_school_object_or_404(request.user, Person.objects.filter(school=school), pk=pk)
    require_role(request.user, school, CAN_EDIT_TEAM)
    if request.method == "POST":
        name = person.name
        person_delete(person=person, user=request.user)
        messages.success(request, _("Removed %(name)s from the team.") % {"name": name})
        return redirect(_team_url(school))
    return render(
        request,
        "teams/confirm_delete.html",
        _context(
            request,
            school,
            object_name=person.name,
            consequence=_("Their assignments end; tasks they backed up lose that backup."),
            cancel_url=_team_url(school, "person_detail", pk=person.pk),
        ),
    )


# --- the matrix -------------------------------------------------------------------------


def _filter_query(request: HttpRequest) -> str:
    """The filters of the page, to keep them in the links that fold clusters open."""
    query = request.GET.copy()
    for name in ("open", "part"):
        query.pop(name, None)
    return query.urlencode()


@login_required
@require_GET
def matrix(request: HttpRequest, school_slug: str) -> HttpResponse:
    """The grid, one cluster unfolded at a time; folded clusters load when opened."""
    school = get_school_or_404(request.user, school_slug)
    people = team_people(school=school)
    form = MatrixFilterForm(request.GET or None, people=[m.person for m in people])
    filters = form.filters()
    # Unfolded: the cluster asked for, else the filtered one, else the first with tasks.
    wanted = request.GET.get("open") or filters.cluster
    data = team_matrix(school=school, filters=filters, open_cluster=wanted)
    opened = next((group.cluster for group in data.clusters if group.loaded), "")
    context = _context(
        request,
        school,
        matrix=data,
        filter_form=form,
        open_cluster=opened,
        filter_query=_filter_query(request),
    )
    if request.htmx and request.GET.get("part") == "cluster":
        group = next((g for g in data.clusters if g.cluster == opened), None)
        if group is None:
            return HttpResponse(_("No task matches these filters."))
        return render(request, "teams/_matrix_cluster.html", {**context, "group": group})
    context["health"] = team_health(school=school)
    return render(request, "teams/matrix.html", context)


def _matrix_entry_or_404(request: HttpRequest, school: School, pk: int) -> ListTask:
    """A task of the school's team (the matrix's rows): others are a 404."""
    return get_school_object_or_404(request.user, team_tasks(owner=school), pk=pk)


def _matrix_url(school: School, entry: ListTask, person: Person, origin: str) -> str:
    """Where a saved cell returns to: the place it was opened from, at the cell."""
    anchor = f"#c{entry.pk}-{person.pk}"
    if origin == "p":
        return _team_url(school, "matrix_person", pk=person.pk) + anchor
    if origin == "t":
        return _team_url(school, "matrix_task", pk=entry.pk) + anchor
    return f"{_team_url(school, 'matrix')}?open={entry.task.cluster}{anchor}"


def _cell_context(request, school, entry, person, members, form, **extra) -> dict:
    origin = request.POST.get("from") or request.GET.get("from", "")
    origin = origin if origin in ("p", "t") else ""
    return _context(
        request,
        school,
        entry=entry,
        task=entry.task,
        person=person,
        form=form,
        origin=origin,
        back_url=_matrix_url(school, entry, person, origin),
        action_url=_team_url(school, "matrix_cell", pk=entry.pk, id=person.pk),
        **extra,
    )


def _render_cell(request, template: str, context: dict) -> HttpResponse:
    """The editor as a page of its own, or only its body for the matrix's dialog."""
    if request.htmx:
        return render(request, f"teams/{template}", context)
    return render(request, "teams/matrix_cell.html", {**context, "body": f"teams/{template}"})


@login_required
def matrix_cell(request: HttpRequest, school_slug: str, pk: int, id: int) -> HttpResponse:
    """One cell's editor: mandates, hours and backup of a person on a task.

    It saves against the state it showed: if someone changed the cell in between, the
    editor shows what the cell holds now and the user's values, and saves nothing.
    """
    school = get_school_or_404(request.user, school_slug)
    entry = _matrix_entry_or_404(request, school, pk)
    person = _team_person_or_404(request, school, id)
    members = team_people(school=school)
    current = matrix_cell_of(school=school, entry=entry, person=person)
    state = CellState.of(current)
    if request.method != "POST":
        initial = {
            "decides": "D" in state.code,
            "executes": "E" in state.code,
            "monitors": "M" in state.code,
            "lead": "L" in state.code,
            "hours": state.hours,
            "backup": state.backup_id,
            "was": state.token,
        }
        form = MatrixCellForm(initial=initial, people=[m.person for m in members], person=person)
        shown = request.GET.get("s")
        changed = shown is not None and CellState.parse(f"{shown}|0|") != CellState(state.code)
        return _render_cell(
            request,
            "_cell_editor.html",
            _cell_context(
                request, school, entry, person, members, form, changed_since_shown=changed
            ),
        )
    require_role(request.user, school, CAN_EDIT_TEAM)
    form = MatrixCellForm(request.POST, people=[m.person for m in members], person=person)
    conflict = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            assignment_cell_save(
                school=school,
                list_task=entry,
                person=person,
                expected=data["was"],
                decides=data["decides"],
                executes=data["executes"],
                monitors=data["monitors"],
                lead=data["lead"],
                backup=data["backup"],
                hours=data["hours"] if data["hours"] is not None else Decimal("0"),
                user=request.user,
            )
        except CellConflict as error:
            conflict = error
        except IntegrityError:
            # Someone created the same cell at the same moment: show theirs.
            current = matrix_cell_of(school=school, entry=entry, person=person)
            conflict = CellConflict(CellState.of(current), current)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            return _cell_saved(request, school, entry, person)
    extra = {}
    if conflict is not None:
        # Saving again overwrites what is there now, knowingly: the form carries it.
        post = request.POST.copy()
        post["was"] = conflict.current.token
        form = MatrixCellForm(post, people=[m.person for m in members], person=person)
        form.is_valid()
        extra = {
            "conflict": conflict.current,
            "conflict_backup": conflict.assignment.backup if conflict.assignment else None,
        }
    return _render_cell(
        request,
        "_cell_editor.html",
        _cell_context(request, school, entry, person, members, form, **extra),
    )


def _cell_saved(
    request: HttpRequest, school: School, entry: ListTask, person: Person
) -> HttpResponse:
    message = _("Saved the mandates of %(person)s on “%(task)s”. Team health is updated.") % {
        "person": person.name,
        "task": entry.task.title,
    }
    if not request.htmx:
        messages.success(request, message)
        origin = request.POST.get("from", "")
        return redirect(_matrix_url(school, entry, person, origin))
    # In the matrix's dialog: the row's cells (a lead may have moved), the task's status,
    # the hours of the people in it and team health come back to replace theirs.
    data = team_matrix(school=school, filters=MatrixFilters(task=entry.pk))
    row = data.rows[0] if data.rows else None
    return render(
        request,
        "teams/_cell_saved.html",
        _context(
            request,
            school,
            row=row,
            people=data.people,
            message=message,
            health=team_health(school=school),
            cell_base=_team_url(school, "matrix") + "cell/",
        ),
    )


@login_required
@require_GET
def matrix_person(request: HttpRequest, school_slug: str, pk: int) -> HttpResponse:
    """A person's column as a page of its own: "Tom's tasks", and every other task to
    give them."""
    school = get_school_or_404(request.user, school_slug)
    person = _team_person_or_404(request, school, pk)
    data = team_matrix(school=school, person=person)
    member = data.people[0] if data.people else None
    return render(
        request,
        "teams/matrix_person.html",
        _context(
            request,
            school,
            person=person,
            member=member,
            matrix=data,
            cell_base=_team_url(school, "matrix") + "cell/",
        ),
    )


@login_required
@require_GET
def matrix_task(request: HttpRequest, school_slug: str, pk: int) -> HttpResponse:
    """A task's row as a page of its own: who does it, and everyone else to give it to."""
    school = get_school_or_404(request.user, school_slug)
    entry = _matrix_entry_or_404(request, school, pk)
    data = team_matrix(school=school, filters=MatrixFilters(task=entry.pk))
    row = data.rows[0] if data.rows else MatrixRow(entry, [])
    return render(
        request,
        "teams/matrix_task.html",
        _context(
            request,
            school,
            entry=entry,
            task=entry.task,
            row=row,
            holders=[cell for cell in row.cells if cell.assignment is not None],
            others=[cell for cell in row.cells if cell.assignment is None],
            cell_base=_team_url(school, "matrix") + "cell/",
        ),
    )


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


@login_required
def task_assignments_view(request: HttpRequest, school_slug: str, pk: int) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
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
        _context(
            request,
            school,
            entry=entry,
            task=entry.task,
            rows=rows,
            new_form=new_form,
            errors=errors,
            task_warnings=[w for w in health.warnings if w.entry and w.entry.pk == entry.pk],
            members=members,
        ),
    )


def _row(data: dict, version: str | None = None) -> AssignmentInput:
    return AssignmentInput(
        version=version,
        person=data["person"],
        decides=data["decides"],
        executes=data["executes"],
        monitors=data["monitors"],
        lead=data["lead"],
        backup=data["backup"],
        hours=data["hours"] if data["hours"] is not None else Decimal("0"),
    )


# --- approving mandates -----------------------------------------------------------------


@login_required
def mandates(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    return render(
        request,
        "teams/mandates.html",
        _context(request, school, pending=list(pending_approvals(school=school))),
    )


@login_required
@require_POST
def assignment_approve_view(request: HttpRequest, school_slug: str, pk: int) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
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


@login_required
@require_POST
def mandates_approve_all(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    require_role(request.user, school, CAN_MANAGE)
    count = assignments_approve_all(school=school, user=request.user)
    messages.success(request, _("Approved %(count)d mandates.") % {"count": count})
    return redirect(_team_url(school, "mandates"))


# --- consultation groups and agreements --------------------------------------------------


@login_required
def consultation(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    return render(
        request,
        "teams/consultation.html",
        _context(
            request,
            school,
            consultation_groups=consultation_groups(school=school),
            agreements=agreements(school=school),
        ),
    )


def _consultation_or_404(request: HttpRequest, school: School, pk: int) -> ConsultationGroup:
    return get_school_object_or_404(
        request.user, ConsultationGroup.objects.filter(school=school), pk=pk
    )


@login_required
def consultation_edit(
    request: HttpRequest, school_slug: str, pk: int | None = None
) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    instance = _consultation_or_404(request, school, pk) if pk is not None else None
    require_role(request.user, school, CAN_EDIT_TEAM)
    people = [m.person for m in team_people(school=school)]
    form = ConsultationGroupForm(request.POST or None, people=people, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            if instance is None:
                consultation_group_create(school=school, user=request.user, **form.cleaned_data)
            else:
                consultation_group_update(
                    consultation_group=instance,
                    user=request.user,
                    version=form.loaded_version,
                    **form.cleaned_data,
                )
        except Conflict as conflict:
            form = rebound(
                form,
                conflict,
                lambda data, c: ConsultationGroupForm(data, people=people, instance=c),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": form.cleaned_data["name"]})
            return redirect(_team_url(school, "consultation"))
    return render(
        request,
        "teams/consultation_form.html",
        _context(request, school, form=form, instance=instance),
    )


@login_required
def consultation_remove(request: HttpRequest, school_slug: str, pk: int) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    instance = _consultation_or_404(request, school, pk)
    require_role(request.user, school, CAN_EDIT_TEAM)
    if request.method == "POST":
        consultation_group_delete(consultation_group=instance, user=request.user)
        messages.success(request, _("Removed “%(name)s”.") % {"name": instance.name})
        return redirect(_team_url(school, "consultation"))
    return render(
        request,
        "teams/confirm_delete.html",
        _context(
            request,
            school,
            object_name=instance.name,
            consequence="",
            cancel_url=_team_url(school, "consultation"),
        ),
    )


def _agreement_or_404(request: HttpRequest, school: School, pk: int) -> Agreement:
    return get_school_object_or_404(request.user, Agreement.objects.filter(school=school), pk=pk)


@login_required
def agreement_edit(request: HttpRequest, school_slug: str, pk: int | None = None) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    instance = _agreement_or_404(request, school, pk) if pk is not None else None
    require_role(request.user, school, CAN_EDIT_TEAM)
    form = AgreementForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("kind", "text", "in_place")}
        try:
            if instance is None:
                agreement_create(school=school, user=request.user, **data)
            else:
                agreement_update(
                    agreement=instance, user=request.user, version=form.loaded_version, **data
                )
        except Conflict as conflict:
            form = rebound(form, conflict, lambda data, a: AgreementForm(data, instance=a))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved the agreement."))
            return redirect(_team_url(school, "consultation") + "#agreements")
    return render(
        request,
        "teams/agreement_form.html",
        _context(request, school, form=form, instance=instance),
    )


@login_required
def agreement_remove(request: HttpRequest, school_slug: str, pk: int) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    instance = _agreement_or_404(request, school, pk)
    require_role(request.user, school, CAN_EDIT_TEAM)
    if request.method == "POST":
        agreement_delete(agreement=instance, user=request.user)
        messages.success(request, _("Removed the agreement."))
        return redirect(_team_url(school, "consultation") + "#agreements")
    return render(
        request,
        "teams/confirm_delete.html",
        _context(
            request,
            school,
            object_name=str(instance),
            consequence="",
            cancel_url=_team_url(school, "consultation"),
        ),
    )


# --- group-level people -----------------------------------------------------------------


def _group_context(request: HttpRequest, group: SchoolGroup, **extra: object) -> dict:
    return {
        "group": group,
        "section": "people",
        "can_edit": has_role(request.user, group, CAN_EDIT_TEAM),
        **extra,
    }


def _group_url(group: SchoolGroup) -> str:
    return reverse("teams:group_people", kwargs={"group_slug": group.slug})


@login_required
def group_people_view(request: HttpRequest, group_slug: str) -> HttpResponse:
    group = get_group_or_404(request.user, group_slug)
    return render(
        request,
        "teams/group_people.html",
        _group_context(
            request,
            group,
            people=group_people(group_id=group.pk),
            consultation_groups=group_consultation_groups(group_id=group.pk),
        ),
    )


def _group_consultation_or_404(
    request: HttpRequest, group: SchoolGroup, pk: int
) -> ConsultationGroup:
    return get_school_object_or_404(
        request.user, ConsultationGroup.objects.filter(group=group), pk=pk
    )


@login_required
def group_consultation_edit(
    request: HttpRequest, group_slug: str, pk: int | None = None
) -> HttpResponse:
    group = get_group_or_404(request.user, group_slug)
    instance = _group_consultation_or_404(request, group, pk) if pk is not None else None
    require_role(request.user, group, CAN_EDIT_TEAM)
    people = group_consultation_people(group_id=group.pk)

    def _group_consultation_form(data, consultation):
        form = ConsultationGroupForm(data, people=people, instance=consultation)
        form.fields["members"].choices = [
            (p.pk, f"{p.name} · {p.school.name if p.school_id else group.name}") for p in people
        ]
        return form

    form = _group_consultation_form(request.POST or None, instance)
    if request.method == "POST" and form.is_valid():
        try:
            if instance is None:
                consultation_group_create(group=group, user=request.user, **form.cleaned_data)
            else:
                consultation_group_update(
                    consultation_group=instance,
                    user=request.user,
                    version=form.loaded_version,
                    **form.cleaned_data,
                )
        except Conflict as conflict:
            form = rebound(form, conflict, lambda data, c: _group_consultation_form(data, c))
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved “%(name)s”.") % {"name": form.cleaned_data["name"]})
            return redirect(_group_url(group) + "#consultation")
    return render(
        request,
        "teams/group_consultation_form.html",
        _group_context(request, group, form=form, instance=instance),
    )


@login_required
def group_consultation_remove(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = get_group_or_404(request.user, group_slug)
    instance = _group_consultation_or_404(request, group, pk)
    require_role(request.user, group, CAN_EDIT_TEAM)
    if request.method == "POST":
        consultation_group_delete(consultation_group=instance, user=request.user)
        messages.success(request, _("Removed “%(name)s”.") % {"name": instance.name})
        return redirect(_group_url(group) + "#consultation")
    return render(
        request,
        "teams/group_confirm_delete.html",
        _group_context(
            request,
            group,
            object_name=instance.name,
            consequence="",
            cancel_url=_group_url(group),
        ),
    )


@login_required
def group_person_edit(request: HttpRequest, group_slug: str, pk: int | None = None) -> HttpResponse:
    group = get_group_or_404(request.user, group_slug)
    person = (
        get_school_object_or_404(request.user, Person.objects.filter(group=group), pk=pk)
        if pk is not None
        else None
    )
    require_role(request.user, group, CAN_EDIT_TEAM)
    schools = list(group.schools.order_by("name"))
    shares = (
        dict(PersonSchool.objects.filter(person=person).values_list("school_id", "hours"))
        if person
        else {}
    )
    form = GroupPersonForm(request.POST or None, instance=person, schools=schools, shares=shares)
    if request.method == "POST" and form.is_valid():
        kwargs = {**form.service_kwargs(), "school_shares": form.school_shares()}
        try:
            if person is None:
                person = person_create(group=group, user=request.user, **kwargs)
            else:
                person_update(
                    person=person, user=request.user, version=form.loaded_version, **kwargs
                )
        except Conflict as conflict:
            form = rebound(
                form,
                conflict,
                lambda data, p: GroupPersonForm(
                    data,
                    instance=p,
                    schools=schools,
                    shares=dict(
                        PersonSchool.objects.filter(person=p).values_list("school_id", "hours")
                    ),
                ),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Saved %(name)s.") % {"name": person.name})
            return redirect(_group_url(group))
    return render(
        request,
        "teams/group_person_form.html",
        _group_context(request, group, form=form, person=person),
    )


@login_required
def group_person_remove(request: HttpRequest, group_slug: str, pk: int) -> HttpResponse:
    group = get_group_or_404(request.user, group_slug)
    person = get_school_object_or_404(request.user, Person.objects.filter(group=group), pk=pk)
    require_role(request.user, group, CAN_EDIT_TEAM)
    if request.method == "POST":
        name = person.name
        person_delete(person=person, user=request.user)
        messages.success(request, _("Removed %(name)s.") % {"name": name})
        return redirect(_group_url(group))
    return render(
        request,
        "teams/group_confirm_delete.html",
        _group_context(
            request,
            group,
            object_name=person.name,
            consequence=_("Their assignments end in every school of the group."),
            cancel_url=_group_url(group),
        ),
    )
