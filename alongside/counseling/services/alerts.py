"""Safety alerts as a counselor works them: the worklist of open alerts (PHQ-9 item 9) of the
members who share their assessments with them, and each member's on their client page.

Acknowledging, closing and escalating are the assessments' own rules
(assessments.services.acknowledge_safety_alert, close_safety_alert, escalate_safety_alert):
the pages and the API here call those. Who may act on an alert is counseling/access.py's
`access_alert`."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from alongside.accounts.models import User
from alongside.assessments.models import SafetyAlert
from alongside.assessments.services import escalation_due_at
from alongside.counseling.access import is_counselor
from alongside.privacy import policy
from alongside.privacy.models import Scope

# Closed alerts stay on the worklist this long, so a team sees what was done lately.
CLOSED_SHOWN_FOR = datetime.timedelta(days=7)


@dataclass(frozen=True)
class AlertRow:
    alert: SafetyAlert
    # When it goes (or went) to the on-call people if nobody acknowledges it.
    escalates_at: datetime.datetime

    @property
    def state(self) -> str:
        """ "open", "acknowledged" or "closed"."""
        if self.alert.closed_at is not None:
            return "closed"
        return "acknowledged" if self.alert.acknowledged_at is not None else "open"


@dataclass(frozen=True)
class Worklist:
    open: list[AlertRow]  # oldest first: the longest wait leads
    closed: list[AlertRow]  # closed lately, the latest first


def escalate_after_minutes() -> int:
    """Minutes an alert waits for someone to acknowledge it before it goes to the on-call."""
    return settings.ALERT_ESCALATE_MINUTES


def _alerts() -> QuerySet[SafetyAlert]:
    return SafetyAlert.objects.select_related(
        "member", "administration", "acknowledged_by", "closed_by"
    ).prefetch_related("escalated_to")


def row_of(alert: SafetyAlert) -> AlertRow:
    """The alert as it stands now (after a step changed it)."""
    found = _alerts().get(pk=alert.pk)
    return AlertRow(found, escalation_due_at(found))


def _split(alerts: QuerySet[SafetyAlert]) -> Worklist:
    rows = [AlertRow(a, escalation_due_at(a)) for a in alerts]
    return Worklist(
        open=sorted((r for r in rows if r.alert.is_open), key=lambda r: r.alert.raised_at),
        closed=sorted(
            (r for r in rows if not r.alert.is_open),
            key=lambda r: r.alert.closed_at,  # type: ignore[arg-type,return-value]  # closed ones have it
            reverse=True,
        ),
    )


def worklist(counselor: User, *, now: datetime.datetime | None = None) -> Worklist:
    """Open safety alerts of every member who shares their assessments with the counselor now,
    and those closed in the last week (three queries however many members). Nothing for anyone
    who is not a counselor. The alerts were disclosed to the counselor, and logged, when they
    were raised; acting on one logs again (the services)."""
    if not is_counselor(counselor):
        return Worklist([], [])
    now = now or timezone.now()
    shared = policy.scopes_shared_with(counselor)
    members = [pk for pk, scopes in shared.items() if Scope.ASSESSMENTS in scopes]
    recent = Q(closed_at__isnull=True) | Q(closed_at__gte=now - CLOSED_SHOWN_FOR)
    return _split(_alerts().filter(recent, member_id__in=members))


def alerts_of(member: User, *, now: datetime.datetime | None = None) -> Worklist:
    """One member's open alerts and those closed in the last week, for their client page. The
    caller has checked the reader works the member's alerts (access_client_shares)."""
    now = now or timezone.now()
    recent = Q(closed_at__isnull=True) | Q(closed_at__gte=now - CLOSED_SHOWN_FOR)
    return _split(_alerts().filter(recent, member=member))
