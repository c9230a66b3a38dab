"""Server-rendered SVG charts: accessible, gaps shown as gaps, no inline styles."""

from __future__ import annotations

import datetime

import pytest

from alongside.lib.charts import Series, line_chart, mean, segments


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


def test_a_chart_has_a_title_a_description_and_no_style_attributes() -> None:
    days = [datetime.date(2025, 1, 1) + datetime.timedelta(days=i) for i in range(7)]
    svg = line_chart(chart_id="c", title="Craving <7 days>", desc="Average 3", days=days,
                     series=[Series("Craving", [1, 2, None, 4, 5, 6, 7])], low=0, high=10, ticks=[0, 10])
    assert svg.startswith('<svg class="chart" id="c" role="img"')
    assert 'aria-labelledby="c-title c-desc"' in svg
    assert "<title id=\"c-title\">Craving &lt;7 days&gt;</title>" in svg
    assert svg.count("<polyline") == 2 and "style=" not in svg


def test_the_mean_ignores_missing_days() -> None:
    assert mean([1, None, 2]) == 1.5 and mean([None]) is None
