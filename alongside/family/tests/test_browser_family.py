"""Maya invites Pat, who accepts, works through a CRAFT worksheet and receives Maya's "hard day"
signal — in real browsers, Pat's a 390-px phone, every page checked with axe."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from alongside.family.models import AllyInvitation, CraftWorksheet
from alongside.family.tasks import send_ally_invitation_email
from alongside.privacy.models import ConsentGrant
from alongside.testing.browser import PHONE_390, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_maya_invites_pat_who_accepts_works_a_craft_worksheet_and_hears_of_her_hard_day(
    browse, _playwright_browser, live_server, cast
) -> None:
    maya, pat = cast["member"].user, cast["ally"].user

    # Maya invites Pat, her brother, to see her milestones and her hard days.
    b = browse
    b.sign_in_as(maya)
    b.page.get_by_role("link", name="Family and friends").first.click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_role("link", name="Your own allies").click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_role("link", name="Invite an ally").click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("Their email address").fill("pat@example.org")
    b.page.get_by_label("Who they are to you").select_option("sibling")
    b.page.get_by_label("Milestones").check()
    b.page.get_by_label("“Having a hard day”").check()
    b.page.get_by_role("button", name="Send the invitation").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("We sent the invitation to pat@example.org.").is_visible()
    invitation = AllyInvitation.objects.get()
    assert not ConsentGrant.objects.exists()  # nothing until he accepts

    # The e-mail carries the link; Pat, signed in on his phone, opens it and accepts.
    assert send_ally_invitation_email.call(invitation.pk)
    link = re.search(r"http://localhost:8000(/family/invitations/\d+/)", str(mail.outbox[0].body))
    assert link is not None
    p = next(_make_browser(_playwright_browser, live_server, **PHONE_390))
    p.sign_in_as(pat)
    p.goto(link.group(1))
    assert p.page.get_by_role("heading", name="Maya O. asks you to be their ally").is_visible()
    assert p.page.get_by_text("Never the journal, notes or triggers.").is_visible()
    p.page.get_by_role("button", name="Accept").click()
    p.page.wait_for_load_state("load")
    p.audit()
    assert p.page.get_by_text("You are now Maya O.'s ally.").is_visible()
    assert p.page.get_by_role("link", name="Milestones — Maya O.").is_visible()
    assert ConsentGrant.objects.get(member=maya, grantee_user=pat).scopes == ["milestones"]

    # He works through the first CRAFT step.
    p.page.get_by_role("link", name="Start the programme").click()
    p.page.wait_for_load_state("load")
    p.audit()
    assert p.page.get_by_text("Getting them into treatment", exact=True).is_visible()
    p.page.get_by_role("link", name="Step 1: Understanding their use").click()
    p.page.wait_for_load_state("load")
    p.audit()
    p.page.get_by_label("A recent time they drank or used").fill("Friday after her shift")
    p.page.get_by_label("What came before it").fill("Payday, a call from her old crowd")
    p.page.get_by_label("What they did").fill("Several drinks over three hours")
    p.page.get_by_label("What it gave them in the short term").fill("Relief after a long week")
    p.page.get_by_label("What it cost them, and you, in the long term").fill("A lost Saturday")
    p.page.get_by_role("button", name="Save", exact=True).click()
    p.page.wait_for_load_state("load")
    p.audit()
    assert p.page.get_by_text("Saved. Only you can see it.").is_visible()
    assert CraftWorksheet.objects.get(person=pat).values["short_term"] == "Relief after a long week"
    p.page.get_by_role("link", name="All the steps").click()
    p.page.wait_for_load_state("load")
    p.audit()
    assert p.page.get_by_text("You have worked through 1 of 7 steps.").first.is_visible()
    assert p.page.evaluate("document.documentElement.scrollWidth") <= 390

    # Maya has a hard day and says so.
    b.goto("/support/hard-day/")
    b.page.get_by_label("A short note (optional)").fill("Rough shift, thinking about drinking")
    b.page.get_by_role("button", name="Let them know").click()
    b.page.wait_for_load_state("load")
    b.audit()

    # Pat sees it in his family space, with ways to be there, and opens it.
    p.goto("/family/")
    signal = p.page.get_by_role("link", name=re.compile(r"Maya O\. is having a hard day"))
    assert signal.is_visible()
    assert p.page.get_by_text("Ask what would help today, and listen to the answer.").is_visible()
    assert p.page.evaluate("document.documentElement.scrollWidth") <= 390
    signal.click()
    p.page.wait_for_load_state("load")
    p.audit()
    assert p.page.get_by_text("Rough shift, thinking about drinking").is_visible()
    p.goto("/notifications/")
    assert p.page.get_by_text("Someone you support is having a hard day").first.is_visible()


def test_every_family_page_passes_axe_on_a_360_px_phone(phone, cast) -> None:
    from alongside.accounts.sensitive import Credential
    from alongside.family import services
    from alongside.journey.services import record_check_in

    maya, pat = cast["member"].user, cast["ally"].user
    record_check_in(member=maya, mood=4, craving=2)
    invitation = services.invite_ally(
        credential=Credential.for_setup(maya),
        email=pat.email,
        relationship="partner",
        scopes=["check_in_summary"],
        gets_sos=True,
    )
    ally = services.accept_invitation(invitation=invitation, user=pat)
    services.invite_ally(
        credential=Credential.for_setup(maya),
        email="aunt.bea@example.org",
        relationship="other",
        scopes=["milestones"],
    )
    sheet = services.save_craft_worksheet(
        person=pat,
        tool="safety_plan",
        answers={
            "naloxone_where": "Kitchen drawer",
            "overdose_signs": "Blue lips, slow breathing",
            "emergency_number": "911",
            "will_act": True,
        },
    )
    services.record_wellbeing(person=pat, stress=5, sleep_hours=7, note="A calm evening")

    phone.sign_in_as(maya)
    for path in ("/family/allies/", f"/family/allies/{ally.pk}/", "/family/allies/invite/"):
        phone.goto(path)
        assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360, path
    assert phone.page.get_by_text("What they will see").is_visible()

    phone.page.context.clear_cookies()
    phone.sign_in_as(pat)
    for path in (
        "/family/",
        "/family/craft/",
        f"/family/craft/worksheets/{sheet.pk}/",
        "/family/wellbeing/",
        f"/family/members/{maya.pk}/check-ins/",
        f"/family/invitations/{invitation.pk}/",
    ):
        phone.goto(path)
        assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360, path
    assert phone.page.get_by_text("This invitation can no longer be answered").is_visible()
