"""The transition wizard: a plan's overview, one page per flowchart node, the picture and
the action plan. Pages render whatever node the flowchart data holds; what a node's page
does besides answering comes from its ``work``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models import Q
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from guidelines import flowchart
from guidelines import services
from guidelines.documents import action_plan_context
from guidelines.documents import action_plan_pdf
from guidelines.flowchart import ADULT_CENTRE_NOTES
from guidelines.flowchart import FLOWCHART
from guidelines.flowchart import ROLE_LABELS
from guidelines.flowchart import ROUTES
from guidelines.flowchart import advice_for
from guidelines.forms import ActionItemAddForm
from guidelines.forms import ActionItemForm
from guidelines.forms import AnswerForm
from guidelines.forms import ChecklistForm
from guidelines.forms import EvaluationForm
from guidelines.forms import GapDecisionsForm
from guidelines.forms import ResourcesForm
from guidelines.forms import TaskListBulkForm
from guidelines.forms import task_list_fields
from guidelines.forms import task_list_formset
from guidelines.models import ActionItem
from guidelines.models import TransitionPlan
from guidelines.selectors import action_items
from guidelines.selectors import advice_role
from guidelines.selectors import evaluations
from guidelines.selectors import gap_analysis
from guidelines.selectors import is_adult_centre
from guidelines.selectors import lead_label
from guidelines.selectors import plan_for
from guidelines.selectors import plan_state
from guidelines.selectors import plan_status_of
from guidelines.selectors import resources_of
from guidelines.selectors import team_checklist
from guidelines.selectors import team_links
from guidelines.svg import render_svg
from schools.access import CAN_EDIT_TASK_LIST
from schools.access import CAN_MANAGE
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
from schools.concurrency import RowConflicts
from schools.concurrency import conflict_message
from schools.concurrency import rebased_formset
from schools.concurrency import rebound
from schools.models import School
from tasks.models import Cluster
from tasks.models import ListTask
from tasks.selectors import TaskFilters
from tasks.selectors import task_list_entries
from tasks.services import list_task_update
from tasks.templatetags.row_urls import row_url_for

# The URL of one of this app's pages for an owner: _url(owner, "plan").
_url = partial(owner_url, "guidelines")


def _node_url(owner: Owner, node_id: str) -> str:
    return _url(owner, "node", node_id=node_id)


def _plan(owner: Owner, *, resources: bool = False, answers: bool = False) -> TransitionPlan | None:
    """The owner's plan, with its owner: the pages ask for ``plan.owner`` (the gaps, the
    task list's summary, step 7), which would read the school or group a second time.
    With ``resources``, step 4's resources read on the plan's row; with ``answers``, its
    answers in the same query, for the page's ``plan_state``."""
    plan = plan_for(owner=owner, resources=resources, answers=answers)
    if plan is not None:
        setattr(plan, owner_kind(owner), owner)
    return plan


def _plan_or_404(owner: Owner, *, resources: bool = False, answers: bool = False) -> TransitionPlan:
    plan = _plan(owner, resources=resources, answers=answers)
    if plan is None:
        raise Http404(_("No such page."))
    return plan


def _context(request: HttpRequest, owner: Owner, **extra) -> dict:
    role = advice_role(user=request.user, owner=owner)
    return {
        "adult_centre": is_adult_centre(owner),
        **owner_context(owner),
        "section": "plan",
        "role": role,
        "role_label": ROLE_LABELS[role],
        "can_run": has_role(request.user, owner, CAN_MANAGE),
        "plan_url": _url(owner, "plan"),
        "flowchart": FLOWCHART,
        **extra,
    }


def _svg(owner: Owner, state) -> str:
    on_path = set(state.walk.node_ids)
    # Each step on the path links to its page: the address reversed once, not per step.
    urls: dict = {}
    name = f"guidelines:{owner_kind(owner)}_node"
    return render_svg(
        path=state.walk.node_ids,
        current=state.walk.current,
        href=lambda node_id: (
            row_url_for(urls, name, owner.slug, node_id) if node_id in on_path else None
        ),
        title=_("Transition plan of %(owner)s: the flowchart") % {"owner": owner.name},
    )


