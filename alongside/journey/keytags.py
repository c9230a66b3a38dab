"""Clean time as pictures: keytags (the NA custom) or chips (the AA custom), drawn by us.

Each milestone has a colour in the progression people in those fellowships know (NA keytags:
white to welcome, orange at 30 days, green at 60, red at 90, blue at 6 months, yellow at 9,
glow-in-the-dark at a year, grey at 18 months, black for years; AA chips: silver for the first
day, then red, gold, green, copper, purple and bronze), but the art is our own plain shapes
with the milestone written on them, and every picture says in words what it shows. Members
whose pathways include AA and not NA get chips; everyone else keytags.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext

from alongside.journey.models import milestone_label
from alongside.lib import milestones

KEYTAG = "keytag"
CHIP = "chip"
START = "start"  # the first day: NA's white "welcome" keytag, AA's first-day chip

COLOUR_LABELS: dict[str, Promise] = {
    "white": _("white"),
    "orange": _("orange"),
    "green": _("green"),
    "red": _("red"),
    "blue": _("blue"),
    "yellow": _("yellow"),
    "glow": _("glow-in-the-dark"),
    "grey": _("grey"),
    "black": _("black"),
    "silver": _("silver"),
    "gold": _("gold"),
    "copper": _("copper"),
    "purple": _("purple"),
    "bronze": _("bronze"),
}

KEYTAG_COLOURS = {
    START: "white",
    "30d": "orange",
    "60d": "green",
    "90d": "red",
    "6m": "blue",
    "9m": "yellow",
    "1y": "glow",
    "18m": "grey",
}
CHIP_COLOURS = {
    START: "silver",
    "30d": "red",
    "60d": "gold",
    "90d": "green",
    "6m": "copper",
    "9m": "purple",
}


def style_for(pathways: list[str] | tuple[str, ...]) -> str:
    """Chips for members who name AA and not NA; keytags for everyone else."""
    return CHIP if "aa" in pathways and "na" not in pathways else KEYTAG


def colour_for(key: str, style: str) -> str:
    if style == CHIP:
        return CHIP_COLOURS.get(key, "bronze")
    return KEYTAG_COLOURS.get(key, "black")


@dataclass(frozen=True)
class Tag:
    """One keytag or chip: what is written on it and how it is coloured."""

    key: str  # a milestone key ("30d", "1y") or START
    style: str  # KEYTAG or CHIP
    number: str  # written large: "30", "6", "1"; empty on the first-day tag
    unit: str  # written small: "days", "months", "year", "welcome"
    label: str  # "30 days", "Welcome"
    colour: str  # a CSS class suffix
    reached_on: datetime.date | None = None
    is_next: bool = False  # not reached yet: drawn as an outline

    @property
    def colour_label(self) -> str:
        return str(COLOUR_LABELS[self.colour])

    @property
    def kind_label(self) -> str:
        return str(_("chip") if self.style == CHIP else _("keytag"))


def tag_for(
    key: str, style: str, *, reached_on: datetime.date | None = None, is_next: bool = False
) -> Tag:
    if key == START:
        welcome = str(_("Welcome"))
        return Tag(key, style, "", welcome, welcome, colour_for(key, style), reached_on, is_next)
    count, unit = int(key[:-1]), key[-1]
    if unit == "d":
        word = npgettext("keytag", "day", "days", count)
    elif unit == "m":
        word = npgettext("keytag", "month", "months", count)
    else:
        word = npgettext("keytag", "year", "years", count)
    return Tag(
        key=key,
        style=style,
        number=str(count),
        unit=word,
        label=milestone_label(key),
        colour=colour_for(key, style),
        reached_on=reached_on,
        is_next=is_next,
    )


@dataclass(frozen=True)
class Keyring:
    """The tags of the current stretch so far, and the next one to earn."""

    earned: list[Tag]
    next: Tag

    @property
    def latest(self) -> Tag:
        return self.earned[-1]


def keyring(progress: milestones.Progress, style: str) -> Keyring:
    """Every tag of the current stretch: the first-day one, each milestone reached, the next."""
    earned = [tag_for(START, style, reached_on=progress.sobriety_date)]
    earned += [
        tag_for(m.key, style, reached_on=m.on)
        for m in milestones.milestones_until(progress.sobriety_date, progress.today)
    ]
    return Keyring(earned=earned, next=tag_for(progress.next.key, style, is_next=True))


@dataclass(frozen=True)
class Stretch:
    """The current stretch between the last milestone (or its start) and the next, to draw."""

    days: int
    from_label: str
    to_label: str
    days_to_next: int
    fraction: float  # how far along, 0..1

    @property
    def bar_width(self) -> float:
        """The filled part of a 280-unit-wide bar (the template's viewBox)."""
        return round(280 * self.fraction, 1)


def stretch(progress: milestones.Progress) -> Stretch:
    start = progress.latest.on if progress.latest else progress.sobriety_date
    span = (progress.next.on - start).days or 1
    done = (progress.today - start).days
    latest = tag_for(progress.latest.key, KEYTAG) if progress.latest else None
    return Stretch(
        days=progress.days,
        from_label=latest.label if latest else str(_("Day 0")),
        to_label=tag_for(progress.next.key, KEYTAG).label,
        days_to_next=progress.days_to_next,
        fraction=min(max(done / span, 0.0), 1.0),
    )
