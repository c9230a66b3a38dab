"""Join tokens for the operator's video engine, read back with pyjwt as the engine would, and
refused by our own check when forged, expired or for another room."""

from __future__ import annotations

import datetime as dt

import jwt
import pytest
from django.test import override_settings

from alongside.rooms.services import video
from alongside.rooms.tests.world import meeting_starting, room_path

JITSI = {
    "ALONGSIDE_VIDEO_ENGINE": "jitsi",
    "ALONGSIDE_JITSI_DOMAIN": "meet.riverbend.example",
    "ALONGSIDE_JITSI_APP_ID": "alongside",
    "ALONGSIDE_JITSI_AUDIENCE": "jitsi",
    "ALONGSIDE_JITSI_SECRET": "jitsi-shared-secret-of-at-least-32-bytes",
}
LIVEKIT = {
    "ALONGSIDE_VIDEO_ENGINE": "livekit",
    "ALONGSIDE_LIVEKIT_URL": "wss://livekit.riverbend.example",
    "ALONGSIDE_LIVEKIT_MEET_URL": "https://meet.riverbend.example",
    "ALONGSIDE_LIVEKIT_API_KEY": "APIriverbend",
    "ALONGSIDE_LIVEKIT_API_SECRET": "livekit-api-secret-of-at-least-32-bytes",
}


@override_settings(**JITSI)
def test_a_jitsi_token_carries_the_handle_room_and_jitsi_claims_and_nothing_else() -> None:
    now = dt.datetime.now(dt.UTC)
    issued = video.issue_token(
        room="alongside-abc", person_id="p1", name="river_rising", is_host=False, now=now
    )
    claims = jwt.decode(
        issued.token,
        JITSI["ALONGSIDE_JITSI_SECRET"],
        algorithms=["HS256"],
        audience="jitsi",
        issuer="alongside",
    )
    assert claims["sub"] == "meet.riverbend.example" and claims["room"] == "alongside-abc"
    assert claims["context"]["user"] == {"id": "p1", "name": "river_rising", "moderator": "false"}
    assert claims["context"]["features"]["screen-sharing"] == "false"
    assert claims["exp"] - int(now.timestamp()) == 300
    assert "email" not in str(claims)
    assert issued.embed_url.startswith("https://meet.riverbend.example/alongside-abc?jwt=")
    assert "startWithAudioMuted=true" in issued.embed_url
    assert video.verify_token(issued.token, room="alongside-abc")["room"] == "alongside-abc"


@override_settings(**LIVEKIT)
def test_a_livekit_token_carries_the_video_grant_with_an_opaque_identity() -> None:
    issued = video.issue_token(
        room="alongside-abc", person_id="p1", name="river_rising", is_host=True
    )
    claims = jwt.decode(issued.token, LIVEKIT["ALONGSIDE_LIVEKIT_API_SECRET"], algorithms=["HS256"])
    assert claims["iss"] == "APIriverbend" and claims["sub"] == "p1"
    assert claims["name"] == "river_rising"
    grant = claims["video"]
    assert grant["room"] == "alongside-abc" and grant["roomJoin"] is True
    assert grant["canPublish"] is True and grant["roomAdmin"] is True
    assert "screen_share" in grant["canPublishSources"] and grant["roomRecord"] is False
    assert issued.embed_url.startswith("https://meet.riverbend.example/custom?liveKitUrl=wss")
    assert video.verify_token(issued.token, room="alongside-abc")["sub"] == "p1"


@pytest.mark.parametrize("engine", [JITSI, LIVEKIT], ids=["jitsi", "livekit"])
def test_forged_expired_and_other_rooms_tokens_are_refused(engine) -> None:
    with override_settings(**engine):
        now = dt.datetime.now(dt.UTC)
        good = video.issue_token(room="alongside-abc", person_id="p1", name="r", is_host=False)
        claims = jwt.decode(good.token, options={"verify_signature": False})
        secret = engine.get("ALONGSIDE_JITSI_SECRET") or engine["ALONGSIDE_LIVEKIT_API_SECRET"]
        forged = jwt.encode(claims, "a-different-secret-of-at-least-32-bytes", algorithm="HS256")
        expired = jwt.encode(
            {**claims, "exp": int((now - dt.timedelta(minutes=1)).timestamp())},
            secret,
            algorithm="HS256",
        )
        unsigned = jwt.encode(claims, None, algorithm="none")  # type: ignore[arg-type]  # an unsigned token is what is tested
        for token, room in (
            (forged, "alongside-abc"),
            (expired, "alongside-abc"),
            (unsigned, "alongside-abc"),
            (good.token, "alongside-other"),
        ):
            with pytest.raises(video.VideoTokenInvalid):
                video.verify_token(token, room=room)


def test_without_an_engine_no_token_is_issued_and_none_verifies() -> None:
    assert video.issue_token(room="alongside-abc", person_id="p1", name="r", is_host=False) is None
    with pytest.raises(video.VideoTokenInvalid):
        video.verify_token("anything", room="alongside-abc")


@pytest.mark.django_db
@override_settings(**JITSI)
def test_the_api_gives_a_facilitator_a_token_for_the_rooms_engine_name_only(
    cast, client_as
) -> None:
    meeting, room = meeting_starting(cast)
    answer = client_as("facilitator").post(
        f"/api/v1/rooms/{meeting.pk}/{room.starts_param}/video-token"
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    claims = video.verify_token(body["token"], room=room.engine_room)
    assert claims["context"]["user"]["moderator"] == "true"
    assert room.key not in room.engine_room and room.engine_room.startswith("alongside-")
    assert body["engine"] == "jitsi" and body["embed_url"].startswith(
        "https://meet.riverbend.example/"
    )
    # A member who has not been let in gets nothing, as if the room did not exist.
    refused = client_as("member").post(
        f"/api/v1/rooms/{meeting.pk}/{room.starts_param}/video-token"
    )
    assert refused.status_code == 404


@pytest.mark.django_db
def test_the_room_page_frames_the_configured_engine_only_when_one_is_configured(
    cast, client_as
) -> None:
    _meeting, room = meeting_starting(cast)
    client = client_as("member")
    plain = client.get(room_path(room))
    assert "meet.riverbend.example" not in plain["Content-Security-Policy"]
    assert "frame-src" not in plain["Content-Security-Policy"]
    assert "data-video-join" not in plain.content.decode()
    with override_settings(**JITSI):
        framed = client.get(room_path(room))
    assert "frame-src https://meet.riverbend.example" in framed["Content-Security-Policy"]
    assert 'camera=(self "https://meet.riverbend.example")' in framed["Permissions-Policy"]
    assert "data-video-join" in framed.content.decode()
    other = client.get("/meetings/")
    assert "meet.riverbend.example" not in other.get("Content-Security-Policy", "")
