"""The action plan, as a page and as a PDF from the same template body.

The PDF is WeasyPrint rendering ``guidelines/action_plan_pdf.html``; its styles are
inline, so it fetches nothing (a fetcher that refuses every URL keeps user content
from making the server fetch anything).
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from guidelines.flowchart import FLOWCHART, LEADER, ROLE_LABELS, ROUTES
from guidelines.models import TransitionPlan
from guidelines.selectors import action_plan, plan_for
from schools.models import School


def action_plan_context(*, plan: TransitionPlan | None, role: str = LEADER) -> dict:
    """What the action plan shows; a school without a plan gets the steps to start with."""
    return {
        "action_plan": action_plan(plan=plan, role=role) if plan is not None else None,
        "plan": plan,
        "flowchart": FLOWCHART,
        "routes": ROUTES,
        "role": role,
        "role_label": ROLE_LABELS[role],
        "role_labels": ROLE_LABELS,
        "today": timezone.localdate(),
    }


def _refuse_fetch(url: str, *args, **kwargs) -> dict:
    raise ValueError(f"the action plan does not fetch {url}")


def render_action_plan_pdf(context: dict) -> bytes:
    from weasyprint import HTML

    html = render_to_string("guidelines/action_plan_pdf.html", {**context, "for_pdf": True})
    return HTML(string=html, url_fetcher=_refuse_fetch).write_pdf()


def action_plan_pdf(*, plan: TransitionPlan, role: str = LEADER) -> bytes:
    """The plan's action plan as a PDF."""
    context = action_plan_context(plan=plan, role=role)
    context["owner"] = plan.owner
    return render_action_plan_pdf(context)


def action_plan_documents(*, school: School) -> list[tuple[str, bytes]]:
    """``action-plan.pdf`` for a school's documents folder, once its plan is started.

    One of the team builder's ``DOCUMENT_WRITERS``: ``export_documents`` and the zip
    download write it beside the team's documents.
    """
    plan = plan_for(owner=school)
    if plan is None:
        return []
    return [("action-plan.pdf", action_plan_pdf(plan=plan))]
