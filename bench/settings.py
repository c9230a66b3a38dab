"""Settings for benchmark runs only: the app's settings, the bench URLconf and a database of its own.

The benchmark writes rows (check-ins, searches seeded with data) and must never touch the
developer's demo database, so this module moves the data folder to ``data/bench`` before the
app's settings read it, and refuses a PostgreSQL database whose name does not say "bench".
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BENCH_DATA_DIR = Path(
    os.environ.setdefault(
        "ALONGSIDE_DATA_DIR", str(Path(__file__).resolve().parent.parent / "data" / "bench")
    )
).resolve()

from alongside.settings import *  # noqa: E402, F403
from alongside.settings import DATABASE_URL, DATABASES  # noqa: E402

ROOT_URLCONF = "bench.urls"

if DATABASE_URL:
    if "bench" not in str(DATABASES["default"].get("NAME", "")):
        raise ImproperlyConfigured(
            "bench.settings: DATABASE_URL names the database "
            f"{DATABASES['default'].get('NAME')!r}; benchmarks write to their database, so point "
            "DATABASE_URL at one whose name contains 'bench', e.g. "
            "postgres://postgres@127.0.0.1:5432/alongside_bench."
        )
else:
    # Same SQLite options as the app (WAL, IMMEDIATE), in the bench data folder.
    DATABASES = {
        "default": {
            **DATABASES["default"],
            "NAME": BENCH_DATA_DIR / "bench.sqlite3",
            "TEST": {"NAME": BENCH_DATA_DIR / "test.sqlite3"},
        }
    }
