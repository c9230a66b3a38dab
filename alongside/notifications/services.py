"""Delivery of in-app notifications. Broadcasts leave the process, so they wait for commit."""

from __future__ import annotations

import asyncio
import datetime

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import IntegrityError, transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.notifications.consumers import user_group
from alongside.notifications.models import InAppNotification, NotificationPreference


def _send_to_user(user_id: int, message: dict) -> None:
    """Hand a message to every open WebSocket of one person, in any server process."""
    layer = get_channel_layer()
    if layer is None:  # no channel layer configured: nobody can be listening live
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        async_to_sync(layer.group_send)(user_group(user_id), message)
    else:  # called from a thread that runs an event loop: schedule it there instead
        loop.create_task(layer.group_send(user_group(user_id), message))


def push_to_user(*, user_id: int, payload: dict) -> None:
    """Send a payload to every open tab of one person once the current transaction commits.

    Best effort: the notice is already saved, so a channel layer that is down is logged
    (robust on_commit) instead of failing a request whose data is committed.
    """
    transaction.on_commit(
        lambda: _send_to_user(user_id, {"type": "notify", "payload": payload}), robust=True
    )


def close_sockets(*, user_id: int) -> None:
    """Close every open WebSocket of one person, in every server process (the channel layer
    carries the message), once the current transaction commits. Called when they sign out,
    change or reset their password, or are erased: a socket keeps the sign-in it was opened
    with, so it would otherwise go on receiving their notices after that sign-in ended.

    Best effort, like `push_to_user`: a channel layer that is down is logged rather than
    undoing the sign-out.
    """
    transaction.on_commit(lambda: _send_to_user(user_id, {"type": "session.ended"}), robust=True)


def notify(
    *,
    user: User,
    kind: str,
    title: str,
    url: str = "",
    dedupe_key: str = "",
    body: str = "",
    urgent: bool = False,
    about: User | None = None,
) -> InAppNotification | None:
    """Store an in-app notice and push it to open tabs. With a `dedupe_key` already used for
    this person, nothing happens and None is returned: a notice is never delivered twice.
    `body` (encrypted at rest) holds any name or health detail; `about` is the member it
    concerns, so erasing them deletes it."""
    try:
        with transaction.atomic():
            notice = InAppNotification.objects.create(
                user=user,
                kind=kind,
                title=title,
                url=url,
                dedupe_key=dedupe_key,
                body=body,
                is_urgent=urgent,
                about=about,
            )
    except IntegrityError:
        return None
    push_to_user(
        user_id=user.pk,
        payload={"kind": kind, "id": notice.pk, "title": title, "url": url, "urgent": urgent},
    )
    return notice


def mark_read(
    *, user: User, notification_ids: list[int] | None = None, url: str | None = None
) -> int:
    """Mark a person's unread notices read — some by id, those pointing at `url` (the page
    they have just opened), or all; returns how many changed."""
    if not user.is_authenticated:
        return 0
    unread = InAppNotification.objects.for_user(user).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    if url is not None:
        unread = unread.filter(url=url)
    return unread.update(read_at=timezone.now())


def preference_for(user: User) -> NotificationPreference:
    """The person's preferences (unsaved defaults when they never set any)."""
    found = NotificationPreference.objects.filter(user=user).first()
    return found or NotificationPreference(user=user)


@transaction.atomic
def set_quiet_hours(
    *, user: User, quiet_from: datetime.time | None, quiet_until: datetime.time | None
) -> NotificationPreference:
    """Set (or, with both None, clear) the hours in which nothing interrupts the person."""
    if (quiet_from is None) != (quiet_until is None):
        raise ValueError("Quiet hours need both a start and an end.")
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"quiet_from": quiet_from, "quiet_until": quiet_until}
    )
    return preference


def quiet_hours_end(user: User, at: datetime.datetime) -> datetime.datetime | None:
    """When `at` falls in the person's quiet hours, the aware moment they end; else None."""
    preference = preference_for(user)
    local = at.astimezone(user.zone)
    if not preference.is_quiet(local.time().replace(tzinfo=None)):
        return None
    end = datetime.datetime.combine(local.date(), preference.quiet_until, tzinfo=user.zone)  # type: ignore[arg-type]  # set, or is_quiet() was False
    if end <= local:
        end += datetime.timedelta(days=1)
    return end
