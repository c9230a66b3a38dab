"""The outbox: e-mail and web push for a notice, sent by the task worker.

`notify()` (or `notify_many()`, for a batch) stores the in-app notice and, in the same
transaction, one `Delivery` row per extra channel (an e-mail; a push to each device), each with a
unique key. After commit a
`send_notifications` task is queued. The worker then, in a loop:

1. claims a batch of due rows: one UPDATE that re-checks they are still due, marks them
   "sending" with its claim token and a lease (`select_for_update(skip_locked=True)` first on
   PostgreSQL, so workers never wait for each other; SQLite serialises writers);
2. sends each one and at once marks it sent (only if the claim is still its own);
3. when its lease runs out, a claim whose worker died is due again and another worker sends it.

So a killed worker loses nothing. What it had in flight at the instant it died (one e-mail, or
up to PUSH_CONCURRENCY pushes, sent but not yet marked) may go out again: the row's key travels
with the message (Message-ID, the push tag) so the receiving end shows it once. Quiet hours and the daily digest are a later `not_before` on the same rows.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from itertools import islice

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import F, Min
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.notifications import push
from alongside.notifications.kinds import preference_kind
from alongside.notifications.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    InAppNotification,
    KindPreference,
    NotificationPreference,
    PushSubscription,
)

log = logging.getLogger(__name__)

BATCH = 100
MAX_ATTEMPTS = 5
URGENT_PRIORITY = 50  # the task queue runs an urgent notice's sending before other work


# ---------------------------------------------------------------------------------- planning


def next_local_hour(zone: datetime.tzinfo, now: datetime.datetime, hour: int) -> datetime.datetime:
    """The next moment after `now` when the clock in `zone` shows `hour`:00."""
    local = now.astimezone(zone)
    at = datetime.datetime.combine(local.date(), datetime.time(hour), tzinfo=zone)
    if at <= local:
        at = datetime.datetime.combine(
            local.date() + datetime.timedelta(days=1), datetime.time(hour), tzinfo=zone
        )
    return at


def quiet_until(
    preference: NotificationPreference, zone: datetime.tzinfo, at: datetime.datetime
) -> datetime.datetime | None:
    """When `at` falls in the quiet hours, the moment they end; else None."""
    local = at.astimezone(zone)
    if not preference.is_quiet(local.time().replace(tzinfo=None)):
        return None
    end = datetime.datetime.combine(local.date(), preference.quiet_until, tzinfo=zone)  # type: ignore[arg-type]  # set, or is_quiet() was False
    if end <= local:
        end += datetime.timedelta(days=1)
    return end


def has_confirmed_email(user: User) -> bool:
    return bool(user.email) and (
        EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    )


@dataclass(frozen=True)
class ToPlan:
    """A stored notice whose deliveries are to be planned: the person's preferences, and the
    feature's own e-mail switch (see `plan_deliveries`)."""

    notice: InAppNotification
    preference: NotificationPreference
    email: bool | None = None


def plan_deliveries(planned: Sequence[ToPlan]) -> list[Delivery]:
    """Create the notices' e-mail and push rows, by each person's choices.

    Ordinary notices follow the per-kind switches, wait out quiet hours, and (e-mail) wait for
    the daily digest when the person chose one. Urgent ones ignore the per-kind switches, quiet
    hours and the digest, but never use a channel the person has not set up: e-mail needs it
    turned on and a confirmed address; push needs a subscribed device. `email=True` is a
    feature's own e-mail switch (the check-in reminder's "also by e-mail"): sent as the person
    asked there, not in the digest; `email=False` never e-mails.

    One query each for the per-kind switches, the confirmed addresses and the devices, however
    many notices; rows whose key exists already (a re-run) are left as they are.
    """
    if not planned:
        return []
    users = {p.notice.user_id for p in planned}
    choices = {
        (c.user_id, c.kind): c
        for c in KindPreference.objects.filter(
            user_id__in=users, kind__in={preference_kind(p.notice.kind).key for p in planned}
        )
    }
    wants: list[tuple[ToPlan, KindPreference, bool]] = []
    for item in planned:
        notice, preference = item.notice, item.preference
        choice = choices.get((notice.user_id, preference_kind(notice.kind).key)) or KindPreference()
        wants_email = (
            item.email
            if item.email is not None
            else preference.email_enabled and (notice.is_urgent or choice.email)
        )
        wants.append((item, choice, bool(wants_email)))
    confirmed = _confirmed_email_users([p.notice.user for p, _c, email in wants if email])
    devices = _devices_of(
        {p.notice.user_id for p, c, _e in wants if p.notice.is_urgent or c.push}
        if push.is_configured()
        else set()
    )
    rows = []
    for item, choice, wants_email in wants:
        rows += _rows_for(
            item,
            choice,
            email=wants_email and item.notice.user_id in confirmed,
            devices=devices.get(item.notice.user_id, []),
        )
    Delivery.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    _schedule_rows(rows)
    return rows


