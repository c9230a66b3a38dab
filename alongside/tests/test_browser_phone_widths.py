"""Every page of every role fits a 360-px phone, where nothing scrolls sideways, and passes
axe-core there and on a 1280-px screen (no other test walks every page at desktop width).

The pages are the authorization matrix's own list (alongside/tests/matrix/routes.py and each
app's tests/authz.py): every GET page that answers some persona with 200, over the demo data, so
tables and lists are full. Each page is checked once, by the first person in the matrix's order
who can open it (the member first, whose demo data fills the journey's lists), and every
person's home, whose cards differ by role, is checked by that person: the layout and markup of
a page are the same templates for everyone who may open it. One browser, one context per
persona, signed in by session cookie. axe-core is loaded into every page as it opens (an init
script, so no second round trip) and run on the page already loaded, at 360 px and again at
1280 px; it fails on the same impacts as the other browser tests
(alongside/testing/browser.py).

With ALONGSIDE_SCREENSHOTS=<folder> set, the second test saves each role's home page at 390 and
1280 px instead (scripts/screenshots.sh makes docs/screenshots/ this way).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from alongside.accounts.cast import build_cast
from alongside.accounts.sensitive import Credential
from alongside.testing.authz import OK, SIGNED_IN, subjects_for
from alongside.testing.browser import AXE, FAILING, session_cookie
from alongside.tests.matrix.routes import PAGE_ROUTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
# The page is wider than the screen, or a part of it (a table in a scrolling box) scrolls
# sideways inside it: either way a person on a phone has to swipe to read it.
SIDEWAYS = """() => {
  const width = window.innerWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const found = [];
  if (document.documentElement.scrollWidth > width) {
    const culprits = [...document.body.querySelectorAll("*")]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .filter((el) => el.parentElement.getBoundingClientRect().right <= width + 1)
      .slice(0, 3).map(name);
    found.push(`the page is ${document.documentElement.scrollWidth} px wide (${culprits.join(", ")})`);
  }
  for (const el of document.body.querySelectorAll("*")) {
    const overflow = getComputedStyle(el).overflowX;
    if ((overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1) {
      found.push(`${name(el)} scrolls sideways (${el.scrollWidth} px in ${el.clientWidth})`);
    }
  }
  return found.join("; ");
}"""


# axe-core's violations of the given impacts, each as "rule id: what it asks (targets)".
AXE_VIOLATIONS = """async (impacts) => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.filter((v) => impacts.includes(v.impact)).map((v) =>
    `${v.id} (${v.impact}): ${v.help} at ` + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")
    + (v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ""));
}"""


def demo_world() -> tuple[dict, dict]:
    """The cast, the matrix's subjects, and each app's demo rows on top."""
    from alongside.accounts import services
    from alongside.accounts.management.commands.demo_data import DEMO_APPS

    cast = build_cast()
    member = cast["member"].user
    token, _key = services.create_api_token(
        user=member, name="phone", credential=Credential.for_setup(member)
    )
    subjects = {"member_token": token, **subjects_for(cast)}
    for app in DEMO_APPS:
        if importlib.util.find_spec(f"alongside.{app}.demo") is not None:
            importlib.import_module(f"alongside.{app}.demo").populate(cast)
    return cast, subjects


def signed_in_context(browser, live_server, user, **options):
    context = browser.new_context(**options)
    context.add_cookies([session_cookie(user, live_server.url)])
    return context


def pages_for(persona: str, subjects: dict) -> list[str]:
    """The GET pages the matrix says answer this persona with 200."""
    return [
        route.url(subjects)
        for route in PAGE_ROUTES
        if route.method == "get" and route.outcome(persona) == OK
    ]


def first_to_open(persona: str, subjects: dict) -> list[str]:
    """The pages this persona checks: the ones no earlier person (in the matrix's order of
    people) can open, and home, whose cards differ by role."""
    earlier = {u for p in SIGNED_IN[: SIGNED_IN.index(persona)] for u in pages_for(p, subjects)}
    home = reverse("home")
    return [u for u in pages_for(persona, subjects) if u not in earlier or u == home]


def open_html(page, url: str) -> bool:
    """Open `url`; False when it is not an HTML page (a feed, a calendar, a PDF download)."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return False
        raise
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"
    return response.headers.get("content-type", "").startswith("text/html")


def drawn(page) -> None:
    """Wait for a page that draws itself after loading (the API docs, Swagger UI) to be drawn."""
    if page.locator("#swagger-ui").count():
        page.wait_for_selector(".swagger-ui .opblock-tag")


