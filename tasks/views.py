from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.http import require_safe

from schools.access import CAN_EDIT_TASK_LIST
from schools.access import Owner
from schools.access import get_school_object_or_404
from schools.access import has_role
from schools.access import owner_context
from schools.access import owner_kwargs
from schools.access import owner_url
from schools.access import owner_view
from schools.access import require_role
from schools.concurrency import RowConflicts
from schools.concurrency import rebased_formset
from schools.concurrency import save_or_rebind
from schools.jobs import get_job_or_404
from schools.models import School
from schools.workbooks import PendingConfirmForm
from schools.workbooks import PendingUpload
from schools.workbooks import import_steps
from schools.workbooks import pending_discard
from schools.workbooks import pending_purpose
from schools.workbooks import pending_save
from tasks import jobs
from tasks.forms import ListFilterForm
from tasks.forms import ListTaskForm
from tasks.forms import ListTaskFormSet
from tasks.forms import OwnTaskForm
from tasks.forms import TaskFilterForm
from tasks.forms import TaskImportForm
from tasks.importer import task_import_xlsx
from tasks.models import ListTask
from tasks.models import Task
from tasks.selectors import TaskFilters
from tasks.selectors import catalogue_summary
from tasks.selectors import catalogue_tasks
from tasks.selectors import school_list_entry
from tasks.selectors import task_list_counts
from tasks.selectors import task_list_entries
from tasks.selectors import task_list_page
from tasks.selectors import task_list_page_counted
from tasks.services import list_task_update
from tasks.services import task_create_own
from tasks.services import task_list_initialise
from tasks.services import task_list_mark_reviewed
from tasks.workbook import task_export_xlsx


@login_required
def catalogue(request: HttpRequest) -> HttpResponse:
    form = TaskFilterForm.from_query(request.GET)
    tasks = catalogue_tasks(filters=form.filters())
    return render(
        request,
        "tasks/catalogue.html",
        {
            "form": form,
            "tasks": tasks,
            "summary": catalogue_summary(),
        },
    )


@login_required
def task_detail(request: HttpRequest, code: str) -> HttpResponse:
    task = get_object_or_404(Task.objects.catalogue(), code=code)
    return render(request, "tasks/task_detail.html", {"task": task})


def _list_url(owner: Owner) -> str:
    return owner_url("tasks", owner, "list")


def _owner_context(owner: Owner) -> dict:
    return {**owner_context(owner), "list_url": _list_url(owner)}


# Rows of the task list editor per page: a group's list of 150 catalogue tasks with four
# inputs a row made a page the browser took seconds to lay out, and the server to render.
LIST_PAGE_SIZE = 50
# A page number no list reaches (fifty million entries): beyond it the number is not
# made into an offset for the database, the paginator's last page is read instead.
_PAST_ANY_LIST = 1_000_000


def _requested_page(raw: str | None) -> int | None:
    """The page number asked for as ``Paginator.get_page`` reads it before it knows the
    number of pages: 1 for none or one that is not a whole number, None for one below
    the first (the paginator's last page) or far past any list's end."""
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= _PAST_ANY_LIST else None


