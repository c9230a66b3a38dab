"""The daily check-in: one per local day, editable that day, late days marked."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Exists
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.journey.models import (
    CheckIn,
    CopingStrategy,
    IfThenPlan,
    Mood,
    SupportContact,
    Track,
    Trigger,
)
from alongside.journey.services.errors import CheckInError, JourneyError
from alongside.journey.services.tracks import set_use
from alongside.lib.member_cache import cached
from alongside.lib.rows import update_where

CHECK_IN_FIELDS = (
    "mood", "craving", "hungry", "angry", "lonely", "tired", "sleep_hours", "attended_meeting",
    "gratitude", "note", "took_medication",
)


def _chosen(model: type, member: User, ids: Iterable[int], field: str, gone: str) -> list:
    """The member's own live rows with these ids; any other id is a clear field error."""
    wanted = {int(i) for i in ids}
    if not wanted:
        return []
    found = list(model.objects.for_member(member).live().filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise CheckInError(field, gone)
    return found


@dataclass(frozen=True)
class CheckInSetup:
    """What the check-in form offers a member: their active tracks (medication question,
    moderation use), and whether they keep triggers or coping strategies to tick."""

    tracks: list[Track]
    has_triggers: bool
    has_coping: bool


def check_in_setup(member: User) -> CheckInSetup:
    """The member's CheckInSetup, kept per version of what it depends on (``setup_version``,
    bumped by the database on any change to tracks, triggers or coping strategies); `member` as
    loaded by this request. Two queries when it changed, none otherwise."""

    def build() -> CheckInSetup:
        flags = User.objects.filter(pk=member.pk).annotate(
            has_triggers=Exists(Trigger.objects.for_member(member).live()),
            has_coping=Exists(CopingStrategy.objects.for_member(member).live()),
        ).values_list("has_triggers", "has_coping").first() or (False, False)
        return CheckInSetup(list(Track.objects.for_member(member).active()), *flags)

    return cached(member, "setup_version", "check-in-setup", build=build)


def member_takes_medication(member: User, tracks: list[Track] | None = None) -> bool:
    """Members on medication for opioid or alcohol use disorder are asked whether they took it."""
    if tracks is not None:
        return any(t.on_medication for t in tracks if t.archived_at is None)
    return Track.objects.for_member(member).active().filter(on_medication=True).exists()


def record_check_in(
    *,
    member: User,
    on: datetime.date | None = None,
    triggers: Iterable[int] | None = None,
    coping_used: Iterable[int] | None = None,
    use: dict[int, int] | None = None,
    tracks: list[Track] | None = None,
    full_row: bool = True,
    **values: object,
) -> tuple[CheckIn, bool]:
    """Create or update the member's check-in for a local day (today by default).

    Today's check-in may be edited all day; a past day's may be added once, marked late.
    `triggers` and `coping_used` are ids from the member's own live lists; `use` maps a
    moderation track's id to the day's total. Raises CheckInError (with the field) for a future
    day, a second check-in for a past day, a trigger or strategy no longer on the member's
    list, a track that is not theirs, or an out-of-range value; nothing is saved then.
    `tracks`, when the caller has already read the member's active tracks, saves reading them again.
    With `full_row=False` the caller needs only the values it sent back (the page does: it looks
    at the craving), and today's check-in without trigger or coping lists is then written with
    one UPDATE, or one INSERT the first time, instead of reading the row first — and, with no
    use to record beside it, without holding a transaction open around Python code (one
    statement is atomic by itself; on SQLite an open write transaction makes every other writer
    wait).
    """
    today = member.local_today()
    on = on or today
    if on > today:
        raise CheckInError("on", _("A check-in cannot be for a day that has not come yet."))
    if not full_row and on == today and triggers is None and coping_used is None:
        if use:
            with transaction.atomic():
                return _write_today(member, on, values, use, tracks)
        return _write_today(member, on, values, None, tracks)
    with transaction.atomic():
        return _record(member, on, today, triggers, coping_used, use, tracks, values)


def _record(member: User, on: datetime.date, today: datetime.date, triggers: Iterable[int] | None,
            coping_used: Iterable[int] | None, use: dict[int, int] | None, tracks: list[Track] | None,
            values: dict) -> tuple[CheckIn, bool]:
    existing = CheckIn.objects.select_for_update().filter(member=member, on=on).first()
    if existing is not None and on != today:
        raise CheckInError("on", _("That day already has a check-in; only today's can be changed."))
    chosen_triggers = None if triggers is None else _chosen(
        Trigger, member, triggers, "triggers",
        _("A trigger you chose is no longer on your list (it may have been removed). Choose again from your list."),
    )
    chosen_coping = None if coping_used is None else _chosen(
        CopingStrategy, member, coping_used, "coping_used",
        _("A coping strategy you chose is no longer on your list. Choose again from your list."),
    )
    data = _check_in_data(member, values, tracks)
    if existing is not None:
        check_in = existing
        for name, value in data.items():
            setattr(check_in, name, value)
        check_in.updated_at = timezone.now()
        _validate(check_in)
        check_in.save(update_fields=[*data, "updated_at"])
        created = False
    else:
        check_in = CheckIn(member=member, on=on, is_late=on < today, **data)
        _validate(check_in)
        check_in.save()
        created = True
    if chosen_triggers is not None:
        check_in.triggers.set(chosen_triggers)
    if chosen_coping is not None:
        check_in.coping_used.set(chosen_coping)
    _record_use(member, on, use, tracks)
    return check_in, created


def _check_in_data(member: User, values: dict, tracks: list[Track] | None) -> dict:
    data = {k: v for k, v in values.items() if k in CHECK_IN_FIELDS}
    if "took_medication" in data and not member_takes_medication(member, tracks):
        data["took_medication"] = None
    return data


def _write_today(member: User, on: datetime.date, values: dict, use: dict[int, int] | None,
                 tracks: list[Track] | None) -> tuple[CheckIn, bool]:
    """Today's check-in without trigger or coping lists: update it in place, or create it."""
    data = _check_in_data(member, values, tracks)
    check_in = CheckIn(member=member, on=on, is_late=False, **data)
    _validate(check_in)
    changes = {**data, "updated_at": timezone.now()}
    created = not update_where(CheckIn, {"member": member, "on": on}, changes)
    if created:
        try:
            with transaction.atomic():  # a savepoint when called inside a transaction
                check_in.save()
        except IntegrityError:  # the same member's first check-in of the day, sent twice at once
            update_where(CheckIn, {"member": member, "on": on}, changes)
            created = False
    _record_use(member, on, use, tracks)
    return check_in, created


def _record_use(member: User, on: datetime.date, use: dict[int, int] | None, tracks: list[Track] | None) -> None:
    known = None if tracks is None else {t.pk: t for t in tracks if t.archived_at is None and t.member_id == member.pk}
    for track_id, amount in (use or {}).items():
        if known is not None:
            track = known.get(int(track_id))
        else:
            track = Track.objects.for_member(member).active().filter(pk=track_id).first()
        if track is None:
            raise CheckInError("use", _("That track is not one of yours."))
        try:
            set_use(track=track, on=on, amount=int(amount))
        except JourneyError as error:
            raise CheckInError("use", error.message) from error


def _validate(check_in: CheckIn) -> None:
    """The rules of one check-in's values, checked directly (this runs on every check-in, and
    the form has usually checked the same already)."""
    if check_in.mood not in Mood.values:
        raise CheckInError("mood", _("Choose how your mood is, from very low to great."))
    if not isinstance(check_in.craving, int) or not 0 <= check_in.craving <= 10:
        raise CheckInError("craving", _("Craving goes from 0 to 10; 10 is the highest."))
    if check_in.sleep_hours is not None:
        try:
            sleep = Decimal(str(check_in.sleep_hours))
            valid = 0 <= sleep <= 24 and sleep == sleep.quantize(Decimal("0.1"))
        except InvalidOperation:
            valid = False
        if not valid:
            raise CheckInError("sleep_hours", _("Hours of sleep go from 0 to 24, in tenths at most."))
    for name, limit in (("gratitude", 500), ("note", 5000)):
        if len(getattr(check_in, name) or "") > limit:
            raise CheckInError(name, _("Keep this to %(n)d characters.") % {"n": limit})


# ----------------------------------------------------------------------------------------------
# Right after a hard check-in


@dataclass
class Support:
    """What to show at once after a check-in with high craving or a trigger from the plan."""

    triggers: list[Trigger] = field(default_factory=list)
    strategies: list[CopingStrategy] = field(default_factory=list)
    contacts: list[SupportContact] = field(default_factory=list)
    if_thens: list[IfThenPlan] = field(default_factory=list)
    high_craving: bool = False

    @property
    def needed(self) -> bool:
        return self.high_craving or bool(self.triggers)


def support_for(check_in: CheckIn) -> Support:
    """The linked strategies and people for a check-in's triggers (all strategies when the
    craving is high), with the member's people to call and if-then plans."""
    member = check_in.member
    met = list(check_in.triggers.all())
    support = Support(triggers=met, high_craving=check_in.is_high_craving)
    if not support.needed:
        return support
    strategies = CopingStrategy.objects.for_member(member).live().prefetch_related("triggers")
    if not support.high_craving:
        strategies = strategies.filter(triggers__in=met).distinct()
    linked = list(strategies)
    met_ids = {t.pk for t in met}
    # Strategies linked to a trigger met today first: they were written for this moment.
    linked.sort(key=lambda s: (not any(t.pk in met_ids for t in s.triggers.all()), s.pk))
    support.strategies = linked
    support.contacts = list(SupportContact.objects.for_member(member))
    support.if_thens = list(IfThenPlan.objects.for_member(member))
    return support
