"""Support's routes in the authorization matrix.

Maya's circle holds Sam (the subjects below). Her circle, SOS pages and settings are hers
alone; the SOS reached Sam only, so its alert page is his (Pat, not chosen, gets 404 like
everyone else); her hard day reached Sam. Everyone signed in has a circle page of their own and
may press SOS. Riverbend's on-call rota is for its admin (to change) and its peer specialist
(to read, and to write her own hand-over note).
"""

from __future__ import annotations

from alongside.testing.authz import (
    ANON,
    LOGIN,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHENTICATED,
    Route,
    everyone_but_anon,
)

E = lambda s: s["circle_entry"].pk  # noqa: E731
A = lambda s: s["sos_alert"].pk  # noqa: E731
H = lambda s: s["hard_day"].pk  # noqa: E731
O = lambda s: s["support_org"].pk  # noqa: E731, E741
S = lambda s: s["on_call_shift"].pk  # noqa: E731


def api(key, path, method="get", default=NOT_FOUND, data=None, **who) -> Route:
    return Route(
        key, path, {ANON: UNAUTHENTICATED, **who}, default=default, method=method, data=data or {}
    )


ROUTES = [
    Route("support:circle", "/support/", everyone_but_anon()),
    Route(
        "support:circle-entry",
        lambda s: f"/support/circle/{E(s)}/",
        everyone_but_anon(member=REDIRECT),
        default=NOT_FOUND,
        method="post",
        data={"action": "save", "gets_sos": "on"},
    ),
    Route("support:chosen", "/support/chosen/", everyone_but_anon()),
    Route(
        "support:chosen-answer",
        lambda s: f"/support/chosen/{E(s)}/",
        everyone_but_anon(mentor=REDIRECT),
        default=NOT_FOUND,
        method="post",
        data={"answer": "accept"},
    ),
    Route("support:sos-start", "/support/sos/", {ANON: LOGIN}, default=REDIRECT, method="post"),
    Route(
        "support:sos",
        lambda s: f"/support/sos/{A(s)}/",
        everyone_but_anon(member=OK),
        default=NOT_FOUND,
    ),
    Route(
        "support:sos-cancel",
        lambda s: f"/support/sos/{A(s)}/ok/",
        everyone_but_anon(member=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "support:alert",
        lambda s: f"/support/alerts/{A(s)}/",
        everyone_but_anon(mentor=OK),
        default=NOT_FOUND,
    ),
    Route(
        "support:alert-acknowledge",
        lambda s: f"/support/alerts/{A(s)}/answer/",
        everyone_but_anon(mentor=REDIRECT),
        default=NOT_FOUND,
        method="post",
        data={"response": "calling"},
    ),
    Route("support:history", "/support/history/", everyone_but_anon()),
    Route("support:hard-day-new", "/support/hard-day/", everyone_but_anon()),
    Route(
        "support:hard-day",
        lambda s: f"/support/hard-days/{H(s)}/",
        everyone_but_anon(member=OK, mentor=OK),
        default=NOT_FOUND,
    ),
    Route(
        "support:on-call",
        lambda s: f"/support/on-call/{O(s)}/",
        everyone_but_anon(org_admin=OK, peer_specialist=OK),
        default=NOT_FOUND,
    ),
    Route(
        "support:shift",
        lambda s: f"/support/on-call/shifts/{S(s)}/",
        everyone_but_anon(org_admin=REDIRECT, peer_specialist=REDIRECT),
        default=NOT_FOUND,
        method="post",
        data={"handover_note": "Quiet night so far."},
    ),
    # API
    api("GET /api/v1/support/circle", "/api/v1/support/circle", default=OK),
    # Maya shares with Grace (the privacy subjects' grant), so only Maya can choose her.
    api(
        "POST /api/v1/support/circle",
        "/api/v1/support/circle",
        method="post",
        default=422,
        data=lambda s: {"person_id": s["support_grace"].pk},
        member=201,
    ),
    api(
        "PATCH /api/v1/support/circle/{entry_id}",
        lambda s: f"/api/v1/support/circle/{E(s)}",
        method="patch",
        data={"gets_hard_days": False},
        member=OK,
    ),
    api(
        "DELETE /api/v1/support/circle/{entry_id}",
        lambda s: f"/api/v1/support/circle/{E(s)}",
        method="delete",
        member=204,
    ),
    api("GET /api/v1/support/chosen", "/api/v1/support/chosen", default=OK),
    api(
        "POST /api/v1/support/chosen/{entry_id}/answer",
        lambda s: f"/api/v1/support/chosen/{E(s)}/answer",
        method="post",
        data={"accept": False},
        mentor=OK,
    ),
    # Maya's SOS is open: pressing again answers it (200); everyone else starts their own.
    api("POST /api/v1/support/sos", "/api/v1/support/sos", method="post", default=201, member=OK),
    api("GET /api/v1/support/sos/{alert_id}", lambda s: f"/api/v1/support/sos/{A(s)}", member=OK),
    api(
        "POST /api/v1/support/sos/{alert_id}/cancel",
        lambda s: f"/api/v1/support/sos/{A(s)}/cancel",
        method="post",
        member=OK,
    ),
    api(
        "GET /api/v1/support/alerts/{alert_id}",
        lambda s: f"/api/v1/support/alerts/{A(s)}",
        mentor=OK,
    ),
    api(
        "POST /api/v1/support/alerts/{alert_id}/acknowledge",
        lambda s: f"/api/v1/support/alerts/{A(s)}/acknowledge",
        method="post",
        data={"response": "on_my_way"},
        mentor=OK,
    ),
    # Only Maya has a circle: everyone else is told to choose people first (422).
    api(
        "POST /api/v1/support/hard-days",
        "/api/v1/support/hard-days",
        method="post",
        default=422,
        data={"note": "rough one"},
        member=201,
    ),
    api(
        "GET /api/v1/support/hard-days/{hard_day_id}",
        lambda s: f"/api/v1/support/hard-days/{H(s)}",
        member=OK,
        mentor=OK,
    ),
    api(
        "POST /api/v1/support/hard-days/{hard_day_id}/encouragements",
        lambda s: f"/api/v1/support/hard-days/{H(s)}/encouragements",
        method="post",
        data={"message": "Proud of you. Call me tonight."},
        member=409,
        mentor=201,
    ),
    api(
        "GET /api/v1/support/on-call/{organization_id}",
        lambda s: f"/api/v1/support/on-call/{O(s)}",
        org_admin=OK,
        peer_specialist=OK,
    ),
    api(
        "POST /api/v1/support/on-call/{organization_id}/shifts",
        lambda s: f"/api/v1/support/on-call/{O(s)}/shifts",
        method="post",
        data=lambda s: {
            "person_id": s["support_lena"].pk,
            "starts_at": "2030-01-01T09:00:00Z",
            "ends_at": "2030-01-01T17:00:00Z",
        },
        org_admin=201,
        peer_specialist=403,
    ),
]


def subjects(cast: dict) -> dict:
    import datetime

    from django.utils import timezone

    from alongside.support import services
    from alongside.support.models import CircleMember, OnCallShift

    maya = cast["member"].user
    sam = cast["mentor"].user
    entry = CircleMember.objects.create(member=maya, person=sam, position=1)
    alert = services.start_sos(member=maya)
    hard_day = services.send_hard_day(member=maya, note="a heavy Monday")
    riverbend = cast["org_admin"].user.memberships.get().organization
    now = timezone.now()
    shift = OnCallShift.objects.create(
        organization=riverbend,
        person=cast["peer_specialist"].user,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=7),
    )
    return {
        "circle_entry": entry,
        "sos_alert": alert,
        "hard_day": hard_day,
        "support_org": riverbend,
        "on_call_shift": shift,
        "support_grace": cast["counselor"].user,
        "support_lena": cast["peer_specialist"].user,
    }
