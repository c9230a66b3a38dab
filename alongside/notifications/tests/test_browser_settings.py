"""The notification settings page in a real browser on a phone: its script starts the service
worker, offers this device's push, and the form saves by keyboard; axe-core on every page."""

from __future__ import annotations

import pytest

from alongside.notifications.models import KindPreference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_chooses_channels_on_a_phone_and_sees_this_devices_push_switch(
    phone, cast
) -> None:
    phone.sign_in_as(cast["member"].user)
    page = phone.goto("/notifications/settings/")
    status = page.locator("#push-status")
    # The script ran: the no-script sentence is replaced by what this browser can do.
    page.wait_for_function(
        "() => !document.getElementById('push-status').textContent.includes('need JavaScript')"
    )
    assert "for this device" in status.inner_text() or "cannot receive" in status.inner_text()
    milestones = page.get_by_role("group", name="Milestones and congratulations")
    milestones.get_by_label("Push to my devices").uncheck()
    page.get_by_role("button", name="Save").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    phone.audit()
    assert "Your notification settings are saved." in page.content()
    saved = KindPreference.objects.get(user=cast["member"].user, kind="milestones")
    assert saved.push is False
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 360
