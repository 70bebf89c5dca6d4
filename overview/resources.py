"""The hours a school recorded for ICT coordination (step 4 of its transition plan), read
for the team's vacancies.

``guidelines`` sits above ``teams``, so teams cannot read the plan itself: the top floor
installs this reader in ``teams.documents`` when the app starts (``OverviewConfig.ready``).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import Coalesce

from guidelines.selectors import plan_for, resources_of
from schools.models import School
from teams.models import Person


def unassigned_plan_hours(school: School) -> Decimal | None:
    """Step 4's ICT, BPT and other hours per week minus what the school's own people hold
    of them; None when the school recorded no resources. Group-level people are paid
    from the group's pooled hours, not the school's, so they do not count here. One
    query without a plan, three with one."""
    plan = plan_for(owner=school)
    resources = resources_of(plan=plan) if plan is not None else None
    if resources is None:
        return None
    zero = Decimal("0")
    held = Person.objects.filter(school=school).aggregate(
        ict=Coalesce(Sum("ict_hours"), zero),
        bpt=Coalesce(Sum("bpt_hours"), zero),
        other=Coalesce(Sum("other_hours"), zero),
    )
    return max(resources.total_hours - held["ict"] - held["bpt"] - held["other"], zero)
