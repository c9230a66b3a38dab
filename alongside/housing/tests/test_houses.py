"""Rosa's houses: added and placed on the map offline, their rules edited as versions residents
sign again, their beds added, renamed and taken out of service; the house page names the
residents who share their stay with her and shows everyone else's bed as occupied; nobody who
does not run the house reaches any of it."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from alongside.accounts.sensitive import Credential
from alongside.housing.models import Bed, BedStatus, DirectoryVersion, House, HouseRule
from alongside.housing.services import houses, stays
from alongside.housing.services.vacancies import current_version
from alongside.housing.tests.lakeview import RULES, lakeview, move_in, offer
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import AccessLogEntry, ConsentGrant
from alongside.privacy.services import revoke_grant
from alongside.testing.assertions import text_of
from alongside.testing.authz import EVERYONE

pytestmark = pytest.mark.django_db


def test_a_house_is_placed_from_its_zip_code_offline_with_its_time_zone(cast) -> None:
    house = lakeview(cast)
    assert house.latitude is not None and house.longitude is not None
    assert (round(house.latitude, 2), round(house.longitude, 2)) == (41.92, -87.65)
    assert house.time_zone == "America/Chicago"
    assert house.slug == "lakeview-house"
    # Outside the US, the town (in its country) places it.
    leeds = lakeview(cast, name="Chapel House", city="Leeds", country="GB", postal_code="LS1 1AA")
    assert leeds.time_zone == "Europe/London" and round(leeds.latitude or 0) == 54
    assert leeds.slug == "chapel-house"


def test_a_place_nobody_can_find_is_refused_beside_the_field_and_nothing_is_saved(
    client_as,
) -> None:
    response = client_as("house_manager").post(
        "/housing/houses/new/",
        {
            "name": "Seaside House",
            "narr_level": "2",
            "serves": "everyone",
            "city": "Atlantis-under-the-sea",
            "country": "US",
            "meetings_required_per_week": "0",
            "is_listed": "on",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_city_error">We could not find this town or ZIP code.' in page
    assert 'value="Seaside House"' in page  # what was typed is kept
    assert not House.objects.exists()


def test_rosa_adds_a_house_on_its_page_and_then_its_beds(cast, client_as) -> None:
    rosa = client_as("house_manager")
    response = rosa.post(
        "/housing/houses/new/",
        {
            "name": "Maple Street House",
            "narr_level": "1",
            "is_oxford_house": "on",
            "serves": "women",
            "mat_friendly": "on",
            "city": "Evanston",
            "region": "IL",
            "postal_code": "60201",
            "country": "US",
            "weekly_fee": "140.00",
            "curfew": "23:00",
            "meetings_required_per_week": "3",
            "is_listed": "on",
        },
    )
    house = House.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/housing/houses/{house.pk}/"
    assert (house.serves, house.is_oxford_house, house.curfew) == (
        "women",
        True,
        datetime.time(23, 0),
    )
    rosa.post(f"/housing/houses/{house.pk}/", {"bed-label": "1", "bed-room": "Front"})
    page = text_of(rosa.get(f"/housing/houses/{house.pk}/").content.decode())
    assert "Maple Street House" in page and "Level I: peer-run" in page and "Oxford House" in page
    assert "1 free bed shows in the public vacancy search." in page
    assert "Offer bed 1" in page


def test_only_the_managers_and_admins_of_the_operator_add_and_change_houses(
    cast, client_as
) -> None:
    house = lakeview(cast)
    for persona in ("member", "counselor", "outsider"):
        client = client_as(persona)
        assert client.get("/housing/houses/new/").status_code == 404
        assert client.get(f"/housing/houses/{house.pk}/edit/").status_code == 404
        response = client.post(
            "/api/v1/housing/houses",
            {"name": "Mine", "city": "Chicago", "region": "IL"},
            content_type="application/json",
        )
        assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        houses.update_house(house=house, by=cast["outsider"].user, name="Taken over")
    assert House.objects.get().name == "Lakeview House"


def test_changing_the_rules_makes_a_new_version_that_residents_are_asked_to_sign(
    cast, client_as
) -> None:
    house = lakeview(cast)
    maya = cast["member"].user
    move_in(cast, house, maya)
    assert house.rules_version == 1
    rosa = client_as("house_manager")
    same = rosa.post(f"/housing/houses/{house.pk}/rules/", {"rules": "\n".join(RULES) + "\n\n"})
    assert same.status_code == 302
    assert House.objects.get().rules_version == 1  # the same rules: no new version

    rosa.post(
        f"/housing/houses/{house.pk}/rules/",
        {"rules": RULES[0] + "\n  Chores on Saturday   morning.\n" + RULES[1]},
    )
    house.refresh_from_db()
    assert house.rules_version == 2
    assert [r.text for r in houses.current_rules(house)] == [
        RULES[0],
        "Chores on Saturday morning.",
        RULES[1],
    ]
    assert HouseRule.objects.filter(house=house, version=1).count() == 2  # kept, as signed
    notice = InAppNotification.objects.get(user=maya, kind="housing_rules")
    assert notice.url == "/housing/my-stay/" and "Lakeview" not in notice.title
    mine = text_of(client_as("member").get("/housing/my-stay/").content.decode())
    assert "The rules changed: read them and sign the new version." in mine
    board = text_of(rosa.get(f"/housing/houses/{house.pk}/").content.decode())
    assert "Not yet: asked to sign the new version" in board


def test_a_rule_too_long_is_refused_naming_it_and_the_old_rules_stay(cast, client_as) -> None:
    house = lakeview(cast)
    response = client_as("house_manager").post(
        f"/housing/houses/{house.pk}/rules/", {"rules": "Be kind.\n" + "x" * 501}
    )
    assert response.status_code == 422
    assert "Rule 2 is longer than 500 characters. Shorten it." in response.content.decode()
    assert [r.text for r in houses.current_rules(House.objects.get())] == RULES


def test_beds_are_renamed_and_a_name_another_bed_has_is_refused(cast, client_as) -> None:
    house = lakeview(cast)
    bed_b = house.beds.get(label="B")
    rosa = client_as("house_manager")
    clash = rosa.post(
        f"/housing/houses/{house.pk}/beds/{bed_b.pk}/", {"label": "A", "in_service": "on"}
    )
    assert clash.status_code == 422
    assert "This house already has a bed called A. Choose another name." in clash.content.decode()
    rosa.post(
        f"/housing/houses/{house.pk}/beds/{bed_b.pk}/",
        {"label": "Window", "room": "2", "in_service": "on"},
    )
    bed_b.refresh_from_db()
    assert (bed_b.label, bed_b.room, bed_b.status) == ("Window", "2", BedStatus.AVAILABLE)
    with pytest.raises(ValidationError):
        houses.add_bed(house=house, by=cast["house_manager"].user, label="A")
    assert Bed.objects.filter(house=house).count() == 2


def test_a_bed_someone_lives_in_cannot_be_taken_out_of_service(cast, client_as) -> None:
    house = lakeview(cast)
    move_in(cast, house, cast["member"].user, "A")
    bed_a = house.beds.get(label="A")
    response = client_as("house_manager").post(
        f"/housing/houses/{house.pk}/beds/{bed_a.pk}/", {"label": "A"}
    )
    assert response.status_code == 422
    assert "Someone lives in bed A or has an offer for it." in text_of(response.content.decode())
    api = client_as("house_manager").patch(
        f"/api/v1/housing/houses/{house.pk}/beds/{bed_a.pk}",
        {"in_service": False},
        content_type="application/json",
    )
    assert api.status_code == 409 and "Someone lives in bed A" in api.json()["error"]["message"]
    assert Bed.objects.get(pk=bed_a.pk).status == BedStatus.AVAILABLE
    bed_b = house.beds.get(label="B")
    houses.update_bed(bed=bed_b, by=cast["house_manager"].user, label="B", in_service=False)
    assert Bed.objects.get(pk=bed_b.pk).status == BedStatus.OUT_OF_SERVICE


def test_every_change_the_public_sees_gives_the_directory_a_new_version(cast) -> None:
    seen = [current_version().number]

    def changed() -> bool:
        seen.append(current_version().number)
        return seen[-1] > seen[-2]

    house = lakeview(cast, beds=())
    assert changed()
    rosa = cast["house_manager"].user
    houses.add_bed(house=house, by=rosa, label="A")
    assert changed()
    stay = offer(cast, house, cast["member"].user)
    assert changed()
    stays.decline_offer(stay=stay, by=cast["member"].user)
    assert changed()
    stay = move_in(cast, house, cast["member"].user)
    assert changed()
    stays.move_out(stay=stay, by=rosa, on=stays.house_today(house), reason="completed")
    assert changed()
    houses.update_house(house=house, by=rosa, is_listed=False)
    assert changed()
    assert DirectoryVersion.objects.count() == 1


def test_the_house_page_names_residents_who_share_and_shows_others_as_occupied(
    cast, client_as
) -> None:
    house = lakeview(cast, beds=("A", "B", "C"))
    maya, jordan = cast["member"].user, cast["member2"].user
    move_in(cast, house, maya, "A", days_ago=40)
    move_in(cast, house, jordan, "B", days_ago=10)
    # Jordan stops sharing his stay: the house sees his bed taken, and nothing else of him.
    revoke_grant(
        grant=ConsentGrant.objects.get(member=jordan),
        by=jordan,
        credential=Credential.for_setup(jordan),
    )
    before = AccessLogEntry.objects.filter(action="read").count()
    page = text_of(client_as("house_manager").get(f"/housing/houses/{house.pk}/").content.decode())
    assert "Maya O." in page and "1 month" in page
    assert "JustJordan" not in page and "Jordan" not in page
    assert "Occupied: they do not share their stay with you" in page
    assert "1 resident does not share their stay with you" in page
    assert "1 free bed shows in the public vacancy search." in page
    looks = AccessLogEntry.objects.filter(action="read").order_by("-id")
    assert looks.count() == before + 1  # Maya, named: one look logged, at her
    assert (looks[0].member, looks[0].actor, looks[0].scope) == (
        maya,
        cast["house_manager"].user,
        "housing",
    )


def test_the_six_months_marker_shows_from_six_months_to_the_day(cast, client_as) -> None:
    with time_machine.travel(datetime.datetime(2026, 1, 15, 18, 0, tzinfo=datetime.UTC)):
        house = lakeview(cast)
        move_in(cast, house, cast["member"].user)
    for when, marked, months in (
        (datetime.date(2026, 7, 14), False, "5 months"),
        (datetime.date(2026, 7, 15), True, "6 months"),
    ):
        with time_machine.travel(
            datetime.datetime.combine(when, datetime.time(18, 0), datetime.UTC)
        ):
            page = text_of(
                client_as("house_manager").get(f"/housing/houses/{house.pk}/").content.decode()
            )
            assert months in page
            assert ("6 months or more" in page) is marked


def test_the_admin_runs_the_house_but_sees_a_resident_who_shares_with_house_managers_as_occupied(
    cast, client_as
) -> None:
    house = lakeview(cast)
    move_in(cast, house, cast["member"].user)
    dana = client_as("org_admin")
    page = text_of(dana.get(f"/housing/houses/{house.pk}/").content.decode())
    assert "Occupied: they do not share their stay with you" in page and "Maya" not in page
    stay = house.stays.get()
    assert dana.get(f"/housing/stays/{stay.pk}/").status_code == 404


@pytest.mark.parametrize(
    "persona", [p for p in EVERYONE if p not in ("house_manager", "org_admin")]
)
def test_nobody_but_the_houses_managers_reaches_its_pages(cast, client_as, persona) -> None:
    house = lakeview(cast)
    stay = move_in(cast, house, cast["member"].user)
    client = client_as(None if persona == "anon" else persona)
    for path in (
        f"/housing/houses/{house.pk}/",
        f"/housing/houses/{house.pk}/rules/",
        f"/housing/houses/{house.pk}/offer/",
        f"/housing/stays/{stay.pk}/",
        f"/housing/residents/{cast['member'].user.pk}/",
    ):
        response = client.get(path)
        expected = 302 if persona == "anon" else 404
        assert response.status_code == expected, (persona, path)
    api = client.get(f"/api/v1/housing/houses/{house.pk}")
    assert api.status_code == (401 if persona == "anon" else 404)


def test_the_api_adds_a_house_changes_it_and_works_its_beds(cast, client_as) -> None:
    rosa = client_as("house_manager")
    made = rosa.post(
        "/api/v1/housing/houses",
        {
            "name": "Maple Street House",
            "city": "Evanston",
            "region": "IL",
            "postal_code": "60201",
            "serves": "women",
            "weekly_fee": "140.00",
            "curfew": "22:30",
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["time_zone"], body["serves"], body["vacant_beds"]) == (
        "America/Chicago",
        "women",
        0,
    )
    house_id = body["id"]
    bed = rosa.post(
        f"/api/v1/housing/houses/{house_id}/beds", {"label": "1"}, content_type="application/json"
    )
    assert bed.status_code == 201 and bed.json()["state"] == "vacant"
    rules = rosa.put(
        f"/api/v1/housing/houses/{house_id}/rules",
        {"rules": ["Be kind.", "", "Sign in by ten."]},
        content_type="application/json",
    )
    assert rules.json()["rules"] == ["Be kind.", "Sign in by ten."]
    changed = rosa.patch(
        f"/api/v1/housing/houses/{house_id}",
        {"is_listed": False, "curfew": None},
        content_type="application/json",
    )
    assert changed.json()["is_listed"] is False and changed.json()["curfew"] is None
    assert changed.json()["beds"][0]["label"] == "1"
    nowhere = rosa.patch(
        f"/api/v1/housing/houses/{house_id}",
        {"city": "Atlantis-under-the-sea", "postal_code": ""},
        content_type="application/json",
    )
    assert nowhere.status_code == 422
    assert nowhere.json()["error"]["fields"][0]["field"] == "city"
    assert House.objects.get(pk=house_id).city == "Evanston"


def test_the_house_page_asks_the_same_questions_however_many_residents_but_logs_each_one_named(
    cast, client_as
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people = [cast[p].user for p in ("member", "member2", "mentor", "facilitator")]
    small = lakeview(cast, beds=("A", "B"))
    move_in(cast, small, people[0], "A")
    large = lakeview(cast, name="Big House", beds=("1", "2", "3", "4", "5", "6"))
    for n, person in enumerate(people[1:], start=1):
        move_in(cast, large, person, str(n))
    rosa = client_as("house_manager")
    rosa.get(f"/housing/houses/{small.pk}/")  # the session and the roles, read once
    with CaptureQueriesContext(connection) as few:
        rosa.get(f"/housing/houses/{small.pk}/")
    with CaptureQueriesContext(connection) as many:
        rosa.get(f"/housing/houses/{large.pk}/")
    logged = [q for q in many if 'INSERT INTO "privacy_accesslogentry"' in q["sql"]]
    assert len(logged) == 3
    assert len(many) - len(logged) == len(few) - 1


def test_the_demo_sets_up_rosas_houses_with_maya_in_bed_a_and_loads_twice(cast) -> None:
    from alongside.housing import demo
    from alongside.housing.models import Stay, StayStatus
    from alongside.housing.services.vacancies import VacancyQuery, search_vacancies

    demo.populate(cast)
    demo.populate(cast)
    assert House.objects.count() == 2
    stay = Stay.objects.get(resident=cast["member"].user)
    assert (
        stay.status,
        stay.bed.label,
        stays.current_phase(stay, stays.house_today(stay.house)).name,
    ) == (
        StayStatus.CURRENT,
        "A",
        "Phase 2",
    )
    found = search_vacancies(VacancyQuery(latitude=41.9229, longitude=-87.6483, radius_km=30))
    assert [(v.house.name, v.vacant) for v in found.results] == [
        ("Lakeview House", 2),
        ("Maple Street House", 3),
    ]