def _rows_for(
    item: ToPlan, choice: KindPreference, *, email: bool, devices: list[PushSubscription]
) -> list[Delivery]:
    notice, preference = item.notice, item.preference
    user, now, urgent = notice.user, notice.created_at, notice.is_urgent
    zone = user.zone
    ordinary_at = now if urgent else (quiet_until(preference, zone, now) or now)
    rows = []
    if email:
        digest = preference.email_digest and not urgent and item.email is None
        rows.append(
            Delivery(
                notice=notice,
                user=user,
                channel=Channel.EMAIL,
                key=f"{notice.pk}:email",
                is_urgent=urgent,
                in_digest=digest,
                not_before=next_local_hour(zone, now, preference.digest_hour)
                if digest
                else ordinary_at,
            )
        )
    if urgent or choice.push:
        rows += [
            Delivery(
                notice=notice,
                user=user,
                channel=Channel.PUSH,
                subscription=device,
                key=f"{notice.pk}:push:{device.pk}",
                is_urgent=urgent,
                not_before=ordinary_at,
            )
            for device in devices
        ]
    return rows


def _confirmed_email_users(users: list[User]) -> set[int]:
    """Of these people, those whose e-mail address is confirmed (one query, none for nobody)."""
    if not users:
        return set()
    address_of = {u.pk: u.email.lower() for u in users if u.email}
    confirmed = EmailAddress.objects.filter(user_id__in=address_of, verified=True)
    return {
        user_id
        for user_id, address in confirmed.values_list("user_id", "email")
        if address.lower() == address_of[user_id]
    }


def _devices_of(user_ids: set[int]) -> dict[int, list[PushSubscription]]:
    """Each person's push devices (one query, none for nobody)."""
    devices: dict[int, list[PushSubscription]] = defaultdict(list)
    if user_ids:
        for device in PushSubscription.objects.filter(user_id__in=user_ids):
            devices[device.user_id].append(device)
    return devices


def _schedule_rows(rows: list[Delivery]) -> None:
    """Make sure sending tasks will run for these rows: now for those due now, and at the
    soonest later moment. Later moments need no task of their own yet: each run of
    `send_due` queues the next for what is left (`_schedule_what_is_left`), so a burst of
    notices in many zones and digest hours queues two tasks, not hundreds."""
    now = timezone.now()
    for urgent in {row.is_urgent for row in rows}:
        moments = {row.not_before for row in rows if row.is_urgent == urgent}
        if min(moments) <= now:
            schedule_sending(at=None, urgent=urgent)
        later = [moment for moment in moments if moment > now]
        if later:
            schedule_sending(at=min(later), urgent=urgent)


def schedule_sending(*, at: datetime.datetime | None = None, urgent: bool = False) -> None:
    """After commit, make sure a `send_notifications` task will run (at `at`, or as soon as the
    worker is free). One waiting task serves every notice due by then, so a burst of notices
    queues one task, not one each."""
    transaction.on_commit(lambda: _enqueue_sender(at, urgent), robust=True)


