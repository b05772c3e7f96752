"""Organisation numbers (Norwegian MOD11, Danish CVR); phone numbers (E.164) are
core.countries.normalize_phone, by the country of the organisation's municipalities."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.countries import normalize_phone  # noqa: F401 - the registry's forms and import use it

NO_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
DK_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def _digits(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def normalize_norwegian_org_number(value: str) -> str:
    """Return the nine digits of a valid Norwegian organisation number, or raise ValidationError."""
    number = _digits(value)
    if not number.isdigit():
        raise ValidationError(_("An organisation number has digits only."), code="digits")
    if len(number) != 9:
        raise ValidationError(
            _("Organisation numbers have 9 digits; this one has %(count)d.")
            % {"count": len(number)},
            code="length",
        )
    remainder = sum(int(d) * w for d, w in zip(number[:8], NO_WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    if check == 10 or check != int(number[8]):
        raise ValidationError(
            _("Not a valid organisation number: the last digit does not match. Check for typos."),
            code="checksum",
        )
    return number


def normalize_danish_cvr(value: str) -> str:
    """The eight digits of a valid CVR number (mod 11 with the weights 2,7,6,5,4,3,2,1, as
    Erhvervsstyrelsen describes it), or ValidationError. "DK 37 00 10 07", the way it is written
    as a VAT number, is accepted."""
    number = _digits(re.sub(r"^\s*(?:DK|CVR)[\s:.\-]*", "", value or "", flags=re.IGNORECASE))
    if not number.isdigit():
        raise ValidationError(_("A CVR number has digits only."), code="digits")
    if len(number) != 8:
        raise ValidationError(
            _("CVR numbers have 8 digits; this one has %(count)d.") % {"count": len(number)},
            code="length",
        )
    if sum(int(d) * w for d, w in zip(number, DK_WEIGHTS, strict=True)) % 11:
        raise ValidationError(
            _("This is not a valid CVR number: the digits do not add up. Check for a typo."),
            code="checksum",
        )
    return number
