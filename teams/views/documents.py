"""Pages and downloads of the team documents.

Who may read what: people who edit the team (group admin, school leader, ICT
coordinator) read and export every document. A team member reads the team overview,
the division of tasks and their own role description: the person of the school whose
e-mail address is the one of their account.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from schools.access import CAN_EDIT_TEAM
from schools.access import CAN_VIEW
from schools.access import get_school_object_or_404
from schools.access import has_role
from schools.access import owner_view
from schools.access import require_role
from schools.concurrency import save_or_rebind
from schools.documents import PDF
from schools.documents import XLSX
from schools.documents import download
from schools.documents import file_slug
from schools.models import School
from schools.workbooks import PendingUpload
from schools.workbooks import import_steps
from schools.workbooks import pending_discard
from schools.workbooks import pending_purpose
from schools.workbooks import pending_save
from teams import documents
from teams.document_forms import VacancyForm
from teams.document_forms import VacancyTasksForm
from teams.document_forms import WorkbookConfirmForm
from teams.document_forms import WorkbookImportForm
from teams.models import Person
from teams.models import PersonSchool
from teams.models import Vacancy
from teams.selectors import school_people
from teams.workbook import StaleExport
from teams.workbook import division_export_xlsx
from teams.workbook import division_import_xlsx


def _own_people(user, school: School) -> list[Person]:
    """The people of the school the user is, matched on the account's e-mail address."""
    email = (getattr(user, "email", "") or "").strip()
    if not email:
        return []
    return list(school_people(school=school).filter(email__iexact=email))


def _is_own(user, person: Person) -> bool:
    email = (getattr(user, "email", "") or "").strip().lower()
    return bool(email) and person.email.strip().lower() == email


def _person_or_404(user, school: School, pk: int) -> Person:
    """A person of this school: its own, or a group-level person with hours in it.

    ``school`` is the reader's (``owner_view``): a person of its own is theirs to read."""
    person = documents.school_person(school=school, pk=pk)
    if person is not None:
        return person
    share = get_school_object_or_404(
        user,
        PersonSchool.objects.filter(school=school, person__group_id=school.group_id).select_related(
            "person"
        ),
        person_id=pk,
    )
    return share.person


def _readable_person(request: HttpRequest, school: School, pk: int) -> Person:
    person = _person_or_404(request.user, school, pk)
    if not (has_role(request.user, school, CAN_EDIT_TEAM) or _is_own(request.user, person)):
        raise PermissionDenied(_("You may read your own role description only."))
    return person


def _gap_form(
    school: School, data=None, *, executing: list[tuple[int, int]] | None = None
) -> VacancyTasksForm:
    return VacancyTasksForm(
        data,
        gaps=documents.gap_tasks(school=school, executing=executing),
        hours=documents.free_hours(school=school),
    )


@owner_view("GET", role=CAN_VIEW)
def documents_index(request: HttpRequest, school: School) -> HttpResponse:
    can_edit = has_role(request.user, school, CAN_EDIT_TEAM)
    if can_edit:
        # Links by name: the team's hours, two sums a person, are not needed here; the
        # drafted vacancies, and who executes what for the gaps, come in the same query.
        people, vacancies, executing = documents.document_links(school=school)
    else:
        people = sorted(_own_people(request.user, school), key=lambda p: p.name)
        vacancies, executing = [], None
    return render(
        request,
        "teams/documents/index.html",
        {
            "school": school,
            "section": "documents",
            "can_edit": can_edit,
            "people": people,
            "gap_form": _gap_form(school, executing=executing) if can_edit else None,
            "vacancies": vacancies,
        },
    )