def _enqueue_sender(at: datetime.datetime | None, urgent: bool) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult, get_date_max

    from alongside.notifications.tasks import send_notifications

    priority = URGENT_PRIORITY if urgent else 0
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY,
        task_path=send_notifications.module_path,
        priority__gte=priority,
        run_after=get_date_max() if at is None else at,
    )
    if at is None:  # a task due now or earlier will also find what is due now
        waiting = (
            DBTaskResult.objects.filter(
                status=TaskResultStatus.READY,
                task_path=send_notifications.module_path,
                priority__gte=priority,
                run_after__lte=timezone.now(),
            )
            | waiting
        )
    if waiting.exists():
        return
    task = send_notifications.using(priority=priority)
    if at is not None:
        task = task.using(run_after=at.astimezone(datetime.UTC))
    task.enqueue()


# ---------------------------------------------------------------------------------- sending


@dataclass
class Claim:
    """Rows one worker holds until `until`; it renews the lease while it is still sending."""

    token: str
    until: datetime.datetime
    rows: list[Delivery]

    def keep(self) -> None:
        """Extend the lease before it gets short, so a slow push service never lets another
        worker take (and send again) rows this one is still sending."""
        now = timezone.now()
        lease = datetime.timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
        if self.until - now < lease / 2:
            self.until = now + lease
            Delivery.objects.filter(claim=self.token, status=DeliveryStatus.SENDING).update(
                claimed_until=self.until
            )


