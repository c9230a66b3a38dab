"""A visitor to the demo finishes sign-up without a mail server: the "check your e-mail" page
leads to an outbox of kept messages whose links work. Production never has that page. Sign-up
also asks, optionally, which pathways are part of the person's recovery."""

from __future__ import annotations

import re
import stat
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from cryptography.fernet import Fernet
from django.test import Client

from alongside.accounts.models import User
from alongside.testing.server import ROOT, clean_env

pytestmark = pytest.mark.django_db(transaction=True)

SIGN_UP = {
    "first_name": "Ari",
    "email": "ari@example.org",
    "password1": "a-long-new-password",
    "password2": "a-long-new-password",
    "time_zone": "America/Chicago",
}


@pytest.fixture
def outbox(tmp_path, settings):
    settings.DEV_OUTBOX = True
    settings.EMAIL_BACKEND = "alongside.accounts.outbox.OutboxBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "outbox"
    return tmp_path / "outbox"


def test_a_visitor_confirms_their_address_from_the_outbox_and_keeps_their_pathways(outbox) -> None:
    client = Client()
    response = client.post(
        "/accounts/signup/", {**SIGN_UP, "pathways": ["na", "smart"]}, follow=True
    )
    page = response.content.decode()
    assert "Check your e-mail" in page
    assert "This is a trial server: it sends no e-mail." in page
    assert '<a href="/dev/outbox/">Open the outbox to find your confirmation link</a>' in page

    kept = list(outbox.glob("*.eml"))
    assert len(kept) == 1 and stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    listing = client.get("/dev/outbox/").content.decode()
    assert "To ari@example.org" in listing
    assert "Please Confirm Your Email Address" in listing
    link = re.search(r'<a href="(http://testserver/accounts/confirm-email/[^"]+)"', listing)
    assert link, listing
    confirm = client.get(link.group(1).removeprefix("http://testserver"))
    assert confirm.status_code == 200
    client.post(link.group(1).removeprefix("http://testserver"))

    user = User.objects.get(email="ari@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert user.pathways == ["na", "smart"]
    assert (
        "Your pathways: Narcotics Anonymous, SMART Recovery"
        in client.get("/home/").content.decode()
    )


def test_sign_up_offers_pathways_as_a_group_that_can_be_skipped(outbox) -> None:
    page = Client().get("/accounts/signup/").content.decode()
    assert "<legend>Pathways that are part of your recovery (optional)</legend>" in page
    assert "Moderation Management" in page
    Client().post("/accounts/signup/", SIGN_UP)
    assert User.objects.get(email="ari@example.org").pathways == []


def test_the_outbox_is_not_there_under_test_settings() -> None:
    client = Client()
    assert client.get("/dev/outbox/").status_code == 404
    client.post("/accounts/signup/", SIGN_UP)
    page = client.get("/accounts/confirm-email/").content.decode()
    assert "Check your e-mail" in page and "/dev/outbox/" not in page


PROBE = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
django.setup()
from django.conf import settings
from django.http import Http404
from django.test import RequestFactory
from django.urls import resolve
# The view itself (rendering the 404 page would want production's collected static files).
request = RequestFactory().get("/dev/outbox/", HTTP_HOST="alongside.example.org", secure=True)
try:
    status = resolve("/dev/outbox/").func(request).status_code
except Http404:
    status = 404
print(settings.DEV_OUTBOX, settings.EMAIL_BACKEND, status)
"""


def _probe(env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean_env(env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.own_processes
@pytest.mark.django_db
def test_production_has_no_outbox_and_development_keeps_its_mail_there(tmp_path) -> None:
    production = {
        "ALONGSIDE_ENV": "production",
        "ALONGSIDE_DATA_DIR": str(tmp_path / "prod"),
        "ALONGSIDE_SECRET_KEY": Fernet.generate_key().decode() * 2,
        "ALONGSIDE_FIELD_KEYS": Fernet.generate_key().decode(),
        "ALONGSIDE_ALLOWED_HOSTS": "alongside.example.org",
        "ALONGSIDE_EMAIL_URL": "smtp://alongside:secret@smtp.example.org:587",
        "ALONGSIDE_DEBUG": "1",  # never turns development tools on in production
    }
    assert _probe(production) == "False django.core.mail.backends.smtp.EmailBackend 404"
    development = {"ALONGSIDE_ENV": "development", "ALONGSIDE_DATA_DIR": str(tmp_path / "dev")}
    assert _probe(development).startswith("True alongside.accounts.outbox.OutboxBackend")
    with_mail = {**development, "ALONGSIDE_EMAIL_URL": "smtp://a:b@smtp.example.org:587"}
    assert _probe(with_mail).startswith("False django.core.mail.backends.smtp.EmailBackend")
