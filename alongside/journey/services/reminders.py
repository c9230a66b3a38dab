"""The daily check-in reminder: at the member's local time, once a day at most, not when the
check-in is already done, and never inside their quiet hours."""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.journey.models import CheckIn, CheckInReminder
from alongside.journey.services.errors import JourneyError

log = logging.getLogger(__name__)


def reminder_for(member: User) -> CheckInReminder:
    """The member's reminder settings (unsaved, off, when never set)."""
    return CheckInReminder.objects.filter(member=member).first() or CheckInReminder(
        member=member, is_enabled=False
    )


@transaction.atomic
def set_check_in_reminder(
    *, member: User, is_enabled: bool, at: datetime.time | None = None, by_email: bool = False
) -> CheckInReminder:
    """Save the reminder and queue the next one (after commit). Older queued reminders see the
    new version and stand down."""
    if is_enabled and at is None:
        raise JourneyError("at", _("Choose the time of day for your reminder."))
    reminder, _created = CheckInReminder.objects.select_for_update().get_or_create(member=member)
    reminder.is_enabled = is_enabled
    if at is not None:
        reminder.at = at.replace(second=0, microsecond=0, tzinfo=None)
    reminder.by_email = by_email
    reminder.version += 1
    reminder.scheduled_for = None
    reminder.updated_at = timezone.now()
    reminder.save()
    if is_enabled:
        transaction.on_commit(lambda: schedule_next(member_id=member.pk))
    return reminder


def next_due(member: User, reminder: CheckInReminder, now: datetime.datetime) -> datetime.datetime:
    """The next moment, after `now`, at the reminder's local time in the member's zone."""
    local_now = now.astimezone(member.zone)
    due = datetime.datetime.combine(local_now.date(), reminder.at, tzinfo=member.zone)
    if due <= local_now:
        due = datetime.datetime.combine(
            local_now.date() + datetime.timedelta(days=1), reminder.at, tzinfo=member.zone
        )
    return due


@transaction.atomic
def schedule_next(
    *, member_id: int, now: datetime.datetime | None = None
) -> datetime.datetime | None:
    """Queue the reminder task for the next due moment, unless that day is already queued."""
    from alongside.journey.tasks import send_check_in_reminder

    reminder = (
        CheckInReminder.objects.select_for_update()
        .select_related("member")
        .filter(member_id=member_id)
        .first()
    )
    if reminder is None or not reminder.is_enabled or not reminder.member.is_active:
        return None
    due = next_due(reminder.member, reminder, now or timezone.now())
    if reminder.scheduled_for is not None and reminder.scheduled_for >= due.date():
        return None
    reminder.scheduled_for = due.date()
    reminder.save(update_fields=["scheduled_for"])
    _enqueue(
        send_check_in_reminder,
        run_after=due,
        member_id=member_id,
        version=reminder.version,
        due_on=due.date().isoformat(),
    )
    return due


def _enqueue(task, *, run_after: datetime.datetime, **kwargs: object) -> None:
    transaction.on_commit(
        lambda: task.using(run_after=run_after.astimezone(datetime.UTC)).enqueue(**kwargs)
    )


@transaction.atomic
def deliver_check_in_reminder(*, member_id: int, version: int, due_on: str) -> str:
    """Run by the worker at the due moment. Returns what happened (for logs and tests):
    "sent", "done" (checked in already), "already_sent", "postponed" (quiet hours end later
    that day), "quiet" (quiet hours last past the day), "stale" (settings changed since)."""
    from alongside.journey.services.tracks import sync_celebrations
    from alongside.journey.tasks import send_check_in_reminder
    from alongside.notifications.services import notify, quiet_hours_end

    reminder = CheckInReminder.objects.select_related("member").filter(member_id=member_id).first()
    if (
        reminder is None
        or not reminder.is_enabled
        or reminder.version != version
        or not reminder.member.is_active
    ):
        return "stale"
    member = reminder.member
    day = datetime.date.fromisoformat(due_on)
    now = timezone.now()
    sync_celebrations(member=member)
    outcome = _deliver(member, reminder, day, now, notify, quiet_hours_end)
    if outcome == "postponed":
        _enqueue(
            send_check_in_reminder,
            run_after=quiet_hours_end(member, now),  # type: ignore[arg-type]  # in quiet hours
            member_id=member_id,
            version=version,
            due_on=due_on,
        )
    else:
        schedule_next(
            member_id=member_id,
            now=max(now, datetime.datetime.combine(day, reminder.at, tzinfo=member.zone)),
        )
    return outcome


def _deliver(
    member: User, reminder: CheckInReminder, day: datetime.date, now, notify, quiet_hours_end
) -> str:
    if CheckIn.objects.filter(member=member, on=day).exists():
        return "done"
    if member.local_today() != day:
        return "stale"  # the worker was down all that day; tomorrow's will come
    quiet_until = quiet_hours_end(member, now)
    if quiet_until is not None:
        return "postponed" if quiet_until.astimezone(member.zone).date() == day else "quiet"
    with translation.override(member.language):
        # E-mail goes out with the in-app notice through the notification outbox (the task
        # worker), so a worker that dies mid-burst neither loses nor repeats it.
        notice = notify(
            user=member,
            kind="check_in_reminder",
            title=_("Time for today's check-in. It takes under a minute."),
            url=reverse("journey:check-in"),
            dedupe_key=f"check-in-reminder:{day.isoformat()}",
            email=True if reminder.by_email else None,
        )
    if notice is None:
        return "already_sent"
    return "sent"
