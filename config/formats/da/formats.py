"""Danish formats: Django's, except that forms also read the ISO dates browsers send.

Django's Danish `DATE_INPUT_FORMATS` has only "25.10.2006", but a date input sends 2026-12-07
and a datetime-local input 2026-12-07T18:00 whatever the page's language: without these, every
date typed into a Danish page is refused. Display formats (7. december 2026, 07.12.2026, 18:00)
and the number format (1.234,50) come from Django's `da` locale. Norwegian (nb, nn) already
accepts ISO input in Django.
"""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-07 (first: what date inputs send, and how they are filled in)
    "%d.%m.%Y",  # 07.12.2026
    "%d.%m.%y",  # 07.12.26
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M",  # 2026-12-07 18:00
    "%Y-%m-%d %H:%M:%S",  # 2026-12-07 18:00:00
    "%Y-%m-%dT%H:%M",  # 2026-12-07T18:00 (datetime-local inputs)
    "%d.%m.%Y %H:%M",  # 07.12.2026 18:00
    "%d.%m.%Y %H:%M:%S",  # 07.12.2026 18:00:00
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 18:00
    "%H:%M:%S",  # 18:00:00
    "%H.%M",  # 18.00
]
