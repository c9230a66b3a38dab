"""Recording a daily check-in over HTTP through the real server: session, CSRF, form and service
validation, the write and the redirect (target: at least 40% of the throughput of the bare view
requested with the same session cookie)."""

from __future__ import annotations

from urllib.parse import urlencode

from bench.journey_session import Session

TITLE = "Daily check-in (POST)"
DESCRIPTION = (
    "`POST /journey/check-in/` as a signed-in member with a session cookie and CSRF token: the form "
    "is validated, today's check-in is written (created once, then updated) and the page redirects. "
    "Target: req/s at least 0.40 of the signed-in bare view's (the same session cookie), both "
    "measured in alternating rounds."
)
PATH = "/journey/check-in/"
TARGET = 0.40
BASELINE = "bare_signed_in"


def run(ctx) -> dict:
    ctx.manage("seed_journey", "--days", "30")
    session = Session(ctx.base_url)
    session.login()
    token = session.token(PATH)
    form = {
        "csrfmiddlewaretoken": token,
        "mood": "4",
        "craving": "2",
        "hungry": "on",
        "sleep_hours": "7.5",
        "gratitude": "the morning light",
    }
    status, _body, location = session.request("POST", PATH, form)
    if status != 302 or location != PATH:
        raise RuntimeError(f"the check-in was not accepted: {status} → {location!r}")
    # Follow the redirect as a browser does: the page shows the "checked in" message and clears
    # its cookie, so the posts below carry the cookies a member's next check-in would.
    session.request("GET", location)
    headers = {
        "Cookie": session.cookie_header(),
        "Content-Type": "application/x-www-form-urlencoded",
    }
    signed_in = {"Cookie": headers["Cookie"]}
    paired = ctx.paired(
        PATH, method="POST", headers=headers, body=urlencode(form), bare_headers=signed_in
    )
    ratio = paired["requests_per_s_ratio"]
    return {
        "path": PATH,
        "load": paired["path"],
        "paired": paired,
        "extra": {
            "target (req/s ratio to the signed-in bare view)": f"≥ {TARGET}",
            f"req/s at {paired['connections']} connections": f"{paired['path']['requests_per_s']:.1f} (signed-in bare view {paired['bare']['requests_per_s']:.1f}), median of {paired['rounds']} alternating rounds",
            "req/s ratio to the signed-in bare view": ratio,
            "req/s ratio in each round": ", ".join(
                f"{r['requests_per_s'] / r['bare_requests_per_s']:.3f}"
                for r in paired["each_round"]
                if r["bare_requests_per_s"]
            ),
            "meets target": ratio is not None and ratio >= TARGET,
        },
    }
