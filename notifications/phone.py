"""Mobile numbers in E.164 (`+4791234567`), the form they are stored and sent in.

Norwegian and Danish numbers only: eight digits after +47 or +45 (the numbering plans of Nkom
and the Danish Agency for Data Supply). A Norwegian mobile number starts with 4 or 9.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.countries import normalize_phone

_VALID = {
    "47": re.compile(r"^[49][0-9]{7}$"),
    "45": re.compile(r"^[0-9]{8}$"),
}


def phone_normalise(raw: str, *, default_country: str = "NO") -> str:
    """`+47 912 34 567`, `0047 91234567`, `91234567` (with `default_country`) → `+4791234567`
    (parsed by core.countries.normalize_phone). Anything but a Norwegian or Danish mobile number
    is a ValidationError on the field `number`."""
    error = ValidationError(
        {
            "number": _(
                "Write a Norwegian or Danish mobile number: eight digits, with +47 or +45 in front."
            )
        }
    )
    digits = re.sub(r"[\s\-().]", "", raw or "")
    if digits.isdigit() and len(digits) == 10 and digits[:2] in _VALID:
        digits = "+" + digits  # 4791234567: the calling code typed without its plus
    try:
        e164 = normalize_phone(digits, default_country)
    except ValidationError:
        raise error from None
    country, local = e164[1:3], e164[3:]
    if country not in _VALID or not _VALID[country].match(local):
        raise error
    return e164
