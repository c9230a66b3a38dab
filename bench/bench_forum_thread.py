"""A forum thread with 500 replies, read by a member (target: p95 at most 4× the signed-in bare
view's, the same session cookie). The thread reads in pages; its query count is held constant
in the number of replies by alongside/community/tests/test_long_threads.py (5 and 500)."""

from __future__ import annotations

TITLE = "Forum thread with 500 replies"
DESCRIPTION = (
    "`GET /community/threads/<id>/` as a member of the space, for a thread of 500 Markdown "
    "replies with encouragements, first its opening page and then its last. "
    "Target: p95 at most 4× the signed-in bare view's (the same session cookie)."
)
REPLIES = 500
TARGET = 4.0
BASELINE = "bare_signed_in"
EMAIL = "bench.reader@example.org"

SESSION = f"""
from importlib import import_module
from django.conf import settings
from django.contrib.auth import get_user_model
user = get_user_model().objects.get(email="{EMAIL}")
store = import_module(settings.SESSION_ENGINE).SessionStore()
store["_auth_user_id"] = str(user.pk)
store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
store["_auth_user_hash"] = user.get_session_auth_hash()
store.create()
print("BENCH_COOKIE " + settings.SESSION_COOKIE_NAME + "=" + store.session_key)
"""


def run(ctx) -> dict:
    made = ctx.manage("seed_forum", "--email", EMAIL, "--replies", str(REPLIES))
    thread = next(x for x in made.stdout.splitlines() if x.startswith("THREAD ")).split()[1]
    signed_in = ctx.manage("shell", "-c", SESSION)
    cookie = next(x for x in signed_in.stdout.splitlines() if x.startswith("BENCH_COOKIE "))
    headers = {"Cookie": cookie.removeprefix("BENCH_COOKIE ")}
    path = f"/community/threads/{thread}/"
    last = path + "?page=last"
    for url in (path, last):
        status, _headers, body = ctx.request(url, headers=headers)
        if status != 200 or b"Page " not in body:
            raise RuntimeError(f"{url} answered {status} without its pages")
    load = ctx.load(path, headers=headers)
    latency = ctx.latency_vs_bare(path, headers=headers, bare_headers=headers)
    last_latency = ctx.latency_vs_bare(last, headers=headers, bare_headers=headers)
    p95 = latency["path"]["latency_ms"]["p95"]
    bare_p95 = latency["bare"]["latency_ms"]["p95"]
    return {
        "path": "/community/threads/<id>/",
        "load": load,
        "latency": latency,
        "last_page_latency": last_latency,
        "extra": {
            "target (p95 ratio to the signed-in bare view)": f"≤ {TARGET}",
            "replies": REPLIES,
            f"p95 at {latency['connections']} connections": f"{p95:.1f} ms (signed-in bare view {bare_p95:.1f} ms)",
            "p95 ratio to the signed-in bare view": latency["p95_ratio"],
            "meets target": latency["p95_ratio"] <= TARGET,
            "last page: p95 ratio to the signed-in bare view": last_latency["p95_ratio"],
        },
    }
