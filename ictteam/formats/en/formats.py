"""English as Belgian schools read it: day before month, 24-hour times.

Django's own ``en`` formats are American (Nov. 30, 2026, 2:05 p.m.), an order nobody
reads here.
"""

# Dates and times read as in the Flemish formats; only the month names differ, and those
# come from the language.
from ictteam.formats.nl.formats import (  # noqa: F401 (Django reads them off this module)
    DATE_FORMAT,
    DATETIME_FORMAT,
    FIRST_DAY_OF_WEEK,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 30/11/2026
    "%d/%m/%y",  # 30/11/26
    "%Y-%m-%d",  # 2026-11-30, what <input type="date"> sends
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:05
    "%H:%M:%S",  # 14:05:59
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",  # what <input type="datetime-local"> sends
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
