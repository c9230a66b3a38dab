"""The baseline: GET /bench/bare/, the full middleware stack plus exactly one database query.

Every other benchmark reports its figures as ratios to this one, measured in the same run on
the same server, so the ratios say what a page costs beyond Django and the database round trip.
"""

from __future__ import annotations

import os

TITLE = "Bare view (baseline)"
DESCRIPTION = (
    "`GET /bench/bare/`: Django's full middleware stack, one `SELECT … LIMIT 1` on the user "
    "table and a one-byte response. The floor the other benchmarks are compared with."
)
PATH = "/bench/bare/"


def run(ctx) -> dict:
    status, _headers, body = ctx.request(PATH)
    if status != 200:
        raise RuntimeError(f"{PATH} answered {status}, not 200: {body[:200]!r}")
    load = ctx.load(PATH)
    env = ctx.environment
    return {
        "path": PATH,
        "load": load,
        "extra": {
            "database": env["database"]["engine"],
            "server": f"{env['server']} {env['granian']} ({env['server_workers']} worker)",
            "CPU count": os.cpu_count(),
            "measured at": env["timestamp"],
        },
    }
