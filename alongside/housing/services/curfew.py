"""Curfew: a resident signs out (where to, back by) and in again. The log of a stay alternates —
out, in, out… — starting from "in" (they live there); a sign-in while in, a sign-out while out,
or a time earlier than the last entry is refused with words saying which.

Curfew hours run from the house's curfew (House.curfew, in the house's own time zone) to six in
the morning there. An entry is marked `after_curfew` when the person was out during curfew
hours: they signed out inside them, or a curfew struck while they were out (a sign-in after it).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.housing.access import managed_organizations, residents_named
from alongside.housing.models import House, SignDirection, SignLog, Stay, StayStatus
from alongside.housing.services.houses import Conflict
from alongside.housing.services.stays import current_stays, house_zone

MORNING = datetime.time(6, 0)  # curfew hours end here, in the house's zone
# A phone's clock may run a little ahead of the server's.
CLOCK_SLACK = datetime.timedelta(minutes=5)
MAX_DESTINATION = 120
LATE_DAYS = 14  # how far back the manager's page lists late returns


def _when(at: datetime.datetime, house: House) -> str:
    local = at.astimezone(house_zone(house))
    return f"{date_format(local, 'j F Y, H:i')} {local.tzname()}"


def in_curfew_hours(house: House, at: datetime.datetime) -> bool:
    """Whether `at` falls in the house's curfew hours (none without a curfew)."""
    if house.curfew is None:
        return False
    local = at.astimezone(house_zone(house)).time()
    if house.curfew <= MORNING:
        return house.curfew <= local < MORNING
    return local >= house.curfew or local < MORNING


def curfew_struck_between(house: House, start: datetime.datetime, end: datetime.datetime) -> bool:
    """Whether a curfew moment (the curfew time on some day, in the house's zone) falls in
    (start, end]."""
    if house.curfew is None or end <= start:
        return False
    zone = house_zone(house)
    day = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    while day <= last:
        moment = datetime.datetime.combine(day, house.curfew, tzinfo=zone)
        if start < moment <= end:
            return True
        day += datetime.timedelta(days=1)
    return False


def last_entry(stay: Stay) -> SignLog | None:
    return stay.sign_log.order_by("-at", "-id").first()


def is_out(stay: Stay) -> bool:
    found = last_entry(stay)
    return found is not None and found.direction == SignDirection.OUT


def _lock_current(stay: Stay, by: User) -> Stay:
    """The stay, locked so that two taps of the same button write one entry. Only its resident
    or a manager of its house signs; only while they live there."""
    locked = Stay.objects.select_for_update().select_related("house").get(pk=stay.pk)
    runs = locked.house.organization_id in {o.pk for o in managed_organizations(by)}
    if locked.resident_id != by.pk and not runs:
        raise PermissionDenied(_("Only the resident or the house's managers sign them out or in."))
    if locked.status != StayStatus.CURRENT:
        raise Conflict({"at": _("This stay has ended: there is no curfew log to keep.")})
    return locked


def _check_time(locked: Stay, at: datetime.datetime, previous: SignLog | None) -> None:
    if at > timezone.now() + CLOCK_SLACK:
        raise ValidationError({"at": _("That time is still to come. Sign at the time it happens.")})
    moved_in = locked.move_in_on
    if moved_in is not None and at.astimezone(house_zone(locked.house)).date() < moved_in:
        raise ValidationError({"at": _("That time is before the move-in day.")})
    if previous is not None and at < previous.at:
        raise ValidationError(
            {
                "at": _(
                    "Out of order: the last entry in the log is at %(when)s. Choose that time or "
                    "a later one."
                )
                % {"when": _when(previous.at, locked.house)}
            }
        )


