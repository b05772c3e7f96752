"""Small, pure SVG bar charts rendered on the server: no JavaScript, no external service.

Each chart is an `<svg role="img">` named by its `<title>` and described by its `<desc>`
(`aria-labelledby`), with colours as presentation attributes (the Content-Security-Policy
forbids `style=`). The page always shows the same figures as a table next to the chart; the
chart is the picture, the table is the text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Colour-blind safe (Okabe–Ito), each with at least 3:1 contrast against white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8F6A00", "#56606B")

_ids = count(1)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int | float]


def _nice_max(value: float) -> int:
    """The smallest 1, 2 or 5 × 10^n at or above `value` (at least 1): a readable top gridline."""
    if value <= 1:
        return 1
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def _fmt(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _open(*, title: str, description: str, width: int, height: int, chart_id: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" focusable="false">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _legend(series: Sequence[Series], *, x: int, y: int) -> list[str]:
    parts = ['<g class="chart-legend" aria-hidden="true">']
    offset = x
    for index, one in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{offset}" y="{y - 10}" width="12" height="12" fill="{colour}"></rect>'
        )
        parts.append(
            f'<text x="{offset + 16}" y="{y}" font-size="12" fill="#212529">'
            f"{escape(one.name)}</text>"
        )
        offset += 16 + 7 * len(one.name) + 24
    parts.append("</g>")
    return parts


def bar_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    width: int = 640,
    height: int = 260,
    chart_id: str | None = None,
) -> SafeString:
    """Vertical bars, one column per label; several series are stacked in order.

    >>> svg = bar_chart(title="T", description="D", labels=["Jan"], series=[Series("A", [3])])
    """
    if any(len(one.values) != len(labels) for one in series):
        raise ValueError("Every series needs one value per label.")
    if any(value < 0 for one in series for value in one.values):
        raise ValueError("Bar charts show counts: no negative values.")
    chart_id = chart_id or f"chart-{next(_ids)}"
    left, right, top, bottom = 40, 10, 30, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(one.values[i] for one in series) for i in range(len(labels))]
    top_value = _nice_max(max(totals, default=0))
    scale = plot_h / top_value
    slot = plot_w / max(len(labels), 1)
    bar_w = max(slot * 0.6, 1)

    parts = _open(
        title=title, description=description, width=width, height=height, chart_id=chart_id
    )
    parts.append('<g class="chart-axes" aria-hidden="true">')
    for tick in (0, top_value / 2, top_value):
        y = top + plot_h - tick * scale
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="#adb5bd" stroke-width="1"></line>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#212529">{_fmt(tick)}</text>'
        )
    parts.append("</g>")
    parts.append('<g class="chart-bars">')
    for i, label in enumerate(labels):
        x = left + i * slot + (slot - bar_w) / 2
        y = top + plot_h
        for index, one in enumerate(series):
            value = one.values[i]
            if not value:
                continue
            h = value * scale
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[index % len(PALETTE)]}"><title>{escape(label)}, '
                f"{escape(one.name)}: {_fmt(value)}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 14}" font-size="11" '
            f'text-anchor="middle" fill="#212529" aria-hidden="true">{escape(label)}</text>'
        )
    parts.append("</g>")
    if len(series) > 1 or (series and series[0].name):
        parts.extend(_legend(series, x=left, y=height - 8))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def horizontal_bar_chart(
    *,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[int | float],
    width: int = 640,
    bar_height: int = 22,
    label_width: int = 260,
    chart_id: str | None = None,
) -> SafeString:
    """One horizontal bar per label (long labels such as category names read best this way)."""
    if len(values) != len(labels):
        raise ValueError("One value per label.")
    if any(value < 0 for value in values):
        raise ValueError("Bar charts show counts: no negative values.")
    chart_id = chart_id or f"chart-{next(_ids)}"
    gap, top = 6, 6
    height = top * 2 + len(labels) * (bar_height + gap)
    plot_w = width - label_width - 50
    top_value = _nice_max(max(values, default=0))
    scale = plot_w / top_value
    parts = _open(
        title=title, description=description, width=width, height=height, chart_id=chart_id
    )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * (bar_height + gap)
        w = value * scale
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" font-size="12" '
            f'text-anchor="end" fill="#212529" aria-hidden="true">{escape(label)}</text>'
        )
        if value:
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height}" '
                f'fill="{PALETTE[0]}"><title>{escape(label)}: {_fmt(value)}</title></rect>'
            )
        parts.append(
            f'<text x="{label_width + w + 6:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="12" '
            f'fill="#212529" aria-hidden="true">{_fmt(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
