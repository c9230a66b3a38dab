"""The daily check-in reminder: at the member's local time, once a day at most, not when the
check-in is already done, and never inside their quiet hours.

Each reminder stores when it is next due (`CheckInReminder.next_due_at`, UTC). One task a
minute, `send_due_check_in_reminders`, sends every reminder due by then, in chunks, with a few
queries per chunk however many members: 10,000 reminders due in the same minute are one task,
not 10,000.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.journey.models import CheckIn, CheckInReminder, Track
from alongside.journey.services.errors import JourneyError

if TYPE_CHECKING:
    from alongside.notifications.services import NewNotice

log = logging.getLogger(__name__)

CHUNK = 500  # reminders per transaction: a worker killed mid-run redoes at most this many


def reminder_for(member: User) -> CheckInReminder:
    """The member's reminder settings (unsaved, off, when never set)."""
    return CheckInReminder.objects.filter(member=member).first() or CheckInReminder(
        member=member, is_enabled=False
    )


@transaction.atomic
def set_check_in_reminder(
    *, member: User, is_enabled: bool, at: datetime.time | None = None, by_email: bool = False
) -> CheckInReminder:
    """Save the reminder and work out when it is next due, which replaces whatever was due
    under the older settings. Makes sure the minute run is queued (after commit)."""
    if is_enabled and at is None:
        raise JourneyError("at", _("Choose the time of day for your reminder."))
    reminder, _created = CheckInReminder.objects.select_for_update().get_or_create(member=member)
    reminder.is_enabled = is_enabled
    if at is not None:
        reminder.at = at.replace(second=0, microsecond=0, tzinfo=None)
    reminder.by_email = by_email
    reminder.updated_at = timezone.now()
    reminder.next_due_at = next_due(member, reminder, reminder.updated_at) if is_enabled else None
    reminder.save()
    if is_enabled:
        transaction.on_commit(schedule_reminder_run)
    return reminder


def next_due(member: User, reminder: CheckInReminder, now: datetime.datetime) -> datetime.datetime:
    """The next moment (in UTC) after `now` when the member's clock shows the reminder's time.

    Compared as instants, not clock readings: on the day the clocks spring forward, a time that
    does not exist (02:30) comes an hour on (at 03:30), and is still to come at 03:10."""
    today = now.astimezone(member.zone).date()
    for day in (today, today + datetime.timedelta(days=1)):
        due = datetime.datetime.combine(day, reminder.at, tzinfo=member.zone).astimezone(
            datetime.UTC
        )
        if due > now:
            break
    return due


def schedule_reminder_run() -> None:
    """Queue the minute run for the next whole minute, unless a run is waiting already.

    So exactly one run is ever waiting. Each run calls this first thing, before it sends
    anything: a worker killed mid-run leaves the next minute's run queued, and that run sends
    what the dead one had not (a reminder's `next_due_at` moves on only in the transaction
    that stores its notice). Saving a reminder calls it too, which starts the runs for the
    first reminder and restarts them should the queue ever have lost its waiting run.
    The check and the enqueue are two statements: two workers doing both at the same instant
    could queue two runs for a minute. Each run drops the other runs already due (it does
    their work), so two become one again; until then a reminder is still sent once (its
    notice key is unique).
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from alongside.journey.tasks import send_due_check_in_reminders

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=send_due_check_in_reminders.module_path
    )
    if waiting.exists():
        return
    minute = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    minute = minute.astimezone(datetime.UTC)
    send_due_check_in_reminders.using(run_after=minute).enqueue(due_at_iso=minute.isoformat())


def drop_runs_due_by(now: datetime.datetime) -> int:
    """Withdraw waiting minute runs already due: the run calling this sends what they would."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from alongside.journey.tasks import send_due_check_in_reminders

    deleted, _rows = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=send_due_check_in_reminders.module_path,
        run_after__lte=now,
    ).delete()
    return deleted


def send_due_reminders(*, now: datetime.datetime | None = None, chunk: int = CHUNK) -> Counter:
    """Send every reminder due by `now`, a chunk per transaction, and move each on to its
    next due moment in the same transaction. Returns how many had each outcome: "sent",
    "already_sent" (its notice existed: a re-run), "done" (checked in already that day),
    "postponed" (quiet hours end later that day: due again then), "quiet" (quiet hours last
    past the day: skipped), "stale" (due on a day that is over: the worker was down).

    Then, outside those transactions, it syncs the milestone celebrations of the members it
    went through (see `_sync_celebrations`)."""
    now = now or timezone.now()
    outcomes: Counter[str] = Counter()
    while True:
        with transaction.atomic():
            due = CheckInReminder.objects.due(now).select_related("member")
            if connection.features.has_select_for_update_skip_locked:
                # Two runs at once (a late one and the next) share the work, never wait.
                due = due.select_for_update(skip_locked=True, of=("self",))
            batch = list(due.order_by("next_due_at", "pk")[:chunk])
            if not batch:
                break
            outcomes.update(_remind(batch, now))
        _sync_celebrations([r.member for r in batch])
    return outcomes


