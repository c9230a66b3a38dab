"""An organization's admins choose its forum moderators; moderators go on and off duty, and
crisis alerts follow who is on duty."""

from __future__ import annotations

import pytest

from alongside.community import services
from alongside.community.models import Moderator
from alongside.notifications.models import InAppNotification

pytestmark = pytest.mark.django_db


def test_an_admin_adds_someone_in_the_organization_who_is_told_and_may_then_moderate(
    cast, forum, client_as
) -> None:
    sam, topic = cast["mentor"].user, forum["forum_topic"]
    assert not services.moderates(sam, topic)
    client = client_as("org_admin")
    outsider = client.post(
        "/community/moderators/riverbend/", {"user_id": cast["outsider"].user.pk}
    )
    assert outsider.status_code == 422
    added = client.post("/community/moderators/riverbend/", {"user_id": sam.pk})
    assert added.status_code == 302
    assert services.moderates(sam, topic)
    assert InAppNotification.objects.filter(user=sam, kind="community_moderator").exists()
    assert client_as("peer_specialist").get("/community/moderators/riverbend/").status_code == 404


def test_crisis_alerts_go_to_moderators_on_duty_or_to_all_when_nobody_is(cast, forum) -> None:
    lena, dana, topic = cast["peer_specialist"].user, cast["org_admin"].user, forum["forum_topic"]
    assert services.on_duty(topic) == [lena]
    services.set_on_duty(moderator=Moderator.objects.get(user=lena), on_duty=False)
    assert set(services.on_duty(topic)) == {lena, dana}
    assert services.on_duty(forum["forum_group_space"]) == [cast["facilitator"].user]


def test_a_moderator_goes_off_duty_through_the_api(cast, forum, client_as) -> None:
    response = client_as("peer_specialist").put(
        "/api/v1/community/moderation/duty", {"on_duty": False}, content_type="application/json"
    )
    assert response.json() == {"on_duty": False, "organizations": ["riverbend"]}
    assert not Moderator.objects.get(user=cast["peer_specialist"].user).is_on_duty
