from __future__ import annotations

import pytest

from alongside.community.tests.forum import build_forum


@pytest.fixture
def forum(cast) -> dict:
    return build_forum(cast)
