"""Tracks, attempts (lapses and relapses), moderation use, milestones and celebrations."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.journey.models import (
    Attempt,
    Celebration,
    Congratulation,
    DateMeaning,
    EndKind,
    Track,
    TrackGoal,
    TrackKind,
    UseDay,
)
from alongside.journey.services.errors import JourneyError
from alongside.lib import milestones
from alongside.privacy.models import ConsentGrant, Scope

MAX_LIMIT = 100  # per day or per week; anything above is a typing slip, not a limit


# ----------------------------------------------------------------------------------------------
# Starting and changing tracks


def _check_limits(goal: str, daily: int | None, weekly: int | None) -> None:
    if goal != TrackGoal.MODERATION:
        return
    if daily is None and weekly is None:
        raise JourneyError("daily_limit", _("Set a limit per day, per week, or both."))
    for name, value in (("daily_limit", daily), ("weekly_limit", weekly)):
        if value is not None and not 0 <= value <= MAX_LIMIT:
            raise JourneyError(
                name, _("A limit is a whole number from 0 to %(max)d.") % {"max": MAX_LIMIT}
            )
    if daily is not None and weekly is not None and weekly < daily:
        raise JourneyError(
            "weekly_limit", _("The weekly limit cannot be lower than the daily one.")
        )


def _check_sobriety_date(sobriety_on: datetime.date | None, today: datetime.date) -> None:
    if sobriety_on is None:
        raise JourneyError(
            "sobriety_on", _("Choose your sobriety date: the day your count starts.")
        )
    if sobriety_on > today:
        raise JourneyError(
            "sobriety_on",
            _("Your sobriety date cannot be in the future. Choose today or an earlier day."),
        )


def _check_name(kind: str, name: str) -> None:
    if kind not in TrackKind.values:
        raise JourneyError("kind", _("Choose a substance, a behaviour, or all substances."))
    if kind != TrackKind.ALL_SUBSTANCES and not name.strip():
        raise JourneyError("name", _("Give this track a name, for example alcohol or gambling."))


def _check_abstinence_period(
    days: int | None, starts_on: datetime.date | None, today: datetime.date
) -> None:
    if days is None:
        return
    if not 1 <= days <= 365:
        raise JourneyError("abstinence_days", _("An abstinence period is from 1 to 365 days."))
    if starts_on is not None and starts_on > today + datetime.timedelta(days=60):
        raise JourneyError(
            "abstinence_starts_on", _("Start the abstinence period within the next 60 days.")
        )


@transaction.atomic
def start_track(
    *,
    member: User,
    kind: str,
    goal: str,
    name: str = "",
    sobriety_on: datetime.date | None = None,
    date_meaning: str = DateMeaning.LAST_USE,
    daily_limit: int | None = None,
    weekly_limit: int | None = None,
    unit: str = "drinks",
    abstinence_days: int | None = None,
    abstinence_starts_on: datetime.date | None = None,
    on_medication: bool = False,
) -> Track:
    """Start a track. Abstinence needs a sobriety date (today or earlier) and opens the first
    attempt; moderation needs sensible limits. Raises JourneyError naming the field."""
    today = member.local_today()
    _check_name(kind, name)
    if goal not in TrackGoal.values:
        raise JourneyError("goal", _("Choose abstinence or moderation."))
    if date_meaning not in DateMeaning.values:
        raise JourneyError(
            "date_meaning",
            _("Say whether the date is your last day of use or your first clean day."),
        )
    if goal == TrackGoal.ABSTINENCE:
        _check_sobriety_date(sobriety_on, today)
        daily_limit = weekly_limit = abstinence_days = abstinence_starts_on = None
    else:
        sobriety_on = None
        _check_limits(goal, daily_limit, weekly_limit)
        _check_abstinence_period(abstinence_days, abstinence_starts_on, today)
        if abstinence_days and abstinence_starts_on is None:
            abstinence_starts_on = today
    position = Track.objects.for_member(member).count()
    track = Track.objects.create(
        member=member,
        kind=kind,
        name=name.strip(),
        goal=goal,
        sobriety_on=sobriety_on,
        date_meaning=date_meaning,
        daily_limit=daily_limit,
        weekly_limit=weekly_limit,
        unit=(unit or "").strip()[:30] or str(_("drinks")),
        abstinence_days=abstinence_days,
        abstinence_starts_on=abstinence_starts_on if abstinence_days else None,
        on_medication=on_medication,
        position=position,
    )
    if sobriety_on is not None:
        Attempt.objects.create(track=track, member=member, started_on=sobriety_on)
    return track


TRACK_EDITABLE = {
    "name",
    "sobriety_on",
    "date_meaning",
    "daily_limit",
    "weekly_limit",
    "unit",
    "abstinence_days",
    "abstinence_starts_on",
    "on_medication",
}


@transaction.atomic
def update_track(*, track: Track, **changes: object) -> Track:
    """Change a track's name, limits, medication flag or date meaning, or correct the sobriety
    date of the current attempt (not before the previous attempt ended, never in the future)."""
    track = Track.objects.select_for_update().get(pk=track.pk)
    today = track.member.local_today()
    unknown = set(changes) - TRACK_EDITABLE
    if unknown:
        raise JourneyError(sorted(unknown)[0], _("This cannot be changed."))
    values = {name: getattr(track, name) for name in TRACK_EDITABLE} | changes
    _check_name(track.kind, str(values["name"] or ""))
    if values["date_meaning"] not in DateMeaning.values:
        raise JourneyError(
            "date_meaning",
            _("Say whether the date is your last day of use or your first clean day."),
        )
    if track.is_abstinence:
        _check_sobriety_date(values["sobriety_on"], today)
        open_attempt = track.attempts.filter(ended_on__isnull=True).first()
        previous = track.attempts.filter(ended_on__isnull=False).order_by("-ended_on").first()
        if previous is not None and values["sobriety_on"] < previous.ended_on:
            raise JourneyError(
                "sobriety_on",
                _("This attempt started after your last lapse on %(d)s; choose that day or later.")
                % {"d": previous.ended_on},
            )
        if open_attempt is not None and open_attempt.started_on != values["sobriety_on"]:
            open_attempt.started_on = values["sobriety_on"]
            open_attempt.save(update_fields=["started_on"])
    else:
        _check_limits(track.goal, values["daily_limit"], values["weekly_limit"])
        _check_abstinence_period(values["abstinence_days"], values["abstinence_starts_on"], today)
        if values["abstinence_days"] and values["abstinence_starts_on"] is None:
            values["abstinence_starts_on"] = today
    for name in changes:
        setattr(track, name, values[name])
    if "abstinence_days" in changes and not values["abstinence_days"]:
        track.abstinence_starts_on = None
        changes = {**changes, "abstinence_starts_on": None}
    if "abstinence_days" in changes and values["abstinence_days"]:
        track.abstinence_starts_on = values["abstinence_starts_on"]
        changes = {**changes, "abstinence_starts_on": values["abstinence_starts_on"]}
    if "name" in changes:
        track.name = str(track.name).strip()
    track.save(update_fields=sorted(changes))
    return track


@transaction.atomic
def archive_track(*, track: Track) -> None:
    """Put a track away; its history stays (and comes back with it)."""
    Track.objects.filter(pk=track.pk).update(archived_at=timezone.now())


# ----------------------------------------------------------------------------------------------
# Lapses and relapses


@transaction.atomic
def record_relapse(
    *,
    track: Track,
    used_on: datetime.date,
    restart_on: datetime.date | None = None,
    kind: str = EndKind.LAPSE,
    note: str = "",
) -> Attempt:
    """Close the open attempt on the day of use and open the next one; history stays.

    `restart_on` (the new day 0) defaults to the day of use when the member counts from their
    last day of use, or the next day when they count from their first clean day (but never
    after today). Raises JourneyError for a moderation track, a day before the current attempt
    began, a day in the future, or a restart before the day of use.
    """
    track = Track.objects.select_for_update().get(pk=track.pk)
    today = track.member.local_today()
    if not track.is_abstinence:
        raise JourneyError(
            "track",
            _(
                "Lapses are recorded on abstinence tracks; on a moderation track, log what you used."
            ),
        )
    if kind not in EndKind.values:
        raise JourneyError("kind", _("Choose lapse or relapse."))
    current = track.attempts.select_for_update().filter(ended_on__isnull=True).first()
    if current is None:  # pragma: no cover - an abstinence track always has one open attempt
        current = Attempt.objects.create(
            track=track, member=track.member, started_on=track.sobriety_on or today
        )
    if used_on > today:
        raise JourneyError(
            "used_on", _("That day has not come yet. Choose today or an earlier day.")
        )
    if used_on < current.started_on:
        raise JourneyError(
            "used_on",
            _("Your current count started on %(d)s; choose that day or later.")
            % {"d": date_format(current.started_on, "DATE_FORMAT")},
        )
    if restart_on is None:
        restart_on = used_on
        if track.date_meaning == DateMeaning.FIRST_CLEAN:
            restart_on = min(used_on + datetime.timedelta(days=1), today)
    if restart_on < used_on:
        raise JourneyError("restart_on", _("Your new start cannot be before the day of use."))
    if restart_on > today:
        raise JourneyError(
            "restart_on",
            _("Your new start cannot be in the future. Choose today or an earlier day."),
        )
    current.ended_on = used_on
    current.end_kind = kind
    current.note = note.strip()
    current.save(update_fields=["ended_on", "end_kind", "note"])
    # A lapse dated before a milestone means it was never reached: withdraw its celebration
    # (kept, with its congratulations, for the history).
    Celebration.objects.filter(attempt=current, reached_on__gt=used_on).standing().update(
        withdrawn_at=timezone.now()
    )
    attempt = Attempt.objects.create(track=track, member=track.member, started_on=restart_on)
    track.sobriety_on = restart_on
    track.save(update_fields=["sobriety_on"])
    return attempt


@dataclass(frozen=True)
class TrackStats:
    current_days: int
    longest_days: int
    total_days: int
    attempts: int
    lapses: int


def track_stats(track: Track, today: datetime.date) -> TrackStats | None:
    """Current and longest streak, total clean days and attempts (uses `track.attempts.all()`,
    so prefetch it for lists)."""
    if not track.is_abstinence:
        return None
    attempts = list(track.attempts.all())
    days = [a.days(today) for a in attempts]
    current = next((a.days(today) for a in attempts if a.is_open), 0)
    return TrackStats(
        current_days=current,
        longest_days=max(days, default=0),
        total_days=sum(days),
        attempts=len(attempts),
        lapses=sum(1 for a in attempts if not a.is_open),
    )


# ----------------------------------------------------------------------------------------------
# Moderation


def _moderation_track(track: Track) -> None:
    if not track.is_moderation:
        raise JourneyError("track", _("Use is logged on moderation tracks only."))


def _check_use_day(track: Track, on: datetime.date) -> None:
    if on > track.member.local_today():
        raise JourneyError("on", _("That day has not come yet."))


@transaction.atomic
def set_use(*, track: Track, on: datetime.date, amount: int) -> UseDay:
    """Set the day's total on a moderation track (the check-in's "how much today")."""
    _moderation_track(track)
    _check_use_day(track, on)
    if not 0 <= amount <= MAX_LIMIT:
        raise JourneyError(
            "amount", _("Enter a whole number from 0 to %(max)d.") % {"max": MAX_LIMIT}
        )
    day, _created = UseDay.objects.update_or_create(
        track=track,
        on=on,
        defaults={"member_id": track.member_id, "amount": amount, "updated_at": timezone.now()},
    )
    return day


@transaction.atomic
def add_use(*, track: Track, on: datetime.date, amount: int) -> UseDay:
    """Add an occasion's amount to the day's total (the drink log)."""
    _moderation_track(track)
    _check_use_day(track, on)
    day = UseDay.objects.select_for_update().filter(track=track, on=on).first()
    total = (day.amount if day else 0) + amount
    if not 0 <= amount or total > MAX_LIMIT:
        raise JourneyError(
            "drinks",
            _("Enter a whole number; a day's total stops at %(max)d.") % {"max": MAX_LIMIT},
        )
    return set_use(track=track, on=on, amount=total)


def week_start(day: datetime.date) -> datetime.date:
    """Weeks run Monday to Sunday."""
    return day - datetime.timedelta(days=day.weekday())


@dataclass(frozen=True)
class ModerationStatus:
    today: int
    week: int
    daily_limit: int | None
    weekly_limit: int | None
    unit: str

    @property
    def over_today(self) -> bool:
        return self.daily_limit is not None and self.today > self.daily_limit

    @property
    def over_week(self) -> bool:
        return self.weekly_limit is not None and self.week > self.weekly_limit

    @property
    def within_limits(self) -> bool:
        return not (self.over_today or self.over_week)

    @property
    def left_today(self) -> int | None:
        return None if self.daily_limit is None else max(self.daily_limit - self.today, 0)

    @property
    def left_week(self) -> int | None:
        return None if self.weekly_limit is None else max(self.weekly_limit - self.week, 0)


def moderation_status(
    track: Track, today: datetime.date, days: list[UseDay] | None = None
) -> ModerationStatus | None:
    """Today's and this week's use against the limits. Pass `days` (this week's UseDay rows,
    e.g. prefetched) to avoid a query."""
    if not track.is_moderation:
        return None
    start = week_start(today)
    if days is None:
        days = list(track.use_days.filter(on__gte=start, on__lte=today))
    week = [d for d in days if start <= d.on <= today]
    return ModerationStatus(
        today=sum(d.amount for d in week if d.on == today),
        week=sum(d.amount for d in week),
        daily_limit=track.daily_limit,
        weekly_limit=track.weekly_limit,
        unit=track.unit,
    )


# ----------------------------------------------------------------------------------------------
# Celebrations


def _milestone_grants(member: User) -> list[ConsentGrant]:
    """The member's active grants of "milestones" naming a person (role grants reach their
    holders through their own pages)."""
    grants = ConsentGrant.objects.active().filter(member=member, grantee_user__isnull=False)
    return [g for g in grants if Scope.MILESTONES in g.scopes]


def sync_celebrations(*, member: User, tracks: list[Track] | None = None) -> list[Celebration]:
    """Create the celebration of each open attempt's latest reached milestone, when missing.

    Milestones are reached by the passing of days, so this runs wherever that is noticed (the
    member's home, the reminder task, a supporter's view); it is idempotent and, when nothing is
    due, costs no query beyond the tracks and attempts (pass them prefetched). Only the latest
    milestone is celebrated: entering a date years back does not make a dozen celebrations.
    People named in a "milestones" grant covering the track get an in-app notice without the
    member's name in it.
    """
    today = member.local_today()
    if tracks is None:
        tracks = list(Track.objects.for_member(member).active().prefetch_related("attempts"))
    due = []
    for track in tracks:
        if not track.is_abstinence or track.archived_at is not None:
            continue
        attempt = next((a for a in track.attempts.all() if a.is_open), None)
        if attempt is None or attempt.started_on > today:
            continue
        latest = milestones.latest_milestone(attempt.started_on, today)
        if latest is not None and attempt.celebrated_key != latest.key:
            due.append((track, attempt, latest))
    return _celebrate(member, due) if due else []


@transaction.atomic
def _celebrate(
    member: User, due: list[tuple[Track, Attempt, milestones.Milestone]]
) -> list[Celebration]:
    from alongside.notifications.services import notify

    created = []
    for track, attempt, milestone in due:
        # The attempt row is the lock: two requests noticing the same day create one celebration.
        updated = (
            Attempt.objects.filter(pk=attempt.pk)
            .exclude(celebrated_key=milestone.key)
            .update(celebrated_key=milestone.key)
        )
        attempt.celebrated_key = milestone.key
        if not updated:
            continue
        celebration, was_new = Celebration.objects.get_or_create(
            attempt=attempt,
            milestone_key=milestone.key,
            defaults={"member": member, "track": track, "reached_on": milestone.on},
        )
        if was_new:
            created.append(celebration)
    grants = _milestone_grants(member) if created else []
    for celebration in created:
        url = reverse("journey:celebration", args=[celebration.pk])
        notify(
            user=member,
            kind="milestone",
            title=_("You reached %(m)s. That is worth celebrating.") % {"m": celebration.label},
            url=url,
            dedupe_key=f"celebration:{celebration.pk}",
        )
        # Only people whose grant covers this track hear of it: a grant can name some tracks only.
        covering = {g.grantee_user_id for g in grants if g.covers_track(celebration.track_id)}
        for grantee in User.objects.filter(pk__in=covering, is_active=True):
            notify(
                user=grantee,
                kind="milestone",
                title=_("Someone you support reached a milestone."),
                url=url,
                dedupe_key=f"celebration:{celebration.pk}",
            )
    return created


@transaction.atomic
def congratulate(
    *, celebration: Celebration, author: User, message: str = ""
) -> tuple[Congratulation, bool]:
    """Add (or update) the author's congratulation; the member gets one in-app notice per
    author. The caller has checked the author may see the celebration (access.py)."""
    from alongside.notifications.services import notify

    if author.pk == celebration.member_id:
        raise JourneyError(
            "author", _("You cannot congratulate yourself here, but well done all the same.")
        )
    if celebration.withdrawn_at is not None:
        raise JourneyError(
            "message", _("A lapse entered later came before this milestone, so it is withdrawn.")
        )
    message = message.strip()
    if len(message) > 280:
        raise JourneyError("message", _("Keep it to 280 characters."))
    congratulation, created = Congratulation.objects.update_or_create(
        celebration=celebration, author=author, defaults={"message": message}
    )
    if created:
        notify(
            user=celebration.member,
            kind="congratulation",
            title=_("New congratulations on your %(m)s.") % {"m": celebration.label},
            url=reverse("journey:celebration", args=[celebration.pk]),
            dedupe_key=f"congratulation:{congratulation.pk}",
        )
    return congratulation, created
