from __future__ import annotations

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from alongside.accounts.cast import DEMO_PASSWORD, build_cast

# Each app may add believable demo rows in `alongside/<app>/demo.py`: populate(logins) -> lines.
DEMO_APPS = [
    "privacy",
    "journey",
    "meetings",
    "assessments",
    "peers",
    "caseload",
    "training",
    "outcomes",
    "matching",
    "resources",
    "counseling",
    "family",
    "housing",
    "community",
]


class Command(BaseCommand):
    help = "Create the demo organization and a login for every role (safe to run again)."

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            # The demo cast signs in with one published password, and staff with printed codes.
            raise CommandError(
                "demo_data makes accounts whose password is published, so it does not run in "
                "production (ALONGSIDE_ENV=production). Nothing was changed. Try the demo on a "
                "machine of its own with `alongside demo`."
            )
        logins = build_cast()
        for app in DEMO_APPS:
            try:
                module = importlib.import_module(f"alongside.{app}.demo")
            except ModuleNotFoundError:
                continue
            for line in module.populate(logins):
                self.stdout.write(f"{app}: {line}\n")
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
        self.stdout.write(f"{'role':<16} {'email':<30} two-step (staff only)\n")
        for login in logins.values():
            extra = ""
            if login.totp_secret:
                extra = f"TOTP secret {login.totp_secret} · recovery code {login.recovery_code}"
            self.stdout.write(f"{login.person.key:<16} {login.person.email:<30} {extra}\n")
        self.stdout.write(
            "\nStaff sign in with an authenticator app set up from the TOTP secret, "
            "or with the recovery code shown.\n"
        )
