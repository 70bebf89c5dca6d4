"""School years: 1 September to 31 August, named by the two calendar years they span.

The one place that says which school year a date falls in; every app that groups or
compares by school year asks here.
"""

from __future__ import annotations

import datetime

from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A school year starts on 1 September (Flemish schools; the report plans per school year).
FIRST_MONTH = 9

# The school years a form accepts, by the calendar year they start in.
START_YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Term(models.TextChoices):
    """The three terms of a Flemish school year, or none: the whole year."""

    WHOLE_YEAR = "", _("During the school year")
    FIRST = "1", _("First term (September to Christmas)")
    SECOND = "2", _("Second term (January to Easter)")
    THIRD = "3", _("Third term (Easter to June)")


def school_year_of(day: datetime.date) -> int:
    """The school year a date falls in, named by the calendar year it starts in."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def current_school_year(today: datetime.date | None = None) -> int:
    """The school year today falls in (the date in the site's time zone)."""
    return school_year_of(today or timezone.localdate())


def school_year_start(start_year: int) -> datetime.date:
    return datetime.date(start_year, FIRST_MONTH, 1)


def school_year_end(start_year: int) -> datetime.date:
    """The last day of the school year: 31 August of the next calendar year."""
    return datetime.date(start_year + 1, FIRST_MONTH, 1) - datetime.timedelta(days=1)


def school_year_label(start_year: int) -> str:
    """``2026–2027`` (an en dash, as schools write it)."""
    return f"{start_year}\u2013{start_year + 1}"
