"""The `alongside` command: demo, serve, worker and manage."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    execute_from_command_line(["alongside manage", *args])


def _server_command(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "granian",
        "--interface",
        "asginl",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-ws" if os.environ.get("ALONGSIDE_NO_WS") else "--ws",
        "alongside.asgi:application",
    ]


def _announce(host: str, port: int) -> None:
    print(f"Alongside is serving at http://{host}:{port}/ (Ctrl+C to stop)", flush=True)


def _check_settings() -> str | None:
    """Load the settings here, before any server starts: the reason they refuse, or None."""
    from django.core.exceptions import ImproperlyConfigured

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    from django.conf import settings

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading a setting loads them all
    except ImproperlyConfigured as error:
        return str(error)
    return None


def serve(host: str, port: int, workers: int) -> int:
    """Run the production-style ASGI server (HTTP and WebSocket) in the foreground, in place of
    this process: a supervisor's stop signal then reaches the server itself."""
    # The settings know how many processes will serve (several need a shared cache), and so
    # do the server's workers, which inherit this environment.
    os.environ["ALONGSIDE_WORKERS"] = str(workers)
    refusal = _check_settings()
    if refusal is not None:
        print(f"alongside serve: {refusal}", file=sys.stderr)
        return 1
    _announce(host, port)
    command = _server_command(host, port, workers)
    os.execv(command[0], command)  # noqa: S606 - the server takes this process over, arguments fixed above
    return 1  # not reached


def _in_foreground(command: list[str]) -> int:
    """Run a server as a child that stops when this process is told to stop (SIGTERM, SIGHUP);
    Ctrl+C reaches both already, as they share the terminal."""
    child = subprocess.Popen(command)

    def forward(signum: int, _frame: object) -> None:
        child.send_signal(signum)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            continue  # the child got it too; wait for it to finish stopping


def worker(extra: list[str]) -> None:
    _manage("db_worker", *extra)


def demo(host: str, port: int, serve_after: bool) -> int:
    """Migrate, load the demo cast, then serve the app with a task worker beside it."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    env = dict(os.environ)
    subprocess.check_call(
        [sys.executable, "-m", "alongside.cli", "manage", "migrate", "--noinput", "-v", "0"],
        env=env,
    )
    subprocess.check_call([sys.executable, "-m", "alongside.cli", "manage", "demo_data"], env=env)
    if not serve_after:
        return 0
    worker_proc = subprocess.Popen(
        [sys.executable, "-m", "alongside.cli", "worker", "--no-startup-delay"], env=env
    )
    _announce(host, port)
    try:
        return _in_foreground(_server_command(host, port, 1))
    finally:
        worker_proc.send_signal(signal.SIGTERM)
        try:
            worker_proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker_proc.kill()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(prog="alongside", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p_demo = sub.add_parser("demo", help="migrate, load demo data and serve at 127.0.0.1:8000")
    p_demo.add_argument("--host", default="127.0.0.1")
    p_demo.add_argument("--port", type=int, default=8000)
    p_demo.add_argument("--no-serve", action="store_true", help="set up the demo and exit")
    p_serve = sub.add_parser("serve", help="run the ASGI server (HTTP and WebSocket)")
    p_serve.add_argument("--host", default=os.environ.get("ALONGSIDE_HOST", "127.0.0.1"))
    p_serve.add_argument("--port", type=int, default=int(os.environ.get("ALONGSIDE_PORT", "8000")))
    p_serve.add_argument(
        "--workers", type=int, default=int(os.environ.get("ALONGSIDE_WORKERS", "1"))
    )
    sub.add_parser("worker", help="run the background task worker", add_help=False)
    sub.add_parser("manage", help="run a Django management command", add_help=False)

    if argv and argv[0] in {"manage", "worker"}:
        # Everything after the subcommand belongs to Django's own parser.
        if argv[0] == "manage":
            _manage(*argv[1:])
        else:
            worker(argv[1:])
        return 0
    args = parser.parse_args(argv)
    if args.command == "demo":
        return demo(args.host, args.port, not args.no_serve)
    if args.command == "serve":
        return serve(args.host, args.port, args.workers)
    return 2


if __name__ == "__main__":
    sys.exit(main())
