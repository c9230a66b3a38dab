"""Database triggers that keep the members' data versions (alongside/lib/versions.py)."""

from django.db import migrations

from alongside.lib import versions


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_member_data_versions"),
        ("journey", "0002_tracks_plans_goals_journal_tools"),
        ("notifications", "0002_urgent_notices_about_a_member"),
        ("assessments", "0001_administrations_schedules_alerts_wording"),
    ]

    operations = [
        migrations.RunPython(versions.install, versions.uninstall),
    ]
