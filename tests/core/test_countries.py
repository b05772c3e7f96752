"""What a municipality's country decides in the shared kit: phone numbers and money."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from core.countries import country_of, format_money, normalize_phone, normalize_postal_code


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


# -- postcodes ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "country", "stored"),
    [
        ("4700", "DK", "4700"),  # Næstved
        ("1050", "DK", "1050"),  # København K
        ("0900", "DK", "0900"),  # a large-volume recipient (København C)
        ("9990", "DK", "9990"),
        ("37 00", "DK", "3700"),  # Bornholm, typed with a space
        ("3015", "NO", "3015"),
        ("0150", "NO", "0150"),
        ("3900", "NO", "3900"),  # Norway has no Greenland rule
        ("", "DK", ""),
    ],
)
def test_a_postcode_is_checked_by_the_country(typed, country, stored):
    assert normalize_postal_code(typed, country) == stored


@pytest.mark.parametrize(
    ("typed", "country", "language", "message"),
    [
        ("470", "DK", "da", "Et dansk postnummer har 4 cifre, fx 4700 Næstved."),
        ("47000", "DK", "en", "A Danish postcode has 4 digits, for example 4700 Næstved."),
        ("30a5", "NO", "nb", "Et norsk postnummer har 4 sifre, for eksempel 3015 Drammen."),
        ("301", "NO", "nn", "Eit norsk postnummer har 4 siffer, til dømes 3015 Drammen."),
        ("301", "NO", "en", "A Norwegian postcode has 4 digits, for example 3015 Drammen."),
    ],
)
def test_a_wrong_postcode_is_explained_with_the_countrys_example_in_the_readers_language(
    typed, country, language, message
):
    with translation.override(language), pytest.raises(ValidationError) as caught:
        normalize_postal_code(typed, country)
    assert caught.value.messages == [message]


@pytest.mark.parametrize("typed", ["3800", "3900", "3999"])
def test_faroese_and_greenlandic_postcodes_are_not_danish(typed):
    with translation.override("da"), pytest.raises(ValidationError) as caught:
        normalize_postal_code(typed, "DK")
    assert f"{typed} er ikke et dansk postnummer" in caught.value.messages[0]
    assert "4700 Næstved" in caught.value.messages[0]
