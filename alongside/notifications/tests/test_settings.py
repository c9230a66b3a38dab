"""Choosing how one is notified (page and API share the rules) and registering this device."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress

from alongside.notifications import services
from alongside.notifications.models import KindPreference, NotificationPreference, PushSubscription
from alongside.notifications.tests.authz import DEVICE

API = "/api/v1/notifications/push-subscriptions"


def test_a_device_with_a_malformed_key_is_refused_with_a_clear_message_and_nothing_saved(
    client_as, member
) -> None:
    client = client_as("member")
    bad = {
        "endpoint": "https://push.example.org/send/abc",
        "keys": {"p256dh": "not-a-key", "auth": "c2hvcnQ"},
    }
    response = client.post(API, bad, content_type="application/json")
    assert response.status_code == 422
    messages = {f["field"]: f["message"] for f in response.json()["error"]["fields"]}
    assert "not a valid P-256 key" in messages["p256dh"]
    assert "not 16 bytes" in messages["auth"]
    http = {**DEVICE, "endpoint": "http://push.example.org/send/abc"}
    response = client.post(API, http, content_type="application/json")
    assert response.status_code == 422
    assert "https://" in response.json()["error"]["fields"][0]["message"]
    assert not PushSubscription.objects.exists()


def test_a_device_subscribes_once_moves_with_a_new_sign_in_and_can_unsubscribe(
    client_as, member, member2
) -> None:
    client = client_as("member")
    first = client.post(API, DEVICE, content_type="application/json")
    again = client.post(API, DEVICE, content_type="application/json")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [member.pk]
    # The same browser, now signed in as someone else: the device is theirs, not both.
    client_as("member2").post(API, DEVICE, content_type="application/json")
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [member2.pk]
    gone = client_as("member2").delete(f"{API}?endpoint={DEVICE['endpoint']}")
    assert gone.status_code == 204 and not PushSubscription.objects.exists()


def test_unsubscribing_an_address_with_a_nul_byte_removes_nothing_on_any_database(
    client_as, member
) -> None:
    client = client_as("member")
    client.post(API, DEVICE, content_type="application/json")
    gone = client.delete(f"{API}?endpoint=%C3%90%00R5")  # PostgreSQL refused this with a 500
    assert gone.status_code == 204
    assert PushSubscription.objects.filter(user=member).count() == 1


def test_the_settings_page_saves_each_kinds_channels_email_digest_and_quiet_hours(
    client_as, member
) -> None:
    client = client_as("member")
    page = client.get("/notifications/settings/").content.decode()
    for legend in ("Safety alerts and SOS", "Reminders", "Milestones and congratulations"):
        assert f"<legend>{legend}</legend>" in page
    response = client.post(
        "/notifications/settings/",
        {
            "email_enabled": "on",
            "email_digest": "on",
            "digest_hour": "7",
            "quiet_from": "22:00",
            "quiet_until": "07:00",
            "push_reminders": "on",
            "email_milestones": "on",
        },
    )
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=member)
    assert (preference.email_enabled, preference.email_digest, preference.digest_hour) == (
        True,
        True,
        7,
    )
    assert preference.quiet_from == datetime.time(22, 0)
    reminders = KindPreference.objects.get(user=member, kind="reminders")
    assert (reminders.email, reminders.push) == (False, True)
    body = client.get("/api/v1/notifications/preferences").json()
    assert body["digest_hour"] == 7 and body["time_zone"] == "America/Chicago"
    assert {"kind": "milestones", "label": "Milestones and congratulations", "email": True,
            "push": False} in body["kinds"]  # fmt: skip


def test_email_cannot_be_turned_on_without_a_confirmed_address_on_the_page_or_the_api(
    client_as, member
) -> None:
    EmailAddress.objects.filter(user=member).update(verified=False)
    client = client_as("member")
    page = client.post("/notifications/settings/", {"email_enabled": "on", "digest_hour": "18"})
    assert "Confirm your e-mail address first" in page.content.decode()
    api = client.put(
        "/api/v1/notifications/preferences",
        {"email_enabled": True, "kinds": {"nonsense": {"email": True, "push": True}}},
        content_type="application/json",
    )
    assert api.status_code == 422
    fields = {f["field"] for f in api.json()["error"]["fields"]}
    assert fields == {"email_enabled", "kinds"}
    assert not services.preference_for(member).email_enabled


def test_the_service_worker_is_served_from_the_site_root(client) -> None:
    response = client.get("/service-worker.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert b"notificationclick" in response.content
