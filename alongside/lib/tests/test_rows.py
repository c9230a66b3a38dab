"""update_where writes exactly what QuerySet.update() would: prepared values (encrypted text,
decimals, dates), equality on each matched field, and the number of rows changed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from alongside.journey.models import CheckIn
from alongside.lib.rows import update_where

pytestmark = pytest.mark.django_db


def test_it_updates_the_matching_row_with_prepared_values(member, mentor) -> None:
    today = member.local_today()
    mine = CheckIn.objects.create(member=member, on=today, mood=2, craving=5, gratitude="tea")
    other = CheckIn.objects.create(member=mentor, on=today, mood=3, craving=1, gratitude="rain")
    changed = update_where(CheckIn, {"member": member, "on": today},
                           {"mood": 4, "craving": 0, "sleep_hours": Decimal("7.5"), "gratitude": "the morning light"})
    assert changed == 1
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.mood, mine.craving, mine.sleep_hours, mine.gratitude) == (4, 0, Decimal("7.5"), "the morning light")
    assert (other.mood, other.gratitude) == (3, "rain")
    with connection.cursor() as cursor:  # stored encrypted, as the field stores it
        cursor.execute("SELECT gratitude FROM journey_checkin WHERE id = %s", [mine.pk])
        assert "morning" not in cursor.fetchone()[0]


def test_it_changes_nothing_when_nothing_matches(member) -> None:
    yesterday = member.local_today() - datetime.timedelta(days=1)
    assert update_where(CheckIn, {"member": member, "on": yesterday}, {"mood": 4}) == 0
    with pytest.raises(ValueError):
        update_where(CheckIn, {}, {"mood": 4})
