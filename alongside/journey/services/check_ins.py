"""The daily check-in: one per local day, editable that day, late days marked."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from alongside.accounts.models import User
from alongside.journey.models import (
    CheckIn,
    CopingStrategy,
    IfThenPlan,
    SupportContact,
    Track,
    Trigger,
)
from alongside.journey.services.errors import CheckInError, JourneyError
from alongside.journey.services.symptoms import is_dual_recovery, record_symptom_log
from alongside.journey.services.tracks import set_use
from alongside.lib.member_cache import cached

CHECK_IN_FIELDS = (
    "mood",
    "craving",
    "hungry",
    "angry",
    "lonely",
    "tired",
    "sleep_hours",
    "attended_meeting",
    "gratitude",
    "note",
    "took_medication",
    "took_psychiatric_medication",
)


GONE_TRIGGER = _lazy(
    "A trigger you chose is no longer on your list (it may have been removed). Choose again from your list."
)
GONE_COPING = _lazy(
    "A coping strategy you chose is no longer on your list. Choose again from your list."
)


def _chosen(
    model: type[Trigger] | type[CopingStrategy],
    member: User,
    ids: Iterable[int],
    field: str,
    gone: object,
) -> list:
    """The member's own live rows with these ids; any other id is a clear field error."""
    wanted = {int(i) for i in ids}
    if not wanted:
        return []
    found = list(model.objects.for_member(member).live().filter(pk__in=wanted))
    if len(found) != len(wanted):
        raise CheckInError(field, str(gone))
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
    **values: object,
) -> bool:
    """Create or update the member's check-in for a local day (today by default); True when it
    created the day's check-in. The one way a check-in is written: the page and the API call it.

    Today's check-in may be edited all day; a past day's may be added once, marked late.
    `values` are CheckIn fields (CHECK_IN_FIELDS), `mood` and `craving` required; fields not
    given keep what today's row holds.
    `triggers` and `coping_used` are ids from the member's own live lists (None leaves the
    day's lists as they are); `use` maps a moderation track's id to the day's total. `tracks`,
    when the caller has already read the member's active tracks, saves reading them again.
    Raises CheckInError (with the field) for a future day, a second check-in for a past day, a
    trigger or strategy no longer on the member's list, a track that is not theirs, or an
    out-of-range value; nothing is saved then.
    """
    today = member.local_today()
    on = on or today
    if on > today:
        raise CheckInError("on", _("A check-in cannot be for a day that has not come yet."))
    data = _clean(member, values, tracks)
    with transaction.atomic():
        chosen_triggers = (
            None
            if triggers is None
            else _chosen(Trigger, member, triggers, "triggers", GONE_TRIGGER)
        )
        chosen_coping = (
            None
            if coping_used is None
            else _chosen(CopingStrategy, member, coping_used, "coping_used", GONE_COPING)
        )
        created = _write(member, on, today, data)
        if chosen_triggers is not None or chosen_coping is not None:
            check_in = CheckIn.objects.get(member=member, on=on)
            if chosen_triggers is not None:
                check_in.triggers.set(chosen_triggers)
            if chosen_coping is not None:
                check_in.coping_used.set(chosen_coping)
        _record_use(member, on, use, tracks)
    return created


def record_day(
    *,
    member: User,
    on: datetime.date,
    check_in: dict[str, Any],
    symptoms: dict[str, Any] | None = None,
    tracks: list[Track] | None = None,
) -> bool:
    """The check-in page's one form: the day's check-in (`check_in`, what record_check_in
    takes) and, for dual recovery, the day's symptom log (`symptoms`, what record_symptom_log
    takes), saved together or not at all. True when it created the day's check-in. Raises
    CheckInError or SymptomError with the field, as those services do; nothing is saved then.
    """
    with transaction.atomic():
        created = record_check_in(member=member, on=on, tracks=tracks, **check_in)
        if symptoms is not None:
            record_symptom_log(member=member, on=on, **symptoms)
    return created


def _write(member: User, on: datetime.date, today: datetime.date, data: dict) -> bool:
    """Update the day's row, or create it; True when created. Only today's row is updated."""
    day = CheckIn.objects.filter(member=member, on=on)
    if on == today and day.update(**data, updated_at=timezone.now()):
        return False
    try:
        with transaction.atomic():  # a savepoint, so the transaction goes on after a clash
            CheckIn.objects.create(member=member, on=on, is_late=on < today, **data)
    except IntegrityError:
        if on != today:
            raise CheckInError(
                "on", _("That day already has a check-in; only today's can be changed.")
            ) from None
        # The same member's first check-in of the day, sent twice at once: the other request
        # created the row between our UPDATE and INSERT, so this one updates it.
        day.update(**data, updated_at=timezone.now())
        return False
    return True


def _clean(member: User, values: dict, tracks: list[Track] | None) -> dict:
    """The check-in fields among `values`, checked and converted by the model's own fields."""
    data = {k: v for k, v in values.items() if k in CHECK_IN_FIELDS}
    if "took_medication" in data and not member_takes_medication(member, tracks):
        data["took_medication"] = None
    if "took_psychiatric_medication" in data and not is_dual_recovery(member):
        data["took_psychiatric_medication"] = None
    check_in = CheckIn(**data)
    checked = {*data, "mood", "craving"}  # required: a first check-in cannot do without them
    try:
        check_in.clean_fields(
            exclude={f.name for f in CheckIn._meta.fields if f.name not in checked}
        )
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise CheckInError(name, messages[0]) from error
    return {name: getattr(check_in, name) for name in data}


def _record_use(
    member: User, on: datetime.date, use: dict[int, int] | None, tracks: list[Track] | None
) -> None:
    known = (
        None
        if tracks is None
        else {t.pk: t for t in tracks if t.archived_at is None and t.member_id == member.pk}
    )
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
