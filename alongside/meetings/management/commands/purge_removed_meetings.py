"""Purge meetings their feeds dropped more than 30 days ago (run daily from cron).

Members' saved meetings and attendance are kept: they hold the meeting's name themselves.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from alongside.meetings import imports


class Command(BaseCommand):
    help = "Delete meetings removed by their feeds more than 30 days ago (saved meetings and attendance are kept)."

    def handle(self, *args, **options) -> None:
        purged = imports.purge_removed_meetings()
        self.stdout.write(f"{purged} removed meeting(s) purged.\n")
