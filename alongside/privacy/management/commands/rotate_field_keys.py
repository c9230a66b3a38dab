"""Re-encrypt every encrypted field under the newest key, row by row, without downtime.

Put the new key first in ALONGSIDE_FIELD_KEYS (keep the old ones after it), restart the app,
then run this. Rows already under the newest key are skipped, so it can be stopped and run
again at any time (resumable). When it reports nothing left, drop the old keys.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from alongside.lib import crypto
from alongside.privacy.fields import REENCRYPTION_GUARDS, encrypted_fields


class Command(BaseCommand):
    help = "Re-encrypt encrypted fields under the newest key (resumable, online)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument("--dry-run", action="store_true", help="count rows still on old keys")

    def handle(self, *args, batch_size: int, dry_run: bool, **options) -> None:
        newest = Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode())
        total_rotated = 0
        for model, field in encrypted_fields():
            table = connection.ops.quote_name(model._meta.db_table)
            column = connection.ops.quote_name(field.column)  # type: ignore[arg-type]  # a concrete field has a column
            pk = connection.ops.quote_name(model._meta.pk.column)  # type: ignore[arg-type]  # every model has a pk column
            last = None
            rotated = 0
            while True:
                with connection.cursor() as cursor:
                    where = f"WHERE {pk} > %s" if last is not None else ""
                    cursor.execute(
                        f"SELECT {pk}, {column} FROM {table} {where} ORDER BY {pk} LIMIT %s",  # noqa: S608 (names quoted by Django)
                        [last, batch_size] if last is not None else [batch_size],
                    )
                    rows = cursor.fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                stale = [
                    (row_pk, value)
                    for row_pk, value in rows
                    if value and not _is_current(newest, value)
                ]
                if dry_run:
                    rotated += len(stale)
                    continue
                guard = REENCRYPTION_GUARDS.get(model, transaction.atomic)
                with guard(), connection.cursor() as cursor:
                    for row_pk, value in stale:
                        # Compare-and-set: a row written by the app meanwhile is already current.
                        cursor.execute(
                            f"UPDATE {table} SET {column} = %s WHERE {pk} = %s AND {column} = %s",  # noqa: S608
                            [crypto.rotate(value), row_pk, value],
                        )
                        rotated += cursor.rowcount
            total_rotated += rotated
            verb = "still on old keys" if dry_run else "re-encrypted"
            self.stdout.write(f"{model._meta.label}.{field.name}: {rotated} {verb}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Done: {total_rotated} values {'to rotate' if dry_run else 'rotated'}."
            )
        )


def _is_current(newest: Fernet, token: str) -> bool:
    try:
        newest.decrypt(token.encode())
    except InvalidToken:
        return False
    return True
