"""The member's home page with three tracks and a year of daily check-ins (target: p95 latency at
most 4× the bare view's). Its query count is held constant by
alongside/journey/tests/test_home_queries.py."""

from __future__ import annotations

from bench.journey_session import Session

TITLE = "Member home, 3 tracks and a year of check-ins"
DESCRIPTION = (
    "`GET /home/` as a member with two abstinence tracks, one moderation track and 365 days of "
    "check-ins and use: day counts, milestones, limits, today's check-in and celebrations. "
    "Target: p95 at most 4× the bare view's."
)
PATH = "/home/"
TARGET = 4.0


def run(ctx) -> dict:
    ctx.manage("seed_journey", "--days", "365")
    session = Session(ctx.base_url)
    session.login()
    status, body, _ = session.request("GET", PATH)
    if status != 200 or b"Gambling" not in body:
        raise RuntimeError(f"{PATH} answered {status} without the member's tracks")
    load = ctx.load(PATH, headers={"Cookie": session.cookie_header()})
    result = {"path": PATH, "load": load, "extra": {"target (p95 ratio to bare)": f"≤ {TARGET}", "tracks": 3, "check-ins": 365}}
    if ctx.baseline and ctx.baseline.get("load"):
        ratio = load["latency_ms"]["p95"] / ctx.baseline["load"]["latency_ms"]["p95"]
        result["extra"]["p95 ratio to bare"] = round(ratio, 3)
        result["extra"]["meets target"] = ratio <= TARGET
    return result
