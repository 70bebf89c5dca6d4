"""The ICT policy plan's pages: the plan with Knoster's check beside it, a goal with its
actions and comments, the needs scan, the PDF and the uploaded plan."""

from __future__ import annotations

import datetime
from functools import partial

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from guidelines.selectors import plan_for as transition_plan_for
from policy import services
from policy.documents import plan_context
from policy.documents import policy_plan_pdf
from policy.forms import ActionForm
from policy.forms import CommentForm
from policy.forms import FindingsForm
from policy.forms import GoalForm
from policy.forms import PlanForm
from policy.forms import ScanForm
from policy.forms import ScanImportForm
from policy.forms import UploadForm
from policy.models import Goal
from policy.models import GoalAction
from policy.models import NeedsScan
from policy.models import PolicyPlan
from policy.scan import AREAS
from policy.scan import WEAK_BELOW
from policy.selectors import owner_tasks
from policy.selectors import plan_for
from policy.selectors import scan_standing
from policy.selectors import scans_of
from policy.selectors import team_candidates
from policy.workbook import MAX_BYTES
from policy.workbook import read_scan
from schools.access import CAN_EDIT_POLICY_PLAN
from schools.access import CAN_MANAGE
from schools.access import CAN_VIEW
from schools.access import Owner
from schools.access import get_school_object_or_404
from schools.access import has_role
from schools.access import owner_context
from schools.access import owner_kind
from schools.access import owner_kwargs
from schools.access import owner_url
from schools.access import owner_view
from schools.access import require_role
from schools.concurrency import Conflict
from schools.concurrency import conflict_message
from schools.concurrency import save_or_rebind
from schools.documents import download
from schools.fields import parse_id
from schools.workbooks import PendingUpload
from schools.workbooks import import_steps
from schools.workbooks import pending_discard
from schools.workbooks import pending_save

# The URL of one of this app's pages for an owner: _url(owner, "plan").
_url = partial(owner_url, "policy")


def _plan_or_404(owner: Owner) -> PolicyPlan:
    plan = plan_for(owner=owner)
    if plan is None:
        raise Http404(_("No such page."))
    return plan


def _context(request: HttpRequest, owner: Owner, **extra) -> dict:
    return {
        **owner_context(owner),
        "section": "policy",
        "can_edit": has_role(request.user, owner, CAN_EDIT_POLICY_PLAN),
        "can_manage": has_role(request.user, owner, CAN_MANAGE),
        "plan_url": _url(owner, "plan"),
        "scan_url": _url(owner, "scan"),
        **extra,
    }


def _form_error(request: HttpRequest, lead: str, form) -> None:
    problems = [
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    ]
    messages.error(request, " ".join([lead, *problems]))


def _resumed_message(request: HttpRequest, owner: Owner, before: str) -> None:
    """Say so when a write let the paused transition plan go on."""
    transition = transition_plan_for(owner=owner)
    if transition is not None and transition.current_node != before:
        messages.success(
            request,
            _("The transition plan goes on: it is now at step %(step)d.")
            % {"step": transition.current_step},
        )


@owner_view("GET", "POST")
def plan_page(request: HttpRequest, owner: Owner) -> HttpResponse:
    plan = plan_for(owner=owner)
    form = PlanForm(instance=plan or PolicyPlan(**owner_kwargs(owner)))
    if request.method == "POST":
        require_role(request.user, owner, CAN_EDIT_POLICY_PLAN)
        form = PlanForm(request.POST, instance=plan or PolicyPlan(**owner_kwargs(owner)))

        def save() -> str:
            """The step the transition stood at before: the message says where it resumes."""
            with transaction.atomic():
                saving = plan or services.plan_get_or_create(owner=owner)
                before = _transition_node(owner)
                services.plan_update(
                    plan=saving,
                    user=request.user,
                    version=form.loaded_version,
                    **form.cleaned_data,
                )
            return before

        form, saved, before = save_or_rebind(
            form, save, lambda data, current: PlanForm(data, instance=current)
        )
        if saved:
            messages.success(request, _("The vision and the evaluation are saved."))
            _resumed_message(request, owner, before)
            return redirect(_url(owner, "plan"))
    transition = transition_plan_for(owner=owner)
    context = _context(
        request,
        owner,
        form=form,
        goal_form=GoalForm(tasks=owner_tasks(owner=owner), prefix="goal"),
        comment_form=CommentForm(),
        upload_form=UploadForm(),
        transition=transition,
        pdf_url=_url(owner, "plan_pdf"),
    )
    context.update(plan_context(owner=owner, plan=plan))
    return render(request, "policy/plan.html", context)


