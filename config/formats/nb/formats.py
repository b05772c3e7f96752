"""Norwegian bokmål input formats: the day first, as people write it, then ISO.

The first format is the one date fields are filled in with and hinted by ("dd.mm.åååå",
core/widgets.py); ISO dates (2026-12-07, 2026-12-07T18:00) are still read. Display formats come
from Django's `nb` locale.
"""

DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # 07.12.2026 (first: how date fields are filled in and hinted)
    "%Y-%m-%d",  # 2026-12-07
    "%d.%m.%y",  # 07.12.26
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",  # 07.12.2026 18:00 (first: how date-and-time fields are filled in)
    "%d.%m.%Y %H:%M:%S",  # 07.12.2026 18:00:00
    "%d.%m.%y %H:%M",  # 07.12.26 18:00
    "%Y-%m-%d %H:%M",  # 2026-12-07 18:00
    "%Y-%m-%d %H:%M:%S",  # 2026-12-07 18:00:00
    "%Y-%m-%dT%H:%M",  # 2026-12-07T18:00
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # 18:30 (first: how time fields are filled in and hinted, core/widgets.py)
    "%H:%M:%S",  # 18:30:00
    "%H.%M",  # 18.30
]
