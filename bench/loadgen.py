"""Load generation for the benchmarks: wrk with a Lua reporter, or a small asyncio fallback.

Both produce the same figures (see ``empty_result``) so a report does not depend on which tool
ran, only says so. Every target is on 127.0.0.1 and every run is bounded by its duration.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ERROR_KINDS = ("connect", "read", "write", "status", "timeout")

# wrk calls done() once at the end with the summary and the latency histogram (microseconds).
_WRK_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write("BENCH_JSON ")
  io.write(string.format(
    '{"duration_us":%.0f,"requests":%.0f,"bytes":%.0f,' ..
    '"errors":{"connect":%.0f,"read":%.0f,"write":%.0f,"status":%.0f,"timeout":%.0f},' ..
    '"latency_us":{"min":%.0f,"mean":%.3f,"stdev":%.3f,"max":%.0f,' ..
    '"p50":%.0f,"p90":%.0f,"p95":%.0f,"p99":%.0f}}',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99)))
  io.write("\n")
end
"""


def _lua_string(value: str) -> str:
    """A Lua string literal for any text: every byte that is not plainly safe as a decimal escape,
    always three digits, so a digit after it is not read as part of it (an ETag: `"3f…"`)."""
    out = []
    for byte in value.encode():
        char = chr(byte)
        out.append(
            char if char.isalnum() or char in " -_./:=;,+*()[]{}@?&%!#$^~|<>'" else f"\\{byte:03d}"
        )
    return '"' + "".join(out) + '"'


def wrk_script(method: str, headers: dict[str, str] | None, body: str | bytes | None) -> str:
    lines = [f"wrk.method = {_lua_string(method.upper())}"]
    if body is not None:
        text = body.decode() if isinstance(body, bytes) else body
        lines.append(f"wrk.body = {_lua_string(text)}")
    for name, value in (headers or {}).items():
        lines.append(f"wrk.headers[{_lua_string(name)}] = {_lua_string(value)}")
    return "\n".join(lines) + "\n" + _WRK_DONE


def empty_result(tool: str, url: str, method: str, connections: int) -> dict:
    return {
        "tool": tool,
        "url": url,
        "method": method,
        "connections": connections,
        "duration_s": 0.0,
        "requests": 0,
        "requests_per_s": 0.0,
        "bytes": 0,
        "latency_ms": {
            "min": 0.0,
            "mean": 0.0,
            "max": 0.0,
            "p50": 0.0,
            "p90": 0.0,
            "p95": 0.0,
            "p99": 0.0,
        },
        "errors": {**dict.fromkeys(ERROR_KINDS, 0), "total": 0},
    }


def find_wrk(install: bool = True) -> str | None:
    """wrk on PATH; when missing and running as root, try Debian's package once."""
    found = shutil.which("wrk")
    if found or not install or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return found
    if not shutil.which("apt-get"):
        return None
    apt = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (
        ["apt-get", "install", "-y", "-q", "wrk"],
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "wrk"],
    ):
        try:
            subprocess.run(step, env=apt, timeout=300, check=False, capture_output=True)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if shutil.which("wrk"):
            return shutil.which("wrk")
    return None


def run_wrk(
    wrk: str,
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: str | bytes | None = None,
    duration: float = 10.0,
    connections: int = 32,
    threads: int = 1,
    timeout: float = 5.0,
) -> dict:
    _check_local(url)
    threads = max(1, min(threads, connections))
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(wrk_script(method, headers, body))
        script = handle.name
    try:
        command = [
            wrk,
            f"-t{threads}",
            f"-c{connections}",
            f"-d{max(1, round(duration))}s",
            f"--timeout={max(1, round(timeout))}s",
            "-s",
            script,
            url,
        ]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=duration + timeout + 30
        )
    finally:
        Path(script).unlink(missing_ok=True)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(
            f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}"
        )
    raw = json.loads(line.removeprefix("BENCH_JSON "))
    result = empty_result("wrk", url, method.upper(), connections)
    seconds = raw["duration_us"] / 1e6
    result.update(
        duration_s=round(seconds, 3),
        requests=int(raw["requests"]),
        requests_per_s=round(raw["requests"] / seconds, 1) if seconds else 0.0,
        bytes=int(raw["bytes"]),
        threads=threads,
    )
    result["latency_ms"] = {
        k: round(v / 1000, 3) for k, v in raw["latency_us"].items() if k != "stdev"
    }
    result["latency_ms"]["stdev"] = round(raw["latency_us"]["stdev"] / 1000, 3)
    errors = {k: int(raw["errors"][k]) for k in ERROR_KINDS}
    result["errors"] = {**errors, "total": sum(errors.values())}
    return result