def _transition_node(owner: Owner) -> str:
    transition = transition_plan_for(owner=owner)
    return transition.current_node if transition else ""


@owner_view("GET")
def plan_download(request: HttpRequest, owner: Owner) -> HttpResponse:
    plan = _plan_or_404(owner)
    return download(
        policy_plan_pdf(owner=owner, plan=plan),
        filename=f"ict-policy-plan-{owner.slug}.pdf",
        content_type="application/pdf",
    )


@owner_view("POST", role=CAN_MANAGE)
def plan_drawn_up(request: HttpRequest, owner: Owner) -> HttpResponse:
    plan = _plan_or_404(owner)
    before = _transition_node(owner)
    try:
        services.plan_mark_drawn_up(plan=plan, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The ICT policy plan is recorded as drawn up."))
        _resumed_message(request, owner, before)
    return redirect(_url(owner, "plan"))


@owner_view("POST", role=CAN_EDIT_POLICY_PLAN)
def plan_upload(request: HttpRequest, owner: Owner) -> HttpResponse:
    if request.POST.get("action") == "remove":
        plan = _plan_or_404(owner)
        services.plan_upload_remove(plan=plan, user=request.user)
        messages.success(request, _("The uploaded plan is removed."))
        return redirect(_url(owner, "plan") + "#upload")
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_error(request, _("The plan is not uploaded."), form)
        return redirect(_url(owner, "plan") + "#upload")
    before = _transition_node(owner)
    try:
        with transaction.atomic():
            plan = services.plan_get_or_create(owner=owner)
            services.plan_upload(plan=plan, user=request.user, upload=form.cleaned_data["file"])
    except ValidationError as error:
        messages.error(request, " ".join([_("The plan is not uploaded."), *error.messages]))
        return redirect(_url(owner, "plan") + "#upload")
    messages.success(request, _("The plan is uploaded."))
    _resumed_message(request, owner, before)
    return redirect(_url(owner, "plan") + "#upload")


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}


@owner_view("GET")
def plan_file(request: HttpRequest, owner: Owner) -> HttpResponse:
    """The uploaded plan, for the owner's members only (the lookup above is scoped)."""
    plan = _plan_or_404(owner)
    if not plan.existing_file:
        raise Http404(_("No such page."))
    extension = plan.existing_file.name.rsplit(".", 1)[-1].lower()
    try:
        handle = plan.existing_file.open("rb")
    except OSError:
        raise Http404(_("No such page.")) from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=plan.existing_file_name or f"ict-policy-plan.{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )


@owner_view("POST", role=CAN_VIEW)
def comment_add(request: HttpRequest, owner: Owner) -> HttpResponse:
    """Every member with access may comment: co-creation with the teachers."""
    form = CommentForm(request.POST)
    goal = None
    given = request.POST.get("goal", "").strip()
    goal_id = parse_id(given)
    plan = plan_for(owner=owner)
    if given:
        if goal_id is None:
            raise Http404(_("No such page."))
        plan = _plan_or_404(owner)
        goal = get_school_object_or_404(request.user, Goal.objects.filter(plan=plan), pk=goal_id)
    back = _url(owner, "goal", pk=goal.pk) if goal else _url(owner, "plan")
    if not form.is_valid():
        _form_error(request, _("The comment is not added."), form)
        return redirect(back + "#comments")
    with transaction.atomic():
        plan = plan or services.plan_get_or_create(owner=owner)
        services.comment_add(
            plan=plan, user=request.user, text=form.cleaned_data["text"], goal=goal
        )
    messages.success(request, _("Thank you: your comment is added."))
    return redirect(back + "#comments")


@owner_view("POST", role=CAN_EDIT_POLICY_PLAN)
def goal_add(request: HttpRequest, owner: Owner) -> HttpResponse:
    form = GoalForm(request.POST, tasks=owner_tasks(owner=owner), prefix="goal")
    if not form.is_valid():
        _form_error(request, _("The goal is not added."), form)
        return redirect(_url(owner, "plan") + "#goals")
    with transaction.atomic():
        plan = services.plan_get_or_create(owner=owner)
        goal = services.goal_save(plan=plan, user=request.user, **form.cleaned_data)
    messages.success(request, _("The goal is added: now add its actions."))
    return redirect(_url(owner, "goal", pk=goal.pk))


