"""The services directory: places resolved offline, search near a ZIP code, open now in each
service's own zone, service pages, staff changes, and importing a CSV file all or nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command

from alongside.accounts.models import Organization
from alongside.resources import services
from alongside.resources.models import Service

pytestmark = pytest.mark.django_db

SAMPLE = Path(services.__file__).parent / "samples" / "services-sample.csv"
HEADER = "name,kind,postal_code,hours,languages,free\n"


def riverbend() -> Organization:
    return Organization.objects.get(slug="riverbend")


def listed(name: str, kind: str, postal_code: str, hours: str = "", **data) -> Service:
    return services.save_service(
        organization=riverbend(),
        data={"name": name, "kind": kind, "postal_code": postal_code, **data},
        hours=services.parse_hours(hours),
    )


def test_a_service_is_placed_and_zoned_from_its_zip_code_offline(cast) -> None:
    chicago = listed("Northside Drop-in", "harm_reduction", "60614")
    denver = listed("Denver Outreach", "harm_reduction", "80202")
    assert chicago.latitude is not None and chicago.longitude is not None
    assert (round(chicago.latitude, 2), round(chicago.longitude, 2)) == (41.92, -87.65)
    assert chicago.time_zone == "America/Chicago" and denver.time_zone == "America/Denver"
    town = services.save_service(
        organization=riverbend(),
        data={"name": "Leeds Help", "kind": "housing", "city": "Leeds", "country": "GB"},
    )
    assert town.time_zone == "Europe/London"


def test_searching_near_a_zip_finds_the_harm_reduction_service_there_and_not_a_far_one(
    cast, client_as
) -> None:
    listed("Northside Drop-in", "harm_reduction", "60614")
    listed("Denver Outreach", "harm_reduction", "80202")
    listed("Lakeview Housing Desk", "housing", "60657")
    found = services.find_services(near="60622", kind="harm_reduction", radius_km=25)
    assert [r.service.name for r in found.rows] == ["Northside Drop-in"]
    assert (found.rows[0].distance_km or 99) < 5
    page = client_as("member").get(
        "/resources/services/?near=60622&radius_km=25&kind=harm_reduction"
    )
    text = page.content.decode()
    assert "1 service within 25 km of 60622 (Chicago, IL)" in text
    assert "Northside Drop-in" in text and "Denver Outreach" not in text
    assert "Lakeview Housing Desk" not in text


def test_a_place_we_cannot_find_is_named_beside_the_field(cast, client_as) -> None:
    response = client_as(None).get("/resources/services/?near=Nowhereville+ZZ")
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_near_error"' in text and "We could not find “Nowhereville ZZ”" in text


def test_near_my_location_uses_the_browsers_point(cast) -> None:
    listed("Northside Drop-in", "harm_reduction", "60614")
    found = services.find_services(latitude=41.90, longitude=-87.68, radius_km=10)
    assert found.place_label == "your location" and len(found.rows) == 1


def test_open_now_is_worked_out_in_the_services_zone_across_a_change_of_clocks(
    cast, client_as
) -> None:
    # A New York clinic open 9 to 5, searched from Chicago on the morning the clocks go forward.
    listed("Harlem Naloxone Pickup", "naloxone", "10027", "Daily 09:00-17:00")
    with time_machine.travel(dt.datetime(2026, 3, 7, 13, 30, tzinfo=dt.UTC), tick=False):
        assert services.find_services(near="10001", open_now=True).rows == []  # 08:30 EST
        page = client_as("member").get("/resources/services/?near=10001").content.decode()
        assert "Closed now" in page and "opens Saturday 09:00 EST" in page
    with time_machine.travel(dt.datetime(2026, 3, 8, 13, 30, tzinfo=dt.UTC), tick=False):
        rows = services.find_services(near="10001", open_now=True).rows  # 09:30 EDT
        assert [r.service.name for r in rows] == ["Harlem Naloxone Pickup"]
        page = client_as("member").get("/resources/services/?near=10001").content.decode()
        assert "Open now" in page and "closes at 17:00 EDT" in page


def test_the_service_page_shows_its_hours_in_its_own_time_and_zone(cast, client_as) -> None:
    found = listed(
        "Harlem Naloxone Pickup",
        "naloxone",
        "10027",
        "Mon-Fri 09:00-17:00; Fri 22:00-02:00",
        phone="212-555-0100",
        languages=["en", "es"],
        is_free=True,
    )
    with time_machine.travel(dt.datetime(2026, 7, 6, 14, 0, tzinfo=dt.UTC), tick=False):
        page = client_as("member").get(f"/resources/services/{found.pk}/").content.decode()
    assert "In the service’s local time: America/New_York (EDT now)." in page
    assert "Open now" in page and "closes at 17:00 EDT" in page
    # Maya is in Chicago: the closing time is also said in her zone.
    assert "Monday 16:00 CDT in your time zone, America/Chicago" in page
    assert '<th scope="row">Friday</th><td>09:00–17:00, 22:00–02:00 (the next morning)</td>' in page
    assert '<th scope="row">Sunday</th><td>Closed</td>' in page
    assert "English, Spanish" in page and "Free or low cost" in page
    assert 'href="tel:212-555-0100"' in page


def test_staff_list_and_change_their_organizations_services_and_nobody_else_can(
    cast, client_as
) -> None:
    rosa = client_as("house_manager")
    response = rosa.post(
        "/resources/services/new/",
        {
            "organization": riverbend().pk,
            "name": "Sober housing desk",
            "kind": "housing",
            "postal_code": "60614",
            "country": "US",
            "hours": "Mon-Fri 9am-5pm",
            "is_listed": "on",
        },
    )
    made = Service.objects.get(name="Sober housing desk")
    assert response["Location"] == f"/resources/services/{made.pk}/"
    assert made.time_zone == "America/Chicago" and len(made.hours().spans) == 5
    bad = rosa.post(
        f"/resources/services/{made.pk}/edit/",
        {"name": "Sober housing desk", "kind": "housing", "country": "US", "hours": "Mnday 9-5"},
    )
    assert bad.status_code == 422
    assert "“mnday” is not a day we know." in bad.content.decode()
    made.refresh_from_db()
    assert len(made.hours().spans) == 5
    url = f"/resources/services/{made.pk}/edit/"
    assert client_as("member").get(url).status_code == 404
    assert client_as("outsider").get(url).status_code == 404
    assert client_as("outsider").post(url, {"name": "Mine now", "kind": "food"}).status_code == 404


def test_an_unlisted_service_is_seen_only_by_its_organizations_staff(cast, client_as) -> None:
    hidden = listed("Back office", "housing", "60614", is_listed=False)
    assert client_as("member").get(f"/resources/services/{hidden.pk}/").status_code == 404
    assert client_as("counselor").get(f"/resources/services/{hidden.pk}/").status_code == 200
    assert services.find_services().rows == []


def test_the_sample_csv_imports_and_a_second_import_updates_rather_than_repeats(cast) -> None:
    report = services.import_services(organization=riverbend(), content=SAMPLE.read_bytes())
    assert report.ok and report.created == 8 and report.updated == 0
    again = services.import_services(organization=riverbend(), content=SAMPLE.read_bytes())
    assert again.ok and again.created == 0 and again.updated == 8
    assert Service.objects.count() == 8
    always = Service.objects.get(name="Night Crisis Stabilization (sample)")
    assert always.is_always_open and always.languages == ["en", "es"]


def test_a_file_with_bad_rows_imports_nothing_and_names_each_line(cast) -> None:
    content = (
        HEADER
        + "Drop-in,harm_reduction,60614,Mon-Fri 10:00-18:00,en,yes\n"
        + "Mystery,spaceport,60614,,en,yes\n"
        + "Pantry,food,00000,Mnday 9-5,fr,maybe\n"
    ).encode()
    report = services.import_services(organization=riverbend(), content=content)
    assert not report.ok and Service.objects.count() == 0
    by_line = {(e.line, e.column): e.message for e in report.errors}
    assert by_line[(3, "kind")].startswith(
        "“spaceport” is not a kind of service we list. Use one of:"
    )
    assert "harm_reduction" in by_line[(3, "kind")] and "naloxone" in by_line[(3, "kind")]
    assert (
        by_line[(4, "hours")]
        == "“mnday” is not a day we know. Use Mon, Tue, Wed, Thu, Fri, Sat and Sun, or a range like Mon-Fri."
    )
    assert by_line[(4, "free")] == "Write yes or no."
    assert "not fr" in by_line[(4, "languages")]
    assert by_line[(4, "postal_code")].startswith("We could not find this place.")
    assert not any(line == 2 for line, _column in by_line)


def test_a_file_with_a_column_we_do_not_read_is_refused_whole(cast) -> None:
    report = services.import_services(
        organization=riverbend(), content=b"name,kind,adress\nX,food,1 Main St\n"
    )
    assert report.file_error.startswith("These columns are not ones we read: adress.")


def test_an_admin_imports_a_file_on_the_page_and_sees_each_error_with_its_line(
    cast, client_as
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    dana = client_as("org_admin")
    bad = SimpleUploadedFile(
        "services.csv", (HEADER + "Mystery,spaceport,60614,,,\n").encode(), "text/csv"
    )
    page = dana.post(
        "/resources/services/import/", {"organization": riverbend().pk, "file": bad}
    ).content.decode()
    assert "Nothing was imported" in page
    assert "Line 2, column “kind”: “spaceport” is not a kind of service we list." in page
    good = SimpleUploadedFile("services.csv", SAMPLE.read_bytes(), "text/csv")
    response = dana.post(
        "/resources/services/import/", {"organization": riverbend().pk, "file": good}
    )
    assert response.status_code == 302 and Service.objects.count() == 8
    assert client_as("peer_specialist").get("/resources/services/import/").status_code == 404


def test_the_import_command_imports_and_refuses_with_line_numbers(cast, tmp_path) -> None:
    call_command("import_services", str(SAMPLE), organization="riverbend")
    assert Service.objects.count() == 8
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "Mystery,spaceport,60614,,,\n")
    with pytest.raises(CommandError) as caught:
        call_command("import_services", str(bad), organization="riverbend")
    assert "line 2, column 'kind': “spaceport” is not a kind of service" in str(caught.value)


def test_the_demo_lists_services_and_articles_in_both_languages(cast) -> None:
    from alongside.resources import demo
    from alongside.resources.models import Article

    demo.populate(cast)
    demo.populate(cast)  # safe to run again
    assert Service.objects.filter(kind="harm_reduction").count() == 2
    assert set(Article.objects.published().values_list("language", flat=True)) == {"en", "es"}
    spanish = Article.objects.get(title="Naloxone salva vidas: cómo conseguirla y usarla")
    assert spanish.translation_of.title == "Naloxone saves lives: how to get it and use it"


def test_two_openings_of_a_day_may_not_start_at_the_same_minute(cast) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        listed("Clinic", "health", "60614", "Mon 09:00-12:00, 09:00-13:00")
    assert caught.value.message_dict["hours"] == [
        "Two openings on Mon start at 09:00. Give each start once."
    ]
    assert not Service.objects.exists()


def test_the_directory_and_the_library_read_a_fixed_number_of_rows(
    cast, client_as, django_assert_max_num_queries
) -> None:
    from alongside.resources import demo

    demo.populate(cast)
    client = client_as(None)
    with django_assert_max_num_queries(8):
        page = client.get("/resources/services/?near=60614&radius_km=50")
    assert page.content.decode().count('<h3><a href="/resources/services/') == 7
    with django_assert_max_num_queries(8):
        page = client.get("/resources/library/?language=all")
    assert page.content.decode().count('<h3><a href="/resources/library/') == 6
