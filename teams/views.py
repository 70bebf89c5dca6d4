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
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

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
    MatrixFilterForm,
    PersonForm,
)
from teams.models import Agreement, Assignment, ConsultationGroup, Person, PersonSchool
from teams.selectors import (
    MANDATE_LETTERS,
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
from teams.services import (
    AssignmentInput,
    CellChange,
    agreement_create,
    agreement_delete,
    agreement_update,
    assignment_approve,
    assignments_approve_all,
    assignments_save_cells,
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

LETTER_MANDATES = {letter: name for name, letter in MANDATE_LETTERS.items()}


def _parse_state(value: str) -> dict[tuple[int, int], str]:
    """The matrix as rendered: "entry-person-CODE;..." for every cell with a mandate."""
    state = {}
    for item in value.split(";"):
        parts = item.split("-")
        if len(parts) == 3 and parse_id(parts[0]) and parse_id(parts[1]):
            state[(int(parts[0]), int(parts[1]))] = parts[2]
    return state


def _ids(value: str) -> list[int]:
    return [number for part in value.split(",") if (number := parse_id(part)) is not None]


def _matrix_changes(request: HttpRequest, school: School) -> list[CellChange]:
    """The cells the user changed since the page was rendered, limited to the team."""
    entries = {
        e.pk: e for e in team_tasks(owner=school).filter(pk__in=_ids(request.POST.get("rows", "")))
    }
    people = {m.pk: m.person for m in team_people(school=school)}
    columns = [pk for pk in _ids(request.POST.get("cols", "")) if pk in people]
    was = _parse_state(request.POST.get("was", ""))
    changes = []
    for entry_pk, entry in entries.items():
        for person_pk in columns:
            ticked = {
                letter
                for letter in request.POST.getlist(f"m-{entry_pk}-{person_pk}")
                if letter in LETTER_MANDATES
            }
            if ticked == set(was.get((entry_pk, person_pk), "")):
                continue
            changes.append(
                CellChange(
                    list_task=entry,
                    person=people[person_pk],
                    **{LETTER_MANDATES[letter]: True for letter in ticked},
                )
            )
    return changes


@login_required
def matrix(request: HttpRequest, school_slug: str) -> HttpResponse:
    school = get_school_or_404(request.user, school_slug)
    if request.method == "POST":
        require_role(request.user, school, CAN_EDIT_TEAM)
        changes = _matrix_changes(request, school)
        try:
            count = assignments_save_cells(school=school, changes=changes, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if count:
                messages.success(
                    request,
                    _("Saved %(count)d changed cells. Team health is updated.") % {"count": count},
                )
            else:
                messages.info(request, _("Nothing changed."))
        return HttpResponseRedirect(request.get_full_path())
    people = team_people(school=school)
    form = MatrixFilterForm(request.GET or None, people=[m.person for m in people])
    data = team_matrix(school=school, filters=form.filters())
    return render(
        request,
        "teams/matrix.html",
        _context(
            request,
            school,
            matrix=data,
            filter_form=form,
            health=team_health(school=school),
            letters=MANDATE_LETTERS,
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
