"""What a municipality's country decides: the calling code of a phone number typed without one,
the currency and how an amount is written, what a postcode looks like, and the language
PostgreSQL stems search text with.

Countries are ISO codes ("NO", "DK"), as in `accounts.models.Municipality.country`. Anything
unknown falls back to Norway, the country the portal started in.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

NORWAY = "NO"
DENMARK = "DK"

CALLING_CODES = {NORWAY: "47", DENMARK: "45"}
CURRENCIES = {NORWAY: "NOK", DENMARK: "DKK"}
# PostgreSQL's text-search configurations (snowball stemmers), one per country's language.
SEARCH_CONFIGS = {NORWAY: "norwegian", DENMARK: "danish"}


def calling_code(country: str) -> str:
    return CALLING_CODES.get(country, CALLING_CODES[NORWAY])


def currency_for(country: str) -> str:
    return CURRENCIES.get(country, CURRENCIES[NORWAY])


def search_config_for(country: str) -> str:
    return SEARCH_CONFIGS.get(country, SEARCH_CONFIGS[NORWAY])


def country_of(countries, fallback: str = NORWAY) -> str:
    """The one country of a set of municipalities' countries; `fallback` when there is none
    or when they are in both countries."""
    found = set(countries)
    return found.pop() if len(found) == 1 else fallback


def normalize_phone(value: str, country: str = NORWAY) -> str:
    """Store a phone number as E.164 (+4522334455).

    Both countries have closed eight-digit numbering plans: eight digits typed without a country
    code are taken as a number in `country` (the organisation's or person's municipality). A
    number typed with its own prefix (+46…, 0046…) keeps it."""
    raw = re.sub(r"[\s().\-/]", "", value or "")
    if not raw:
        return ""
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if not raw.startswith("+"):
        if len(raw) == 8 and raw.isdigit():
            raw = "+" + calling_code(country) + raw
        else:
            raise ValidationError(
                _("Write the phone number with its country code, for example +47 912 34 567."),
                code="country",
            )
    if not re.fullmatch(r"\+[1-9][0-9]{6,14}", raw):
        raise ValidationError(
            _("This does not look like a phone number. Use digits, for example +47 912 34 567."),
            code="invalid",
        )
    return raw


# Both countries' postcodes have four digits. Denmark's (Danmarks Statistik's POSTNR list):
# 0xxx large-volume recipients (0800, 0900 København C, 0999 DR), 1000–3799 Copenhagen,
# North Zealand and Bornholm, 4xxx–9xxx the rest of Zealand, Funen and Jutland; 38xx were the
# Faroe Islands' and 39xx are Greenland's, which are not Danish municipalities' addresses.
NOT_DANISH_POSTCODES = range(3800, 4000)


def normalize_postal_code(value: str, country: str = NORWAY) -> str:
    """A postcode of `country` (that of the municipality the address is in), spaces removed, or
    ValidationError with an example from that country, in the reader's language."""
    code = re.sub(r"\s", "", value or "")
    if not code:
        return ""
    if not re.fullmatch(r"[0-9]{4}", code):
        if country == DENMARK:
            message = _("A Danish postcode has 4 digits, for example 4700 Næstved.")
        else:
            message = _("A Norwegian postcode has 4 digits, for example 3015 Drammen.")
        raise ValidationError(message, code="postal_code")
    if country == DENMARK and int(code) in NOT_DANISH_POSTCODES:
        raise ValidationError(
            _(
                "%(code)s is not a Danish postcode: 3800–3999 are the Faroe Islands' and "
                "Greenland's. A Danish postcode looks like 4700 Næstved."
            )
            % {"code": code},
            code="postal_code",
        )
    return code


def format_money(amount, currency: str, *, decimals: int | None = None) -> str:
    """An amount as people in the currency's country write it: NOK "kr 1 250", DKK
    "1.250 kr." (the separators are those of the active language). Whole amounts are shown
    without decimals unless `decimals` is given."""
    if amount is None or amount == "":
        return ""
    value = Decimal(str(amount))
    if decimals is None:
        decimals = 0 if value == value.to_integral_value() else 2
    number = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if currency == "DKK":
        return f"{number}\N{NO-BREAK SPACE}kr."
    if currency == "NOK":
        return f"kr\N{NO-BREAK SPACE}{number}"
    return f"{number}\N{NO-BREAK SPACE}{currency}"


def format_phone(value: str) -> str:
    """A stored E.164 number the way people read it: Danish in pairs (+45 22 33 44 55),
    Norwegian mobiles 3-2-3 (+47 912 34 567) and other Norwegian numbers in pairs; anything else
    as it is."""
    value = value or ""
    if not re.fullmatch(r"\+(45|47)[0-9]{8}", value):
        return value
    code, digits = value[1:3], value[3:]
    if code == "47" and digits[0] in "49":
        groups = [digits[:3], digits[3:5], digits[5:]]
    else:
        groups = [digits[i : i + 2] for i in range(0, 8, 2)]
    return " ".join([f"+{code}", *groups])
