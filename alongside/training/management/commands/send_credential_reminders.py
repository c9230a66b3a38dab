from django.core.management.base import BaseCommand

from alongside.training import services, tasks


class Command(BaseCommand):
    help = (
        "Remind people whose credential expires in 90, 60 or 30 days (safe to run again), "
        "and make sure the worker's daily run is queued."
    )

    def handle(self, *args, **options) -> None:
        sent = services.send_credential_reminders()
        tasks.schedule_daily_run()
        self.stdout.write(f"{sent} credential reminders sent\n")
