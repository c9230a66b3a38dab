"""Per-member data versions kept by the database, for caches that must never be stale.

Two counters live on the member's user row, which every signed-in request loads anyway:

- ``home_version`` changes whenever anything the member's own cards on the home page show
  changes: tracks, attempts, use, check-ins, celebrations, congratulations, notifications,
  assessments taken and assessment schedules.
- ``setup_version`` changes when what the check-in form offers changes: tracks, triggers and
  coping strategies.

Database triggers bump them (``TRACKED`` below; created by journey migration 0003), so every
write path counts — forms, the API, management commands, the task worker, bulk updates, other
app servers — and no code has to remember to. A cache keyed by a version read from the user
row of the same request is therefore never served after the data changed (alongside/lib/
member_cache.py). ``User.save()`` never writes the counters back, so a stale instance cannot
roll them back.

SQLite rebuilds a table on some column changes, which drops its triggers; a migration that
alters one of these tables must call ``install`` again (as privacy migration 0003 does for its
own trigger). ``alongside/journey/tests/test_versions.py`` checks every trigger is present.
"""

from __future__ import annotations

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

TRACKED = (
    Tracked("journey_track", HOME + SETUP),
    Tracked("journey_attempt", HOME),
    Tracked("journey_useday", HOME),
    Tracked("journey_checkin", HOME),
    Tracked("journey_celebration", HOME),
    Tracked("journey_congratulation", HOME, "celebration_id", via="journey_celebration"),
    Tracked("notifications_inappnotification", HOME, "user_id"),
    Tracked("assessments_administration", HOME),
    Tracked("assessments_assessmentschedule", HOME),
    Tracked("journey_trigger", SETUP),
    Tracked("journey_copingstrategy", SETUP),
)


def _bump(tracked: Tracked, where: str) -> str:
    sets = ", ".join(f"{v} = {v} + 1" for v in tracked.versions)
    return f"UPDATE accounts_user SET {sets} WHERE id {where};"  # noqa: S608 - names from TRACKED


def sqlite_statements(tracked: Tracked) -> list[str]:
    name = tracked.name
    new, old = tracked.member_of("NEW"), tracked.member_of("OLD")
    return [
        f"DROP TRIGGER IF EXISTS {name}_ins", f"DROP TRIGGER IF EXISTS {name}_upd", f"DROP TRIGGER IF EXISTS {name}_del",
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
  IF TG_OP = 'INSERT' THEN {_bump(tracked, f'= {new}')}
  ELSIF TG_OP = 'UPDATE' THEN {_bump(tracked, f'IN ({new}, {old})')}
  ELSE {_bump(tracked, f'= {old}')}
  END IF;
  RETURN NULL;
END $$""",
        f"DROP TRIGGER IF EXISTS {name} ON {tracked.table}",
        f"CREATE TRIGGER {name} AFTER INSERT OR UPDATE OR DELETE ON {tracked.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def statements(vendor: str) -> list[str]:
    build = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}.get(vendor)
    if build is None:
        raise NotImplementedError(f"data-version triggers are written for SQLite and PostgreSQL, not {vendor}")
    return [sql for tracked in TRACKED for sql in build(tracked)]


def install(apps, schema_editor) -> None:
    """Create (or re-create) every trigger; a migration's RunPython."""
    for sql in statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)


def uninstall(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for tracked in TRACKED:
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
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_versions\\_%' ESCAPE '\\'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE '%\\_versions'")
        return {row[0] for row in cursor.fetchall()}


def expected_triggers(vendor: str) -> set[str]:
    if vendor == "sqlite":
        return {f"{t.name}_{s}" for t in TRACKED for s in ("ins", "upd", "del")}
    return {t.name for t in TRACKED}
