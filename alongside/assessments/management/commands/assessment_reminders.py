from __future__ import annotations

from django.core.management.base import BaseCommand

from alongside.assessments.tasks import send_assessment_reminders


class Command(BaseCommand):
    help = "Queue the reminders for due assessments (run from cron; the worker sends them)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="send them in this process instead of queueing"
        )

    def handle(self, *args, **options) -> None:
        if options["now"]:
            sent = send_assessment_reminders.call()
            self.stdout.write(f"{sent} reminder(s) sent.\n")
        else:
            send_assessment_reminders.enqueue()
            self.stdout.write("Reminders queued for the worker.\n")