# ----------------------------------------------------------------------------------------------
# Fallback: HTTP/1.1 keep-alive clients on one asyncio loop. Slower than wrk (it is Python), so
# at high request rates it measures itself as much as the server; reports say which tool ran.


def _check_local(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        raise ValueError(f"benchmarks only send load to this machine's loopback, not {host!r}")


def _percentile(ordered: list[float], pct: float) -> float:
    if not ordered:
        return 0.0
    rank = max(0, min(len(ordered) - 1, int(round(pct / 100 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, int, bool]:
    """Status, bytes read and whether the server keeps the connection open."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    fields = {}
    for line in lines[1:]:
        if ":" in line:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
    size = len(head)
    keep = fields.get("connection", "").lower() != "close"
    if "chunked" in fields.get("transfer-encoding", "").lower():
        while True:
            size_line = await reader.readuntil(b"\r\n")
            chunk = int(size_line.split(b";")[0].strip(), 16)
            data = await reader.readexactly(chunk + 2)
            size += len(size_line) + len(data)
            if chunk == 0:
                trailer = data
                while trailer != b"\r\n":
                    trailer = await reader.readuntil(b"\r\n")
                break
    elif "content-length" in fields:
        size += len(await reader.readexactly(int(fields["content-length"])))
    elif status not in (204, 304) and not (100 <= status < 200):
        size += len(await reader.read())
        keep = False
    return status, size, keep


async def _python_load(
    url: str,
    method: str,
    headers: dict[str, str],
    body: bytes,
    duration: float,
    connections: int,
    timeout: float,
) -> dict:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    head = {"Host": parts.netloc, "User-Agent": "bench-loadgen", **headers}
    if body or method.upper() in {"POST", "PUT", "PATCH"}:
        head["Content-Length"] = str(len(body))
    request = (
        f"{method.upper()} {target} HTTP/1.1\r\n"
        + "".join(f"{k}: {v}\r\n" for k, v in head.items())
        + "\r\n"
    ).encode("latin-1") + body

    latencies: list[float] = []
    errors = dict.fromkeys(ERROR_KINDS, 0)
    total_bytes = 0
    start = time.perf_counter()
    deadline = start + duration

    async def client() -> None:
        nonlocal total_bytes
        reader = writer = None
        while time.perf_counter() < deadline:
            if writer is None:
                try:
                    reader, writer = await asyncio.wait_for(
                        asyncio.open_connection(host, port), timeout
                    )
                except (TimeoutError, OSError):
                    errors["connect"] += 1
                    await asyncio.sleep(0.05)
                    continue
            sent = time.perf_counter()
            try:
                writer.write(request)
                await writer.drain()
            except OSError:
                errors["write"] += 1
                writer.close()
                writer = None
                continue
            try:
                status, size, keep = await asyncio.wait_for(_read_response(reader), timeout)
            except TimeoutError:
                errors["timeout"] += 1
                keep = False
            except (
                OSError,
                asyncio.IncompleteReadError,
                asyncio.LimitOverrunError,
                ValueError,
                IndexError,
            ):
                errors["read"] += 1
                keep = False
            else:
                latencies.append(time.perf_counter() - sent)
                total_bytes += size
                if status > 399:
                    errors["status"] += 1
            if not keep:
                writer.close()
                writer = None
        if writer is not None:
            writer.close()

    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    result = empty_result("python-asyncio", url, method.upper(), connections)
    count = len(latencies)
    ms = [x * 1000 for x in latencies]
    mean = sum(ms) / count if count else 0.0
    result.update(
        duration_s=round(elapsed, 3),
        requests=count,
        requests_per_s=round(count / elapsed, 1) if elapsed else 0.0,
        bytes=total_bytes,
    )
    result["latency_ms"] = {
        "min": round(ms[0], 3) if ms else 0.0,
        "mean": round(mean, 3),
        "max": round(ms[-1], 3) if ms else 0.0,
        "p50": round(_percentile(ms, 50), 3),
        "p90": round(_percentile(ms, 90), 3),
        "p95": round(_percentile(ms, 95), 3),
        "p99": round(_percentile(ms, 99), 3),
        "stdev": round((sum((x - mean) ** 2 for x in ms) / count) ** 0.5, 3) if count else 0.0,
    }
    result["errors"] = {**errors, "total": sum(errors.values())}
    return result


def run_python(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: str | bytes | None = None,
    duration: float = 10.0,
    connections: int = 32,
    timeout: float = 5.0,
    **_ignored: object,
) -> dict:
    _check_local(url)
    data = body.encode() if isinstance(body, str) else (body or b"")
    return asyncio.run(
        _python_load(url, method, dict(headers or {}), data, duration, connections, timeout)
    )
