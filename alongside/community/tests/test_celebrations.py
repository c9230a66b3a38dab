"""A member shares a milestone with their group by choice; others there congratulate, and the
congratulation reaches the member."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache

from alongside.community.models import Thread
from alongside.journey import services as journey
from alongside.journey.models import Congratulation
from alongside.notifications.models import InAppNotification

pytestmark = pytest.mark.django_db


@pytest.fixture
def ninety_days(member):
    cache.clear()
    journey.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=member.local_today() - datetime.timedelta(days=95),
    )
    return journey.sync_celebrations(member=member)[0]


def test_maya_shares_a_milestone_in_her_group_and_theo_congratulates_her(
    cast, forum, client_as, ninety_days
) -> None:
    maya = cast["member"].user
    page = client_as("member").get("/community/celebrate/")
    assert "90 days" in page.content.decode()
    shared = client_as("member").post(
        "/community/celebrate/",
        {"celebration": ninety_days.pk, "space": "forum-smart", "note": ""},
    )
    assert shared.status_code == 302
    thread = Thread.objects.get(celebration=ninety_days)
    assert thread.title == "Celebrating 90 days" and thread.space.slug == "forum-smart"
    theo = client_as("facilitator")
    theo.post(f"/community/threads/{thread.pk}/congratulate/", {"message": "So proud of you"})
    assert Congratulation.objects.get(celebration=ninety_days).message == "So proud of you"
    assert InAppNotification.objects.filter(user=maya, kind="congratulation").exists()


def test_a_milestone_is_shared_only_in_the_members_own_groups(cast, forum, client_as, ninety_days):
    api = client_as("member").post(
        "/api/v1/community/celebrations",
        {"celebration_id": ninety_days.pk, "space": "early-days"},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api.json()["error"]["fields"][0]["field"] == "space"
    someone_elses = client_as("member2").post(
        "/api/v1/community/celebrations",
        {"celebration_id": ninety_days.pk, "space": "forum-smart"},
        content_type="application/json",
    )
    assert someone_elses.status_code == 404
    assert not Thread.objects.filter(celebration=ninety_days).exists()
