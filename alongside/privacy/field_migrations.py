"""Migration operations that move existing plain columns into encrypted ones.

Used by the data migrations that encrypted fields after they first shipped (journey 0004,
assessments 0002, meetings 0007). Migrations that have run depend on this module: change it
only in ways that keep what they did the same.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import migrations, models

BATCH = 500


def encrypt_columns(app_label: str, model_name: str, fields: dict[str, models.Field]) -> list[Any]:
    """Operations that encrypt `fields` of one model in place, keeping their names.

    Each plain column gains an encrypted twin (`<name>_encrypted`), every row is copied across
    through the ORM (so the field type does the encrypting), then the plain column is dropped
    and the twin takes its name. Reversing copies the decrypted values back into plain columns.
    """
    pairs = [(name, f"{name}_encrypted") for name in fields]
    operations: list[Any] = [
        migrations.AddField(model_name, twin, fields[name]) for name, twin in pairs
    ]
    operations.append(
        migrations.RunPython(
            copy_rows(app_label, model_name, pairs),
            copy_rows(app_label, model_name, [(twin, name) for name, twin in pairs]),
        )
    )
    for name, twin in pairs:
        operations += [
            migrations.RemoveField(model_name, name),
            migrations.RenameField(model_name, twin, name),
        ]
    return operations


def copy_rows(app_label: str, model_name: str, pairs: list[tuple[str, str]]) -> Callable[..., None]:
    """A RunPython function copying each (source, target) field of every row, in batches."""

    def run(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        rows = model._base_manager.using(schema_editor.connection.alias).order_by("pk")
        targets = [target for _source, target in pairs]
        batch = []
        for row in rows.iterator(chunk_size=BATCH):
            for source, target in pairs:
                setattr(row, target, getattr(row, source))
            batch.append(row)
            if len(batch) == BATCH:
                model._base_manager.using(schema_editor.connection.alias).bulk_update(
                    batch, targets
                )
                batch = []
        if batch:
            model._base_manager.using(schema_editor.connection.alias).bulk_update(batch, targets)

    return run
