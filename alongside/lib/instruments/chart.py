"""Geometry for a score-over-time chart: points, bands and cut-off lines in SVG coordinates.

Django-free; a template draws the SVG from it (with a <title>, a <desc> and a text table
beside it). Dates run left to right in proportion to time; scores run bottom to top over the
instrument's whole range, so a chart never exaggerates a small change.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

WIDTH = 640
HEIGHT = 260
LEFT = 44
RIGHT = 16
TOP = 16
BOTTOM = 36


@dataclass(frozen=True)
class BandSpec:
    low: int
    high: int
    key: str
    label: str


@dataclass(frozen=True)
class CutSpec:
    value: int
    label: str
    key: str = ""


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    value: int
    on: datetime.date


@dataclass(frozen=True)
class BandRect:
    y: float
    height: float
    key: str
    label: str
    label_y: float
    index: int


@dataclass(frozen=True)
class CutLine:
    y: float
    value: int
    label: str
    key: str


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass
class Chart:
    width: int
    height: int
    left: int
    right: float
    top: int
    bottom: float
    low: int
    high: int
    points: list[Point] = field(default_factory=list)
    bands: list[BandRect] = field(default_factory=list)
    cutoffs: list[CutLine] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def plot_width(self) -> float:
        return self.right - self.left

    @property
    def plot_height(self) -> float:
        return self.bottom - self.top


def _nice_step(span: int) -> int:
    for step in (1, 2, 5, 10, 20, 50):
        if span / step <= 6:
            return step
    return 100


def build_chart(
    values: list[tuple[datetime.date, int]],
    *,
    low: int,
    high: int,
    bands: list[BandSpec] | None = None,
    cutoffs: list[CutSpec] | None = None,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Chart:
    """Place dated scores, bands and cut-offs in a width × height box (values sorted by date)."""
    chart = Chart(width, height, LEFT, width - RIGHT, TOP, height - BOTTOM, low, high)
    span = max(high - low, 1)

    def y(value: float) -> float:
        return chart.top + (high - value) / span * chart.plot_height

    ordered = sorted(values, key=lambda v: v[0])
    if ordered:
        first, last = ordered[0][0], ordered[-1][0]
        days = (last - first).days
        for on, value in ordered:
            if days == 0:
                x = chart.left + chart.plot_width / 2
            else:
                x = chart.left + (on - first).days / days * chart.plot_width
            chart.points.append(Point(round(x, 1), round(y(value), 1), value, on))
        chart.x_ticks = [Tick(chart.points[0].x, first.isoformat())]
        if days:
            chart.x_ticks.append(Tick(chart.points[-1].x, last.isoformat()))
    # A band covers its integer scores: from its low value up to the next band's low value.
    ordered_bands = sorted(bands or [], key=lambda b: b.low)
    for index, band in enumerate(ordered_bands):
        upper = ordered_bands[index + 1].low if index + 1 < len(ordered_bands) else high
        top, bottom = y(upper), y(band.low)
        chart.bands.append(
            BandRect(round(top, 1), round(bottom - top, 1), band.key, band.label, round((top + bottom) / 2 + 4, 1), index)
        )
    for cut in cutoffs or []:
        chart.cutoffs.append(CutLine(round(y(cut.value), 1), cut.value, cut.label, cut.key))
    step = _nice_step(span)
    start = low - low % step + (step if low % step else 0)
    chart.y_ticks = [Tick(round(y(v), 1), str(v)) for v in range(start, high + 1, step)]
    if not chart.y_ticks or chart.y_ticks[0].label != str(low):
        chart.y_ticks.insert(0, Tick(round(y(low), 1), str(low)))
    return chart