@transaction.atomic
def sign_out(
    *,
    stay: Stay,
    by: User,
    destination: str = "",
    expected_back_at: datetime.datetime | None = None,
    at: datetime.datetime | None = None,
) -> SignLog:
    """Sign the resident out (now, or at `at`). Raises Conflict ("at") when they are signed out
    already or the stay has ended; ValidationError for a time out of order or to come, a "back
    by" that is not after leaving, or a destination longer than 120 characters."""
    locked = _lock_current(stay, by)
    previous = last_entry(locked)
    if previous is not None and previous.direction == SignDirection.OUT:
        raise Conflict(
            {
                "at": _("Already signed out, at %(when)s. Sign in first.")
                % {"when": _when(previous.at, locked.house)}
            }
        )
    at = at or timezone.now()
    _check_time(locked, at, previous)
    destination = " ".join(destination.split())
    if len(destination) > MAX_DESTINATION:
        raise ValidationError(
            {"destination": _("Say where in up to %(n)s characters.") % {"n": MAX_DESTINATION}}
        )
    if expected_back_at is not None and expected_back_at <= at:
        raise ValidationError({"expected_back_at": _("Choose a time after you leave.")})
    return SignLog.objects.create(
        stay=locked,
        direction=SignDirection.OUT,
        at=at,
        destination=destination,
        expected_back_at=expected_back_at,
        after_curfew=in_curfew_hours(locked.house, at),
    )


@transaction.atomic
def sign_in(*, stay: Stay, by: User, at: datetime.datetime | None = None) -> SignLog:
    """Sign the resident back in (now, or at `at`); marked after curfew when they were out
    during curfew hours. Raises Conflict ("at") when they are not signed out or the stay has
    ended; ValidationError ("at") for a time out of order or to come."""
    locked = _lock_current(stay, by)
    previous = last_entry(locked)
    if previous is None or previous.direction == SignDirection.IN:
        raise Conflict({"at": _("Already signed in: sign out before you go out.")})
    at = at or timezone.now()
    _check_time(locked, at, previous)
    late = previous.after_curfew or curfew_struck_between(locked.house, previous.at, at)
    return SignLog.objects.create(stay=locked, direction=SignDirection.IN, at=at, after_curfew=late)


# ---------------------------------------------------------------- the manager's board


@dataclass(frozen=True)
class OutNow:
    stay: Stay
    entry: SignLog
    overdue: bool  # past their "back by", or out during curfew hours


@dataclass(frozen=True)
class CurfewBoard:
    house: House
    out: list[OutNow]
    late: list[SignLog]  # sign-ins after curfew in the last LATE_DAYS days, newest first
    log: list[SignLog]  # the latest entries
    unnamed: int  # residents who do not share "housing" with the viewer: not shown


def curfew_board(*, viewer: User, house: House, interface: str = "page") -> CurfewBoard:
    """Who is out now, late returns, and the latest entries, for the residents who share
    "housing" with the viewer (each one named is logged by access.residents_named). The
    caller fetched the house through access.access_house."""
    now = timezone.now()
    stays = current_stays(house)
    named = residents_named(viewer, stays, interface=interface)
    shown = [s for s in stays if s.resident_id in named]
    by_stay = {s.pk: s for s in shown}
    # Each stay's latest entry, in one query however many live there.
    latest = SignLog.objects.filter(stay=OuterRef("pk")).order_by("-at", "-id").values("pk")[:1]
    last_ids = Stay.objects.filter(pk__in=by_stay).annotate(last=Subquery(latest))
    outs = SignLog.objects.filter(
        pk__in=[row.last for row in last_ids if row.last], direction=SignDirection.OUT
    ).order_by("at", "pk")
    out = []
    for entry in outs:
        overdue = (entry.expected_back_at is not None and entry.expected_back_at < now) or (
            in_curfew_hours(house, now)
        )
        out.append(OutNow(by_stay[entry.stay_id], entry, overdue))
    entries = SignLog.objects.filter(stay_id__in=by_stay).order_by("-at", "-id")
    late = list(
        entries.filter(
            direction=SignDirection.IN,
            after_curfew=True,
            at__gte=now - datetime.timedelta(days=LATE_DAYS),
        )
    )
    log = list(entries[:50])
    for entry in (*late, *log):
        entry.stay = by_stay[entry.stay_id]
    return CurfewBoard(house, out, late, log, len(stays) - len(shown))