def _page_query(request: HttpRequest) -> str:
    """The request's filters as a query string, for the page links to keep them."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@owner_view()
def task_list(request: HttpRequest, owner: Owner) -> HttpResponse:
    can_edit = has_role(request.user, owner, CAN_EDIT_TASK_LIST)
    filter_form = ListFilterForm.from_query(request.GET)
    filters = filter_form.filters()
    rows = None
    if request.method != "POST" and filters == TaskFilters():
        # The whole list as first shown: its page is read through a query compiled once,
        # with the list's counts, which the page shows, on its rows
        # (``task_list_page_counted``); the counts have its number of entries, over which
        # the pages are numbered, without a query of the paginator's own or a queryset
        # built for it.
        number = _requested_page(request.GET.get("page"))
        rows, counts = None, None
        if number is not None:
            start = (number - 1) * LIST_PAGE_SIZE
            rows, counts = task_list_page_counted(
                owner=owner, start=start, stop=start + LIST_PAGE_SIZE
            )
        if counts is None:
            # A page number the page never links to (past the last page, below the
            # first): the paginator's page for it, the last one, read after the counts.
            counts = task_list_counts(owner=owner)
        paginator = Paginator(range(counts["total"]), LIST_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        if rows is None or page.number != number:
            start = (page.number - 1) * paginator.per_page
            rows = task_list_page(owner=owner, start=start, stop=start + paginator.per_page)
        page.object_list = rows
        # The forms are not built (``{% task_list_rows %}`` writes the rows); should they
        # be, a row id must be one of the owner's list.
        entries = ListTask.objects.filter(**owner_kwargs(owner))
    else:
        counts = None
        # A page of the filtered list: a save posts back to the same page, so the formset
        # there is built over the same rows. The page is a subquery rather than a slice:
        # the formset checks each posted row id against its queryset, which a slice
        # refuses.
        filtered = task_list_entries(owner=owner, filters=filters)
        paginator = Paginator(filtered, LIST_PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        # A filtered page as shown reads its rows as the slice itself: the same rows in
        # the same order (the list's ordering ends in the task's code, one per list).
        entries = (
            filtered.filter(pk__in=page.object_list.values("pk"))
            if request.method == "POST"
            else page.object_list
        )
    formset = None
    if can_edit:
        formset = ListTaskFormSet(request.POST or None, queryset=entries, prefix="rows")
        formset.page_rows = rows
        if request.method == "POST":
            if formset.is_valid():
                try:
                    changed = formset.save_changed_rows()
                except RowConflicts as conflicts:
                    # All rows or none: the user's input stays on the page to save again.
                    formset = _list_rows_rebased(formset, conflicts.rows, entries)
                    messages.error(
                        request,
                        _(
                            "Some rows were changed by someone else meanwhile: see the marked "
                            "rows, then save again."
                        ),
                    )
                    return render(
                        request,
                        "tasks/task_list.html",
                        {
                            **_owner_context(owner),
                            "filter_form": filter_form,
                            "formset": formset,
                            "entries": None,
                            "page": page,
                            "page_query": _page_query(request),
                            "counts": counts or task_list_counts(owner=owner),
                            "can_edit": can_edit,
                            "section": "tasks",
                        },
                    )
                messages.success(
                    request,
                    _("Saved %(count)d changed tasks.") % {"count": changed}
                    if changed
                    else _("Nothing changed."),
                )
                return redirect(request.get_full_path())
            messages.error(request, _("Some rows could not be saved: see the marked rows."))
    elif request.method == "POST":
        require_role(request.user, owner, CAN_EDIT_TASK_LIST)
    return render(
        request,
        "tasks/task_list.html",
        {
            **_owner_context(owner),
            "filter_form": filter_form,
            "formset": formset,
            "entries": (entries if rows is None else rows) if formset is None else None,
            "page": page,
            "page_query": _page_query(request),
            "counts": counts or task_list_counts(owner=owner),
            "can_edit": can_edit,
            "section": "tasks",
        },
    )


def _list_rows_rebased(formset, conflicts: dict, entries):
    """The list editor again after conflicts: the user's input, the others' changes merged."""
    return rebased_formset(
        formset, conflicts, lambda data: ListTaskFormSet(data, queryset=entries, prefix="rows")
    )


@owner_view("POST", role=CAN_EDIT_TASK_LIST)
def task_list_start(request: HttpRequest, owner: Owner) -> HttpResponse:
    added = task_list_initialise(owner=owner)
    messages.success(request, _("Added %(count)d catalogue tasks to the list.") % {"count": added})
    return redirect(_list_url(owner))


@owner_view("POST", role=CAN_EDIT_TASK_LIST)
def task_list_reviewed(request: HttpRequest, owner: Owner) -> HttpResponse:
    count = task_list_mark_reviewed(owner=owner)
    messages.success(
        request, _("Marked %(count)d catalogue changes as reviewed.") % {"count": count}
    )
    return redirect(_list_url(owner))


@owner_view()
def list_entry(request: HttpRequest, owner: Owner, pk: int) -> HttpResponse:
    if isinstance(owner, School):
        # The school is the reader's (``get_school_or_404``): an entry of its list is too.
        entry = school_list_entry(school=owner, pk=pk)
        if entry is None:
            raise Http404(_("No such page."))
    else:
        entry = get_school_object_or_404(
            request.user,
            ListTask.objects.select_related("task").filter(**owner_kwargs(owner)),
            pk=pk,
        )
    can_edit = has_role(request.user, owner, CAN_EDIT_TASK_LIST)
    form = ListTaskForm(request.POST or None, instance=entry)
    if request.method == "POST":
        require_role(request.user, owner, CAN_EDIT_TASK_LIST)
        form, saved, _entry = save_or_rebind(
            form,
            lambda: list_task_update(
                entry=entry,
                version=form.loaded_version,
                **{name: form.cleaned_data[name] for name in form._meta.fields},
            ),
            lambda data, e: ListTaskForm(data, instance=e),
        )
        if saved:
            messages.success(request, _("Saved “%(task)s”.") % {"task": entry.task.title})
            return redirect(_list_url(owner))
    return render(
        request,
        "tasks/list_entry.html",
        {
            **_owner_context(owner),
            "entry": entry,
            "form": form,
            "can_edit": can_edit,
            "section": "tasks",
        },
    )


@owner_view(role=CAN_EDIT_TASK_LIST)
def own_task_add(request: HttpRequest, owner: Owner) -> HttpResponse:
    form = OwnTaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entry = task_create_own(owner=owner, **form.cleaned_data)
        messages.success(
            request,
            _("Added “%(task)s” as %(code)s.")
            % {"task": entry.task.title, "code": entry.task.code},
        )
        return redirect(_list_url(owner))
    return render(
        request,
        "tasks/own_task_form.html",
        {**_owner_context(owner), "form": form, "section": "tasks"},
    )


# --- Task workbooks: download and upload ---

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def catalogue_export(request: HttpRequest) -> HttpResponse:
    return _xlsx_response(task_export_xlsx(), "ict-task-catalogue.xlsx")


@owner_view("GET", "HEAD")
def task_list_export(request: HttpRequest, owner: Owner) -> HttpResponse:
    return _xlsx_response(task_export_xlsx(owner=owner), f"ict-tasks-{owner.slug}.xlsx")


def _import_page(
    request: HttpRequest, *, owner: Owner | None, done_url: str, context: dict
) -> HttpResponse:
    """Upload, dry-run preview, then confirm: the import runs again, for real, on confirm.

    Between preview and confirm the upload waits in the default storage; the confirm
    form carries a signed token naming it.
    """
    purpose = pending_purpose("tasks" if owner else "catalogue", user=request.user, owner=owner)

    def upload() -> dict:
        form = TaskImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return {"form": form}
        file = form.cleaned_data["file"]
        data = file.read()
        report = task_import_xlsx(file=data, owner=owner, dry_run=True)
        token = ""
        if report.ok and (report.added or report.changed or report.retired):
            rows = len(report.added) + len(report.changed) + len(report.unchanged)
            token = pending_save(data=data, name=file.name, purpose=purpose, extra={"rows": rows})
        return {
            "form": form,
            "report": report,
            "token": token,
        }

    def confirm(confirm: PendingConfirmForm, pending: PendingUpload) -> HttpResponse | dict:
        if owner is None and pending.extra.get("rows", 0) > jobs.IMPORT_IN_REQUEST_ROWS:
            # Thousands of tasks onto every school's list: a worker runs it, the page follows.
            return redirect(
                jobs.start_catalogue_import(
                    user=request.user,
                    token=confirm.cleaned_data["token"],
                    purpose=purpose,
                    name=pending.name,
                )
            )
        report = task_import_xlsx(file=pending.data, owner=owner)
        pending_discard(pending)
        if report.ok:
            messages.success(
                request,
                _("Imported %(file)s: %(summary)s.")
                % {"file": pending.name, "summary": report.summary()},
            )
            return redirect(done_url)
        messages.error(request, _("Nothing was imported: the workbook no longer fits."))
        return {"report": report}

    def show(step: dict) -> HttpResponse:
        report = step.get("report")
        return render(
            request,
            "tasks/import.html",
            {
                **context,
                "form": TaskImportForm(),
                "report": None,
                **step,
                "outcomes": [
                    (_("Added"), report.added),
                    (_("Changed"), report.changed),
                    (_("Unchanged"), report.unchanged),
                    (_("Retired"), report.retired),
                ]
                if report
                else [],
                "is_catalogue": owner is None,
                "done_url": done_url,
            },
        )

    return import_steps(request, purpose=purpose, upload=upload, confirm=confirm, show=show)


@login_required
def catalogue_import(request: HttpRequest) -> HttpResponse:
    # The shared catalogue serves every group: only a superuser may replace it.
    if not request.user.is_superuser:
        raise PermissionDenied(_("Only a site administrator may import the catalogue."))
    return _import_page(
        request, owner=None, done_url=reverse("tasks:catalogue"), context={"section": "tasks"}
    )


@login_required
@require_POST
def catalogue_fan_out_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Run a catalogue import's failed fan-out to the task lists again."""
    job = get_job_or_404(request.user, pk)
    if not (request.user.is_superuser and jobs.fan_out_can_retry(job)):
        raise Http404
    jobs.retry_catalogue_fan_out(job=job)
    return redirect(job)


@owner_view(role=CAN_EDIT_TASK_LIST)
def task_list_import(request: HttpRequest, owner: Owner) -> HttpResponse:
    return _import_page(
        request,
        owner=owner,
        done_url=_list_url(owner),
        context={**_owner_context(owner), "section": "tasks"},
    )
