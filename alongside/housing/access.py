"""The only way from (user, id) to sober-living objects. Missing and not-yours both raise Http404
(through `policy.refuse`, which writes the refusal to the security log).

- A house is run by the house managers and admins of its operator (the organization).
- A resident's stay and everything hanging from it (curfew log, chores, drug tests, house
  meeting marks, incidents naming them, fees) is read by those managers only while the resident
  shares "housing" with them — a grant to them, or to the house managers of the operator —
  each look written to the resident's access log; and by the resident, always.
- A stay the manager offered and the person has not yet answered is the manager's own record of
  the offer: who, which bed, when. Nothing else of the person's is reachable through it.
- The public reaches listed houses and their vacancies, never a resident.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from alongside.accounts.models import Organization, Role, User
from alongside.accounts.roles import roles_of
from alongside.housing.models import (
    Bed,
    Chore,
    ChoreAssignment,
    House,
    HouseMeeting,
    Incident,
    Stay,
    StayStatus,
)
from alongside.privacy import policy
from alongside.privacy.models import Action, Interface, Scope

MANAGING_ROLES = (Role.HOUSE_MANAGER, Role.ORG_ADMIN)
# An offer not yet taken up is the manager's own record of it: who, which bed, when.
OFFER_STATES = (StayStatus.OFFERED, StayStatus.DECLINED, StayStatus.WITHDRAWN)


def managed_organizations(user: User) -> list[Organization]:
    """Organizations where the person runs houses (a house manager or an admin)."""
    if not user.is_authenticated:
        return []
    roles = roles_of(user)
    found: dict[int, Organization] = {}
    for role in MANAGING_ROLES:
        for organization in roles.organizations_where(role):
            found[organization.pk] = organization
    return list(found.values())


def managed_houses(user: User):
    """The houses the person runs (a queryset; empty for everyone else)."""
    return House.objects.filter(organization__in=[o.pk for o in managed_organizations(user)])


def access_house(user: User, house_id: int) -> House:
    """A house, for the people who run it."""
    found = managed_houses(user).filter(pk=house_id).select_related("organization").first()
    if found is None:
        raise policy.refuse(user, record_type="housing.house", record_id=house_id)
    return found


def access_listed_house(slug: str) -> House:
    """A house as the public sees it: listed houses only."""
    found = House.objects.filter(slug=slug, is_listed=True).select_related("organization").first()
    if found is None:
        raise policy.refuse(None, record_type="housing.house", record_id=slug)
    return found


def require_housing(
    user: User,
    resident: User,
    *,
    interface: str = Interface.PAGE,
    record: object | None = None,
    record_type: str = "",
    action: str = Action.READ,
) -> None:
    """Http404 unless `user` is the resident or runs houses and the resident shares "housing"
    with them; logs every look (or, with `action`, change) by someone else."""
    if user.is_authenticated and user.pk == resident.pk:
        return
    if not managed_organizations(user):
        asked = record._meta.label_lower if record is not None else "accounts.user"  # type: ignore[attr-defined]
        raise policy.refuse(user, record_type=asked, record_id=getattr(record, "pk", resident.pk))
    policy.require(
        user,
        resident,
        Scope.HOUSING,
        interface=interface,
        record=record,
        record_type=record_type,
        action=action,
    )


def shares_housing(user: User, resident: User) -> bool:
    """Whether the resident shares "housing" with this person now (no log: for lists that then
    read through `require_housing`)."""
    return bool(managed_organizations(user)) and bool(
        policy.decide(user, resident, Scope.HOUSING).allowed
    )


def access_stay(
    user: User, stay_id: int, *, interface: str = Interface.PAGE, action: str = Action.READ
) -> Stay:
    """A stay: for its resident; for the managers of its house while the resident shares
    "housing" with them (logged); an offer not yet answered, for those managers without it."""
    found = Stay.objects.filter(pk=stay_id).select_related("house", "bed", "resident").first()
    if found is None or not user.is_authenticated:
        raise policy.refuse(user, record_type="housing.stay", record_id=stay_id)
    if found.resident_id == user.pk:
        return found
    runs_it = found.house.organization_id in {o.pk for o in managed_organizations(user)}
    if not runs_it:
        raise policy.refuse(user, record_type="housing.stay", record_id=stay_id)
    if found.status in OFFER_STATES:
        return found
    require_housing(user, found.resident, interface=interface, record=found, action=action)
    return found


def own_current_stay(user: User) -> Stay | None:
    """The person's own current stay, if they live in a house now."""
    if not user.is_authenticated:
        return None
    return (
        Stay.objects.filter(resident=user, status=StayStatus.CURRENT)
        .select_related("house", "bed")
        .first()
    )


# ---------------------------------------------------------------- houses, beds and stays


def require_runs(user: User, organization_id: int) -> None:
    """PermissionDenied unless the person runs the operator's houses: services ask this again
    for the object the caller fetched here, so no service acts for an operator by mistake."""
    if organization_id not in {o.pk for o in managed_organizations(user)}:
        raise PermissionDenied("Only the house managers and admins of its operator do this.")


def access_bed(user: User, house_id: int, bed_id: int) -> Bed:
    """A bed of a house the person runs."""
    house = access_house(user, house_id)
    found = Bed.objects.filter(pk=bed_id, house=house).first()
    if found is None:
        raise policy.refuse(user, record_type="housing.bed", record_id=bed_id)
    found.house = house
    return found


