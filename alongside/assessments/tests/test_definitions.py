"""The instruments as data hold together: ranges, bands, cut-offs, skip rules, licences; and the
Django-free date helpers behave."""

from __future__ import annotations

import datetime
import importlib
import sys

import pytest

from alongside.lib.instruments import INSTRUMENTS, Evidence, ItemKind, get
from alongside.lib.instruments.due import Frequency, add_months, due_state

D = datetime.date


def test_the_instrument_library_does_not_need_django() -> None:
    for name in [n for n in sys.modules if n.startswith("alongside.lib.instruments")]:
        module = importlib.import_module(name)
        assert module.__file__ is not None
        source = open(module.__file__).read()  # noqa: PTH123, SIM115
        assert "django" not in source.lower().replace("django-free", ""), name


@pytest.mark.parametrize(
    ("key", "low", "high"),
    [
        ("barc10", 10, 60),
        ("phq9", 0, 27),
        ("gad7", 0, 21),
        ("auditc", 0, 12),
        ("dast10", 0, 10),
        ("readiness", 0, 10),
    ],
)
def test_total_ranges_are_the_published_ones(key, low, high) -> None:
    assert get(key).total_range == (low, high)


def test_bam_has_no_total_and_its_subscale_ranges_add_up() -> None:
    bam = get("bam")
    assert not bam.has_total
    for subscale in bam.subscales:
        assert subscale.high == 4 * len(subscale.items), subscale.key
    assert {s.key: s.items for s in bam.subscales} == {
        "use": ("4", "5", "6"),
        "risk": ("1", "2", "3", "8", "11", "15"),
        "protective": ("9", "10", "12", "13", "14", "16"),
    }


@pytest.mark.parametrize("instrument", list(INSTRUMENTS.values()), ids=lambda i: i.key)
def test_each_definition_is_consistent(instrument) -> None:
    keys = instrument.item_keys
    assert len(keys) == len(set(keys))
    for item in instrument.items:
        if item.kind == ItemKind.CHOICE:
            values = [o.value for o in item.options]
            assert len(values) == len(set(values)), item.key
            if item.scored:  # every answer to a scored item is worth points
                assert all(isinstance(o.code, int) for o in item.options), item.key
        if item.skip_when:
            assert keys.index(item.skip_when[0]) < keys.index(
                item.key
            )  # the controller comes first
    if instrument.bands:
        low, high = instrument.total_range
        ordered = sorted(instrument.bands, key=lambda b: b.low)
        assert ordered[0].low == low and ordered[-1].high == high
        for before, after in zip(ordered, ordered[1:], strict=False):
            assert after.low == before.high + 1  # contiguous, no gap or overlap
    for cut in instrument.cutoffs:
        if not cut.subscale:
            low, high = instrument.total_range
            assert low <= cut.value <= high
    assert instrument.citation and instrument.licence.text


def test_wording_not_free_to_reproduce_defaults_to_paraphrase() -> None:
    restricted = {k for k, i in INSTRUMENTS.items() if not i.licence.wording_free}
    assert restricted == {"bam", "dast10"}
    for key in restricted:
        assert all(item.paraphrased for item in get(key).questions)
        assert get(key).licence.evidence == Evidence.UNVERIFIED


def test_unverified_rules_are_marked_so_they_can_be_said_on_screen() -> None:
    auditc = get("auditc")
    assert any(c.evidence == Evidence.UNVERIFIED for c in auditc.cutoffs)
    assert any(n.evidence == Evidence.UNVERIFIED for n in auditc.notes)


# ------------------------------------------------------------------ due dates


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2026, 8, 31), 6, D(2027, 2, 28)),
        (D(2026, 3, 15), -2, D(2026, 1, 15)),
    ],
)
def test_add_months_clamps_to_the_months_last_day(day, months, expected) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("frequency", "start", "today", "done", "is_due", "since", "next_on"),
    [
        # BARC-10 at intake and every 90 days
        ("every_90_days", D(2026, 1, 1), D(2026, 1, 1), None, True, D(2026, 1, 1), D(2026, 1, 1)),
        ("every_90_days", D(2026, 1, 1), D(2026, 1, 5), D(2026, 1, 2), False, None, D(2026, 4, 1)),
        ("every_90_days", D(2026, 1, 1), D(2026, 3, 31), D(2026, 1, 2), False, None, D(2026, 4, 1)),
        (
            "every_90_days",
            D(2026, 1, 1),
            D(2026, 4, 1),
            D(2026, 1, 2),
            True,
            D(2026, 4, 1),
            D(2026, 4, 1),
        ),
        (
            "every_90_days",
            D(2026, 1, 1),
            D(2026, 4, 20),
            D(2026, 4, 3),
            False,
            None,
            D(2026, 6, 30),
        ),
        # not started yet
        ("weekly", D(2026, 2, 1), D(2026, 1, 20), None, False, None, D(2026, 2, 1)),
        # weekly: still due from last week's occurrence until done
        (
            "weekly",
            D(2026, 1, 1),
            D(2026, 1, 17),
            D(2026, 1, 2),
            True,
            D(2026, 1, 15),
            D(2026, 1, 15),
        ),
        ("weekly", D(2026, 1, 1), D(2026, 1, 17), D(2026, 1, 15), False, None, D(2026, 1, 22)),
        # monthly, from the 31st
        (
            "monthly",
            D(2026, 1, 31),
            D(2026, 2, 28),
            D(2026, 1, 31),
            True,
            D(2026, 2, 28),
            D(2026, 2, 28),
        ),
        ("monthly", D(2026, 1, 31), D(2026, 2, 27), D(2026, 1, 31), False, None, D(2026, 2, 28)),
        (
            "fortnightly",
            D(2026, 1, 1),
            D(2026, 1, 15),
            D(2026, 1, 1),
            True,
            D(2026, 1, 15),
            D(2026, 1, 15),
        ),
        # once: due until done, then never again
        ("once", D(2026, 1, 1), D(2026, 5, 1), None, True, D(2026, 1, 1), D(2026, 1, 1)),
        ("once", D(2026, 1, 1), D(2026, 5, 1), D(2026, 1, 3), False, None, None),
    ],
)
def test_due_state(frequency, start, today, done, is_due, since, next_on) -> None:
    state = due_state(start, Frequency(frequency), today, done)
    assert (state.is_due, state.due_since, state.next_on) == (is_due, since, next_on)
