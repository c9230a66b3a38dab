"""Real-browser testing: Playwright driving Debian's Chromium, with axe-core on every page.

`browse` gives a `Browser` helper bound to the live server. Every page the test reaches must
be audited with axe (`b.audit()`, which `b.goto()` does for you); the fixture fails the test
at the end if a page was reached but never audited, so no page escapes the check.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright._impl._api_structures import SetCookieParam
    from playwright.sync_api import Browser as Chromium
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM = os.environ.get("ALONGSIDE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Moderate too: a skipped heading level, a region without a landmark, a label that is not
# tied to its group all make a page harder to use with a screen reader.
FAILING = {"moderate", "serious", "critical"}
# A page opened with JavaScript off runs no script tag and fires no timer, but evaluation from
# the test still works: there axe's source is run that way, its timers turned into microtasks.
AXE_WITHOUT_JAVASCRIPT = """(source) => {
  window.setTimeout = (fn, _delay, ...args) => {
    Promise.resolve().then(() => fn(...args));
    return 0;
  };
  window.clearTimeout = () => {};
  (0, eval)(source);
}"""


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if chromium_available():
        return
    skip = pytest.mark.skip(reason="Chromium is not installed: browser tests skipped")
    browser_items = [i for i in items if "browser" in i.keywords]
    for item in browser_items:
        item.add_marker(skip)
    if browser_items:
        sys.stderr.write(
            f"\n*** {len(browser_items)} BROWSER TESTS SKIPPED: Chromium is not installed "
            "(sudo apt-get install chromium) ***\n"
        )


@pytest.fixture(scope="session")
def _playwright_browser() -> Iterator[Chromium]:
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


def session_cookie(user: Any, url: str) -> SetCookieParam:
    """A browser cookie for a new session of `user` on the server at `url` (sharing this test's
    database). As the sign-in form does, the session records how and when they signed in, so a
    sensitive action soon after asks for no password again."""
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.conf import settings
    from django.test import Client, RequestFactory

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, method="password", email=user.email)
    if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        record_authentication(request, user, method="mfa", type="totp")
    request.session.save()
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": url,
    }


@dataclass
class Browser:
    page: Page
    base_url: str
    visited: list[str] = field(default_factory=list)
    audited: set[str] = field(default_factory=set)
    javascript: bool = True  # False: the page runs none of its scripts (a browser without it)

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str) -> Page:
        self.page.goto(self.url(path))
        self.audit()
        return self.page

    def audit(self) -> list[dict]:
        """Run axe-core on the current page; fail on moderate, serious or critical violations."""
        self.page.wait_for_load_state("load")
        if self.javascript:
            if not self.page.evaluate("typeof axe !== 'undefined'"):  # loaded with each page
                self.page.add_script_tag(path=str(AXE))
        else:
            self.page.evaluate(AXE_WITHOUT_JAVASCRIPT, AXE.read_text())
        # Only the violations are read: axe skips the details of everything that passed.
        result = self.page.evaluate(
            'async () => await axe.run(document, { resultTypes: ["violations"] })'
        )
        bad = [v for v in result["violations"] if v.get("impact") in FAILING]
        self.audited.add(self._key(self.page.url))
        assert not bad, f"axe found problems on {self.page.url}: " + "; ".join(
            f"{v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['html'][:120]})"
            for v in bad
        )
        return result["violations"]

    @staticmethod
    def _key(url: str) -> str:
        return url.split("#", 1)[0]

    def unaudited(self) -> list[str]:
        return [u for u in dict.fromkeys(self.visited) if self._key(u) not in self.audited]

    def login(self, email: str, password: str, *, totp_secret: str = "") -> None:
        from allauth.mfa.totp.internal.auth import (
            format_hotp_value,
            hotp_value,
            yield_hotp_counters_from_time,
        )

        self.goto("/accounts/login/")
        self.page.get_by_label("Email").fill(email)
        self.page.locator("#id_password").fill(password)
        self.page.get_by_role("button", name="Sign In").click()
        self.page.wait_for_load_state("load")
        if totp_secret:
            self.audit()
            # A code is good for its own 30-second period only: on a busy machine, one read near
            # the end of a period is stale by the time it is sent, so wait for the next period.
            left = 30 - time.time() % 30
            if left < 8:
                time.sleep(left + 0.2)
            counter = next(iter(yield_hotp_counters_from_time()))
            code = format_hotp_value(hotp_value(totp_secret, counter))
            self.page.get_by_label("Code").fill(code)
            self.page.get_by_role("button", name="Sign In").click()
            self.page.wait_for_load_state("load")
        self.audit()

    def sign_in_as(self, user: Any) -> None:
        """Start signed in as `user` and open home, as signing in would, without filling in the
        form: for tests whose subject is what comes after. The form itself, authenticator code
        included, is tested for every role in test_browser_foundation.py. The live server must
        share this test's database (it does for `browse` and `phone`)."""
        self.page.context.add_cookies([session_cookie(user, self.base_url)])
        self.goto("/")

    def open_menu(self) -> None:
        """On a phone the navigation is folded behind its menu button: unfold it (elsewhere,
        nothing to do)."""
        menu = self.page.locator(".menu-toggle")
        if menu.count() and menu.is_visible() and menu.get_attribute("aria-expanded") == "false":
            menu.click()

    def logout(self) -> None:
        self.open_menu()
        self.page.locator(".account-menu summary").click()
        self.page.get_by_role("button", name="Sign out").click()
        self.page.wait_for_load_state("load")
        self.audit()


def _make_browser(
    browser: Chromium, live_server: LiveServer, **context_args: Any
) -> Iterator[Browser]:
    context = browser.new_context(bypass_csp=True, **context_args)  # bypass only to inject axe
    if context_args.get("java_script_enabled", True):
        # axe comes with every page as it loads, ready for audit(): sending its half a megabyte
        # of source to each page when auditing took longer than the audit itself.
        context.add_init_script(path=str(AXE))
    page = context.new_page()
    page.set_default_timeout(15_000)
    helper = Browser(
        page=page,
        base_url=live_server.url,
        javascript=context_args.get("java_script_enabled", True),
    )
    page.on(
        "framenavigated",
        lambda frame: helper.visited.append(frame.url) if frame == page.main_frame else None,
    )
    yield helper
    missing = helper.unaudited()
    context.close()
    assert not missing, f"pages reached without an axe audit: {missing}"


@pytest.fixture
def browse(_playwright_browser: Chromium, live_server: LiveServer) -> Iterator[Browser]:
    """A desktop-width browser on the live server."""
    yield from _make_browser(
        _playwright_browser, live_server, viewport={"width": 1280, "height": 900}
    )


# Browser contexts of phones: the narrowest the pages are held to, and a common larger one.
PHONE: dict[str, Any] = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
}
PHONE_390: dict[str, Any] = {**PHONE, "viewport": {"width": 390, "height": 844}}


@pytest.fixture
def phone(_playwright_browser: Chromium, live_server: LiveServer) -> Iterator[Browser]:
    """A 360-px-wide phone browser on the live server."""
    yield from _make_browser(_playwright_browser, live_server, **PHONE)
