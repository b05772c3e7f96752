import pytest
from django.core.exceptions import ValidationError

from notifications.phone import phone_normalise


@pytest.mark.parametrize(
    ("typed", "country", "e164"),
    [
        ("912 34 567", "NO", "+4791234567"),
        ("+47 412-34-567", "NO", "+4741234567"),
        ("0047 91234567", "NO", "+4791234567"),
        ("4791234567", "NO", "+4791234567"),
        ("20 12 34 56", "DK", "+4520123456"),
        ("+45 20123456", "NO", "+4520123456"),
        ("(+47) 912 34 567", "DK", "+4791234567"),
    ],
)
def test_numbers_are_stored_in_e164(typed, country, e164):
    assert phone_normalise(typed, default_country=country) == e164


@pytest.mark.parametrize(
    "typed",
    ["", "1234", "22 12 34 56", "+46 701234567", "+47 9123456", "9123456789012", "91a34567"],
)
def test_anything_but_a_norwegian_or_danish_mobile_number_is_refused(typed):
    """22 12 34 56 is an Oslo landline: it cannot receive an SMS."""
    with pytest.raises(ValidationError) as raised:
        phone_normalise(typed, default_country="NO")
    assert "number" in raised.value.message_dict
