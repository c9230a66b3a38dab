"""E-mail and web push for a notice: sent once per device and address, by the person's choices,
never inside quiet hours unless urgent, and to a real push service on 127.0.0.1 whose messages
the test decrypts as the browser would."""

from __future__ import annotations

import base64
import datetime
import json

import pytest
import time_machine
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from django.core import mail

from alongside.notifications import delivery, push, services
from alongside.notifications.models import Delivery, DeliveryStatus, PushSubscription
from alongside.notifications.tests.pushservice import Browser, PushService

UTC = datetime.UTC
# Maya (the member) lives in Chicago: UTC-6 in January.
JAN_MORNING = datetime.datetime(2026, 1, 14, 15, 0, tzinfo=UTC)  # 09:00 in Chicago
JAN_LATE_EVENING = datetime.datetime(2026, 1, 15, 5, 30, tzinfo=UTC)  # 23:30 in Chicago, the 14th
QUIET_END = datetime.datetime(2026, 1, 15, 13, 0, tzinfo=UTC)  # 07:00 in Chicago, the 15th


@pytest.fixture
def push_service():
    service = PushService().start()
    yield service
    service.stop()


def subscribe(user, service: PushService, path: str) -> tuple[Browser, PushSubscription]:
    browser = Browser()
    device = services.subscribe_device(
        user=user, endpoint=service.url(path), p256dh=browser.p256dh, auth=browser.auth
    )
    return browser, device


def verified_vapid_claims(token: str, public_key: str) -> dict:
    """The claims of a VAPID JWT (ES256), after checking its signature with the server's key."""
    header, claims, signature = (base64.urlsafe_b64decode(p + "==") for p in token.split("."))
    key = ec.EllipticCurvePublicKey.from_encoded_point(
        ec.SECP256R1(), base64.urlsafe_b64decode(public_key + "==")
    )
    der = encode_dss_signature(int.from_bytes(signature[:32]), int.from_bytes(signature[32:]))
    signed = token.rsplit(".", 1)[0].encode()
    key.verify(der, signed, ec.ECDSA(hashes.SHA256()))  # raises if forged
    assert json.loads(header)["alg"] == "ES256"
    return json.loads(claims)


def email_on(user, **options) -> None:
    services.set_delivery_preferences(
        user=user,
        email_enabled=True,
        email_digest=options.get("digest", False),
        digest_hour=options.get("hour", 18),
        kinds=options.get("kinds", {}),
    )


def test_a_notice_reaches_each_device_and_the_inbox_once_however_often_it_is_sent(
    member, push_service
) -> None:
    email_on(member)
    phone, _d = subscribe(member, push_service, "/phone")
    laptop, _d = subscribe(member, push_service, "/laptop")
    for _ in range(2):  # a task that runs twice notifies once
        services.notify(user=member, kind="milestone", title="30 days today", dedupe_key="m:30")
    assert delivery.send_due() == 3
    assert delivery.send_due() == 0  # nothing left to claim
    assert [phone.decrypt(r.body)["title"] for r in push_service.to("/phone")] == ["30 days today"]
    assert [laptop.decrypt(r.body)["title"] for r in push_service.to("/laptop")] == [
        "30 days today"
    ]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["maya@example.org"]
    rows = Delivery.objects.filter(user=member)
    assert {r.status for r in rows} == {DeliveryStatus.SENT}
    assert len({r.key for r in rows}) == 3 and all(r.attempts == 1 for r in rows)


def test_the_push_is_encrypted_for_the_device_signed_with_vapid_and_carries_only_title_and_link(
    member, push_service
) -> None:
    phone, device = subscribe(member, push_service, "/phone")
    services.notify(
        user=member,
        kind="assessment_due",
        title="Your PHQ-9 is ready when you are",
        body="Answers about low mood and sleep",
        url="/assessments/take/phq9/",
    )
    delivery.send_due()
    [message] = push_service.to("/phone")
    assert message.headers["content-encoding"] == "aes128gcm"
    assert b"PHQ-9" not in message.body  # encrypted on the wire
    token, key = message.headers["authorization"].removeprefix("vapid t=").split(",k=")
    assert key == push.public_key()
    claims = verified_vapid_claims(token, key)
    assert claims["aud"] == push_service.url("") and claims["sub"].startswith("mailto:")
    row = Delivery.objects.get(subscription=device)
    assert phone.decrypt(message.body) == {
        "title": "Your PHQ-9 is ready when you are",
        "url": "/assessments/take/phq9/",
        "tag": row.key,
        "urgent": False,
    }


