"""Supervised hours in a real browser: Lena logs hours of supervised practice from "My
training"; Dana, her supervisor, finds them waiting on her attestation queue and attests them;
Lena then sees them counted toward her credential. Every page passes axe."""

from __future__ import annotations

import datetime

import pytest

from alongside.accounts.models import Organization
from alongside.training import services
from alongside.training.models import PracticeEntry
from alongside.training.tests.authz import load_requirement_sets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lena_logs_supervised_hours_and_dana_her_supervisor_attests_them(browse, cast) -> None:
    load_requirement_sets()
    lena, dana = cast["peer_specialist"].user, cast["org_admin"].user
    services.set_supervisor(
        organization=Organization.objects.get(slug="riverbend"),
        supervisee_id=lena.pk,
        supervisor_id=dana.pk,
    )
    today = lena.local_today()

    b = browse
    b.sign_in_as(lena)
    b.page.get_by_role("link", name="My training").first.click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("Your supervisor: Dana P.").is_visible()
    b.page.get_by_role("link", name="Log practice or supervision hours").click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("Kind").first.select_option("supervised_practice")
    b.page.get_by_role("spinbutton", name="Hours").fill("30")
    b.page.get_by_label("From").first.fill(f"{today - datetime.timedelta(days=6):%Y-%m-%d}")
    b.page.locator("#id_to_on").fill(f"{today:%Y-%m-%d}")
    b.page.get_by_label("What the hours were (optional)").fill("Drop-in centre shifts")
    b.page.get_by_role("button", name="Log hours").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("They count once your supervisor attests them").is_visible()
    assert b.page.get_by_role("cell", name="Waiting").is_visible()
    b.logout()

    b.sign_in_as(dana)
    b.goto("/training/attest/")
    row = b.page.get_by_role("row", name="Lena K.")
    assert row.get_by_text("Drop-in centre shifts").is_visible()
    row.get_by_role("button", name="Attest").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("Attested: 30 hours of Lena K. now count.").is_visible()
    assert b.page.get_by_text("Nothing waits for you.").is_visible()
    entry = PracticeEntry.objects.get()
    assert entry.attested_by == dana
    b.goto("/training/team/")
    assert b.page.get_by_role("heading", name="Lena K.").is_visible()
    b.logout()

    b.sign_in_as(lena)
    b.goto("/training/")
    experience = b.page.get_by_role("row", name="Experience (volunteer or paid)").first
    assert experience.get_by_role("cell", name="470 h").is_visible()  # 500 needed, 30 counted
    assert b.page.get_by_text("By Dana P. on").is_visible()
