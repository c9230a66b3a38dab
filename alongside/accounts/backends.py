"""Sign-in backends: Django's and allauth's, with the signed-in person's row read by one
prepared statement.

Every signed-in request loads its user by primary key. Django builds that query through the
ORM each time (about 300 µs of CPU here, more than the rest of a small page's database work);
the same SELECT, written once per database and read with the fields' own converters, costs a
fraction of that. The instance is the one the ORM would build (``Model.from_db``). Everything else — password
checks, permissions, allauth's e-mail login — is the parent classes', unchanged.
"""

from __future__ import annotations

from functools import lru_cache

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import connections, router
from django.db.models.expressions import Col

from alongside.accounts.models import User


@lru_cache(maxsize=4)
def _statement(alias: str) -> tuple[str, list[str], list[tuple[Col, list]]]:
    """The SELECT, the attribute names and each column's converters, for one database."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = list(User._meta.concrete_fields)
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"SELECT {columns} FROM {quote(User._meta.db_table)} WHERE {quote(User._meta.pk.column)} = %s"  # noqa: S608 - names from the model
    columns_read = [f.get_col(User._meta.db_table) for f in fields]
    converters = [
        (col, connection.ops.get_db_converters(col) + f.get_db_converters(connection))
        for f, col in zip(fields, columns_read, strict=True)
    ]
    return sql, [f.attname for f in fields], converters


def user_by_id(user_id: object) -> User | None:
    """The user with this primary key, or None; a model instance as the ORM would build it."""
    try:
        pk = User._meta.pk.to_python(user_id)
    except Exception:  # noqa: BLE001 - a tampered or stale session value: nobody
        return None
    alias = router.db_for_read(User)
    connection = connections[alias]
    sql, attnames, converters = _statement(alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, (col, functions) in zip(row, converters, strict=True):
        for convert in functions:
            value = convert(value, col, connection)
        values.append(value)
    return User.from_db(alias, attnames, values)


class FastUserMixin:
    def get_user(self, user_id):  # type: ignore[no-untyped-def]
        user = user_by_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(FastUserMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(FastUserMixin, AllauthBackend):
    pass