def test_a_device_whose_push_service_answers_410_is_removed_and_the_others_still_get_theirs(
    member, push_service
) -> None:
    phone, _d = subscribe(member, push_service, "/phone")
    _old, gone = subscribe(member, push_service, "/gone/old-tablet")
    laptop, _d = subscribe(member, push_service, "/laptop")
    services.notify(user=member, kind="congratulation", title="Sam celebrated with you")
    delivery.send_due()
    assert phone.decrypt(push_service.to("/phone")[0].body)["title"] == "Sam celebrated with you"
    assert laptop.decrypt(push_service.to("/laptop")[0].body)["title"] == "Sam celebrated with you"
    assert not PushSubscription.objects.filter(pk=gone.pk).exists()
    assert sorted(
        PushSubscription.objects.filter(user=member).values_list("endpoint", flat=True)
    ) == [
        push_service.url("/laptop"),
        push_service.url("/phone"),
    ]
    statuses = sorted(Delivery.objects.filter(user=member).values_list("status", flat=True))
    assert statuses == [DeliveryStatus.DROPPED, DeliveryStatus.SENT, DeliveryStatus.SENT]
    # The next notice goes only to the devices that are left.
    services.notify(user=member, kind="congratulation", title="Ana celebrated with you")
    delivery.send_due()
    assert len(push_service.to("/gone/old-tablet")) == 1


def test_quiet_hours_hold_email_and_push_until_they_end_in_the_members_time_zone(
    member, push_service
) -> None:
    email_on(member)
    phone, _d = subscribe(member, push_service, "/phone")
    services.set_quiet_hours(
        user=member, quiet_from=datetime.time(22, 0), quiet_until=datetime.time(7, 0)
    )
    with time_machine.travel(JAN_LATE_EVENING, tick=False):
        notice = services.notify(user=member, kind="milestone", title="A new milestone")
        assert notice is not None and notice.read_at is None  # in the app at once
        assert delivery.send_due() == 0
    assert {d.not_before for d in Delivery.objects.filter(user=member)} == {QUIET_END}
    with time_machine.travel(QUIET_END - datetime.timedelta(minutes=1), tick=False):
        assert delivery.send_due() == 0
    assert push_service.received == [] and mail.outbox == []
    with time_machine.travel(QUIET_END, tick=False):
        assert delivery.send_due() == 2  # deferred, never dropped
    assert phone.decrypt(push_service.to("/phone")[0].body)["title"] == "A new milestone"
    assert len(mail.outbox) == 1


def test_an_urgent_notice_comes_at_once_in_quiet_hours_skipping_the_digest_and_kind_switches(
    member, push_service
) -> None:
    email_on(member, digest=True, kinds={"safety": {"email": False, "push": False}})
    phone, _d = subscribe(member, push_service, "/phone")
    services.set_quiet_hours(
        user=member, quiet_from=datetime.time(22, 0), quiet_until=datetime.time(7, 0)
    )
    with time_machine.travel(JAN_LATE_EVENING, tick=False):
        services.notify(
            user=member,
            kind="sos",
            title="Sam needs you now",
            body="Sam pressed SOS",
            url="/help/",
            urgent=True,
        )
        assert delivery.send_due() == 2
    assert phone.decrypt(push_service.to("/phone")[0].body)["urgent"] is True
    [email] = mail.outbox
    assert email.subject == "[Alongside] Something urgent is waiting for you"
    assert "Sam needs you now" in email.body and "pressed SOS" not in email.body


def test_an_urgent_notice_never_uses_a_channel_the_person_has_not_set_up(member) -> None:
    services.notify(user=member, kind="sos", title="Sam needs you now", urgent=True)
    assert not Delivery.objects.filter(user=member).exists()  # no e-mail turned on, no device


def test_ordinary_emails_wait_for_the_daily_digest_at_the_chosen_local_hour(
    member, push_service
) -> None:
    email_on(member, digest=True, hour=18)
    phone, _d = subscribe(member, push_service, "/phone")
    with time_machine.travel(JAN_MORNING, tick=False):
        for title in ("Your check-in reminder", "Sam celebrated with you", "A new milestone"):
            services.notify(user=member, kind="milestone", title=title)
        assert delivery.send_due() == 3  # the pushes go at once
    assert mail.outbox == []
    six_pm = datetime.datetime(2026, 1, 15, 0, 0, tzinfo=UTC)  # 18:00 in Chicago, the 14th
    with time_machine.travel(six_pm - datetime.timedelta(seconds=1), tick=False):
        assert delivery.send_due() == 0
    with time_machine.travel(six_pm, tick=False):
        assert delivery.send_due() == 3
    [digest] = mail.outbox
    assert digest.subject == "[Alongside] Your notifications from today"
    for title in ("Your check-in reminder", "Sam celebrated with you", "A new milestone"):
        assert title in digest.body
    assert len(push_service.to("/phone")) == 3


def test_the_email_subject_never_says_what_the_notice_is_about(member) -> None:
    email_on(member)
    services.notify(
        user=member, kind="assessment_due", title="Your PHQ-9 is ready", url="/assessments/"
    )
    delivery.send_due()
    [email] = mail.outbox
    assert email.subject == "[Alongside] You have a new notification"
    assert "Your PHQ-9 is ready" in email.body
    assert "http://localhost:8000/assessments/" in email.body
    assert email.extra_headers["Message-ID"].startswith("<")


def test_a_kind_turned_off_for_email_stays_in_the_app_and_on_devices(member, push_service) -> None:
    email_on(member, kinds={"milestones": {"email": False, "push": True}})
    subscribe(member, push_service, "/phone")
    services.notify(user=member, kind="milestone", title="A new milestone")
    services.notify(user=member, kind="check_in_reminder", title="Time for today's check-in")
    delivery.send_due()
    assert [m.body.count("check-in") > 0 for m in mail.outbox] == [True]
    assert len(push_service.to("/phone")) == 2


def test_a_send_that_fails_is_tried_again_later_and_not_lost(member) -> None:
    browser = Browser()
    services.subscribe_device(
        user=member, endpoint="http://127.0.0.1:9/nobody", p256dh=browser.p256dh, auth=browser.auth
    )
    services.notify(user=member, kind="milestone", title="A new milestone")
    assert delivery.send_due() == 0
    row = Delivery.objects.get(user=member)
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1
    assert row.not_before > row.notice.created_at and "ConnectionError" in row.last_error


@pytest.mark.parametrize(
    ("zone", "now", "quiet", "expected"),
    [
        # Spring forward: 02:00–03:00 does not exist in Chicago on 8 March 2026.
        ("America/Chicago", "2026-03-08T07:30", ("01:00", "02:30"), "2026-03-08T08:30"),
        # Fall back: 01:00–02:00 comes twice in New York on 1 November 2026; ends at the first.
        ("America/New_York", "2026-11-01T04:30", ("00:00", "01:30"), "2026-11-01T05:30"),
        # Past midnight in Kolkata (UTC+5:30, no DST).
        ("Asia/Kolkata", "2026-01-14T18:00", ("22:00", "06:00"), "2026-01-15T00:30"),
        ("Asia/Kolkata", "2026-01-14T10:00", ("22:00", "06:00"), None),
    ],
)
def test_quiet_hours_end_at_the_right_moment_across_daylight_saving_changes(
    zone, now, quiet, expected
) -> None:
    from zoneinfo import ZoneInfo

    from alongside.notifications.models import NotificationPreference

    preference = NotificationPreference(
        quiet_from=datetime.time.fromisoformat(quiet[0]),
        quiet_until=datetime.time.fromisoformat(quiet[1]),
    )
    at = datetime.datetime.fromisoformat(now).replace(tzinfo=UTC)
    end = delivery.quiet_until(preference, ZoneInfo(zone), at)
    assert (end.astimezone(UTC).isoformat()[:16] if end else None) == expected
