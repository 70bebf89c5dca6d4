"""The plan's card on an overview page (``plan_card``): its phase, step and open items in one
query.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.db.models import Q
from django.utils.translation import ngettext

from guidelines.flowchart import FLOWCHART
from guidelines.flowchart import Phase
from guidelines.flowchart import Step
from guidelines.models import PlanStatus
from guidelines.models import Resources
from guidelines.models import TransitionPlan
from guidelines.selectors.team_actions import team_checklist
from guidelines.services import NEXT_EVALUATION
from schools.access import Owner
from schools.access import owner_kwargs

# --- overview cards -----------------------------------------------------------------------


# A plan's open action items in one annotation: not done, not withdrawn, and not the
# repeating "evaluate again", which is the cycle's next round rather than work left open.
OPEN_ITEMS = Q(action_items__done=False, action_items__withdrawn_at__isnull=True) & ~Q(
    action_items__source__startswith=NEXT_EVALUATION
)


@dataclass(frozen=True)
class PlanCard:
    plan: TransitionPlan | None
    step: Step | None
    phase: Phase | None
    percent: int
    # Open items as the plan's own pages count them: action items of the path and, once
    # the plan has reached its end, step 7's team actions not yet in place.
    open_items: int = 0

    @property
    def status_label(self) -> str:
        if self.plan is None:
            return ""
        if self.plan.status == PlanStatus.FINISHED and self.open_items:
            return ngettext(
                "Finished, with %(n)d open item", "Finished, with %(n)d open items", self.open_items
            ) % {"n": self.open_items}
        return self.plan.get_status_display()


def plan_card(*, owner: Owner) -> PlanCard:
    """The overview card: phase, step, progress and open items from the stored plan (one
    query; a finished plan also reads step 7's team actions, so the card never says
    "Finished" where the plan page says what is still open)."""
    plan = (
        TransitionPlan.objects.filter(**owner_kwargs(owner))
        .annotate(open_items=Count("action_items", filter=OPEN_ITEMS))
        .first()
    )
    if plan is None:
        return PlanCard(None, None, None, 0)
    step = FLOWCHART.step(plan.current_step)
    finished = plan.status == PlanStatus.FINISHED
    done = len(FLOWCHART.steps) if finished else step.number - 1
    open_items = plan.open_items
    if finished:
        # The end lies past step 7, so the plan page counts its checklist: the card too.
        open_items += sum(1 for row in team_checklist(plan=plan) if not row.done)
    return PlanCard(
        plan,
        step,
        FLOWCHART.phase_of(step.number),
        round(100 * done / len(FLOWCHART.steps)),
        open_items,
    )


def total_hours(resources: Resources | None) -> Decimal:
    return resources.total_hours if resources else Decimal("0")