def access_managed_stay(
    user: User, stay_id: int, *, interface: str = Interface.PAGE, action: str = Action.READ
) -> Stay:
    """A stay as the managers of its house work it: an offer (waiting, declined or withdrawn)
    is their own record of it; a stay that began only while its resident shares "housing" with
    them (each look, or with `action` each change, logged). The resident reads their own stay
    through `access_own_stay`, not here."""
    found = Stay.objects.filter(pk=stay_id).select_related("house", "bed", "resident").first()
    runs_it = found is not None and found.house.organization_id in {
        o.pk for o in managed_organizations(user)
    }
    if found is None or not runs_it:
        raise policy.refuse(user, record_type="housing.stay", record_id=stay_id)
    if found.status in OFFER_STATES:
        return found
    require_housing(user, found.resident, interface=interface, record=found, action=action)
    return found


def access_own_stay(user: User, stay_id: int) -> Stay:
    """One of the person's own stays or offers, whatever became of it (so that accepting an
    offer twice, or after it was withdrawn, says so rather than "not found")."""
    found = (
        Stay.objects.filter(pk=stay_id, resident_id=user.pk)
        .select_related("house", "bed", "house__organization")
        .first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="housing.stay", record_id=stay_id)
    return found


def residents_named(user: User, stays: list[Stay], *, interface: str = Interface.PAGE) -> set[int]:
    """Which of these stays' residents the person may see by name on their house's page: those
    who share "housing" with them now (and themselves). Each one named is logged; the others
    show as "occupied"."""
    shared = policy.scopes_shared_with(user)
    named = set()
    for stay in stays:
        if stay.resident_id == user.pk:
            named.add(stay.resident_id)
        elif Scope.HOUSING in shared.get(stay.resident_id, ()):
            named.add(stay.resident_id)
            policy.log_access(
                actor=user,
                member=stay.resident,
                scope=Scope.HOUSING,
                interface=interface,
                record=stay,
            )
    return named


def access_resident(
    user: User, member_id: int, *, interface: str = Interface.PAGE
) -> tuple[User, list[Stay]]:
    """A resident (now or before) of the houses the person runs, with their stays there, while
    they share "housing" with the person: one look, logged. Offers are not stays here."""
    runs = [o.pk for o in managed_organizations(user)]
    stays = list(
        Stay.objects.filter(
            resident_id=member_id,
            house__organization__in=runs,
            status__in=(StayStatus.CURRENT, StayStatus.ENDED),
        )
        .select_related("house", "bed", "resident")
        .order_by("-move_in_on", "-id")
    )
    if not stays or stays[0].resident_id == user.pk:
        raise policy.refuse(user, record_type="accounts.user", record_id=member_id)
    resident = stays[0].resident
    require_housing(user, resident, interface=interface, record_type="housing.stay")
    return resident, stays


def own_open_offers(user: User) -> list[Stay]:
    """Offers of a bed waiting for the person's answer."""
    if not user.is_authenticated:
        return []
    return list(
        Stay.objects.filter(resident=user, status=StayStatus.OFFERED)
        .select_related("house", "bed")
        .order_by("-offered_at")
    )


# ---------------------------------------------------------------- house life


def access_chore(user: User, house_id: int, chore_id: int) -> Chore:
    """A chore on the list of a house the person runs."""
    house = access_house(user, house_id)
    found = Chore.objects.filter(pk=chore_id, house=house).first()
    if found is None:
        raise policy.refuse(user, record_type="housing.chore", record_id=chore_id)
    found.house = house
    return found


def access_managed_chore_assignment(
    user: User, assignment_id: int, *, interface: str = Interface.PAGE
) -> ChoreAssignment:
    """A resident's chore of a week, for a manager of the house checking it: only while the
    resident shares "housing" with them (the check is written to the resident's log)."""
    found = (
        ChoreAssignment.objects.filter(pk=assignment_id)
        .select_related("chore__house", "stay__resident")
        .first()
    )
    runs = found is not None and found.chore.house.organization_id in {
        o.pk for o in managed_organizations(user)
    }
    if found is None or not runs:
        raise policy.refuse(user, record_type="housing.choreassignment", record_id=assignment_id)
    require_housing(
        user, found.stay.resident, interface=interface, record=found, action=Action.WRITE
    )
    return found


def access_own_chore_assignment(user: User, assignment_id: int) -> ChoreAssignment:
    """One of the person's own chores."""
    found = (
        ChoreAssignment.objects.filter(pk=assignment_id, stay__resident_id=user.pk)
        .select_related("chore", "stay")
        .first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="housing.choreassignment", record_id=assignment_id)
    return found


def access_house_meeting(user: User, house_id: int, meeting_id: int) -> HouseMeeting:
    """A house meeting of a house the person runs (its minutes are the house's; the marks of
    each resident are read through services.meetings.meeting_marks, by consent)."""
    house = access_house(user, house_id)
    found = HouseMeeting.objects.filter(pk=meeting_id, house=house).first()
    if found is None:
        raise policy.refuse(user, record_type="housing.housemeeting", record_id=meeting_id)
    found.house = house
    return found


def access_incident(user: User, house_id: int, incident_id: int) -> Incident:
    """An incident of a house the person runs (the resident it concerns is named only while
    they share "housing" with the person: services.incidents)."""
    house = access_house(user, house_id)
    found = (
        Incident.objects.filter(pk=incident_id, house=house)
        .select_related("stay__resident", "stay__bed")
        .first()
    )
    if found is None:
        raise policy.refuse(user, record_type="housing.incident", record_id=incident_id)
    found.house = house
    return found