def claim_due(*, now: datetime.datetime, limit: int = BATCH) -> Claim:
    """Take up to `limit` due rows for this worker (urgent first) until its lease ends."""
    token = uuid.uuid4().hex
    until = now + datetime.timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    with transaction.atomic():
        due = Delivery.objects.due(now).order_by("-is_urgent", "not_before", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if not ids:
            return Claim(token, until, [])
        # Re-checked in the UPDATE itself: a row another worker claimed meanwhile is skipped.
        Delivery.objects.filter(pk__in=ids).due(now).update(
            status=DeliveryStatus.SENDING,
            claim=token,
            claimed_until=until,
            attempts=F("attempts") + 1,
        )
    rows = Delivery.objects.filter(claim=token, status=DeliveryStatus.SENDING)
    return Claim(token, until, list(rows.select_related("notice", "user", "subscription")))


def send_due(*, limit: int | None = None) -> int:
    """Send everything due, batch by batch; returns how many rows were sent. Run by the worker
    (`tasks.send_notifications`).

    Pushes go out `PUSH_CONCURRENCY` at a time, since each waits on a push service far away;
    each is marked sent as soon as its answer comes, in this thread (which alone writes)."""
    sent = 0
    while limit is None or sent < limit:
        claim = claim_due(now=timezone.now())
        if not claim.rows:
            break
        pushes = [r for r in claim.rows if r.channel == Channel.PUSH]
        emails = [r for r in claim.rows if r.channel == Channel.EMAIL and not r.in_digest]
        digests: dict[int, list[Delivery]] = defaultdict(list)
        for waiting in claim.rows:
            if waiting.in_digest:
                digests[waiting.user_id].append(waiting)
        with ThreadPoolExecutor(settings.PUSH_CONCURRENCY) as pool:
            # A sliding window: the next push starts only once an answer is recorded, so at
            # most PUSH_CONCURRENCY are ever sent but not yet marked (what a crash may repeat).
            queued = iter(pushes)
            running = {pool.submit(_push, r): r for r in islice(queued, settings.PUSH_CONCURRENCY)}
            while running:
                done, _pending = wait(running, return_when=FIRST_COMPLETED)
                for answer in done:
                    claim.keep()
                    sent += _record_push(running.pop(answer), answer.result())
                    if (following := next(queued, None)) is not None:
                        running[pool.submit(_push, following)] = following
        for row in emails:
            claim.keep()
            _email(row.user, [row.notice], message_id=row.key, urgent=row.is_urgent)
            sent += _mark(row, DeliveryStatus.SENT)
        for rows in digests.values():
            sent += _send_digest(rows)
    _schedule_what_is_left()
    return sent


def _push(row: Delivery) -> push.PushOutcome:
    """Encrypt and send one push (no database work: this runs in a pool thread)."""
    device, notice = row.subscription, row.notice
    if device is None:  # removed since: nowhere to send it
        return push.PushOutcome(sent=False, gone=True, error="device unsubscribed")
    return push.send(
        endpoint=device.endpoint,
        p256dh=device.p256dh,
        auth=device.auth,
        data=push.payload(title=notice.title, url=notice.url, tag=row.key, urgent=row.is_urgent),
        urgent=row.is_urgent,
    )


def _record_push(row: Delivery, outcome: push.PushOutcome) -> int:
    device = row.subscription
    if outcome.sent:
        PushSubscription.objects.filter(pk=device.pk).update(last_sent_at=timezone.now())  # type: ignore[union-attr]  # sent, so it had a device
        return _mark(row, DeliveryStatus.SENT)
    if outcome.gone:
        if device is not None:
            # Matched on the endpoint too: a browser that subscribed again keeps its new row.
            PushSubscription.objects.filter(pk=device.pk, endpoint=device.endpoint).delete()
        _mark(row, DeliveryStatus.DROPPED, error=outcome.error)
        return 0
    return _retry_later(row, outcome.error)


def _send_digest(rows: list[Delivery]) -> int:
    """One e-mail for all of a person's waiting digest rows (a row claimed in another batch joins
    the next digest)."""
    user = rows[0].user
    _email(user, [r.notice for r in rows], message_id=min(r.key for r in rows), digest=True)
    return sum(_mark(r, DeliveryStatus.SENT) for r in rows)


def _mark(row: Delivery, status: str, *, error: str = "") -> int:
    """Record the outcome, only if this worker's claim still holds; 1 when it did."""
    return Delivery.objects.filter(pk=row.pk, claim=row.claim).update(
        status=status,
        sent_at=timezone.now() if status == DeliveryStatus.SENT else None,
        claim="",
        claimed_until=None,
        last_error=error[:200],
    )


def _retry_later(row: Delivery, error: str) -> int:
    if row.attempts >= MAX_ATTEMPTS:
        log.warning("giving up on delivery %s after %s attempts: %s", row.key, row.attempts, error)
        _mark(row, DeliveryStatus.FAILED, error=error)
        return 0
    Delivery.objects.filter(pk=row.pk, claim=row.claim).update(
        status=DeliveryStatus.PENDING,
        claim="",
        claimed_until=None,
        not_before=timezone.now() + datetime.timedelta(minutes=2**row.attempts),
        last_error=error[:200],
    )
    return 0


def _schedule_what_is_left() -> None:
    """Queue a task for the next row that will come due (a deferred one, a retry, or a claim
    whose worker died), so nothing waits for the next notice to be sent."""
    soonest = Delivery.objects.filter(status=DeliveryStatus.PENDING).aggregate(
        at=Min("not_before")
    )["at"]
    stale = Delivery.objects.filter(status=DeliveryStatus.SENDING).aggregate(
        at=Min("claimed_until")
    )["at"]
    moments = [m for m in (soonest, stale and stale + datetime.timedelta(seconds=1)) if m]
    if moments:
        at = min(moments)
        _enqueue_sender(None if at <= timezone.now() else at, False)


# ---------------------------------------------------------------------------------- e-mail


def _email(
    user: User,
    notices: Iterable[InAppNotification],
    *,
    message_id: str,
    urgent: bool = False,
    digest: bool = False,
) -> None:
    """Plain, kind text. The subject never says what a notice is about: it is shown in lists and
    on lock screens, so it only says that something is waiting."""
    notices = list(notices)
    with translation.override(user.language):
        if digest:
            subject = _("Your notifications from today")
        elif urgent:
            subject = _("Something urgent is waiting for you")
        else:
            subject = _("You have a new notification")
        body = render_to_string(
            "notifications/email/notices.txt",
            {
                "user": user,
                "notices": notices,
                "digest": digest,
                "site_url": settings.SITE_URL,
            },
        )
    message = EmailMessage(
        subject=str(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX) + subject,
        body=body,
        to=[user.email],
        # The same row always carries the same Message-ID, so a repeat after a crash is one
        # message to the receiving mail system.
        headers={"Message-ID": f"<{message_id.replace(':', '.')}@alongside.notifications>"},
    )
    message.send()
