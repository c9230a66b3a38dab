"""Database triggers that keep the members' data versions (alongside/lib/versions.py).

The tables are listed here, as they were when this migration was written, so that building a
fresh database never asks for the trigger of a table a later migration creates.
"""

from django.db import migrations

from alongside.lib.versions import HOME, SETUP, Install, Tracked, Uninstall

TRACKED = (
    Tracked("journey_track", HOME + SETUP),
    Tracked("journey_attempt", HOME),
    Tracked("journey_useday", HOME),
    Tracked("journey_checkin", HOME),
    Tracked("journey_celebration", HOME),
    Tracked("journey_congratulation", HOME, "celebration_id", via="journey_celebration"),
    Tracked("notifications_inappnotification", HOME, "user_id"),
    Tracked("assessments_administration", HOME),
    Tracked("assessments_assessmentschedule", HOME),
    Tracked("journey_trigger", SETUP),
    Tracked("journey_copingstrategy", SETUP),
)


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_member_data_versions"),
        ("journey", "0002_tracks_plans_goals_journal_tools"),
        ("notifications", "0002_urgent_notices_about_a_member"),
        ("assessments", "0001_administrations_schedules_alerts_wording"),
    ]

    operations = [
        migrations.RunPython(Install(TRACKED), Uninstall(TRACKED)),
    ]
