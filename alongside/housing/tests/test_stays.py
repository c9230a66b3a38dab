"""Stays: Rosa offers a free bed by the email of an account; the person reads the rules and what
sharing their stay shows, and accepts — sharing "housing" with the house managers and signing
the rules — or declines in one click; phases and the move-out; the resident's own page; and a
resident's stays as the house managers they share with read them. Every bad input gets its own
words, and nothing is half-saved."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from alongside.accounts.models import User
from alongside.accounts.sensitive import Credential
from alongside.housing.models import (
    MoveOutReason,
    RulesAcknowledgement,
    Stay,
    StayPhase,
    StayStatus,
)
from alongside.housing.services import stays
from alongside.housing.services.houses import Conflict
from alongside.housing.services.vacancies import VacancyQuery, search_vacancies
from alongside.housing.tests.lakeview import RULES, lakeview, move_in, offer
from alongside.notifications.models import InAppNotification
from alongside.privacy.models import AccessLogEntry, ConsentGrant
from alongside.privacy.services import revoke_grant
from alongside.testing.assertions import text_of

pytestmark = pytest.mark.django_db

CHICAGO = VacancyQuery(latitude=41.9229, longitude=-87.6483, radius_km=10)


def vacant_near_chicago() -> int:
    found = search_vacancies(CHICAGO).results
    return found[0].vacant if found else 0


# ---------------------------------------------------------------- offers


def test_rosa_offers_a_free_bed_by_email_and_the_person_is_told(cast, client_as) -> None:
    house = lakeview(cast)
    jordan = cast["member2"].user
    assert vacant_near_chicago() == 2
    response = client_as("house_manager").post(
        f"/housing/houses/{house.pk}/offer/",
        {"bed": house.beds.get(label="B").pk, "email": "  Jordan@Example.org "},
    )
    assert response.status_code == 302
    stay = Stay.objects.get()
    assert (stay.resident, stay.bed.label, stay.status) == (jordan, "B", StayStatus.OFFERED)
    notice = InAppNotification.objects.get(user=jordan, kind="housing_offer")
    assert notice.url == f"/housing/offers/{stay.pk}/"
    assert notice.title == "You have an offer of a place to stay"  # names no house on a lock screen
    assert "Lakeview House offers you bed B" in notice.body
    assert vacant_near_chicago() == 1  # the bed is held for them
    page = text_of(client_as("house_manager").get(f"/housing/houses/{house.pk}/").content.decode())
    assert "Bed B, offered to JustJordan" in page


@pytest.mark.parametrize("address", ["nobody@example.org", "unverified@example.org"])
def test_an_address_no_account_uses_is_refused_beside_the_field_and_nothing_is_saved(
    cast, client_as, address
) -> None:
    from allauth.account.models import EmailAddress

    house = lakeview(cast)
    # An address Jordan added but never verified is no way to reach his account.
    EmailAddress.objects.create(
        user=cast["member2"].user, email="unverified@example.org", verified=False
    )
    users = User.objects.count()
    response = client_as("house_manager").post(
        f"/housing/houses/{house.pk}/offer/",
        {"bed": house.beds.get(label="B").pk, "email": address},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_email_error">No Alongside account uses this address.' in page
    assert f'value="{address}"' in page
    api = client_as("house_manager").post(
        f"/api/v1/housing/houses/{house.pk}/offers",
        {"bed_id": house.beds.get(label="B").pk, "email": address},
        content_type="application/json",
    )
    assert api.status_code == 422 and api.json()["error"]["fields"][0]["field"] == "email"
    assert not Stay.objects.exists() and User.objects.count() == users


def test_many_unknown_addresses_in_a_day_pause_offers_by_email(cast) -> None:
    house = lakeview(cast)
    bed = house.beds.get(label="B")
    rosa = cast["house_manager"].user
    for n in range(stays.UNKNOWN_ADDRESSES_PER_DAY):
        with pytest.raises(ValidationError, match="No Alongside account"):
            stays.offer_bed(house=house, by=rosa, bed=bed, email=f"guess{n}@example.org")
    # Now even a real address gets the same pause: guessing stays slow.
    with pytest.raises(ValidationError, match="tried many addresses"):
        stays.offer_bed(house=house, by=rosa, bed=bed, email=cast["member2"].user.email)
    assert not Stay.objects.exists()


def test_two_people_cannot_have_one_bed(cast, client_as) -> None:
    house = lakeview(cast)
    move_in(cast, house, cast["member"].user, "A")
    bed_a = house.beds.get(label="A")
    response = client_as("house_manager").post(
        f"/housing/houses/{house.pk}/offer/", {"bed": bed_a.pk, "email": "jordan@example.org"}
    )
    assert response.status_code == 422
    assert (
        'id="id_bed_error">Bed A is taken: someone lives in it or has an offer for it.'
        in response.content.decode()
    )
    api = client_as("house_manager").post(
        f"/api/v1/housing/houses/{house.pk}/offers",
        {"bed_id": bed_a.pk, "email": "jordan@example.org"},
        content_type="application/json",
    )
    assert api.status_code == 409
    assert api.json()["error"]["message"].startswith("Bed A is taken")
    assert Stay.objects.count() == 1


def test_the_database_holds_a_bed_to_one_person_when_two_offers_race(cast, monkeypatch) -> None:
    house = lakeview(cast)
    first = offer(cast, house, cast["member"].user, "A")
    # The second offer checked before the first was saved: only the database can refuse it.
    monkeypatch.setattr(stays, "bed_is_taken", lambda bed: False)
    with pytest.raises(Conflict) as refused:
        offer(cast, house, cast["member2"].user, "A")
    assert "Bed A is taken" in refused.value.message_dict["bed"][0]
    assert list(Stay.objects.all()) == [first]
    assert not InAppNotification.objects.filter(user=cast["member2"].user).exists()


def test_a_move_in_day_already_past_is_refused(cast) -> None:
    house = lakeview(cast)
    with pytest.raises(ValidationError) as refused:
        offer(cast, house, cast["member2"].user, move_in_on=datetime.date(2020, 1, 1))
    assert "move_in_on" in refused.value.message_dict
    assert not Stay.objects.exists()


# ---------------------------------------------------------------- answering an offer


def test_the_person_reads_the_rules_and_what_they_would_share_before_answering(
    cast, client_as
) -> None:
    house = lakeview(cast)
    stay = offer(cast, house, cast["member2"].user, "B")
    page = text_of(client_as("member2").get(f"/housing/offers/{stay.pk}/").content.decode())
    assert "An offer from Lakeview House" in page and "The house offers you bed B." in page
    assert all(rule in page for rule in RULES)
    assert "2200 N Lakeview Ave" in page  # the street is for the person moving in
    assert (
        "To live here you share your stay with the house managers of Riverbend Recovery Community"
        in page
    )
    assert "the house, your bed, the day you moved in, the phase of your stay" in page
    assert "Decline the offer" in page
    # Someone else's offer is not found, for Rosa too (she works it on her own page).
    assert client_as("member").get(f"/housing/offers/{stay.pk}/").status_code == 404
    assert client_as("house_manager").get(f"/housing/offers/{stay.pk}/").status_code == 404


def test_accepting_shares_housing_with_the_house_managers_signs_the_rules_and_moves_in(
    cast, client_as
) -> None:
    house = lakeview(cast)
    jordan = cast["member2"].user
    stay = offer(cast, house, jordan, "B")
    client = client_as("member2", reauthenticated=True)
    response = client.post(
        f"/housing/offers/{stay.pk}/",
        {"share_housing": "on", "signed_name": "  Jordan   Reyes "},
    )
    assert response.status_code == 302 and response["Location"] == "/housing/my-stay/"
    stay.refresh_from_db()
    assert stay.status == StayStatus.CURRENT
    assert stay.move_in_on == stays.house_today(house)
    grant = ConsentGrant.objects.get(member=jordan)
    assert (grant.grantee_organization, grant.grantee_role, grant.scopes) == (
        house.organization,
        "house_manager",
        ["housing"],
    )
    signature = RulesAcknowledgement.objects.get(stay=stay)
    assert (signature.version, signature.signed_name) == (1, "Jordan Reyes")
    rosa_told = InAppNotification.objects.get(user=cast["house_manager"].user)
    assert "JustJordan accepted bed B at Lakeview House." in rosa_told.body
    mine = text_of(client.get("/housing/my-stay/").content.decode())
    assert "Welcome to Lakeview House." in mine and "Bed B, since" in mine
    assert "You signed these rules." in mine
    board = text_of(client_as("house_manager").get(f"/housing/houses/{house.pk}/").content.decode())
    assert "JustJordan" in board and "0 days" in board


def test_accepting_without_the_tick_or_the_name_saves_nothing_and_says_why(cast, client_as) -> None:
    house = lakeview(cast)
    stay = offer(cast, house, cast["member2"].user)
    response = client_as("member2", reauthenticated=True).post(
        f"/housing/offers/{stay.pk}/", {"signed_name": ""}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'id="id_share_housing_error">Tick the box to share your stay' in page
    assert 'id="id_signed_name_error">Type your name to sign the house rules.' in page
    stay.refresh_from_db()
    assert stay.status == StayStatus.OFFERED
    assert not ConsentGrant.objects.exists() and not RulesAcknowledgement.objects.exists()


def test_accepting_asks_the_person_to_confirm_it_is_them_and_saves_nothing_before(
    cast, client_as
) -> None:
    house = lakeview(cast)
    stay = offer(cast, house, cast["member2"].user)
    response = client_as("member2").post(
        f"/housing/offers/{stay.pk}/", {"share_housing": "on", "signed_name": "Jordan"}
    )
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    stay.refresh_from_db()
    assert stay.status == StayStatus.OFFERED
    assert not ConsentGrant.objects.exists() and not RulesAcknowledgement.objects.exists()


def test_accepting_twice_or_after_the_offer_was_withdrawn_says_what_happened(
    cast, client_as
) -> None:
    house = lakeview(cast)
    jordan = cast["member2"].user
    accepted = move_in(cast, house, jordan, "B")
    again = client_as("member2", reauthenticated=True).post(
        f"/housing/offers/{accepted.pk}/", {"share_housing": "on", "signed_name": "Jordan"}
    )
    assert again.status_code == 422
    assert "You accepted this offer: you live there now." in text_of(again.content.decode())
    api = client_as("member2", reauthenticated=True).post(
        f"/api/v1/housing/offers/{accepted.pk}/accept",
        {"share_housing": True, "signed_name": "Jordan"},
        content_type="application/json",
    )
    assert api.status_code == 409
    assert api.json()["error"]["message"] == "This offer was accepted: you live there now."
    assert RulesAcknowledgement.objects.filter(stay=accepted).count() == 1

    maya = cast["member"].user
    withdrawn = offer(cast, house, maya, "A")
    stays.withdraw_offer(stay=withdrawn, by=cast["house_manager"].user)
    with pytest.raises(Conflict, match="The house withdrew this offer"):
        stays.accept_offer(
            credential=Credential.for_setup(maya),
            stay=withdrawn,
            share_housing=True,
            signed_name="Maya",
        )
    page = text_of(client_as("member").get(f"/housing/offers/{withdrawn.pk}/").content.decode())
    assert "The house withdrew this offer." in page and "Accept and move in" not in page
    assert Stay.objects.get(pk=withdrawn.pk).status == StayStatus.WITHDRAWN
    assert not ConsentGrant.objects.filter(member=maya).exists()


def test_someone_living_in_one_house_cannot_accept_a_bed_in_another_until_they_move_out(
    cast,
) -> None:
    house = lakeview(cast, beds=("A", "B"))
    maya = cast["member"].user
    move_in(cast, house, maya, "A")
    second = offer(cast, house, maya, "B")
    with pytest.raises(Conflict, match="You live at Lakeview House now"):
        stays.accept_offer(
            credential=Credential.for_setup(maya), stay=second, share_housing=True, signed_name="M"
        )
    assert Stay.objects.get(pk=second.pk).status == StayStatus.OFFERED


def test_declining_is_one_click_frees_the_bed_and_tells_the_house(cast, client_as) -> None:
    house = lakeview(cast)
    stay = offer(cast, house, cast["member2"].user, "B")
    assert vacant_near_chicago() == 1
    response = client_as("member2").post(f"/housing/offers/{stay.pk}/decline/")
    assert response.status_code == 302
    assert Stay.objects.get(pk=stay.pk).status == StayStatus.DECLINED
    assert vacant_near_chicago() == 2
    told = InAppNotification.objects.get(user=cast["house_manager"].user)
    assert "JustJordan declined bed B at Lakeview House. The bed is free again." in told.body
    again = client_as("member2").post(f"/housing/offers/{stay.pk}/decline/", follow=True)
    assert "This offer was declined." in text_of(again.content.decode())


# ---------------------------------------------------------------- living there


def test_a_phase_is_set_from_a_day_and_not_before_the_move_in(cast, client_as) -> None:
    house = lakeview(cast)
    stay = move_in(cast, house, cast["member"].user, days_ago=20)
    moved_in = stays.house_today(house) - datetime.timedelta(days=20)
    rosa = client_as("house_manager")
    early = rosa.post(
        f"/housing/stays/{stay.pk}/",
        {
            "form": "phase",
            "phase-name": "Phase 2",
            "phase-starts_on": str(moved_in - datetime.timedelta(days=1)),
        },
    )
    assert early.status_code == 422
    assert "A phase cannot start before the move-in day" in early.content.decode()
    assert not StayPhase.objects.exists()
    rosa.post(f"/housing/stays/{stay.pk}/", {"form": "phase", "phase-name": "Phase 2"})
    page = text_of(rosa.get(f"/housing/stays/{stay.pk}/").content.decode())
    assert "Phase 2, since" in page
    mine = text_of(client_as("member").get("/housing/my-stay/").content.decode())
    assert "Phase 2, since" in mine


def test_a_move_out_before_the_move_in_is_refused_and_nothing_changes(cast, client_as) -> None:
    house = lakeview(cast)
    stay = move_in(cast, house, cast["member"].user, days_ago=5)
    moved_in = stays.house_today(house) - datetime.timedelta(days=5)
    response = client_as("house_manager").post(
        f"/housing/stays/{stay.pk}/",
        {
            "form": "move_out",
            "out-move_out_on": str(moved_in - datetime.timedelta(days=1)),
            "out-move_out_reason": "completed",
        },
    )
    assert response.status_code == 422
    assert 'id="id_out-move_out_on_error">The move-out day cannot be before the move-in day' in (
        response.content.decode()
    )
    api = client_as("house_manager").post(
        f"/api/v1/housing/stays/{stay.pk}/move-out",
        {"move_out_on": "2001-01-01", "reason": "completed"},
        content_type="application/json",
    )
    assert api.status_code == 422 and api.json()["error"]["fields"][0]["field"] == "move_out_on"
    stay.refresh_from_db()
    assert (stay.status, stay.move_out_on) == (StayStatus.CURRENT, None)
    assert vacant_near_chicago() == 1


def test_a_move_out_frees_the_bed_at_once_and_a_second_one_is_refused(cast, client_as) -> None:
    house = lakeview(cast)
    stay = move_in(cast, house, cast["member"].user, days_ago=90)
    today = stays.house_today(house)
    response = client_as("house_manager").post(
        f"/housing/stays/{stay.pk}/",
        {
            "form": "move_out",
            "out-move_out_on": str(today),
            "out-move_out_reason": "treatment",
            "out-move_out_note": "Went to Lakeside for a month; welcome back after.",
        },
    )
    assert response.status_code == 302
    stay.refresh_from_db()
    assert (stay.status, stay.move_out_on, stay.move_out_reason) == (
        StayStatus.ENDED,
        today,
        "treatment",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT move_out_note FROM housing_stay WHERE id = %s", [stay.pk])
        assert "Lakeside" not in cursor.fetchone()[0]  # encrypted at rest
    assert vacant_near_chicago() == 2
    again = client_as("house_manager").post(
        f"/api/v1/housing/stays/{stay.pk}/move-out",
        {"move_out_on": str(today), "reason": "completed"},
        content_type="application/json",
    )
    assert again.status_code == 409


def test_no_move_out_reason_names_a_relapse() -> None:
    words = " ".join(str(label).lower() for label in MoveOutReason.labels)
    assert not any(word in words for word in ("relapse", "using", "dirty", "failed", "evict"))


def test_a_new_version_of_the_rules_is_signed_on_the_residents_own_page(cast, client_as) -> None:
    from alongside.housing.services import houses

    house = lakeview(cast)
    move_in(cast, house, cast["member"].user)
    houses.save_rules(
        house=house, by=cast["house_manager"].user, texts=[*RULES, "Quiet after ten."]
    )
    maya = client_as("member")
    empty = maya.post("/housing/my-stay/", {"signed_name": " "})
    assert empty.status_code == 422 and "This field is required." in empty.content.decode()
    assert maya.post("/housing/my-stay/", {"signed_name": "Maya Okafor"}).status_code == 302
    assert RulesAcknowledgement.objects.filter(version=2, signed_name="Maya Okafor").exists()
    api = maya.post(
        "/api/v1/housing/my-stay/rules/signature",
        {"signed_name": "Maya"},
        content_type="application/json",
    )
    assert api.status_code == 409 and "signed these rules already" in api.json()["error"]["message"]


def test_the_residents_own_page_and_api_show_house_bed_rules_phase_and_tenure(
    cast, client_as
) -> None:
    house = lakeview(cast)
    stay = move_in(cast, house, cast["member"].user, "A", days_ago=200)
    stays.set_phase(stay=stay, by=cast["house_manager"].user, name="Senior resident")
    page = text_of(client_as("member").get("/housing/my-stay/").content.decode())
    assert "Lakeview House" in page and "Bed A, since" in page
    assert "6 months 6 months or more" in page and "Senior resident, since" in page
    assert RULES[0] in page and "2200 N Lakeview Ave" in page
    body = client_as("member").get("/api/v1/housing/my-stay").json()
    assert body["house"]["rules"] == RULES
    assert (body["stay"]["bed"], body["stay"]["phase"], body["stay"]["six_months_or_more"]) == (
        "A",
        "Senior resident",
        True,
    )
    nobody = text_of(client_as("mentor").get("/housing/my-stay/").content.decode())
    assert "You do not live in a sober-living house through Alongside." in nobody


# ---------------------------------------------------------------- what a house manager reads


def test_a_manager_reads_a_residents_stays_only_while_they_share_and_each_look_is_logged(
    cast, client_as
) -> None:
    house = lakeview(cast)
    maya = cast["member"].user
    stay = move_in(cast, house, maya, days_ago=30)
    stays.set_phase(stay=stay, by=cast["house_manager"].user, name="Phase 1")
    rosa = client_as("house_manager")
    page = rosa.get(f"/housing/residents/{maya.pk}/")
    assert page.status_code == 200
    text = text_of(page.content.decode())
    assert "Maya O.'s stays" in text and "Lakeview House" in text and "Phase 1" in text
    body = rosa.get(f"/api/v1/members/{maya.pk}/housing").json()
    assert body["stays"] == [
        {
            "id": stay.pk,
            "house": "Lakeview House",
            "bed": "A",
            "move_in_on": str(stay.move_in_on),
            "phase": "Phase 1",
            "move_out_on": None,
        }
    ]
    looks = AccessLogEntry.objects.filter(
        member=maya, actor=cast["house_manager"].user, action="read"
    )
    assert sorted(looks.values_list("interface", flat=True)) == ["api", "page"]
    assert set(looks.values_list("scope", flat=True)) == {"housing"}

    revoke_grant(
        grant=ConsentGrant.objects.get(member=maya), by=maya, credential=Credential.for_setup(maya)
    )
    assert rosa.get(f"/housing/residents/{maya.pk}/").status_code == 404
    assert rosa.get(f"/api/v1/members/{maya.pk}/housing").status_code == 404
    assert rosa.get(f"/housing/stays/{stay.pk}/").status_code == 404
