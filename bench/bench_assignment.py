"""Global assignment of 10,000 people to 2,000 supporters with 5 places each: the graph built
and solved by `alongside.lib.assignment.assign()`, every pair explained. Target: at most 2 s on
this machine, graph building included, and 0 hard-constraint violations.

The instance is seeded, so every run solves the same one: languages mostly English with
Spanish, Polish, Portuguese and French minorities (some people bilingual), several pathways,
North American time zones with a few elsewhere, some same-gender rules on both sides, some
exclusions, and about 10 % of people continuing with a current supporter.

Run alone with ``.venv/bin/python -m bench.bench_assignment [--runs 5]``, or with the others by
``python -m bench.run --only assignment``. No server or database is involved; the results are
named after the database all the same, as the runner names every result:
``bench/results/assignment-<database>.json`` and ``.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import statistics
import sys
import time
from collections import Counter

from alongside.lib.assignment import Result, Seeker, Supporter, assign, violations

TITLE = "Global assignment: 10,000 people to 2,000 supporters with 5 places each"
DESCRIPTION = __doc__.split("\n\n")[0].replace("\n", " ")
TARGET_SECONDS = 2.0
SEEKERS = 10_000
SUPPORTERS = 2_000
CAPACITY = 5
SEED = 20_260_801

# (languages, share): most people speak English only; the minorities are partly bilingual.
LANGUAGES = [
    ({"en"}, 0.78),
    ({"es"}, 0.04),
    ({"en", "es"}, 0.06),
    ({"pl"}, 0.02),
    ({"en", "pl"}, 0.02),
    ({"pt"}, 0.02),
    ({"en", "pt"}, 0.02),
    ({"fr"}, 0.02),
    ({"en", "fr"}, 0.02),
]
PATHWAYS = [
    ("aa", 0.38),
    ("na", 0.24),
    ("smart", 0.14),
    ("celebrate", 0.06),
    ("refuge", 0.05),
    ("lifering", 0.04),
    ("dra", 0.03),
    ("mm", 0.02),
    ("other", 0.04),
]
UTC_OFFSETS = [(-5, 0.38), (-6, 0.24), (-7, 0.1), (-8, 0.18), (-4, 0.04), (-10, 0.01), (0, 0.02)]
UTC_OFFSETS += [(1, 0.02), (5.5, 0.01)]
GENDERS = [("woman", 0.46), ("man", 0.46), ("nonbinary", 0.02), ("", 0.06)]


def _pick(rng: random.Random, table: list) -> object:
    values, shares = zip(*table, strict=True)
    return rng.choices(values, weights=shares)[0]


def _pathways(rng: random.Random) -> frozenset[str]:
    count = rng.choices([0, 1, 2], weights=[0.08, 0.72, 0.2])[0]
    return frozenset(_pick(rng, PATHWAYS) for _ in range(count))


def instance(
    seekers: int = SEEKERS, supporters: int = SUPPORTERS, capacity: int = CAPACITY, seed: int = SEED
) -> tuple[list[Seeker], list[Supporter]]:
    """The same people for the same arguments."""
    rng = random.Random(seed)
    supporter_list = []
    for i in range(supporters):
        languages = set(_pick(rng, LANGUAGES))
        if rng.random() < 0.08 and languages != {"en"}:
            languages.add("en")  # supporters are more often bilingual
        supporter_list.append(
            Supporter(
                id=100_000 + i,
                languages=frozenset(languages),
                capacity=capacity,
                pathways=_pathways(rng),
                utc_offset_hours=_pick(rng, UTC_OFFSETS),
                gender=_pick(rng, GENDERS),
                same_gender_only=rng.random() < 0.15,
                years_in_recovery=round(rng.uniform(0.5, 20), 1),
            )
        )
    ids = [p.id for p in supporter_list]
    seeker_list = []
    for i in range(seekers):
        gender = _pick(rng, GENDERS)
        languages = frozenset(_pick(rng, LANGUAGES))
        current = None
        if rng.random() < 0.1:
            # A current supporter who speaks one of their languages, as in real continuing pairs.
            for _ in range(20):
                p = supporter_list[rng.randrange(supporters)]
                if p.languages & languages:
                    current = p.id
                    break
        seeker_list.append(
            Seeker(
                id=i + 1,
                languages=languages,
                pathways=_pathways(rng),
                utc_offset_hours=_pick(rng, UTC_OFFSETS),
                gender=gender,
                wants_same_gender=bool(gender) and rng.random() < 0.2,  # the form asks both
                excluded=frozenset(rng.sample(ids, rng.randint(1, 3)))
                if rng.random() < 0.05
                else frozenset(),
                current_supporter_id=current,
            )
        )
    return seeker_list, supporter_list


def measure(runs: int = 5) -> dict:
    seekers, supporters = instance()
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = assign(seekers, supporters)
        times.append(time.perf_counter() - started)
    assert result is not None
    found = violations(result, seekers, supporters)
    reasons = Counter(_kind(why) for why in result.unmatched.values())
    best, median = min(times), statistics.median(times)
    return {
        "seekers": len(seekers),
        "supporters": len(supporters),
        "places": sum(p.capacity for p in supporters),
        "runs": runs,
        "seconds": {"best": round(best, 3), "median": round(median, 3)},
        "each_run_s": [round(t, 3) for t in times],
        "matched": len(result.pairs),
        "continuing": sum(p.continuing for p in result.pairs),
        "unmatched": len(result.unmatched),
        "unmatched_by_reason": dict(reasons.most_common()),
        "violations": len(found),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "violations_first": found[:10],
        "mean_score": round(statistics.mean(p.score for p in result.pairs), 2),
        "example": _example(result),
        "within_target": bool(median <= TARGET_SECONDS and not found),
    }


def _kind(why: str) -> str:
    """An unmatched reason without its names and counts, to count them by kind."""
    kinds = {
        "No supporter with a place left speaks": "no supporter with a place left speaks their language",
        "No supporter speaks": "no supporter speaks their language",
        "They asked for a supporter of the same gender": "same gender asked, own gender not said",
        "full": "every suitable supporter is full",
        "excluded list or": "excluded or ruled out by a same-gender rule",
        "excluded list": "every suitable supporter excluded",
        "ruled out by": "ruled out by a same-gender rule",
    }
    return next((kind for words, kind in kinds.items() if words in why), why)


def _example(result: Result) -> dict:
    pair = next((p for p in result.pairs if not p.continuing), result.pairs[0])
    return {
        "seeker": pair.seeker_id,
        "supporter": pair.supporter_id,
        "score": pair.score,
        "reasons": [f"{r.words} (+{r.points:g})" for r in pair.reasons],
    }


def figures(result: dict) -> dict:
    s = result["seconds"]
    unmatched = ", ".join(f"{n:,} {k}" for k, n in result["unmatched_by_reason"].items())
    return {
        "people / supporters / places": f"{result['seekers']:,} / {result['supporters']:,} / "
        f"{result['places']:,}",
        "assign() time, graph building included (median / best of "
        f"{result['runs']})": f"{s['median']} s / {s['best']} s (target ≤ {TARGET_SECONDS:g} s)",
        "pairs (of which continuing)": f"{result['matched']:,} ({result['continuing']:,})",
        "unmatched": f"{result['unmatched']:,}" + (f" ({unmatched})" if unmatched else ""),
        "hard-constraint violations": result["violations"],
        "mean pair score (0–100)": result["mean_score"],
        "an explained pair": f"{result['example']['seeker']} → {result['example']['supporter']}, "
        f"{result['example']['score']}: " + "; ".join(result["example"]["reasons"]),
        "target met": "yes" if result["within_target"] else "NO",
    }


def run(ctx) -> dict:
    """Called by `python -m bench.run --only assignment`."""
    result = measure(int(os.environ.get("BENCH_ASSIGNMENT_RUNS", "5")))
    return {"extra": figures(result), "assignment": result}


def report(result: dict, environment: dict) -> str:
    """The Markdown written beside the JSON when the benchmark runs alone."""
    lines = [f"# {TITLE}", "", DESCRIPTION, "", "| figure | value |", "| --- | --- |"]
    lines += [f"| {k} | {v} |" for k, v in figures(result).items()]
    lines += [
        "",
        "Where and how:",
        "",
        f"- Measured: {environment['timestamp']} (commit `{environment['commit'] or '?'}`)",
        f"- Versions: Python {environment['python']}, numpy {environment['numpy']}, "
        f"scipy {environment['scipy']}",
        f"- Machine: {environment['cpu_count']} CPUs ({environment['cpu_model']}), "
        f"{environment['platform']}; load average {environment['load_average']} before the runs",
        f"- Peak memory of the process: {result['peak_rss_mib']} MiB",
        "- Each run: `assign()` on the same seeded instance, in this process (no server, no "
        "database); the instance is made once, outside the timing.",
        "",
        "Figures are for this machine only; compare runs on the same machine.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_assignment")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of assign() (5)")
    args = parser.parse_args(argv)

    from bench.report import RESULTS_DIR, load_results, render_summary
    from bench.run import _commit, _cpu_model, _version, _write, bench_env, describe_database

    database = describe_database(bench_env())
    environment = {
        "timestamp": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "commit": _commit(),
        "database": database,
        "python": platform.python_version(),
        "numpy": _version("numpy"),
        "scipy": _version("scipy"),
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "platform": f"{platform.system()} {platform.release()} {platform.machine()}",
        "load_average": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    result = measure(args.runs)
    name = f"assignment-{database['kind']}"
    document = {
        "title": TITLE,
        "description": DESCRIPTION,
        "benchmark": "assignment",
        "name": name,
        "database_kind": database["kind"],
        "extra": figures(result),
        "assignment": result,
        "environment": environment,
    }
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    _write(RESULTS_DIR / f"{name}.json", json.dumps(document, indent=2) + "\n")
    _write(RESULTS_DIR / f"{name}.md", report(result, environment))
    _write(RESULTS_DIR / "summary.md", render_summary(load_results(RESULTS_DIR)))
    print(report(result, environment))
    return 0 if result["within_target"] else 1


if __name__ == "__main__":
    sys.exit(main())
