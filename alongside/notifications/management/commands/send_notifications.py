from __future__ import annotations

from django.core.management.base import BaseCommand

from alongside.notifications import delivery
from alongside.notifications.tasks import send_notifications


class Command(BaseCommand):
    help = (
        "Queue the sending of every e-mail and web push that is due (a safety net to run from "
        "cron, e.g. every 10 minutes; the worker sends them)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="send them in this process instead of queueing"
        )

    def handle(self, *args, **options) -> None:
        if options["now"]:
            self.stdout.write(f"{delivery.send_due()} sent.\n")
        else:
            send_notifications.enqueue()
            self.stdout.write("Sending queued for the worker.\n")
