"""The members' data versions: database triggers bump them on every write, whatever the write
path, and the home page's cached cards are never shown once the data under them changed."""

from __future__ import annotations

import datetime
import json
import os
import pickle
import re
import subprocess
import sys

import pytest
import time_machine
from django.core.cache import caches
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
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


def tables_left_by_the_migrations(on) -> dict[str, versions.Tracked]:
    """The tracked tables as the migrations leave them, applied in order to an empty database."""
    executor = MigrationExecutor(on)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    tables: dict[str, versions.Tracked] = {}
    for migration, _backwards in plan:
        for operation in migration.operations:
            code = getattr(operation, "code", None)
            if isinstance(code, versions.Install):
                tables.update((t.table, t) for t in code.tracked)
            elif isinstance(code, versions.Uninstall):
                for t in code.tracked:
                    tables.pop(t.table, None)
    return tables


def test_every_trigger_is_in_the_database() -> None:
    assert versions.installed_triggers(connection) == versions.expected_triggers(connection.vendor)


def test_the_migrations_install_exactly_the_tracked_tables() -> None:
    assert set(tables_left_by_the_migrations(connection).values()) == set(versions.TRACKED)


# Builds a database from nothing with `migrate`, as if a table had joined TRACKED with a
# migration yet to come, and prints the data-version triggers that database ends up with.
FRESH_BUILD = """
import json, django
from alongside.lib import versions
versions.TRACKED = (*versions.TRACKED, versions.Tracked("journey_added_later", versions.HOME))
django.setup()
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
print(json.dumps(sorted(versions.installed_triggers(connection))))
"""


@pytest.mark.own_processes
def test_a_fresh_database_builds_when_a_table_joins_the_tracked_ones_later(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        ALONGSIDE_ENV="test",
        ALONGSIDE_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="alongside.settings",
    )
    built = subprocess.run(
        [sys.executable, "-c", FRESH_BUILD], env=env, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr[-2000:]
    triggers = set(json.loads(built.stdout.strip().splitlines()[-1]))
    assert triggers == versions.expected_triggers(
        "sqlite", tables_left_by_the_migrations(connection).values()
    )
    assert not any("journey_added_later" in name for name in triggers)


def test_a_track_changes_both_versions_a_check_in_only_the_home_and_a_trigger_only_the_setup(
    member,
) -> None:
    home, setup = counters(member)
    track = services.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=member.local_today() - datetime.timedelta(days=3),
    )
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


def test_assessment_schedules_change_the_home_version_and_notifications_do_not(
    cast, member
) -> None:
    before = counters(member)[0]
    notify(user=member, kind="test", title="Hello")
    InAppNotification.objects.filter(user=member).update(read_at=timezone.now())
    assert counters(member)[0] == before  # the home page reads its notifications afresh
    AssessmentSchedule.objects.create(
        member=member,
        instrument="phq9",
        frequency="weekly",
        starts_on=member.local_today(),
        set_by=member,
    )
    assert counters(member)[0] > before


def test_a_congratulation_changes_the_celebrating_members_version_not_the_authors(
    cast, member
) -> None:
    services.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=member.local_today() - datetime.timedelta(days=30),
    )
    celebration = services.sync_celebrations(member=member)[0]
    mentor = cast["mentor"].user
    grant_access(
        member=member,
        grantee_user=mentor,
        scopes=["milestones"],
        purpose="sponsor",
        credential=Credential.for_setup(member),
    )
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
    """The journey card and what follows it, less the forms' per-request CSRF tokens."""
    start = page.index('<section class="card journey-home"')
    return re.sub(
        r'name="csrfmiddlewaretoken" value="[^"]*"', "", page[start : page.index("</main>", start)]
    )


