"""Finding and asking a sponsor or mentor: a shortlist with its reasons, requests answered
within 72 hours, temporary relationships reviewed at 90 days, ended by either side in two
clicks, and sharing that the member confirms scope by scope. The pages and the API call the
same services, so each rule is tested through both where a person meets it."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection

from alongside.messaging.services import may_message
from alongside.notifications.models import InAppNotification
from alongside.peers import services
from alongside.peers.models import (
    RelationshipStatus,
    RequestStatus,
    SupportKind,
    SupportRelationship,
    SupportRequest,
)
from alongside.peers.tasks import lapse_request

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
MONDAY = datetime.datetime(2026, 3, 9, 15, 0, tzinfo=UTC)


def offer(user, **values):
    defaults = {
        "offers_sponsorship": True,
        "offers_mentoring": True,
        "pathways": ["na"],
        "languages": ["en"],
        "capacity": 2,
    }
    return services.save_profile(user=user, **(defaults | values))


def looking(**values) -> services.Looking:
    return services.Looking(**({"kind": SupportKind.SPONSOR, "pathway": "na"} | values))


# ---------------------------------------------------------------- the shortlist


@time_machine.travel(MONDAY, tick=False)
def test_the_shortlist_ranks_the_best_fit_first_and_says_why(cast) -> None:
    maya, sam, theo = cast["member"].user, cast["mentor"].user, cast["facilitator"].user
    offer(sam, recovery_since=datetime.date(2016, 3, 1), availability="weekday evenings")
    offer(theo, recovery_since=datetime.date(2025, 12, 1), capacity=1)
    found = services.shortlist(maya, looking())
    assert [s.person for s in found] == [sam, theo]
    assert found[0].reasons == [
        "Knows Narcotics Anonymous from the inside",
        "Speaks English",
        "10 years in recovery (self-stated)",
        "Same time zone",
        "Usually free: weekday evenings",
        "2 places open",
    ]
    assert "Less than a year in recovery (self-stated)" in found[1].reasons


@pytest.mark.parametrize(
    ("profile", "wanted", "listed"),
    [
        ({}, {}, True),
        ({"languages": ["es"]}, {}, False),  # no shared language
        ({"pathways": ["aa"]}, {}, False),  # a sponsor works the steps of one's own fellowship
        ({"pathways": ["aa"]}, {"kind": SupportKind.MENTOR}, True),  # a mentor may not
        ({"offers_sponsorship": False}, {}, False),
        ({"same_gender_only": True, "gender": "man"}, {}, False),  # gender not said
        ({"same_gender_only": True, "gender": "man"}, {"gender": "woman"}, False),
        ({"same_gender_only": True, "gender": "woman"}, {"gender": "woman"}, True),
        ({"gender": "man"}, {"gender": "woman", "same_gender": True}, False),
        ({"gender": "woman"}, {"gender": "woman", "same_gender": True}, True),
        ({"is_listed": False}, {}, False),
    ],
)
def test_the_shortlist_keeps_every_hard_rule(cast, profile, wanted, listed) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    offer(sam, **profile)
    found = services.shortlist(maya, looking(**wanted))
    assert ([s.person for s in found] == [sam]) is listed


def test_people_with_no_place_open_or_already_asked_are_left_out(cast) -> None:
    maya, jordan, sam = cast["member"].user, cast["member2"].user, cast["mentor"].user
    offer(sam, capacity=1, pathways=["na", "mm"])
    services.ask(member=maya, supporter=sam, kind=SupportKind.SPONSOR)
    assert services.shortlist(maya, looking()) == []  # waiting for his answer
    services.answer(request=SupportRequest.objects.get(), accept=True)
    assert services.shortlist(jordan, looking(pathway="mm")) == []  # his one place is taken
    assert services.shortlist(sam, looking()) == []  # never oneself


def test_the_find_page_shows_the_reasons_and_a_way_to_ask(cast, client_as) -> None:
    sam = cast["mentor"].user
    offer(sam, availability="Saturday mornings")
    page = client_as("member").get("/peers/find/?kind=sponsor&pathway=na&language=en")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Sam W." in text and "Knows Narcotics Anonymous from the inside" in text
    assert "Usually free: Saturday mornings" in text
    assert f"/peers/supporters/{sam.pk}/ask/?kind=sponsor" in text
    assert "Whitaker" not in text and "sam@example.org" not in text  # display names only
    missing = client_as("member").get("/peers/find/?kind=sponsor&language=en")
    assert missing.status_code == 422
    assert "Choose the pathway you want a sponsor in." in missing.content.decode()


# ---------------------------------------------------------------- asking and answering


def test_a_request_waits_72_hours_and_tells_the_supporter(cast, client_as) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    offer(sam)
    with time_machine.travel(MONDAY, tick=False):
        response = client_as("member").post(
            f"/peers/supporters/{sam.pk}/ask/", {"kind": "sponsor", "message": "Met you Thursday."}
        )
        page = client_as("mentor").get("/peers/requests/").content.decode()
    assert response.status_code == 302
    request = SupportRequest.objects.get()
    assert (request.member, request.supporter, request.status) == (maya, sam, "pending")
    assert request.answer_by == MONDAY + datetime.timedelta(hours=72)
    with connection.cursor() as cursor:
        cursor.execute("SELECT message FROM peers_supportrequest WHERE id = %s", [request.pk])
        assert "Thursday" not in cursor.fetchone()[0]  # the note is encrypted at rest
    [notice] = InAppNotification.objects.filter(user=sam, kind="peer_request")
    assert notice.body == "Maya O. asked you to be their sponsor."
    assert "Met you Thursday." in page and "Accept" in page


@pytest.mark.parametrize(
    ("arrange", "words"),
    [
        ("full", "Sam W. has no place open just now. Ask someone else on your list."),
        ("asked", "You already asked Sam W."),
        ("supports", "Sam W. already supports you."),
        ("not_offered", "Sam W. is not taking requests to be a sponsor."),
        ("norm", "Sam W. supports people of their own gender only."),
    ],
)
def test_a_request_that_cannot_be_made_says_why_and_saves_nothing(
    cast, client_as, arrange, words
) -> None:
    maya, jordan, sam = cast["member"].user, cast["member2"].user, cast["mentor"].user
    offer(
        sam,
        capacity=1,
        offers_sponsorship=arrange != "not_offered",
        same_gender_only=arrange == "norm",
        gender="man",
    )
    if arrange == "full":
        services.answer(
            request=services.ask(member=jordan, supporter=sam, kind=SupportKind.MENTOR),
            accept=True,
        )
    if arrange == "asked":
        services.ask(member=maya, supporter=sam, kind=SupportKind.SPONSOR)
    if arrange == "supports":
        services.answer(
            request=services.ask(member=maya, supporter=sam, kind=SupportKind.MENTOR), accept=True
        )
    before = (SupportRequest.objects.count(), SupportRelationship.objects.count())
    page = client_as("member").post(f"/peers/supporters/{sam.pk}/ask/", {"kind": "sponsor"})
    assert page.status_code == 422
    assert words in page.content.decode().replace("&#x27;", "'")
    api = client_as("member").post(
        "/api/v1/peers/requests",
        {"supporter_id": sam.pk, "kind": "sponsor"},
        content_type="application/json",
    )
    assert api.status_code == 422
    [field] = api.json()["error"]["fields"]
    assert field["field"] == "supporter_id" and words in field["message"]
    assert (SupportRequest.objects.count(), SupportRelationship.objects.count()) == before


def test_accepting_starts_a_temporary_relationship_reviewed_after_90_days(cast, client_as) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    offer(sam)
    with time_machine.travel(MONDAY, tick=False):
        request = services.ask(member=maya, supporter=sam, kind=SupportKind.SPONSOR)
        response = client_as("mentor").post(
            f"/peers/requests/{request.pk}/answer/", {"answer": "accept"}
        )
    relationship = SupportRelationship.objects.get()
    assert response["Location"] == f"/peers/relationships/{relationship.pk}/"
    assert relationship.status == RelationshipStatus.TEMPORARY
    assert relationship.review_on == datetime.date(2026, 6, 7)  # 90 days on, in Maya's zone
    [notice] = InAppNotification.objects.filter(user=maya, kind="peer_accepted")
    assert "Sam W. agreed to be your sponsor for a first 90 days" in notice.body
    assert may_message(maya, sam) and may_message(sam, maya)  # and they may message each other
    page = client_as("member").get(f"/peers/relationships/{relationship.pk}/").content.decode()
    assert "Nothing is shared with Sam W. until you choose it." in page
    assert f"/privacy/share/?person={sam.pk}&amp;scope=milestones&amp;scope=check_ins" in page


def test_the_proposed_sharing_is_only_ticked_on_the_sharing_form_never_granted(
    cast, client_as
) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    offer(sam)
    request = services.ask(member=maya, supporter=sam, kind=SupportKind.SPONSOR)
    services.answer(request=request, accept=True)
    assert not maya.grants_given.filter(grantee_user=sam).exists()
    form = client_as("member").get(
        f"/privacy/share/?person={sam.pk}&scope=milestones&scope=check_ins&purpose=My+sponsor"
    )
    text = form.content.decode()
    assert f'<option value="{sam.pk}" selected>Sam W. —' in text
    ticked = {
        value
        for value in ("milestones", "check_ins", "plans")
        if f'value="{value}"' in text
        and "checked" in text.split(f'value="{value}"')[1].split(">")[0]
    }
    assert ticked == {"milestones", "check_ins"}
    assert 'value="My sponsor"' in text
    assert not maya.grants_given.filter(grantee_user=sam).exists()


def test_declining_tells_the_member_kindly_and_the_shortlist_follows(cast, client_as) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    offer(sam)
    request = services.ask(member=maya, supporter=sam, kind=SupportKind.SPONSOR)
    client_as("mentor").post(f"/peers/requests/{request.pk}/answer/", {"answer": "decline"})
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    [notice] = InAppNotification.objects.filter(user=maya, kind="peer_declined")
    assert notice.url == "/peers/find/"
    assert "Your shortlist has other people to ask." in notice.body


def test_an_unanswered_request_lapses_after_72_hours_and_cannot_be_accepted(
    cast, client_as
) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    offer(sam)
    with time_machine.travel(MONDAY, tick=False):
        request = services.ask(member=maya, supporter=sam, kind=SupportKind.SPONSOR)
    with time_machine.travel(MONDAY + datetime.timedelta(hours=73), tick=False):
        api = client_as("mentor").post(
            f"/api/v1/peers/requests/{request.pk}/answer",
            {"accept": True},
            content_type="application/json",
        )
        assert api.status_code == 409
        assert "This request has lapsed" in api.json()["error"]["message"]
        assert lapse_request.call(request_id=request.pk) == "answered"  # already lapsed
    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    assert not SupportRelationship.objects.exists()
    [notice] = InAppNotification.objects.filter(user=maya, kind="peer_request_lapsed")
    assert "Sam W. did not answer in time." in notice.body


def test_the_lapse_task_marks_a_request_nobody_answered(cast) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    offer(sam)
    with time_machine.travel(MONDAY, tick=False):
        request = services.ask(member=maya, supporter=sam, kind=SupportKind.SPONSOR)
        assert lapse_request.call(request_id=request.pk) == "answered"  # too soon: nothing
    with time_machine.travel(MONDAY + datetime.timedelta(hours=72), tick=False):
        assert lapse_request.call(request_id=request.pk) == "lapsed"
    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    # Asking again after a lapse is allowed.
    assert services.ask(member=maya, supporter=sam, kind=SupportKind.SPONSOR).is_waiting()


def test_only_the_person_asked_answers_and_only_the_asker_withdraws(cast, client_as) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    offer(sam)
    request = services.ask(member=maya, supporter=sam, kind=SupportKind.SPONSOR)
    denied = client_as("member").post(f"/peers/requests/{request.pk}/answer/", {"answer": "accept"})
    assert denied.status_code == 404
    assert client_as("mentor").post(f"/peers/requests/{request.pk}/withdraw/").status_code == 404
    client_as("member").post(f"/peers/requests/{request.pk}/withdraw/")
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    again = client_as("mentor").post(
        f"/api/v1/peers/requests/{request.pk}/answer",
        {"accept": True},
        content_type="application/json",
    )
    assert again.status_code == 409


# ---------------------------------------------------------------- ending and reviewing


def relationship_between(maya, sam) -> SupportRelationship:
    offer(sam)
    request = services.ask(member=maya, supporter=sam, kind=SupportKind.SPONSOR)
    services.answer(request=request, accept=True)
    return SupportRelationship.objects.get(request=request)


@pytest.mark.parametrize("who", ["member", "mentor"])
def test_either_side_ends_it_in_two_clicks_with_no_reason(cast, client_as, who) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    relationship = relationship_between(maya, sam)
    client = client_as(who)
    page = client.get(f"/peers/relationships/{relationship.pk}/").content.decode()
    assert f'href="/peers/relationships/{relationship.pk}/end/"' in page  # click one
    confirm = client.get(f"/peers/relationships/{relationship.pk}/end/").content.decode()
    assert "No reason is needed." in confirm and "<textarea" not in confirm
    ended = client.post(f"/peers/relationships/{relationship.pk}/end/")  # click two
    relationship.refresh_from_db()
    assert relationship.status == RelationshipStatus.ENDED
    assert relationship.ended_by == cast[who].user
    assert ended["Location"] == ("/peers/find/" if who == "member" else "/peers/")
    other = sam if who == "member" else maya
    [notice] = InAppNotification.objects.filter(user=other, kind="peer_ended")
    if other == maya:
        assert "it says nothing about you" in notice.body and notice.url == "/peers/find/"
    assert not may_message(maya, sam)
    assert SupportRelationship.objects.filter(pk=relationship.pk).exists()  # history is kept


def test_ending_twice_is_a_clear_error_and_changes_nothing(cast, client_as) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    relationship = relationship_between(maya, sam)
    services.end_relationship(relationship=relationship, by=maya)
    ended_at = SupportRelationship.objects.get().ended_at
    with pytest.raises(ValidationError, match="already ended"):
        services.end_relationship(relationship=relationship, by=sam)
    api = client_as("mentor").post(f"/api/v1/peers/relationships/{relationship.pk}/end")
    assert api.status_code == 409
    assert api.json()["error"]["message"] == "This relationship has already ended."
    relationship.refresh_from_db()
    assert (relationship.ended_at, relationship.ended_by) == (ended_at, maya)
    # After the end, Maya may ask Sam again.
    assert services.ask(member=maya, supporter=sam, kind=SupportKind.SPONSOR).is_waiting()


def test_the_review_comes_at_90_days_and_keeps_it_going(cast, client_as) -> None:
    maya, sam = cast["member"].user, cast["mentor"].user
    with time_machine.travel(MONDAY, tick=False):
        relationship = relationship_between(maya, sam)
        early = client_as("member").post(f"/api/v1/peers/relationships/{relationship.pk}/keep")
        assert early.status_code == 409
        assert "after the first 90 days, on 7 June 2026" in early.json()["error"]["message"]
    with time_machine.travel(MONDAY + datetime.timedelta(days=91), tick=False):
        page = client_as("mentor").get(f"/peers/relationships/{relationship.pk}/").content.decode()
        assert "Time to review" in page
        client_as("mentor").post(f"/peers/relationships/{relationship.pk}/keep/")
    relationship.refresh_from_db()
    assert relationship.status == RelationshipStatus.ONGOING
    assert InAppNotification.objects.filter(user=maya, kind="peer_kept").exists()


# ---------------------------------------------------------------- the profile and the register


def test_a_supporter_profile_with_bad_choices_says_so_beside_the_field(cast, client_as) -> None:
    page = client_as("mentor").post(
        "/peers/profile/",
        {"is_listed": "on", "capacity": "3", "pathways": ["na"]},  # no language
    )
    assert page.status_code == 422
    assert "This field is required." in page.content.decode()
    api = client_as("mentor").put(
        "/api/v1/peers/profile",
        {"languages": ["en"], "offers_sponsorship": False, "offers_mentoring": False},
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api.json()["error"]["fields"][0]["field"] == "offers_sponsorship"
    assert services.profile_of(cast["mentor"].user) is None
    saved = client_as("mentor").put(
        "/api/v1/peers/profile",
        {"languages": ["en", "es"], "pathways": ["na"], "capacity": 4},
        content_type="application/json",
    )
    assert saved.status_code == 200 and saved.json()["places_open"] == 4


def test_requests_and_relationships_are_in_the_export_and_go_with_erasure(cast) -> None:
    from alongside.accounts.sensitive import Credential
    from alongside.privacy.services import collect_member_data, erase_member

    maya, sam = cast["member"].user, cast["mentor"].user
    relationship_between(maya, sam)
    mine = collect_member_data(maya)["sections"]
    [row] = mine["sponsors_and_mentors"]
    assert row["supporter"] == "Sam W." and row["status"] == "temporary"
    assert mine["support_requests_sent"][0]["asked"] == "Sam W."
    his = collect_member_data(sam)["sections"]
    assert his["people_you_support"][0]["member"] == "Maya O."
    assert his["supporter_profile"][0]["languages"] == ["en"]
    erase_member(member=maya, credential=Credential.for_setup(maya))
    assert not SupportRelationship.objects.exists() and not SupportRequest.objects.exists()
