"""The member's privacy promise, end to end in a real Chromium."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from alongside.accounts.cast import DEMO_PASSWORD
from alongside.accounts.models import User
from alongside.journey.services import record_check_in
from alongside.testing.browser import Browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def confirm_password_if_asked(b: Browser) -> None:
    if "/reauthenticate/" in b.page.url:
        b.audit()
        b.page.locator("#id_password").fill(DEMO_PASSWORD)
        b.page.get_by_role("button", name="Confirm").click()
        b.page.wait_for_load_state("load")


def test_member_grants_sees_who_looked_revokes_exports_and_deletes(
    browse, _playwright_browser, live_server, cast
) -> None:
    from alongside.testing.browser import _make_browser

    maya = cast["member"]
    counselor = cast["counselor"]
    record_check_in(member=maya.user, mood=4, craving=3, note="a steady Tuesday")

    # Maya shares her check-ins with her counselor.
    b = browse
    b.sign_in_as(maya.user)
    b.page.get_by_role("link", name="My data").click()
    b.audit()
    b.page.get_by_role("link", name="Share with someone").click()
    confirm_password_if_asked(b)
    b.audit()
    b.page.get_by_label("Person", exact=True).select_option(
        label="Grace C. — Counselor, Riverbend Recovery Community"
    )
    b.page.get_by_label("Daily check-ins").check()
    b.page.get_by_label("Why you are sharing").fill("so Grace can follow my week")
    b.page.get_by_role("button", name="Share", exact=True).click()
    confirm_password_if_asked(b)
    b.audit()
    assert b.page.get_by_role("heading", name="What they will not see").is_visible()

    # The counselor opens Maya's check-ins in her own browser.
    counselor_browser = _make_browser(
        _playwright_browser, live_server, viewport={"width": 1280, "height": 900}
    )
    c = next(counselor_browser)
    c.sign_in_as(counselor.user)
    c.page.get_by_role("link", name="Shared with me").click()
    c.audit()
    c.page.get_by_role("link", name="Daily check-ins").click()
    c.audit()
    # She sees the mood Maya chose; the note stays Maya's.
    assert c.page.locator('td[data-field="mood"]').first.inner_text() == "Good"
    assert "a steady Tuesday" not in c.page.content()
    check_ins_url = c.page.url

    # Maya sees the look in "Who looked".
    b.goto("/privacy/who-looked/")
    row = b.page.locator("table.access-log tbody tr").first
    assert "Grace C." in row.inner_text() and "Viewed" in row.inner_text()

    # Maya revokes; the counselor's next request is refused.
    b.goto("/privacy/")
    b.page.once("dialog", lambda dialog: dialog.accept())
    b.page.get_by_role("button", name="Revoke access for Grace C.").click()
    confirm_password_if_asked(b)
    b.audit()
    assert "can no longer see this" in b.page.content()
    response = c.page.goto(check_ins_url)
    c.audit()
    assert response.status == 404
    next(counselor_browser, None)

    # Maya exports her data; the worker prepares it; she downloads it.
    b.goto("/privacy/export/")
    b.page.get_by_role("button", name="Prepare my export").click()
    confirm_password_if_asked(b)
    b.audit()
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    b.page.wait_for_selector("text=Download archive (JSON)", timeout=10_000)
    b.audit()
    with b.page.expect_download() as download_info:
        b.page.get_by_role("link", name="Download archive (JSON)").click()
    archive = download_info.value.path().read_text()
    assert "a steady Tuesday" in archive and "maya@example.org" in archive

    # Maya deletes her account after seeing exactly what will happen.
    b.goto("/privacy/delete-account/")
    assert b.page.get_by_role("cell", name="daily check-ins").is_visible()
    b.page.get_by_label("Type “delete my account” to confirm").fill("delete my account")
    b.page.get_by_role("button", name="Delete my account for good").click()
    confirm_password_if_asked(b)
    b.audit()
    assert b.page.get_by_role("heading", name="Your account is deleted").is_visible()
    assert not User.objects.get(pk=maya.user.pk).is_active