def _goal(request: HttpRequest, owner: Owner, pk: int) -> Goal:
    plan = _plan_or_404(owner)
    return get_school_object_or_404(
        request.user, Goal.objects.filter(plan=plan).select_related("plan", "finding__scan"), pk=pk
    )


@owner_view("GET", "POST")
def goal_page(request: HttpRequest, owner: Owner, pk: int) -> HttpResponse:
    goal = _goal(request, owner, pk)
    tasks = owner_tasks(owner=owner)
    form = GoalForm(instance=goal, tasks=tasks, prefix="goal")
    if request.method == "POST":
        require_role(request.user, owner, CAN_EDIT_POLICY_PLAN)
        form = GoalForm(request.POST, instance=goal, tasks=tasks, prefix="goal")
        form, saved, _goal_saved = save_or_rebind(
            form,
            lambda: services.goal_save(
                plan=goal.plan,
                goal=goal,
                user=request.user,
                version=form.loaded_version,
                **form.cleaned_data,
            ),
            lambda data, current: GoalForm(data, instance=current, tasks=tasks, prefix="goal"),
        )
        if saved:
            messages.success(request, _("The goal is saved."))
            return redirect(_url(owner, "goal", pk=goal.pk))
    candidates = team_candidates(owner=owner, goal=goal)
    actions = list(goal.actions.select_related("person"))
    context = _context(
        request,
        owner,
        goal=goal,
        form=form,
        goal_tasks=list(goal.tasks.select_related("task").order_by("task__code")),
        actions=[
            (action, ActionForm(instance=action, candidates=candidates, prefix=f"a{action.pk}"))
            for action in actions
        ],
        action_form=ActionForm(candidates=candidates, prefix="new"),
        comments=list(goal.comments.select_related("author")),
        comment_form=CommentForm(),
        candidates=candidates,
    )
    return render(request, "policy/goal.html", context)


@owner_view("POST", role=CAN_EDIT_POLICY_PLAN)
def goal_delete(request: HttpRequest, owner: Owner, pk: int) -> HttpResponse:
    goal = _goal(request, owner, pk)
    services.goal_delete(goal=goal, user=request.user)
    messages.success(request, _("The goal is deleted."))
    return redirect(_url(owner, "plan") + "#goals")


