import contextlib

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from organizations.validators import (
    normalize_danish_cvr,
    normalize_norwegian_org_number,
    normalize_phone,
)


@pytest.mark.parametrize("number", ["864139442", "871033552", "971273577", "864 139 442"])
def test_real_norwegian_organisation_numbers_pass_and_are_stored_as_nine_digits(number):
    assert normalize_norwegian_org_number(number) == number.replace(" ", "")


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("864139443", "checksum"),  # last digit off by one
        ("86413944", "length"),
        ("8641394420", "length"),
        ("86413944a", "digits"),
        ("", "digits"),
    ],
)
def test_bad_norwegian_numbers_are_refused_with_a_reason(number, code):
    with pytest.raises(ValidationError) as error:
        normalize_norwegian_org_number(number)
    assert error.value.code == code


def test_a_number_whose_check_digit_would_be_ten_is_invalid():
    # 1,0,0,0,0,0,0,1 weighted: 3 + 2 = 5 → 11 - 5 = 6; find a prefix with remainder 1 instead.
    prefix = next(
        f"{n:08d}"
        for n in range(10_000_000, 10_100_000)
        if sum(int(d) * w for d, w in zip(f"{n:08d}", (3, 2, 7, 6, 5, 4, 3, 2), strict=True)) % 11
        == 1
    )
    for last in "0123456789":
        with pytest.raises(ValidationError):
            normalize_norwegian_org_number(prefix + last)


@given(st.integers(min_value=10_000_000, max_value=99_999_999))
def test_exactly_one_check_digit_or_none_makes_a_valid_norwegian_number(prefix):
    valid = []
    for last in "0123456789":
        with contextlib.suppress(ValidationError):
            valid.append(normalize_norwegian_org_number(f"{prefix}{last}"))
    assert len(valid) <= 1


@pytest.mark.parametrize("number", ["13585628", "1358 5628"])
def test_a_valid_danish_cvr_number_passes(number):
    assert normalize_danish_cvr(number) == "13585628"


@pytest.mark.parametrize("number", ["13585627", "1358562", "abcdefgh"])
def test_bad_danish_cvr_numbers_are_refused(number):
    with pytest.raises(ValidationError):
        normalize_danish_cvr(number)


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("912 34 567", "+4791234567"),
        ("+47 912 34 567", "+4791234567"),
        ("0047 91234567", "+4791234567"),
        ("+46 70 123 45 67", "+46701234567"),
        ("", ""),
    ],
)
def test_phone_numbers_are_stored_as_e164(raw, stored):
    assert normalize_phone(raw) == stored


@pytest.mark.parametrize("raw", ["12345", "call me", "+0 123", "9123456789012345678"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)
