"""The matrix: people against tasks, with its cell editor and its row and column pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from schools.access import CAN_EDIT_TEAM
from schools.access import get_school_object_or_404
from schools.access import owner_view
from schools.access import require_role
from schools.models import School
from tasks.models import ListTask
from teams.forms import MatrixCellForm
from teams.forms import matrix_filter
from teams.models import Person
from teams.selectors import CellState
from teams.selectors import MatrixFilters
from teams.selectors import MatrixRow
from teams.selectors import matrix_cell as matrix_cell_of
from teams.selectors import matrix_context
from teams.selectors import team_context
from teams.selectors import team_health
from teams.selectors import team_matrix
from teams.selectors import team_people
from teams.selectors import team_tasks
from teams.services import CellConflict
from teams.services import assignment_cell_save
from teams.views.common import _context
from teams.views.common import _entry_context
from teams.views.common import _form_errors
from teams.views.common import _mandate_data
from teams.views.common import _team_person_or_404
from teams.views.common import _team_url


def _filter_query(request: HttpRequest) -> str:
    """The filters of the page, to keep them in the links that fold clusters open."""
    query = request.GET.copy()
    for name in ("open", "part"):
        query.pop(name, None)
    return query.urlencode()


@owner_view("GET")
def matrix(request: HttpRequest, school: School) -> HttpResponse:
    """The grid, one cluster unfolded at a time; folded clusters load when opened."""
    people = team_people(school=school)
    # Unbound where the request filters nothing: written once per process and team.
    form = matrix_filter(request.GET, people=[m.person for m in people])
    filters = form.filters()
    part = request.htmx and request.GET.get("part") == "cluster"
    # The page as first shown: team health and the matrix read the team's tasks and
    # assignments once, together (a filtered matrix reads its own rows). A folded cluster
    # opened later reads them the same way: compiled once, built from plain rows, the same
    # two queries as a read of its own through the ORM, at a fraction of the cost: only
    # the fields the grid and the rules read, the assignments as tuples.
    team = None if filters.active else matrix_context(school=school, people=people)
    # Unfolded: the cluster asked for, else the filtered one, else the first with tasks.
    wanted = request.GET.get("open") or filters.cluster
    data = team_matrix(
        school=school, filters=filters, open_cluster=wanted, people=people, team=team
    )
    opened = next((group.cluster for group in data.clusters if group.loaded), "")
    context = _context(
        request,
        school,
        matrix=data,
        filter_form=form,
        open_cluster=opened,
        filter_query=_filter_query(request),
    )
    if part:
        group = next((g for g in data.clusters if g.cluster == opened), None)
        if group is None:
            return HttpResponse(_("No task matches these filters."))
        return render(request, "teams/_matrix_cluster.html", {**context, "group": group})
    context["health"] = team_health(school=school, people=people, team=team)
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
    return _entry_context(
        request,
        school,
        entry,
        person=person,
        form=form,
        origin=origin,
        back_url=_matrix_url(school, entry, person, origin),
        action_url=_team_url(school, "matrix_cell", pk=entry.pk, id=person.pk),
        **extra,
    )


def _cells_page(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A page or part that shows cells of the matrix outside the grid: each cell links to
    its editor, under ``cell_base``."""
    cell_base = _team_url(context["school"], "matrix") + "cell/"
    return render(request, f"teams/{template}", {**context, "cell_base": cell_base})


def _render_cell(request, template: str, context: dict) -> HttpResponse:
    """The editor as a page of its own, or only its body for the matrix's dialog."""
    if request.htmx:
        return render(request, f"teams/{template}", context)
    return render(request, "teams/matrix_cell.html", {**context, "body": f"teams/{template}"})


@owner_view()
def matrix_cell(request: HttpRequest, school: School, pk: int, id: int) -> HttpResponse:
    """One cell's editor: mandates, hours and backup of a person on a task.

    It saves against the state it showed: if someone changed the cell in between, the
    editor shows what the cell holds now and the user's values, and saves nothing.
    """
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
                **_mandate_data(data),
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
    return _cells_page(
        request,
        "_cell_saved.html",
        _context(
            request,
            school,
            row=row,
            people=data.people,
            message=message,
            health=team_health(school=school, people=data.people),
        ),
    )


@owner_view("GET")
def matrix_person(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    """A person's column as a page of its own: "Tom's tasks", and every other task to
    give them."""
    person = _team_person_or_404(request, school, pk)
    # Every task and assignment of the school, read as the matrix reads them (two queries).
    people = team_people(school=school)
    team = team_context(school=school, people=people)
    data = team_matrix(school=school, person=person, people=people, team=team)
    member = data.people[0] if data.people else None
    return _cells_page(
        request,
        "matrix_person.html",
        _context(request, school, person=person, member=member, matrix=data),
    )


@owner_view("GET")
def matrix_task(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    """A task's row as a page of its own: who does it, and everyone else to give it to."""
    entry = _matrix_entry_or_404(request, school, pk)
    data = team_matrix(school=school, filters=MatrixFilters(task=entry.pk))
    row = data.rows[0] if data.rows else MatrixRow(entry, [])
    return _cells_page(
        request,
        "matrix_task.html",
        _entry_context(
            request,
            school,
            entry,
            row=row,
            holders=[cell for cell in row.cells if cell.assignment is not None],
            others=[cell for cell in row.cells if cell.assignment is None],
        ),
    )
