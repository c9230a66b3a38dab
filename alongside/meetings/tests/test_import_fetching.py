"""Importing from an address cannot be turned on the server: the task worker fetches, only
public addresses are reached (checked on the address actually connected), redirects are checked
at every hop, one deadline covers the whole fetch, bodies have a size limit, and errors say what
went wrong in general words, never what the far end sent.

The feed server is real (127.0.0.1); so is the "internal" one (127.0.0.2) that must never be
reached. Positive paths allow 127.0.0.1 through MEETING_IMPORT_ALLOWED_NETWORKS; attacks use
the default (nothing but public addresses)."""

from __future__ import annotations

import ipaddress
import json
import socket

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from alongside.lib import safefetch
from alongside.meetings import imports
from alongside.meetings.models import ImportRun, ImportSource, Meeting
from alongside.meetings.tests.feedserver import SECRET

GOOD = [
    {
        "name": "Sunrise",
        "slug": "sunrise",
        "day": 1,
        "time": "07:00",
        "types": ["O"],
        "timezone": "America/Chicago",
        "formatted_address": "642 W Deming Pl, Chicago, IL 60614",
        "latitude": 41.9287,
        "longitude": -87.6440,
    }
]
FEED = json.dumps(GOOD).encode()
LOOPBACK_ONLY = ["127.0.0.1/32"]


def run_worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def listed(source: ImportSource) -> list[tuple]:
    return list(
        Meeting.objects.filter(source=source)
        .order_by("slug")
        .values_list("slug", "name", "removed_at", "updated_at")
    )


def riverbend_source(cast, programs) -> ImportSource:
    riverbend = cast["org_admin"].user.memberships.first().organization
    return ImportSource.objects.create(
        slug="riverbend-feed",
        name="Riverbend feed",
        program=programs["aa"],
        default_time_zone="America/Chicago",
        organization=riverbend,
    )


def command_import(url: str, source: ImportSource) -> None:
    call_command("import_meetings", url, "--source", source.slug)


# --- through the page and the worker --------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_facilitator_imports_a_feed_address_through_the_worker_and_sees_it_done(
    cast, client_as, programs, feed_server, settings
) -> None:
    settings.MEETING_IMPORT_ALLOWED_NETWORKS = LOOPBACK_ONLY
    source = riverbend_source(cast, programs)
    url = feed_server.serve("/meetings.json", FEED)
    client = client_as("facilitator")
    response = client.post("/meetings/import/", {"source": source.pk, "url": url, "format": "auto"})
    run = ImportRun.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/meetings/import/runs/{run.pk}/"
    )
    assert run.status == "queued" and feed_server.hits == []  # the web request fetched nothing
    assert "Waiting for the import worker" in client.get(response["Location"]).content.decode()
    run_worker()
    run.refresh_from_db()
    assert run.status == "done" and run.created == 1
    assert feed_server.hits == [("/meetings.json", f"127.0.0.1:{feed_server.port}")]
    assert "1 new" in client.get(f"/meetings/import/runs/{run.pk}/").content.decode()
    assert Meeting.objects.filter(source=source, slug="sunrise").exists()


@pytest.mark.django_db(transaction=True)
def test_an_address_on_loopback_is_refused_by_the_worker_and_nothing_changes(
    cast, client_as, programs, feed_server
) -> None:
    source = riverbend_source(cast, programs)
    imports.import_feed(
        source=source, data=json.dumps([{**GOOD[0], "slug": "kept", "name": "Kept"}]).encode()
    )
    before = listed(source)
    url = feed_server.serve("/meetings.json", FEED)
    response = client_as("org_admin").post(
        "/api/v1/meetings/imports",
        {"source": source.slug, "url": url},
        content_type="application/json",
    )
    assert response.status_code == 202 and response.json()["status"] == "queued"
    run_worker()
    run = ImportRun.objects.get(pk=response.json()["id"])
    assert run.status == "refused" and run.message.startswith("That address is not allowed.")
    assert feed_server.hits == []  # refused before any connection
    assert listed(source) == before
    shown = client_as("org_admin").get(f"/api/v1/meetings/imports/{run.pk}").json()
    assert (
        shown["status"] == "refused"
        and str(feed_server.port) not in shown["message"]
        and "127.0.0.1" not in shown["message"]
    )


