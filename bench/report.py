"""Ratios to the baseline and the Markdown reports written beside each JSON result."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS_DIR = Path(__file__).resolve().parent / "results"
# What each baseline is called in the reports (a benchmark's ``BASELINE``, bench/run.py).
BASELINE_NAMES = {"bare": "anonymous bare view", "bare_signed_in": "signed-in bare view"}


def ratio(result: dict, baseline: dict | None) -> dict | None:
    """How a result compares with the bare view measured in the same run.

    ``requests_per_s`` below 1 means slower than the baseline; the latency ratios above 1 mean
    slower too. A result measured in alternating rounds with the bare view (``paired``) is
    compared with those rounds' bare view instead. None when either side has no load figures.
    """
    paired_bare = (result.get("paired") or {}).get("bare")
    if "load" not in result or not (paired_bare or (baseline and "load" in baseline)):
        return None
    mine, base = result["load"], paired_bare or baseline["load"]

    def div(a: float, b: float) -> float | None:
        return round(a / b, 3) if b else None

    return {
        "requests_per_s": div(mine["requests_per_s"], base["requests_per_s"]),
        "p50_ms": div(mine["latency_ms"]["p50"], base["latency_ms"]["p50"]),
        "p95_ms": div(mine["latency_ms"]["p95"], base["latency_ms"]["p95"]),
        "p99_ms": div(mine["latency_ms"]["p99"], base["latency_ms"]["p99"]),
    }


def _mb(kib: int | None) -> str:
    return "–" if kib is None else f"{kib / 1024:.1f} MiB"


def _num(value: float | None, fmt: str = "{:,.1f}") -> str:
    return "–" if value is None else fmt.format(value)


def environment_lines(env: dict) -> list[str]:
    db = env.get("database", {})
    db_text = db.get("engine", "?")
    if db.get("version"):
        db_text += f" {db['version']}"
    if db.get("name"):
        db_text += (
            f" (`{db['name']}`" + (f" on {db['host']}:{db['port']}" if db.get("host") else "") + ")"
        )
    return [
        f"- Measured: {env.get('timestamp', '?')} (commit `{env.get('commit') or '?'}`)",
        f"- Database: {db_text}",
        f"- Cache / channel layer: {env.get('cache', '?')}",
        f"- Server: `{env.get('server_command', '?')}`",
        f"- Settings: `{env.get('settings', 'bench.settings')}`",
        f"- Versions: Python {env.get('python', '?')}, Django {env.get('django', '?')}, "
        f"granian {env.get('granian', '?')}",
        f"- Machine: {env.get('cpu_count', '?')} CPUs ({env.get('cpu_model', '?')}), "
        f"{env.get('platform', '?')}",
        f"- Load: {env.get('load_tool', '?')}, {env.get('connections', '?')} connections, "
        f"{env.get('duration_s', '?')} s measured after {env.get('warmup_s', '?')} s warm-up, "
        "all on 127.0.0.1",
    ]


def render_result(result: dict) -> str:
    lines = [f"# {result.get('title', result['name'])}", ""]
    if result.get("description"):
        lines += [result["description"], ""]
    if result.get("error"):
        lines += [f"**Failed:** {result['error']}", ""]
    load = result.get("load")
    if load:
        lat = load["latency_ms"]
        err = load["errors"]
        lines += [
            f"`{load['method']} {result.get('path', load['url'])}`",
            "",
            "| figure | value |",
            "| --- | --- |",
            f"| requests/s | {_num(load['requests_per_s'])} |",
            f"| latency p50 | {_num(lat['p50'], '{:.2f}')} ms |",
            f"| latency p95 | {_num(lat['p95'], '{:.2f}')} ms |",
            f"| latency p99 | {_num(lat['p99'], '{:.2f}')} ms |",
            f"| latency mean / max | {_num(lat['mean'], '{:.2f}')} / {_num(lat['max'], '{:.2f}')} ms |",
            f"| requests in {load['duration_s']} s | {load['requests']:,} |",
            f"| errors (connect/read/write/status/timeout) | {err['connect']}/{err['read']}/"
            f"{err['write']}/{err['status']}/{err['timeout']} |",
        ]
        if load.get("rounds"):
            lines.append(
                f"| measured in | {load['rounds']} rounds alternating with the "
                f"{BASELINE_NAMES.get(result.get('baseline', 'bare'), 'bare view')} (figures: the median round) |"
            )
        rat = result.get("ratio_to_baseline")
        if rat:
            lines.append(
                f"| ratio to the {BASELINE_NAMES.get(result.get('baseline', 'bare'), 'bare view')} (req/s, p50, p95) "
                f"| {_num(rat['requests_per_s'], '{:.3f}')}, "
                f"{_num(rat['p50_ms'], '{:.3f}')}, {_num(rat['p95_ms'], '{:.3f}')} |"
            )
        cpu = load.get("cpu") or {}
        if cpu:
            lines.append(
                f"| CPU used, in cores of {cpu.get('machine_cores')} (server / load generator / "
                f"PostgreSQL / other processes) | {cpu.get('server_cores')} / "
                f"{cpu.get('loadgen_cores')} / {cpu.get('database_cores', '–')} / "
                f"{cpu.get('other_cores')} |"
            )
        mem = result.get("server_memory") or {}
        if mem:
            lines.append(
                f"| server peak RSS (worker / all processes) | {_mb(mem.get('worker_peak_kib'))} / "
                f"{_mb(mem.get('total_peak_kib'))} |"
            )
        lines.append("")
    extra = result.get("extra")
    if extra:
        lines += ["Other figures:", ""] + [f"- {k}: {v}" for k, v in extra.items()] + [""]
    lines += ["Where and how:", ""] + environment_lines(result.get("environment", {})) + [""]
    lines.append("Figures are for this machine only; compare runs on the same machine.")
    return "\n".join(lines) + "\n"


def load_results(directory: Path = RESULTS_DIR) -> list[dict]:
    results = []
    for path in sorted(directory.glob("*.json")):
        try:
            result = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        # Reports of their own (the crisis lexicon's recall) are not load results.
        if isinstance(result, dict) and "name" in result:
            results.append(result)
    return results


def render_summary(results: list[dict]) -> str:
    lines = [
        "# Benchmark summary",
        "",
        "The latest run for each database; each benchmark's own file has the details. Ratios "
        "compare with the bare view (full middleware, one query) measured in the same run: "
        "anonymous pages with the anonymous bare view, signed-in pages with the bare view "
        'requested with a signed-in session cookie (column "compared with"). Req/s below 1 and '
        "latency above 1 mean slower; the check-in is compared with the bare view measured in "
        "rounds alternating with it, and each latency target is judged that way at 4 "
        "connections (in the benchmark's own file). Figures are for the machine named below "
        "only; tests never assert timings.",
        "",
    ]
    by_db: dict[str, list[dict]] = {}
    for result in results:
        settings = result.get("environment", {}).get("settings", "bench.settings")
        kind = result.get("database_kind", "?")
        if settings != "bench.settings":
            kind += f" with {settings}"
        by_db.setdefault(kind, []).append(result)
    for kind in sorted(by_db):
        group = sorted(
            by_db[kind],
            key=lambda r: (r.get("benchmark") not in BASELINE_NAMES, r.get("benchmark", "")),
        )
        lines += [
            f"## {kind}",
            "",
            "| benchmark | req/s | p50 ms | p95 ms | p99 ms | errors | compared with | req/s ratio "
            "| p95 ratio | server peak RSS | server CPU | database CPU | other CPU |",
            "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for result in group:
            load = result.get("load")
            rat = result.get("ratio_to_baseline") or {}
            mem = result.get("server_memory") or {}
            cpu = (load or {}).get("cpu") or {}
            name = f"[{result.get('benchmark', result['name'])}]({result['name']}.md)"
            if not load:
                # No HTTP load of its own (reminders, messages): its figures are in its file.
                extra = result.get("extra") or {}
                met = extra.get("meets target", extra.get("target met"))
                status = "failed" if "error" in result else f"see its file (target met: {met})"
                lines.append(f"| {name} | {status} | | | | | | | | | | | |")
                continue
            lat = load["latency_ms"]
            lines.append(
                f"| {name} | {_num(load['requests_per_s'])} | {lat['p50']:.2f} | {lat['p95']:.2f} "
                f"| {lat['p99']:.2f} | {load['errors']['total']} "
                f"| {BASELINE_NAMES.get(result.get('baseline', 'bare'), '–') if rat else '–'} "
                f"| {_num(rat.get('requests_per_s'), '{:.3f}') if rat else '1 (baseline)'} "
                f"| {_num(rat.get('p95_ms'), '{:.3f}') if rat else '1 (baseline)'} "
                f"| {_mb(mem.get('worker_peak_kib'))} "
                f"| {_num(cpu.get('server_cores'), '{:.2f}')} "
                f"| {_num(cpu.get('database_cores'), '{:.2f}')} "
                f"| {_num(cpu.get('other_cores'), '{:.2f}')} |"
            )
        lines += [
            "",
            "CPU figures are in cores (of the machine's count below) during the measured period: "
            "the granian processes, a local PostgreSQL (0 for SQLite, which runs inside the "
            "server), and everything else; other CPU well above 0 means something else ran "
            "beside the benchmark and the figures are low.",
            "",
            *environment_lines(group[0].get("environment", {})),
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"
