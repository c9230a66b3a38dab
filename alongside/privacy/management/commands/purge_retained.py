"""Delete retained counseling records whose retention period has ended."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils import timezone

from alongside.privacy.models import RetentionHold
from alongside.privacy.registry import REGISTRY, Erase


class Command(BaseCommand):
    help = "Delete counseling records kept after erasure once their retention period has ended."

    def handle(self, *args, **options) -> None:
        due = RetentionHold.objects.filter(retain_until__lte=timezone.now()).select_related(
            "member"
        )
        purged = 0
        for hold in due:
            if RetentionHold.objects.filter(
                member=hold.member, retain_until__gt=timezone.now()
            ).exists():
                continue  # another organization still has to keep them
            for handler in REGISTRY.values():
                if handler.erase == Erase.RETAIN:
                    purged += handler.rows(hold.member).delete()[0]
        self.stdout.write(f"Purged {purged} retained records.")
