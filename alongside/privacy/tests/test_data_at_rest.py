"""Data at rest: every personal value the issue named is a Fernet token in the database, written
through the real pages and API and read back in plain words by its owner; keys rotate over
them; the data folder and database files are private; SQLite overwrites deleted content and
erasure leaves nothing in the write-ahead log."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection

from alongside.accounts.sensitive import Credential
from alongside.journey import services as journey
from alongside.journey.models import Track
from alongside.lib import crypto
from alongside.privacy.fields import encrypted_fields
from alongside.privacy.services import grant_access

pytestmark = pytest.mark.django_db

# table → columns encrypted since the first release: track names (and units), congratulations,
# assessment answers, results and correction reasons, meeting-preference places (and the needs
# and "people like me" groups beside them)
NEW_COLUMNS = {
    "journey_track": ["name", "unit"],
    "journey_congratulation": ["message"],
    "assessments_administration": ["answers", "result", "correction_reason"],
    "meetings_meetingpreference": ["near", "latitude", "longitude", "needs", "demographics"],
}


def raw(table: str, column: str) -> list[str]:
    """The column as stored, read past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY id")  # noqa: S608 - names from NEW_COLUMNS
        return [row[0] for row in cursor.fetchall()]


def assert_ciphertext(table: str, column: str, *plain: str) -> None:
    # Blank and NULL stay as they are (they say only "nothing here"); every value is a token.
    values = [value for value in raw(table, column) if value not in (None, "")]
    assert values, f"{table}.{column} has no values"
    for value in values:
        assert isinstance(value, str) and value.startswith("gAAAA"), (
            f"{table}.{column} holds {value!r}"
        )
        crypto.decrypt(value)  # a token under the app's keys, not just text that looks like one
        for secret in plain:
            assert secret not in value


def post_json(client, url: str, data: dict):
    return client.post(url, data, content_type="application/json")


def write_everything(cast, client_as) -> dict[str, str]:
    """Each new encrypted field written through a page or the API; returns the plain words."""
    member = cast["member"].user
    words = {
        "page_track": "Kratom after surgery",
        "api_track": "Ketamine weekends",
        "congratulation": "Ninety mornings, so proud",
        "reason": "I tapped seven, meant eight",
        "near": "60201",
    }
    client = client_as("member")
    thirty_days_ago = (member.local_today() - datetime.timedelta(days=30)).isoformat()
    response = client.post(
        "/journey/tracks/new/",
        {
            "kind": "substance",
            "name": words["page_track"],
            "goal": "abstinence",
            "sobriety_on": thirty_days_ago,
            "date_meaning": "last_use",
        },
    )
    assert response.status_code == 302
    assert (
        post_json(
            client,
            "/api/v1/tracks",
            {
                "kind": "behaviour",
                "goal": "abstinence",
                "name": words["api_track"],
                "sobriety_on": thirty_days_ago,
            },
        ).status_code
        == 201
    )
    celebration = journey.sync_celebrations(member=member)[0]
    grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=["milestones"],
        purpose="sponsor",
        credential=Credential.for_setup(member),
    )
    response = client_as("mentor").post(
        f"/journey/celebrations/{celebration.pk}/", {"message": words["congratulation"]}
    )
    assert response.status_code == 302
    first = post_json(
        client, "/api/v1/assessments", {"instrument": "readiness", "answers": {"readiness": 7}}
    ).json()
    response = client.post(
        f"/assessments/results/{first['id']}/correct/",
        {"item_readiness": "8", "correction_reason": words["reason"]},
    )
    assert response.status_code == 302
    response = client.post(
        "/meetings/preferences/",
        {
            "near": words["near"],
            "max_distance_km": "10",
            "online_ok": "on",
            "needs": ["X"],
            "demographics": ["LGBTQ"],
        },
    )
    assert response.status_code == 302
    return words | {"celebration": str(celebration.pk), "first": str(first["id"])}


