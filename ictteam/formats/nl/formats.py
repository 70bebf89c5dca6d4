"""Belgian Dutch formats: 30/11/2026, 14:05, 2,5 uur, € 15.000.

Django's own ``nl`` formats are those of the Netherlands (30-11-2026, 30 november 2026);
Flemish schools write dates with slashes.
"""

DATE_FORMAT = "d/m/Y"  # 30/11/2026
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "d/m/Y H:i"  # 30/11/2026 14:05
YEAR_MONTH_FORMAT = "F Y"  # november 2026
MONTH_DAY_FORMAT = "j F"  # 30 november
SHORT_DATE_FORMAT = "d/m/Y"  # 30/11/2026
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 30/11/2026 14:05
FIRST_DAY_OF_WEEK = 1  # maandag

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 30/11/2026
    "%d/%m/%y",  # 30/11/26
    "%d-%m-%Y",  # 30-11-2026
    "%d.%m.%Y",  # 30.11.2026
    "%Y-%m-%d",  # 2026-11-30, what <input type="date"> sends
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 14:05
    "%H:%M:%S",  # 14:05:59
    "%H.%M",  # 14.05
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",  # what <input type="datetime-local"> sends
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
