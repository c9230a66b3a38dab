"""Links are http(s) only, everywhere: forms refuse other schemes with a field error, the
importer leaves them out, and a stored one never renders as a link. Conference links on hosts
that are not known meeting providers wait for a directory steward before they show."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission

from alongside.lib.links import is_http_url, is_known_conference_host
from alongside.meetings import imports
from alongside.meetings.models import ImportSource, Meeting

pytestmark = pytest.mark.django_db

BAD_LINKS = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "ftp://example.org/room",
    "//evil.example/room",
]


def meeting_form(**changes) -> dict:
    data = {
        "name": "Evening SMART",
        "recurrence": "weekly",
        "days": ["2"],
        "start_time": "19:00",
        "duration_minutes": "60",
        "time_zone": "America/Chicago",
        "attendance": "online",
        "openness": "open",
        "conference_url": "https://zoom.us/j/42",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("link", BAD_LINKS)
def test_only_http_and_https_are_links(link) -> None:
    assert not is_http_url(link)
    assert is_http_url("https://zoom.us/j/1") and is_http_url("http://example.org/x")


@pytest.mark.parametrize("link", BAD_LINKS)
def test_the_meeting_form_refuses_a_link_that_is_not_http_with_a_field_error(
    client_as, smart_group, link
) -> None:
    response = client_as("facilitator").post(
        f"/meetings/groups/{smart_group.slug}/new-meeting/", meeting_form(conference_url=link)
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["conference_url"] and "https://" in errors["conference_url"][0]
    assert not Meeting.objects.exists()


def test_editing_a_meeting_to_a_javascript_link_is_refused_and_the_old_link_stays(
    client_as, smart_group
) -> None:
    client = client_as("facilitator")
    client.post(f"/meetings/groups/{smart_group.slug}/new-meeting/", meeting_form())
    meeting = Meeting.objects.get()
    response = client.post(
        f"/meetings/m/{meeting.pk}/edit/", meeting_form(conference_url="javascript:alert(1)")
    )
    assert "conference_url" in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.conference_url == "https://zoom.us/j/42"


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://127.0.0.1/feed.json", "file:///etc/passwd"]
)
def test_the_import_form_refuses_an_address_that_is_not_http_with_a_field_error(
    client_as, cast, programs, link
) -> None:
    riverbend = cast["org_admin"].user.memberships.first().organization
    source = ImportSource.objects.create(
        slug="rb",
        name="RB",
        program=programs["aa"],
        default_time_zone="America/Chicago",
        organization=riverbend,
    )
    response = client_as("org_admin").post(
        "/meetings/import/", {"source": source.pk, "url": link, "format": "auto"}
    )
    assert response.status_code == 422 and "url" in response.context["form"].errors
    api = client_as("org_admin").post(
        "/api/v1/meetings/imports", {"source": "rb", "url": link}, content_type="application/json"
    )
    assert api.status_code == 422 and api.json()["error"]["fields"][0]["field"] == "url"
    assert not source.runs.exists()


def test_the_importer_leaves_out_links_that_are_not_http(source) -> None:
    row = {
        "name": "Night owls",
        "slug": "owls",
        "day": 1,
        "time": "23:00",
        "types": ["ONL"],
        "timezone": "America/Chicago",
        "conference_url": "javascript:alert(1)",
        "url": "data:text/html,<script>alert(1)</script>",
        "conference_phone": "+1 555 0100",
    }
    run = imports.import_feed(source=source, data=json.dumps([row]).encode())
    meeting = Meeting.objects.get(slug="owls")
    assert (meeting.conference_url, meeting.url) == ("", "")
    messages = [p["message"] for p in run.report["problems"]]
    assert (
        "conference URL is not an http(s) link; left out" in messages
        and "the meeting's page is not an http(s) link; left out" in messages
    )


@pytest.mark.parametrize(
    "stored", ["javascript:alert(document.cookie)", "data:text/html,hi", "vbscript:x"]
)
def test_a_stored_link_that_is_not_http_never_renders_as_a_link(
    client, client_as, make_meeting, stored
) -> None:
    """Rows written before these checks, or by hand: the page, the API, the feed and joining
    all leave the link out."""
    meeting = make_meeting(name="Legacy", attendance="online")
    Meeting.objects.filter(pk=meeting.pk).update(conference_url=stored, url=stored)
    for viewer in (client, client_as("member")):
        page = viewer.get(f"/meetings/m/{meeting.pk}/").content.decode()
        assert stored not in page and 'href="javascript' not in page.lower()
        assert viewer.get(f"/api/v1/meetings/{meeting.pk}").json()["conference_url"] == ""
        assert stored not in viewer.get("/meetings/feed.json").content.decode()
        assert stored not in viewer.get(f"/meetings/m/{meeting.pk}/calendar.ics").content.decode()
    assert client_as("member").post(f"/meetings/m/{meeting.pk}/join/").status_code == 404


# --- conference hosts a steward has not seen ------------------------------------------------------


def test_the_known_providers_are_one_list_with_their_subdomains() -> None:
    assert is_known_conference_host("https://us02web.zoom.us/j/1")
    assert is_known_conference_host("https://meet.google.com/abc-defg-hij")
    assert is_known_conference_host("https://teams.microsoft.com/l/meetup-join/x")
    assert is_known_conference_host("https://meet.jit.si/RecoveryRoom")
    assert not is_known_conference_host("https://zoom.us.evil.example/j/1")
    assert not is_known_conference_host("https://evilzoom.us/j/1")
    assert not is_known_conference_host("https://rooms.example.org/recovery")


def test_a_link_on_an_unknown_host_is_hidden_until_a_steward_approves_it(
    client, client_as, cast, smart_group
) -> None:
    room = "https://rooms.example.org/recovery-circle"
    client_as("facilitator").post(
        f"/meetings/groups/{smart_group.slug}/new-meeting/", meeting_form(conference_url=room)
    )
    meeting = Meeting.objects.get()
    assert meeting.conference_needs_review
    page = client.get(f"/meetings/m/{meeting.pk}/").content.decode()
    assert room not in page and "waiting for a check by the directory" in page
    assert client.get(f"/api/v1/meetings/{meeting.pk}").json()["conference_url"] == ""
    assert room not in client.get("/meetings/feed.json").content.decode()
    assert client_as("member").post(f"/meetings/m/{meeting.pk}/join/").status_code == 404
    # Nobody but a steward sees the review list or can approve.
    for persona in ("facilitator", "org_admin", "member"):
        assert client_as(persona).get("/meetings/review/links/").status_code == 404
        assert (
            client_as(persona).post(f"/meetings/review/links/{meeting.pk}/approve/").status_code
            == 404
        )
    meeting.refresh_from_db()
    assert meeting.conference_needs_review
    cast["counselor"].user.user_permissions.add(
        Permission.objects.get(codename="steward_directory")
    )
    steward = client_as("counselor")
    listing = steward.get("/meetings/review/links/").content.decode()
    assert room in listing and f'href="{room}"' not in listing  # shown as text, not a link
    assert steward.post(f"/meetings/review/links/{meeting.pk}/approve/").status_code == 302
    meeting.refresh_from_db()
    assert (
        meeting.conference_url_approved_by == cast["counselor"].user
        and meeting.conference_url_approved_at
    )
    assert (
        "Grace Chen" in steward.get("/meetings/review/links/").content.decode()
    )  # who approved it, for the next steward
    assert f'href="{room}"' in client.get(f"/meetings/m/{meeting.pk}/").content.decode()
    assert client.get(f"/api/v1/meetings/{meeting.pk}").json()["conference_url"] == room
    # A changed link is checked again.
    client_as("facilitator").post(
        f"/meetings/m/{meeting.pk}/edit/", meeting_form(conference_url=room + "-moved")
    )
    meeting.refresh_from_db()
    assert (
        meeting.conference_needs_review
        and client.get(f"/api/v1/meetings/{meeting.pk}").json()["conference_url"] == ""
    )


def test_an_imported_link_on_an_unknown_host_waits_for_review_and_stays_approved_on_reimport(
    source, client
) -> None:
    row = {
        "name": "Night owls",
        "slug": "owls",
        "day": 1,
        "time": "23:00",
        "types": ["ONL"],
        "timezone": "America/Chicago",
        "conference_url": "https://rooms.example.org/owls",
    }
    imports.import_feed(source=source, data=json.dumps([row]).encode())
    meeting = Meeting.objects.get(slug="owls")
    assert meeting.conference_needs_review and meeting.shown_conference_url == ""
    from alongside.meetings.services import approve_conference_link

    approve_conference_link(meeting=meeting, steward=None)  # type: ignore[arg-type]
    imports.import_feed(
        source=source, data=json.dumps([{**row, "name": "Night owls (renamed)"}]).encode()
    )
    meeting.refresh_from_db()
    assert meeting.name == "Night owls (renamed)" and not meeting.conference_needs_review
    imports.import_feed(
        source=source,
        data=json.dumps(
            [{**row, "conference_url": "https://rooms.example.org/elsewhere"}]
        ).encode(),
    )
    meeting.refresh_from_db()
    assert meeting.conference_needs_review


def test_a_link_on_a_known_provider_shows_at_once(client, make_meeting) -> None:
    meeting = make_meeting(
        name="Zoom SMART", attendance="online", conference_url="https://us02web.zoom.us/j/42"
    )
    assert not meeting.conference_needs_review
    assert (
        client.get(f"/api/v1/meetings/{meeting.pk}").json()["conference_url"]
        == "https://us02web.zoom.us/j/42"
    )
