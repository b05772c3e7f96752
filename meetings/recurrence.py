"""Recurrence rules (RFC 5545 RRULE) for meeting series, expanded in Europe/Oslo wall-clock time so
that an 18:00 meeting stays at 18:00 across the change to and from summer time.

Wall-clock times around the changes (`local_moment`): a time in the hour the clocks skip on the
last Sunday of March (02:00–02:59) does not exist and is refused with a message, never moved an
hour. A time in the hour that happens twice on the last Sunday of October (02:00–02:59) means its
first occurrence, still in summer time (UTC+2), as most calendar apps read it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

from core.time import OSLO

MAX_OCCURRENCES = 60
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def build_rrule(
    *,
    frequency: str,
    interval: int,
    first_start: datetime,
    until: date | None,
    count: int | None,
    monthly_by_weekday: bool = True,
) -> str:
    """E.g. every second month on the second Tuesday: FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU;COUNT=6.

    A series must end: by a date or after a number of meetings (at most MAX_OCCURRENCES)."""
    if frequency not in ("WEEKLY", "MONTHLY"):
        raise ValidationError({"frequency": _("Choose weekly or monthly.")})
    if interval < 1 or interval > 12:
        raise ValidationError({"interval": _("Repeat every 1 to 12 weeks or months.")})
    if not until and not count:
        raise ValidationError(
            {"until": _("Say when the series ends: a last date or a number of meetings.")}
        )
    if count is not None and not 1 <= count <= MAX_OCCURRENCES:
        raise ValidationError(
            {"count": _("A series can have at most %(max)d meetings.") % {"max": MAX_OCCURRENCES}}
        )
    local = first_start.astimezone(OSLO)
    if until and until < local.date():
        raise ValidationError({"until": _("The series cannot end before the first meeting.")})
    parts = [f"FREQ={frequency}", f"INTERVAL={interval}"]
    if frequency == "WEEKLY":
        parts.append(f"BYDAY={DAYS[local.weekday()]}")
    elif monthly_by_weekday:
        nth = (local.day - 1) // 7 + 1
        parts.append(f"BYDAY={nth if nth < 5 else -1}{DAYS[local.weekday()]}")
    else:
        parts.append(f"BYMONTHDAY={local.day}")
    if count:
        parts.append(f"COUNT={count}")
    else:
        end = datetime.combine(until, time(23, 59, 59), tzinfo=OSLO).astimezone(UTC)
        parts.append(f"UNTIL={end:%Y%m%dT%H%M%SZ}")
    rule = ";".join(parts)
    found = occurrences(rule, first_start)
    if len(found) > MAX_OCCURRENCES:
        raise ValidationError(
            {"until": _("A series can have at most %(max)d meetings.") % {"max": MAX_OCCURRENCES}}
        )
    if count and len(found) < count:  # the calendar ends (year 9999) before the series does
        raise ValidationError(
            {
                "count": _(
                    "Only %(found)d of the %(count)d meetings fit in the calendar. "
                    "Choose an earlier start or fewer meetings."
                )
                % {"found": len(found), "count": count}
            }
        )
    return rule


def local_moment(naive: datetime, *, field: str = "start_time") -> datetime:
    """The aware Oslo time for a wall-clock time; a ValidationError on `field` when that time
    does not exist (the clocks skip it) or cannot be placed in UTC (year 1 or 9999)."""
    aware = naive.replace(tzinfo=OSLO, fold=0)
    try:
        round_trip = aware.astimezone(UTC).astimezone(OSLO).replace(tzinfo=None)
    except OverflowError:
        raise ValidationError({"date": _("Choose a date in a year nearer to today.")}) from None
    if round_trip != naive:
        raise ValidationError(
            {
                field: _(
                    "%(time)s does not exist on %(date)s: the clocks go forward an hour that "
                    "night. Choose another time."
                )
                % {
                    "time": naive.strftime("%H:%M"),
                    "date": formats.date_format(naive.date(), "DATE_FORMAT"),
                }
            }
        )
    return aware


def occurrences(rule: str, first_start: datetime) -> list[datetime]:
    """Start times (aware, UTC) of every occurrence, computed on the Oslo wall clock."""
    local = first_start.astimezone(OSLO)
    naive = local.replace(tzinfo=None)
    expanded = rrulestr(_with_naive_until(rule), dtstart=naive)
    result = []
    for start in expanded:
        result.append(local_moment(start).astimezone(UTC))
        if len(result) > MAX_OCCURRENCES:  # enough to tell that the series is too long
            break
    return result


def _with_naive_until(rule: str) -> str:
    """dateutil needs UNTIL in the same kind (naive local) as DTSTART."""
    parts = []
    for part in rule.split(";"):
        if part.startswith("UNTIL="):
            value = datetime.strptime(part[6:], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
            part = "UNTIL=" + value.astimezone(OSLO).strftime("%Y%m%dT%H%M%S")
        parts.append(part)
    return ";".join(parts)
