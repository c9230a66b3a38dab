"""Check the hash chain of signed session notes and addenda against the rows as they are now.

Exits 1 when a signed note or addendum was changed behind the application's back (its content
no longer matches its link), when a link was removed or reordered, or when a signed note or
addendum has no link at all. Links whose record was deleted at the end of the retention period
are listed apart: that is erasure, not tampering. Run it from cron (daily) and after restoring a
backup.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from alongside.counseling.services.chain import verify_chain

# Problems listed one by one; past this, a count says how many more.
SHOWN = 20


class Command(BaseCommand):
    help = "Verify the hash chain of signed session notes and addenda (exit 1 on tampering)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, batch_size: int, **options) -> None:
        found = verify_chain(batch_size=batch_size)
        self.stdout.write(f"{found.links} links checked.")
        if found.erased:
            self.stdout.write(
                f"{len(found.erased)} link(s) of records erased after their retention period "
                "(not tampering):"
            )
            self._list(found.erased)
        if found.is_intact:
            self.stdout.write(self.style.SUCCESS("The chain is intact."))
            return
        if found.tampered:
            self.stderr.write(
                f"TAMPERING: {len(found.tampered)} link(s) no longer match. The first: "
                f"{found.tampered[0]}"
            )
            self._list(found.tampered, err=True)
        if found.unlinked:
            self.stderr.write(
                f"TAMPERING: {len(found.unlinked)} signed record(s) have no link in the chain "
                "(signed or written outside the application):"
            )
            self._list([f"{kind} {pk}" for kind, pk in found.unlinked], err=True)
        raise CommandError("The hash chain of session notes does not verify.", returncode=1)

    def _list(self, items: list, *, err: bool = False) -> None:
        out = self.stderr if err else self.stdout
        for item in items[:SHOWN]:
            out.write(f"  {item}")
        if len(items) > SHOWN:
            out.write(f"  … and {len(items) - SHOWN} more")
