"""The benchmark's seed: a counselor's day of 12 sessions with adherence, and a group to
document; run twice, it adds nothing."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from alongside.accounts.models import User
from alongside.counseling.models import Appointment, Attendee
from alongside.counseling.services import appointment_calendars


def test_the_seed_gives_a_day_of_sessions_with_adherence_and_a_group_and_runs_twice(db) -> None:
    out = StringIO()
    call_command("seed_counseling", "--clients", "3", "--group", "4", "--sessions", "2", stdout=out)
    counselor = User.objects.get(email="bench.counselor@example.org")
    day = appointment_calendars.with_adherence(
        counselor,
        appointment_calendars.counselor_calendar(
            counselor,
            first_day=counselor.local_today(),
            days=1,
            sharing=appointment_calendars.sharing_with(counselor),
        ),
    )
    rows = [r for d in day for r in d.rows if not r.appointment.group_id]
    assert len(rows) == 3
    assert all(r.adherence and "attended" in str(r.adherence[0]) for r in rows)
    sessions = out.getvalue().split("GROUP_SESSIONS ")[1].split("\n")[0].split()
    assert len(sessions) == 2
    assert Attendee.objects.filter(appointment_id=sessions[0]).count() == 4
    before = Appointment.objects.count()
    call_command(
        "seed_counseling", "--clients", "3", "--group", "4", "--sessions", "2", stdout=StringIO()
    )
    assert Appointment.objects.count() == before
