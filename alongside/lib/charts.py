"""Geometry for a value-over-time chart: points, lines, bands and cut-off lines in SVG
coordinates, free of Django.

One approach for every chart on the site: this module places things, the template
``components/_chart.html`` draws the SVG (``role="img"`` with a <title> and a <desc> saying in
words what it shows), and each page gives the numbers as a table beside it. Dates run left to
right in proportion to time; values run bottom to top over the scale's whole range, so a chart
never exaggerates a small change. A missing value (None) breaks the line instead of being drawn
as zero. Colours come from CSS classes, so the strict content security policy (no style
attributes) holds.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
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
    value: float
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
    low: float
    high: float
    points: list[Point] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # SVG polyline points, one per unbroken run
    bands: list[BandRect] = field(default_factory=list)
    cutoffs: list[CutLine] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)

    @property
    def plot_width(self) -> float:
        return self.right - self.left

    @property
    def plot_height(self) -> float:
        return self.bottom - self.top


def _nice_step(span: float) -> int:
    for step in (1, 2, 5, 10, 20, 50):
        if span / step <= 6:
            return step
    return 100


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def segments(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
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


def _label_indexes(count: int, wanted: int) -> list[int]:
    """Up to `wanted` evenly spaced labels, always the first and the last."""
    if count <= wanted:
        return list(range(count))
    step = (count - 1) / (wanted - 1)
    return sorted({round(i * step) for i in range(wanted)})


def build_chart(
    values: Sequence[tuple[datetime.date, float | None]],
    *,
    low: float,
    high: float,
    bands: list[BandSpec] | None = None,
    cutoffs: list[CutSpec] | None = None,
    ticks: list[float] | None = None,
    x_labels: int = 2,
    date_label: Callable[[datetime.date], str] = datetime.date.isoformat,
    width: int = WIDTH,
    height: int = HEIGHT,
) -> Chart:
    """Place dated values (None: not known that day), bands and cut-offs in a width × height box.

    `ticks` are the values labelled on the vertical axis (evenly spaced ones by default);
    `x_labels` dates are labelled along the bottom, always the first and the last.
    """
    chart = Chart(width, height, LEFT, width - RIGHT, TOP, height - BOTTOM, low, high)
    span = (high - low) or 1

    def y(value: float) -> float:
        return round(chart.top + (high - value) / span * chart.plot_height, 1)

    ordered = sorted(values, key=lambda v: v[0])
    if ordered:
        first, last = ordered[0][0], ordered[-1][0]
        days = (last - first).days

        def x(on: datetime.date) -> float:
            if days == 0:
                return round(chart.left + chart.plot_width / 2, 1)
            return round(chart.left + (on - first).days / days * chart.plot_width, 1)

        for run in segments([value for _on, value in ordered]):
            placed = [Point(x(ordered[i][0]), y(value), value, ordered[i][0]) for i, value in run]
            chart.points += placed
            if len(placed) > 1:
                chart.lines.append(" ".join(f"{p.x:.1f},{p.y:.1f}" for p in placed))
        labelled = _label_indexes(len(ordered), x_labels) if days else [0]
        chart.x_ticks = [Tick(x(ordered[i][0]), date_label(ordered[i][0])) for i in labelled]
    # A band covers its integer scores: from its low value up to the next band's low value.
    ordered_bands = sorted(bands or [], key=lambda b: b.low)
    for index, band in enumerate(ordered_bands):
        upper = ordered_bands[index + 1].low if index + 1 < len(ordered_bands) else high
        top, bottom = y(upper), y(band.low)
        chart.bands.append(
            BandRect(
                top,
                round(bottom - top, 1),
                band.key,
                band.label,
                round((top + bottom) / 2 + 4, 1),
                index,
            )
        )
    for cut in cutoffs or []:
        chart.cutoffs.append(CutLine(y(cut.value), cut.value, cut.label, cut.key))
    if ticks is None:
        step = _nice_step(span)
        start = int(low) - int(low) % step + (step if int(low) % step else 0)
        ticks = list(range(start, int(high) + 1, step))
        if not ticks or ticks[0] != low:
            ticks.insert(0, low)
    chart.y_ticks = [Tick(y(v), _num(v)) for v in ticks]
    return chart


def mean(values: Sequence[float | None]) -> float | None:
    known = [float(v) for v in values if v is not None]
    return round(sum(known) / len(known), 1) if known else None
