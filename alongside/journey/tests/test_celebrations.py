"""Reaching a milestone makes a celebration; people the member chose can congratulate; nobody
else can even see it."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine

from alongside.accounts.sensitive import Credential
from alongside.journey import services
from alongside.journey.models import Celebration, Congratulation
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import AccessLogEntry
from alongside.privacy.services import grant_access
from alongside.testing.assertions import text_of

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 18) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=datetime.UTC)


def test_reaching_a_milestone_on_its_date_creates_one_celebration(member) -> None:
    start = datetime.date(2025, 1, 1)
    with time_machine.travel(at(datetime.date(2025, 1, 30)), tick=False):
        services.start_track(
            member=member, kind="substance", goal="abstinence", name="Alcohol", sobriety_on=start
        )
        assert services.sync_celebrations(member=member) == []
    with time_machine.travel(at(datetime.date(2025, 1, 31)), tick=False):
        made = services.sync_celebrations(member=member)
        assert [(c.milestone_key, c.reached_on) for c in made] == [
            ("30d", datetime.date(2025, 1, 31))
        ]
        assert services.sync_celebrations(member=member) == []  # never twice
    assert InAppNotification.objects.filter(user=member, kind="milestone").count() == 1


def test_a_date_years_back_celebrates_only_the_latest_milestone(member) -> None:
    services.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=member.local_today() - datetime.timedelta(days=800),
    )
    made = services.sync_celebrations(member=member)
    assert [c.milestone_key for c in made] == ["2y"]


@pytest.fixture
def celebration(member) -> Celebration:
    services.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=member.local_today() - datetime.timedelta(days=30),
    )
    return services.sync_celebrations(member=member)[0]


def test_the_mentor_the_member_chose_congratulates_and_the_member_sees_it(
    cast, client_as, member, celebration
) -> None:
    mentor = client_as("mentor")
    assert mentor.get(f"/journey/celebrations/{celebration.pk}/").status_code == 404  # deny…
    grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=["milestones"],
        purpose="sponsor",
        credential=Credential.for_setup(member),
    )  # …grant…
    page = mentor.get(f"/journey/celebrations/{celebration.pk}/").content.decode()
    assert "Maya O. reached 30 days" in page
    response = mentor.post(
        f"/journey/celebrations/{celebration.pk}/", {"message": "So proud of you!"}, follow=True
    )  # …succeed
    assert "Your congratulations are on their way" in response.content.decode()
    assert Congratulation.objects.get().message == "So proud of you!"
    own = client_as("member").get(f"/journey/celebrations/{celebration.pk}/").content.decode()
    assert "Sam W." in own and "So proud of you!" in own
    assert InAppNotification.objects.filter(user=member, kind="congratulation").exists()
    assert AccessLogEntry.objects.filter(
        member=member, actor=cast["mentor"].user, record_type="journey.celebration"
    ).exists()


@pytest.mark.parametrize(
    "persona", ["counselor", "peer_specialist", "ally", "member2", "outsider", "org_admin"]
)
def test_people_without_the_milestones_grant_cannot_see_or_congratulate(
    cast, client_as, member, celebration, persona
) -> None:
    grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=["milestones"],
        purpose="sponsor",
        credential=Credential.for_setup(member),
    )
    client = client_as(persona)
    assert client.get(f"/journey/celebrations/{celebration.pk}/").status_code == 404
    assert (
        client.post(f"/journey/celebrations/{celebration.pk}/", {"message": "hi"}).status_code
        == 404
    )
    assert client.get(f"/journey/members/{member.pk}/milestones/").status_code == 404
    assert (
        client.post(
            f"/api/v1/celebrations/{celebration.pk}/congratulations",
            {"message": "hi"},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert not Congratulation.objects.exists()


def test_a_check_ins_grant_does_not_reach_milestones(cast, client_as, member, celebration) -> None:
    grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=["check_ins"],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    assert client_as("counselor").get(f"/journey/celebrations/{celebration.pk}/").status_code == 404


def test_a_grantee_is_told_about_a_new_milestone_without_the_members_name(cast, member) -> None:
    grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=["milestones"],
        purpose="sponsor",
        credential=Credential.for_setup(member),
    )
    services.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=member.local_today() - datetime.timedelta(days=60),
    )
    services.sync_celebrations(member=member)
    notice = InAppNotification.objects.get(user=cast["mentor"].user)
    assert "Maya" not in notice.title and notice.url.startswith("/journey/celebrations/")


def test_a_relapse_keeps_old_celebrations_and_new_ones_come_with_the_new_count(
    member, celebration
) -> None:
    track = celebration.track
    services.record_relapse(track=track, used_on=member.local_today())
    assert services.sync_celebrations(member=member) == []
    assert Celebration.objects.filter(track=track).count() == 1


def test_the_mentors_milestones_page_and_api_show_the_count(
    cast, client_as, member, celebration
) -> None:
    grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=["milestones"],
        purpose="sponsor",
        credential=Credential.for_setup(member),
    )
    page = client_as("mentor").get(f"/journey/members/{member.pk}/milestones/").content.decode()
    assert "30 days" in page and "Alcohol" in page
    body = client_as("mentor").get(f"/api/v1/members/{member.pk}/milestones").json()
    assert body["tracks"][0]["latest_milestone"]["key"] == "30d"
    assert body["celebrations"][0]["milestone"] == "30 days"


@pytest.mark.parametrize("supporter", ["mentor", "ally"])
def test_a_supporter_is_linked_only_to_pages_they_may_open(
    cast, client_as, member, celebration, supporter
) -> None:
    grant_access(
        member=member,
        grantee_user=cast[supporter].user,
        scopes=["milestones"],
        purpose="cheering her on",
        credential=Credential.for_setup(member),
    )
    client = client_as(supporter)
    page = client.get(f"/journey/members/{member.pk}/milestones/").content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    links = re.findall(r'href="(/[^"#]*)', main)
    assert f"/journey/celebrations/{celebration.pk}/" in links  # the celebration opens
    for link in links:
        assert client.get(link).status_code == 200, link
    assert f"/journey/tracks/{celebration.track_id}/" not in links


def test_a_back_dated_lapse_withdraws_the_celebration_and_keeps_its_congratulations(
    cast, client_as, member, celebration
) -> None:
    grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=["milestones"],
        purpose="sponsor",
        credential=Credential.for_setup(member),
    )
    services.congratulate(celebration=celebration, author=cast["mentor"].user, message="So proud")
    track = celebration.track
    services.record_relapse(
        track=track, used_on=celebration.reached_on - datetime.timedelta(days=3)
    )
    celebration.refresh_from_db()
    assert celebration.withdrawn_at is not None
    assert celebration.congratulations.count() == 1  # kept in history
    mentor = client_as("mentor")
    shared = text_of(mentor.get(f"/journey/members/{member.pk}/milestones/").content.decode())
    assert "Celebrations None yet." in shared
    assert mentor.get(f"/api/v1/members/{member.pk}/milestones").json()["celebrations"] == []
    own = client_as("member").get(f"/journey/tracks/{track.pk}/").content.decode()
    assert f'href="/journey/celebrations/{celebration.pk}/"' not in own
    page = text_of(mentor.get(f"/journey/celebrations/{celebration.pk}/").content.decode())
    assert "so this milestone is no longer counted" in page and "So proud" in page
    assert "Update my congratulations" not in page
    with pytest.raises(services.JourneyError):
        services.congratulate(celebration=celebration, author=cast["mentor"].user, message="Hi")


def test_a_lapse_after_the_milestone_keeps_the_celebration(member, celebration) -> None:
    services.record_relapse(track=celebration.track, used_on=member.local_today())
    celebration.refresh_from_db()
    assert celebration.withdrawn_at is None
