"""Who imports, and what an import may take away: only a source's owners import into it (page
and API alike); a feed removing more than a fifth of a source's meetings waits for confirmation;
removed meetings are hidden for 30 days, come back if listed again, then are purged, while
members keep their saved meetings and attendance."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.meetings import access, imports, services
from alongside.meetings.models import (
    AttendanceRecord,
    ImportRun,
    ImportSource,
    Meeting,
    SavedMeeting,
)

pytestmark = pytest.mark.django_db


def row(n: int, **changes) -> dict:
    item = {
        "name": f"Meeting {n}",
        "slug": f"m{n}",
        "day": n % 7,
        "time": "19:00",
        "types": ["O"],
        "timezone": "America/Chicago",
        "formatted_address": "642 W Deming Pl, Chicago, IL 60614",
        "latitude": 41.9287,
        "longitude": -87.6440,
    }
    item.update(changes)
    return item


def feed(*numbers: int) -> bytes:
    return json.dumps([row(n) for n in numbers]).encode()


def snapshot(source: ImportSource) -> list[tuple]:
    return list(
        Meeting.objects.filter(source=source)
        .order_by("slug")
        .values_list("slug", "name", "removed_at", "is_inactive", "updated_at")
    )


@pytest.fixture
def riverbend(cast) -> Organization:
    return Organization.objects.get(slug="riverbend")


@pytest.fixture
def river_source(riverbend, programs) -> ImportSource:
    return ImportSource.objects.create(
        slug="riverbend-feed",
        name="Riverbend feed",
        program=programs["aa"],
        default_time_zone="America/Chicago",
        organization=riverbend,
    )


@pytest.fixture
def directory_source(programs) -> ImportSource:
    return ImportSource.objects.create(
        slug="site-directory",
        name="Site directory",
        program=programs["na"],
        default_time_zone="America/New_York",
    )


@pytest.fixture
def harbor_admin(cast) -> User:
    """An org admin of another organization (harbor), a stranger to Riverbend's sources."""
    user = User.objects.create_user(
        email="admin@harbor.example.org",
        password="a long enough password",
        first_name="Hal",
        last_name="Berg",
    )
    Membership.objects.create(
        user=user, organization=Organization.objects.get(slug="harbor"), role=Role.ORG_ADMIN
    )
    return user


def make_steward(user: User) -> User:
    user.user_permissions.add(Permission.objects.get(codename="steward_directory"))
    return User.objects.get(pk=user.pk)  # permissions are cached on the instance


# --- owners -----------------------------------------------------------------------------------------


