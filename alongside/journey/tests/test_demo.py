"""The journey's demo rows: what the walkthrough shows, and safe to load twice."""

from __future__ import annotations

import pytest

from alongside.journey import demo
from alongside.journey.models import Attempt, CheckIn, Track
from alongside.privacy import policy
from alongside.privacy.models import Scope

pytestmark = pytest.mark.django_db


def test_demo_data_sets_up_the_walkthrough_and_loads_twice(cast) -> None:
    first = demo.populate(cast)
    second = demo.populate(cast)
    maya, jordan, sam = cast["member"].user, cast["member2"].user, cast["mentor"].user
    assert first and second == []
    assert Track.objects.filter(member=maya).count() == 2
    assert Attempt.objects.filter(member=maya, ended_on__isnull=False).count() == 1
    assert 35 <= CheckIn.objects.filter(member=maya).count() <= 45
    assert maya.triggers.count() == 4 and maya.support_contacts.exists()
    assert policy.decide(sam, maya, Scope.MILESTONES) and policy.decide(sam, maya, Scope.CHECK_INS)
    assert not policy.decide(cast["counselor"].user, maya, Scope.MILESTONES)
    moderation = Track.objects.get(member=jordan)
    assert (moderation.goal, moderation.daily_limit, moderation.weekly_limit) == (
        "moderation",
        3,
        10,
    )
