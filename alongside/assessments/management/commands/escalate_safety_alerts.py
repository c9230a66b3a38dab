from __future__ import annotations

from django.core.management.base import BaseCommand

from alongside.assessments.tasks import escalate_safety_alerts


class Command(BaseCommand):
    help = (
        "Escalate safety alerts nobody acknowledged in time to whoever is on call (run from "
        "cron; each alert also queues its own escalation, so this only catches lost ones)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--now", action="store_true", help="escalate in this process instead of queueing"
        )

    def handle(self, *args, **options) -> None:
        if options["now"]:
            escalated = escalate_safety_alerts.call()
            self.stdout.write(f"{escalated} safety alert(s) escalated.\n")
        else:
            escalate_safety_alerts.enqueue()
            self.stdout.write("Escalation of overdue safety alerts queued for the worker.\n")
