"""Operators' houses: a house's details and place, its rules (each change a new version that
residents sign), and its beds. Every change the public vacancy search or feed shows bumps the
directory's version in the same transaction (vacancies.bump_version).

Callers have fetched the house or bed through alongside/housing/access.py; each service checks
again that the person runs the house, so one called from anywhere else cannot act for an
operator its caller does not run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alongside.accounts.models import Organization, User
from alongside.housing.access import require_runs
from alongside.housing.models import (
    Bed,
    BedStatus,
    House,
    HouseRule,
    RulesAcknowledgement,
    Stay,
    StayStatus,
)
from alongside.housing.services.vacancies import TAKEN, bump_version
from alongside.lib import geo
from alongside.notifications.services import notify

# What a manager writes about a house (the form's and the API's fields, in this order).
HOUSE_FIELDS = (
    "name",
    "narr_level",
    "is_oxford_house",
    "serves",
    "mat_friendly",
    "description",
    "address",
    "city",
    "region",
    "postal_code",
    "country",
    "phone",
    "weekly_fee",
    "curfew",
    "meetings_required_per_week",
    "is_listed",
)
PLACE_FIELDS = ("city", "region", "postal_code", "country")
MAX_RULES = 50
MAX_RULE = 500


class Conflict(ValidationError):
    """A change that clashes with the house as it is now (a bed taken, an offer already
    answered): pages show it beside the field it names, the API answers 409."""


def touch(house: House) -> None:
    """The house changed in a way the feed shows (its "updated")."""
    house.updated_at = timezone.now()
    House.objects.filter(pk=house.pk).update(updated_at=house.updated_at)


# ---------------------------------------------------------------- the house


@transaction.atomic
def create_house(*, organization: Organization, by: User, **values: Any) -> House:
    """A new house of the operator, placed on the map from its ZIP code or town (offline).

    Raises PermissionDenied unless `by` runs the operator's houses, and ValidationError naming
    the field for bad values or a place that cannot be found."""
    require_runs(by, organization.pk)
    house = House(organization=organization)
    return _save(house, values, placed=False)


@transaction.atomic
def update_house(*, house: House, by: User, **values: Any) -> House:
    """Change a house's details (the fields given); its place is found again when its town,
    region, ZIP code or country changed. Raises like create_house."""
    require_runs(by, house.organization_id)
    house = House.objects.select_for_update().get(pk=house.pk)
    moved = any(name in values and values[name] != getattr(house, name) for name in PLACE_FIELDS)
    return _save(house, values, placed=not moved and house.latitude is not None)


def _save(house: House, values: dict[str, Any], *, placed: bool) -> House:
    for name, value in values.items():
        if name not in HOUSE_FIELDS:
            raise TypeError(f"not a house field: {name}")
        setattr(house, name, value.strip() if isinstance(value, str) else value)
    if house.country == "US":
        house.region = house.region.upper() if len(house.region) == 2 else house.region
    house.full_clean(exclude=["organization", "slug", "latitude", "longitude", "time_zone"])
    if house.weekly_fee is not None and house.weekly_fee < 0:
        raise ValidationError({"weekly_fee": _("A fee cannot be below zero.")})
    if not placed:
        _place(house)
    house.updated_at = timezone.now()
    if house.slug:
        house.save()
    else:
        _save_with_a_free_slug(house)
    bump_version()
    return house


def _save_with_a_free_slug(house: House) -> None:
    """A new house's address in the directory, from its name: "lakeview-house", then
    "lakeview-house-2"; two houses named alike in the same moment get the next one free."""
    for _attempt in range(5):
        house.slug = _free_slug(house.name)
        try:
            with transaction.atomic():
                house.save()
            return
        except IntegrityError:
            house.pk = None
    raise ValidationError({"name": _("Another house was just added with this name. Save again.")})


def _place(house: House) -> None:
    place = place_of(
        postal_code=house.postal_code,
        city=house.city,
        region=house.region,
        country=house.country,
    )
    if place is None:
        field = "postal_code" if house.postal_code and house.country == "US" else "city"
        raise ValidationError(
            {
                field: _(
                    "We could not find this town or ZIP code. Check the spelling: the house's "
                    "place in the vacancy search and its time zone come from it."
                )
            }
        )
    house.latitude, house.longitude = place.latitude, place.longitude
    if place.time_zone:
        house.time_zone = place.time_zone


def place_of(*, postal_code: str, city: str, region: str, country: str) -> geo.Place | None:
    """Where a house is, offline: a US ZIP code's centre, else its town (in its state or
    country). Never the street: the public sees the town."""
    if country == "US" and postal_code:
        found = geo.zip_place(postal_code)
        if found is not None:
            return found
    qualifier = region.upper() if country == "US" and region.upper() in geo.US_STATES else country
    return geo.town_place(f"{city}, {qualifier}")


def _free_slug(name: str) -> str:
    base = slugify(name)[:70] or "house"
    slug, n = base, 1
    while House.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# ---------------------------------------------------------------- rules


def current_rules(house: House) -> list[HouseRule]:
    return list(house.rules.filter(version=house.rules_version).order_by("position", "id"))


@transaction.atomic
def save_rules(*, house: House, by: User, texts: Iterable[str]) -> bool:
    """Replace the house's rules with `texts` (in order; blank lines dropped) as a new version,
    and ask everyone living there to read and sign it. False, changing nothing, when the rules
    are the same as the version in force. Raises ValidationError ("rules") for a rule that is
    too long or too many rules."""
    require_runs(by, house.organization_id)
    house = House.objects.select_for_update().get(pk=house.pk)
    rules = [" ".join(t.split()) for t in texts]
    rules = [t for t in rules if t]
    for n, text in enumerate(rules, start=1):
        if len(text) > MAX_RULE:
            raise ValidationError(
                {
                    "rules": _("Rule %(n)s is longer than %(max)s characters. Shorten it.")
                    % {"n": n, "max": MAX_RULE}
                }
            )
    if len(rules) > MAX_RULES:
        raise ValidationError(
            {"rules": _("A house can have at most %(max)s rules.") % {"max": MAX_RULES}}
        )
    if rules == [r.text for r in current_rules(house)]:
        return False
    highest = house.rules.aggregate(top=Max("version"))["top"]
    signed = RulesAcknowledgement.objects.filter(stay__house=house).exists()
    # A house's first rules are version 1 (the version a new house starts at).
    version = (
        house.rules_version
        if highest is None and not signed
        else 1 + max(highest or 0, house.rules_version)
    )
    HouseRule.objects.bulk_create(
        HouseRule(house=house, version=version, position=n, text=text)
        for n, text in enumerate(rules, start=1)
    )
    house.rules_version = version
    house.save(update_fields=["rules_version"])
    if rules:
        _ask_residents_to_sign(house, version)
    return True


def _ask_residents_to_sign(house: House, version: int) -> None:
    stays = Stay.objects.filter(house=house, status=StayStatus.CURRENT).select_related("resident")
    for stay in stays:
        with translation.override(stay.resident.language):
            notify(
                user=stay.resident,
                kind="housing_rules",
                title=_("Your house has new rules to read"),
                url=reverse("housing:my-stay"),
                dedupe_key=f"housing-rules:{house.pk}:{version}",
                body=_("%(house)s changed its rules. Read them and sign the new version.")
                % {"house": house.name},
            )


# ---------------------------------------------------------------- beds


@transaction.atomic
def add_bed(*, house: House, by: User, label: str, room: str = "") -> Bed:
    """A new bed, in service and free. Raises ValidationError ("label") when the house has a
    bed of that name."""
    require_runs(by, house.organization_id)
    bed = Bed(house=house, label=label.strip(), room=room.strip())
    bed.full_clean(exclude=["house"], validate_constraints=False)
    _save_bed(bed)
    touch(house)
    bump_version()
    return bed


@transaction.atomic
def update_bed(*, bed: Bed, by: User, label: str, room: str = "", in_service: bool = True) -> Bed:
    """Rename a bed, or take it out of service (or back in). Raises Conflict ("in_service")
    when taking out a bed someone lives in or has an offer for, ValidationError ("label") for a
    name another bed of the house has."""
    require_runs(by, bed.house.organization_id)
    bed = Bed.objects.select_for_update().select_related("house").get(pk=bed.pk)
    if not in_service and bed.stays.filter(status__in=TAKEN).exists():
        raise Conflict(
            {
                "in_service": _(
                    "Someone lives in bed %(bed)s or has an offer for it. Record their move-out "
                    "or withdraw the offer first."
                )
                % {"bed": bed.label}
            }
        )
    bed.label, bed.room = label.strip(), room.strip()
    bed.status = BedStatus.AVAILABLE if in_service else BedStatus.OUT_OF_SERVICE
    bed.full_clean(exclude=["house"], validate_constraints=False)
    _save_bed(bed)
    touch(bed.house)
    bump_version()
    return bed


def _save_bed(bed: Bed) -> None:
    clash = _("This house already has a bed called %(bed)s. Choose another name.") % {
        "bed": bed.label
    }
    if Bed.objects.filter(house=bed.house_id, label=bed.label).exclude(pk=bed.pk).exists():
        raise ValidationError({"label": clash})
    try:
        with transaction.atomic():
            bed.save()
    except IntegrityError:  # named the same by someone else in the same moment
        raise ValidationError({"label": clash}) from None
