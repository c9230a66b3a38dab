"""One UPDATE written directly, for the few hot writes where building it through the ORM costs
more than the write itself (measured in bench/: the daily check-in).

Values are prepared by each field exactly as ``QuerySet.update()`` prepares them
(``get_db_prep_save``: encryption, decimals, dates), and the WHERE clause compares columns for
equality only. Database triggers fire as for any UPDATE. Anything more involved belongs to the
ORM.
"""

from __future__ import annotations

from django.db import connections, models, router


def update_where(model: type[models.Model], where: dict[str, object], values: dict[str, object]) -> int:
    """``UPDATE <table> SET <values> WHERE <where>`` (equality on each field); rows changed."""
    if not values or not where:
        raise ValueError("update_where needs values to set and fields to match")
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    meta = model._meta
    sets, params = [], []
    for name, value in values.items():
        field = meta.get_field(name)
        sets.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    conditions = []
    for name, value in where.items():
        field = meta.get_field(name)
        conditions.append(f"{quote(field.column)} = %s")
        params.append(field.get_db_prep_value(getattr(value, "pk", value), connection, prepared=False))
    sql = f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} WHERE {' AND '.join(conditions)}"  # noqa: S608 - names from the model
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount
