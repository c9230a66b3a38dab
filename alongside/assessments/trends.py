"""Score over time per instrument: the points, the chart geometry (bands and cut-offs drawn)
and, for the BARC-10, the change since intake. Read-only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.assessments.models import Administration
from alongside.lib.charts import BandSpec, Chart, CutSpec, build_chart
from alongside.lib.instruments import Instrument


@dataclass(frozen=True)
class TrendRow:
    administration: Administration
    on: datetime.date
    value: int
    band: str
    flags: tuple[str, ...]


@dataclass
class Series:
    key: str
    label: str
    low: int
    high: int
    chart: Chart
    rows: list[TrendRow]
    cutoffs: list[CutSpec] = field(default_factory=list)
    bands: list[BandSpec] = field(default_factory=list)
    direction: str = ""


@dataclass(frozen=True)
class Change:
    intake_on: datetime.date
    intake: int
    latest_on: datetime.date
    latest: int

    @property
    def difference(self) -> int:
        return self.latest - self.intake


@dataclass
class Trend:
    instrument: Instrument
    series: list[Series]
    count: int
    change: Change | None = None


def _cutoffs(instrument: Instrument, subscale: str) -> list[CutSpec]:
    """One line per cut-off value (AUDIT-C's cut-offs for women and for everyone else share 3)."""
    by_value: dict[int, list[str]] = {}
    for cut in instrument.cutoffs:
        if cut.subscale == subscale:
            by_value.setdefault(cut.value, []).append(_(cut.label))
    return [CutSpec(value, " / ".join(labels)) for value, labels in sorted(by_value.items())]


def trend_for(member: User, instrument: Instrument) -> Trend:
    """The member's current (not corrected) administrations of one instrument, oldest first."""
    administrations = list(
        Administration.objects.for_member(member)
        .of(instrument.key)
        .current()
        .order_by("taken_at", "id")
    )
    zone = member.zone
    bands_by_key = {b.key: _(b.label) for b in instrument.bands}
    series: list[Series] = []
    if instrument.has_total:
        low, high = instrument.total_range
        rows = [
            TrendRow(
                a,
                a.taken_at.astimezone(zone).date(),
                a.total,
                bands_by_key.get(a.band, ""),
                tuple(a.flags),
            )
            for a in administrations
            if a.total is not None
        ]
        bands = [BandSpec(b.low, b.high, b.key, _(b.label)) for b in instrument.bands]
        cutoffs = _cutoffs(instrument, "")
        chart = build_chart(
            [(r.on, r.value) for r in rows],
            low=low,
            high=high,
            bands=bands,
            cutoffs=cutoffs,
            date_label=_day,
        )
        series.append(
            Series("total", _(instrument.total_label), low, high, chart, rows, cutoffs, bands)
        )
    for sub in instrument.subscales:
        rows = []
        for a in administrations:
            found = next((s for s in a.result.get("subscales", []) if s["key"] == sub.key), None)
            if found is not None:
                flags = tuple(f["key"] for f in found.get("flags", []))
                rows.append(
                    TrendRow(a, a.taken_at.astimezone(zone).date(), found["score"], "", flags)
                )
        cutoffs = _cutoffs(instrument, sub.key)
        chart = build_chart(
            [(r.on, r.value) for r in rows],
            low=sub.low,
            high=sub.high,
            cutoffs=cutoffs,
            date_label=_day,
        )
        series.append(
            Series(
                sub.key,
                _(sub.label),
                sub.low,
                sub.high,
                chart,
                rows,
                cutoffs,
                direction=_(sub.direction),
            )
        )
    trend = Trend(instrument, series, len(administrations))
    if instrument.key == "barc10" and len(administrations) >= 2:
        first, last = administrations[0], administrations[-1]
        trend.change = Change(
            first.taken_at.astimezone(zone).date(),
            first.total,
            last.taken_at.astimezone(zone).date(),
            last.total,
        )
    return trend


def _day(day: datetime.date) -> str:
    """A date on a chart's axis, as the rest of the page writes dates ("2 Dec 2026")."""
    return date_format(day, "j M Y")
