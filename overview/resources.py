"""The hours a school recorded for ICT coordination (step 4 of its transition plan), read
for the team's vacancies.

``guidelines`` sits above ``teams``, so teams cannot read the plan itself: the top floor
installs this reader in ``teams.documents`` when the app starts (``OverviewConfig.ready``).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import OuterRef
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models import Sum
from django.db.models.functions import Coalesce

from guidelines.models import Resources
from guidelines.models import TransitionPlan
from schools.compiled import compiled_rows
from schools.models import School
from teams.models import Person

_ZERO = Decimal("0")


def _held(field: str) -> Coalesce:
    """What the school's own people hold of one kind of hours (0 without people)."""
    rows = (
        Person.objects.filter(school_id=OuterRef("plan__school_id"))
        .order_by()
        .values("school_id")
        .annotate(total=Sum(field))
        .values("total")
    )
    output = Person._meta.get_field(field)
    return Coalesce(Subquery(rows, output_field=output), _ZERO, output_field=output)


def _unassigned_rows(school_id: int) -> QuerySet:
    # Step 4's resources of the school's plan (``plan_for``'s: its first) with the hours
    # its own people hold beside them: one query, where the plan, its resources and the
    # people's sums took three.
    first_plan = TransitionPlan.objects.filter(school_id=school_id).order_by("pk").values("pk")[:1]
    return (
        Resources.objects.filter(plan_id=Subquery(first_plan))
        .order_by("pk")
        .values_list(
            "ict_hours",
            "bpt_hours",
            "other_hours",
            _held("ict_hours"),
            _held("bpt_hours"),
            _held("other_hours"),
        )[:1]
    )


def unassigned_plan_hours(school: School) -> Decimal | None:
    """Step 4's ICT, BPT and other hours per week minus what the school's own people hold
    of them; None when the school recorded no resources. Group-level people are paid
    from the group's pooled hours, not the school's, so they do not count here. One
    query, compiled once per process."""
    rows = compiled_rows(_unassigned_rows, convert=True, school_id=school.pk)
    if not rows:
        return None
    ict, bpt, other, held_ict, held_bpt, held_other = rows[0]
    return max(ict + bpt + other - held_ict - held_bpt - held_other, _ZERO)
