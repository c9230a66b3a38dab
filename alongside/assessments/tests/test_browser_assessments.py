"""Done when, in a real Chromium: the demo member completes a BARC-10 and a BAM and sees scores
and trend; a PHQ-9 with item 9 above zero shows the safety resources and notifies the consented
counselor, and not the unconsented staff."""

from __future__ import annotations

import pytest

from alongside.assessments import demo
from alongside.assessments.models import Administration
from alongside.notifications.models import InAppNotification
from alongside.testing.browser import Browser, _make_browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAM_NUMBERS = {
    "2": "4",
    "3": "2",
    "4": "0",
    "6": "0",
    "10": "16",
    "11": "1",
    "13": "20",
    "16": "26",
}
BAM_CHOICES = {
    "1": "Good",
    "8": "Slightly",
    "9": "Considerably",
    "12": "Moderately",
    "14": "Yes",
    "15": "Slightly",
    "17": "Considerably",
}


def choose(b: Browser, item: str, label: str) -> None:
    b.page.locator(f"#item-{item}").get_by_label(label, exact=True).check()


def submit(b: Browser, name: str = "See my results") -> None:
    b.page.get_by_role("button", name=name).click()
    b.page.wait_for_load_state("load")
    b.audit()


def test_member_completes_barc10_and_bam_sees_trend_and_item_9_reaches_only_the_consented_counselor(
    browse, _playwright_browser, live_server, cast
) -> None:
    demo.populate(cast)
    maya = cast["member"]
    b = browse
    b.sign_in_as(maya.user)
    assert b.page.get_by_role("heading", name="Assessments").is_visible()  # the BAM is due today

    # BARC-10: every statement "Agree" (5) → 50, at or above 47, shown as a strength.
    b.page.get_by_role("navigation", name="Main").get_by_role("link", name="Assessments").click()
    b.audit()
    b.page.get_by_role("link", name="Complete the BARC-10").click()
    b.audit()
    for n in range(1, 11):
        choose(b, str(n), "Agree")
    submit(b)
    assert b.page.get_by_role("heading", name="BARC-10 result").is_visible()
    assert b.page.locator(".score-value").first.inner_text().startswith("50")
    assert b.page.get_by_text("A strength:").is_visible()
    b.page.get_by_role("link", name="Your BARC-10 over time").click()
    b.audit()
    change = b.page.locator("section.change")
    assert change.locator(".score-value").inner_text() == "+14"  # 36 at intake → 50
    assert b.page.locator("svg[role=img] circle.point").count() == 3
    assert b.page.get_by_role("table").get_by_role("cell", name="50").is_visible()

    # BAM: no alcohol and no drugs, so 5 and 7A–7G are skipped (and hidden as they are).
    b.goto("/assessments/take/bam/")
    for item, value in BAM_NUMBERS.items():
        b.page.locator(f"#id_item_{item}").fill(value)
    for item, label in BAM_CHOICES.items():
        choose(b, item, label)
    assert b.page.locator("#item-5").is_hidden() and b.page.locator("#item-7a").is_hidden()
    submit(b)
    assert b.page.get_by_role("heading", name="BAM result").is_visible()
    for subscale in ["Use", "Risk factors", "Protective factors"]:
        assert b.page.get_by_role("heading", name=subscale, exact=True).is_visible()
    assert b.page.get_by_text("No total score is shown").is_visible()
    b.page.get_by_role("link", name="Your BAM over time").click()
    b.audit()
    assert b.page.locator("svg[role=img]").count() == 3

    # PHQ-9 with item 9 "Several days" and a minimal total: safety resources at once.
    b.goto("/assessments/take/phq9/")
    for n in range(1, 9):
        choose(b, str(n), "Not at all")
    choose(b, "9", "Several days")
    submit(b)
    assert b.page.get_by_role("heading", name="You don't have to carry this alone").is_visible()
    assert b.page.locator("a[href='tel:988']").first.is_visible()
    assert b.page.get_by_role("link", name="Need help now: all crisis lines").is_visible()
    assert "Grace C." in b.page.locator("section.safety").inner_text()
    phq = Administration.objects.get(member=maya.user, instrument="phq9")

    # The consented counselor is told at once; unconsented staff are not.
    assert (
        InAppNotification.objects.filter(
            user=cast["counselor"].user, kind="assessment_safety", is_urgent=True
        ).count()
        == 1
    )
    for unconsented in ["peer_specialist", "outsider", "org_admin", "house_manager"]:
        assert not InAppNotification.objects.filter(user=cast[unconsented].user).exists()

    counselor_browser = _make_browser(
        _playwright_browser, live_server, viewport={"width": 1280, "height": 900}
    )
    c = next(counselor_browser)
    counselor = cast["counselor"]
    c.sign_in_as(counselor.user)
    assert c.page.get_by_text("Urgent").first.is_visible()
    c.page.get_by_role("link", name="All notifications").click()
    c.audit()
    c.page.get_by_role("button", name="Open").first.click()
    c.page.wait_for_load_state("load")
    c.audit()
    assert c.page.get_by_role("heading", name="Safety follow-up needed").is_visible()
    next(counselor_browser, None)

    lena_browser = _make_browser(
        _playwright_browser, live_server, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    lena = next(lena_browser)
    peer = cast["peer_specialist"]
    lena.sign_in_as(peer.user)
    assert lena.page.get_by_text("Urgent").count() == 0
    response = lena.page.goto(lena.url(f"/assessments/results/{phq.pk}/"))
    lena.audit()
    assert response.status == 404
    next(lena_browser, None)


def test_on_a_phone_the_bam_form_errors_and_trend_read_well(phone, cast) -> None:
    demo.populate(cast)
    maya = cast["member"]
    phone.sign_in_as(maya.user)
    phone.goto("/assessments/take/bam/")
    phone.page.locator("#id_item_2").fill("45")
    submit(phone)
    assert (
        phone.page.get_by_role("alert")
        .get_by_role("link", name="Item 2: enter a number of days from 0 to 30.")
        .is_visible()
    )
    assert phone.page.locator("#id_item_2").input_value() == "45"
    phone.goto("/assessments/trends/bam/")
    assert phone.page.locator("svg[role=img]").count() == 3
    phone.goto("/assessments/instruments/auditc/")
    assert phone.page.get_by_text("Unverified:").first.is_visible()
