from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from alongside.accounts.sensitive import Credential
from alongside.journey.models import CheckIn
from alongside.journey.services import record_check_in
from alongside.lib import crypto
from alongside.privacy import services
from alongside.privacy.fields import encrypted_fields
from alongside.privacy.models import ConsentGrant

pytestmark = pytest.mark.django_db


def raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY id")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def test_free_text_is_not_readable_in_the_raw_database(cast) -> None:
    member = cast["member"].user
    record_check_in(
        member=member, mood=2, craving=8, note="called my sponsor at 2am", gratitude="my sister"
    )
    services.grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=["check_ins"],
        purpose="relapse worries",
        credential=Credential.for_setup(member),
    )
    for table, column, secret in [
        ("journey_checkin", "note", "called my sponsor"),
        ("journey_checkin", "gratitude", "my sister"),
        ("privacy_consentgrant", "purpose", "relapse worries"),
    ]:
        values = raw(table, column)
        assert values and all(secret not in v for v in values)
        assert all(v.startswith("gAAAA") for v in values)  # Fernet tokens
    assert CheckIn.objects.get().note == "called my sponsor at 2am"


def test_every_sensitive_free_text_field_is_encrypted() -> None:
    fields = {f"{m._meta.label_lower}.{f.name}" for m, f in encrypted_fields()}
    assert {
        "journey.checkin.note",
        "journey.checkin.gratitude",
        "privacy.consentgrant.purpose",
        "privacy.dataexport.archive_json",
        "privacy.dataexport.summary_html",
    } <= fields


def test_key_rotation_reencrypts_every_row_and_keeps_it_readable(cast, settings) -> None:
    member = cast["member"].user
    record_check_in(member=member, mood=3, craving=4, note="old key note")
    services.grant_access(
        member=member,
        grantee_user=cast["mentor"].user,
        scopes=["milestones"],
        purpose="old key purpose",
        credential=Credential.for_setup(member),
    )
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_field_keys", verbosity=0)
    note = raw("journey_checkin", "note")[0]
    Fernet(new.encode()).decrypt(note.encode())  # now under the new key alone
    settings.FIELD_ENCRYPTION_KEYS = [new]  # old key retired
    assert CheckIn.objects.get().note == "old key note"
    assert ConsentGrant.objects.get().purpose == "old key purpose"


def test_rotation_can_be_stopped_and_run_again(cast, settings, capsys) -> None:
    member = cast["member"].user
    record_check_in(member=member, mood=3, craving=4, note="resumable")
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, *settings.FIELD_ENCRYPTION_KEYS]
    call_command("rotate_field_keys", "--batch-size", "1")
    capsys.readouterr()
    call_command("rotate_field_keys")
    assert "Done: 0 values rotated." in capsys.readouterr().out


def test_a_value_encrypted_under_an_old_key_still_reads_before_rotation(settings) -> None:
    token = crypto.encrypt("still here")
    settings.FIELD_ENCRYPTION_KEYS = [
        Fernet.generate_key().decode(),
        *settings.FIELD_ENCRYPTION_KEYS,
    ]
    assert crypto.decrypt(token) == "still here"
