"""Believable demo rows for sober living (run by `manage.py demo_data`; safe to run again).

Rosa, a house manager at Riverbend, runs Lakeview House in Chicago (Level II, four beds, listed
in the public vacancy search) and Maple Street House in Evanston (an Oxford House for women).
Maya lives in Lakeview's bed A: she accepted Rosa's offer six weeks ago, shares "housing" with
Riverbend's house managers and signed the rules; she is in Phase 2. Beds B and C are free, so
Lakeview shows in the search near 60614; bed D is out of service. Rosa can offer bed B to Jordan
(jordan@example.org) and watch the vacancy count go down. Lakeview's week: four chores and this
week's rota, Maya's sign-out to a meeting and back, last Sunday's house meeting, and her fees."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import Organization
from alongside.accounts.sensitive import Credential
from alongside.housing.models import Bed, BedStatus, ChoreAssignment, House, Stay, StayStatus
from alongside.housing.services import chores, curfew, houses, ledger, meetings, stays

RULES = [
    "Home by 11 pm on weeknights and midnight on weekends; sign in when you come home.",
    "No alcohol or drugs in the house or on the property; medication as prescribed is welcome.",
    "Go to at least three recovery meetings a week, of any pathway.",
    "Do your chore on the rota each week.",
    "Come to the house meeting on Sunday evening.",
    "Treat every housemate with respect: no violence, threats or theft.",
]


CHORES = [("Kitchen", 3), ("Bathrooms", 3), ("Trash and recycling", 1), ("Yard", 2)]


def demo_house_life(house: House, rosa, maya) -> None:
    """Lakeview's week: its chore list and this week's rota, Maya's sign-out to her meeting and
    back, last Sunday's house meeting and her fees. Each part only once."""
    stay = Stay.objects.filter(house=house, resident=maya, status=StayStatus.CURRENT).first()
    if stay is None:
        return
    if not house.chores.exists():
        for name, effort in CHORES:
            chores.add_chore(house=house, by=rosa, name=name, difficulty=effort)
    week = chores.this_week(house)
    if not ChoreAssignment.objects.filter(chore__house=house, week_of=week).exists():
        chores.make_rota(house=house, by=rosa, week_of=week)
    if not stay.sign_log.exists():
        back = timezone.now() - datetime.timedelta(hours=20)
        curfew.sign_out(
            stay=stay,
            by=maya,
            destination="NA meeting at St. Paul's",
            expected_back_at=back,
            at=back - datetime.timedelta(hours=3),
        )
        curfew.sign_in(stay=stay, by=maya, at=back - datetime.timedelta(minutes=20))
    if not house.meetings.exists():
        sunday = stays.house_today(house) - datetime.timedelta(
            days=stays.house_today(house).weekday() + 1
        )
        meetings.record_house_meeting(
            house=house,
            by=rosa,
            held_at=datetime.datetime.combine(
                sunday, datetime.time(19, 0), tzinfo=stays.house_zone(house)
            ),
            minutes="Agreed quiet hours after 10 pm. Welcomed the idea of a Sunday potluck.",
            marks={stay.pk: "present"},
        )
    if not stay.ledger.exists():
        today = stays.house_today(house)
        for kind, amount, what, days_ago in [
            ("charge", "175.00", "Weekly fee", 7),
            ("payment", "175.00", "Weekly fee, paid in cash", 6),
            ("charge", "175.00", "Weekly fee", 0),
        ]:
            ledger.record_entry(
                house=house,
                by=rosa,
                stay_id=stay.pk,
                kind=kind,
                amount=Decimal(amount),
                on=today - datetime.timedelta(days=days_ago),
                description=what,
            )


def populate(logins: dict) -> list[str]:
    return demo_houses(logins)


@transaction.atomic
def demo_houses(logins: dict) -> list[str]:
    rosa, maya = logins["house_manager"].user, logins["member"].user
    riverbend = Organization.objects.get(slug="riverbend")
    lakeview = House.objects.filter(slug="lakeview-house").first()
    if lakeview is None:
        lakeview = houses.create_house(
            organization=riverbend,
            by=rosa,
            name="Lakeview House",
            narr_level=2,
            serves="everyone",
            mat_friendly=True,
            description="A two-flat near the lake with a shared kitchen and a garden.",
            address="2200 N Lakeview Ave",
            city="Chicago",
            region="IL",
            postal_code="60614",
            country="US",
            phone="312-555-0142",
            weekly_fee=Decimal("175.00"),
            curfew=datetime.time(23, 0),
            meetings_required_per_week=3,
        )
        houses.save_rules(house=lakeview, by=rosa, texts=RULES)
        for label, room in (("A", "1"), ("B", "1"), ("C", "2"), ("D", "2")):
            houses.add_bed(house=lakeview, by=rosa, label=label, room=room)
        bed_d = lakeview.beds.get(label="D")
        houses.update_bed(bed=bed_d, by=rosa, label="D", room="2", in_service=False)
    if not House.objects.filter(slug="maple-street-house").exists():
        maple = houses.create_house(
            organization=riverbend,
            by=rosa,
            name="Maple Street House",
            narr_level=1,
            is_oxford_house=True,
            serves="women",
            mat_friendly=True,
            city="Evanston",
            region="IL",
            postal_code="60201",
            country="US",
            phone="847-555-0107",
            weekly_fee=Decimal("140.00"),
        )
        houses.save_rules(house=maple, by=rosa, texts=RULES[1:])
        for label in ("1", "2", "3"):
            houses.add_bed(house=maple, by=rosa, label=label)
    bed_a = Bed.objects.get(house=lakeview, label="A")
    if not Stay.objects.filter(resident=maya).exists() and bed_a.status == BedStatus.AVAILABLE:
        offer = stays.offer_bed(house=lakeview, by=rosa, bed=bed_a, email=maya.email)
        stays.accept_offer(
            credential=Credential.for_setup(maya),
            stay=offer,
            share_housing=True,
            signed_name="Maya Okafor",
        )
        # She moved in six weeks ago, and reached Phase 2 after a month.
        moved_in = stays.house_today(lakeview) - datetime.timedelta(days=42)
        Stay.objects.filter(pk=offer.pk).update(move_in_on=moved_in)
        offer.refresh_from_db()
        stays.set_phase(stay=offer, by=rosa, name="Phase 1", starts_on=moved_in)
        stays.set_phase(
            stay=offer, by=rosa, name="Phase 2", starts_on=moved_in + datetime.timedelta(days=30)
        )
    demo_house_life(lakeview, rosa, maya)
    living = Stay.objects.filter(house__organization=riverbend, status=StayStatus.CURRENT).count()
    return [
        f"Rosa runs {House.objects.filter(organization=riverbend).count()} houses; "
        f"{living} resident(s); public search: /housing/vacancies/?near=60614",
    ]
