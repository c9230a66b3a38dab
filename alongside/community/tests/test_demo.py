"""The forum demo rows: what the walkthrough shows, and safe to load twice."""

from __future__ import annotations

import pytest

from alongside.community import demo, services
from alongside.community.models import PostStatus, Space
from alongside.meetings import demo as meetings_demo

pytestmark = pytest.mark.django_db


def test_demo_data_opens_riverbends_spaces_with_maya_in_her_groups_space_and_loads_twice(
    cast,
) -> None:
    meetings_demo.populate(cast)
    first = demo.populate(cast)
    second = demo.populate(cast)
    maya, lena = cast["member"].user, cast["peer_specialist"].user
    assert len(first) == 2 and second == []
    group_space = Space.objects.get(slug="riverbend-smart-group")
    assert services.can_see(maya, group_space)
    assert not services.can_see(cast["member2"].user, group_space)
    assert services.moderates(cast["facilitator"].user, group_space)
    waiting = [item.post for item in services.queue(lena)]
    assert [p.status for p in waiting] == [PostStatus.PENDING]
    assert waiting[0].author == cast["member2"].user
