"""Theo facilitates a closed SMART meeting online; Maya (on a phone) and Jordan wait, are let
in, raise hands in order, follow the share timer and chat, in three real browsers. When the
room closes, their attendance is recorded from the room. Served by a real server process
(HTTP and WebSocket on one port), without Redis: the room's state is in the database."""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from alongside.testing.browser import Browser, _make_browser

pytestmark = [pytest.mark.browser]

SETUP = """
from django.test import Client
from alongside.accounts.cast import build_cast
from alongside.rooms.tests.world import meeting_starting
cast = build_cast()
maya = cast["member"].user
maya.handle = "morning_light"
maya.save(update_fields=["handle"])
meeting, room = meeting_starting(cast, openness="closed")
out = {"path": f"/rooms/{meeting.pk}/{room.starts_param}/", "key": room.key, "meeting": meeting.pk}
for key in ("member", "member2", "facilitator"):
    client = Client()
    client.force_login(cast[key].user, backend="django.contrib.auth.backends.ModelBackend")
    out[key] = client.cookies["sessionid"].value
print(__import__("json").dumps(out))
"""

CLOSE = """
import json
from alongside.meetings.models import AttendanceRecord
from alongside.rooms.services.closing import close_room
from alongside.rooms.services.room import room_of, parse_starts
from alongside.meetings.models import Meeting
meeting = Meeting.objects.get(pk=%(meeting)s)
room = room_of(meeting, parse_starts("%(starts)s"))
close_room(room.key, now=room.closes_at)
print(json.dumps(sorted(
    (r.member.email, r.method, r.verification.value) for r in AttendanceRecord.objects.all()
)))
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[SimpleNamespace, dict, dict]]:
    from alongside.testing.server import migrated, run_cli, served

    env = {
        "ALONGSIDE_DATA_DIR": str(tmp_path_factory.mktemp("rooms")),
        "ALONGSIDE_ENV": "development",
    }
    migrated(env)
    made = run_cli(env, "manage", "shell", "-c", SETUP)
    assert made.returncode == 0, made.stderr
    setup = json.loads(made.stdout.strip().splitlines()[-1])
    with served(env) as port:
        yield SimpleNamespace(url=f"http://127.0.0.1:{port}"), setup, env


@pytest.fixture
def three(_playwright_browser, server) -> Iterator[tuple[Browser, Browser, Browser, dict, dict]]:
    live, setup, env = server
    makers = [
        _make_browser(_playwright_browser, live, viewport={"width": 1280, "height": 900}),
        _make_browser(
            _playwright_browser, live, viewport={"width": 360, "height": 740}, is_mobile=True
        ),
        _make_browser(_playwright_browser, live, viewport={"width": 1024, "height": 800}),
    ]
    browsers = [next(m) for m in makers]
    for b, key in zip(browsers, ("facilitator", "member", "member2"), strict=True):
        b.page.context.add_cookies([{"name": "sessionid", "value": setup[key], "url": live.url}])
    yield (*browsers, setup, env)
    for maker in makers:
        with pytest.raises(StopIteration):
            next(maker)


def test_a_closed_meeting_in_its_live_room_from_waiting_to_attendance(three) -> None:
    from alongside.testing.server import run_cli

    theo, maya, jordan, setup, env = three
    errors: list[str] = []
    for b in (theo, maya, jordan):
        b.page.on("pageerror", lambda error: errors.append(str(error)))

    theo.goto(setup["path"])
    theo.page.wait_for_selector("[data-room][data-status=admitted]")
    maya.goto(setup["path"])
    maya.page.wait_for_selector("[data-room][data-status=waiting]")
    assert maya.page.get_by_role("heading", name="Waiting room").is_visible()
    maya.audit()
    jordan.goto(setup["path"])
    jordan.page.wait_for_selector("[data-room][data-status=waiting]")

    # Theo lets them in from the waiting list, by keyboard for the first.
    waiting = theo.page.get_by_role("region", name="Waiting to come in")
    waiting.get_by_text("morning_light").wait_for()
    let_in = waiting.locator("li", has_text="morning_light").get_by_role("button", name="Let in")
    let_in.focus()
    theo.page.keyboard.press("Enter")
    maya.page.wait_for_selector("[data-room][data-status=admitted]")
    waiting.locator("li", has_text="JustJordan").get_by_role("button", name="Let in").click()
    jordan.page.wait_for_selector("[data-room][data-status=admitted]")
    maya.audit()

    # Hands in the order raised, as everyone sees them.
    maya.page.get_by_role("button", name="Raise my hand").click()
    maya.page.get_by_role("button", name="Lower my hand").wait_for()
    jordan.page.get_by_role("button", name="Raise my hand").click()
    hands = theo.page.locator("[data-hands] li")
    hands.nth(1).wait_for()
    assert [h.split(" (")[0] for h in hands.all_inner_texts()] == ["morning_light", "JustJordan"]

    # The share timer: Theo calls the first hand and gives three minutes.
    theo.page.get_by_role("button", name="Call the next hand").click()
    theo.page.get_by_label("Minutes for the speaker").fill("3")
    theo.page.get_by_role("button", name="Start timer").click()
    timer = jordan.page.locator("[data-timer]")
    jordan.page.wait_for_function(
        "() => document.querySelector('[data-timer]').textContent.includes('left to share')"
    )
    assert timer.inner_text().startswith("morning_light: ")
    assert 170 <= int(timer.get_attribute("data-remaining")) <= 180

    # Chat from the phone reaches the others, announced in the chat's live region.
    maya.page.get_by_label("Message").fill("Grateful to be here today")
    maya.page.get_by_role("button", name="Send").click()
    chat = jordan.page.locator("[data-chat]")
    chat.get_by_text("Grateful to be here today").wait_for()
    assert chat.get_attribute("aria-live") == "polite"
    assert "morning_light" in chat.inner_text()
    assert maya.page.evaluate("document.documentElement.scrollWidth") <= 360
    theo.audit()
    jordan.audit()
    assert not errors

    # The room closes: all three were there for the meeting, and their attendance says so.
    starts = setup["path"].rstrip("/").rsplit("/", 1)[1]
    closed = run_cli(
        env, "manage", "shell", "-c", CLOSE % {"meeting": setup["meeting"], "starts": starts}
    )
    assert closed.returncode == 0, closed.stderr
    records = json.loads(closed.stdout.strip().splitlines()[-1])
    assert records == [
        ["jordan@example.org", "room", "room"],
        ["maya@example.org", "room", "room"],
        ["theo@example.org", "room", "room"],
    ]
