"""Dual recovery: which symptoms a member tracks, and the daily symptom log beside the check-in."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from alongside.accounts.models import User
from alongside.journey.models import (
    COMMON_SYMPTOMS,
    CheckIn,
    MoodState,
    SymptomKind,
    SymptomLog,
    SymptomRating,
    SymptomTracking,
    TrackedSymptom,
    offers_symptom_log,
)
from alongside.journey.services.errors import JourneyError


class SymptomError(JourneyError):
    """A symptom log or a choice of symptoms that cannot be saved."""


INTENSITY_RANGE = _lazy("Intensity goes from 0 to 10: 0 is not at all, 10 as strong as it gets.")


@dataclass(frozen=True)
class SymptomSetup:
    """What the check-in offers a member for dual recovery: whether the symptom log, the
    psychiatric-medication question and the second list of warning signs appear, and the
    symptoms they track."""

    is_offered: bool
    is_enabled: bool
    symptoms: list[TrackedSymptom]


def symptom_setup(member: User) -> SymptomSetup:
    """The member's SymptomSetup (two small queries)."""
    tracking = SymptomTracking.objects.filter(member=member).first()
    offered = offers_symptom_log(member, tracking)
    symptoms = list(TrackedSymptom.objects.for_member(member).live()) if offered else []
    return SymptomSetup(offered, bool(tracking and tracking.is_enabled), symptoms)


def is_dual_recovery(member: User) -> bool:
    return offers_symptom_log(member, SymptomTracking.objects.filter(member=member).first())


def choose_symptoms(
    *,
    member: User,
    is_enabled: bool,
    kinds: Iterable[str],
    keep_own: Iterable[int] = (),
    new_own: str = "",
) -> None:
    """Set which symptoms the member tracks: exactly the common `kinds`, the own symptoms whose
    ids are in `keep_own`, and a new own one named `new_own` (if given). A symptom no longer
    chosen is archived, so the days that rated it keep their ratings. Raises SymptomError for an
    unknown kind or an over-long name; nothing is saved then."""
    wanted = set(kinds)
    unknown = wanted - {k.value for k in COMMON_SYMPTOMS}
    if unknown:
        raise SymptomError("kinds", _("Choose symptoms from the list."))
    name = new_own.strip()
    if len(name) > 100:
        raise SymptomError("new_own", _("Keep the name to 100 characters or fewer."))
    keep = {int(i) for i in keep_own}
    now = timezone.now()
    with transaction.atomic():
        SymptomTracking.objects.update_or_create(
            member=member, defaults={"is_enabled": is_enabled, "updated_at": now}
        )
        live = list(TrackedSymptom.objects.for_member(member).live().select_for_update())
        for symptom in live:
            chosen = (
                symptom.kind in wanted if symptom.kind != SymptomKind.OWN else symptom.pk in keep
            )
            if not chosen:
                symptom.archived_at = now
                symptom.save(update_fields=["archived_at"])
        have = {s.kind for s in live if s.kind != SymptomKind.OWN}
        for kind in COMMON_SYMPTOMS:
            if kind in wanted and kind not in have:
                TrackedSymptom.objects.create(member=member, kind=kind)
        if name:
            TrackedSymptom.objects.create(member=member, kind=SymptomKind.OWN, name=name)


def record_symptom_log(
    *,
    member: User,
    on: datetime.date | None = None,
    mood_state: str | None = None,
    intensities: Mapping[int, int | None],
) -> bool:
    """Create or update the member's symptom log for a local day (today by default); True when
    it created it. The one way a symptom log is written: the check-in page and the API call it.

    `intensities` maps the id of a symptom the member tracks to its intensity 0–10 that day;
    None clears that symptom's rating, a symptom not named keeps what the day holds.
    `mood_state` is a MoodState value ("" clears it, None keeps it). Like the check-in, today's
    log may be changed all day and a past day's added once, marked late. Raises SymptomError
    (with the field: "symptom_<id>", "symptoms", "mood_state" or "on") for an intensity outside
    0–10, a symptom that is not one the member tracks, an unknown mood state or a future day;
    nothing is saved then.
    """
    today = member.local_today()
    on = on or today
    if on > today:
        raise SymptomError("on", _("A symptom log cannot be for a day that has not come yet."))
    if mood_state and mood_state not in MoodState.values:
        raise SymptomError("mood_state", _("Choose a mood state from the list."))
    for symptom_id, intensity in intensities.items():
        if intensity is not None and not 0 <= intensity <= 10:
            raise SymptomError(f"symptom_{symptom_id}", str(INTENSITY_RANGE))
    with transaction.atomic():
        tracked = {
            s.pk: s
            for s in TrackedSymptom.objects.for_member(member)
            .live()
            .filter(pk__in=list(intensities))
        }
        if len(tracked) != len(intensities):
            raise SymptomError("symptoms", _("That symptom is not one you track."))
        log, created = _day_log(member, on, today)
        if mood_state is not None:
            log.mood_state = mood_state
        log.updated_at = timezone.now()
        log.save(update_fields=["mood_state", "updated_at"])
        for symptom_id, intensity in intensities.items():
            if intensity is None:
                SymptomRating.objects.filter(log=log, symptom_id=symptom_id).delete()
            else:
                SymptomRating.objects.update_or_create(
                    log=log, symptom=tracked[symptom_id], defaults={"intensity": intensity}
                )
    return created


def _day_log(member: User, on: datetime.date, today: datetime.date) -> tuple[SymptomLog, bool]:
    """The day's log, locked, or a new one; only today's may be changed once written."""
    log = SymptomLog.objects.select_for_update().filter(member=member, on=on).first()
    if log is not None:
        if on != today:
            raise SymptomError(
                "on", _("That day already has a symptom log; only today's can be changed.")
            )
        return log, False
    try:
        with transaction.atomic():  # a savepoint: a twin request may have just created it
            return SymptomLog.objects.create(member=member, on=on, is_late=on < today), True
    except IntegrityError:
        return SymptomLog.objects.select_for_update().get(member=member, on=on), False


def symptom_logs(member: User, days: Iterable[datetime.date]) -> dict[datetime.date, SymptomLog]:
    """The member's symptom logs of these days, their ratings and symptoms read with them."""
    return {
        log.on: log
        for log in SymptomLog.objects.for_member(member)
        .filter(on__in=list(days))
        .prefetch_related("ratings__symptom")
    }


def with_symptom_logs(member: User, check_ins: Iterable[CheckIn]) -> list[CheckIn]:
    """The check-ins, each with `symptom_log` set to that day's log (or None), for the history
    table (two queries)."""
    rows = list(check_ins)
    logs = symptom_logs(member, [c.on for c in rows])
    for check_in in rows:
        check_in.symptom_log = logs.get(check_in.on)  # type: ignore[attr-defined]
    return rows


def needs_crisis_lines(log: SymptomLog | None) -> bool:
    """Thoughts of self-harm at a high intensity: the crisis lines and the safety plan, at once.
    Shown to the member only; nobody else is told."""
    return log is not None and any(r.is_high_self_harm for r in log.ratings.all())
