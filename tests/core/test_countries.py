"""What a municipality's country decides in the shared kit: phone numbers and money."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from core.countries import country_of, format_money, normalize_phone


@pytest.mark.parametrize(
    ("typed", "country", "stored"),
    [
        ("22 33 44 55", "DK", "+4522334455"),  # eight digits in a Danish municipality
        ("22 33 44 55", "NO", "+4722334455"),
        ("912 34 567", "NO", "+4791234567"),
        ("+47 912 34 567", "DK", "+4791234567"),  # a number with its own prefix keeps it
        ("0045 22 33 44 55", "NO", "+4522334455"),
        ("+46 70-123 45 67", "DK", "+46701234567"),
        ("", "DK", ""),
    ],
)
def test_a_phone_number_is_stored_as_e164_by_the_country(typed, country, stored):
    assert normalize_phone(typed, country) == stored


@pytest.mark.parametrize("typed", ["1234", "22 33 44 5", "telefon"])
def test_a_phone_number_that_is_not_one_is_refused(typed):
    with pytest.raises(ValidationError):
        normalize_phone(typed, "DK")


def test_the_country_of_municipalities_in_one_country_or_the_fallback():
    assert country_of(["DK", "DK"]) == "DK"
    assert country_of(["DK", "NO"], fallback="NO") == "NO"
    assert country_of([], fallback="DK") == "DK"


@pytest.mark.parametrize(
    ("amount", "currency", "language", "shown"),
    [
        (50, "DKK", "da", "50\xa0kr."),
        (1250, "DKK", "da", "1.250\xa0kr."),
        ("1250.50", "DKK", "da", "1.250,50\xa0kr."),
        (50, "NOK", "nb", "kr\xa050"),
        (25000, "NOK", "nb", "kr\xa025\xa0000"),
        (None, "NOK", "nb", ""),
    ],
)
def test_money_is_written_the_way_of_its_currency(amount, currency, language, shown):
    with translation.override(language):
        assert format_money(amount, currency) == shown


def test_the_money_filter_in_a_template():
    template = Template("{% load money %}{{ price|money:'DKK' }} / {{ 'DK'|currency_of }}")
    with translation.override("da"):
        assert template.render(Context({"price": 75})) == "75\xa0kr. / DKK"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+4522334455", "+45 22 33 44 55"),
        ("+4791234567", "+47 912 34 567"),
        ("+4722334455", "+47 22 33 44 55"),
        ("+46701234567", "+46701234567"),
        ("", ""),
    ],
)
def test_a_stored_phone_number_is_shown_the_way_people_read_it(stored, shown):
    template = Template("{% load phone %}{{ number|phone }}")
    assert template.render(Context({"number": stored})) == shown
