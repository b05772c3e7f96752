from datetime import timedelta

import pytest

from dashboard.aggregates import PercentileCont, percentile_cont


@pytest.mark.parametrize(
    ("values", "fraction", "expected"),
    [
        ([2, 4, 10], 0.5, 4),
        ([2, 4, 10], 0.9, 8.8),
        ([1, 2, 3, 4], 0.5, 2.5),
        ([7], 0.9, 7),
        ([], 0.5, None),
    ],
)
def test_python_percentile_interpolates_like_postgresql(values, fraction, expected):
    result = percentile_cont(values, fraction)
    assert result == (None if expected is None else pytest.approx(expected))


def test_python_percentile_works_on_durations():
    days = [timedelta(days=d) for d in (2, 4, 10)]
    assert percentile_cont(days, 0.9) == timedelta(days=8.8)


def test_a_percentile_is_a_fraction():
    with pytest.raises(ValueError, match="fraction"):
        PercentileCont("x", 90)
