"""`notify_many`: a batch of notices (a minute's check-in reminders) stored and routed exactly as
`notify()` would one by one, in a few queries, and never twice however often it runs."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alongside.notifications import delivery, services
from alongside.notifications.consumers import user_group
from alongside.notifications.models import Delivery, InAppNotification
from alongside.notifications.services import NewNotice
from alongside.notifications.tests.pushservice import Browser
from alongside.testing.factories import UserFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
JAN_LATE_EVENING = datetime.datetime(2026, 1, 15, 5, 30, tzinfo=UTC)  # 23:30 in Chicago


@pytest.fixture
def people(member, member2, mentor, ally) -> list:
    """Four people with four different sets of choices."""
    services.set_delivery_preferences(
        user=member, email_enabled=True, email_digest=False, digest_hour=18, kinds={}
    )
    services.set_quiet_hours(
        user=member, quiet_from=datetime.time(22, 0), quiet_until=datetime.time(7, 0)
    )
    services.set_delivery_preferences(
        user=member2, email_enabled=True, email_digest=True, digest_hour=18, kinds={}
    )
    services.set_delivery_preferences(
        user=mentor,
        email_enabled=True,
        email_digest=False,
        digest_hour=18,
        kinds={"reminders": {"email": False, "push": False}},
    )
    for person in (member, member2, mentor, ally):
        browser = Browser()
        services.subscribe_device(
            user=person,
            endpoint=f"https://push.example.org/{person.pk}",
            p256dh=browser.p256dh,
            auth=browser.auth,
        )
    return [member, member2, mentor, ally]


def planned(user, key: str) -> set[tuple]:
    rows = Delivery.objects.filter(user=user, notice__dedupe_key=key)
    return {(r.channel, r.in_digest, r.not_before, r.is_urgent, r.subscription_id) for r in rows}


@pytest.mark.parametrize("email", [None, True, False])
def test_a_batch_is_routed_exactly_as_one_notice_at_a_time(people, email) -> None:
    with time_machine.travel(JAN_LATE_EVENING, tick=False):
        for person in people:
            services.notify(
                user=person,
                kind="check_in_reminder",
                title="Check in",
                dedupe_key="one",
                email=email,
            )
        created = services.notify_many(
            [
                NewNotice(
                    user=person,
                    kind="check_in_reminder",
                    title="Check in",
                    dedupe_key="batch",
                    email=email,
                )
                for person in people
            ]
        )
    assert sorted(n.user_id for n in created) == sorted(p.pk for p in people)
    assert Delivery.objects.filter(notice__dedupe_key="batch").exists()
    for person in people:
        assert planned(person, "batch") == planned(person, "one"), person


def test_a_batch_run_again_stores_and_queues_nothing_more(people) -> None:
    services.notify(user=people[0], kind="check_in_reminder", title="Check in", dedupe_key="day")
    batch = [
        NewNotice(user=p, kind="check_in_reminder", title="Check in", dedupe_key="day")
        for p in people
    ]
    first = services.notify_many(batch)
    rows = Delivery.objects.count()
    again = services.notify_many(batch)
    assert sorted(n.user_id for n in first) == sorted(p.pk for p in people[1:])
    assert again == []
    assert InAppNotification.objects.filter(dedupe_key="day").count() == len(people)
    assert Delivery.objects.count() == rows


def test_a_batch_costs_the_same_queries_for_three_people_as_for_twelve() -> None:
    queries = []
    for count in (3, 12):
        batch = [
            NewNotice(user=u, kind="check_in_reminder", title="Check in", dedupe_key="day")
            for u in UserFactory.create_batch(count)
        ]
        with CaptureQueriesContext(connection) as captured:
            assert len(services.notify_many(batch)) == count
        queries.append(len(captured))
    assert queries[0] == queries[1]


def test_a_batch_notice_without_a_dedupe_key_is_refused(member) -> None:
    with pytest.raises(ValueError, match="dedupe_key"):
        services.notify_many([NewNotice(user=member, kind="milestone", title="Hi", dedupe_key="")])
    assert not InAppNotification.objects.exists()


def test_plan_deliveries_of_nothing_costs_nothing() -> None:
    with CaptureQueriesContext(connection) as captured:
        assert delivery.plan_deliveries([]) == []
    assert len(captured) == 0


def test_each_persons_open_tabs_hear_of_their_own_notice(
    member, member2, django_capture_on_commit_callbacks
) -> None:
    layer = get_channel_layer()
    tabs = {}
    for person in (member, member2):
        tabs[person.pk] = async_to_sync(layer.new_channel)()
        async_to_sync(layer.group_add)(user_group(person.pk), tabs[person.pk])
    with django_capture_on_commit_callbacks(execute=True):
        created = services.notify_many(
            [
                NewNotice(user=p, kind="check_in_reminder", title="Check in", dedupe_key="day")
                for p in (member, member2)
            ]
        )
    for notice in created:
        message = async_to_sync(layer.receive)(tabs[notice.user_id])
        assert message["payload"]["id"] == notice.pk and message["payload"]["title"] == "Check in"
