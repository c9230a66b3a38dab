"""The daily check-in reminder, sent by the task worker at the member's local time: once a day
at most, not when the check-in is done, never during quiet hours."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from alongside.accounts.models import User
from alongside.journey import services
from alongside.journey.models import Celebration, CheckInReminder
from alongside.journey.services import reminders
from alongside.journey.tasks import send_due_check_in_reminders
from alongside.notifications import services as notifications
from alongside.notifications.models import Delivery, InAppNotification
from alongside.notifications.services import set_quiet_hours
from alongside.testing.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

UTC = datetime.UTC
# Chicago is UTC-5 in March after the change to daylight time (9 March 2025).
MORNING = datetime.datetime(2025, 3, 10, 14, 0, tzinfo=UTC)  # 09:00 in Chicago
AFTER_EIGHT_PM = datetime.datetime(2025, 3, 11, 1, 5, tzinfo=UTC)  # 20:05 in Chicago, 10 March


def run_worker() -> None:
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def reminders_for(user) -> list[InAppNotification]:
    return list(InAppNotification.objects.filter(user=user, kind="check_in_reminder"))


def test_the_reminder_comes_at_the_members_local_time_in_app_and_by_email_once(member) -> None:
    with time_machine.travel(MORNING, tick=False):
        services.set_check_in_reminder(
            member=member, is_enabled=True, at=datetime.time(20, 0), by_email=True
        )
        run_worker()
        assert reminders_for(member) == []  # not yet
    with time_machine.travel(AFTER_EIGHT_PM, tick=False):
        run_worker()
        run_worker()
    notices = reminders_for(member)
    assert len(notices) == 1 and notices[0].url == "/journey/check-in/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["maya@example.org"]
    assert "under a minute" in mail.outbox[0].body


def test_the_next_days_reminder_is_queued_once_and_comes_the_next_evening(member) -> None:
    with time_machine.travel(MORNING, tick=False):
        services.set_check_in_reminder(member=member, is_enabled=True, at=datetime.time(20, 0))
    with time_machine.travel(AFTER_EIGHT_PM, tick=False):
        run_worker()
    with time_machine.travel(AFTER_EIGHT_PM + datetime.timedelta(days=1), tick=False):
        run_worker()
    assert sorted(n.dedupe_key for n in reminders_for(member)) == [
        "check-in-reminder:2025-03-10",
        "check-in-reminder:2025-03-11",
    ]


def test_a_minute_run_repeated_for_the_same_day_never_notifies_twice(member) -> None:
    with time_machine.travel(MORNING, tick=False):
        reminder = services.set_check_in_reminder(
            member=member, is_enabled=True, at=datetime.time(20, 0), by_email=True
        )
    due_at = reminder.next_due_at
    with time_machine.travel(AFTER_EIGHT_PM, tick=False):
        first = reminders.send_due_reminders()
        # As if the run were redone from the start: the reminder is due again for that day.
        CheckInReminder.objects.filter(pk=reminder.pk).update(next_due_at=due_at)
        again = reminders.send_due_reminders()
    assert (first, again) == ({"sent": 1}, {"already_sent": 1})
    assert len(reminders_for(member)) == 1
    assert Delivery.objects.filter(user=member).count() == 1  # the e-mail, once


def test_no_reminder_once_the_check_in_is_done(member) -> None:
    with time_machine.travel(MORNING, tick=False):
        services.set_check_in_reminder(member=member, is_enabled=True, at=datetime.time(20, 0))
        services.record_check_in(member=member, mood=4, craving=1)
    with time_machine.travel(AFTER_EIGHT_PM, tick=False):
        run_worker()
    assert reminders_for(member) == []


def test_quiet_hours_hold_the_reminder_until_they_end(member) -> None:
    with time_machine.travel(MORNING, tick=False):
        services.set_check_in_reminder(member=member, is_enabled=True, at=datetime.time(20, 0))
        set_quiet_hours(
            user=member, quiet_from=datetime.time(19, 30), quiet_until=datetime.time(21, 0)
        )
    with time_machine.travel(AFTER_EIGHT_PM, tick=False):
        run_worker()
        assert reminders_for(member) == []
    with time_machine.travel(
        datetime.datetime(2025, 3, 11, 2, 1, tzinfo=UTC), tick=False
    ):  # 21:01 in Chicago
        run_worker()
    assert len(reminders_for(member)) == 1


def test_quiet_hours_past_midnight_skip_that_days_reminder(member) -> None:
    with time_machine.travel(MORNING, tick=False):
        reminder = services.set_check_in_reminder(
            member=member, is_enabled=True, at=datetime.time(20, 0)
        )
        set_quiet_hours(
            user=member, quiet_from=datetime.time(19, 0), quiet_until=datetime.time(7, 0)
        )
    with time_machine.travel(AFTER_EIGHT_PM, tick=False):
        outcome = reminders.send_due_reminders()
    reminder.refresh_from_db()
    assert outcome == {"quiet": 1} and reminders_for(member) == []
    # Tomorrow's comes at 20:00 in Chicago as usual.
    assert reminder.next_due_at == AFTER_EIGHT_PM.replace(minute=0) + datetime.timedelta(days=1)


def test_changing_the_time_stands_down_the_reminder_queued_before(member) -> None:
    with time_machine.travel(MORNING, tick=False):
        services.set_check_in_reminder(member=member, is_enabled=True, at=datetime.time(20, 0))
        services.set_check_in_reminder(member=member, is_enabled=True, at=datetime.time(21, 30))
    with time_machine.travel(AFTER_EIGHT_PM, tick=False):
        run_worker()
        assert reminders_for(member) == []
    with time_machine.travel(
        datetime.datetime(2025, 3, 11, 2, 35, tzinfo=UTC), tick=False
    ):  # 21:35
        run_worker()
    assert len(reminders_for(member)) == 1


def test_a_turned_off_reminder_sends_nothing(member) -> None:
    with time_machine.travel(MORNING, tick=False):
        services.set_check_in_reminder(member=member, is_enabled=True, at=datetime.time(20, 0))
        services.set_check_in_reminder(member=member, is_enabled=False)
    with time_machine.travel(AFTER_EIGHT_PM, tick=False):
        run_worker()
    assert reminders_for(member) == []


def test_the_reminders_page_saves_time_email_and_quiet_hours(client_as, member) -> None:
    client = client_as("member")
    bad = client.post(
        "/journey/reminders/", {"is_enabled": "on", "quiet_from": "22:00"}
    ).content.decode()
    assert "Choose the time of day" in bad and "need both a start and an end" in bad
    client.post(
        "/journey/reminders/",
        {
            "is_enabled": "on",
            "at": "19:15",
            "by_email": "on",
            "quiet_from": "22:00",
            "quiet_until": "07:00",
        },
    )
    body = client.get("/api/v1/reminders/check-in").json()
    assert body == {
        "is_enabled": True,
        "at": "19:15:00",
        "by_email": True,
        "quiet_from": "22:00:00",
        "quiet_until": "07:00:00",
        "time_zone": "America/Chicago",
    }


def minute_runs_waiting() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY,
            task_path=send_due_check_in_reminders.module_path,
        )
    )


def test_exactly_one_minute_run_waits_whatever_is_saved_and_sent(member, member2) -> None:
    with time_machine.travel(MORNING, tick=False):
        services.set_check_in_reminder(member=member, is_enabled=True, at=datetime.time(20, 0))
        services.set_check_in_reminder(member=member, is_enabled=True, at=datetime.time(20, 1))
        services.set_check_in_reminder(member=member2, is_enabled=True, at=datetime.time(20, 0))
        waiting = minute_runs_waiting()
        assert [w.run_after for w in waiting] == [MORNING + datetime.timedelta(minutes=1)]
    with time_machine.travel(AFTER_EIGHT_PM, tick=False):
        run_worker()
        waiting = minute_runs_waiting()
    assert [w.run_after for w in waiting] == [AFTER_EIGHT_PM + datetime.timedelta(minutes=1)]
    assert len(reminders_for(member)) == 1


def test_a_second_minute_run_queued_by_a_race_is_withdrawn_by_the_first(member) -> None:
    with time_machine.travel(MORNING, tick=False):
        services.set_check_in_reminder(member=member, is_enabled=True, at=datetime.time(20, 0))
        # Two workers checking the queue at the same instant could each queue one.
        send_due_check_in_reminders.using(
            run_after=MORNING + datetime.timedelta(minutes=1)
        ).enqueue(due_at_iso=MORNING.isoformat())
        assert len(minute_runs_waiting()) == 2
    with time_machine.travel(AFTER_EIGHT_PM, tick=False):
        run_worker()
        assert len(minute_runs_waiting()) == 1
    assert len(reminders_for(member)) == 1


@pytest.mark.parametrize(
    ("zone", "at", "now", "due"),
    [
        # Chicago moves to daylight time on 9 March 2025: 20:00 is 01:00 UTC, not 02:00.
        ("America/Chicago", "20:00", "2025-03-09T02:30Z", "2025-03-10T01:00Z"),
        # ... and back on 2 November: 20:00 is 02:00 UTC again.
        ("America/Chicago", "20:00", "2025-11-02T01:30Z", "2025-11-03T02:00Z"),
        # 02:30 does not exist on 9 March: the clock's 03:30 (08:30 UTC) stands in, even when
        # the reminder is set at 03:10 that morning.
        ("America/Chicago", "02:30", "2025-03-08T18:00Z", "2025-03-09T08:30Z"),
        ("America/Chicago", "02:30", "2025-03-09T08:10Z", "2025-03-09T08:30Z"),
        # Berlin on its own change date (30 March 2025), an hour after the minute passed.
        ("Europe/Berlin", "07:00", "2025-03-29T07:00Z", "2025-03-30T05:00Z"),
        ("Asia/Kolkata", "21:15", "2025-06-01T15:44Z", "2025-06-01T15:45Z"),
        ("Asia/Kolkata", "21:15", "2025-06-01T15:45Z", "2025-06-02T15:45Z"),
    ],
)
def test_the_next_due_moment_is_the_local_time_in_the_members_zone(zone, at, now, due) -> None:
    member = User(time_zone=zone)
    reminder = CheckInReminder(member=member, at=datetime.time.fromisoformat(at))
    moment = reminders.next_due(member, reminder, datetime.datetime.fromisoformat(now))
    assert moment == datetime.datetime.fromisoformat(due) and moment.tzinfo == UTC


def members_with_reminders_due(count: int, at: datetime.time) -> list[User]:
    members = UserFactory.create_batch(count)
    with time_machine.travel(MORNING, tick=False):
        for member in members:
            services.set_check_in_reminder(member=member, is_enabled=True, at=at, by_email=True)
    return members


def test_a_minute_run_costs_the_same_queries_for_three_members_as_for_fifteen() -> None:
    queries = []
    for count, at in ((3, datetime.time(20, 0)), (15, datetime.time(20, 1))):
        members = members_with_reminders_due(count, at)
        DBTaskResult.objects.all().delete()  # the same queue each time: no sending task waits
        with (
            time_machine.travel(AFTER_EIGHT_PM, tick=False),
            CaptureQueriesContext(connection) as captured,
        ):
            assert reminders.send_due_reminders() == {"sent": count}
        queries.append(len(captured))
        assert all(len(reminders_for(m)) == 1 for m in members)
    assert queries[0] == queries[1]


def test_a_run_that_dies_mid_way_loses_no_reminder_and_repeats_none(monkeypatch) -> None:
    members = members_with_reminders_due(5, datetime.time(20, 0))
    real_notify_many = notifications.notify_many
    chunks = []

    def dies_on_the_second_chunk(notices, **kwargs):
        chunks.append(notices)
        if len(chunks) == 2:
            raise SystemExit("worker killed")  # its chunk's transaction never commits
        return real_notify_many(notices, **kwargs)

    with time_machine.travel(AFTER_EIGHT_PM, tick=False):
        monkeypatch.setattr(notifications, "notify_many", dies_on_the_second_chunk)
        with pytest.raises(SystemExit):
            reminders.send_due_reminders(chunk=2)
        assert InAppNotification.objects.filter(kind="check_in_reminder").count() == 2
        monkeypatch.undo()
        assert reminders.send_due_reminders(chunk=2) == {"sent": 3}
    assert all(len(reminders_for(m)) == 1 for m in members)
    assert Delivery.objects.count() == 5  # one e-mail each
    assert not CheckInReminder.objects.due(AFTER_EIGHT_PM).exists()


def test_a_milestone_reached_overnight_is_celebrated_by_the_reminder_run(member) -> None:
    with time_machine.travel(MORNING - datetime.timedelta(days=1), tick=False):
        services.start_track(
            member=member,
            kind="substance",
            goal="abstinence",
            name="Alcohol",
            sobriety_on=datetime.date(2025, 2, 8),  # 30 days on 10 March
        )
        services.set_check_in_reminder(member=member, is_enabled=True, at=datetime.time(20, 0))
    assert not Celebration.objects.filter(member=member, milestone_key="30d").exists()
    with time_machine.travel(AFTER_EIGHT_PM, tick=False):
        reminders.send_due_reminders()
    assert Celebration.objects.filter(member=member, milestone_key="30d").exists()
