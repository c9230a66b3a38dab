"""Attendance from the room: people present for the set share of the meeting get a record of
its own source when the room closes, and the room's state, chat included, is gone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings

from alongside.meetings.models import AttendanceMethod, AttendanceRecord, Verification
from alongside.meetings.services import how_verified, record_online_attendance
from alongside.rooms.services import closing, live
from alongside.rooms.store import store
from alongside.rooms.tests.world import meeting_starting

pytestmark = pytest.mark.django_db


def _join(room, user, at, *, host=False):
    outcome, _c = store().change(
        room.key,
        room.closes_at,
        lambda s: live.join(s, room, user_id=user.pk, name="x", is_host=host, now=at),
    )
    return outcome.answer["you"]["id"]


def _leave(room, pid, at):
    store().change(room.key, room.closes_at, lambda s: live.leave(s, room, person_id=pid, now=at))


def test_people_present_for_half_the_meeting_are_recorded_as_attending_in_the_room(
    cast, facilitator, member, member2, mentor
) -> None:
    meeting, room = meeting_starting(cast, openness="open", duration=60)
    starts = room.starts_at
    # Maya: from 5 minutes early to 35 minutes in (35 counted). Jordan: 20 minutes in two
    # visits (not enough). Sam: 10 minutes in, then to the end and beyond (50 counted).
    maya = _join(room, member, starts - dt.timedelta(minutes=5))
    _leave(room, maya, starts + dt.timedelta(minutes=35))
    jordan = _join(room, member2, starts)
    _leave(room, jordan, starts + dt.timedelta(minutes=10))
    jordan = _join(room, member2, starts + dt.timedelta(minutes=40))
    _leave(room, jordan, starts + dt.timedelta(minutes=50))
    _join(room, mentor, starts + dt.timedelta(minutes=10))
    closed_at = room.closes_at

    recorded = closing.close_room(room.key, now=closed_at)

    assert sorted(recorded) == sorted([member.pk, mentor.pk])
    record = AttendanceRecord.objects.get(member=member)
    assert record.meeting == meeting and record.occurred_at == starts
    assert record.method == AttendanceMethod.ROOM
    assert record.verification == Verification.ROOM and record.confirmed_at is None
    assert str(how_verified(record)).startswith("Attended online (room)")
    assert not AttendanceRecord.objects.filter(member=member2).exists()
    assert store().read(room.key) is None  # nothing of the room is kept
    assert closing.close_room(room.key, now=closed_at) == []  # closing twice records nothing


@override_settings(ROOMS_ATTENDANCE_SHARE=0.75)
def test_the_share_needed_is_a_setting(cast, member) -> None:
    _meeting, room = meeting_starting(cast, openness="open", duration=60)
    pid = _join(room, member, room.starts_at)
    _leave(room, pid, room.starts_at + dt.timedelta(minutes=40))
    assert closing.close_room(room.key, now=room.closes_at) == []


def test_someone_who_only_waited_or_was_removed_early_has_no_record(
    cast, facilitator, member, member2
) -> None:
    _meeting, room = meeting_starting(cast, openness="closed", duration=60)
    starts = room.starts_at
    host = _join(room, facilitator, starts, host=True)
    _join(room, member, starts)  # never let in
    jordan = _join(room, member2, starts)
    store().change(
        room.key,
        room.closes_at,
        lambda s: live.admit(s, room, by=host, person_id=jordan, now=starts),
    )
    store().change(
        room.key,
        room.closes_at,
        lambda s: live.remove(
            s, room, by=host, person_id=jordan, now=starts + dt.timedelta(minutes=5)
        ),
    )
    recorded = closing.close_room(room.key, now=room.closes_at)
    assert recorded == [facilitator.pk]


def test_a_self_reported_click_on_the_link_becomes_a_room_record(cast, member) -> None:
    meeting, room = meeting_starting(cast, openness="open", duration=60)
    clicked = record_online_attendance(member=member, meeting=meeting)
    assert clicked is not None and clicked.method == AttendanceMethod.ONLINE
    pid = _join(room, member, room.starts_at)
    _leave(room, pid, room.ends_at)
    closing.close_room(room.key, now=room.closes_at)
    clicked.refresh_from_db()
    assert clicked.method == AttendanceMethod.ROOM
    assert AttendanceRecord.objects.filter(member=member).count() == 1


def test_the_command_closes_only_rooms_whose_time_has_come(cast, member, time_machine) -> None:
    _meeting, room = meeting_starting(cast, openness="open", duration=60)
    pid = _join(room, member, room.starts_at)
    store().change(
        room.key,
        room.closes_at,
        lambda s: live.chat(s, room, person_id=pid, body="Thanks all", now=room.starts_at),
    )
    call_command("close_rooms")
    state = store().read(room.key)
    assert state is not None and state["chat"][0]["body"] == "Thanks all"  # still open

    time_machine.move_to(room.closes_at + dt.timedelta(seconds=1))
    call_command("close_rooms")
    assert store().read(room.key) is None
    assert AttendanceRecord.objects.filter(member=member, method=AttendanceMethod.ROOM).exists()
