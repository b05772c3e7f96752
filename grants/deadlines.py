"""Deadline rules: pure functions, no database.

A rule is written the way a coordinator says it, in one of three forms (case does not matter):

- one-off dates: ``2025-11-18`` (several separated by commas: ``2025-02-05, 2025-05-20``);
- a yearly date: ``1 March every year`` (English or Norwegian month names: ``1 mars hvert år``)
  or ``yearly 03-01``;
- empty: no fixed deadline (the administrator or the municipality sets it each round).

A deadline that falls on a weekend or a public holiday is shown as it is, with a note: grant
managers keep their dates, and applicants should not count on the next working day.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

import holidays
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

FORMAT_EXAMPLE = gettext_lazy(
    "Write a date such as “2025-11-18” (several separated by commas), "
    "or a yearly date such as “1 March every year”."
)

MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    # Norwegian bokmål and Danish
    "januar": 1, "februar": 2, "mars": 3, "marts": 3, "mai": 5, "maj": 5, "juni": 6,
    "juli": 7, "oktober": 10, "desember": 12,
}  # fmt: skip

_YEARLY_WORDS = r"(?:every\s+year|each\s+year|yearly|annually|hvert\s+år)"
_YEARLY_TEXT = re.compile(r"^(\d{1,2})\.?\s+([a-zæøå]+)\s+" + _YEARLY_WORDS + r"$")
_YEARLY_NUMERIC = re.compile(r"^(?:yearly|årlig)\s+(\d{1,2})-(\d{1,2})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class RuleError(ValueError):
    """The text is not a deadline rule; the message says what is wrong and shows the format."""


@dataclass(frozen=True)
class Rule:
    """Either a set of one-off dates or a yearly (month, day); empty for "no fixed deadline"."""

    dates: tuple[date, ...] = ()
    yearly: tuple[int, int] | None = None

    def occurrences(self, start: date, end: date) -> list[date]:
        """Every deadline in [start, end], in order."""
        if self.yearly:
            month, day = self.yearly
            found = [_yearly_date(year, month, day) for year in range(start.year, end.year + 1)]
        else:
            found = list(self.dates)
        return sorted(d for d in found if start <= d <= end)

    def next_on_or_after(self, day: date) -> date | None:
        if self.yearly:
            month, dom = self.yearly
            this_year = _yearly_date(day.year, month, dom)
            return this_year if this_year >= day else _yearly_date(day.year + 1, month, dom)
        upcoming = [d for d in self.dates if d >= day]
        return min(upcoming) if upcoming else None


def _yearly_date(year: int, month: int, day: int) -> date:
    """29 February is the 28th in a year without one."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def parse_rule(text: str) -> Rule:
    """Read a rule; raise `RuleError` with an example of the format when it cannot be read."""
    text = " ".join((text or "").strip().lower().split())
    if not text:
        return Rule()
    match = _YEARLY_TEXT.match(text)
    if match:
        day, month_name = int(match.group(1)), match.group(2)
        if month_name not in MONTHS:
            raise RuleError(
                _("“%(month)s” is not a month. %(example)s")
                % {"month": month_name, "example": FORMAT_EXAMPLE}
            )
        return Rule(yearly=_checked_month_day(MONTHS[month_name], day))
    match = _YEARLY_NUMERIC.match(text)
    if match:
        return Rule(yearly=_checked_month_day(int(match.group(1)), int(match.group(2))))
    dates = []
    for part in (p.strip() for p in text.split(",")):
        iso = _ISO_DATE.match(part)
        if not iso:
            raise RuleError(
                _("“%(text)s” is not a date or a yearly rule. %(example)s")
                % {"text": part, "example": FORMAT_EXAMPLE}
            )
        try:
            dates.append(date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3))))
        except ValueError:
            raise RuleError(
                _("“%(text)s” is not a date in the calendar. %(example)s")
                % {"text": part, "example": FORMAT_EXAMPLE}
            ) from None
    return Rule(dates=tuple(sorted(set(dates))))


def _checked_month_day(month: int, day: int) -> tuple[int, int]:
    """`yearly 03-01` is month-day, like the end of an ISO date; 29 February is allowed."""
    if not 1 <= month <= 12 or not 1 <= day <= calendar.monthrange(2024, month)[1]:
        raise RuleError(_("That day does not exist. %(example)s") % {"example": FORMAT_EXAMPLE})
    return month, day


def normalize(text: str) -> str:
    """The rule written the one way we store it (checks it on the way)."""
    rule = parse_rule(text)
    if rule.yearly:
        month, day = rule.yearly
        return f"yearly {month:02d}-{day:02d}"
    return ", ".join(d.isoformat() for d in rule.dates)


def describe(rule: Rule) -> str:
    """A short description for people (in the active language)."""
    from django.utils.formats import date_format

    if rule.yearly:
        month, day = rule.yearly
        return _("%(date)s every year") % {
            "date": date_format(date(2024, month, day), "j. F" if _nb() else "j F")
        }
    if rule.dates:
        return ", ".join(date_format(d, "DATE_FORMAT") for d in rule.dates)
    return _("No fixed deadline")


def shown(rule: Rule, today: date, pattern: str = "") -> dict:
    """What a user is told about a scheme's next deadline. A date only when someone has entered
    this round's date (a one-off date on or after today); a yearly rule is a pattern, never a
    date, because grant managers move their dates from year to year; a date of a past round is
    never shown as the next one."""
    confirmed = [d for d in rule.dates if d >= today]
    if confirmed:
        return {"date": min(confirmed), "text": "", "written": False}
    if pattern:
        return {"date": None, "text": pattern, "written": True}  # the scheme's own words
    if rule.yearly:
        month, day = rule.yearly
        text = _("Usually around %(date)s") % {
            "date": _date_format(date(2024, month, day), "j. F" if _nb() else "j F")
        }
    else:
        text = _("No date for this round yet")
    return {"date": None, "text": text, "written": False}


def _date_format(day: date, fmt: str) -> str:
    from django.utils.formats import date_format

    return date_format(day, fmt)


def _nb() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "nb").startswith("nb")


@functools.cache
def _public_holidays(country: str, year: int) -> dict:
    """A country's public holidays of one year, built once per process (not per deadline: the
    deadline calendar and the start page note up to hundreds of deadlines)."""
    return dict(holidays.country_holidays(country, years=year, language="en_US"))


def day_note(day: date, country: str = "NO") -> str:
    """Why a deadline day is special: a public holiday (by name) or a weekend; else ''."""
    name = _public_holidays(country, day.year).get(day)
    if name:
        return _(
            "This is a public holiday (%(name)s). The deadline is as stated: "
            "send in good time, do not count on the next working day."
        ) % {"name": name}
    if day.weekday() >= 5:
        return _(
            "This is a weekend. The deadline is as stated: send in good time, "
            "do not count on the next working day."
        )
    return ""
