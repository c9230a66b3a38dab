"""Tracks: abstinence and moderation, day counts in the member's zone, milestones on the home
page, lapses that keep history, and bad input that loses nothing."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from alongside.journey import services
from alongside.journey.models import Attempt, Track

pytestmark = pytest.mark.django_db

D = datetime.date


def start_abstinence(member, days_ago: int, **extra) -> Track:
    return services.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=member.local_today() - datetime.timedelta(days=days_ago),
        **extra,
    )


def test_an_abstinence_track_counts_days_from_its_sobriety_date_as_day_zero(member) -> None:
    track = start_abstinence(member, 0)
    assert track.days_on(member.local_today()) == 0
    assert list(track.attempts.values_list("started_on", flat=True)) == [member.local_today()]


def test_day_counts_follow_the_members_time_zone_not_the_servers(member) -> None:
    # 03:30 UTC on 2 March is still 1 March in Chicago (UTC-6).
    with time_machine.travel(datetime.datetime(2025, 3, 2, 3, 30, tzinfo=datetime.UTC), tick=False):
        track = services.start_track(
            member=member,
            kind="substance",
            goal="abstinence",
            name="Alcohol",
            sobriety_on=D(2025, 1, 30),
        )
        assert member.local_today() == D(2025, 3, 1)
        assert track.days_on(member.local_today()) == 30
        assert track.progress(member.local_today()).latest.key == "30d"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"goal": "abstinence", "sobriety_on": None}, "sobriety_on"),
        ({"goal": "abstinence", "sobriety_on": "tomorrow"}, "sobriety_on"),
        ({"goal": "moderation"}, "daily_limit"),
        ({"goal": "moderation", "daily_limit": 5, "weekly_limit": 3}, "weekly_limit"),
        ({"goal": "moderation", "daily_limit": -1}, "daily_limit"),
        ({"goal": "moderation", "weekly_limit": 500}, "weekly_limit"),
        ({"goal": "moderation", "daily_limit": 2, "abstinence_days": 0}, "abstinence_days"),
        ({"goal": "abstinence", "sobriety_on": "today", "name": ""}, "name"),
    ],
)
def test_nonsense_tracks_are_refused_with_the_field_named(member, values, field) -> None:
    values = {"kind": "substance", "name": "Alcohol", **values}
    if values.get("sobriety_on") == "tomorrow":
        values["sobriety_on"] = member.local_today() + datetime.timedelta(days=1)
    elif values.get("sobriety_on") == "today":
        values["sobriety_on"] = member.local_today()
    with pytest.raises(services.JourneyError) as caught:
        services.start_track(member=member, **values)
    assert caught.value.field == field
    assert not Track.objects.exists()


def test_all_substances_needs_no_name(member) -> None:
    track = services.start_track(
        member=member, kind="all_substances", goal="abstinence", sobriety_on=member.local_today()
    )
    assert track.label == "All substances"


def test_a_future_sobriety_date_on_the_page_is_a_field_error_and_keeps_what_was_typed(
    client_as, member
) -> None:
    tomorrow = member.local_today() + datetime.timedelta(days=1)
    response = client_as("member").post(
        "/journey/tracks/new/",
        {
            "kind": "substance",
            "name": "Cannabis",
            "goal": "abstinence",
            "sobriety_on": tomorrow.isoformat(),
            "date_meaning": "last_use",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "cannot be in the future" in page and 'value="Cannabis"' in page
    assert not Track.objects.exists()


def test_nonsense_limits_in_the_api_are_a_422_naming_the_field(client_as) -> None:
    response = client_as("member2").post(
        "/api/v1/tracks",
        {
            "kind": "substance",
            "goal": "moderation",
            "name": "Alcohol",
            "daily_limit": 4,
            "weekly_limit": 2,
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "weekly_limit"


def test_the_home_page_shows_the_latest_milestone_the_next_one_and_its_date(
    client_as, member
) -> None:
    with time_machine.travel(
        datetime.datetime(2025, 7, 10, 17, 0, tzinfo=datetime.UTC), tick=False
    ):
        services.start_track(
            member=member,
            kind="substance",
            goal="abstinence",
            name="Opioids",
            sobriety_on=D(2025, 1, 1),
        )
        page = client_as("member").get("/home/").content.decode()
    assert "190 days" in page
    assert "Latest milestone: <strong>6 months</strong> (1 Jul 2025)" in page
    assert "<strong>9 months</strong>" in page and "Wednesday 1 Oct 2025" in page


def test_a_lapse_keeps_the_history_and_starts_a_new_count(member) -> None:
    today = member.local_today()
    track = start_abstinence(member, 100)
    services.record_relapse(
        track=track, used_on=today - datetime.timedelta(days=10), kind="lapse", note="a wedding"
    )
    track.refresh_from_db()
    assert track.sobriety_on == today - datetime.timedelta(days=10)
    attempts = list(track.attempts.all())
    assert [(a.days(today), a.end_kind, a.note) for a in attempts] == [
        (90, "lapse", "a wedding"),
        (10, "", ""),
    ]
    stats = services.track_stats(track, today)
    assert (stats.current_days, stats.longest_days, stats.total_days, stats.attempts) == (
        10,
        90,
        100,
        2,
    )


def test_members_who_count_from_their_first_clean_day_restart_the_day_after(member) -> None:
    today = member.local_today()
    track = start_abstinence(member, 50, date_meaning="first_clean")
    services.record_relapse(track=track, used_on=today - datetime.timedelta(days=5))
    track.refresh_from_db()
    assert track.sobriety_on == today - datetime.timedelta(days=4)


@pytest.mark.parametrize(
    ("used", "restart", "field"),
    [(1, None, "used_on"), (-200, None, "used_on"), (-5, -6, "restart_on"), (-5, 1, "restart_on")],
)
def test_impossible_lapse_dates_are_refused_and_nothing_changes(
    member, used, restart, field
) -> None:
    today = member.local_today()
    track = start_abstinence(member, 100)
    with pytest.raises(services.JourneyError) as caught:
        services.record_relapse(
            track=track,
            used_on=today + datetime.timedelta(days=used),
            restart_on=None if restart is None else today + datetime.timedelta(days=restart),
        )
    assert caught.value.field == field
    assert Attempt.objects.filter(track=track).count() == 1


def test_the_lapse_page_speaks_kindly_and_the_track_page_keeps_history(client_as, member) -> None:
    today = member.local_today()
    track = start_abstinence(member, 60)
    client = client_as("member")
    form = client.get(f"/journey/tracks/{track.pk}/lapse/").content.decode()
    assert "takes courage" in form and "60 clean days stay in your history" in form
    for word in ("failed", "failure", "reset", "start over"):
        assert word not in form.lower()
    response = client.post(
        f"/journey/tracks/{track.pk}/lapse/",
        {"used_on": today.isoformat(), "kind": "relapse", "note": "hard night"},
        follow=True,
    )
    page = response.content.decode()
    assert "Your history is kept" in page
    assert "hard night" in page and "Longest stretch" in page


def test_another_members_track_is_not_found(client_as, member) -> None:
    track = start_abstinence(member, 5)
    assert client_as("member2").get(f"/journey/tracks/{track.pk}/").status_code == 404
    assert (
        client_as("member2")
        .post(f"/journey/tracks/{track.pk}/lapse/", {"used_on": "2025-01-01"})
        .status_code
        == 404
    )
    assert client_as("member2").get(f"/api/v1/tracks/{track.pk}").status_code == 404


def test_moderation_use_is_shown_against_the_limits(member2) -> None:
    today = member2.local_today()
    track = services.start_track(
        member=member2,
        kind="substance",
        goal="moderation",
        name="Alcohol",
        daily_limit=3,
        weekly_limit=10,
    )
    services.set_use(track=track, on=today, amount=4)
    status = services.moderation_status(track, today)
    assert (status.today, status.over_today, status.within_limits) == (4, True, False)
    services.set_use(track=track, on=today, amount=2)
    assert services.moderation_status(track, today).within_limits


def test_a_moderation_track_can_begin_with_an_abstinence_period(member2) -> None:
    track = services.start_track(
        member=member2,
        kind="substance",
        goal="moderation",
        name="Alcohol",
        daily_limit=2,
        abstinence_days=30,
    )
    period = track.abstinence_period(member2.local_today())
    assert period == {
        "day": 0,
        "of": 30,
        "ends_on": member2.local_today() + datetime.timedelta(days=30),
        "is_done": False,
    }


def test_correcting_the_sobriety_date_moves_the_current_attempt_only(member) -> None:
    today = member.local_today()
    track = start_abstinence(member, 100)
    services.record_relapse(track=track, used_on=today - datetime.timedelta(days=20))
    services.update_track(track=track, sobriety_on=today - datetime.timedelta(days=15))
    assert [a.started_on for a in track.attempts.all()] == [
        today - datetime.timedelta(days=100),
        today - datetime.timedelta(days=15),
    ]
    with pytest.raises(services.JourneyError):
        services.update_track(track=track, sobriety_on=today - datetime.timedelta(days=30))
