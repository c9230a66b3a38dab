"""Sign-in backends: Django's and allauth's, with the signed-in person's row read by one
prepared statement.

Every signed-in request loads its user by primary key. Django builds that query through the
ORM each time (about 300 µs of CPU here, more than the rest of a small page's database work);
the same SELECT written once costs about 130 µs (bench/results). Everything else — password
checks, permissions, allauth's e-mail login — is the parent classes', unchanged.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from alongside.accounts.models import User


def user_by_id(user_id: object) -> User | None:
    """The user with this primary key, or None."""
    try:
        pk = User._meta.pk.to_python(user_id)
    except Exception:  # noqa: BLE001 - a tampered or stale session value: nobody
        return None
    found = list(User.objects.raw(f"SELECT * FROM {User._meta.db_table} WHERE id = %s", [pk]))  # noqa: S608 - table name from the model
    return found[0] if found else None


class FastUserMixin:
    def get_user(self, user_id):  # type: ignore[no-untyped-def]
        user = user_by_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(FastUserMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(FastUserMixin, AllauthBackend):
    pass
