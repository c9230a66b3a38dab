"""Accountability partners agree a rhythm, are prompted at the start of each window, mark it
done, see a missed one gently, and can pause. Pages and API through the same functions."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.messaging.models import Partnership
from alongside.notifications.models import InAppNotification
from alongside.peers import partners
from alongside.peers.models import PartnerCheckIn

pytestmark = pytest.mark.django_db

# Tuesday 10 March 2026, 18:00 in Chicago (Maya's zone, two days into daylight saving time),
# before the 19:00-20:00 window; a week earlier the same window was an hour later in UTC.
TUESDAY_EVENING = datetime.datetime(2026, 3, 10, 23, 0, tzinfo=datetime.UTC)


def partnership(cast, *, confirmed: bool = True) -> Partnership:
    return Partnership.objects.create(
        asked_by=cast["member"].user,
        partner=cast["member2"].user,
        confirmed_at=timezone.now() if confirmed else None,
    )


def weekly(found: Partnership, by):
    return partners.propose_rhythm(
        partnership=found,
        by=by,
        frequency="weekly",
        weekday=1,  # Tuesday
        window_start=datetime.time(19, 0),
        window_end=datetime.time(20, 0),
    )


@time_machine.travel(TUESDAY_EVENING, tick=False)
def test_one_proposes_the_other_agrees_and_both_are_prompted_once(cast, client_as) -> None:
    maya, jordan = cast["member"].user, cast["member2"].user
    found = partnership(cast)
    response = client_as("member").post(
        f"/peers/partners/{found.pk}/",
        {"frequency": "weekly", "weekday": "1", "window_start": "19:00", "window_end": "20:00"},
    )
    assert response.status_code == 302
    [asked] = InAppNotification.objects.filter(user=jordan, kind="partner_rhythm")
    assert "every Tuesday, 19:00–20:00 (America/Chicago)" in asked.body
    mine = client_as("member").post(f"/api/v1/peers/partners/{found.pk}/rhythm/agree")
    assert mine.status_code == 409  # the one who proposed does not agree for the other
    client_as("member2").post(f"/peers/partners/{found.pk}/do/", {"action": "agree"})
    rhythm = partners.rhythm_of(found)
    assert rhythm is not None and rhythm.agreed_at is not None
    opens = partners.next_window(rhythm)
    assert opens == datetime.datetime(2026, 3, 11, 0, 0, tzinfo=datetime.UTC)
    assert partners.prompt(rhythm_id=rhythm.pk, opens_at=opens.isoformat()) == "prompted"
    partners.prompt(rhythm_id=rhythm.pk, opens_at=opens.isoformat())  # a retried task
    for person, other in ((maya, "JustJordan"), (jordan, "Maya O.")):
        [notice] = InAppNotification.objects.filter(user=person, kind="partner_check_in")
        assert notice.body.startswith(f"Time to check in with {other}")


def test_marking_done_counts_once_and_a_miss_is_shown_gently(cast, client_as) -> None:
    found = partnership(cast)
    with time_machine.travel(TUESDAY_EVENING - datetime.timedelta(days=7), tick=False):
        rhythm = weekly(found, cast["member"].user)
        partners.agree_rhythm(rhythm=rhythm, by=cast["member2"].user)
    with time_machine.travel(TUESDAY_EVENING + datetime.timedelta(hours=1, minutes=30), tick=False):
        page = client_as("member").get(f"/peers/partners/{found.pk}/").content.decode()
        assert "Tuesday 3 March: missed — that happens; the next one is a new start" in page
        assert "Tuesday 10 March: today, still open" in page
        # The prompt for tonight's window mentions the miss, kindly.
        opens = datetime.datetime(2026, 3, 11, 0, 0, tzinfo=datetime.UTC)
        partners.prompt(rhythm_id=rhythm.pk, opens_at=opens.isoformat())
        notice = InAppNotification.objects.filter(kind="partner_check_in").first()
        assert "That is all right: today is a new one." in notice.body
        client_as("member2").post(f"/peers/partners/{found.pk}/do/", {"action": "done"})
        again = client_as("member").post(f"/api/v1/peers/partners/{found.pk}/check-ins")
        assert again.status_code == 409
        assert again.json()["error"]["message"] == "JustJordan already marked this check-in done."
        page = client_as("member").get(f"/peers/partners/{found.pk}/").content.decode()
        assert "Tuesday 10 March: done (marked by JustJordan)" in page
    assert PartnerCheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        (
            {"frequency": "daily", "window_start": "20:00", "window_end": "19:00"},
            "window_end",
            "The window ends after it starts",
        ),
        (
            {"frequency": "weekly", "window_start": "19:00", "window_end": "20:00"},
            "weekday",
            "Choose the day of the week",
        ),
    ],
)
def test_a_rhythm_that_cannot_work_is_refused_beside_the_field(
    cast, client_as, values, field, words
) -> None:
    found = partnership(cast)
    page = client_as("member").post(f"/peers/partners/{found.pk}/", values)
    assert page.status_code == 422 and words in page.content.decode()
    api = client_as("member").put(
        f"/api/v1/peers/partners/{found.pk}/rhythm", values, content_type="application/json"
    )
    assert api.status_code == 422
    assert api.json()["error"]["fields"][0]["field"] == field
    assert partners.rhythm_of(found) is None


def test_no_rhythm_before_both_are_partners_and_none_for_anyone_else(cast, client_as) -> None:
    found = partnership(cast, confirmed=False)
    with pytest.raises(ValidationError, match="once you are both partners"):
        weekly(found, cast["member"].user)
    assert client_as("ally").get(f"/peers/partners/{found.pk}/").status_code == 404
    assert client_as("ally").get(f"/api/v1/peers/partners/{found.pk}/rhythm").status_code == 404


def test_a_paused_rhythm_prompts_nobody_until_started_again(cast, client_as) -> None:
    found = partnership(cast)
    with time_machine.travel(TUESDAY_EVENING, tick=False):
        rhythm = weekly(found, cast["member"].user)
        partners.agree_rhythm(rhythm=rhythm, by=cast["member2"].user)
        paused = client_as("member2").patch(
            f"/api/v1/peers/partners/{found.pk}/rhythm",
            {"paused": True},
            content_type="application/json",
        )
        assert paused.json()["paused"] is True
        opens = partners.next_window(rhythm).isoformat()
        assert partners.prompt(rhythm_id=rhythm.pk, opens_at=opens) == "stopped"
        client_as("member").post(f"/peers/partners/{found.pk}/do/", {"action": "resume"})
        assert partners.prompt(rhythm_id=rhythm.pk, opens_at=opens) == "prompted"
