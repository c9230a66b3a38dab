"""The public vacancy search and the open vacancy feed: houses with a free bed near a place, by
who they serve, medication policy and level; their town and phone, never a street or a
resident; the feed cached by the directory's version, revalidated with its ETag, and changed on
the very next request after a move-out."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.housing.models import House
from alongside.housing.services import houses, stays
from alongside.housing.services.vacancies import VacancyQuery, search_vacancies
from alongside.housing.tests.lakeview import lakeview, move_in
from alongside.testing.assertions import text_of

pytestmark = pytest.mark.django_db


def near(client, query: str = "near=60614"):
    return client.get(f"/housing/vacancies/?{query}")


def test_the_search_finds_a_near_house_with_a_free_bed_not_a_far_one_nor_a_full_one(
    cast, client_as
) -> None:
    lakeview(cast)  # Chicago 60614, two free beds
    full = lakeview(cast, name="Full House", beds=("1",), postal_code="60657")  # Chicago, full
    move_in(cast, full, cast["member"].user, "1")
    lakeview(cast, name="Capitol House", city="Springfield", postal_code="62701")  # 300 km away
    response = near(client_as(None), "near=60614&distance=10&unit=mi")
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "1 house with a free bed near 60614 (Chicago, IL)" in page
    assert "Lakeview House" in page and "2 free beds" in page
    assert "Full House" not in page and "Capitol House" not in page
    wider = text_of(near(client_as(None), "near=60614&distance=400&unit=km").content.decode())
    assert "2 houses with a free bed" in wider and "Capitol House" in wider
    assert wider.index("Lakeview House") < wider.index("Capitol House")  # nearest first


def test_results_show_the_town_and_the_referral_phone_never_the_street_or_a_resident(
    cast, client_as
) -> None:
    house = lakeview(cast, beds=("A", "B"))
    move_in(cast, house, cast["member"].user, "A")
    page = near(client_as(None)).content.decode()
    assert "Chicago, IL" in page and 'href="tel:312-555-0142"' in page
    assert "1 free bed" in text_of(page)
    for hidden in ("2200 N Lakeview", "Maya", "Okafor"):
        assert hidden not in page


def test_filters_by_who_a_house_serves_its_medication_policy_and_its_level(cast, client_as) -> None:
    lakeview(cast, serves="women", narr_level=1, mat_friendly=True)
    lakeview(cast, name="Northside House", serves="men", narr_level=3, mat_friendly=False)
    anon = client_as(None)

    def names(query: str) -> set[str]:
        page = text_of(near(anon, query).content.decode())
        return {n for n in ("Lakeview House", "Northside House") if n in page}

    assert names("near=60614") == {"Lakeview House", "Northside House"}
    assert names("near=60614&serves=women") == {"Lakeview House"}
    assert names("near=60614&serves=men&serves=everyone") == {"Northside House"}
    assert names("near=60614&mat_friendly=on") == {"Lakeview House"}
    assert names("near=60614&narr_level=3") == {"Northside House"}
    assert names("near=Chicago,%20IL&narr_level=1&narr_level=2") == {"Lakeview House"}


def test_an_unlisted_house_never_shows(cast, client_as) -> None:
    house = lakeview(cast)
    houses.update_house(house=house, by=cast["house_manager"].user, is_listed=False)
    assert "Lakeview House" not in near(client_as(None)).content.decode()
    assert json.loads(client_as(None).get("/housing/vacancies.json").content)["houses"] == []


def test_a_place_nobody_can_find_is_refused_beside_the_field(client_as) -> None:
    response = near(client_as(None), "near=Atlantis-under-the-sea")
    assert response.status_code == 422
    assert 'id="id_near_error">We could not find “Atlantis-under-the-sea”.' in (
        response.content.decode()
    )
    api = client_as(None).get("/api/v1/housing/vacancies/search?near=Atlantis-under-the-sea")
    assert api.status_code == 422 and api.json()["error"]["fields"][0]["field"] == "near"


def test_the_search_asks_the_database_the_same_few_questions_however_many_houses(cast) -> None:
    query = VacancyQuery(latitude=41.9229, longitude=-87.6483, radius_km=40)
    lakeview(cast)
    with CaptureQueriesContext(connection) as few:
        assert len(search_vacancies(query).results) == 1
    for n in range(6):
        lakeview(cast, name=f"House {n}", postal_code="60657")
    with CaptureQueriesContext(connection) as many:
        assert len(search_vacancies(query).results) == 7
    assert len(many) == len(few) == 3  # the points, the free beds, the houses shown


def test_the_api_searches_by_distance_in_kilometres(cast, client_as) -> None:
    lakeview(cast)
    lakeview(cast, name="Capitol House", city="Springfield", postal_code="62701")
    body = client_as(None).get("/api/v1/housing/vacancies/search?near=60614&radius_km=50").json()
    assert body["place"] == "60614 (Chicago, IL)" and body["count"] == 1
    found = body["results"][0]
    assert found["house"]["house"] == "Lakeview House" and found["house"]["vacant_beds"] == 2
    assert found["distance_km"] < 1 and "address" not in found["house"]


# ---------------------------------------------------------------- the feed


def test_the_feed_lists_every_listed_house_with_a_free_bed_and_nobody_in_it(
    cast, client_as
) -> None:
    house = lakeview(cast, beds=("A", "B"), weekly_fee="175.00")
    move_in(cast, house, cast["member"].user, "A")
    full = lakeview(cast, name="Full House", beds=("1",))
    move_in(cast, full, cast["member2"].user, "1")
    response = client_as(None).get("/housing/vacancies.json")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    body = json.loads(response.content)
    assert [h["house"] for h in body["houses"]] == ["Lakeview House"]
    item = body["houses"][0]
    assert {
        k: item[k] for k in ("narr_level", "serves", "mat_friendly", "town", "vacant_beds")
    } == {
        "narr_level": 2,
        "serves": "everyone",
        "mat_friendly": True,
        "town": "Chicago",
        "vacant_beds": 1,
    }
    assert (item["latitude"], item["longitude"], item["weekly_fee"]) == (
        41.9229,
        -87.6483,
        "175.00",
    )
    text = response.content.decode()
    for hidden in ("2200 N Lakeview", "Maya", "Jordan", "resident"):
        assert hidden not in text
    # The API serves the same feed.
    api = client_as(None).get("/api/v1/housing/vacancies")
    assert api.status_code == 200 and api.json() == body


def test_the_feed_answers_304_to_its_etag_and_changes_on_the_next_request_after_a_move_out(
    cast, client_as
) -> None:
    house = lakeview(cast, beds=("A",))
    stay = move_in(cast, house, cast["member"].user, "A", days_ago=3)
    anon = client_as(None)
    first = anon.get("/housing/vacancies.json")
    etag = first["ETag"]
    assert json.loads(first.content)["houses"] == [] and first["Last-Modified"]
    unchanged = anon.get("/housing/vacancies.json", HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged["ETag"] == etag
    assert anon.get("/api/v1/housing/vacancies", HTTP_IF_NONE_MATCH=etag).status_code == 304

    stays.move_out(
        stay=stay, by=cast["house_manager"].user, on=stays.house_today(house), reason="moved_on"
    )
    after = anon.get("/housing/vacancies.json", HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    assert [h["vacant_beds"] for h in json.loads(after.content)["houses"]] == [1]
    assert "Lakeview House" in near(anon).content.decode()


def test_the_feed_is_built_once_per_version_then_served_from_the_cache(cast, client_as) -> None:
    lakeview(cast)
    anon = client_as(None)
    anon.get("/housing/vacancies.json")
    with CaptureQueriesContext(connection) as served:
        again = anon.get("/housing/vacancies.json")
    assert again.status_code == 200 and b"Lakeview House" in again.content
    # One question only: the directory's version. The houses came from the cache.
    assert [q["sql"] for q in served if "housing_house" in q["sql"]] == []
    assert len([q for q in served if "housing_directoryversion" in q["sql"]]) == 1
    House.objects.update(name="Renamed behind the services' back")
    assert b"Lakeview House" in anon.get("/housing/vacancies.json").content  # same version


def test_an_erased_residents_bed_shows_free_in_the_feed_at_once(cast, client_as) -> None:
    from alongside.accounts.sensitive import Credential
    from alongside.privacy.services import erase_member

    house = lakeview(cast, beds=("A",))
    maya = cast["member"].user
    move_in(cast, house, maya, "A")
    anon = client_as(None)
    assert json.loads(anon.get("/housing/vacancies.json").content)["houses"] == []
    erase_member(member=maya, credential=Credential.for_setup(maya))
    houses_now = json.loads(anon.get("/housing/vacancies.json").content)["houses"]
    assert [h["vacant_beds"] for h in houses_now] == [1]
