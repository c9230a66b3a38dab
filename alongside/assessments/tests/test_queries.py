"""List pages keep a constant number of queries as a member's history grows."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.accounts.sensitive import Credential
from alongside.assessments import services
from alongside.privacy.models import Scope
from alongside.privacy.services import grant_access

pytestmark = pytest.mark.django_db

PAGES = [
    "/home/",
    "/assessments/",
    "/assessments/trends/barc10/",
    "/assessments/members/{member}/",
    "/assessments/members/{member}/trends/bam/",
    "/assessments/members/{member}/schedules/",
]
BAM = {
    "1": 1,
    "2": 0,
    "3": 0,
    "4": 0,
    "6": 0,
    "8": 0,
    "9": 2,
    "10": 0,
    "11": 0,
    "12": 2,
    "13": 0,
    "14": "yes",
    "15": 0,
    "16": 0,
    "17": 2,
}


def add_history(member, start: int, count: int) -> None:
    for n in range(start, start + count):
        at = timezone.now() - datetime.timedelta(days=n)
        services.submit_administration(
            member=member,
            instrument="barc10",
            answers={str(i): 4 for i in range(1, 11)},
            taken_at=at,
        )
        services.submit_administration(member=member, instrument="bam", answers=BAM, taken_at=at)


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", PAGES)
def test_pages_do_not_grow_queries_with_history(cast, client_as, page) -> None:
    member = cast["member"].user
    services.set_schedule(
        member=member,
        instrument="bam",
        frequency="weekly",
        starts_on=member.local_today(),
        set_by=member,
    )
    grant_access(
        member=member,
        grantee_user=cast["counselor"].user,
        scopes=[Scope.ASSESSMENTS],
        purpose="care",
        credential=Credential.for_setup(member),
    )
    client = client_as("counselor" if "{member}" in page else "member")
    url = page.format(member=member.pk)
    client.get(url)  # warm: the navigation's unread-message count is kept in the cache
    add_history(member, 1, 2)
    few = queries(client, url)
    add_history(member, 10, 20)
    assert queries(client, url) == few