@owner_view()
def plan_overview(request: HttpRequest, owner: Owner) -> HttpResponse:
    plan = _plan(owner, answers=True)
    context = _context(request, owner, plan=plan)
    if plan is not None:
        state = plan_state(plan=plan)
        items = action_items(plan=plan)
        context.update(
            state=state,
            svg=_svg(owner, state),
            status=plan_status_of(plan=plan, state=state, items=items),
            lead_label=lead_label(plan=plan, owner=owner),
            action_items=[item for item in items if not item.withdrawn],
            withdrawn_items=[item for item in items if item.withdrawn],
            evaluations=evaluations(plan=plan),
            current_url=_node_url(owner, state.walk.current),
        )
        if isinstance(owner, School) and plan.lead == "group":
            context["group_plan_visible"] = has_role(request.user, owner.group, CAN_MANAGE)
    return render(request, "guidelines/plan.html", context)


@owner_view("POST", role=CAN_MANAGE)
def plan_start(request: HttpRequest, owner: Owner) -> HttpResponse:
    plan = services.plan_start(owner=owner, user=request.user)
    return redirect(_node_url(owner, plan.current_node))


@owner_view("GET")
def plan_resume(request: HttpRequest, owner: Owner) -> HttpResponse:
    """Reopen the plan where it stands: its current node (a pause reopens at its question)."""
    plan = _plan_or_404(owner)
    state = plan_state(plan=plan)
    return redirect(_node_url(owner, state.walk.current))


@dataclass(frozen=True)
class TaskListView:
    """What step 5 shows: one cluster of the list (or only its tasks to review)."""

    cluster: str
    to_review: bool
    counts: list[tuple[str, str, int, int]]  # cluster, label, tasks, to review
    review_total: int

    @property
    def label(self) -> str:
        return dict(Cluster.choices).get(self.cluster, self.cluster)


def _task_list_view(owner: Owner, request: HttpRequest) -> TaskListView:
    """The cluster asked for, else the first with tasks: a list of 139 tasks as one form is
    thousands of pixels and hundreds of tab stops, one cluster at a time is not."""
    to_review = request.GET.get("show") == "review"
    per_cluster = {
        row["task__cluster"]: (row["total"], row["review"])
        for row in ListTask.objects.filter(**owner_kwargs(owner))
        .values("task__cluster")
        .annotate(total=Count("pk"), review=Count("pk", filter=~Q(review="")))
    }
    counts = [
        (key, label, *per_cluster[key]) for key, label in Cluster.choices if key in per_cluster
    ]
    wanted = request.GET.get("cluster", "")
    shown = [c for c in counts if c[3]] if to_review else counts
    if wanted not in {c[0] for c in shown}:
        wanted = shown[0][0] if shown else ""
    return TaskListView(
        cluster=wanted,
        to_review=to_review,
        counts=counts,
        review_total=sum(c[3] for c in counts),
    )


@transaction.atomic
def _bulk_update(entries, *, topic: str, changes: dict[str, object]) -> int:
    """One choice for every shown task (or those of one topic); returns how many changed."""
    changed = 0
    for entry in entries:
        if topic and entry.task.topic != topic:
            continue
        if all(getattr(entry, name) == value for name, value in changes.items()):
            continue
        list_task_update(entry=entry, **changes)
        changed += 1
    return changed


@owner_view()
def plan_node(request: HttpRequest, owner: Owner, node_id: str) -> HttpResponse:
    plan = _plan_or_404(owner)
    node = FLOWCHART.by_id.get(node_id)
    if node is None:
        raise Http404(_("No such page."))
    state = plan_state(plan=plan)
    if not state.on_path(node_id):
        messages.info(request, _("That step is not on your plan's path: here is where you are."))
        return redirect(_node_url(owner, state.walk.current))
    if request.method == "POST":
        require_role(request.user, owner, CAN_MANAGE)
    record = state.answers.get(node_id)
    on_path_record = next(
        (entry.record for entry in state.path if entry.node.id == node_id and entry.value), None
    )
    role = advice_role(user=request.user, owner=owner)
    context = _context(
        request,
        owner,
        plan=plan,
        state=state,
        node=node,
        step=FLOWCHART.step(node.step),
        phase=FLOWCHART.phase_of(node.step),
        record=on_path_record,
        flagged=record is not None and record.needs_review,
        is_current=node_id == state.walk.current,
        advice=advice_for(node.advice, role),
        links=team_links(owner=owner),
    )
    if context["adult_centre"]:
        context["adult_note"] = ADULT_CENTRE_NOTES.get(node.id, "")
    response = _NODE_WORK.get(node.work, _work_answer)(request, owner, plan, node, context)
    if response is not None:
        return response
    return render(request, "guidelines/node.html", context)


