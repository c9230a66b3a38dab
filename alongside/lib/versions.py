"""Per-member data versions kept by the database, for caches that must never be stale.

Two counters live on the member's user row, which every signed-in request loads anyway:

- ``home_version`` changes whenever anything the member's own cards on the home page show
  changes: tracks, attempts, use, check-ins, celebrations, congratulations, notifications,
  assessments taken, assessment schedules and tools suggested to the member.
- ``setup_version`` changes when what the check-in form offers changes: tracks, triggers and
  coping strategies.

Database triggers bump them (``TRACKED`` below), so every write path counts — forms, the API, management commands, the task worker, bulk updates, other
app servers — and no code has to remember to. A cache keyed by a version read from the user
row of the same request is therefore never served after the data changed (alongside/lib/
member_cache.py). ``User.save()`` never writes the counters back, so a stale instance cannot
roll them back.

Each migration that creates triggers names its tables itself, in a list written in the
migration (``Install((Tracked(...), ...))``), never read from ``TRACKED`` when it runs: a table
added to ``TRACKED`` later, with the migration that creates it, would not exist yet when an
earlier migration builds a fresh database. A table joins ``TRACKED`` together with a new
migration that installs its trigger; one leaves with a migration that runs ``Uninstall``.

SQLite rebuilds a table on some column changes, which drops its triggers; a migration that
alters one of these tables must install its triggers again, for exactly the tables it rebuilt
(as journey migration 0004 does). ``alongside/journey/tests/test_versions.py`` checks that the
migrations' lists add up to ``TRACKED`` and that a freshly built database has exactly their
triggers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

VERSION_FIELDS = ("home_version", "setup_version")


@dataclass(frozen=True)
class Tracked:
    table: str
    versions: tuple[str, ...]
    member_column: str = "member_id"
    via: str | None = None  # a table whose member_id the row's `member_column` points through

    def member_of(self, row: str) -> str:
        """SQL for the member id of NEW or OLD."""
        if self.via:
            return f"(SELECT member_id FROM {self.via} WHERE id = {row}.{self.member_column})"  # noqa: S608 - names from TRACKED
        return f"{row}.{self.member_column}"

    @property
    def name(self) -> str:
        return f"{self.table}_versions"


HOME = ("home_version",)
SETUP = ("setup_version",)

# The tables whose writes the versions count today: what the migrations have installed, in
# order (journey 0003, less the notifications journey 0005 took out, and journey 0009's). A change here comes with
# a migration that makes it; the tests hold the two together.
TRACKED = (
    Tracked("journey_track", HOME + SETUP),
    Tracked("journey_attempt", HOME),
    Tracked("journey_useday", HOME),
    Tracked("journey_checkin", HOME),
    Tracked("journey_celebration", HOME),
    Tracked("journey_congratulation", HOME, "celebration_id", via="journey_celebration"),
    Tracked("assessments_administration", HOME),
    Tracked("assessments_assessmentschedule", HOME),
    Tracked("journey_trigger", SETUP),
    Tracked("journey_copingstrategy", SETUP),
    Tracked("journey_toolsuggestion", HOME),
)


def _bump(tracked: Tracked, where: str) -> str:
    sets = ", ".join(f"{v} = {v} + 1" for v in tracked.versions)
    return f"UPDATE accounts_user SET {sets} WHERE id {where};"  # noqa: S608 - names from TRACKED


def sqlite_statements(tracked: Tracked) -> list[str]:
    name = tracked.name
    new, old = tracked.member_of("NEW"), tracked.member_of("OLD")
    return [
        f"DROP TRIGGER IF EXISTS {name}_ins",
        f"DROP TRIGGER IF EXISTS {name}_upd",
        f"DROP TRIGGER IF EXISTS {name}_del",
        f"CREATE TRIGGER {name}_ins AFTER INSERT ON {tracked.table} BEGIN {_bump(tracked, f'= {new}')} END",
        f"CREATE TRIGGER {name}_upd AFTER UPDATE ON {tracked.table} BEGIN {_bump(tracked, f'IN ({new}, {old})')} END",
        f"CREATE TRIGGER {name}_del AFTER DELETE ON {tracked.table} BEGIN {_bump(tracked, f'= {old}')} END",
    ]


def postgresql_statements(tracked: Tracked) -> list[str]:
    name = tracked.name
    new, old = tracked.member_of("NEW"), tracked.member_of("OLD")
    return [
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN {_bump(tracked, f"= {new}")}
  ELSIF TG_OP = 'UPDATE' THEN {_bump(tracked, f"IN ({new}, {old})")}
  ELSE {_bump(tracked, f"= {old}")}
  END IF;
  RETURN NULL;
END $$""",
        f"DROP TRIGGER IF EXISTS {name} ON {tracked.table}",
        f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {tracked.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def statements(vendor: str, tracked: Iterable[Tracked]) -> list[str]:
    build = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}.get(vendor)
    if build is None:
        raise NotImplementedError(
            f"data-version triggers are written for SQLite and PostgreSQL, not {vendor}"
        )
    return [sql for table in tracked for sql in build(table)]


@dataclass(frozen=True)
class Install:
    """A migration's RunPython: create (or re-create) the triggers of exactly these tables."""

    tracked: tuple[Tracked, ...]

    def __call__(self, apps, schema_editor) -> None:
        for sql in statements(schema_editor.connection.vendor, self.tracked):
            schema_editor.execute(sql)


@dataclass(frozen=True)
class Uninstall:
    """A migration's RunPython: drop the triggers of exactly these tables."""

    tracked: tuple[Tracked, ...]

    def __call__(self, apps, schema_editor) -> None:
        vendor = schema_editor.connection.vendor
        for tracked in self.tracked:
            if vendor == "sqlite":
                for suffix in ("ins", "upd", "del"):
                    schema_editor.execute(f"DROP TRIGGER IF EXISTS {tracked.name}_{suffix}")
            else:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {tracked.name} ON {tracked.table}")
                schema_editor.execute(f"DROP FUNCTION IF EXISTS {tracked.name}()")


def installed_triggers(connection) -> set[str]:
    """Names of the data-version triggers present in the database (for the tests)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_versions\\_%' ESCAPE '\\'"
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE '%\\_versions'"
            )
        return {row[0] for row in cursor.fetchall()}


def expected_triggers(vendor: str, tracked: Iterable[Tracked] = TRACKED) -> set[str]:
    if vendor == "sqlite":
        return {f"{t.name}_{s}" for t in tracked for s in ("ins", "upd", "del")}
    return {t.name for t in tracked}
