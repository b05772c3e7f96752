"""Mobile numbers in E.164 (`+4791234567`), the form they are stored and sent in.

Norwegian and Danish numbers only: eight digits after +47 or +45 (the numbering plans of Nkom
and the Danish Agency for Data Supply). A Norwegian mobile number starts with 4 or 9.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

COUNTRY_CODES = {"NO": "47", "DK": "45"}
_SEPARATORS = re.compile(r"[\s\-().]")
_VALID = {
    "47": re.compile(r"^[49][0-9]{7}$"),
    "45": re.compile(r"^[0-9]{8}$"),
}


def phone_normalise(raw: str, *, default_country: str = "NO") -> str:
    """`+47 912 34 567`, `0047 91234567`, `91234567` (with `default_country`) → `+4791234567`.
    Anything else is a ValidationError on the field `number`."""
    number = _SEPARATORS.sub("", raw or "")
    if number.startswith("00"):
        number = "+" + number[2:]
    if number.startswith("+"):
        digits = number[1:]
    elif len(number) == 8:
        digits = COUNTRY_CODES.get(default_country, "47") + number
    else:
        digits = number
    country, local = digits[:2], digits[2:]
    if not digits.isdigit() or country not in _VALID or not _VALID[country].match(local):
        raise ValidationError(
            {
                "number": _(
                    "Write a Norwegian or Danish mobile number: eight digits, "
                    "with +47 or +45 in front."
                )
            }
        )
    return f"+{country}{local}"
