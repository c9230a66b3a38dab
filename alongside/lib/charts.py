"""Small server-rendered SVG line charts: no JavaScript, no third-party library.

Each chart is an `<svg role="img">` with a <title> and a <desc> that say in words what it
shows; the page also gives the numbers as a table. Missing days break the line instead of
being drawn as zero. Colours come from CSS classes (`chart-line-<n>`), so the strict content
security policy (no style attributes) holds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]


@dataclass(frozen=True)
class Box:
    width: int = 480
    height: int = 180
    left: int = 30
    right: int = 10
    top: int = 10
    bottom: int = 26

    @property
    def plot_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_height(self) -> int:
        return self.height - self.top - self.bottom


def _x(box: Box, index: int, count: int) -> float:
    if count <= 1:
        return box.left + box.plot_width / 2
    return box.left + box.plot_width * index / (count - 1)


def _y(box: Box, value: float, low: float, high: float) -> float:
    span = (high - low) or 1
    return box.top + box.plot_height * (1 - (value - low) / span)


def segments(values: list[float | None]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive known values as (index, value) pairs; None breaks a run."""
    runs: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for index, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((index, float(value)))
    if current:
        runs.append(current)
    return runs


def line_chart(
    *,
    chart_id: str,
    title: str,
    desc: str,
    days: list[datetime.date],
    series: list[Series],
    low: float,
    high: float,
    ticks: list[float],
    box: Box | None = None,
) -> str:
    """An accessible SVG line chart of one or more series over consecutive days."""
    box = box or Box()
    count = len(days)
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {box.width} {box.height}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" preserveAspectRatio="xMidYMid meet" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
        '<g class="chart-grid" aria-hidden="true">',
    ]
    for tick in ticks:
        y = _y(box, tick, low, high)
        parts.append(f'<line x1="{box.left}" x2="{box.width - box.right}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text x="{box.left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(_num(tick))}</text>')
    indexes = _label_indexes(count)
    for index in indexes:
        x = _x(box, index, count)
        label = days[index].strftime("%b %d").replace(" 0", " ")
        # The first and last labels hang inward so they are never cut at the edge.
        anchor = "start" if index == 0 and count > 1 else "end" if index == count - 1 and count > 1 else "middle"
        parts.append(f'<text x="{x:.1f}" y="{box.height - 8}" text-anchor="{anchor}">{escape(label)}</text>')
    parts.append("</g>")
    for number, one in enumerate(series, start=1):
        parts.append(f'<g class="chart-line chart-line-{number}" aria-hidden="true">')
        for run in segments(one.values):
            points = " ".join(f"{_x(box, i, count):.1f},{_y(box, v, low, high):.1f}" for i, v in run)
            if len(run) > 1:
                parts.append(f'<polyline fill="none" points="{points}"/>')
            for i, v in run:
                parts.append(f'<circle cx="{_x(box, i, count):.1f}" cy="{_y(box, v, low, high):.1f}" r="2.5"/>')
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _label_indexes(count: int, wanted: int = 5) -> list[int]:
    """Up to `wanted` evenly spaced day labels, always the first and the last."""
    if count <= 0:
        return []
    if count <= wanted:
        return list(range(count))
    step = (count - 1) / (wanted - 1)
    return sorted({round(i * step) for i in range(wanted)})


def mean(values: list[float | None]) -> float | None:
    known = [float(v) for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None
