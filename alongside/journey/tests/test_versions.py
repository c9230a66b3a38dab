"""The members' data versions: database triggers bump them on every write, whatever the write
path, and the home page's cached cards are never shown once the data under them changed."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.sensitive import Credential
from alongside.assessments.models import AssessmentSchedule
from alongside.journey import services
from alongside.journey.models import CheckIn, Track
from alongside.lib import versions
from alongside.notifications.models import InAppNotification
from alongside.notifications.services import notify
from alongside.privacy.services import grant_access

pytestmark = pytest.mark.django_db


def counters(user: User) -> tuple[int, int]:
    return tuple(User.objects.filter(pk=user.pk).values_list("home_version", "setup_version").get())


def test_every_trigger_is_in_the_database() -> None:
    assert versions.installed_triggers(connection) == versions.expected_triggers(connection.vendor)


def test_every_tracked_table_belongs_to_a_model_with_a_member() -> None:
    from django.apps import apps

    tables = {m._meta.db_table: m for m in apps.get_models()}
    for tracked in versions.TRACKED:
        model = tables[tracked.table]
        assert tracked.member_column in {f.column for f in model._meta.concrete_fields}, tracked


def test_a_track_changes_both_versions_a_check_in_only_the_home_and_a_trigger_only_the_setup(member) -> None:
    home, setup = counters(member)
    track = services.start_track(member=member, kind="substance", goal="abstinence", name="Alcohol",
                                 sobriety_on=member.local_today() - datetime.timedelta(days=3))
    after_track = counters(member)
    assert after_track[0] > home and after_track[1] > setup
    services.record_check_in(member=member, mood=3, craving=2)
    after_check_in = counters(member)
    assert after_check_in[0] > after_track[0] and after_check_in[1] == after_track[1]
    services.add_trigger(member=member, kind="places", name="the old bar")
    after_trigger = counters(member)
    assert after_trigger[0] == after_check_in[0] and after_trigger[1] > after_check_in[1]
    services.record_relapse(track=track, used_on=member.local_today())
    assert counters(member)[0] > after_trigger[0]


def test_bulk_updates_and_deletes_count_too(member) -> None:
    services.record_check_in(member=member, mood=3, craving=2)
    before = counters(member)
    CheckIn.objects.filter(member=member).update(craving=5)  # no save(), no signal
    after_update = counters(member)
    assert after_update[0] > before[0]
    CheckIn.objects.filter(member=member).delete()
    assert counters(member)[0] > after_update[0]


def test_notifications_and_assessment_schedules_change_the_home_version(cast, member) -> None:
    before = counters(member)[0]
    notify(user=member, kind="test", title="Hello")
    after_notice = counters(member)[0]
    assert after_notice > before
    InAppNotification.objects.filter(user=member).update(read_at=timezone.now())
    after_read = counters(member)[0]
    assert after_read > after_notice
    AssessmentSchedule.objects.create(member=member, instrument="phq9", frequency="weekly",
                                      starts_on=member.local_today(), set_by=member)
    assert counters(member)[0] > after_read


def test_a_congratulation_changes_the_celebrating_members_version_not_the_authors(cast, member) -> None:
    services.start_track(member=member, kind="substance", goal="abstinence", name="Alcohol",
                         sobriety_on=member.local_today() - datetime.timedelta(days=30))
    celebration = services.sync_celebrations(member=member)[0]
    mentor = cast["mentor"].user
    grant_access(member=member, grantee_user=mentor, scopes=["milestones"], purpose="sponsor", credential=Credential.for_setup(member))
    before, mentor_before = counters(member)[0], counters(mentor)[0]
    services.congratulate(celebration=celebration, author=mentor, message="Proud of you")
    assert counters(member)[0] > before
    assert counters(mentor)[0] == mentor_before


def test_saving_a_loaded_user_never_rolls_the_versions_back(member) -> None:
    stale = User.objects.get(pk=member.pk)
    services.record_check_in(member=member, mood=3, craving=2)
    fresh = counters(member)
    stale.first_name = "Renamed"
    stale.save()
    assert counters(member) == fresh
    stale.save(update_fields=["first_name", "home_version"])
    assert counters(member) == fresh
    assert User.objects.get(pk=member.pk).first_name == "Renamed"


# ----------------------------------------------------------------------------------------------
# The cached cards on the home page


def journey_section(page: str) -> str:
    start = page.index('<section class="card journey-home"')
    return page[start:page.index("</main>", start)]


def test_home_shows_a_check_in_at_once(client_as, member) -> None:
    client = client_as("member")
    services.start_track(member=member, kind="substance", goal="abstinence", name="Alcohol",
                         sobriety_on=member.local_today() - datetime.timedelta(days=12))
    first = client.get("/home/").content.decode()
    assert "Check in for today" in first and "12 days" in first
    assert journey_section(client.get("/home/").content.decode()) == journey_section(first)  # again, unchanged
    client.post("/journey/check-in/", {"mood": "4", "craving": "1"})
    assert "You have checked in today." in client.get("/home/").content.decode()


def test_home_shows_new_notifications_and_forgets_read_ones(client_as, member) -> None:
    client = client_as("member")
    assert "A note for you" not in client.get("/home/").content.decode()
    notify(user=member, kind="test", title="A note for you")
    assert "A note for you" in client.get("/home/").content.decode()
    InAppNotification.objects.filter(user=member).update(read_at=timezone.now())
    assert "A note for you" not in client.get("/home/").content.decode()


def test_home_counts_a_new_day_and_speaks_the_members_language(client_as, member) -> None:
    noon = timezone.now().astimezone(member.zone).replace(hour=12, minute=0)
    with time_machine.travel(noon, tick=False):
        services.start_track(member=member, kind="substance", goal="abstinence", name="Alcohol",
                             sobriety_on=member.local_today() - datetime.timedelta(days=5))
        assert "5 days" in client_as("member").get("/home/").content.decode()
    with time_machine.travel(noon + datetime.timedelta(days=1), tick=False):
        client = client_as("member")  # a fresh sign-in: sessions last 12 hours
        assert "6 days" in client.get("/home/").content.decode()
        Track.objects.filter(member=member).update(name="Alcohol")  # nothing new: same card
        member.language = "es"
        member.save()
        assert "6 días" in client.get("/home/").content.decode()


def test_the_check_in_form_offers_new_triggers_and_medication_at_once(client_as, member) -> None:
    client = client_as("member")
    page = client.get("/journey/check-in/").content.decode()
    assert "Triggers I met today" not in page and "take your medication" not in page
    services.add_trigger(member=member, kind="places", name="the old bar")
    services.start_track(member=member, kind="substance", goal="abstinence", name="Opioids",
                         sobriety_on=member.local_today() - datetime.timedelta(days=3), on_medication=True)
    page = client.get("/journey/check-in/").content.decode()
    assert "Triggers I met today" in page and "the old bar" in page and "take your medication" in page


def test_posting_today_twice_keeps_one_check_in_with_the_latest_values(client_as, member) -> None:
    client = client_as("member")
    client.post("/journey/check-in/", {"mood": "2", "craving": "3", "gratitude": "tea"})
    client.post("/journey/check-in/", {"mood": "4", "craving": "1", "gratitude": "the morning light"})
    check_in = CheckIn.objects.get(member=member)
    assert (check_in.mood, check_in.craving, check_in.gratitude) == (4, 1, "the morning light")
    assert check_in.updated_at >= check_in.created_at


def test_a_first_check_in_sent_twice_at_once_keeps_one_row(member) -> None:
    """The second of two simultaneous first check-ins finds the row the first just made."""
    competing = []

    def other_request_inserts_first(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        result = execute(sql, params, many, context)
        if sql.startswith('UPDATE "journey_checkin"') and not competing:
            # As if the other request's INSERT landed between this one's UPDATE and INSERT.
            competing.append(CheckIn.objects.create(member=member, on=member.local_today(), mood=2, craving=3))
        return result

    with connection.execute_wrapper(other_request_inserts_first):
        created = services.record_check_in(member=member, mood=5, craving=0)
    assert created is False and len(competing) == 1
    assert CheckIn.objects.filter(member=member).values_list("mood", "craving").get() == (5, 0)