# --- the transport, through the operator's command (same fetch as the worker) -------------------


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.0.0.2",
        "localhost",
        "[::1]",
        "[::ffff:127.0.0.1]",
        "0.0.0.0",
        "[::]",
        "2130706433",
        "0x7f.0.0.1",
    ],  # noqa: S104 - an attack
)
def test_loopback_and_unspecified_addresses_are_refused_however_written(
    cast, programs, feed_server, internal_server, host
) -> None:
    source = riverbend_source(cast, programs)
    before = listed(source)
    with pytest.raises(CommandError, match="That address is not allowed"):
        command_import(f"http://{host}:{feed_server.port}/meetings.json", source)
    assert feed_server.hits == [] and internal_server.hits == []
    assert listed(source) == before and not ImportRun.objects.exists()


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.2:{internal}/latest/meta-data/",  # another loopback address
        "http://[::1]:{internal}/latest/meta-data/",
        "http://[::ffff:127.0.0.2]:{internal}/latest/meta-data/",
        "file:///etc/passwd",
        "ftp://127.0.0.2/secret",
        "gopher://127.0.0.2:{internal}/",
    ],
)
def test_a_redirect_to_the_servers_own_network_or_another_scheme_is_refused_at_that_hop(
    cast, programs, feed_server, internal_server, settings, location
) -> None:
    settings.MEETING_IMPORT_ALLOWED_NETWORKS = LOOPBACK_ONLY  # the first hop is allowed …
    source = riverbend_source(cast, programs)
    url = feed_server.redirect("/moved", location.format(internal=internal_server.port))
    with pytest.raises(
        CommandError, match="That address is not allowed"
    ):  # … the next is checked again
        command_import(url, source)
    assert [path for path, _host in feed_server.hits] == ["/moved"]
    assert internal_server.hits == []
    assert not Meeting.objects.exists()


def test_redirects_between_allowed_addresses_are_followed_a_few_times_only(
    cast, programs, feed_server, settings
) -> None:
    settings.MEETING_IMPORT_ALLOWED_NETWORKS = LOOPBACK_ONLY
    source = riverbend_source(cast, programs)
    feed_server.serve("/meetings.json", FEED)
    command_import(feed_server.redirect("/old", "/meetings.json", status=301), source)
    assert Meeting.objects.filter(source=source).count() == 1
    for i in range(8):
        feed_server.redirect(f"/loop{i}", f"/loop{i + 1}")
    with pytest.raises(CommandError, match="too many redirects"):
        command_import(feed_server.url("/loop0"), source)


def test_a_host_name_is_resolved_once_and_the_connection_goes_to_the_address_checked(
    cast, programs, feed_server, internal_server, settings, monkeypatch
) -> None:
    """DNS rebinding: the attacker's name answers 127.0.0.1 (allowed here) when checked and
    127.0.0.2 afterwards. The fetch must connect to the address it checked, sending the name."""
    settings.MEETING_IMPORT_ALLOWED_NETWORKS = LOOPBACK_ONLY
    feed_server.serve("/meetings.json", FEED)
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1"])

    def rebinding(host, port, *args, **kwargs):
        if host != "feeds.rebind.test":
            return real(host, port, *args, **kwargs)
        address = next(answers, "127.0.0.2")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    source = riverbend_source(cast, programs)
    command_import(f"http://feeds.rebind.test:{feed_server.port}/meetings.json", source)
    assert feed_server.hits == [("/meetings.json", f"feeds.rebind.test:{feed_server.port}")]
    assert internal_server.hits == []
    # Once the name answers with the internal address, it is refused before any connection.
    with pytest.raises(CommandError, match="That address is not allowed"):
        command_import(f"http://feeds.rebind.test:{internal_server.port}/latest/meta-data/", source)
    assert internal_server.hits == []


