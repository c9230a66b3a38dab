"""Importing feeds: the real ones import cleanly with their real problems reported; bad input is
reported per row and changes nothing; re-imports are idempotent."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from alongside.meetings import imports
from alongside.meetings.models import ImportRun, ImportSource, Meeting, WeeklySlot
from alongside.meetings.tests.conftest import feed_path

pytestmark = pytest.mark.django_db


def snapshot(source) -> list[tuple]:
    return list(
        Meeting.objects.filter(source=source)
        .order_by("slug")
        .values_list("slug", "name", "days", "start_time", "types", "updated_at")
    )


@pytest.mark.parametrize(
    ("filename", "program", "rows", "expected_problems"),
    [
        (
            "tsml-ui-aasepia.json",
            "aa",
            2038,
            [
                "unknown type code 'ASBI' (did you mean 'ABSI'?)",
                "longer than the spec's 64",
                "latitude and longitude are text",
                "no time zone; the import's default America/New_York",
            ],
        ),
        (
            "tsml-ui-sussexaa.json",
            "aa",
            123,
            ["no time zone; the import's default America/New_York"],
        ),
        (
            "bmlt-gnyr-sample.json",
            "na",
            1513,
            ["format 'Ti' (Timer) has no NAWS world ID", "no time zone; the import's default"],
        ),
        (
            "tsml-template.csv",
            "aa",
            36,
            [
                "placed at the centre of ZIP code",
                "contact names, emails and phones are never imported",
            ],
        ),
    ],
)
def test_the_real_feeds_import_cleanly_and_their_real_problems_are_reported(
    programs, filename, program, rows, expected_problems
) -> None:
    source = ImportSource.objects.create(
        slug="real", name=filename, program=programs[program], default_time_zone="America/New_York"
    )
    run = imports.import_feed(source=source, data=feed_path(filename).read_bytes(), origin=filename)
    assert run.status == "done", run.message
    assert (run.rows, run.created, run.skipped) == (rows, rows, 0)
    assert Meeting.objects.filter(source=source).count() == rows
    assert WeeklySlot.objects.filter(meeting__source=source).count() >= rows
    messages = " | ".join(p["message"] for p in run.report["summary"])
    for expected in expected_problems:
        assert expected in messages


def test_bmlt_days_become_meeting_guide_days_and_formats_map_to_type_codes(programs) -> None:
    source = ImportSource.objects.create(
        slug="gnyr", name="GNYR", program=programs["na"], default_time_zone="America/New_York"
    )
    imports.import_feed(source=source, data=feed_path("bmlt-gnyr-sample.json").read_bytes())
    nothing_macho = Meeting.objects.get(
        source=source, slug="2"
    )  # BMLT weekday 7 = Saturday, formats M,O,St
    assert nothing_macho.days == [6]
    assert (
        nothing_macho.start_time.strftime("%H:%M") == "14:00"
        and nothing_macho.duration_minutes == 90
    )
    assert {"M", "O", "ST"} <= set(nothing_macho.type_codes)
    assert nothing_macho.program.slug == "na" and nothing_macho.openness == "open"


def test_online_meetings_of_a_feed_are_told_apart_from_hybrid_and_closed_rooms(programs) -> None:
    source = ImportSource.objects.create(
        slug="sepia", name="SEPIA", program=programs["aa"], default_time_zone="America/New_York"
    )
    imports.import_feed(source=source, data=feed_path("tsml-ui-aasepia.json").read_bytes())
    shoulder = Meeting.objects.get(
        source=source, slug="shoulder-shoulder-group-Sun12am"
    )  # ONL + TC, "Virtual Only"
    assert shoulder.attendance == "online" and not shoulder.is_inactive
    assert Meeting.objects.filter(source=source, attendance="hybrid").exists()
    assert Meeting.objects.filter(source=source, is_inactive=True).exists()


def test_importing_the_same_feed_again_changes_nothing(source) -> None:
    data = feed_path("tsml-ui-sussexaa.json").read_bytes()
    imports.import_feed(source=source, data=data)
    before = snapshot(source)
    run = imports.import_feed(source=source, data=data)
    assert (run.created, run.updated, run.unchanged, run.removed) == (0, 0, 123, 0)
    assert snapshot(source) == before


def test_a_changed_feed_updates_changed_rows_and_removes_dropped_ones(source) -> None:
    items = json.loads(feed_path("tsml-ui-sussexaa.json").read_text())
    imports.import_feed(source=source, data=json.dumps(items).encode())
    items[0]["name"] = "Renamed meeting"
    dropped = items.pop()["slug"]
    run = imports.import_feed(source=source, data=json.dumps(items).encode())
    assert (run.created, run.updated, run.removed) == (0, 1, 1)
    assert Meeting.objects.get(source=source, slug=items[0]["slug"]).name == "Renamed meeting"
    gone = Meeting.objects.get(source=source, slug=dropped)
    assert gone.removed_at is not None and gone.is_inactive


def good_row(**changes) -> dict:
    row = {
        "name": "Sunrise",
        "slug": "sunrise",
        "day": 1,
        "time": "07:00",
        "end_time": "08:00",
        "types": ["O", "D"],
        "formatted_address": "1 Main St, Philadelphia, PA 19107",
        "latitude": 39.95,
        "longitude": -75.16,
    }
    row.update(changes)
    return row


@pytest.mark.parametrize(
    ("rows", "field", "reason"),
    [
        ([good_row(day=7)], "day", "day 7 is not 0–6"),
        ([good_row(time="25:00")], "time", "'25:00' is not a time of day"),
        (
            [good_row(timezone="America/Atlantis")],
            "timezone",
            "'America/Atlantis' is not an IANA time zone",
        ),
        (
            [good_row(), good_row(name="Other")],
            "slug",
            "duplicate slug 'sunrise': row 1 uses it already",
        ),
        ([good_row(slug="")], "slug", "no slug"),
        ([good_row(name="")], "name", "no name"),
        ([good_row(day=None)], "day", "no day"),
        (["not an object"], "", "not a JSON object"),
    ],
)
def test_a_row_in_error_is_reported_with_its_reason_and_nothing_is_imported(
    source, rows, field, reason
) -> None:
    imports.import_feed(
        source=source, data=json.dumps([good_row(slug="keep", name="Keep me")]).encode()
    )
    before = snapshot(source)
    run = imports.import_feed(source=source, data=json.dumps(rows).encode())
    assert run.status == "refused"
    errors = [p for p in run.report["problems"] if p["severity"] == "error"]
    assert errors and errors[0]["field"] == field and reason in errors[0]["message"], errors
    assert snapshot(source) == before  # the earlier import is untouched


def test_rows_in_error_can_be_skipped_on_request_and_are_listed(source) -> None:
    run = imports.import_feed(
        source=source,
        data=json.dumps([good_row(), good_row(slug="bad", day=7)]).encode(),
        skip_invalid=True,
    )
    assert (
        run.status == "done" and run.skipped == 1 and "1 rows in error were skipped" in run.message
    )
    assert list(Meeting.objects.filter(source=source).values_list("slug", flat=True)) == ["sunrise"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (good_row(types=["O", "ZZZ"]), "unknown type code 'ZZZ'"),
        (good_row(latitude=None, longitude=None), "placed at the centre of ZIP code 19107"),
        (
            good_row(latitude=None, longitude=None, formatted_address="Main Street, Nowhere"),
            "will not appear in distance searches",
        ),
        (good_row(latitude=95, longitude=10), "not on the globe"),
        (
            good_row(conference_url="https://example.org/room", types=["ONL"]),
            "not a known meeting provider",
        ),
    ],
)
def test_fixable_problems_are_warnings_and_the_row_is_imported(source, row, expected) -> None:
    run = imports.import_feed(source=source, data=json.dumps([row]).encode())
    assert run.status == "done" and run.created == 1
    assert any(expected in p["message"] for p in run.report["problems"])


def test_an_unknown_type_code_is_kept_but_filters_do_not_match_it(source) -> None:
    imports.import_feed(source=source, data=json.dumps([good_row(types=["O", "ASBI"])]).encode())
    assert Meeting.objects.get(slug="sunrise").type_codes == ["O", "ASBI"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'[{"name": "x",', "not valid JSON"),
        (b'{"hello": 1}', "JSON array of meetings"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"just,a,line\nx,y,z\n", "lacks the column"),
    ],
)
def test_a_file_that_is_not_a_feed_is_refused_with_a_clear_message(source, data, message) -> None:
    run = imports.import_feed(source=source, data=data)
    assert run.status == "refused" and message in run.message
    assert not Meeting.objects.exists()


def test_a_50_mb_file_is_refused_before_it_is_read_and_nothing_changes(
    source, client_as, cast
) -> None:
    big = SimpleUploadedFile(
        "huge.json", b"[" + b" " * (50 * 1024 * 1024) + b"]", content_type="application/json"
    )
    with pytest.raises(imports.TooLarge, match="50 MB; feeds of up to 20 MB"):
        imports.read_upload(big)
    big.seek(0)
    source.organization = (
        cast["facilitator"].user.memberships.first().organization
    )  # so the facilitator owns it
    source.save()
    client = client_as("facilitator")
    response = client.post(
        "/meetings/import/", {"source": source.pk, "file": big, "format": "auto"}
    )
    assert response.status_code == 422
    assert "50 MB; feeds of up to 20 MB can be imported" in response.content.decode()
    assert not Meeting.objects.exists()
    assert client.get("/healthz").status_code == 200  # the app stays up


def test_a_facilitator_imports_an_uploaded_csv_and_sees_the_report(
    client_as, cast, programs
) -> None:
    upload = SimpleUploadedFile(
        "template.csv", feed_path("tsml-template.csv").read_bytes(), content_type="text/csv"
    )
    response = client_as("facilitator").post(
        "/meetings/import/",
        {
            "new_name": "San Jose",
            "new_program": "aa",
            "new_time_zone": "America/Los_Angeles",
            "file": upload,
            "format": "auto",
            "new_owner": cast["facilitator"].user.memberships.first().organization_id,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "36 new" in page and "placed at the centre of ZIP code" in page
    assert Meeting.objects.filter(source__slug="san-jose").count() == 36


def test_the_import_page_explains_a_time_zone_it_does_not_know(client_as, cast) -> None:
    upload = SimpleUploadedFile("f.json", b"[]")
    response = client_as("org_admin").post(
        "/meetings/import/",
        {
            "new_name": "X",
            "new_program": "aa",
            "new_time_zone": "Mars/Base",
            "file": upload,
            "format": "auto",
        },
    )
    assert "is not a time zone" in response.content.decode()
    assert not ImportSource.objects.exists()


def test_the_api_refuses_a_bad_feed_with_each_row_and_reason(client_as, cast, programs) -> None:
    ImportSource.objects.create(
        slug="riverbend-feed",
        name="R",
        program=programs["na"],
        default_time_zone="America/Chicago",
        organization=cast["org_admin"].user.memberships.first().organization,
    )
    response = client_as("facilitator").post(
        "/api/v1/meetings/imports",
        {"source": "riverbend-feed", "feed": json.dumps([good_row(day=7)])},
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert {
        "field": "row 1: day",
        "message": "day 7 is not 0–6 (0 is Sunday) or a day's name",
    } in fields


def test_the_management_command_imports_a_file_and_creates_its_source(programs, capsys) -> None:
    call_command(
        "import_meetings",
        str(feed_path("tsml-ui-sussexaa.json")),
        "--source",
        "sussex",
        "--name",
        "Sussex",
        "--program",
        "aa",
        "--time-zone",
        "America/New_York",
    )
    assert "123 new" in capsys.readouterr().out
    assert ImportRun.objects.get().status == "done"
    with pytest.raises(SystemExit):
        call_command(
            "import_meetings",
            str(feed_path("tsml-template.csv")),
            "--source",
            "sussex",
            "--format",
            "json",
        )


def test_a_row_whose_types_are_all_unknown_still_imports_and_the_codes_are_reported(source) -> None:
    run = imports.import_feed(
        source=source, data=json.dumps([good_row(types=["ZZQ", "JFTX"])]).encode()
    )
    assert run.status == "done" and run.created == 1
    assert Meeting.objects.get(slug="sunrise").type_codes == ["ZZQ", "JFTX"]
    messages = [p["message"] for p in run.report["problems"] if p["field"] == "types"]
    assert any("'ZZQ'" in m for m in messages)


def test_an_explicit_attendance_option_wins_over_the_tc_code(source) -> None:
    """TSML gives online meetings whose room is closed both ONL and TC, and says "online"."""
    row = good_row(
        types=["ONL", "TC"],
        attendance_option="online",
        conference_url="https://zoom.us/j/1",
        approximate="yes",
        formatted_address="Lewes, DE, USA",
    )
    imports.import_feed(
        source=source, data=json.dumps([row, good_row(slug="closed", types=["TC"])]).encode()
    )
    online, closed = Meeting.objects.get(slug="sunrise"), Meeting.objects.get(slug="closed")
    assert (online.attendance, online.is_inactive) == ("online", False)
    assert closed.is_inactive  # TC alone, with no option: the room is closed and nothing else
