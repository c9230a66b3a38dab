"""The daily check-in reminder, sent by the task worker at the member's local time: once a day
at most, not when the check-in is done, never during quiet hours."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from alongside.journey import services
from alongside.journey.models import CheckInReminder
from alongside.journey.services import reminders
from alongside.notifications.models import Delivery, InAppNotification
from alongside.notifications.services import set_quiet_hours

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
