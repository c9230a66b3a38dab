"""Lakeview House, built the way Rosa builds it (through the services), for the tests of houses,
stays and vacancies."""

from __future__ import annotations

import datetime

from alongside.accounts.models import Organization, User
from alongside.accounts.sensitive import Credential
from alongside.housing.models import House, Stay
from alongside.housing.services import houses, stays

RULES = ["Home by 11 pm on weeknights.", "No alcohol or drugs in the house."]


def lakeview(
    cast: dict, *, beds: tuple[str, ...] = ("A", "B"), postal_code: str = "60614", **values
) -> House:
    """Rosa's house in Chicago, listed, with its rules and `beds`, all free."""
    house = houses.create_house(
        organization=Organization.objects.get(slug="riverbend"),
        by=cast["house_manager"].user,
        **{
            "name": "Lakeview House",
            "city": "Chicago",
            "region": "IL",
            "postal_code": postal_code,
            "address": "2200 N Lakeview Ave",
            "phone": "312-555-0142",
            **values,
        },
    )
    houses.save_rules(house=house, by=cast["house_manager"].user, texts=RULES)
    for label in beds:
        houses.add_bed(house=house, by=cast["house_manager"].user, label=label)
    return house


def offer(cast: dict, house: House, person: User, bed: str = "A", **values) -> Stay:
    return stays.offer_bed(
        house=house,
        by=cast["house_manager"].user,
        bed=house.beds.get(label=bed),
        email=person.email,
        **values,
    )


def move_in(cast: dict, house: House, person: User, bed: str = "A", *, days_ago: int = 0) -> Stay:
    """The person accepts an offer of `bed` (sharing housing, signing the rules), and moved in
    `days_ago` days ago."""
    stay = stays.accept_offer(
        credential=Credential.for_setup(person),
        stay=offer(cast, house, person, bed),
        share_housing=True,
        signed_name=person.get_full_name(),
    )
    if days_ago:
        stay.move_in_on = stays.house_today(house) - datetime.timedelta(days=days_ago)
        stay.save(update_fields=["move_in_on"])
    assert stay.move_in_on is not None  # a stay accepted has begun
    return stay
