"""Recording a daily check-in over HTTP through the real server: session, CSRF, form and service
validation, the write and the redirect (target: at least 40% of the bare view's throughput)."""

from __future__ import annotations

from urllib.parse import urlencode

from bench.journey_session import Session

TITLE = "Daily check-in (POST)"
DESCRIPTION = (
    "`POST /journey/check-in/` as a signed-in member with a session cookie and CSRF token: the form "
    "is validated, today's check-in is written (created once, then updated) and the page redirects. "
    "Target: req/s at least 0.40 of the bare view's."
)
PATH = "/journey/check-in/"
TARGET = 0.40


def run(ctx) -> dict:
    ctx.manage("seed_journey", "--days", "30")
    session = Session(ctx.base_url)
    session.login()
    token = session.token(PATH)
    form = {"csrfmiddlewaretoken": token, "mood": "4", "craving": "2", "hungry": "on", "sleep_hours": "7.5", "gratitude": "the morning light"}
    status, _body, location = session.request("POST", PATH, form)
    if status != 302 or location != PATH:
        raise RuntimeError(f"the check-in was not accepted: {status} → {location!r}")
    headers = {"Cookie": session.cookie_header(), "Content-Type": "application/x-www-form-urlencoded"}
    load = ctx.load(PATH, method="POST", headers=headers, body=urlencode(form))
    result = {"path": PATH, "load": load, "extra": {"target (req/s ratio to bare)": f"≥ {TARGET}"}}
    if ctx.baseline and ctx.baseline.get("load"):
        ratio = load["requests_per_s"] / ctx.baseline["load"]["requests_per_s"]
        result["extra"]["req/s ratio to bare"] = round(ratio, 3)
        result["extra"]["meets target"] = ratio >= TARGET
    return result
