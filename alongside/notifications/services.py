"""Notifying people: `notify()` is the one way in for every app (`notify_many()` the same for a
batch, such as a minute's check-in reminders). It stores the in-app notice, pushes it to open
tabs, and records the e-mail and web-push deliveries the task worker sends (delivery.py). Also
the person's choices: quiet hours, e-mail, digest, per-kind channels, and their devices.
Broadcasts leave the process, so they wait for commit."""

from __future__ import annotations

import base64
import binascii
import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.lib.live import send_to_groups
from alongside.notifications import delivery
from alongside.notifications.consumers import user_group
from alongside.notifications.kinds import PREFERENCE_KINDS, PreferenceKind
from alongside.notifications.models import (
    InAppNotification,
    KindPreference,
    NotificationPreference,
    PushSubscription,
)


def _send_to_user(user_id: int, message: dict) -> None:
    """Hand a message to every open WebSocket of one person, in any server process."""
    send_to_groups([(user_group(user_id), message)])


def push_to_user(*, user_id: int, payload: dict) -> None:
    """Send a payload to every open tab of one person once the current transaction commits.

    Best effort: the notice is already saved, so a channel layer that is down is logged
    (robust on_commit) instead of failing a request whose data is committed.
    """
    transaction.on_commit(
        lambda: _send_to_user(user_id, {"type": "notify", "payload": payload}), robust=True
    )


def push_to_users(messages: list[tuple[int, dict]]) -> None:
    """`push_to_user` for many (user id, payload) pairs: one callback after commit, which hands
    every message to the channel layer in one go rather than one thread hop each."""
    if messages:
        transaction.on_commit(lambda: _send_to_users(messages), robust=True)


def _send_to_users(messages: list[tuple[int, dict]]) -> None:
    send_to_groups(
        [(user_group(user_id), {"type": "notify", "payload": p}) for user_id, p in messages]
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
    email: bool | None = None,
) -> InAppNotification | None:
    """Store an in-app notice, push it to open tabs, and queue its e-mail and web push by the
    person's choices (`delivery.plan_deliveries`). With a `dedupe_key` already used for this
    person, nothing happens and None is returned: a notice is never delivered twice.
    `title` goes to the lock screen and e-mail, so it names no one and no health detail;
    `body` (encrypted at rest, shown only in the app) holds those. `about` is the member it
    concerns, so erasing them deletes it. `urgent` (SOS, safety) skips quiet hours, the digest
    and the per-kind switches, but uses only channels the person set up. `email` is a feature's
    own e-mail switch: True sends one (not in the digest), False never does."""
    preference = preference_for(user)
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
            delivery.plan_deliveries([delivery.ToPlan(notice, preference, email)])
    except IntegrityError:
        return None
    push_to_user(
        user_id=user.pk,
        payload={"kind": kind, "id": notice.pk, "title": title, "url": url, "urgent": urgent},
    )
    return notice


@dataclass(frozen=True)
class NewNotice:
    """One notice for `notify_many`: the arguments of `notify()`, with the dedupe key required."""

    user: User
    kind: str
    title: str
    dedupe_key: str
    url: str = ""
    body: str = ""
    urgent: bool = False
    about: User | None = None
    email: bool | None = None


def notify_many(
    notices: Sequence[NewNotice],
    *,
    preferences: Mapping[int, NotificationPreference] | None = None,
) -> list[InAppNotification]:
    """`notify()` for a batch (the daily reminders of a whole minute): the same kinds,
    preferences, quiet hours and e-mail switch, in a few queries however many notices. Returns
    the notices stored now; one whose dedupe key this person already has is left out, so a
    batch run again (after a worker died mid-way) neither loses nor repeats a notice.

    Every notice needs a `dedupe_key`: that is what makes a re-run safe. `preferences` (by user
    id) saves looking them up when the caller has them already. Runs in one transaction; the
    deliveries' keys are unique too, so a concurrent run of the same batch adds no second row
    (at worst an open tab is told twice). Raises ValueError for a notice without a key."""
    if any(not n.dedupe_key for n in notices):
        raise ValueError("notify_many needs a dedupe_key on every notice.")
    wanted = {(n.user.pk, n.dedupe_key): n for n in notices}
    if not wanted:
        return []
    if preferences is None:
        preferences = preferences_for([n.user for n in wanted.values()])
    now = timezone.now()
    with transaction.atomic():
        mine = InAppNotification.objects.filter(
            user_id__in={user_id for user_id, _key in wanted},
            dedupe_key__in={key for _user_id, key in wanted},
        )
        had = set(mine.values_list("user_id", "dedupe_key"))
        InAppNotification.objects.bulk_create(
            [
                InAppNotification(
                    user=n.user,
                    kind=n.kind,
                    title=n.title,
                    url=n.url,
                    dedupe_key=n.dedupe_key,
                    body=n.body,
                    is_urgent=n.urgent,
                    about=n.about,
                    created_at=now,
                )
                for pair, n in wanted.items()
                if pair not in had
            ],
            batch_size=500,
            ignore_conflicts=True,  # one a concurrent run stored meanwhile stays the only one
        )
        # The filter above pairs every user with every key, so keep the pairs asked for.
        created = [
            notice
            for notice in mine
            if (pair := (notice.user_id, notice.dedupe_key)) in wanted and pair not in had
        ]
        for notice in created:
            notice.user = wanted[notice.user_id, notice.dedupe_key].user
        delivery.plan_deliveries(
            [
                delivery.ToPlan(
                    notice,
                    preferences.get(notice.user_id) or NotificationPreference(user=notice.user),
                    wanted[notice.user_id, notice.dedupe_key].email,
                )
                for notice in created
            ]
        )
        push_to_users(
            [
                (
                    n.user_id,
                    {
                        "kind": n.kind,
                        "id": n.pk,
                        "title": n.title,
                        "url": n.url,
                        "urgent": n.is_urgent,
                    },
                )
                for n in created
            ]
        )
    return created


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


