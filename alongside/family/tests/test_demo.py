"""The family demo rows: what the walkthrough shows, and safe to load twice."""

from __future__ import annotations

import pytest

from alongside.family import demo, services
from alongside.family.models import Ally, CraftWorksheet, WellbeingCheckIn
from alongside.journey import demo as journey_demo
from alongside.privacy import policy
from alongside.privacy.models import Scope
from alongside.support.models import CircleMember

pytestmark = pytest.mark.django_db


def test_demo_data_makes_pat_mayas_ally_with_a_worksheet_and_a_check_in_and_loads_twice(
    cast,
) -> None:
    journey_demo.populate(cast)
    first = demo.populate(cast)
    second = demo.populate(cast)
    maya, pat = cast["member"].user, cast["ally"].user
    assert len(first) == 3 and second == []
    assert Ally.objects.active().filter(member=maya, person=pat).count() == 1
    assert policy.decide(pat, maya, Scope.MILESTONES)
    assert not policy.decide(pat, maya, Scope.CHECK_IN_SUMMARY)
    entry = CircleMember.objects.get(member=maya, person=pat)
    assert (entry.gets_hard_days, entry.gets_sos) == (True, False)
    assert CraftWorksheet.objects.filter(person=pat).count() == 1
    assert WellbeingCheckIn.objects.filter(person=pat).count() == 1
    assert services.progress(pat).done == 1
