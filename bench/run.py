"""Run the benchmarks against the real ASGI server: ``python -m bench.run [--duration 10]
[--connections 32] [--only NAME]``.

Steps: migrate the bench database (never the demo one: see bench/settings.py), start granian
exactly as ``alongside serve`` does on a free 127.0.0.1 port, run every ``bench/bench_*.py``
(``bench_bare`` and ``bench_bare_signed_in`` first: the baselines the others are compared
with), stop the server and write ``bench/results/<benchmark>-<database>.json`` and ``.md`` plus
``summary.md``.

A benchmark module exposes ``run(ctx) -> dict`` and optionally ``TITLE`` and ``DESCRIPTION``.
The dict it returns usually holds ``load`` (what ``ctx.load`` measured), ``path``, and any
``extra`` figures; the runner adds the environment, server memory and the ratio to the baseline
the module names in ``BASELINE`` (``bare``, the anonymous bare view, when it names none).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import importlib
import json
import os
import platform
import resource
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bench import loadgen
from bench.report import RESULTS_DIR, load_results, ratio, render_result, render_summary

__all__ = ["Context", "main", "ratio"]

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
DATA_DIR = ROOT / "data" / "bench"
# The bare view, anonymous and signed in; a benchmark names the one it is compared with in its
# module's ``BASELINE`` (the anonymous one when it does not).
BASELINES = ("bare", "bare_signed_in")


# ----------------------------------------------------------------------------------------------
# Environment of the spawned processes and what the report says about it


def bench_env(settings: str = "bench.settings") -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("GRANIAN_") and k not in {"ALONGSIDE_DEBUG", "ALONGSIDE_ALLOWED_HOSTS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings,
        ALONGSIDE_ENV="development",
        ALONGSIDE_DATA_DIR=str(DATA_DIR),
        ALONGSIDE_ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p),
    )
    return env


def describe_database(env: dict[str, str]) -> dict:
    url = env.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "engine": "SQLite",
            "kind": "sqlite",
            "version": sqlite3.sqlite_version,
            "name": str((DATA_DIR / "bench.sqlite3").relative_to(ROOT)),
        }
    import dj_database_url

    cfg = dj_database_url.parse(url)
    info = {
        "engine": "PostgreSQL" if "postgres" in cfg["ENGINE"] else cfg["ENGINE"],
        "kind": "postgresql" if "postgres" in cfg["ENGINE"] else cfg["ENGINE"].rsplit(".", 1)[-1],
        "name": cfg.get("NAME"),
        "host": cfg.get("HOST") or "localhost",
        "port": cfg.get("PORT") or 5432,
    }
    return info


def prepare_postgres(env: dict[str, str], info: dict) -> None:
    """Refuse a database not named for benchmarks; create it when missing; note its version."""
    if "bench" not in str(info.get("name", "")):
        sys.exit(
            f"DATABASE_URL names {info.get('name')!r}; benchmarks write to their database, so use "
            "one whose name contains 'bench', e.g. postgres://postgres@127.0.0.1:5432/alongside_bench"
        )
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(env["DATABASE_URL"])
    params = {
        "host": cfg.get("HOST") or None,
        "port": cfg.get("PORT") or None,
        "user": cfg.get("USER") or None,
        "password": cfg.get("PASSWORD") or None,
        "connect_timeout": 5,
    }
    params = {k: v for k, v in params.items() if v is not None}
    try:
        with psycopg.connect(dbname=cfg["NAME"], **params) as conn:
            info["version"] = conn.execute("SHOW server_version").fetchone()[0].split()[0]
        return
    except psycopg.OperationalError as exc:
        if "does not exist" not in str(exc):
            sys.exit(f"PostgreSQL at {info['host']}:{info['port']} did not answer: {exc}")
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))
        info["version"] = conn.execute("SHOW server_version").fetchone()[0].split()[0]
    print(f"created PostgreSQL database {cfg['NAME']!r}", flush=True)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(module: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(module)
    except PackageNotFoundError:
        return "?"


def _commit() -> str | None:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
        dirty = subprocess.run(
            # The results of earlier runs do not change what is measured.
            [
                "git",
                "status",
                "--porcelain",
                "--untracked-files=no",
                "--",
                ".",
                ":(exclude)bench/results",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (head + ("+changes" if dirty else "")) or None


# ----------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_command(port: int, workers: int) -> list[str]:
    # The very command `alongside serve` runs, so the bench measures what production serves.
    from alongside.cli import _server_command

    return _server_command("127.0.0.1", port, workers)


def start_server(command: list[str], env: dict[str, str], log_path: Path) -> subprocess.Popen:
    log = log_path.open("wb")
    try:
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    finally:
        log.close()


def wait_until_ready(
    proc: subprocess.Popen, base_url: str, log_path: Path, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    parts = urlsplit(base_url)
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited ({proc.returncode}):\n{_tail(log_path)}")
        try:
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {timeout:.0f} s:\n{_tail(log_path)}")


def stop_server(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)  # granian shuts its workers down on SIGINT/SIGTERM
    try:
        proc.wait(timeout=20)
        return
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the session we started for it, and nothing else
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _descendants(pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in parents.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def _status_kib(pid: int, key: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


_CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _process_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def _busy_ticks() -> int:
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return 0
    return sum(values) - values[3] - values[4]  # everything but idle and iowait


def _database_ticks() -> int:
    """CPU ticks of a local PostgreSQL: each postmaster with its reaped children (cutime,
    cstime), plus its live backends. Backends come and go with connections; this counts them all."""
    procs: dict[int, tuple[int, str, list[str]]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        comm = raw[raw.find("(") + 1 : raw.rfind(")")]
        fields = raw.rsplit(")", 1)[1].split()
        procs[int(entry.name)] = (int(fields[1]), comm, fields)
    total = 0
    for ppid, comm, fields in procs.values():
        if not comm.startswith("postgres"):
            continue
        total += int(fields[11]) + int(fields[12])
        if procs.get(ppid, (0, ""))[1] != "postgres":  # the postmaster itself
            total += int(fields[13]) + int(fields[14])
    return total


class CpuWatch:
    """Where the machine's CPU went during a measurement, in cores: the server, the load
    generator, a local PostgreSQL, and everything else (another test run beside the benchmark
    shows up there)."""

    def __init__(self, server_pid: int | None) -> None:
        self.server_pid = server_pid

    def __enter__(self) -> CpuWatch:
        self.pids = [self.server_pid, *_descendants(self.server_pid)] if self.server_pid else []
        self.start = (
            time.monotonic(),
            _busy_ticks(),
            _process_ticks(self.pids),
            self._own(),
            _database_ticks(),
        )
        return self

    @staticmethod
    def _own() -> float:
        me, kids = (
            resource.getrusage(resource.RUSAGE_SELF),
            resource.getrusage(resource.RUSAGE_CHILDREN),
        )
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    def __exit__(self, *exc: object) -> None:
        wall = time.monotonic() - self.start[0]
        busy = (_busy_ticks() - self.start[1]) / _CLK_TCK
        server = (_process_ticks(self.pids) - self.start[2]) / _CLK_TCK
        loadgen = self._own() - self.start[3]
        database = (_database_ticks() - self.start[4]) / _CLK_TCK
        self.figures = {
            "server_cores": round(server / wall, 2) if wall else None,
            "loadgen_cores": round(loadgen / wall, 2) if wall else None,
            "database_cores": round(database / wall, 2) if wall else None,
            "other_cores": round(max(0.0, busy - server - loadgen - database) / wall, 2)
            if wall
            else None,
            "machine_cores": os.cpu_count(),
        }


@dataclass
class MemoryWatch:
    """Peak resident memory (VmHWM) of the granian main process and its workers."""

    pid: int
    peaks: dict[int, int] = field(default_factory=dict)

    def sample(self) -> dict:
        for pid in [self.pid, *_descendants(self.pid)]:
            hwm = _status_kib(pid, "VmHWM")
            if hwm is not None:
                self.peaks[pid] = max(hwm, self.peaks.get(pid, 0))
        workers = {p: v for p, v in self.peaks.items() if p != self.pid}
        return {
            "main_peak_kib": self.peaks.get(self.pid),
            "worker_peak_kib": max(workers.values()) if workers else None,
            "total_peak_kib": sum(self.peaks.values()) or None,
            "processes": len(self.peaks),
            "source": "/proc/<pid>/status VmHWM",
        }


# ----------------------------------------------------------------------------------------------
# What a benchmark gets


def _median_rounds(runs: list[dict]) -> dict:
    """One load result from several rounds of the same load: the median of each rate and
    latency figure, errors and requests summed, CPU averaged."""
    merged = dict(runs[-1])
    merged["requests"] = sum(r["requests"] for r in runs)
    merged["duration_s"] = round(sum(r["duration_s"] for r in runs), 3)
    merged["requests_per_s"] = round(statistics.median(r["requests_per_s"] for r in runs), 1)
    merged["latency_ms"] = {
        k: round(statistics.median(r["latency_ms"][k] for r in runs), 2)
        for k in runs[0]["latency_ms"]
    }
    merged["latency_ms"]["max"] = max(r["latency_ms"]["max"] for r in runs)
    merged["errors"] = {k: sum(r["errors"][k] for r in runs) for k in runs[0]["errors"]}
    cpus = [r["cpu"] for r in runs if r.get("cpu")]
    if cpus:
        merged["cpu"] = {}
        for k in cpus[0]:
            values = [c[k] for c in cpus if c.get(k) is not None]
            merged["cpu"][k] = (
                cpus[0][k]
                if k == "machine_cores"
                else (round(statistics.mean(values), 2) if values else None)
            )
    merged["rounds"] = len(runs)
    return merged


@dataclass
class Context:
    base_url: str
    env: dict[str, str]
    environment: dict
    duration: float = 10.0
    warmup: float = 2.0
    connections: int = 32
    threads: int = 1
    timeout: float = 5.0
    wrk: str | None = None
    server_pid: int | None = None
    baseline: dict | None = None  # the anonymous bare view's result
    baselines: dict[str, dict] = field(default_factory=dict)  # every baseline's, by benchmark name
    latency_connections: int = 4
    rounds: int = 4

    def latency_vs_bare(
        self,
        path: str,
        headers: dict[str, str] | None = None,
        bare_headers: dict[str, str] | None = None,
        bare_bytes: int = 0,
    ) -> dict:
        """p50/p95 of ``path`` and of the bare view, both at ``latency_connections`` concurrent
        connections: below saturation, so latency is the work a request costs rather than the
        queue in front of it (at 32 connections p95 mostly measures throughput). Measured in
        alternating rounds (``paired``); ``bare_headers`` as there."""
        return self.paired(
            path,
            headers=headers,
            bare_headers=bare_headers,
            bare_bytes=bare_bytes,
            connections=self.latency_connections,
        )

    def paired(
        self,
        path: str,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: str | bytes | None = None,
        connections: int | None = None,
        bare_headers: dict[str, str] | None = None,
        bare_bytes: int = 0,
    ) -> dict:
        """``path`` and the bare view measured in alternating rounds — bare, path, bare, path… —
        each round a share of ``duration``, so both see the machine at the same moments: a drift
        in its speed during the run (another tenant, a cold cache, frequency scaling) moves both
        alike instead of only whichever was measured later. Each figure is the median over the
        rounds; the ratios compare those medians, and every round is kept in the report.

        The bare view is requested with ``bare_headers``: a signed-in page passes its session
        cookie, so it is compared with the signed-in bare view (the session and user reads that
        any signed-in request pays on both sides); without them it is the anonymous bare view.
        ``bare_bytes`` makes the bare view answer with that many bytes from memory: the floor
        for a route whose answer is that large."""
        connections = connections or self.connections
        each = max(2.0, self.duration / self.rounds)
        sides: dict[str, list[dict]] = {"bare": [], "path": []}
        for i in range(self.rounds):
            warm = self.warmup if i == 0 else 0.0
            sides["bare"].append(
                self.load(
                    f"/bench/bare/?bytes={bare_bytes}" if bare_bytes else "/bench/bare/",
                    headers=bare_headers,
                    connections=connections,
                    duration=each,
                    warmup=warm,
                )
            )
            sides["path"].append(
                self.load(
                    path,
                    method=method,
                    headers=headers,
                    body=body,
                    connections=connections,
                    duration=each,
                    warmup=warm,
                )
            )
        bare, measured = _median_rounds(sides["bare"]), _median_rounds(sides["path"])
        return {
            "connections": connections,
            "rounds": self.rounds,
            "baseline": ("bare_signed_in" if bare_headers else "bare")
            + (f" answering {bare_bytes:,} bytes" if bare_bytes else ""),
            "bare": bare,
            "path": measured,
            "requests_per_s_ratio": round(measured["requests_per_s"] / bare["requests_per_s"], 3)
            if bare["requests_per_s"]
            else None,
            "p50_ratio": round(measured["latency_ms"]["p50"] / bare["latency_ms"]["p50"], 2),
            "p95_ratio": round(measured["latency_ms"]["p95"] / bare["latency_ms"]["p95"], 2),
            "each_round": [
                {
                    "bare_requests_per_s": b["requests_per_s"],
                    "requests_per_s": m["requests_per_s"],
                    "bare_p95_ms": b["latency_ms"]["p95"],
                    "p95_ms": m["latency_ms"]["p95"],
                }
                for b, m in zip(sides["bare"], sides["path"], strict=True)
            ],
        }

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")

    def load(
        self,
        path: str,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: str | bytes | None = None,
        duration: float | None = None,
        connections: int | None = None,
        warmup: float | None = None,
    ) -> dict:
        """Warm up, then measure ``path`` under load; returns requests/s, latency and errors."""
        kwargs = {
            "method": method,
            "headers": headers,
            "body": body,
            "connections": connections or self.connections,
            "threads": self.threads,
            "timeout": self.timeout,
        }
        url = self.url(path)
        warm = self.warmup if warmup is None else warmup
        if warm > 0:
            self._load(url, duration=warm, **kwargs)
        with CpuWatch(self.server_pid) as cpu:
            result = self._load(url, duration=duration or self.duration, **kwargs)
        result["cpu"] = cpu.figures
        result["url"] = "/" + path.lstrip("/")  # the port changes every run; keep reports stable
        return result

    def _load(self, url: str, **kwargs) -> dict:
        if self.wrk:
            return loadgen.run_wrk(self.wrk, url, **kwargs)
        return loadgen.run_python(url, **kwargs)

    def request(
        self,
        path: str,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: str | bytes | None = None,
        timeout: float = 30,
    ) -> tuple[int, dict[str, str], bytes]:
        """One request (for a benchmark's setup: a login, a check that the page answers)."""
        parts = urlsplit(self.base_url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        """A management command against the bench database (e.g. to seed data)."""
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )


# ----------------------------------------------------------------------------------------------


def discover(only: list[str]) -> list[str]:
    names = sorted(p.stem.removeprefix("bench_") for p in BENCH_DIR.glob("bench_*.py"))
    if only:
        unknown = sorted(set(only) - set(names))
        if unknown:
            sys.exit(f"no benchmark named {', '.join(unknown)}; there are: {', '.join(names)}")
        names = [n for n in names if n in only]
    # The baselines always run first: the others report ratios to one of them, measured in the
    # same run (the anonymous bare view, or the signed-in one for pages behind a session).
    return [*BASELINES, *[n for n in names if n not in BASELINES]]


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--duration", type=float, default=10.0, help="measured seconds per benchmark (10)"
    )
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds before each (2)")
    parser.add_argument(
        "--connections", type=int, default=32, help="concurrent keep-alive connections (32)"
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="wrk threads (1: leave the cores to the server)"
    )
    parser.add_argument(
        "--timeout", type=float, default=5.0, help="seconds before a request counts as timed out"
    )
    parser.add_argument("--workers", type=int, default=1, help="granian worker processes (1)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=4,
        help="alternating rounds when a benchmark is compared with the bare view (4)",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="run only this benchmark (repeatable; bare always runs)",
    )
    parser.add_argument("--loadgen", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument(
        "--settings",
        default="bench.settings",
        help="settings module for an experiment; it must star-import bench.settings (default bench.settings)",
    )
    args = parser.parse_args(argv)
    only = [
        n.strip().removeprefix("bench_") for item in args.only for n in item.split(",") if n.strip()
    ]

    names = discover(only)
    # Results of an experiment with other settings are kept apart from the standard ones.
    variant = "" if args.settings == "bench.settings" else "-" + args.settings.rsplit(".", 1)[-1]
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    env = bench_env(args.settings)
    database = describe_database(env)
    if database["kind"] == "postgresql":
        prepare_postgres(env, database)

    wrk = None
    if args.loadgen != "python":
        wrk = loadgen.find_wrk(install=True)
        if wrk is None and args.loadgen == "wrk":
            sys.exit("wrk is not installed and could not be installed")
    tool = "wrk" if wrk else "python-asyncio (bench/loadgen.py)"

    print(f"migrating the bench database ({database['engine']} {database.get('name')})", flush=True)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )

    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = server_command(port, args.workers)
    shown = " ".join(["python", *command[1:]]).replace(f"--port {port}", "--port <free port>")
    environment = {
        "timestamp": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "commit": _commit(),
        "database": database,
        "cache": "Redis" if env.get("REDIS_URL") else "in-memory (locmem / InMemoryChannelLayer)",
        "server": "granian",
        "server_command": shown,
        "server_workers": args.workers,
        "settings": args.settings,
        "python": platform.python_version(),
        "django": _version("django"),
        "granian": _version("granian"),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "platform": f"{platform.system()} {platform.release()} {platform.machine()}",
        "load_tool": tool,
        "connections": args.connections,
        "threads": args.threads if wrk else None,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
    }

    log_path = DATA_DIR / "server.log"
    print(f"starting {shown} (log: {log_path.relative_to(ROOT)})", flush=True)
    proc = start_server(command, env, log_path)
    failures = 0
    written = []
    try:
        wait_until_ready(proc, base_url, log_path)
        memory = MemoryWatch(proc.pid)
        memory.sample()
        ctx = Context(
            base_url=base_url,
            env=env,
            environment=environment,
            duration=args.duration,
            warmup=args.warmup,
            connections=args.connections,
            threads=args.threads,
            timeout=args.timeout,
            wrk=wrk,
            server_pid=proc.pid,
            rounds=max(1, args.rounds),
        )
        for name in names:
            module = importlib.import_module(f"bench.bench_{name}")
            print(f"- {name}: {getattr(module, 'TITLE', name)}", flush=True)
            started = time.monotonic()
            try:
                result = dict(module.run(ctx))
            except Exception as exc:  # one broken benchmark must not lose the others' figures
                failures += 1
                traceback.print_exc()
                result = {"error": f"{type(exc).__name__}: {exc}"}
            result.setdefault("title", getattr(module, "TITLE", name))
            result.setdefault("description", getattr(module, "DESCRIPTION", ""))
            label = result.pop(
                "label", name
            )  # a benchmark run at another size names its results apart
            result.update(
                benchmark=label,
                name=f"{label}-{database['kind']}{variant}",
                database_kind=database["kind"],
                environment=environment,
                server_memory=memory.sample(),
                wall_s=round(time.monotonic() - started, 1),
            )
            if name != "bare":
                baseline = getattr(module, "BASELINE", "bare")
                result["baseline"] = baseline
                result["ratio_to_baseline"] = ratio(result, ctx.baselines.get(baseline))
            if name in BASELINES and "load" in result:
                ctx.baselines[name] = result
                if name == "bare":
                    ctx.baseline = result
            load = result.get("load")
            if load:
                print(
                    f"  {load['requests_per_s']:,.1f} req/s, p50 {load['latency_ms']['p50']:.2f} ms, "
                    f"p95 {load['latency_ms']['p95']:.2f} ms, p99 {load['latency_ms']['p99']:.2f} ms, "
                    f"{load['errors']['total']} errors",
                    flush=True,
                )
                cpu = load.get("cpu") or {}
                if (cpu.get("other_cores") or 0) > 0.2:
                    print(
                        f"  note: other processes used {cpu['other_cores']} cores during the "
                        "measurement; the figures are lower than on a quiet machine",
                        flush=True,
                    )
                if load["errors"]["total"]:
                    print(
                        f"  errors: {load['errors']} (see {log_path.relative_to(ROOT)})", flush=True
                    )
            _write(RESULTS_DIR / f"{result['name']}.json", json.dumps(result, indent=2) + "\n")
            _write(RESULTS_DIR / f"{result['name']}.md", render_result(result))
            written.append(result["name"])
    finally:
        stop_server(proc)

    _write(RESULTS_DIR / "summary.md", render_summary(load_results(RESULTS_DIR)))
    rel = RESULTS_DIR.relative_to(ROOT)
    print(f"wrote {', '.join(f'{rel}/{n}.json' for n in written)} and {rel}/summary.md", flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
