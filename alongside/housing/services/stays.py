"""Stays: a manager offers a free bed to a person (by the email of their account); the person
reads the house rules and what sharing "housing" shows, and accepts — sharing it with the
house's managers and signing the rules — or declines; phases; and the move-out.

A bed holds one person: the service checks, and the database's one_person_per_bed constraint
settles a race between two offers or two acceptances (the loser gets the same words). Every
start or end of a stay, and every offer made or closed, changes the public vacancy count, so
each bumps the directory's version in its own transaction.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import Role, User
from alongside.accounts.sensitive import Credential
from alongside.accounts.services import account_for_email
from alongside.housing.access import require_runs, residents_named, shares_housing
from alongside.housing.models import (
    Bed,
    BedStatus,
    House,
    MoveOutReason,
    RulesAcknowledgement,
    Stay,
    StayPhase,
    StayStatus,
)
from alongside.housing.services.houses import Conflict, current_rules, touch
from alongside.housing.services.vacancies import TAKEN, bump_version
from alongside.notifications.services import notify
from alongside.privacy.models import ConsentGrant, Scope
from alongside.privacy.services import grant_access

# Addresses with no account a manager may try in a day before offers by email pause for them:
# an offer is how a manager learns an address has an account, so guessing is kept slow.
UNKNOWN_ADDRESSES_PER_DAY = 20
SIX_MONTHS = relativedelta(months=6)
OFFER_AHEAD = datetime.timedelta(days=366)  # how far ahead a bed can be offered
MAX_PHASE = 60


def house_zone(house: House) -> zoneinfo.ZoneInfo:
    """The house's IANA time zone (UTC for a name the system does not know)."""
    try:
        return zoneinfo.ZoneInfo(house.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def house_today(house: House) -> datetime.date:
    """Today where the house is: move-in, move-out and phase days are the house's days."""
    return timezone.now().astimezone(house_zone(house)).date()


def current_stays(house: House) -> list[Stay]:
    """The stays of the people living in the house now, in the order they moved in."""
    return list(
        Stay.objects.filter(house=house, status=StayStatus.CURRENT)
        .select_related("resident", "bed", "house")
        .order_by("move_in_on", "pk")
    )


def resident_of(
    house: House, by: User, stay_id: int | None, *, field: str = "stay", ended: bool = False
) -> Stay:
    """The stay of someone living in the house now (or, with `ended`, who lived there) who
    shares "housing" with `by`: house-life records about a person are kept only for them.
    Raises ValidationError (`field`) for anyone else, in the same words whether the stay is
    missing, of another house, ended, or not shared, so nothing about them leaks."""
    states = (StayStatus.CURRENT, StayStatus.ENDED) if ended else (StayStatus.CURRENT,)
    found = (
        Stay.objects.filter(pk=stay_id, house=house, status__in=states)
        .select_related("resident", "bed", "house")
        .first()
        if stay_id
        else None
    )
    if found is None or not shares_housing(by, found.resident):
        raise ValidationError(
            {
                field: _(
                    "Not a resident of this house: choose someone who lives here now and shares "
                    "their stay with you."
                )
                if not ended
                else _(
                    "Not a resident of this house: choose someone who lives or lived here and "
                    "shares their stay with you."
                )
            }
        )
    return found


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


# ---------------------------------------------------------------- offers


def _bed_taken(bed: Bed) -> Conflict:
    return Conflict(
        {
            "bed": _(
                "Bed %(bed)s is taken: someone lives in it or has an offer for it. Choose a free "
                "bed, or record the move-out (or withdraw the offer) first."
            )
            % {"bed": bed.label}
        }
    )


def bed_is_taken(bed: Bed) -> bool:
    """Someone lives in the bed or has an offer for it (the database holds it to one)."""
    return bed.stays.filter(status__in=TAKEN).exists()


def _note_unknown_address(by: User) -> int:
    key = f"housing:unknown-addresses:{by.pk}:{timezone.now():%Y%m%d}"
    cache.add(key, 0, timeout=60 * 60 * 24)
    return cache.incr(key)


def _unknown_addresses_today(by: User) -> int:
    return cache.get(f"housing:unknown-addresses:{by.pk}:{timezone.now():%Y%m%d}", 0)


@transaction.atomic
def offer_bed(
    *, house: House, by: User, bed: Bed, email: str, move_in_on: datetime.date | None = None
) -> Stay:
    """Offer a free bed to the person whose account uses `email`; they are told, and it stays
    theirs to accept or decline (nobody moves in, or shares anything, on a manager's word).

    Raises ValidationError ("email") for an address no account uses — the same words for an
    unknown, closed or unverified address, and only to the house's managers — and for too many
    unknown addresses in a day; ValidationError ("move_in_on") for a day already past or more
    than a year ahead; Conflict ("bed") when the bed is taken or out of service, ("email") when they have an offer waiting
    at this house already."""
    require_runs(by, house.organization_id)
    locked = Bed.objects.select_for_update().filter(pk=bed.pk, house=house).first()
    if locked is None:
        raise ValidationError({"bed": _("Choose one of this house's beds.")})
    today = house_today(house)
    if move_in_on is not None and move_in_on < today:
        raise ValidationError(
            {"move_in_on": _("Choose today or a later day, or leave it empty for today.")}
        )
    if move_in_on is not None and move_in_on > today + OFFER_AHEAD:
        raise ValidationError({"move_in_on": _("Choose a day within the next year.")})
    if _unknown_addresses_today(by) >= UNKNOWN_ADDRESSES_PER_DAY:
        raise ValidationError(
            {
                "email": _(
                    "You have tried many addresses without an account today. Ask the person "
                    "for the address they use with Alongside, and try again tomorrow."
                )
            }
        )
    resident = account_for_email(email)
    if resident is None:
        _note_unknown_address(by)
        raise ValidationError(
            {
                "email": _(
                    "No Alongside account uses this address. Check the spelling, or ask the "
                    "person to create an account (or for the address they signed up with), then "
                    "offer the bed again."
                )
            }
        )
    if locked.status != BedStatus.AVAILABLE:
        raise Conflict({"bed": _("Bed %(bed)s is out of service.") % {"bed": locked.label}})
    if bed_is_taken(locked):
        raise _bed_taken(locked)
    if Stay.objects.filter(house=house, resident=resident, status=StayStatus.OFFERED).exists():
        raise Conflict(
            {"email": _("They already have an offer waiting at this house. Wait for their answer.")}
        )
    try:
        with transaction.atomic():
            stay = Stay.objects.create(
                house=house, bed=locked, resident=resident, offered_by=by, move_in_on=move_in_on
            )
    except IntegrityError:  # another offer for this bed in the same moment
        raise _bed_taken(locked) from None
    touch(house)
    bump_version()
    with translation.override(resident.language):
        notify(
            user=resident,
            kind="housing_offer",
            title=_("You have an offer of a place to stay"),
            url=reverse("housing:offer", args=[stay.pk]),
            dedupe_key=f"housing-offer:{stay.pk}",
            body=_(
                "%(house)s offers you bed %(bed)s. Read the house rules and what you would "
                "share, then accept or decline."
            )
            % {"house": house.name, "bed": locked.label},
        )
    return stay


def _still_open(stay: Stay, *, for_resident: bool) -> None:
    """Conflict ("offer") unless the offer waits for an answer, saying what happened to it."""
    if stay.status == StayStatus.OFFERED:
        return
    said = {
        StayStatus.CURRENT: _("This offer was accepted: you live there now.")
        if for_resident
        else _("This offer was accepted."),
        StayStatus.ENDED: _("This stay has ended."),
        StayStatus.DECLINED: _("This offer was declined."),
        StayStatus.WITHDRAWN: _(
            "The house withdrew this offer. Ask its house manager if a bed is still free."
        )
        if for_resident
        else _("This offer was withdrawn."),
    }
    raise Conflict({"offer": said[StayStatus(stay.status)]})


def _lock(stay: Stay) -> Stay:
    return (
        Stay.objects.select_for_update().select_related("house", "bed", "resident").get(pk=stay.pk)
    )


@transaction.atomic
def withdraw_offer(*, stay: Stay, by: User) -> Stay:
    """The house takes back an offer not yet answered; the bed is free again. Raises Conflict
    ("offer") once it was answered."""
    require_runs(by, stay.house.organization_id)
    locked = _lock(stay)
    _still_open(locked, for_resident=False)
    locked.status, locked.answered_at = StayStatus.WITHDRAWN, timezone.now()
    locked.save(update_fields=["status", "answered_at"])
    touch(locked.house)
    bump_version()
    return locked


@transaction.atomic
def decline_offer(*, stay: Stay, by: User) -> Stay:
    """The person says no; the bed is free again and whoever offered it is told. Raises
    Conflict ("offer") once it was answered or withdrawn."""
    locked = _lock(stay)
    if locked.resident_id != by.pk:
        raise PermissionDenied(_("Only the person offered the bed answers the offer."))
    _still_open(locked, for_resident=True)
    locked.status, locked.answered_at = StayStatus.DECLINED, timezone.now()
    locked.save(update_fields=["status", "answered_at"])
    touch(locked.house)
    bump_version()
    _tell_offerer(locked, accepted=False)
    return locked


def shares_with_managers(member: User, house: House) -> bool:
    """Whether the member's grants in force share "housing" with the house managers of the
    house's operator already."""
    grants = ConsentGrant.objects.active().filter(
        member=member,
        grantee_organization_id=house.organization_id,
        grantee_role=Role.HOUSE_MANAGER,
    )
    return any(Scope.HOUSING in grant.scopes for grant in grants)


@transaction.atomic
def accept_offer(
    *, credential: Credential, stay: Stay, share_housing: bool, signed_name: str
) -> Stay:
    """The person moves in: they share "housing" with the house managers of the operator (a
    consent grant, unless one in force already does) and sign the rules in force, and the stay
    is current from the offered day (or today). All of it, or nothing.

    Raises Conflict ("offer") when the offer is no longer open or they live in another house
    now, ("bed") when the bed was taken in the meantime; ValidationError ("share_housing")
    without their yes to sharing, ("signed_name") without their name under the rules; and what
    grant_access raises (SensitiveActionRefused: confirm it is them first)."""
    person = credential.user
    locked = _lock(stay)
    if locked.resident_id != person.pk:
        raise PermissionDenied(_("Only the person offered the bed answers the offer."))
    _still_open(locked, for_resident=True)
    house = locked.house
    rules = current_rules(house)
    errors = {}
    if not share_housing:
        errors["share_housing"] = _(
            "Tick the box to share your stay with the house managers: the house needs it to "
            "run your stay. If you do not want to, decline the offer."
        )
    signed_name = " ".join(signed_name.split())
    if rules and not signed_name:
        errors["signed_name"] = _("Type your name to sign the house rules.")
    if errors:
        raise ValidationError(errors)
    elsewhere = (
        Stay.objects.filter(resident=person, status=StayStatus.CURRENT)
        .select_related("house")
        .first()
    )
    if elsewhere is not None:
        raise Conflict(
            {
                "offer": _(
                    "You live at %(house)s now. Ask its house manager to record your move-out, "
                    "then accept this offer."
                )
                % {"house": elsewhere.house.name}
            }
        )
    if not shares_with_managers(person, house):
        grant_access(
            member=person,
            scopes=[Scope.HOUSING],
            purpose=_("My stay at %(house)s") % {"house": house.name},
            grantee_organization=house.organization,
            grantee_role=Role.HOUSE_MANAGER,
            credential=credential,
        )
    today = house_today(house)
    locked.status, locked.answered_at = StayStatus.CURRENT, timezone.now()
    locked.move_in_on = max(locked.move_in_on or today, today)
    try:
        with transaction.atomic():
            locked.save(update_fields=["status", "answered_at", "move_in_on"])
    except IntegrityError:  # they accepted another offer in the same moment
        raise Conflict(
            {
                "offer": _(
                    "You have just moved into another house. Ask its house manager to record "
                    "your move-out, then accept this offer."
                )
            }
        ) from None
    if rules:
        RulesAcknowledgement.objects.create(
            stay=locked, version=house.rules_version, signed_name=signed_name
        )
    _tell_offerer(locked, accepted=True)
    return locked


def _tell_offerer(stay: Stay, *, accepted: bool) -> None:
    manager = stay.offered_by
    if manager is None or not manager.is_active:
        return
    with translation.override(manager.language):
        words = (
            _("%(name)s accepted bed %(bed)s at %(house)s.")
            if accepted
            else _("%(name)s declined bed %(bed)s at %(house)s. The bed is free again.")
        )
        notify(
            user=manager,
            kind="housing_offer_answer",
            title=_("An offer of a bed was answered"),
            url=reverse("housing:house", args=[stay.house_id]),
            dedupe_key=f"housing-offer-answer:{stay.pk}",
            body=words
            % {
                "name": stay.resident.display_name,
                "bed": stay.bed.label,
                "house": stay.house.name,
            },
        )


# ---------------------------------------------------------------- living there


def needs_signature(stay: Stay) -> bool:
    """The house has rules in force that this resident has not signed."""
    house = stay.house
    if not house.rules.filter(version=house.rules_version).exists():
        return False
    return not stay.acknowledgements.filter(version=house.rules_version).exists()


@transaction.atomic
def sign_rules(*, stay: Stay, by: User, signed_name: str) -> RulesAcknowledgement:
    """The resident signs the version of the rules in force. Raises Conflict ("signed_name")
    when they do not live there now or signed it already, ValidationError ("signed_name")
    without a name."""
    locked = _lock(stay)
    if locked.resident_id != by.pk:
        raise PermissionDenied(_("Only the resident signs their house's rules."))
    if locked.status != StayStatus.CURRENT:
        raise Conflict({"signed_name": _("You do not live in this house now.")})
    signed_name = " ".join(signed_name.split())
    if not signed_name:
        raise ValidationError({"signed_name": _("Type your name to sign the house rules.")})
    version = locked.house.rules_version
    if locked.acknowledgements.filter(version=version).exists():
        raise Conflict({"signed_name": _("You have signed these rules already.")})
    return RulesAcknowledgement.objects.create(
        stay=locked, version=version, signed_name=signed_name
    )


def current_phase(stay: Stay, today: datetime.date) -> StayPhase | None:
    """The phase the stay is in on `today` (the latest begun), or None before any."""
    return stay.phases.filter(starts_on__lte=today).order_by("-starts_on", "-id").first()


@transaction.atomic
def set_phase(
    *, stay: Stay, by: User, name: str, starts_on: datetime.date | None = None
) -> StayPhase:
    """The stay moves to a phase (a house's steps of privileges), from `starts_on` (today).
    Raises Conflict ("name") unless they live there now; ValidationError for an empty name,
    or a day before their move-in or after today."""
    require_runs(by, stay.house.organization_id)
    locked = _lock(stay)
    if locked.status != StayStatus.CURRENT:
        raise Conflict({"name": _("A phase is set while someone lives in the house.")})
    name = " ".join(name.split())
    today = house_today(locked.house)
    starts_on = starts_on or today
    if not name or len(name) > MAX_PHASE:
        raise ValidationError(
            {"name": _("Name the phase in up to %(max)s characters.") % {"max": MAX_PHASE}}
        )
    if locked.move_in_on and starts_on < locked.move_in_on:
        raise ValidationError(
            {
                "starts_on": _("A phase cannot start before the move-in day, %(day)s.")
                % {"day": _day(locked.move_in_on)}
            }
        )
    if starts_on > today:
        raise ValidationError({"starts_on": _("Choose today or an earlier day.")})
    return StayPhase.objects.create(stay=locked, name=name, starts_on=starts_on, by=by)


@transaction.atomic
def move_out(*, stay: Stay, by: User, on: datetime.date, reason: str, note: str = "") -> Stay:
    """Record the move-out: the stay ends on `on` and the bed is free at once. Raises Conflict
    ("move_out_on") unless they live there now; ValidationError for a day before the move-in
    or after today, or a reason not in the list."""
    require_runs(by, stay.house.organization_id)
    locked = _lock(stay)
    if locked.status != StayStatus.CURRENT:
        raise Conflict({"move_out_on": _("This stay has ended already, or never began.")})
    if reason not in MoveOutReason.values:
        raise ValidationError({"move_out_reason": _("Choose one of the reasons in the list.")})
    today = house_today(locked.house)
    if locked.move_in_on and on < locked.move_in_on:
        raise ValidationError(
            {
                "move_out_on": _("The move-out day cannot be before the move-in day, %(day)s.")
                % {"day": _day(locked.move_in_on)}
            }
        )
    if on > today:
        raise ValidationError(
            {"move_out_on": _("Record the move-out on the day they leave, or after it.")}
        )
    locked.status, locked.move_out_on = StayStatus.ENDED, on
    locked.move_out_reason, locked.move_out_note = reason, note.strip()
    locked.save(update_fields=["status", "move_out_on", "move_out_reason", "move_out_note"])
    touch(locked.house)
    bump_version()
    return locked


# ---------------------------------------------------------------- reading a stay


@dataclass(frozen=True)
class Tenure:
    """How long someone has lived in the house (to today, or to their move-out)."""

    days: int
    months: int
    # Oxford House's evidence: residents who stay six months or more do markedly better.
    six_months_or_more: bool


def tenure(stay: Stay, today: datetime.date) -> Tenure | None:
    if stay.move_in_on is None:
        return None
    end = min(stay.move_out_on or today, today)
    if end < stay.move_in_on:
        return Tenure(0, 0, False)
    span = relativedelta(end, stay.move_in_on)
    return Tenure(
        (end - stay.move_in_on).days,
        span.years * 12 + span.months,
        stay.move_in_on + SIX_MONTHS <= end,
    )


# ---------------------------------------------------------------- the house page


class BedState:
    VACANT = "vacant"
    OFFERED = "offered"
    OCCUPIED = "occupied"
    OUT_OF_SERVICE = "out_of_service"


@dataclass(frozen=True)
class BedRow:
    bed: Bed
    state: str
    stay: Stay | None  # the current stay or the offer, if any
    named: bool  # who is in it may be shown (they share "housing" with the viewer)


@dataclass(frozen=True)
class ResidentRow:
    stay: Stay
    tenure: Tenure | None
    phase: StayPhase | None
    signed_rules: bool


@dataclass(frozen=True)
class Board:
    """A house as its managers run it: each bed and who is in it (by name only for residents who
    share "housing" with the viewer), offers waiting, and the named residents' stays."""

    house: House
    today: datetime.date
    beds: list[BedRow]
    offers: list[Stay]
    residents: list[ResidentRow]
    unnamed: int  # residents who do not share "housing" with the viewer: "occupied" only
    has_rules: bool

    @property
    def vacant(self) -> int:
        return sum(1 for row in self.beds if row.state == BedState.VACANT)


def _state(bed: Bed, taken_by: str | None) -> str:
    """`taken_by`: the status of the stay holding the bed (current or offered), if any."""
    if bed.status == BedStatus.OUT_OF_SERVICE:
        return BedState.OUT_OF_SERVICE
    if taken_by is None:
        return BedState.VACANT
    return BedState.OCCUPIED if taken_by == StayStatus.CURRENT else BedState.OFFERED


def bed_states(house: House) -> list[tuple[Bed, str]]:
    """Each bed of the house and whether it is vacant, offered, occupied or out of service
    (naming nobody: for the offer form and the API's bed answers)."""
    taken = dict(Stay.objects.filter(house=house, status__in=TAKEN).values_list("bed_id", "status"))
    return [(bed, _state(bed, taken.get(bed.pk))) for bed in house.beds.all()]


def house_board(*, viewer: User, house: House, interface: str = "page") -> Board:
    """The house page's content for one of its managers (the caller fetched the house through
    access.access_house). Naming a resident is a look at their housing, logged by
    access.residents_named."""
    today = house_today(house)
    beds = list(house.beds.all())
    taken = list(
        Stay.objects.filter(house=house, status__in=TAKEN)
        .select_related("resident", "bed")
        .prefetch_related("phases", "acknowledgements")
    )
    current = [s for s in taken if s.status == StayStatus.CURRENT]
    named = residents_named(viewer, current, interface=interface)
    by_bed = {s.bed_id: s for s in taken}
    rows = []
    for bed in beds:
        stay = by_bed.get(bed.pk)
        shown = stay is not None and (
            stay.status == StayStatus.OFFERED or stay.resident_id in named
        )
        rows.append(BedRow(bed, _state(bed, stay.status if stay else None), stay, shown))
    has_rules = house.rules.filter(version=house.rules_version).exists()
    residents = [
        ResidentRow(
            stay,
            tenure(stay, today),
            _phase_of(stay, today),
            not has_rules
            or any(a.version == house.rules_version for a in stay.acknowledgements.all()),
        )
        for stay in sorted(current, key=lambda s: (s.move_in_on or today, s.pk))
        if stay.resident_id in named
    ]
    return Board(
        house=house,
        today=today,
        beds=rows,
        offers=sorted(
            (s for s in taken if s.status == StayStatus.OFFERED), key=lambda s: s.offered_at
        ),
        residents=residents,
        unnamed=len(current) - len(residents),
        has_rules=has_rules,
    )


def _phase_of(stay: Stay, today: datetime.date) -> StayPhase | None:
    """The current phase from phases already fetched (current_phase asks the database)."""
    begun = [p for p in stay.phases.all() if p.starts_on <= today]
    return max(begun, key=lambda p: (p.starts_on, p.pk)) if begun else None
