"""The security log: lookups that access functions refused, and the alert a burst of them raises.

Every access function denies through `policy.refuse()`, which writes here, so no route can
forget. The interface and path come from the request that is being answered
(`RequestOriginMiddleware`), because an access function deep in a call knows its user and id but
not whether a page or the API asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from alongside.accounts.models import Membership, Role, User
from alongside.accounts.roles import roles_of
from alongside.notifications.services import notify
from alongside.privacy.models import Interface, SecurityEvent

ALERT_KIND = "security_refusals"


@dataclass(frozen=True)
class RequestOrigin:
    interface: str
    path: str


current_origin: ContextVar[RequestOrigin | None] = ContextVar(
    "alongside_request_origin", default=None
)


class RequestOriginMiddleware:
    """Remember, for the length of one request, whether it came through the API or a page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        interface = Interface.API if request.path.startswith("/api/") else Interface.PAGE
        token = current_origin.set(RequestOrigin(interface=interface, path=request.path[:300]))
        try:
            return self.get_response(request)
        finally:
            current_origin.reset(token)


def record_refusal(
    *,
    actor: User | None,
    record_type: str,
    record_id: object = "",
    scope: str = "",
    interface: str | None = None,
) -> SecurityEvent:
    """Write one refused lookup, then alert the actor's organizations' admins if it makes a burst.

    Without an `interface`, the request being answered says which (page or API); outside a
    request it is a page.
    """
    origin = current_origin.get()
    event = SecurityEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        interface=interface or (origin.interface if origin else Interface.PAGE),
        path=origin.path if origin else "",
        record_type=record_type[:60],
        record_id=str(record_id)[:40],
        scope=scope[:40],
    )
    if event.actor is not None:
        _alert_on_burst(event, event.actor)
    return event


def _alert_on_burst(event: SecurityEvent, actor: User) -> None:
    """At SECURITY_ALERT_REFUSALS refusals within SECURITY_ALERT_WINDOW_MINUTES, tell each admin of
    the actor's organizations once: not again while an alerted refusal is inside the window."""
    window = dt.timedelta(minutes=settings.SECURITY_ALERT_WINDOW_MINUTES)
    recent = SecurityEvent.objects.filter(actor=actor, at__gt=event.at - window, at__lte=event.at)
    if recent.count() < settings.SECURITY_ALERT_REFUSALS or recent.filter(alerted=True).exists():
        return
    first = recent.earliest("at", "id")  # there is one: the count above is at least one
    SecurityEvent.objects.filter(pk=event.pk).update(alerted=True)
    url = reverse("privacy:security-log") + f"?actor={actor.pk}"
    body = _(
        "%(who)s was refused %(n)s lookups of data that is not theirs within %(minutes)s minutes. The security log lists what was asked for."
    ) % {
        "who": actor.display_name,
        "n": recent.count(),
        "minutes": settings.SECURITY_ALERT_WINDOW_MINUTES,
    }
    for admin in admins_of_organizations_of(actor):
        # Two requests crossing the threshold together share the window's first refusal, so
        # the key makes them one notice.
        notify(
            user=admin,
            kind=ALERT_KIND,
            title=_("Many refused lookups by one person"),
            url=url,
            dedupe_key=f"refusals:{actor.pk}:{first.pk}",
            body=body,
        )


def admins_of_organizations_of(actor: User) -> QuerySet[User]:
    """Active admins of every organization the actor is an active member of (not the actor)."""
    organizations = [m.organization_id for m in roles_of(actor).memberships]
    admins = (
        Membership.objects.active()
        .filter(organization_id__in=organizations, role=Role.ORG_ADMIN)
        .values("user_id")
    )
    return User.objects.filter(pk__in=admins, is_active=True).exclude(pk=actor.pk)


def administered_organization_ids(user: User) -> list[int]:
    return [m.organization_id for m in roles_of(user).memberships if m.role == Role.ORG_ADMIN]


def events_seen_by(admin: User) -> QuerySet[SecurityEvent]:
    """Refusals of people in the organizations the user administers (nothing for anyone else)."""
    organizations = administered_organization_ids(admin)
    if not organizations:
        return SecurityEvent.objects.none()
    people = Membership.objects.active().filter(organization_id__in=organizations).values("user_id")
    return SecurityEvent.objects.filter(actor_id__in=people).select_related("actor")
