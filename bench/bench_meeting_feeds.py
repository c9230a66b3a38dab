"""What finders and BMLT clients read, at 100,000 meetings (the directory bench_meetings builds):
the full Meeting Guide feed served from its cache (gzip, as finders ask for it; and a revalidation
with its ETag), target p95 at most 2× the bare view; and BMLT GetSearchResults near a point with
a radius, target p95 at most 5× the bare view. The first, uncached build of the feed is timed once.

The full feed is ten megabytes, and carrying ten megabytes to the client takes most of any
server's time whatever builds them, so its bare view answers with as many bytes, held in memory:
the ratio then says what serving the feed costs beyond moving its bytes. Its ratio to the
one-byte bare view is reported beside it.
"""

from __future__ import annotations

import gzip
import json
import os
import time

TITLE = "Meeting Guide feed and BMLT at 100,000 meetings"
DESCRIPTION = __doc__.split("\n\n")[0].replace("\n", " ")
BASELINE = "bare"  # public, anonymous endpoints
FEED = "/meetings/feed.json"
BMLT_NEAR = (
    "/meetings/bmlt/client_interface/json/?switcher=GetSearchResults"
    "&lat_val=39.9526&long_val=-75.1652&geo_width=5&sort_results_by_distance=1"
)
GZIP = {"Accept-Encoding": "gzip"}


def run(ctx) -> dict:
    count = int(os.environ.get("BENCH_MEETINGS", 100_000))
    built = json.loads(
        ctx.manage("build_meeting_directory", "--count", str(count), "--json").stdout
    )
    started = time.perf_counter()
    status, headers, body = ctx.request(FEED, headers=GZIP, timeout=300)
    first_s = time.perf_counter() - started
    if status != 200:
        raise RuntimeError(f"{FEED} answered {status}: {body[:300]!r}")
    rows = len(json.loads(gzip.decompress(body)))
    etag = headers.get("ETag") or headers.get("etag")
    status, _h, near = ctx.request(BMLT_NEAR)
    if status != 200:
        raise RuntimeError(f"{BMLT_NEAR} answered {status}: {near[:300]!r}")
    feed_bytes = len(body)
    cases = {
        "full feed from its cache (gzip)": (FEED, GZIP, 2, feed_bytes),
        "feed revalidated with its ETag (304)": (FEED, {**GZIP, "If-None-Match": etag}, 2, 0),
        "BMLT GetSearchResults within 5 miles of a point": (BMLT_NEAR, None, 5, 0),
    }
    figures: dict[str, object] = {
        "meetings in the directory": f"{built['meetings']:,}",
        "feed rows (one per day)": f"{rows:,}",
        "feed size": f"{len(body):,} bytes gzip",
        "first request (builds the feed and fills the cache)": f"{first_s:.1f} s",
        "BMLT records within 5 miles": f"{len(json.loads(near)):,}, {len(near):,} bytes",
    }
    latencies = {}
    for label, (path, hdrs, target, floor_bytes) in cases.items():
        latency = latencies[label] = ctx.latency_vs_bare(path, headers=hdrs, bare_bytes=floor_bytes)
        bare = "bare view" + (f" answering {floor_bytes:,} bytes" if floor_bytes else "")
        figures[f"{label}: p50 / p95 at {latency['connections']} connections"] = (
            f"{latency['path']['latency_ms']['p50']:.1f} / {latency['path']['latency_ms']['p95']:.1f} ms "
            f"({bare} {latency['bare']['latency_ms']['p50']:.1f} / {latency['bare']['latency_ms']['p95']:.1f} ms), "
            f"{latency['path']['errors']['total']} errors"
        )
        figures[f"{label}: p95 ÷ {bare} p95"] = f"{latency['p95_ratio']:.2f} (target ≤ {target})"
        if floor_bytes:
            tiny = ctx.latency_vs_bare(path, headers=hdrs)
            figures[f"{label}: p95 ÷ one-byte bare view p95 (for comparison)"] = (
                f"{tiny['p95_ratio']:.2f} (bare view p95 {tiny['bare']['latency_ms']['p95']:.1f} ms)"
            )
    slowest = max(latencies, key=lambda k: latencies[k]["p95_ratio"])
    figures["furthest from its target (its load is the one reported)"] = slowest
    return {
        "path": cases[slowest][0],
        "load": latencies[slowest]["path"],
        "extra": figures,
        "latency": latencies,
        "directory": built,
    }