def _answer(request, owner, plan, node, value: str) -> HttpResponse:
    try:
        plan = services.answer_set(plan=plan, node_id=node.id, value=value, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_node_url(owner, node.id))
    return redirect(_node_url(owner, plan.current_node))


def _answer_form(request, node, context) -> AnswerForm:
    record = context["record"]
    initial = record.value if record else ""
    data = request.POST if request.method == "POST" and "answer" in request.POST else None
    return AnswerForm(data, node=node, initial_value=initial, record=record, prefix=None)


def _work_answer(request, owner, plan, node, context):
    """A plain question, an outcome (one "continue"), or an end point."""
    form = _answer_form(request, node, context) if node.answers else None
    context["form"] = form
    if node.node_type == "end" and node.resume_at:
        context["resume_url"] = _node_url(owner, node.resume_at)
        context["resume_step"] = FLOWCHART.node(node.resume_at).step
    if node.node_type == "end" and not node.paused:
        evaluation_node = next(n for n in FLOWCHART.nodes if n.work == flowchart.WORK_EVALUATION)
        context["evaluate_url"] = _node_url(owner, evaluation_node.id)
        context["evaluations"] = evaluations(plan=plan)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            plan = services.answer_set(
                plan=plan,
                node_id=node.id,
                value=form.cleaned_data["answer"],
                user=request.user,
                version=form.loaded_version,
            )
        except Conflict as conflict:
            context["form"] = rebound(
                form,
                conflict,
                lambda data, answer: AnswerForm(
                    data, node=node, initial_value=answer.value, record=answer, prefix=None
                ),
            )
            return None
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_node_url(owner, node.id))
        return redirect(_node_url(owner, plan.current_node))
    return None


def _work_resources(request, owner, plan, node, context):
    resources = resources_of(plan=plan)
    form = ResourcesForm(request.POST or None, instance=resources)
    context["resources_form"] = form
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.resources_set(
                    plan=plan, user=request.user, version=form.loaded_version, **data
                )
                return _answer(request, owner, plan, node, node.answers[0].value)
        except Conflict as conflict:
            context["resources_form"] = rebound(
                form, conflict, lambda data, resources: ResourcesForm(data, instance=resources)
            )
    return None


def _work_task_list(request, owner, plan, node, context):
    can_edit = has_role(request.user, owner, CAN_EDIT_TASK_LIST)
    view = _task_list_view(owner, request)
    entries = task_list_entries(
        owner=owner,
        filters=TaskFilters(cluster=view.cluster or "-", to_review=view.to_review),
    )
    fields = task_list_fields(node)
    is_bulk = request.method == "POST" and request.POST.get("action") == "bulk"
    formset = task_list_formset(
        node,
        data=request.POST if request.method == "POST" and not is_bulk else None,
        queryset=entries,
    )
    rows = list(entries)
    topics = list(dict.fromkeys(entry.task.topic for entry in rows if entry.task.topic))
    bulk_form = TaskListBulkForm(
        request.POST if is_bulk else None,
        fields=fields,
        topics=topics,
        cluster_label=view.label,
    )
    context.update(
        formset=formset,
        bulk_form=bulk_form,
        row_fields=fields,
        view=view,
        can_edit_tasks=can_edit,
        task_list_url=team_links(owner=owner)["tasks"],
    )
    if request.method == "POST":
        require_role(request.user, owner, CAN_EDIT_TASK_LIST)
        if is_bulk:
            if bulk_form.is_valid():
                changed = _bulk_update(
                    rows, topic=bulk_form.cleaned_data["topic"], changes=bulk_form.changes()
                )
                messages.success(request, _("Saved %(count)d changed tasks.") % {"count": changed})
                return redirect(request.get_full_path())
            return None
        if not formset.is_valid():
            messages.error(request, _("Some rows could not be saved: see the marked rows."))
            return None
        try:
            changed = formset.save_changed_rows()
        except RowConflicts as rows:
            context["formset"] = rebased_formset(
                formset,
                rows.rows,
                lambda data: task_list_formset(node, data=data, queryset=entries),
            )
            messages.error(
                request,
                _(
                    "Some rows were changed by someone else meanwhile: see the marked rows, "
                    "then save again."
                ),
            )
            return None
        if changed:
            messages.success(request, _("Saved %(count)d changed tasks.") % {"count": changed})
        if request.POST.get("action") == "answer":
            return _answer(request, owner, plan, node, node.answers[0].value)
        return redirect(request.get_full_path())
    return None


