import pytest

from announcements.personal_data import find_personal_data


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
        "Fyll inn skjemaet på www.imdi.no/tilskudd",
        "",
    ],
)
def test_dates_amounts_and_other_numbers_are_not_personal_data(text):
    assert find_personal_data(text) == []