def test_each_named_field_is_ciphertext_in_the_database_and_plain_to_its_owner(
    cast, client_as
) -> None:
    words = write_everything(cast, client_as)
    assert_ciphertext("journey_track", "name", words["page_track"], words["api_track"])
    assert_ciphertext("journey_track", "unit", "drinks")
    assert_ciphertext("journey_congratulation", "message", words["congratulation"])
    assert_ciphertext("assessments_administration", "answers", "readiness")
    assert_ciphertext("assessments_administration", "result", "readiness", "total")
    assert_ciphertext("assessments_administration", "correction_reason", words["reason"])
    for column in ("near", "latitude", "longitude"):
        assert_ciphertext("meetings_meetingpreference", column, words["near"], "42.0", "-87.")
    assert_ciphertext("meetings_meetingpreference", "needs", '"X"')
    assert_ciphertext("meetings_meetingpreference", "demographics", "LGBTQ")

    # The owner reads it all in plain words, on pages and through the API.
    client = client_as("member")
    track = Track.objects.get(member=cast["member"].user, kind="substance")
    assert words["page_track"] in client.get(f"/journey/tracks/{track.pk}/").content.decode()
    assert {t["name"] for t in client.get("/api/v1/tracks").json()} >= {
        words["page_track"],
        words["api_track"],
    }
    assert (
        words["congratulation"]
        in client.get(f"/journey/celebrations/{words['celebration']}/").content.decode()
    )
    results = client.get("/api/v1/assessments").json()
    correction = next(r for r in results if r["corrects_id"] == int(words["first"]))
    assert correction["correction_reason"] == words["reason"]
    assert correction["answers"] == {"readiness": 8} and correction["result"]["total"] == 8
    assert (
        words["reason"] in client.get(f"/assessments/results/{correction['id']}/").content.decode()
    )
    trend = client.get("/api/v1/assessments/trends/readiness").json()
    assert [p["value"] for s in trend["series"] for p in s["points"]] == [
        8
    ]  # the correction replaced 7
    assert client.get("/assessments/trends/readiness/").status_code == 200
    preferences = client.get("/meetings/preferences/").content.decode()
    assert f'value="{words["near"]}"' in preferences
    assert re.search(r'value="LGBTQ" id="[^"]+" checked', preferences)
    assert re.search(r'value="X" id="[^"]+" checked', preferences)
    assert client.get("/meetings/recommended/").status_code == 200


def test_every_named_field_is_among_the_encrypted_fields() -> None:
    found = {(m._meta.db_table, f.column) for m, f in encrypted_fields()}
    assert {
        (table, column) for table, columns in NEW_COLUMNS.items() for column in columns
    } <= found


def test_key_rotation_reencrypts_the_named_fields_and_they_still_read(
    cast, client_as, settings
) -> None:
    words = write_everything(cast, client_as)
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_field_keys", verbosity=0)
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key retired: everything must read without it
    for table, columns in NEW_COLUMNS.items():
        for column in columns:
            for value in raw(table, column):
                if value:
                    Fernet(new.encode()).decrypt(value.encode())
    client = client_as("member")
    assert {t["name"] for t in client.get("/api/v1/tracks").json()} >= {
        words["page_track"],
        words["api_track"],
    }
    assert (
        words["congratulation"]
        in client.get(f"/journey/celebrations/{words['celebration']}/").content.decode()
    )
    assert words["reason"] in {
        r["correction_reason"] for r in client.get("/api/v1/assessments").json()
    }
    assert f'value="{words["near"]}"' in client.get("/meetings/preferences/").content.decode()


# ------------------------------------------------------------------------------------------
# The data folder and SQLite


START_AND_WRITE = """
import json, os, stat
import django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as cursor:  # a first write: SQLite now has its -wal and -shm files
    cursor.execute("CREATE TABLE probe (x)")
    cursor.execute("INSERT INTO probe VALUES (1)")
names = ["", "alongside.sqlite3", "alongside.sqlite3-wal", "alongside.sqlite3-shm", "secret_key", "field_keys"]
print(json.dumps({name: stat.S_IMODE(os.stat(settings.DATA_DIR / name).st_mode) for name in names}))
"""

