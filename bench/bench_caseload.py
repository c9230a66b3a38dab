"""A peer specialist's caseload table with 200 participants, each with a year of data (target:
p95 latency at most 4× the signed-in bare view's, requested with the same session cookie). Its
query count is held constant by alongside/caseload/tests/test_caseload.py (5 and 50 people)."""

from __future__ import annotations

TITLE = "Caseload table, 200 participants with a year of data"
DESCRIPTION = (
    "`GET /caseload/` as a peer specialist (two-step verification on) with 200 participants who "
    "share their check-ins, assessments, attendance and plans with her, each with a year of data: "
    "check-ins on most days, a meeting a week, an engagement a week, follow-ups, a BARC-10 every "
    "90 days and an intake. Also measured: the gone-quiet view sorted by last contact. "
    "Target: p95 at most 4× the signed-in bare view's (the same session cookie)."
)
PATH = "/caseload/"
QUIET_PATH = "/caseload/?show=quiet&sort=last_contact"
PEOPLE = 200
TARGET = 4.0
BASELINE = "bare_signed_in"
EMAIL = "bench.specialist@example.org"

# A session for the specialist, stored as signing in stores one: the sign-in form itself (with
# its authenticator code) is not what is measured here.
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
    ctx.manage("seed_caseload", "--email", EMAIL, "--people", str(PEOPLE), "--days", "365")
    made = ctx.manage("shell", "-c", SESSION)
    cookie = next(x for x in made.stdout.splitlines() if x.startswith("BENCH_COOKIE "))
    headers = {"Cookie": cookie.removeprefix("BENCH_COOKIE ")}
    for path, expected in ((PATH, f"{PEOPLE} people".encode()), (QUIET_PATH, b"gone quiet")):
        status, _headers, body = ctx.request(path, headers=headers)
        if status != 200 or expected not in body:
            raise RuntimeError(f"{path} answered {status} without {expected!r}")
    load = ctx.load(PATH, headers=headers)
    latency = ctx.latency_vs_bare(PATH, headers=headers, bare_headers=headers)
    quiet = ctx.latency_vs_bare(QUIET_PATH, headers=headers, bare_headers=headers)
    p95 = latency["path"]["latency_ms"]["p95"]
    bare_p95 = latency["bare"]["latency_ms"]["p95"]
    return {
        "path": PATH,
        "load": load,
        "latency": latency,
        "quiet_latency": quiet,
        "extra": {
            "target (p95 ratio to the signed-in bare view)": f"≤ {TARGET}",
            "participants": PEOPLE,
            "days of data each": 365,
            f"p95 at {latency['connections']} connections": f"{p95:.1f} ms (signed-in bare view {bare_p95:.1f} ms)",
            "p95 ratio to the signed-in bare view": latency["p95_ratio"],
            "meets target": latency["p95_ratio"] <= TARGET,
            f"gone-quiet view, p95 at {quiet['connections']} connections": f"{quiet['path']['latency_ms']['p95']:.1f} ms",
            "gone-quiet view: p95 ratio to the signed-in bare view": quiet["p95_ratio"],
        },
    }
