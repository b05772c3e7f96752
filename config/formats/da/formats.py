"""Danish formats: Django's, except that forms also read ISO dates.

Django's Danish `DATE_INPUT_FORMATS` has only "25.10.2006"; dates are typed day first
(07.12.2026, the first format, which date fields are filled in with) and ISO dates (2026-12-07,
2026-12-07T18:00) are read too. Display formats (7. december 2026, 07.12.2026, 18:00)
and the number format (1.234,50) come from Django's `da` locale. Norwegian (nb, nn) already
accepts ISO input in Django.
"""

DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # 07.12.2026 (first: how date fields are filled in and hinted, core/widgets.py)
    "%Y-%m-%d",  # 2026-12-07
    "%d.%m.%y",  # 07.12.26
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",  # 07.12.2026 18:00 (first: how date-and-time fields are filled in)
    "%d.%m.%Y %H:%M:%S",  # 07.12.2026 18:00:00
    "%Y-%m-%d %H:%M",  # 2026-12-07 18:00
    "%Y-%m-%d %H:%M:%S",  # 2026-12-07 18:00:00
    "%Y-%m-%dT%H:%M",  # 2026-12-07T18:00
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 18:00
    "%H:%M:%S",  # 18:00:00
    "%H.%M",  # 18.00
]