EXPECTED_MODES = {
    "": 0o700,
    "alongside.sqlite3": 0o600,
    "alongside.sqlite3-wal": 0o600,
    "alongside.sqlite3-shm": 0o600,
    "secret_key": 0o600,
    "field_keys": 0o600,
}


def start_app(data_dir: Path) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"ALONGSIDE_SECRET_KEY", "ALONGSIDE_FIELD_KEYS", "DATABASE_URL"}
    }
    env |= {
        "ALONGSIDE_DATA_DIR": str(data_dir),
        "ALONGSIDE_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "alongside.settings",
    }
    return subprocess.run(
        [sys.executable, "-c", START_AND_WRITE],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_a_new_data_folder_is_created_private_with_private_files(tmp_path) -> None:
    started = start_app(tmp_path / "fresh" / "data")
    assert json.loads(started.stdout) == EXPECTED_MODES
    assert "Tightened" not in started.stderr  # nothing was loose


def test_an_existing_loose_data_folder_and_its_files_are_tightened_and_the_log_says_so(
    tmp_path,
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    data_dir.chmod(0o755)
    (data_dir / "secret_key").write_text("k" * 64)
    (data_dir / "field_keys").write_text(Fernet.generate_key().decode())
    (data_dir / "alongside.sqlite3").touch()
    for name in ("secret_key", "field_keys", "alongside.sqlite3"):
        (data_dir / name).chmod(0o644)
    started = start_app(data_dir)
    assert json.loads(started.stdout) == EXPECTED_MODES
    assert f"Tightened {data_dir} from 755 to 700" in started.stderr
    assert f"Tightened {data_dir / 'secret_key'} from 644 to 600" in started.stderr
    assert f"Tightened {data_dir / 'alongside.sqlite3'} from 644 to 600" in started.stderr


def test_sqlite_overwrites_deleted_content() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("secure_delete is SQLite's; PostgreSQL keeps no free pages in a file we ship")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1
    # Some builds (Debian's) default to it; the app asks for it on every connection, so builds
    # that do not get it as well.
    assert "PRAGMA secure_delete=ON" in connection.settings_dict["OPTIONS"]["init_command"]


@pytest.mark.django_db(transaction=True)
def test_erasure_leaves_the_members_words_in_neither_the_write_ahead_log_nor_the_database_file(
    cast, client_as
) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the -wal file is SQLite's")
    mark = uuid.uuid4().hex[:10]
    handle, email = f"Heron{mark}", f"heron-{mark}@example.org"
    entry, track = f"lantern-{mark} by the river", f"Nightcaps{mark}"
    client = client_as("member", reauthenticated=True)
    # A handle and a second email address are stored in plain words (peers see the handle; the
    # address is how one signs in); the journal entry and the track are encrypted.
    response = client.post(
        "/account/profile/",
        {
            "first_name": "Maya",
            "last_name": "Okafor",
            "handle": handle,
            "pronouns": "she/her",
            "time_zone": "America/Chicago",
            "language": "en",
            "country": "US",
            "pathways": ["na"],
        },
    )
    assert response.status_code == 302
    assert client.post("/accounts/email/", {"action_add": "", "email": email}).status_code == 302
    client.post(
        "/journey/journal/new/",
        {"written_on": cast["member"].user.local_today().isoformat(), "title": "", "body": entry},
    )
    client.post(
        "/journey/tracks/new/",
        {
            "kind": "substance",
            "name": track,
            "goal": "abstinence",
            "sobriety_on": "2025-01-01",
            "date_meaning": "last_use",
        },
    )
    database = Path(connection.settings_dict["NAME"])
    wal = database.with_name(database.name + "-wal")
    assert (
        handle.encode() in wal.read_bytes() and email.encode() in wal.read_bytes()
    )  # there to find

    response = client.post("/privacy/delete-account/", {"confirm": "delete my account"})

    assert response["Location"] == "/privacy/account-deleted/"
    for words in (handle, email, entry, track):
        assert words.encode() not in wal.read_bytes(), f"{words!r} lingers in the write-ahead log"
        assert words.encode() not in database.read_bytes(), (
            f"{words!r} lingers in the database file"
        )