@owner_view("GET", role=CAN_VIEW)
def role_description(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    person = _readable_person(request, school, pk)
    context = documents.role_description_context(school=school, person=person)
    return render(request, "teams/documents/role_description.html", context)


@owner_view("GET", role=CAN_VIEW)
def role_description_pdf(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    person = _readable_person(request, school, pk)
    name = file_slug(person.name, f"person-{person.pk}")
    return download(
        documents.role_description_pdf(school=school, person=person),
        filename=f"role-description-{name}.pdf",
        content_type=PDF,
    )


@owner_view("GET", role=CAN_VIEW)
def team_overview(request: HttpRequest, school: School) -> HttpResponse:
    context = documents.team_overview_context(school=school)
    return render(request, "teams/documents/team_overview.html", context)


@owner_view("GET", role=CAN_VIEW)
def team_overview_pdf(request: HttpRequest, school: School) -> HttpResponse:
    return download(
        documents.team_overview_pdf(school=school),
        filename=f"{school.slug}-team-overview.pdf",
        content_type=PDF,
    )


@owner_view("GET", role=CAN_VIEW)
def workbook_export(request: HttpRequest, school: School) -> HttpResponse:
    return download(
        division_export_xlsx(school=school),
        filename=f"{school.slug}-division-of-tasks.xlsx",
        content_type=XLSX,
    )


def _division_preview(request: HttpRequest, school: School, *, data: bytes, name: str) -> dict:
    """The dry run of an upload; if it changes anything, the upload waits for the confirm."""
    try:
        result = division_import_xlsx(school=school, file=data, dry_run=True)
    except ValidationError as exc:
        return {"result": None, "import_errors": exc.messages}
    if not result.changed:
        return {"result": result, "import_errors": []}
    token = pending_save(
        data=data,
        name=name,
        purpose=pending_purpose("division", user=request.user, owner=school),
        # The stale changes the preview shows: the confirm accepts these, and no others.
        extra={"stale": result.stale_keys},
    )
    return {"result": result, "import_errors": [], "token": token}


@owner_view("GET", "POST", role=CAN_EDIT_TEAM)
def workbook_import(request: HttpRequest, school: School) -> HttpResponse:
    """Upload, preview of what would be added, changed and removed, then confirm.

    Nothing is written before the confirm. The import runs again on confirm: when it
    would now undo other changes made since the export than the preview showed, the
    new preview is shown instead.
    """

    def upload() -> dict:
        form = WorkbookImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return {"form": form}
        file = form.cleaned_data["file"]
        return {
            "form": form,
            **_division_preview(request, school, data=file.read(), name=file.name),
        }

    def confirm(confirm: WorkbookConfirmForm, pending: PendingUpload) -> HttpResponse | dict:
        accepted = pending.extra.get("stale", []) if confirm.cleaned_data["accept_stale"] else []
        try:
            result = division_import_xlsx(
                school=school, file=pending.data, user=request.user, confirmed_stale=accepted
            )
        except StaleExport:
            pending_discard(pending)
            if confirm.cleaned_data["accept_stale"]:
                messages.warning(
                    request,
                    _("More assignments changed since the preview: check the new preview."),
                )
            else:
                messages.error(
                    request,
                    _(
                        "Nothing was imported: tick that the changed assignments may be "
                        "overwritten."
                    ),
                )
            return _division_preview(request, school, data=pending.data, name=pending.name)
        except ValidationError as exc:
            pending_discard(pending)
            return {"import_errors": exc.messages}
        pending_discard(pending)
        messages.success(
            request,
            _("Imported %(file)s: %(count)d assignments changed.")
            % {"file": pending.name, "count": result.changed},
        )
        return redirect("teams:document_overview", school_slug=school.slug)

    def show(step: dict) -> HttpResponse:
        return render(
            request,
            "teams/documents/workbook_import.html",
            {
                "school": school,
                "form": WorkbookImportForm(),
                "result": None,
                "import_errors": [],
                **step,
            },
        )

    return import_steps(
        request,
        purpose=pending_purpose("division", user=request.user, owner=school),
        upload=upload,
        confirm=confirm,
        show=show,
        confirm_form=WorkbookConfirmForm,
    )


@owner_view("POST", role=CAN_EDIT_TEAM)
def vacancy_new(request: HttpRequest, school: School) -> HttpResponse:
    form = _gap_form(school, request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("Choose at least one task the team cannot cover, and hours between 0.5 and 38."),
        )
        return redirect("teams:documents", school_slug=school.slug)
    vacancy = documents.vacancy_draft(
        school=school, tasks=form.chosen(), hours=form.cleaned_data["hours"]
    )
    messages.success(request, _("Drafted the vacancy: edit it before you export it."))
    return redirect("teams:document_vacancy", school_slug=school.slug, pk=vacancy.pk)


def _vacancy_or_404(request: HttpRequest, school: School, pk: int) -> Vacancy:
    require_role(request.user, school, CAN_EDIT_TEAM)
    return get_school_object_or_404(
        request.user,
        Vacancy.objects.filter(school=school).select_related("school__group"),
        pk=pk,
    )


@owner_view("GET", "POST", role=CAN_VIEW)
def vacancy_edit(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    vacancy = _vacancy_or_404(request, school, pk)
    form = VacancyForm(request.POST or None, instance=vacancy)
    if request.method == "POST":
        form, saved, _vacancy = save_or_rebind(
            form,
            lambda: documents.vacancy_update(
                vacancy=vacancy, version=form.loaded_version, **form.cleaned_data
            ),
            lambda data, v: VacancyForm(data, instance=v),
        )
        if saved:
            messages.success(request, _("Saved the vacancy."))
            return redirect(reverse("teams:document_vacancy", args=[school.slug, vacancy.pk]))
        # Show the saved vacancy beside the form's errors, not the rejected input.
        vacancy.refresh_from_db()
    return render(
        request,
        "teams/documents/vacancy.html",
        {**documents.vacancy_context(vacancy=vacancy), "form": form},
    )


@owner_view("GET", role=CAN_VIEW)
def vacancy_pdf(request: HttpRequest, school: School, pk: int) -> HttpResponse:
    vacancy = _vacancy_or_404(request, school, pk)
    name = file_slug(vacancy.title, str(vacancy.pk))
    return download(
        documents.vacancy_pdf(vacancy=vacancy), filename=f"vacancy-{name}.pdf", content_type=PDF
    )