def _remind(batch: list[CheckInReminder], now: datetime.datetime) -> Counter:
    """One chunk: decide each reminder, store the notices in bulk, move each reminder on."""
    from alongside.notifications.services import notify_many, preferences_for, quiet_hours_end

    members = [r.member for r in batch]
    day_of = {r.pk: r.next_due_at.astimezone(r.member.zone).date() for r in batch}  # type: ignore[union-attr]  # due() finds set ones only
    checked_in = set(
        CheckIn.objects.filter(member__in=members, on__in=set(day_of.values())).values_list(
            "member_id", "on"
        )
    )
    preferences = preferences_for(members)
    outcomes: Counter[str] = Counter()
    notices = []
    for reminder in batch:
        member, day = reminder.member, day_of[reminder.pk]
        quiet_until = quiet_hours_end(member, now, preference=preferences[member.pk])
        outcome = _outcome(member, day, now, (member.pk, day) in checked_in, quiet_until)
        if outcome == "postponed":
            reminder.next_due_at = quiet_until
            outcomes[outcome] += 1
            continue
        at_or_now = max(now, datetime.datetime.combine(day, reminder.at, tzinfo=member.zone))
        reminder.next_due_at = next_due(member, reminder, at_or_now)
        if outcome == "send":
            notices.append(_notice(reminder, day))
        else:
            outcomes[outcome] += 1
    sent = len(notify_many(notices, preferences=preferences))
    outcomes.update(sent=sent, already_sent=len(notices) - sent)
    _move_on(batch)
    return +outcomes  # without the zero counts


def _move_on(batch: list[CheckInReminder]) -> None:
    """Save each reminder's new `next_due_at`: one UPDATE per moment rather than per row, since
    reminders due in the same minute mostly move on to the same minute the next day (a few
    moments more for zones whose clocks change overnight, or quiet hours ending)."""
    moving: dict[datetime.datetime, list[int]] = defaultdict(list)
    for reminder in batch:
        moving[reminder.next_due_at].append(reminder.pk)  # type: ignore[index]  # set above
    for moment, ids in moving.items():
        CheckInReminder.objects.filter(pk__in=ids).update(next_due_at=moment)


def _outcome(
    member: User,
    day: datetime.date,
    now: datetime.datetime,
    checked_in: bool,
    quiet_until: datetime.datetime | None,
) -> str:
    if checked_in:
        return "done"
    if now.astimezone(member.zone).date() != day:
        return "stale"  # the worker was down all that day; tomorrow's will come
    if quiet_until is not None:
        return "postponed" if quiet_until.astimezone(member.zone).date() == day else "quiet"
    return "send"


def _notice(reminder: CheckInReminder, day: datetime.date) -> NewNotice:
    from alongside.notifications.services import NewNotice

    member = reminder.member
    with translation.override(member.language):
        title = _("Time for today's check-in. It takes under a minute.")
    # E-mail goes out with the in-app notice through the notification outbox (the task worker),
    # so a worker that dies mid-burst neither loses nor repeats it.
    return NewNotice(
        user=member,
        kind="check_in_reminder",
        title=title,
        url=reverse("journey:check-in"),
        dedupe_key=f"check-in-reminder:{day.isoformat()}",
        email=True if reminder.by_email else None,
    )


def _sync_celebrations(members: list[User]) -> None:
    """Milestones are reached by the passing of days, so the daily reminder is where they are
    noticed for a member who has not opened the app (see tracks.sync_celebrations). Two queries
    per chunk (tracks and attempts); a celebration is created only on the day one is reached.
    Done after the chunk's commit and for one member at a time, so a failure here costs that
    member's celebration (their home page syncs it on the next visit), never a reminder."""
    from alongside.journey.services.tracks import sync_celebrations

    tracks: dict[int, list[Track]] = defaultdict(list)
    for track in Track.objects.filter(member__in=members).active().prefetch_related("attempts"):
        tracks[track.member_id].append(track)
    for member in members:
        try:
            sync_celebrations(member=member, tracks=tracks[member.pk])
        except Exception:
            log.exception("could not sync the celebrations of member %s", member.pk)
