"""The platform rule for clean time and milestones (instruments reference, section 5)."""

from __future__ import annotations

import datetime

import pytest

from alongside.lib import milestones as m

D = datetime.date


@pytest.mark.parametrize(
    ("sobriety_date", "today", "days"),
    [
        (D(2025, 1, 1), D(2025, 1, 1), 0),  # the sobriety date is day 0
        (D(2025, 1, 1), D(2025, 1, 2), 1),
        (D(2024, 2, 28), D(2024, 3, 1), 2),  # across a leap day
        (D(2023, 12, 31), D(2024, 12, 31), 366),
    ],
)
def test_days_are_calendar_days_with_the_sobriety_date_as_day_zero(
    sobriety_date, today, days
) -> None:
    assert m.days_since(sobriety_date, today) == days


@pytest.mark.parametrize(
    ("sobriety_date", "key", "expected"),
    [
        (D(2025, 1, 1), "30d", D(2025, 1, 31)),
        (D(2025, 1, 1), "60d", D(2025, 3, 2)),
        (D(2025, 1, 1), "90d", D(2025, 4, 1)),
        (D(2023, 1, 1), "6m", D(2023, 7, 1)),  # the NA calculator's example
        (D(2024, 8, 31), "6m", D(2025, 2, 28)),  # 31 Aug + 6 months = 28 Feb
        (D(2023, 8, 31), "6m", D(2024, 2, 29)),  # … or 29 Feb in a leap year
        (D(2024, 2, 29), "1y", D(2025, 2, 28)),  # 29 Feb + 1 year = 28 Feb
        (D(2024, 2, 29), "2y", D(2026, 2, 28)),
        (D(2024, 2, 29), "4y", D(2028, 2, 29)),  # each anniversary from the date itself
        (D(2024, 5, 31), "9m", D(2025, 2, 28)),
        (D(2024, 3, 31), "18m", D(2025, 9, 30)),
        (D(2024, 1, 31), "1y", D(2025, 1, 31)),
        (D(2020, 6, 15), "5y", D(2025, 6, 15)),
    ],
)
def test_milestone_dates_follow_the_platform_rule(sobriety_date, key, expected) -> None:
    assert m.milestone_on(sobriety_date, key) == expected
    found = [x for x in m.milestones_until(sobriety_date, D(2040, 1, 1)) if x.key == key]
    assert [x.on for x in found] == [expected]


def test_milestones_come_in_keytag_order_then_every_year() -> None:
    keys = [x.key for x in m.milestones_until(D(2020, 1, 1), D(2025, 1, 1))]
    assert keys == ["30d", "60d", "90d", "6m", "9m", "1y", "18m", "2y", "3y", "4y", "5y"]


@pytest.mark.parametrize(
    ("sobriety_date", "today", "latest", "next_key", "next_on"),
    [
        (D(2025, 1, 1), D(2025, 1, 1), None, "30d", D(2025, 1, 31)),
        (D(2025, 1, 1), D(2025, 1, 30), None, "30d", D(2025, 1, 31)),
        (D(2025, 1, 1), D(2025, 1, 31), "30d", "60d", D(2025, 3, 2)),  # reached ON its date
        (D(2025, 1, 1), D(2025, 4, 1), "90d", "6m", D(2025, 7, 1)),
        (D(2025, 1, 1), D(2025, 6, 30), "90d", "6m", D(2025, 7, 1)),  # 180 days: not 6 months yet
        (D(2025, 1, 1), D(2025, 7, 1), "6m", "9m", D(2025, 10, 1)),
        (D(2024, 8, 31), D(2025, 2, 27), "90d", "6m", D(2025, 2, 28)),
        (D(2024, 8, 31), D(2025, 2, 28), "6m", "9m", D(2025, 5, 31)),
        (D(2024, 2, 29), D(2025, 2, 28), "1y", "18m", D(2025, 8, 29)),
        (D(2023, 1, 1), D(2024, 7, 1), "18m", "2y", D(2025, 1, 1)),
        (D(2015, 3, 10), D(2025, 3, 9), "9y", "10y", D(2025, 3, 10)),
    ],
)
def test_latest_is_on_or_before_today_and_next_is_after_it(
    sobriety_date, today, latest, next_key, next_on
) -> None:
    found = m.latest_milestone(sobriety_date, today)
    assert (found.key if found else None) == latest
    upcoming = m.next_milestone(sobriety_date, today)
    assert (upcoming.key, upcoming.on) == (next_key, next_on)
    state = m.progress(sobriety_date, today)
    assert (state.latest, state.next) == (found, upcoming)
    assert state.days_to_next == (next_on - today).days


def test_one_hundred_eighty_days_is_not_yet_six_months() -> None:
    start = D(2025, 1, 1)
    day_180 = start + datetime.timedelta(days=180)
    assert m.days_since(start, day_180) == 180
    assert m.latest_milestone(start, day_180).key == "90d"
    assert m.next_milestone(start, day_180).key == "6m"


@pytest.mark.parametrize("call", [m.days_since, m.latest_milestone, m.next_milestone, m.progress])
def test_a_sobriety_date_in_the_future_is_refused(call) -> None:
    with pytest.raises(m.FutureDateError):
        call(D(2025, 1, 2), D(2025, 1, 1))


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("30d", "30 days"),
        ("6m", "6 months"),
        ("1y", "1 year"),
        ("18m", "18 months"),
        ("2y", "2 years"),
    ],
)
def test_milestones_have_plain_labels(key, label) -> None:
    found = {x.key: x for x in m.milestones_until(D(2020, 1, 1), D(2023, 1, 1))}
    assert found[key].label == label


@pytest.mark.parametrize("key", ["45d", "12m", "3m", "0y", "x"])
def test_unknown_milestone_keys_are_refused(key) -> None:
    with pytest.raises(ValueError):
        m.milestone_on(D(2025, 1, 1), key)
