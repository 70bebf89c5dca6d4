"""English as Belgian schools read it: day before month, 24-hour times.

Django's own ``en`` formats are American (Nov. 30, 2026, 2:05 p.m.), an order nobody
reads here.
"""

# Dates and times read as in the Flemish formats; only the month names differ, and those
# come from the language.
from ictteam.formats.nl import formats as flemish
from ictteam.formats.nl.formats import DATE_FORMAT  # noqa: F401 (Django reads them off this module)
from ictteam.formats.nl.formats import DATETIME_FORMAT  # noqa: F401 (Django reads them off this module)
from ictteam.formats.nl.formats import FIRST_DAY_OF_WEEK  # noqa: F401 (Django reads them off this module)
from ictteam.formats.nl.formats import MONTH_DAY_FORMAT  # noqa: F401 (Django reads them off this module)
from ictteam.formats.nl.formats import SHORT_DATE_FORMAT  # noqa: F401 (Django reads them off this module)
from ictteam.formats.nl.formats import SHORT_DATETIME_FORMAT  # noqa: F401 (Django reads them off this module)
from ictteam.formats.nl.formats import TIME_FORMAT  # noqa: F401 (Django reads them off this module)
from ictteam.formats.nl.formats import YEAR_MONTH_FORMAT  # noqa: F401 (Django reads them off this module)

# Typed in as the Flemish formats take it, but for the writings only Dutch uses.
DUTCH_ONLY = {"%d-%m-%Y", "%d.%m.%Y", "%H.%M", "%d-%m-%Y %H:%M"}
DATE_INPUT_FORMATS = [f for f in flemish.DATE_INPUT_FORMATS if f not in DUTCH_ONLY]
TIME_INPUT_FORMATS = [f for f in flemish.TIME_INPUT_FORMATS if f not in DUTCH_ONLY]
DATETIME_INPUT_FORMATS = [f for f in flemish.DATETIME_INPUT_FORMATS if f not in DUTCH_ONLY]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