def preferences_for(users: Iterable[User]) -> dict[int, NotificationPreference]:
    """`preference_for` of many people in one query, by user id."""
    users = list(users)
    saved = {p.user_id: p for p in NotificationPreference.objects.filter(user__in=users)}
    return {u.pk: saved.get(u.pk) or NotificationPreference(user=u) for u in users}


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


def quiet_hours_end(
    user: User, at: datetime.datetime, *, preference: NotificationPreference | None = None
) -> datetime.datetime | None:
    """When `at` falls in the person's quiet hours, the aware moment they end; else None.
    Pass their `preference` when it is at hand (`preferences_for`) to save the query."""
    return delivery.quiet_until(preference or preference_for(user), user.zone, at)


# ---------------------------------------------------------------------------------- channels


def kind_preferences(user: User) -> list[tuple[PreferenceKind, KindPreference]]:
    """Every kind of notice with the person's channels for it (defaults where never set)."""
    saved = {p.kind: p for p in KindPreference.objects.filter(user=user)}
    return [
        (k, saved.get(k.key) or KindPreference(user=user, kind=k.key)) for k in PREFERENCE_KINDS
    ]


@transaction.atomic
def set_delivery_preferences(
    *,
    user: User,
    email_enabled: bool,
    email_digest: bool,
    digest_hour: int,
    kinds: dict[str, dict[str, bool]],
) -> NotificationPreference:
    """Save whether e-mail is on (it needs a confirmed address), the daily digest and its local
    hour, and per kind which channels it goes to (`{"reminders": {"email": False, "push":
    True}}`; kinds left out keep their choice). Raises ValidationError naming the field."""
    errors: dict[str, str] = {}
    if not 0 <= digest_hour <= 23:
        errors["digest_hour"] = _("Choose an hour from 0 to 23.")
    if email_enabled and not delivery.has_confirmed_email(user):
        errors["email_enabled"] = _(
            "Confirm your e-mail address first (Account, E-mail addresses); then turn this on."
        )
    unknown = sorted(set(kinds) - {k.key for k in PREFERENCE_KINDS})
    if unknown:
        errors["kinds"] = _("Unknown kind of notification: %(kinds)s.") % {
            "kinds": ", ".join(unknown)
        }
    if errors:
        raise ValidationError(errors)
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user,
        defaults={
            "email_enabled": email_enabled,
            "email_digest": email_digest,
            "digest_hour": digest_hour,
        },
    )
    for key, channels in kinds.items():
        KindPreference.objects.update_or_create(
            user=user,
            kind=key,
            defaults={c: bool(channels[c]) for c in ("email", "push") if c in channels},
        )
    return preference


def _b64url(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _check_subscription(endpoint: str, p256dh: str, auth: str) -> dict[str, str]:
    errors = {}
    parts = urlsplit(endpoint)
    loopback = parts.hostname in {"127.0.0.1", "localhost", "::1"} and not settings.PRODUCTION
    if not parts.hostname or not (parts.scheme == "https" or (parts.scheme == "http" and loopback)):
        errors["endpoint"] = _("The push address must be an https:// address from your browser.")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), _b64url(p256dh))
    except (ValueError, binascii.Error):
        errors["p256dh"] = _(
            "This device's public key (p256dh) is not a valid P-256 key in base64url. "
            "Turn push off and on again on this device."
        )
    try:
        if len(_b64url(auth)) != 16:
            raise ValueError
    except (ValueError, binascii.Error):
        errors["auth"] = _(
            "This device's auth secret is not 16 bytes of base64url. "
            "Turn push off and on again on this device."
        )
    return errors


@transaction.atomic
def subscribe_device(
    *, user: User, endpoint: str, p256dh: str, auth: str, device: str = ""
) -> PushSubscription:
    """Register this browser for web push: one subscription per endpoint. An endpoint already
    known (the same browser, perhaps with another person signed in before) moves to this person
    with its new keys. Raises ValidationError naming each malformed field; nothing is saved then."""
    errors = _check_subscription(endpoint, p256dh, auth)
    if errors:
        raise ValidationError(errors)
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": user, "p256dh": p256dh, "auth": auth, "device": device[:100]},
    )
    return subscription


def devices_of(user: User) -> list[PushSubscription]:
    return list(PushSubscription.objects.filter(user=user))


def unsubscribe_device(*, user: User, endpoint: str) -> bool:
    """Stop web push to this browser; True when it was subscribed for this person."""
    if "\x00" in endpoint:  # never a subscribed address (subscribing checks it); PostgreSQL
        return False  # refuses a NUL byte even in a query, so it is not asked
    deleted, _rows = PushSubscription.objects.filter(user=user, endpoint=endpoint).delete()
    return bool(deleted)
