"""Video engines, integrated rather than built: the operator's own Jitsi Meet or LiveKit server.

ALONGSIDE_VIDEO_ENGINE is "" (rooms run as text meetings), "jitsi" or "livekit". Each admitted
person gets a short-lived HS256 token for this room only, carrying their handle and an opaque
id for this room — never an email, a real name or an account id.

- Jitsi Meet (jitsi-meet-tokens): aud, iss (the app id), sub (the domain), room, exp, and
  context.user {id, name, moderator} as strings. Facilitators are moderators.
- LiveKit: iss (the API key), sub (identity), name, exp and the video grant {room, roomJoin,
  canPublish, canSubscribe, canPublishData, canPublishSources, roomAdmin}. Only facilitators may
  share a screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import jwt
from django.conf import settings
from django.utils import timezone
from jwt.types import Options

ALGORITHM = "HS256"


class VideoTokenInvalid(Exception):
    """A token that is forged, expired, or for another room or server."""


@dataclass(frozen=True)
class VideoToken:
    engine: str
    token: str
    expires_at: dt.datetime
    embed_url: str


def engine() -> str:
    return settings.ALONGSIDE_VIDEO_ENGINE


def frame_origin() -> str:
    """The origin the room page may frame (CSP frame-src), or "" with no engine."""
    if engine() == "jitsi":
        return f"https://{settings.ALONGSIDE_JITSI_DOMAIN}"
    if engine() == "livekit":
        parts = urlsplit(settings.ALONGSIDE_LIVEKIT_MEET_URL)
        return f"{parts.scheme}://{parts.netloc}"
    return ""


def jitsi_claims(
    *, room: str, person_id: str, name: str, is_host: bool, now: dt.datetime
) -> dict[str, Any]:
    return {
        "aud": settings.ALONGSIDE_JITSI_AUDIENCE,
        "iss": settings.ALONGSIDE_JITSI_APP_ID,
        "sub": settings.ALONGSIDE_JITSI_DOMAIN,
        "room": room,
        "iat": int(now.timestamp()),
        "nbf": int(now.timestamp()) - 10,
        "exp": int((now + _lifetime()).timestamp()),
        "context": {
            "user": {"id": person_id, "name": name, "moderator": "true" if is_host else "false"},
            "features": {
                "recording": "false",
                "livestreaming": "false",
                "transcription": "false",
                "screen-sharing": "true" if is_host else "false",
            },
        },
    }


def livekit_claims(
    *, room: str, person_id: str, name: str, is_host: bool, now: dt.datetime
) -> dict[str, Any]:
    return {
        "iss": settings.ALONGSIDE_LIVEKIT_API_KEY,
        "sub": person_id,
        "name": name,
        "jti": person_id,
        "nbf": int(now.timestamp()) - 10,
        "exp": int((now + _lifetime()).timestamp()),
        "video": {
            "room": room,
            "roomJoin": True,
            "canPublish": True,
            "canSubscribe": True,
            "canPublishData": False,
            "canPublishSources": (
                ["camera", "microphone", "screen_share", "screen_share_audio"]
                if is_host
                else ["camera", "microphone"]
            ),
            "roomAdmin": is_host,
            "roomRecord": False,
        },
    }


def _lifetime() -> dt.timedelta:
    return dt.timedelta(seconds=settings.ALONGSIDE_VIDEO_TOKEN_SECONDS)


def _secret() -> str:
    if engine() == "jitsi":
        return settings.ALONGSIDE_JITSI_SECRET
    return settings.ALONGSIDE_LIVEKIT_API_SECRET


def issue_token(
    *, room: str, person_id: str, name: str, is_host: bool, now: dt.datetime | None = None
) -> VideoToken | None:
    """A join token for the configured engine, or None when the room runs as a text meeting."""
    now = now or timezone.now()
    kind = engine()
    if kind == "jitsi":
        claims = jitsi_claims(room=room, person_id=person_id, name=name, is_host=is_host, now=now)
        token = jwt.encode(claims, _secret(), algorithm=ALGORITHM)
        # Muted on entry and no pre-join page; the name is fixed by the token.
        fragment = "config.prejoinConfig.enabled=false&config.startWithAudioMuted=true&config.disableDeepLinking=true"
        url = f"https://{settings.ALONGSIDE_JITSI_DOMAIN}/{quote(room)}?{urlencode({'jwt': token})}#{fragment}"
    elif kind == "livekit":
        claims = livekit_claims(room=room, person_id=person_id, name=name, is_host=is_host, now=now)
        token = jwt.encode(claims, _secret(), algorithm=ALGORITHM)
        query = urlencode({"liveKitUrl": settings.ALONGSIDE_LIVEKIT_URL, "token": token})
        url = f"{settings.ALONGSIDE_LIVEKIT_MEET_URL.rstrip('/')}/custom?{query}"
    else:
        return None
    return VideoToken(kind, token, dt.datetime.fromtimestamp(claims["exp"], dt.UTC), url)


def verify_token(token: str, *, room: str) -> dict[str, Any]:
    """The claims of a token this site issued for `room` and the configured engine, as the
    engine would check them; raises VideoTokenInvalid otherwise."""
    kind = engine()
    options: Options = {"require": ["exp", "iss"]}
    try:
        if kind == "jitsi":
            claims = jwt.decode(
                token,
                _secret(),
                algorithms=[ALGORITHM],
                audience=settings.ALONGSIDE_JITSI_AUDIENCE,
                issuer=settings.ALONGSIDE_JITSI_APP_ID,
                options=options,
            )
            named = claims.get("room")
        elif kind == "livekit":
            claims = jwt.decode(
                token,
                _secret(),
                algorithms=[ALGORITHM],
                issuer=settings.ALONGSIDE_LIVEKIT_API_KEY,
                options=options,
            )
            named = (claims.get("video") or {}).get("room")
        else:
            raise VideoTokenInvalid("no video engine is configured")
    except jwt.PyJWTError as error:
        raise VideoTokenInvalid(str(error)) from error
    if named != room:
        raise VideoTokenInvalid("the token is for another room")
    return claims
