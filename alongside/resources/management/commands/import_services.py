"""Import services into an organization's directory listing from a CSV file.

    manage.py import_services FILE --organization SLUG

For the server's operator (the upload page is for an organization's admins). The columns are in
docs/resources.md; alongside/resources/samples/services-sample.csv is an example. All or nothing: a file with
any row in error imports none, and each error is printed with its line number. Exit status 0
when imported, 1 when refused (nothing changed).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from alongside.accounts.models import Organization
from alongside.resources import services


class Command(BaseCommand):
    help = "Import services from a CSV file into an organization's listing (all or nothing)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="a CSV file (UTF-8) with the columns in docs/resources.md")
        parser.add_argument("--organization", required=True, help="the organization's slug")

    def handle(self, *args, **options) -> None:
        organization = Organization.objects.filter(slug=options["organization"]).first()
        if organization is None:
            raise CommandError(f"No organization {options['organization']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        report = services.import_services(organization=organization, content=path.read_bytes())
        if report.ok:
            self.stdout.write(
                f"Imported into {organization.name}: {report.created} added, "
                f"{report.updated} updated."
            )
            return
        lines = [report.file_error] if report.file_error else []
        lines += [
            f"line {e.line}{f', column {e.column!r}' if e.column else ''}: {e.message}"
            for e in report.errors
        ]
        raise CommandError("Nothing was imported.\n" + "\n".join(lines))
