"""Notifications no longer change the home version: the home page reads its notifications card
for every request (an urgent notice's details are never kept in memory), so no cached card
depends on them."""

from django.db import migrations

from alongside.lib.versions import HOME, Install, Tracked, Uninstall

LEAVING = (Tracked("notifications_inappnotification", HOME, "user_id"),)


class Migration(migrations.Migration):

    dependencies = [
        ("journey", "0004_encrypt_track_names_and_congratulations"),
        ("notifications", "0002_urgent_notices_about_a_member"),
    ]

    operations = [
        migrations.RunPython(Uninstall(LEAVING), Install(LEAVING)),
    ]
