"""The real server for tests: `alongside` commands in subprocesses on a data folder of their own.

`served(...)` runs `alongside serve` on a free port of 127.0.0.1 until the block ends;
`signed_in(...)` makes a person in that folder's database and returns their session cookie.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def clean_env(env: dict[str, str]) -> dict[str, str]:
    """This process's environment without its own settings, plus `env`."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ALONGSIDE_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    return {**inherited, **env}


def run_cli(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """`alongside <args>` to its end."""
    return subprocess.run(
        [sys.executable, "-m", "alongside.cli", *args],
        cwd=ROOT,
        env=clean_env(env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


_migrated_folder: list[Path] = []


def migrated(env: dict[str, str]) -> None:
    """Give `env`'s data folder a freshly migrated SQLite database (development settings).

    Migrating takes a CPU-bound quarter of a minute, so each test process migrates one folder
    once and copies it, keys included (its rows were written with them), into every folder
    asked for. The result is the same as `alongside manage migrate` run in that folder."""
    assert env.get("ALONGSIDE_ENV") == "development" and "DATABASE_URL" not in env, env
    if not _migrated_folder:
        folder = Path(tempfile.mkdtemp(prefix="alongside-migrated-"))
        template = {"ALONGSIDE_DATA_DIR": str(folder), "ALONGSIDE_ENV": "development"}
        done = run_cli(template, "manage", "migrate", "-v", "0", timeout=300)
        assert done.returncode == 0, done.stderr
        _migrated_folder.append(folder)
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    shutil.copytree(_migrated_folder[0], env["ALONGSIDE_DATA_DIR"], dirs_exist_ok=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(env: dict[str, str], *args: str) -> Iterator[int]:
    """`alongside serve` (with `args`) answering on the port yielded, stopped afterwards."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "alongside.cli", "serve", "--port", str(port), *args],
        cwd=ROOT,
        env=clean_env(env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # so that its workers can be stopped with it
    )
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).read()  # noqa: S310
                break
            except OSError:
                if server.poll() is not None:
                    raise AssertionError("`alongside serve` stopped before it answered") from None
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


SIGN_IN = """
from allauth.account.models import EmailAddress
from django.test import Client
from alongside.accounts.models import User
user = User.objects.filter(email={email!r}).first() or User.objects.create_user(
    email={email!r}, password="a-long-test-password", first_name={first_name!r})
EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={{"verified": True, "primary": True}})
client = Client()
client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
print(client.cookies["sessionid"].value)
"""


def signed_in(env: dict[str, str], *, email: str, first_name: str) -> str:
    """A session cookie for this person (made on first use) in the database `env` names."""
    result = run_cli(
        env, "manage", "shell", "-c", SIGN_IN.format(email=email, first_name=first_name)
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def get(
    port: int, path: str, *, session: str = "", timeout: float = 10
) -> tuple[int, Message, str]:
    """GET a path (signed in when `session` is given): status, headers and the text."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")  # noqa: S310
    if session:
        request.add_header("Cookie", f"sessionid={session}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()
