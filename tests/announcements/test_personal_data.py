from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.personal_data import find_personal_data


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Ring meg på 91234567.", ["91234567"]),
        ("Tlf 912 34 567", ["912 34 567"]),
        ("Tlf 91 23 45 67 etter kl. 16", ["91 23 45 67"]),
        ("Sentralbord: 22 33 44 55", ["22 33 44 55"]),
        ("Ring +47 912 34 567", ["+47 912 34 567"]),
        ("Ring +4791234567", ["+4791234567"]),
        ("Ring 0047 91234567", ["0047 91234567"]),
        ("Skriv til kari.nordmann@gmail.com", ["kari.nordmann@gmail.com"]),
        ("Skriv til post@drammen.kommune.no", ["post@drammen.kommune.no"]),
        ("Ring 91234567 eller skriv til a@b.no", ["91234567", "a@b.no"]),
        ("Ring 912-34-567", ["912-34-567"]),
        ("Ring 912.34.567 i kveld", ["912.34.567"]),
        ("Sentralbord: 22-33-44-55.", ["22-33-44-55"]),
        ("Ring +47 912-34-567", ["+47 912-34-567"]),
        ("Ring +380 67 123 4567", ["+380 67 123 4567"]),
        ("Ring 00380 67 123 4567", ["00380 67 123 4567"]),
        ("Ring +46 70-123 45 67", ["+46 70-123 45 67"]),
        ("Ring +44 (20) 7946 0958", ["+44 (20) 7946 0958"]),
        ("Ring +1 555-123-4567", ["+1 555-123-4567"]),
        ("Ring +963944123456", ["+963944123456"]),
    ],
)
def test_phone_numbers_and_e_mail_addresses_are_found(text, found):
    assert find_personal_data(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "Søknadsfrist 12.03.2026 kl. 18:00.",
        "Møtet er 2026-03-12.",
        "Organisasjonsnummer 912 345 678.",
        "Organisasjonsnummer 912345678.",
        "Kontonummer 1234 56 78903.",
        "Tilskudd på inntil 50 000 kroner til 12 lag.",
        "Ring 1234567 (sju sifre)",
        "Møtet er kl. 18.00-20.00.",
        "Møtet er kl. 20.00-22.00.",
        "Møtet er 2026-12-07 kl. 18:00.",
        "Møtet er 27.12.2026 20.00-22.00.",
        "Sesongen 2026 2027.",
        "Sesongen 2026-2027.",
        "I årene 2024, 2025 og 2026.",
        "Kontonummer 1234.56.78903.",
        "Tilskudd på 1 000 000 kroner.",
        "Kl. 10.00 - 12.00",
        "Fyll inn skjemaet på www.imdi.no/tilskudd",
        "",
    ],
)
def test_dates_amounts_and_other_numbers_are_not_personal_data(text):
    assert find_personal_data(text) == []


NATIONAL_GROUPINGS = [(8,), (3, 2, 3), (2, 2, 2, 2)]


@given(
    number=st.from_regex(r"[2-9][0-9]{7}", fullmatch=True),
    grouping=st.sampled_from(NATIONAL_GROUPINGS),
    separator=st.sampled_from([" ", "-", "."]),
    prefix=st.sampled_from(["", "+47 ", "0047 ", "+47"]),
)
def test_norwegian_numbers_are_found_however_they_are_grouped(number, grouping, separator, prefix):
    groups, start = [], 0
    for length in grouping:
        groups.append(number[start : start + length])
        start += length
    written = prefix + separator.join(groups)

    assert find_personal_data(f"Ring {written} i kveld.") == [written]


@given(
    country=st.sampled_from(["1", "33", "44", "46", "48", "90", "380", "963"]),
    subscriber=st.lists(st.from_regex(r"[0-9]{2,4}", fullmatch=True), min_size=3, max_size=4),
    separator=st.sampled_from([" ", "-", "."]),
    prefix=st.sampled_from(["+", "00"]),
)
def test_foreign_numbers_are_found(country, subscriber, separator, prefix):
    written = f"{prefix}{country} " + separator.join(subscriber)
    digits = len(country) + sum(len(group) for group in subscriber)

    found = find_personal_data(f"Ring {written} i kveld.")

    assert found == ([written] if digits >= 8 else [])


@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2098, 12, 31)),
    start=st.times(),
    end=st.times(),
    style=st.sampled_from(["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%Y"]),
    clock=st.sampled_from(["%H.%M-{end:%H.%M}", "%H:%M–{end:%H:%M}", "%H.%M - {end:%H.%M}"]),
)
def test_dates_times_and_years_are_not_phone_numbers(day, start, end, style, clock):
    times = time(start.hour, start.minute).strftime(clock).format(end=end)
    text = f"Møtet er {day.strftime(style)} kl. {times}, og igjen {day.year} {day.year + 1}."

    assert find_personal_data(text) == []