def _work_gaps(request, owner, plan, node, context):
    analysis = gap_analysis(plan=plan)
    context["analysis"] = analysis
    context["suggested"] = "no" if analysis.gaps else "yes"
    return _work_answer(request, owner, plan, node, context)


def _saved(request, owner, plan, node, message: str) -> HttpResponse:
    """After a step's work is saved: with "save and answer", the step's answer in the same
    transaction; else back to the step, saying what was saved."""
    if request.POST.get("action") == "answer":
        return _answer(request, owner, plan, node, node.answers[0].value)
    messages.success(request, message)
    return redirect(_node_url(owner, node.id))


def _work_gap_decisions(request, owner, plan, node, context):
    analysis = gap_analysis(plan=plan)
    form = GapDecisionsForm(request.POST if request.method == "POST" else None, gaps=analysis.gaps)
    context.update(analysis=analysis, gap_form=form, routes=ROUTES)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for gap, route, taken_by, note in form.decisions():
                services.gap_decision_set(
                    plan=plan,
                    list_task=gap.entry,
                    route=route,
                    note=note,
                    taken_by=taken_by,
                    user=request.user,
                )
            return _saved(request, owner, plan, node, _("Saved the decisions."))
    return None


def _work_team(request, owner, plan, node, context):
    rows = team_checklist(plan=plan)
    form = ChecklistForm(request.POST if request.method == "POST" else None, rows=rows)
    context.update(checklist=rows, checklist_form=form)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for row in form.manual:
                done = form.cleaned_data[row.item.key]
                if done != row.done:
                    services.checklist_tick(
                        plan=plan, key=row.item.key, done=done, user=request.user
                    )
            return _saved(request, owner, plan, node, _("Saved the team actions."))
    return None


def _work_evaluation(request, owner, plan, node, context):
    form = EvaluationForm(request.POST if request.method == "POST" else None)
    context.update(evaluation_form=form, evaluations=evaluations(plan=plan))
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_record(plan=plan, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_node_url(owner, node.id))
        plan.refresh_from_db()
        messages.success(request, _("The evaluation is recorded."))
        return redirect(_node_url(owner, plan.current_node))
    return None


