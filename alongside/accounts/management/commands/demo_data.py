from __future__ import annotations

from django.core.management.base import BaseCommand

from alongside.accounts.cast import DEMO_PASSWORD, build_cast


class Command(BaseCommand):
    help = "Create the demo organization and a login for every role (safe to run again)."

    def handle(self, *args, **options) -> None:
        logins = build_cast()
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
