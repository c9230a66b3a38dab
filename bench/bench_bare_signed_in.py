"""The baseline for signed-in pages: GET /bench/bare/ with the session cookie of the member the
journey benchmarks sign in as.

Any signed-in request reads its session and its user before a view runs (the middleware stack
activates the person's time zone and language), so a page behind a session is compared with this
one, not with the anonymous bare view: its ratios then say what the page itself costs. The ratio
of this benchmark to the anonymous bare view is what signing in costs every request.
"""

from __future__ import annotations

from bench.journey_session import Session

TITLE = "Bare view, signed in (baseline for signed-in pages)"
DESCRIPTION = (
    "`GET /bench/bare/` with a signed-in member's session cookie: the full middleware stack with "
    "the session and user reads every signed-in request pays, one `SELECT … LIMIT 1` and a "
    "one-byte response. Signed-in pages (home, check-in) are compared with this; its own ratios "
    "are to the anonymous bare view."
)
PATH = "/bench/bare/"
BASELINE = "bare"


def run(ctx) -> dict:
    ctx.manage("seed_journey", "--days", "30")
    session = Session(ctx.base_url)
    session.login()
    headers = {"Cookie": session.cookie_header()}
    status, _headers, body = ctx.request(PATH, headers=headers)
    if status != 200:
        raise RuntimeError(f"{PATH} answered {status}, not 200: {body[:200]!r}")
    paired = ctx.paired(PATH, headers=headers)
    return {
        "path": PATH,
        "load": paired["path"],
        "paired": paired,
        "extra": {
            "signed in as": "the journey benchmarks' member (bench/journey_session.py)",
            f"req/s at {paired['connections']} connections": f"{paired['path']['requests_per_s']:.1f} signed in, {paired['bare']['requests_per_s']:.1f} anonymous, median of {paired['rounds']} alternating rounds",
            "req/s ratio to the anonymous bare view": paired["requests_per_s_ratio"],
            "p95 ratio to the anonymous bare view": paired["p95_ratio"],
        },
    }