# One test per person (the member, who opens the most pages, in two halves), so both test
# processes share them.
WALKS = [
    (p, part, 2 if p == "member" else 1) for p in SIGNED_IN for part in range(1 + (p == "member"))
]


@pytest.mark.parametrize(
    ("persona", "part", "parts"), WALKS, ids=[f"{p}-{i + 1}of{n}" for p, i, n in WALKS]
)
def test_no_page_of_any_role_scrolls_sideways_or_fails_axe_on_a_360_px_phone(
    _playwright_browser, live_server, persona: str, part: int, parts: int
) -> None:
    """Each page is loaded once, at 360 px, and checked there. Home is then widened to 1280 px
    (the styles and js/shell.js follow the width) and axe runs again: what changes with the
    width is the frame every page shares (the navigation unfolds), and the other browser tests
    check their pages at 1280 px as they go."""
    cast, subjects = demo_world()
    too_wide: list[str] = []
    inaccessible: list[str] = []
    visited = 0
    context = signed_in_context(
        _playwright_browser, live_server, cast[persona].user, viewport=PHONE
    )
    context.add_init_script(path=str(AXE))  # in every page as it loads, ready to run
    page = context.new_page()
    home = reverse("home")
    for url in first_to_open(persona, subjects)[part::parts]:
        page.set_viewport_size(PHONE)
        if not open_html(page, live_server.url + url):
            continue
        visited += 1
        drawn(page)
        sideways = page.evaluate(SIDEWAYS)
        if sideways:
            too_wide.append(f"{url}: {sideways}")
        for size in (PHONE, DESKTOP) if url == home else (PHONE,):
            page.set_viewport_size(size)
            for violation in page.evaluate(AXE_VIOLATIONS, sorted(FAILING)):
                inaccessible.append(f"{size['width']} px, {url}: {violation}")
    context.close()
    assert visited >= 1, f"no page was visited as {persona}"
    assert not too_wide, f"pages that scroll sideways on a 360-px phone ({persona}):\n" + "\n".join(
        too_wide
    )
    assert not inaccessible, f"axe's findings, moderate and worse ({persona}):\n" + "\n".join(
        inaccessible
    )


ROLES = [p for p in SIGNED_IN if p != "outsider"]


@pytest.mark.skipif(
    not os.environ.get("ALONGSIDE_SCREENSHOTS"), reason="set ALONGSIDE_SCREENSHOTS=<folder>"
)
def test_screenshots_of_each_role_at_home(_playwright_browser, live_server) -> None:
    folder = Path(os.environ["ALONGSIDE_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    cast, _subjects = demo_world()
    for persona in ROLES:
        for width, height in ((390, 844), (1280, 900)):
            context = signed_in_context(
                _playwright_browser,
                live_server,
                cast[persona].user,
                viewport={"width": width, "height": height},
            )
            page = context.new_page()
            page.goto(live_server.url + "/home/")
            assert page.get_by_role("heading", level=1).is_visible()
            page.screenshot(path=str(folder / f"home-{persona}-{width}.png"), full_page=True)
            context.close()


def test_on_a_phone_the_menu_opens_from_its_button_and_escape_folds_it(phone, cast) -> None:

    phone.sign_in_as(cast["member"].user)
    page = phone.page
    menu = page.get_by_role("button", name="Menu")
    my_data = page.get_by_role("navigation", name="Main").get_by_role("link", name="My data")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not my_data.is_visible()
    header_height = page.locator(".site-header").bounding_box()["height"]
    assert header_height < 80, f"the folded header takes {header_height} px"
    assert page.evaluate(
        "document.querySelector('.brand').scrollWidth <= document.querySelector('.brand').clientWidth"
    )
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert my_data.is_visible()
    phone.audit()
    my_data.focus()
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.textContent.trim()") == "Menu"
    menu.click()
    my_data.click()
    phone.audit()
    assert page.get_by_role("heading", level=1).is_visible()


def test_without_javascript_the_phone_menu_stays_open_and_the_button_hidden(
    _playwright_browser, live_server, cast
) -> None:
    context = signed_in_context(
        _playwright_browser,
        live_server,
        cast["ally"].user,
        viewport=PHONE,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.goto(live_server.url + "/home/")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Shared with me").is_visible()
    assert page.locator(".menu-toggle").is_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_on_a_wide_screen_the_navigation_shows_without_a_menu_button(browse, cast) -> None:

    browse.sign_in_as(cast["member"].user)
    nav = browse.page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Check in").is_visible()
    assert browse.page.locator(".menu-toggle").is_hidden()
