"""Aggregates Django does not ship: PERCENTILE_CONT … WITHIN GROUP (ORDER BY …) on PostgreSQL."""

from __future__ import annotations

from django.db.models import Aggregate, DurationField


class PercentileCont(Aggregate):
    """The continuous percentile of an expression (interpolated, as PostgreSQL computes it).

    `PercentileCont(F("contact_at") - F("created_at"), 0.9, filter=Q(...))` is
    `percentile_cont(0.9) WITHIN GROUP (ORDER BY contact_at - created_at) FILTER (WHERE …)`.
    PostgreSQL only: `dashboard.selectors` falls back to `percentile_cont` below elsewhere.
    """

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()

    def __init__(self, expression, fraction: float, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile is a fraction between 0 and 1.")
        super().__init__(expression, fraction=repr(fraction), **extra)


def percentile_cont(values: list, fraction: float):
    """The same interpolation in Python (for SQLite, the demo database). `values` are sorted."""
    if not values:
        return None
    position = (len(values) - 1) * fraction
    lower = int(position)
    upper = min(lower + 1, len(values) - 1)
    return values[lower] + (values[upper] - values[lower]) * (position - lower)
