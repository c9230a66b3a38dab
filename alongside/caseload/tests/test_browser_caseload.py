"""Lena works her caseload in a real browser: she finds Jordan on the gone-quiet list, records
an engagement with a note and a follow-up, and sees him leave the list; she moves him to the
comprehensive pathway, writes his intake, and adds a goal and a step to his recovery plan with
him, which Jordan then finds on his own goal page marked as hers. Every page passes axe, also on
a phone, where the table stacks into cards instead of scrolling the page sideways."""

from __future__ import annotations

import datetime

import pytest

from alongside.accounts.sensitive import Credential
from alongside.caseload.models import Engagement, FollowUp, Intake
from alongside.journey.models import GoalStep, RecoveryGoal
from alongside.privacy.services import grant_access
from alongside.testing.browser import PHONE, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lena_finds_who_has_gone_quiet_and_records_an_engagement_with_a_follow_up(
    browse, _playwright_browser, live_server, cast
) -> None:
    jordan, lena = cast["member2"].user, cast["peer_specialist"].user
    grant_access(
        member=jordan,
        grantee_user=lena,
        scopes=["check_ins", "plans"],
        purpose="peer support",
        credential=Credential.for_setup(jordan),
    )
    b = browse
    b.sign_in_as(lena)
    b.page.get_by_role("link", name="Caseload").first.click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("Show").select_option("quiet")
    b.page.get_by_role("button", name="Show", exact=True).click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_role("link", name="JustJordan").click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("Okay to text").check()
    b.page.get_by_role("button", name="Save").click()
    b.page.wait_for_load_state("load")
    follow_up_on = lena.local_today() + datetime.timedelta(days=7)
    b.page.get_by_label("Kind").select_option("brief")
    b.page.get_by_label("Minutes").fill("20")
    b.page.get_by_label("Note (optional)").fill(
        "Started a new job; wants to find a Tuesday meeting."
    )
    b.page.get_by_label("Follow up on (optional)").fill(follow_up_on.isoformat())
    b.page.get_by_label("Follow-up: what for").fill("Send him the Tuesday meetings near work")
    b.page.get_by_role("button", name="Record").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("Started a new job; wants to find a Tuesday meeting.").is_visible()
    assert b.page.get_by_text("Send him the Tuesday meetings near work").is_visible()
    assert Engagement.objects.get().minutes == 20
    assert FollowUp.objects.get().due_on == follow_up_on

    b.goto("/caseload/?show=quiet")
    b.audit()
    assert b.page.get_by_text("Nobody here for this view.").is_visible()

    # The comprehensive pathway starts with an intake.
    b.page.get_by_role("link", name="Caseload").first.click()
    b.page.wait_for_load_state("load")
    b.page.get_by_role("link", name="JustJordan").click()
    b.page.wait_for_load_state("load")
    b.page.get_by_label("Comprehensive (intake and recovery plan)").check()
    b.page.get_by_role("button", name="Save", exact=True).click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("How they came to us").select_option("treatment")
    b.page.get_by_label("Housing", exact=True).check()
    b.page.get_by_label("Legal matters").check()
    b.page.get_by_label("What they want help with, in their words (optional)").fill(
        "A room before the lease ends"
    )
    b.page.get_by_label("Best times to reach them (optional)").fill("Evenings")
    b.page.get_by_role("button", name="Record the intake").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("The intake is saved.").is_visible()
    intake = Intake.objects.get()
    assert (intake.referral, intake.needs) == ("treatment", ["housing", "legal"])

    # His goals, shared with his plans: Lena adds one with him, and a first step.
    b.page.get_by_label("Area of life").select_option("housing")
    b.page.get_by_label("Goal (required)", exact=True).fill("A room of my own")
    b.page.get_by_role("button", name="Add goal").click()
    b.page.wait_for_load_state("load")
    b.page.get_by_role("link", name="A room of my own").click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("Next step").fill("Call the housing office")
    b.page.get_by_role("button", name="Add step").click()
    b.page.wait_for_load_state("load")
    b.page.get_by_role("button", name="Mark done").click()
    b.page.wait_for_load_state("load")
    b.audit()
    goal = RecoveryGoal.objects.get(member=jordan)
    assert GoalStep.objects.get(goal=goal).is_done

    mine = next(_make_browser(_playwright_browser, live_server))
    mine.sign_in_as(jordan)
    mine.goto(f"/journey/goals/{goal.pk}/")
    mine.audit()
    assert mine.page.get_by_text("Lena K. added this goal").is_visible()
    assert mine.page.get_by_text("Lena K. marked a step done: Call the housing office").is_visible()

    phone = next(_make_browser(_playwright_browser, live_server, **PHONE))
    phone.sign_in_as(lena)
    phone.goto("/caseload/")
    phone.audit()
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 360
