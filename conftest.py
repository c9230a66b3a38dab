"""Test configuration shared by every app: the cast of personas, factories and the browser."""

import os

import pytest
from django.conf import settings
from django.utils import timezone, translation

pytest_plugins = ["alongside.testing.personas", "alongside.testing.browser"]

if os.environ.get("ALONGSIDE_ENV") != "test":
    raise RuntimeError("Run the tests with ALONGSIDE_ENV=test (make test does).")


@pytest.fixture(autouse=True)
def _default_language_and_zone():
    """Each test starts in the site's language and zone: a request signed in as someone who
    reads Spanish activates Spanish for the thread, and a test that makes no request of its own
    would otherwise read what the previous test left."""
    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()
    yield
    translation.activate(settings.LANGUAGE_CODE)
    timezone.deactivate()
