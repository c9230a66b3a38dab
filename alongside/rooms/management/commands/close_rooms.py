from django.core.management.base import BaseCommand

from alongside.rooms.services.closing import close_due_rooms


class Command(BaseCommand):
    help = "Close live rooms whose time has passed: record attendance, delete their chat."

    def handle(self, *args, **options) -> None:
        closed = close_due_rooms()
        self.stdout.write(f"Closed {closed} room(s).")
