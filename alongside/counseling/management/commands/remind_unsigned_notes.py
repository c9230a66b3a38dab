"""Remind counselors of session notes still unsigned a day after their session (once per note;
safe to run as often as wanted). Run it from cron, e.g. hourly."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from alongside.counseling.services.notes import remind_unsigned_notes


class Command(BaseCommand):
    help = "Remind counselors of drafts unsigned 24 hours after their session (once per note)."

    def handle(self, *args, **options) -> None:
        sent = remind_unsigned_notes()
        self.stdout.write(f"{sent} reminder(s) sent.")
