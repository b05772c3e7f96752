"""Does a text look like it holds personal contact data? Announcements must not carry any.

Deliberately simple and cautious: phone numbers and every e-mail address, the municipality's
own included. A false alarm costs one tick in a checkbox.

Phone numbers found:
- Norwegian eight-digit numbers (the first digit 2–9), written together or in the usual groups
  (912 34 567, 91 23 45 67), the groups separated by spaces, hyphens or full stops, each number
  with one kind of separator (912-34-567, 912.34.567), optionally after +47 or 0047.
- Any number written with an international prefix (+ or 00 and a country code) and 8 or more
  digits in all (15 at most in a real number), grouped with spaces, hyphens, full stops or a
  bracketed area code:
  +380 67 123 4567, 0046 70-123 45 67, +44 (20) 7946 0958.

Not phone numbers: dates and times (2026-12-07, 07.12.2026, 18.00-20.00), years and pairs of
years (2026 2027, 2026-2027), nine-digit organisation numbers and eleven-digit account numbers.
"""

import re

from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_SEPARATOR = r"[ .\-]"
# A national Norwegian candidate: 8 digits, the first 2–9, each pair of digits separated by at
# most one separator. Not inside a longer number (before: a digit, `+`, or a digit and a hyphen
# or full stop; after: a separator and a digit, or a digit). `_national` then checks the grouping.
_NATIONAL = re.compile(
    rf"(?<![\d+])(?<!\d[.\-])(?:(?:\+|00)47\s?)?[2-9](?:{_SEPARATOR}?\d){{7}}"
    rf"(?!{_SEPARATOR}?\d)"
)
# An international candidate: + or 00, a country code, and groups of digits (an area code may
# be bracketed). `_international` then counts the digits.
_INTERNATIONAL = re.compile(rf"(?<![\w+.,])(?:\+|00)[1-9](?:{_SEPARATOR}?(?:\(\d{{1,4}}\)|\d))+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_YEAR = re.compile(r"(?:19|20)\d\d")
# How Norwegian numbers are grouped when hyphens or full stops separate the groups; other
# groupings with them are dates or times (4-2-2, 2-2-4, 2-2-2-2 with mixed separators).
_DOTTED_GROUPINGS = {(3, 2, 3), (2, 2, 2, 2), (8,)}


def _national(number: str) -> bool:
    digits_part = re.sub(r"^(?:\+|00)47\s?", "", number)
    separators = set(re.findall(_SEPARATOR, digits_part))
    if len(separators) > 1:
        return False  # 20.00-22.00: a time span, not a number
    groups = tuple(len(group) for group in re.split(_SEPARATOR, digits_part))
    if separators - {" "} and groups not in _DOTTED_GROUPINGS:
        return False  # 2026-12-07, 27.12.2026
    two_years = groups == (4, 4) and all(_YEAR.fullmatch(g) for g in digits_part.split())
    return not two_years  # 2026 2027


def _international(number: str) -> bool:
    digits = re.sub(r"\D", "", number.removeprefix("00"))
    return len(digits) >= 8  # 8 to 15 in real numbers; more is flagged too, to be cautious


def _phone_numbers(text: str) -> list[tuple[int, str]]:
    found: list[tuple[int, int, str]] = [
        (m.start(), m.end(), m.group())
        for m in _INTERNATIONAL.finditer(text)
        if _international(m.group())
    ]
    for match in _NATIONAL.finditer(text):
        overlaps = any(start < match.end() and match.start() < end for start, end, _ in found)
        if not overlaps and _national(match.group()):
            found.append((match.start(), match.end(), match.group()))
    return [(start, value.strip()) for start, _end, value in found]


def find_personal_data(text: str) -> list[str]:
    """What in `text` looks like a phone number or an e-mail address, in order of appearance."""
    found = _phone_numbers(text)
    found += [(m.start(), m.group()) for m in _EMAIL.finditer(text)]
    return [value for _start, value in sorted(found)]


# What must never be written about a refugee in a free-text field that others read: the special
# categories of GDPR art. 9 and 10 and what the guide (seed 004) and the duty of confidentiality
# add (social and case matters, internal family matters, ID numbers, finances). One list: the
# warnings on the referral, person, decline, announcement and agreement comment forms name it.
SPECIAL_CATEGORIES = (
    _("health"),
    _("ethnic origin"),
    _("religion or belief"),
    _("political opinions"),
    _("union membership"),
    _("sexual life or orientation"),
    _("criminal matters"),
    _("social or case matters (with the municipality, NAV or other services)"),
    _("internal family matters"),
    _("ID numbers (such as national identity or D numbers)"),
    _("finances"),
)


def _warning() -> str:
    return gettext("Never write anything about: %(categories)s.") % {
        "categories": "; ".join(str(category) for category in SPECIAL_CATEGORIES)
    }


special_category_warning = lazy(_warning, str)
