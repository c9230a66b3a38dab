from __future__ import annotations

from django.core.management.base import BaseCommand

from alongside.community import tasks
from alongside.community.services import send_digests


class Command(BaseCommand):
    help = (
        "Make sure the hourly forum digest run is queued (run this from cron to be sure), or "
        "with --now send the digests due in this process."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--now", action="store_true", help="send the due digests now")

    def handle(self, *args, **options) -> None:
        if options["now"]:
            self.stdout.write(f"{send_digests()} digest(s) sent.\n")
        else:
            tasks.schedule_digest_run()
            self.stdout.write("The digest run is queued for the worker.\n")
