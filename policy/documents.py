"""The ICT policy plan as a page and as a PDF, from the same template body.

The PDF is ``policy/plan_pdf.html`` through the shared renderer
(``schools.documents.render_pdf``); the plan's own print rules are in its template.
"""

from __future__ import annotations

from django.utils import timezone

from development.selectors import development_plan
from policy.models import PolicyPlan
from policy.selectors import contributors
from policy.selectors import goals_of
from policy.selectors import plan_comments
from policy.selectors import plan_recorded
from policy.selectors import readiness
from policy.selectors import transition_resources
from policy.selectors import vision_recorded
from schools.access import Owner
from schools.documents import render_pdf
from schools.models import School


def plan_context(*, owner: Owner, plan: PolicyPlan | None) -> dict:
    """What the plan's page and PDF show, in the report's order, with Knoster's check."""
    goals = goals_of(plan=plan) if plan is not None else []
    people = contributors(plan=plan) if plan is not None else []
    resources = transition_resources(owner=owner)
    # A school's plan includes its professional development plan; a group's schools keep
    # their own (people and their competences belong to a school).
    development = development_plan(school=owner) if isinstance(owner, School) else None
    return {
        "owner": owner,
        "policy_plan": plan,
        "goals": goals,
        "comments": plan_comments(plan=plan) if plan is not None else [],
        "contributors": people,
        "resources": resources,
        "development": development,
        "elements": readiness(
            plan=plan,
            goals=goals,
            resources=resources,
            people=people,
            development=development,
            group_owned=not isinstance(owner, School),
        ),
        "vision_recorded": plan is not None and vision_recorded(plan=plan),
        "plan_recorded": plan is not None and plan_recorded(plan=plan),
        "today": timezone.localdate(),
    }


def policy_plan_pdf(*, owner: Owner, plan: PolicyPlan) -> bytes:
    return render_pdf(template="policy/plan_pdf.html", context=plan_context(owner=owner, plan=plan))
