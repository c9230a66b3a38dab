"""Import a meeting feed (Meeting Guide JSON, TSML CSV or BMLT JSON) from a file or URL.

    manage.py import_meetings FEED --source SLUG [--name NAME --program aa --time-zone America/New_York
                              --organization SLUG] [--format auto|json|csv] [--skip-invalid] [--confirm-removals] [--json]

For the server's operator (the page and the API are for a source's owners). The source is
created when it does not exist (then --name, --program and --time-zone are needed); it belongs
to --organization (whose org admins and facilitators then import into it from the page and the
API) or, without one, to the site-wide directory and its stewards. A URL is
fetched with the same guards as the worker's (public addresses only, one deadline, the size
limit). A feed that would remove more than 20% of the source's meetings changes nothing unless
--confirm-removals is given. Exit status 0 when imported, 1 when refused or held (nothing
changed), with the report.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alongside.accounts.models import Organization
from alongside.meetings import imports
from alongside.meetings.models import ImportSource, Program


class Command(BaseCommand):
    help = "Import a meeting feed from a file or URL into a source (all or nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("feed", help="a file path or an http(s) URL")
        parser.add_argument("--source", required=True, help="the import source's slug")
        parser.add_argument("--name", help="name for a new source")
        parser.add_argument("--program", help="program slug for a new source (aa, na, smart, …)")
        parser.add_argument("--time-zone", help="time zone for rows that give none (new source)")
        parser.add_argument(
            "--organization",
            help="slug of the organization that owns a new source (default: the site-wide directory)",
        )
        parser.add_argument("--format", default="auto", choices=["auto", "json", "csv"])
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="import the valid rows and skip rows in error",
        )
        parser.add_argument(
            "--confirm-removals",
            action="store_true",
            help="go ahead even if the feed removes more than 20%% of the source's meetings",
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, **options) -> None:
        source = ImportSource.objects.filter(slug=options["source"]).first()
        if source is None:
            if not (options["name"] and options["program"] and options["time_zone"]):
                raise CommandError(
                    f"No source {options['source']!r}: give --name, --program and --time-zone to create it."
                )
            program = Program.objects.filter(slug=options["program"]).first()
            if program is None:
                raise CommandError(
                    f"No program {options['program']!r}; choose one of: {', '.join(Program.objects.values_list('slug', flat=True))}"
                )
            owner = None
            if options["organization"]:
                owner = Organization.objects.filter(slug=options["organization"]).first()
                if owner is None:
                    raise CommandError(f"No organization {options['organization']!r}.")
            source = ImportSource(
                slug=options["source"],
                name=options["name"],
                program=program,
                default_time_zone=options["time_zone"],
                organization=owner,
            )
            source.full_clean()
            source.save()
        feed = options["feed"]
        try:
            if feed.startswith(("http://", "https://")):
                data = imports.fetch_url(feed)
            else:
                path = Path(feed)
                if path.stat().st_size > imports.max_bytes():
                    raise imports.TooLarge(imports.too_large_message(path.stat().st_size))
                data = path.read_bytes()
        except (imports.TooLarge, imports.FeedError, OSError) as error:
            raise CommandError(str(error)) from error
        run = imports.import_feed(
            source=source,
            data=data,
            origin=feed,
            format=options["format"],
            skip_invalid=options["skip_invalid"],
            confirm_removals=options["confirm_removals"],
        )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "status": run.status,
                        "message": run.message,
                        "seconds": run.seconds,
                        "created": run.created,
                        "updated": run.updated,
                        "unchanged": run.unchanged,
                        "removed": run.removed,
                        "restored": run.restored,
                        "summary": run.report.get("summary", []),
                    }
                )
            )
        else:
            self.stdout.write(f"{run.message} ({run.rows} rows, {run.seconds:.2f} s)")
            for item in run.report.get("summary", []):
                rows = ", ".join(str(r) for r in item["rows"][:5] if r)
                self.stdout.write(
                    f"  {item['severity']:<7} {item['field']:<14} {item['count']:>5}× {item['message']}"
                    + (f" (rows {rows}…)" if rows else "")
                )
        if run.status != "done":
            raise SystemExit(1)
