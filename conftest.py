"""Test configuration shared by every app: the cast of personas, factories and the browser."""

import os

pytest_plugins = ["alongside.testing.personas", "alongside.testing.browser"]

if os.environ.get("ALONGSIDE_ENV") != "test":
    raise RuntimeError("Run the tests with ALONGSIDE_ENV=test (make test does).")
