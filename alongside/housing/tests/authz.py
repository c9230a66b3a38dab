"""Sober living's routes in the authorization matrix.

Rosa runs Riverbend's Lakeview House (a house manager there). Maya lives in its bed A: she
accepted the stay and shares "housing" with Riverbend's house managers, so her stay is Rosa's to
work and Maya's to read; bed B is vacant and the house is listed, so the public sees it and its
vacancy. Nobody else reaches the stay.
"""

from __future__ import annotations

ROUTES: list = []


def subjects(cast: dict) -> dict:
    import datetime

    from alongside.accounts.models import Organization, Role
    from alongside.accounts.sensitive import Credential
    from alongside.housing.models import Bed, House, HouseRule, RulesAcknowledgement, Stay
    from alongside.privacy.services import grant_access

    maya, rosa = cast["member"].user, cast["house_manager"].user
    riverbend = Organization.objects.get(slug="riverbend")
    house = House.objects.create(
        organization=riverbend,
        name="Lakeview House",
        slug="lakeview-house",
        city="Chicago",
        region="IL",
        postal_code="60614",
        latitude=41.9227,
        longitude=-87.6533,
    )
    HouseRule.objects.create(house=house, position=1, text="Home by 11 pm on weeknights.")
    bed_a = Bed.objects.create(house=house, label="A", room="1")
    bed_b = Bed.objects.create(house=house, label="B", room="1")
    grant_access(
        member=maya,
        grantee_organization=riverbend,
        grantee_role=Role.HOUSE_MANAGER,
        scopes=["housing"],
        purpose="my stay at Lakeview House",
        credential=Credential.for_setup(maya),
    )
    stay = Stay.objects.create(
        house=house,
        bed=bed_a,
        resident=maya,
        status="current",
        offered_by=rosa,
        move_in_on=datetime.date.today() - datetime.timedelta(days=30),
    )
    RulesAcknowledgement.objects.create(stay=stay, version=1, signed_name="Maya")
    return {
        "housing_house": house,
        "housing_manager": rosa,
        "housing_resident": maya,
        "housing_stay": stay,
        "housing_vacant_bed": bed_b,
    }
