from __future__ import annotations

from django.core.management.base import BaseCommand

from alongside.counseling import tasks
from alongside.counseling.services import appointment_calendars


class Command(BaseCommand):
    help = (
        "Make sure the quarter-hour appointment reminder run is queued (booking does it too; "
        "run this from cron to be sure), or with --now send the reminders due in this process."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="send the due reminders now instead of queueing"
        )

    def handle(self, *args, **options) -> None:
        if options["now"]:
            sent = appointment_calendars.send_due_reminders()
            self.stdout.write(f"{sent} reminder(s) sent.\n")
        else:
            tasks.schedule_reminder_run()
            self.stdout.write("The reminder run is queued for the worker.\n")
