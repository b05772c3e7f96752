"""English date and time formats: unambiguous for readers on both sides of the Atlantic.

Django's `en` formats are American ("12/07/2026", "6 p.m."): 12/07 is 12 July to most of the
people who read the English pages (Norwegians, Danes, newcomers), and 7 December to Django. So
the day comes before the month's name, never a bare number for the month, and times use the
24-hour clock, as in Norway. Input accepts ISO dates (2026-12-07), and days written 7/12/2026 or
7.12.2026 are read as day first.
"""

DATE_FORMAT = "j F Y"  # 7 December 2026
SHORT_DATE_FORMAT = "j M Y"  # 7 Dec 2026
TIME_FORMAT = "H:i"  # 18:00
DATETIME_FORMAT = "j F Y H:i"  # 7 December 2026 18:00
SHORT_DATETIME_FORMAT = "j M Y H:i"  # 7 Dec 2026 18:00
YEAR_MONTH_FORMAT = "F Y"  # December 2026
MONTH_DAY_FORMAT = "j F"  # 7 December
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 07/12/2026 (first: how date fields are filled in and hinted, core/widgets.py)
    "%Y-%m-%d",  # 2026-12-07
    "%d.%m.%Y",  # 07.12.2026
    "%d %b %Y",  # 07 Dec 2026
    "%d %B %Y",  # 07 December 2026
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 18:00
    "%H:%M:%S",  # 18:00:00
    "%H.%M",  # 18.00
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 07/12/2026 18:00 (first: how date-and-time fields are filled in)
    "%Y-%m-%d %H:%M",  # 2026-12-07 18:00
    "%Y-%m-%d %H:%M:%S",  # 2026-12-07 18:00:00
    "%Y-%m-%dT%H:%M",  # 2026-12-07T18:00
    "%d.%m.%Y %H:%M",  # 07.12.2026 18:00
]
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
