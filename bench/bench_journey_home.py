"""The member's home page with three tracks and a year of daily check-ins (target: p95 latency at
most 4× the bare view's, requested with the same session cookie). Its query count is held constant by
alongside/journey/tests/test_home_queries.py.

The page serves the member's own cards from the member cache while their data is unchanged
(alongside/accounts/home.py); the same page with the cards rendered afresh on every request
(`/bench/home-cold/`, as after each change) is measured beside it and reported too."""

from __future__ import annotations

from bench.journey_session import Session

TITLE = "Member home, 3 tracks and a year of check-ins"
DESCRIPTION = (
    "`GET /home/` as a member with two abstinence tracks, one moderation track and 365 days of "
    "check-ins and use: day counts, milestones, limits, today's check-in and celebrations. "
    "Target: p95 at most 4× the signed-in bare view's (the same session cookie). Also measured: the same page with its cards "
    "rendered afresh on every request (`/bench/home-cold/`), as on the first visit after a change."
)
COLD_PATH = "/bench/home-cold/"
PATH = "/home/"
TARGET = 4.0
BASELINE = "bare_signed_in"


def run(ctx) -> dict:
    ctx.manage("seed_journey", "--days", "365")
    session = Session(ctx.base_url)
    session.login()
    status, body, _ = session.request("GET", PATH)
    if status != 200 or b"Gambling" not in body:
        raise RuntimeError(f"{PATH} answered {status} without the member's tracks")
    headers = {"Cookie": session.cookie_header()}
    status, body, _ = session.request("GET", COLD_PATH)
    if status != 200 or b"Gambling" not in body:
        raise RuntimeError(f"{COLD_PATH} answered {status} without the member's tracks")
    load = ctx.load(PATH, headers=headers)
    latency = ctx.latency_vs_bare(PATH, headers=headers, bare_headers=headers)
    p95 = latency["path"]["latency_ms"]["p95"]
    bare_p95 = latency["bare"]["latency_ms"]["p95"]
    cold = ctx.latency_vs_bare(COLD_PATH, headers=headers, bare_headers=headers)
    cold_p95 = cold["path"]["latency_ms"]["p95"]
    result = {
        "path": PATH,
        "load": load,
        "latency": latency,
        "cold_latency": cold,
        "extra": {
            "target (p95 ratio to the signed-in bare view)": f"≤ {TARGET}",
            "tracks": 3,
            "check-ins": 365,
            f"p95 at {latency['connections']} connections": f"{p95:.1f} ms (signed-in bare view {bare_p95:.1f} ms)",
            "p95 ratio to the signed-in bare view": latency["p95_ratio"],
            "meets target": latency["p95_ratio"] <= TARGET,
            f"cards rendered afresh on every request: p95 at {cold['connections']} connections": f"{cold_p95:.1f} ms",
            "cards rendered afresh: p95 ratio to the signed-in bare view": cold["p95_ratio"],
        },
    }
    signed_in_bare = ctx.baselines.get(BASELINE)
    if signed_in_bare:
        ratio = load["latency_ms"]["p95"] / signed_in_bare["load"]["latency_ms"]["p95"]
        result["extra"][
            f"p95 ratio to the signed-in bare view at {ctx.connections} connections (saturated)"
        ] = round(ratio, 3)
    return result
