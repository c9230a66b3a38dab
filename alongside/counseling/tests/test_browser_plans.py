"""Dr. Chen writes Maya's treatment plan in a real browser: she starts it, rates the six ASAM
dimensions, adds a problem with a goal, a measurable objective and an intervention, saves it as a
version and signs it. Maya, on a 390-px-wide phone, opens her plan from her notice list, reads
it and co-signs it. Every page passes axe; Maya's pages do not scroll sideways."""

from __future__ import annotations

import datetime

import pytest

from alongside.counseling.models import PlanStatus, TreatmentPlan
from alongside.counseling.tests.test_plans import share_counseling
from alongside.testing.browser import PHONE_390, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RATINGS = {
    "1. Intoxication, Withdrawal, and Addiction Medications": "0",
    "2. Biomedical Conditions": "1",
    "3. Psychiatric and Cognitive Conditions": "2",
    "4. Substance Use-Related Risks": "3",
    "5. Recovery Environment Interactions": "2",
    "6. Person-Centered Considerations": "1",
}


def test_dr_chen_writes_and_signs_a_plan_and_maya_co_signs_it_on_her_phone(
    browse, _playwright_browser, live_server, cast
) -> None:
    maya, chen = cast["member"].user, cast["counselor"].user
    share_counseling(cast)
    b = browse
    b.sign_in_as(chen)
    b.page.get_by_role("link", name="Treatment plans").first.click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("Who the plan is with").select_option(label="Maya O.")
    b.page.get_by_role("button", name="Start the plan").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("The plan is started. Write it together, then sign it.").is_visible()

    for dimension, rating in RATINGS.items():
        group = b.page.get_by_role("group", name=dimension)
        group.get_by_label("Risk rating").select_option(rating)
    b.page.get_by_role("group", name="4. Substance Use-Related Risks").get_by_label("Note").fill(
        "Drinks after work most days"
    )
    b.page.get_by_role("button", name="Add a problem").click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("What the problem is").fill("Drinking most evenings after work")
    b.page.get_by_label("ASAM dimension").select_option("4")
    b.page.get_by_role("button", name="Add a goal to problem 1").click()
    b.page.wait_for_load_state("load")
    b.page.get_by_label("Goal (required)", exact=True).fill("Evenings without alcohol")
    b.page.get_by_role("button", name="Add an objective to goal 1 of problem 1").click()
    b.page.wait_for_load_state("load")
    target = chen.local_today() + datetime.timedelta(days=60)
    b.page.get_by_label("Objective (required)", exact=True).fill(
        "Five alcohol-free evenings a week"
    )
    b.page.get_by_label("How it is measured").fill("Daily check-ins")
    b.page.get_by_label("Target date").fill(target.isoformat())
    b.page.get_by_label("Status").select_option("in_progress")
    b.page.get_by_role("button", name="Add an intervention to problem 1").click()
    b.page.wait_for_load_state("load")
    b.audit()
    b.page.get_by_label("What will be done").fill("Relapse prevention skills group")
    b.page.get_by_label("Who does it").fill("Dr. Chen")
    b.page.get_by_label("How often").fill("Weekly")
    b.page.get_by_role("button", name="Save as a new version").first.click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("Saved as version 2. Sign it when it is ready.").is_visible()
    assert b.page.get_by_text("ASAM dimension 4: Substance Use-Related Risks").is_visible()
    assert b.page.get_by_text("Five alcohol-free evenings a week").is_visible()
    b.page.get_by_role("button", name="Sign version 2").click()
    b.page.wait_for_load_state("load")
    b.audit()
    assert b.page.get_by_text("You signed version 2. Maya O. is asked to read").is_visible()
    assert b.page.get_by_text("Signed by Grace C. on").is_visible()

    mine = next(_make_browser(_playwright_browser, live_server, **PHONE_390))
    mine.sign_in_as(maya)
    mine.goto("/notifications/")
    mine.page.get_by_role("button", name="A plan is waiting for your signature").first.click()
    mine.page.wait_for_load_state("load")
    mine.audit()
    page = mine.page
    assert page.get_by_role("heading", name="Your treatment plan").is_visible()
    assert page.get_by_text("This is the plan you and your counselor make together.").is_visible()
    assert page.get_by_text("Status: In progress").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Co-sign version 2").click()
    page.wait_for_load_state("load")
    mine.audit()
    assert page.get_by_text("You co-signed version 2 of your plan. Thank you.").is_visible()
    assert page.get_by_text("Co-signed by you on").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    plan = TreatmentPlan.objects.get(member=maya)
    assert plan.status == PlanStatus.ACTIVE
    mine.goto(f"/counseling/plans/{plan.pk}/versions/2/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
