"""Maya and Sam, her mentor, exchange messages in two real browsers, each seeing the other's
message arrive without reloading. The pages are served by a real server process (`alongside
serve`: HTTP and WebSocket on one port), since the test server speaks no WebSocket."""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from alongside.accounts.cast import DEMO_PASSWORD
from alongside.testing.browser import Browser, _make_browser

pytestmark = [pytest.mark.browser]

SETUP = """
from alongside.accounts.cast import build_cast
from alongside.accounts.sensitive import Credential
from alongside.privacy.models import ConsentGrant, Scope
from alongside.privacy.services import grant_access
cast = build_cast()
maya, sam = cast["member"].user, cast["mentor"].user
if not ConsentGrant.objects.active().filter(member=maya, grantee_user=sam).exists():
    grant_access(member=maya, grantee_user=sam, scopes=[Scope.MILESTONES], purpose="my mentor",
                 credential=Credential.for_setup(maya))
print(__import__("json").dumps({"maya": maya.pk, "sam": sam.pk}))
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[SimpleNamespace, dict]]:
    from alongside.testing.server import migrated, run_cli, served

    env = {
        "ALONGSIDE_DATA_DIR": str(tmp_path_factory.mktemp("messages")),
        "ALONGSIDE_ENV": "development",
    }
    migrated(env)
    made = run_cli(env, "manage", "shell", "-c", SETUP)
    assert made.returncode == 0, made.stderr
    ids = json.loads(made.stdout.strip().splitlines()[-1])
    with served(env) as port:
        yield SimpleNamespace(url=f"http://127.0.0.1:{port}"), ids


@pytest.fixture
def two_browsers(_playwright_browser, server) -> Iterator[tuple[Browser, Browser, dict]]:
    live, ids = server
    laptop = _make_browser(_playwright_browser, live, viewport={"width": 1280, "height": 900})
    phone = _make_browser(
        _playwright_browser, live, viewport={"width": 360, "height": 740}, is_mobile=True
    )
    maya, sam = next(laptop), next(phone)
    yield maya, sam, ids
    for generator in (laptop, phone):
        with pytest.raises(StopIteration):
            next(generator)


def wait_live(b: Browser) -> None:
    b.page.wait_for_selector("[data-conversation][data-live=on]")


def test_maya_and_her_mentor_exchange_messages_live_in_two_browsers(two_browsers) -> None:
    maya, sam, ids = two_browsers
    errors: list[str] = []
    for b in (maya, sam):
        b.page.on("pageerror", lambda error: errors.append(str(error)))
    maya.login("maya@example.org", DEMO_PASSWORD)
    sam.login("sam@example.org", DEMO_PASSWORD)

    maya.goto("/messages/")
    people = maya.page.get_by_role("region", name="People you can message")
    people.get_by_role("link", name="Sam W.").click()
    maya.page.wait_for_load_state("load")
    maya.audit()
    assert maya.page.get_by_role("heading", level=1).inner_text() == "Messages with Sam W."

    sam.goto(f"/messages/with/{ids['maya']}/")
    wait_live(maya)
    wait_live(sam)
    # A mark on each page: still there after the message arrives, so nothing reloaded.
    for b in (maya, sam):
        b.page.evaluate("window.stayed = true")

    maya.page.get_by_label("Message", exact=True).fill("Rough day. Can we talk tonight?")
    maya.page.get_by_role("button", name="Send").click()
    arrived = sam.page.locator(".message.theirs", has_text="Rough day. Can we talk tonight?")
    arrived.wait_for()
    assert "Maya O." in arrived.inner_text()
    mine = maya.page.locator(".message.mine", has_text="Rough day. Can we talk tonight?")
    mine.wait_for()
    assert (
        maya.page.get_by_label("Message", exact=True).input_value() == ""
    )  # sent, so the box is empty

    sam.page.get_by_label("Message", exact=True).fill("Of course. Calling you at 7.")
    sam.page.get_by_role("button", name="Send").click()
    maya.page.locator(".message.theirs", has_text="Of course. Calling you at 7.").wait_for()
    assert maya.page.evaluate("window.stayed") is True
    assert sam.page.evaluate("window.stayed") is True
    maya.audit()
    sam.audit()

    # An empty message is refused beside the field, live too, and nothing is lost.
    maya.page.get_by_label("Message", exact=True).fill("   ")
    maya.page.get_by_role("button", name="Send").click()
    maya.page.get_by_text("Write a message before sending.").wait_for()
    maya.audit()

    # After a reload both messages are there, read from the server.
    maya.goto(f"/messages/with/{ids['sam']}/")
    texts = maya.page.locator(".message p").all_inner_texts()
    assert texts == ["Rough day. Can we talk tonight?", "Of course. Calling you at 7."]
    assert errors == []