def test_home_shows_a_check_in_at_once(client_as, member) -> None:
    client = client_as("member")
    services.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Alcohol",
        sobriety_on=member.local_today() - datetime.timedelta(days=12),
    )
    first = client.get("/home/").content.decode()
    assert "Check in for today" in first and "12 days" in first
    assert journey_section(client.get("/home/").content.decode()) == journey_section(
        first
    )  # again, unchanged
    client.post("/journey/check-in/", {"mood": "4", "craving": "1"})
    assert "You have checked in today." in client.get("/home/").content.decode()


def test_home_shows_new_notifications_and_forgets_read_ones(client_as, member) -> None:
    client = client_as("member")
    assert "A note for you" not in client.get("/home/").content.decode()
    notify(user=member, kind="test", title="A note for you")
    assert "A note for you" in client.get("/home/").content.decode()
    InAppNotification.objects.filter(user=member).update(read_at=timezone.now())
    assert "A note for you" not in client.get("/home/").content.decode()


def test_an_urgent_notices_details_are_shown_on_the_home_page_but_never_kept_in_memory(
    client_as, cast, member
) -> None:
    counselor = cast["counselor"].user
    client = client_as("counselor")
    notify(
        user=counselor,
        kind="assessment_safety",
        title="A safety answer needs you",
        body="Answered item 9 with 'nearly every day'",
        urgent=True,
        about=member,
    )
    page = client.get("/home/").content.decode()
    assert "A safety answer needs you" in page and "Answered item 9" in page
    member_cache = caches["member"]
    kept = [pickle.loads(value) for value in member_cache._cache.values()]  # type: ignore[attr-defined]  # noqa: S301 - our own cache
    assert kept and not any("Answered item 9" in str(value) for value in kept)
    InAppNotification.objects.filter(user=counselor).update(read_at=timezone.now())
    assert "Answered item 9" not in client.get("/home/").content.decode()


def test_home_counts_a_new_day_and_speaks_the_members_language(client_as, member) -> None:
    noon = timezone.now().astimezone(member.zone).replace(hour=12, minute=0)
    with time_machine.travel(noon, tick=False):
        services.start_track(
            member=member,
            kind="substance",
            goal="abstinence",
            name="Alcohol",
            sobriety_on=member.local_today() - datetime.timedelta(days=5),
        )
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
    services.start_track(
        member=member,
        kind="substance",
        goal="abstinence",
        name="Opioids",
        sobriety_on=member.local_today() - datetime.timedelta(days=3),
        on_medication=True,
    )
    page = client.get("/journey/check-in/").content.decode()
    assert (
        "Triggers I met today" in page and "the old bar" in page and "take your medication" in page
    )


def test_posting_today_twice_keeps_one_check_in_with_the_latest_values(client_as, member) -> None:
    client = client_as("member")
    client.post("/journey/check-in/", {"mood": "2", "craving": "3", "gratitude": "tea"})
    client.post(
        "/journey/check-in/", {"mood": "4", "craving": "1", "gratitude": "the morning light"}
    )
    check_in = CheckIn.objects.get(member=member)
    assert (check_in.mood, check_in.craving, check_in.gratitude) == (4, 1, "the morning light")
    assert check_in.updated_at >= check_in.created_at


def test_a_first_check_in_sent_twice_at_once_keeps_one_row(member) -> None:
    """The second of two simultaneous first check-ins finds the row the first just made."""
    competing: list[CheckIn] = []

    def other_request_inserts_first(execute, sql, params, many, context):  # noqa: ANN001, ANN202
        result = execute(sql, params, many, context)
        if sql.startswith('UPDATE "journey_checkin"') and not competing:
            # As if the other request's INSERT landed between this one's UPDATE and INSERT.
            competing.append(
                CheckIn.objects.create(member=member, on=member.local_today(), mood=2, craving=3)
            )
        return result

    with connection.execute_wrapper(other_request_inserts_first):
        created = services.record_check_in(member=member, mood=5, craving=0)
    assert created is False and len(competing) == 1
    assert CheckIn.objects.filter(member=member).values_list("mood", "craving").get() == (5, 0)