@owner_view("POST", role=CAN_EDIT_POLICY_PLAN)
def action_add(request: HttpRequest, owner: Owner, pk: int) -> HttpResponse:
    goal = _goal(request, owner, pk)
    form = ActionForm(
        request.POST, candidates=team_candidates(owner=owner, goal=goal), prefix="new"
    )
    if form.is_valid():
        try:
            services.action_save(goal=goal, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The action is added."))
    else:
        _form_error(request, _("The action is not added."), form)
    return redirect(_url(owner, "goal", pk=goal.pk) + "#actions")


@owner_view("POST", role=CAN_EDIT_POLICY_PLAN)
def action_edit(request: HttpRequest, owner: Owner, pk: int) -> HttpResponse:
    plan = _plan_or_404(owner)
    action = get_school_object_or_404(
        request.user,
        GoalAction.objects.filter(goal__plan=plan).select_related("goal__plan"),
        pk=pk,
    )
    goal = action.goal
    back = _url(owner, "goal", pk=goal.pk) + "#actions"
    if request.POST.get("action") == "delete":
        services.action_delete(action=action, user=request.user)
        messages.success(request, _("The action is deleted."))
        return redirect(back)
    form = ActionForm(
        request.POST,
        instance=action,
        candidates=team_candidates(owner=owner, goal=goal),
        prefix=f"a{action.pk}",
    )
    if form.is_valid():
        try:
            services.action_save(
                goal=goal,
                action=action,
                user=request.user,
                version=form.loaded_version,
                **form.cleaned_data,
            )
        except Conflict as conflict:
            messages.error(request, conflict_message(conflict, form))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The action is saved."))
    else:
        _form_error(request, _("The action is not saved."), form)
    return redirect(back)


# --- the needs scan -----------------------------------------------------------------------


def _scan_context(request: HttpRequest, owner: Owner, plan: PolicyPlan | None, **extra) -> dict:
    scans = scans_of(plan=plan) if plan is not None else []
    latest = scans[0] if scans else None
    standing = scan_standing(owner=owner, scan=latest) if latest else []
    return _context(
        request,
        owner,
        policy_plan=plan,
        scans=scans,
        latest=latest,
        standing=standing,
        findings_form=FindingsForm(standing=standing, prefix="findings") if latest else None,
        weak_below=WEAK_BELOW,
        areas=AREAS,
        import_url=_url(owner, "scan_import"),
        **extra,
    )


@owner_view("GET", "POST")
def scan_page(request: HttpRequest, owner: Owner) -> HttpResponse:
    plan = plan_for(owner=owner)
    form = ScanForm()
    if request.method == "POST":
        require_role(request.user, owner, CAN_EDIT_POLICY_PLAN)
        form = ScanForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    plan = plan or services.plan_get_or_create(owner=owner)
                    services.scan_record(
                        plan=plan,
                        user=request.user,
                        date=data["date"],
                        tool=data["tool"],
                        tool_name=data["tool_name"],
                        note=data["note"],
                        scores=form.scores(),
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The needs scan is recorded."))
                return redirect(_url(owner, "scan"))
    return render(request, "policy/scan.html", _scan_context(request, owner, plan, form=form))


def _scan_purpose(request: HttpRequest, owner: Owner) -> str:
    return f"policy-scan:{owner_kind(owner)}:{owner.pk}:user:{request.user.pk}"


@owner_view("GET", "POST", role=CAN_EDIT_POLICY_PLAN)
def scan_import(request: HttpRequest, owner: Owner) -> HttpResponse:
    """Upload, preview of the scores read, then confirm: nothing is written before."""
    purpose = _scan_purpose(request, owner)

    def upload() -> dict:
        form = ScanForm(request.POST, prefix="meta")
        upload_form = ScanImportForm(request.POST, request.FILES)
        shown = {"form": form, "upload_form": upload_form}
        if not (form.is_valid() and upload_form.is_valid()):
            return shown
        file = upload_form.cleaned_data["file"]
        if file.size > MAX_BYTES:
            return {**shown, "errors": [_("The file is too large: at most 1 MB is read.")]}
        data = file.read()
        rows = read_scan(data)
        if rows.errors:
            return {**shown, "errors": rows.errors}
        meta = form.cleaned_data
        token = pending_save(
            data=data,
            name=file.name,
            purpose=purpose,
            extra={
                "date": meta["date"].isoformat(),
                "tool": meta["tool"],
                "tool_name": meta["tool_name"],
                "note": meta["note"],
            },
        )
        return {
            **shown,
            "preview": [(AREAS[area], score) for area, score in rows.scores.items()],
            "token": token,
        }

    def confirm(_confirm: forms.Form, pending: PendingUpload) -> HttpResponse | dict:
        rows = read_scan(pending.data)
        pending_discard(pending)
        if rows.errors:
            return {"errors": rows.errors}
        meta = pending.extra
        with transaction.atomic():
            plan = services.plan_get_or_create(owner=owner)
            services.scan_record(
                plan=plan,
                user=request.user,
                date=datetime.date.fromisoformat(meta["date"]),
                tool=meta["tool"],
                tool_name=meta["tool_name"],
                note=meta["note"],
                scores=rows.scores,
            )
        messages.success(
            request,
            _("Imported %(file)s: %(count)d areas.")
            % {"file": pending.name, "count": len(rows.scores)},
        )
        return redirect(_url(owner, "scan"))

    def show(step: dict) -> HttpResponse:
        shown = {
            "form": ScanForm(prefix="meta"),
            "upload_form": ScanImportForm(),
            "preview": None,
            "errors": [],
            **step,
        }
        return render(request, "policy/scan_import.html", _context(request, owner, **shown))

    return import_steps(request, purpose=purpose, upload=upload, confirm=confirm, show=show)


@owner_view("POST", role=CAN_EDIT_POLICY_PLAN)
def scan_goals(request: HttpRequest, owner: Owner, pk: int) -> HttpResponse:
    """The chosen findings of a scan become goals of the plan, each with an action item."""
    plan = _plan_or_404(owner)
    scan = get_school_object_or_404(
        request.user, NeedsScan.objects.filter(plan=plan).prefetch_related("results__goals"), pk=pk
    )
    form = FindingsForm(
        request.POST, standing=scan_standing(owner=owner, scan=scan), prefix="findings"
    )
    if not form.is_valid():
        _form_error(request, _("No goals were added."), form)
        return redirect(_url(owner, "scan"))
    goals = services.findings_to_goals(
        plan=plan, user=request.user, findings=form.chosen(), due=form.cleaned_data["due"]
    )
    messages.success(
        request,
        _("%(count)d goals added to the ICT policy plan, each with its tasks and an action.")
        % {"count": len(goals)},
    )
    return redirect(_url(owner, "plan") + "#goals")
