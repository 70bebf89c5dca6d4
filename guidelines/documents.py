"""The action plan, as a page and as a PDF from the same template body.

The PDF is ``guidelines/action_plan_pdf.html`` through the shared renderer
(``schools.documents.render_pdf``), which fetches nothing but the app's static files.
"""

from __future__ import annotations

from django.utils import timezone

from guidelines.flowchart import FLOWCHART
from guidelines.flowchart import LEADER
from guidelines.flowchart import ROLE_LABELS
from guidelines.flowchart import ROUTES
from guidelines.models import TransitionPlan
from guidelines.selectors import action_plan
from guidelines.selectors import lead_label
from schools.documents import render_pdf


def action_plan_context(*, plan: TransitionPlan | None, role: str = LEADER) -> dict:
    """What the action plan shows; a school without a plan gets the steps to start with."""
    return {
        "action_plan": action_plan(plan=plan, role=role) if plan is not None else None,
        "plan": plan,
        "lead_label": lead_label(plan=plan, owner=plan.owner) if plan is not None else "",
        "flowchart": FLOWCHART,
        "routes": ROUTES,
        "role": role,
        "role_label": ROLE_LABELS[role],
        "role_labels": ROLE_LABELS,
        "today": timezone.localdate(),
    }


def action_plan_pdf(*, plan: TransitionPlan, role: str = LEADER) -> bytes:
    """The plan's action plan as a PDF."""
    context = action_plan_context(plan=plan, role=role)
    context["owner"] = plan.owner
    return render_pdf(template="guidelines/action_plan_pdf.html", context=context)