def test_a_server_trickling_its_answer_hits_the_one_deadline_for_the_whole_fetch(
    cast, programs, feed_server, settings
) -> None:
    settings.MEETING_IMPORT_ALLOWED_NETWORKS = LOOPBACK_ONLY
    settings.MEETING_IMPORT_DEADLINE_SECONDS = 1
    source = riverbend_source(cast, programs)
    with pytest.raises(CommandError) as refused:
        command_import(feed_server.url("/slow"), source)
    assert str(refused.value).startswith("The address did not answer in time.")
    assert not Meeting.objects.exists()


def test_a_deadline_counts_every_redirect_hop_too(cast, programs, feed_server, settings) -> None:
    settings.MEETING_IMPORT_ALLOWED_NETWORKS = LOOPBACK_ONLY
    settings.MEETING_IMPORT_DEADLINE_SECONDS = 1
    source = riverbend_source(cast, programs)
    with pytest.raises(CommandError, match="did not answer in time"):
        command_import(feed_server.redirect("/first", "/slow"), source)


@pytest.mark.parametrize("path", ["/announced", "/no-length"])
def test_a_body_over_the_size_limit_is_refused_whether_announced_or_not(
    cast, programs, feed_server, settings, path
) -> None:
    settings.MEETING_IMPORT_ALLOWED_NETWORKS = LOOPBACK_ONLY
    settings.MEETINGS_IMPORT_MAX_BYTES = 100_000
    feed_server.serve("/announced", b"[" + b" " * 500_000 + b"]")
    source = riverbend_source(cast, programs)
    with pytest.raises(CommandError, match="larger than|feeds of up to"):
        command_import(feed_server.url(path), source)
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (500, f"Traceback … {SECRET}".encode(), "The address answered with an error (HTTP 500)."),
        (200, f'[{{"name": "{SECRET}", "slug": '.encode(), "The file is not valid JSON"),
        (200, f"<html><body>{SECRET}</body></html>".encode(), "The CSV has no header row"),
    ],
)
def test_errors_say_what_went_wrong_and_never_what_the_far_end_sent(
    cast, programs, feed_server, settings, status, body, expected
) -> None:
    settings.MEETING_IMPORT_ALLOWED_NETWORKS = LOOPBACK_ONLY
    source = riverbend_source(cast, programs)
    url = feed_server.serve("/feed", body, status=status, headers={"Content-Type": "text/html"})
    try:
        command_import(url, source)
    except (CommandError, SystemExit) as error:
        said = str(error)
    run = ImportRun.objects.first()
    text = said + (run.message + json.dumps(run.report) if run else "")
    assert expected in text
    assert SECRET not in text


def test_a_connection_that_fails_is_told_without_socket_details(cast, programs, settings) -> None:
    settings.MEETING_IMPORT_ALLOWED_NETWORKS = LOOPBACK_ONLY
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    source = riverbend_source(cast, programs)
    with pytest.raises(CommandError) as refused:
        command_import(f"http://127.0.0.1:{port}/feed.json", source)
    message = str(refused.value)
    assert message.startswith("The address could not be reached.")
    assert (
        "Errno" not in message
        and "refused" not in message.lower()
        and "127.0.0.1" not in message
        and str(port) not in message
    )


# --- which addresses are public (no traffic: a table) ---------------------------------------------


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:2800:21f:cb07:6820:80da:af6b:8b2c", True),
        ("127.0.0.1", False),
        ("127.255.255.254", False),
        ("10.0.0.1", False),
        ("172.16.5.4", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("239.255.255.250", False),  # noqa: S104
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("198.18.0.1", False),
        ("192.0.2.1", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("fd12:3456::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("::127.0.0.1", False),
        ("64:ff9b::7f00:1", False),
        ("64:ff9b::a00:1", False),
        ("2002:7f00:1::", False),
        ("2002:a00:1::", False),
        ("2001:db8::1", False),
    ],
)
def test_only_public_addresses_are_reached(address, public) -> None:
    assert safefetch.is_public_address(ipaddress.ip_address(address)) is public
    assert (
        safefetch.is_allowed_address(ipaddress.ip_address(address), safefetch.FetchPolicy())
        is public
    )