def test_an_admin_of_another_organization_cannot_import_into_riverbends_source_by_page_or_api(
    client, harbor_admin, river_source, client_as
) -> None:
    imports.import_feed(source=river_source, data=feed(1, 2))
    before = snapshot(river_source)
    client.force_login(harbor_admin)
    upload = SimpleUploadedFile("evil.json", feed(9), content_type="application/json")
    page = client.post(
        "/meetings/import/", {"source": river_source.pk, "file": upload, "format": "auto"}
    )
    assert page.status_code == 422 and "Select a valid choice" in page.content.decode()
    api = client.post(
        "/api/v1/meetings/imports",
        {"source": river_source.slug, "feed": feed(9).decode()},
        content_type="application/json",
    )
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
    run = ImportRun.objects.filter(source=river_source).first()
    assert client.get(f"/meetings/import/runs/{run.pk}/").status_code == 404
    assert client.get(f"/api/v1/meetings/imports/{run.pk}").status_code == 404
    assert snapshot(river_source) == before and ImportRun.objects.count() == 1
    # Riverbend's own facilitator may.
    response = client_as("facilitator").post(
        "/api/v1/meetings/imports",
        {"source": river_source.slug, "feed": feed(1, 2, 3).decode()},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["created"] == 1


def test_a_site_directory_source_is_for_its_stewards_only(
    cast, client_as, directory_source
) -> None:
    body = {"source": directory_source.slug, "feed": feed(1).decode()}
    for persona in ("facilitator", "org_admin", "member"):
        assert (
            client_as(persona)
            .post("/api/v1/meetings/imports", body, content_type="application/json")
            .status_code
            == 404
        )
    assert not Meeting.objects.exists()
    make_steward(cast["member"].user)
    response = client_as("member").post(
        "/api/v1/meetings/imports", body, content_type="application/json"
    )
    assert (
        response.status_code == 201 and Meeting.objects.filter(source=directory_source).count() == 1
    )


def test_a_new_source_belongs_to_the_organization_chosen_and_a_stranger_cannot_pick_another(
    cast, client_as, harbor_admin, client, programs
) -> None:
    upload = SimpleUploadedFile("f.json", feed(1))
    riverbend = Organization.objects.get(slug="riverbend")
    response = client_as("facilitator").post(
        "/meetings/import/",
        {
            "new_name": "River AA",
            "new_program": "aa",
            "new_time_zone": "America/Chicago",
            "new_owner": riverbend.pk,
            "file": upload,
            "format": "auto",
        },
    )
    assert response.status_code == 200, (
        response.context["form"].errors,
        response.context["run"] and response.context["run"].message,
    )
    assert ImportSource.objects.get(slug="river-aa").organization == riverbend
    client.force_login(harbor_admin)
    response = client.post(
        "/meetings/import/",
        {
            "new_name": "Hijack",
            "new_program": "aa",
            "new_time_zone": "America/Chicago",
            "new_owner": riverbend.pk,
            "file": SimpleUploadedFile("f.json", feed(1)),
            "format": "auto",
        },
    )
    assert response.status_code == 422 and "Select a valid choice" in response.content.decode()
    assert not ImportSource.objects.filter(slug="hijack").exists()


def test_the_import_page_is_not_there_for_people_who_own_no_source(client_as, cast) -> None:
    for persona in ("member", "counselor", "outsider"):
        assert client_as(persona).get("/meetings/import/").status_code == 404


# --- the 20% rule -------------------------------------------------------------------------------------


def test_a_feed_removing_over_a_fifth_of_the_meetings_waits_for_confirmation_on_the_page(
    client_as, river_source
) -> None:
    imports.import_feed(source=river_source, data=feed(1, 2, 3, 4, 5))
    before = snapshot(river_source)
    client = client_as("org_admin")
    upload = SimpleUploadedFile("smaller.json", feed(1, 2, 3, 6), content_type="application/json")
    response = client.post(
        "/meetings/import/", {"source": river_source.pk, "file": upload, "format": "auto"}
    )
    run = ImportRun.objects.latest("pk")
    assert (
        response.status_code == 302 and response["Location"] == f"/meetings/import/runs/{run.pk}/"
    )
    assert (
        run.status == "confirm" and snapshot(river_source) == before
    )  # nothing changed, not even the new one
    page = client.get(response["Location"]).content.decode()
    assert (
        "would remove 2 of the 5 meetings" in page and "Yes, remove 2 meetings and import" in page
    )
    client.post(f"/meetings/import/runs/{run.pk}/confirm/")
    run.refresh_from_db()
    assert run.status == "done" and (run.created, run.removed) == (1, 2) and run.held_feed is None
    assert sorted(
        Meeting.objects.present().filter(source=river_source).values_list("slug", flat=True)
    ) == ["m1", "m2", "m3", "m6"]


def test_removing_a_fifth_or_less_goes_ahead_without_asking(river_source) -> None:
    imports.import_feed(source=river_source, data=feed(1, 2, 3, 4, 5))
    run = imports.import_feed(source=river_source, data=feed(1, 2, 3, 4))
    assert run.status == "done" and run.removed == 1


def test_the_api_and_the_command_refuse_a_large_removal_without_their_flag(
    client_as, river_source
) -> None:
    imports.import_feed(source=river_source, data=feed(1, 2, 3, 4, 5))
    before = snapshot(river_source)
    client = client_as("facilitator")
    body = {"source": river_source.slug, "feed": feed(1).decode()}
    response = client.post("/api/v1/meetings/imports", body, content_type="application/json")
    assert response.status_code == 422
    [field] = response.json()["error"]["fields"]
    assert (
        field["field"] == "confirm_removals"
        and "would remove 4 of the 5 meetings" in field["message"]
    )
    assert snapshot(river_source) == before
    with pytest.raises(SystemExit):
        _command_with_file(river_source, feed(1))
    assert snapshot(river_source) == before
    _command_with_file(river_source, feed(1), "--confirm-removals")
    assert Meeting.objects.present().filter(source=river_source).count() == 1
    response = client.post(
        "/api/v1/meetings/imports",
        {**body, "feed": feed(7).decode(), "confirm_removals": True},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["removed"] == 1


def _command_with_file(source: ImportSource, data: bytes, *flags: str) -> None:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".json") as handle:
        handle.write(data)
        handle.flush()
        call_command("import_meetings", handle.name, "--source", source.slug, *flags)


def test_a_held_import_can_be_confirmed_through_the_api(client_as, river_source) -> None:
    imports.import_feed(source=river_source, data=feed(1, 2, 3))
    run = imports.import_feed(source=river_source, data=feed(1))
    assert run.status == "confirm"
    response = client_as("org_admin").post(f"/api/v1/meetings/imports/{run.pk}/confirm")
    assert response.status_code == 201 and response.json()["removed"] == 2


# --- soft removal and purging ----------------------------------------------------------------------


def test_removed_meetings_are_hidden_then_purged_after_30_days_and_members_keep_their_saved_meetings_and_attendance(
    client_as, client, member, river_source
) -> None:
    start = dt.datetime(2025, 6, 2, 12, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        imports.import_feed(source=river_source, data=feed(1, 2, 3, 4, 5))
        gone = Meeting.objects.get(source=river_source, slug="m5")
        services.save_to_my_meetings(member=member, meeting=gone)
        attended = services.record_manual_attendance(
            member=member, meeting=gone, on=dt.date(2025, 5, 30)
        )  # a Friday, its day
        assert imports.import_feed(source=river_source, data=feed(1, 2, 3, 4)).removed == 1
        # Hidden: the page, the API, the feed, search, the member's list and calendar.
        assert client.get(f"/meetings/m/{gone.pk}/").status_code == 404
        assert client.get(f"/api/v1/meetings/{gone.pk}").status_code == 404
        assert "Meeting 5" not in client.get("/meetings/feed.json").content.decode()
        found = client.get("/api/v1/meetings/search?near=60614&limit=100").json()
        assert (
            gone.pk not in [r["meeting"]["id"] for r in found["results"]]
            and len(found["results"]) == 4
        )
        mine = client_as("member")
        page = mine.get("/meetings/mine/").content.decode()
        assert (
            "No longer listed" in page
            and "Meeting 5" in page
            and f"/meetings/m/{gone.pk}/" not in page
        )
        calendar = services.calendar_feed(member=member)
        assert (
            "Meeting 5" not in client.get(f"/meetings/calendar/{calendar.key}.ics").content.decode()
        )
    with time_machine.travel(start + dt.timedelta(days=29), tick=False):
        call_command("purge_removed_meetings")
        assert Meeting.objects.filter(pk=gone.pk).exists()  # kept for 30 days
    with time_machine.travel(start + dt.timedelta(days=31), tick=False):
        call_command("purge_removed_meetings")
        assert not Meeting.objects.filter(pk=gone.pk).exists()
        saved = SavedMeeting.objects.get(member=member)
        assert (saved.meeting_id, saved.meeting_name) == (None, "Meeting 5")
        attended.refresh_from_db()
        assert (attended.meeting_id, attended.meeting_name) == (None, "Meeting 5")
        assert "Meeting 5" in client_as("member").get("/meetings/mine/").content.decode()


def test_a_removed_meeting_comes_back_when_the_feed_lists_it_again(client, river_source) -> None:
    imports.import_feed(source=river_source, data=feed(1, 2, 3, 4, 5))
    imports.import_feed(source=river_source, data=feed(1, 2, 3, 4))
    gone = Meeting.objects.get(source=river_source, slug="m5")
    assert client.get(f"/meetings/m/{gone.pk}/").status_code == 404
    run = imports.import_feed(source=river_source, data=feed(1, 2, 3, 4, 5))
    assert run.status == "done" and run.restored == 1 and "listed again" in run.message
    gone.refresh_from_db()
    assert gone.removed_at is None and not gone.is_inactive
    assert client.get(f"/meetings/m/{gone.pk}/").status_code == 200
    assert gone.pk in [
        r["meeting"]["id"]
        for r in client.get("/api/v1/meetings/search?near=60614&limit=100").json()["results"]
    ]


def test_held_feeds_nobody_confirmed_are_dropped_with_the_purge(river_source) -> None:
    imports.import_feed(source=river_source, data=feed(1, 2, 3))
    held = imports.import_feed(source=river_source, data=feed(1))
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        call_command("purge_removed_meetings")
    held.refresh_from_db()
    assert held.held_feed is None and held.status == "refused"
    assert AttendanceRecord.objects.count() == 0


def test_the_worker_asks_the_owner_rule_again_before_it_fetches(
    cast, river_source, feed_server, settings
) -> None:
    settings.MEETING_IMPORT_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    facilitator = cast["facilitator"].user
    run = imports.start_url_import(
        source=river_source, url=feed_server.serve("/f.json", feed(1)), started_by=facilitator
    )
    Membership.objects.filter(user=facilitator).update(
        is_active=False
    )  # their role ended while it waited
    finished = imports.run_url_import(run_id=run.pk)
    assert finished is not None
    assert finished.status == "refused" and "no longer look after this source" in finished.message
    assert feed_server.hits == [] and not Meeting.objects.exists()


def test_the_operators_command_gives_a_new_source_the_organization_it_names_and_its_people_own_it(
    cast, programs, tmp_path
) -> None:
    from django.core.management.base import CommandError

    path = tmp_path / "feed.json"
    path.write_bytes(feed(1, 2))
    call_command(
        "import_meetings",
        str(path),
        "--source",
        "rb",
        "--name",
        "Riverbend",
        "--program",
        "na",
        "--time-zone",
        "America/Chicago",
        "--organization",
        "riverbend",
    )
    source = ImportSource.objects.get(slug="rb")
    assert source.organization.slug == "riverbend"
    assert access.owns_source(cast["facilitator"].user, source) and not access.owns_source(
        cast["outsider"].user, source
    )
    call_command(
        "import_meetings",
        str(path),
        "--source",
        "site",
        "--name",
        "Site",
        "--program",
        "na",
        "--time-zone",
        "America/Chicago",
    )
    assert (
        ImportSource.objects.get(slug="site").organization is None
    )  # the site-wide directory's stewards own it
    with pytest.raises(CommandError, match="No organization 'nowhere'"):
        call_command(
            "import_meetings",
            str(path),
            "--source",
            "x",
            "--name",
            "X",
            "--program",
            "na",
            "--time-zone",
            "America/Chicago",
            "--organization",
            "nowhere",
        )
    assert not ImportSource.objects.filter(slug="x").exists()
