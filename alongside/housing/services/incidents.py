"""Incidents: what happened in a house (kind, when, what — encrypted), whom it concerns if
anyone (a resident who shares "housing" with the manager), a follow-up due day, and closing it
with what was done. Overdue follow-ups are listed for the house's managers.

An incident is the house's own record: it stays when the resident's account is erased, without
naming them (Incident.stay is set null)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import User
from alongside.housing.access import require_housing, require_runs, residents_named
from alongside.housing.models import House, Incident, IncidentKind
from alongside.housing.services.curfew import CLOCK_SLACK
from alongside.housing.services.houses import Conflict
from alongside.housing.services.stays import house_today, resident_of
from alongside.privacy.models import Action, Interface

MAX_TEXT = 5000
FOLLOW_UP_AHEAD = datetime.timedelta(days=366)


@transaction.atomic
def open_incident(
    *,
    house: House,
    by: User,
    kind: str,
    occurred_at: datetime.datetime,
    description: str,
    stay_id: int | None = None,
    follow_up_due_on: datetime.date | None = None,
    interface: str = Interface.PAGE,
) -> Incident:
    """Record an incident. Raises ValidationError ("kind") for a kind not in the list,
    ("occurred_at") for a time to come, ("description") when empty or long,
    ("follow_up_due_on") for a day past or more than a year ahead, ("stay_id") for someone who
    does not live (or did not live) there or does not share "housing" with the manager."""
    require_runs(by, house.organization_id)
    description = description.strip()
    today = house_today(house)
    errors = {}
    if kind not in IncidentKind.values:
        errors["kind"] = _("Choose one of the kinds in the list.")
    if occurred_at > timezone.now() + CLOCK_SLACK:
        errors["occurred_at"] = _("Record an incident once it has happened.")
    if not description or len(description) > MAX_TEXT:
        errors["description"] = _("Say what happened in up to %(n)s characters.") % {
            "n": f"{MAX_TEXT:,}"
        }
    if follow_up_due_on is not None and not today <= follow_up_due_on <= today + FOLLOW_UP_AHEAD:
        errors["follow_up_due_on"] = _("Choose today or a day within the next year.")
    if errors:
        raise ValidationError(errors)
    stay = resident_of(house, by, stay_id, field="stay_id", ended=True) if stay_id else None
    incident = Incident.objects.create(
        house=house,
        stay=stay,
        kind=kind,
        occurred_at=occurred_at,
        description=description,
        follow_up_due_on=follow_up_due_on,
        recorded_by=by,
    )
    if stay is not None:
        require_housing(
            by, stay.resident, interface=interface, record=incident, action=Action.WRITE
        )
    return incident


@transaction.atomic
def close_incident(*, incident: Incident, by: User, follow_up: str) -> Incident:
    """Close an incident with what was done. Raises ValidationError ("follow_up") when empty or
    long; Conflict ("follow_up") when it is closed already."""
    require_runs(by, incident.house.organization_id)
    locked = Incident.objects.select_for_update(of=("self",)).get(pk=incident.pk)
    if locked.closed_at is not None:
        raise Conflict({"follow_up": _("This incident is closed already.")})
    follow_up = follow_up.strip()
    if not follow_up or len(follow_up) > MAX_TEXT:
        raise ValidationError(
            {
                "follow_up": _("Say what was done in up to %(n)s characters.")
                % {"n": f"{MAX_TEXT:,}"}
            }
        )
    locked.follow_up, locked.closed_at = follow_up, timezone.now()
    locked.save(update_fields=["follow_up", "closed_at"])
    return locked


def is_overdue(incident: Incident, today: datetime.date) -> bool:
    return (
        incident.closed_at is None
        and incident.follow_up_due_on is not None
        and incident.follow_up_due_on < today
    )


def house_incidents(
    *, viewer: User, house: House, interface: str = Interface.PAGE
) -> tuple[list[Incident], set[int]]:
    """The house's incidents (newest first) and the ids of the residents the viewer may see
    named on them (sharing "housing" with them; each logged)."""
    found = list(house.incidents.select_related("stay__resident", "stay__bed")[:200])
    named = residents_named(viewer, [i.stay for i in found if i.stay], interface=interface)
    return found, named


def overdue(found: list[Incident], today: datetime.date) -> list[Incident]:
    return sorted(
        (i for i in found if is_overdue(i, today)), key=lambda i: (i.follow_up_due_on, i.pk)
    )