def _work_follow_up(request, owner, plan, node, context):
    form = _answer_form(request, node, context)
    context["form"] = form
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.evaluation_follow_up(
                plan=plan, value=form.cleaned_data["answer"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_node_url(owner, node.id))
        return redirect(_node_url(owner, plan.current_node))
    return None


_NODE_WORK = {
    "": _work_answer,
    flowchart.WORK_RESOURCES: _work_resources,
    flowchart.WORK_TASK_LIST: _work_task_list,
    flowchart.WORK_GAPS: _work_gaps,
    flowchart.WORK_GAP_DECISIONS: _work_gap_decisions,
    flowchart.WORK_TEAM: _work_team,
    flowchart.WORK_EVALUATION: _work_evaluation,
    flowchart.WORK_FOLLOW_UP: _work_follow_up,
}


@owner_view("POST", role=CAN_MANAGE)
def plan_keep(request: HttpRequest, owner: Owner, node_id: str) -> HttpResponse:
    """Keep an answer flagged for review as it is."""
    plan = _plan_or_404(owner)
    try:
        services.plan_confirm_review(plan=plan, node_id=node_id, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The answer is kept."))
    return redirect(_url(owner, "plan"))


@owner_view("POST", role=CAN_MANAGE)
def action_add(request: HttpRequest, owner: Owner) -> HttpResponse:
    plan = _plan_or_404(owner)
    form = ActionItemAddForm(request.POST)
    if form.is_valid():
        services.action_item_add(plan=plan, step=plan.current_step, **form.cleaned_data)
        messages.success(request, _("The action item is added."))
    else:
        _form_error(request, _("The action item is not added."), form)
    return redirect(_url(owner, "plan") + "#actions")


def _form_error(request: HttpRequest, lead: str, form) -> None:
    """Say what is wrong with each field, as the form says it ("at most 500 characters"),
    instead of one guess that fits only an empty field."""
    problems = [
        f"{form.fields[name].label if name in form.fields else ''}: {' '.join(errors)}".lstrip(": ")
        for name, errors in form.errors.items()
    ]
    messages.error(request, " ".join([lead, *problems]))


@owner_view("POST", role=CAN_MANAGE)
def action_update(request: HttpRequest, owner: Owner, pk: int) -> HttpResponse:
    plan = _plan_or_404(owner)
    item = get_school_object_or_404(request.user, ActionItem.objects.filter(plan=plan), pk=pk)
    form = ActionItemForm(request.POST, instance=item)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.action_item_update(
                item=item,
                done=data["done"],
                who=data["who"],
                due=data["due"],
                text=data["text"],
                version=form.loaded_version,
            )
        except Conflict as conflict:
            # The plan page shows the items as they are now; the message keeps the input.
            messages.error(request, conflict_message(conflict, form))
        else:
            messages.success(request, _("The action item is saved."))
    else:
        _form_error(request, _("The action item is not saved."), form)
    return redirect(_url(owner, "plan") + "#actions")


@owner_view("GET")
def plan_svg(request: HttpRequest, owner: Owner) -> HttpResponse:
    plan = _plan_or_404(owner)
    state = plan_state(plan=plan)
    return HttpResponse(_svg(owner, state), content_type="image/svg+xml; charset=utf-8")


@owner_view("GET")
def action_plan_page(request: HttpRequest, owner: Owner) -> HttpResponse:
    plan = _plan_or_404(owner, resources=True, answers=True)
    role = advice_role(user=request.user, owner=owner)
    context = _context(request, owner, **action_plan_context(plan=plan, role=role))
    context["pdf_url"] = _url(owner, "action_plan_pdf")
    return render(request, "guidelines/action_plan.html", context)


@owner_view("GET")
def action_plan_download(request: HttpRequest, owner: Owner) -> HttpResponse:
    plan = _plan_or_404(owner, resources=True, answers=True)
    role = advice_role(user=request.user, owner=owner)
    response = HttpResponse(action_plan_pdf(plan=plan, role=role), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="action-plan-{owner.slug}.pdf"'
    return response


@login_required
@require_GET
def flowchart_page(request: HttpRequest) -> HttpResponse:
    """The whole flowchart, as a picture and as text, for anyone signed in."""
    phases = [
        (
            phase,
            [
                (
                    FLOWCHART.step(number),
                    [
                        (node, [(answer, FLOWCHART.node(answer.next)) for answer in node.answers])
                        for node in FLOWCHART.nodes_of_step(number)
                    ],
                )
                for number in phase.steps
            ],
        )
        for phase in FLOWCHART.phases
    ]
    return render(
        request,
        "guidelines/flowchart.html",
        {"flowchart": FLOWCHART, "phases": phases, "routes": ROUTES, "svg": render_svg()},
    )


@login_required
@require_GET
def flowchart_svg(request: HttpRequest) -> HttpResponse:
    return HttpResponse(render_svg(), content_type="image/svg+xml; charset=utf-8")
