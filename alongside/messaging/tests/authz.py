"""Messages are for the two people whose relationship allows them: everyone else gets 404, as if
the person did not exist. The subjects give Maya (member) three people she may message: Jordan
(member2) as her confirmed accountability partner, Sam (mentor), whom journey's subjects make her
mentor by her grant, and Grace (counselor), with whom she shares "messages". Ally Pat has a
partnership request from Maya waiting for his answer."""

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

MAYAS_PEOPLE = ("member2", "mentor", "counselor")


def _with_maya(outcome: object) -> dict[str, object]:
    return everyone_but_anon(**{p: outcome for p in MAYAS_PEOPLE})


def _api_with_maya(outcome: object) -> dict[str, object]:
    return {ANON: UNAUTHENTICATED, **{p: outcome for p in MAYAS_PEOPLE}}


def _maya(s: dict) -> int:
    return s["messages_member"].pk


ROUTES = [
    Route("messaging:inbox", "/messages/", everyone_but_anon()),
    Route(
        "messaging:conversation",
        lambda s: f"/messages/with/{_maya(s)}/",
        _with_maya(OK),
        default=NOT_FOUND,
    ),
    Route(
        "messaging:block",
        lambda s: f"/messages/with/{_maya(s)}/block/",
        _with_maya(REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "messaging:unblock",
        lambda s: f"/messages/with/{_maya(s)}/unblock/",
        _with_maya(REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "messaging:report",
        lambda s: f"/messages/with/{_maya(s)}/report/",
        _with_maya(OK),
        default=NOT_FOUND,
    ),
    Route("messaging:reports", "/messages/reports/", {ANON: LOGIN, "org_admin": OK}, NOT_FOUND),
    Route("messaging:partners", "/messages/partners/", everyone_but_anon()),
    Route(
        "messaging:partner-confirm",
        lambda s: f"/messages/partners/{s['partner_request'].pk}/confirm/",
        everyone_but_anon(ally=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "messaging:partner-end",
        lambda s: f"/messages/partners/{s['partnership'].pk}/end/",
        everyone_but_anon(member=REDIRECT, member2=REDIRECT),
        default=NOT_FOUND,
        method="post",
    ),
    Route("messaging:groups", "/messages/groups/", everyone_but_anon()),
    Route(
        "messaging:group-opt-in",
        lambda s: f"/messages/groups/{s['messages_group'].pk}/",
        everyone_but_anon(member=REDIRECT),
        default=NOT_FOUND,
        method="post",
        data={"opted_in": "yes"},
    ),
    Route("GET /api/v1/messages", "/api/v1/messages", {ANON: UNAUTHENTICATED}),
    Route("GET /api/v1/messages/people", "/api/v1/messages/people", {ANON: UNAUTHENTICATED}),
    Route(
        "GET /api/v1/messages/with/{user_id}",
        lambda s: f"/api/v1/messages/with/{_maya(s)}",
        _api_with_maya(OK),
        default=NOT_FOUND,
    ),
    Route(
        "POST /api/v1/messages/with/{user_id}",
        lambda s: f"/api/v1/messages/with/{_maya(s)}",
        _api_with_maya(201),
        default=NOT_FOUND,
        method="post",
        data={"body": "Thinking of you today."},
    ),
    Route(
        "POST /api/v1/messages/with/{user_id}/block",
        lambda s: f"/api/v1/messages/with/{_maya(s)}/block",
        _api_with_maya(OK),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "POST /api/v1/messages/with/{user_id}/unblock",
        lambda s: f"/api/v1/messages/with/{_maya(s)}/unblock",
        _api_with_maya(OK),
        default=NOT_FOUND,
        method="post",
    ),
    Route(
        "POST /api/v1/messages/with/{user_id}/report",
        lambda s: f"/api/v1/messages/with/{_maya(s)}/report",
        _api_with_maya(201),
        default=NOT_FOUND,
        method="post",
        data={"reason": "unwanted", "details": ""},
    ),
]


def subjects(cast: dict) -> dict:
    from django.utils import timezone

    from alongside.accounts.sensitive import Credential
    from alongside.meetings.models import Group
    from alongside.messaging.models import Partnership
    from alongside.privacy.models import Scope
    from alongside.privacy.services import grant_access

    maya = cast["member"].user
    grant_access(
        member=maya,
        grantee_user=cast["counselor"].user,
        scopes=[Scope.CARE_MESSAGES],
        purpose="care team",
        credential=Credential.for_setup(maya),
    )
    partnership = Partnership.objects.create(
        asked_by=maya, partner=cast["member2"].user, confirmed_at=timezone.now()
    )
    request = Partnership.objects.create(asked_by=maya, partner=cast["ally"].user)
    # Maya attended a meeting of this group (meetings' subjects), so she may open it to messages.
    group = Group.objects.get(slug="riverbend-smart")
    return {
        "messages_member": maya,
        "partnership": partnership,
        "partner_request": request,
        "messages_group": group,
    }
