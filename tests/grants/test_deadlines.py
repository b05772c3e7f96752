from datetime import date

import pytest

from grants import deadlines


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 March every year", "yearly 03-01"),
        ("1. mars hvert år", "yearly 03-01"),
        ("yearly 09-01", "yearly 09-01"),
        ("15 April Every Year", "yearly 04-15"),
        ("2025-11-18", "2025-11-18"),
        ("2025-05-20, 2025-02-05", "2025-02-05, 2025-05-20"),
        ("", ""),
    ],
)
def test_rules_in_the_formats_people_write_are_read(text, expected):
    assert deadlines.normalize(text) == expected


@pytest.mark.parametrize(
    "text", ["sometime in spring", "31 February every year", "2025-13-01", "1 Marsch every year"]
)
def test_a_rule_that_does_not_parse_is_refused_with_an_example(english, text):
    with pytest.raises(deadlines.RuleError) as error:
        deadlines.parse_rule(text)
    assert "1 March every year" in str(error.value)


def test_yearly_rule_gives_this_years_date_until_it_has_passed():
    rule = deadlines.parse_rule("1 September every year")
    assert rule.next_on_or_after(date(2025, 8, 31)) == date(2025, 9, 1)
    assert rule.next_on_or_after(date(2025, 9, 1)) == date(2025, 9, 1)
    assert rule.next_on_or_after(date(2025, 9, 2)) == date(2026, 9, 1)


def test_yearly_rule_lists_one_deadline_per_year_in_a_range():
    rule = deadlines.parse_rule("yearly 04-15")
    assert rule.occurrences(date(2024, 1, 1), date(2026, 4, 14)) == [
        date(2024, 4, 15),
        date(2025, 4, 15),
    ]


def test_29_february_is_the_28th_in_other_years():
    rule = deadlines.parse_rule("29 February every year")
    assert rule.next_on_or_after(date(2025, 1, 1)) == date(2025, 2, 28)
    assert rule.next_on_or_after(date(2028, 1, 1)) == date(2028, 2, 29)


def test_one_off_dates_end():
    rule = deadlines.parse_rule("2025-10-31")
    assert rule.next_on_or_after(date(2025, 10, 1)) == date(2025, 10, 31)
    assert rule.next_on_or_after(date(2025, 11, 1)) is None


def test_a_deadline_on_a_weekend_is_kept_as_it_is_with_a_note(english):
    # 1 September 2024 was a Sunday: the VAT compensation deadline stays on the Sunday.
    rule = deadlines.parse_rule("1 September every year")
    day = rule.next_on_or_after(date(2024, 8, 1))
    assert day == date(2024, 9, 1)
    assert "weekend" in deadlines.day_note(day)


def test_a_deadline_on_a_public_holiday_is_kept_as_it_is_with_its_name(english):
    day = deadlines.parse_rule("17 May every year").next_on_or_after(date(2025, 1, 1))
    assert day == date(2025, 5, 17)
    assert "Constitution Day" in deadlines.day_note(day)
    assert deadlines.day_note(date(2025, 3, 3)) == ""  # an ordinary Monday
