"""The sign-in backends read the user and the session with prepared statements: the results
must be exactly what Django's own code returns."""

from __future__ import annotations

import pytest
from django.contrib.sessions.backends.db import SessionStore as DjangoStore

from alongside.accounts.backends import user_by_id
from alongside.accounts.models import User
from alongside.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_user_read_by_id_equals_the_orms(member) -> None:
    member.pathways = ["smart", "na"]
    member.save()
    ours, orm = user_by_id(member.pk), User.objects.get(pk=member.pk)
    for field in User._meta.concrete_fields:
        assert getattr(ours, field.attname) == getattr(orm, field.attname), field.name
    assert not ours._state.adding and ours._state.db == "default"
    assert user_by_id(str(member.pk)).pk == member.pk  # as the session stores it


def test_no_user_for_a_missing_or_garbled_id(member) -> None:
    assert user_by_id(member.pk + 1000) is None
    assert user_by_id("not-a-number") is None


def test_the_session_read_equals_djangos_and_expired_ones_are_empty() -> None:
    session = SessionStore()
    session["answer"] = 42
    session.create()
    assert SessionStore(session.session_key).load() == DjangoStore(session.session_key).load() == {"answer": 42}
    session.set_expiry(-1)
    session.save()
    expired = SessionStore(session.session_key)
    assert expired.load() == {} and expired.session_key is None
    assert SessionStore("no-such-session-key-at-all").load() == {}
