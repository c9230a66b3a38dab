"""Chart geometry: values over the whole scale, dates in proportion to time, gaps shown as gaps."""

from __future__ import annotations

import datetime
from datetime import date as D

import pytest

from alongside.lib.charts import BandSpec, CutSpec, build_chart, mean, segments


@pytest.mark.parametrize(
    ("values", "runs"),
    [
        ([1, 2, None, 4], [[(0, 1.0), (1, 2.0)], [(3, 4.0)]]),
        ([None, None], []),
        ([5], [[(0, 5.0)]]),
    ],
)
def test_missing_days_break_the_line(values, runs) -> None:
    assert segments(values) == runs


def test_a_missing_day_is_a_gap_in_the_line_not_a_zero() -> None:
    days = [datetime.date(2025, 1, 1) + datetime.timedelta(days=i) for i in range(7)]
    chart = build_chart(
        list(zip(days, [1, 2, None, 4, 5, 6, 7], strict=True)),
        low=0,
        high=10,
        ticks=[0, 5, 7, 10],
        x_labels=5,
    )
    assert len(chart.lines) == 2 and len(chart.points) == 6
    assert [t.label for t in chart.y_ticks] == ["0", "5", "7", "10"]
    assert [t.label for t in chart.x_ticks] == [
        "2025-01-01",
        "2025-01-03",
        "2025-01-04",
        "2025-01-05",
        "2025-01-07",
    ]
    assert chart.points[2].x == pytest.approx(
        chart.left + chart.plot_width / 2
    )  # the fourth day of seven


def test_the_mean_ignores_missing_days() -> None:
    assert mean([1, None, 2]) == 1.5 and mean([None]) is None


def test_chart_places_points_bands_and_cut_offs_over_the_whole_range() -> None:
    chart = build_chart(
        [(D(2026, 1, 1), 0), (D(2026, 1, 11), 27), (D(2026, 1, 6), 10)],
        low=0,
        high=27,
        bands=[BandSpec(0, 4, "minimal", "Minimal"), BandSpec(5, 27, "rest", "Rest")],
        cutoffs=[CutSpec(10, "cut-off")],
    )
    first, middle, last = chart.points
    assert (first.x, last.x) == (chart.left, chart.right)  # dates run the full width, in order
    assert middle.x == pytest.approx((chart.left + chart.right) / 2, abs=0.1)
    assert (first.y, last.y) == (chart.bottom, chart.top)  # the lowest score sits at the bottom
    assert chart.cutoffs[0].y == middle.y  # the cut-off line passes through a score of 10
    assert chart.bands[0].y + chart.bands[0].height == pytest.approx(chart.bottom)
    assert chart.bands[1].y == pytest.approx(chart.top)
    assert len(chart.lines) == 1 and chart.lines[0].count(",") == 3


def test_a_single_score_sits_in_the_middle() -> None:
    chart = build_chart([(D(2026, 1, 1), 30)], low=10, high=60)
    assert chart.points[0].x == pytest.approx(chart.left + chart.plot_width / 2)
    assert chart.y_ticks[0].label == "10"
