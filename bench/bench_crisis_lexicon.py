"""Crisis language in forum posts: the Suicide Risk Lexicon v1.0 (five constructs) and our own
method and plan phrases, matched by `alongside.community.crisis.find()`. Reports recall on the
method and plan test set (which the tests hold at 100 %), the false-positive rate on ordinary
recovery talk with every false match shown, and the matching time per post.

Run with ``.venv/bin/python -m bench.bench_crisis_lexicon``. No server or database is involved.
Writes ``bench/results/crisis_lexicon.json`` and ``.md``.
"""

from __future__ import annotations

import json
import platform
import random
import statistics
import time
from pathlib import Path

from alongside.community import crisis

DATA = Path(__file__).resolve().parent.parent / "alongside" / "community" / "tests" / "data"
RESULTS = Path(__file__).resolve().parent / "results"
POSTS = 2_000
SEED = 20_261_205


def lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def measure() -> dict:
    positives, negatives = lines("crisis_method_plan.txt"), lines("recovery_talk.txt")
    missed = [line for line in positives if not crisis.find(line)]
    false = [
        {"text": line, "matches": [[m.words, m.construct] for m in crisis.find(line)]}
        for line in negatives
        if crisis.find(line)
    ]
    crisis.find("warm up")  # the automaton is built once, on first use
    rng = random.Random(SEED)
    posts = [" ".join(rng.choices(negatives, k=6)) for _ in range(POSTS)]
    times = []
    for post in posts:
        start = time.perf_counter()
        crisis.find(post)
        times.append(time.perf_counter() - start)
    return {
        "recall": (len(positives) - len(missed)) / len(positives),
        "positives": len(positives),
        "missed": missed,
        "negatives": len(negatives),
        "false_positives": false,
        "false_positive_rate": len(false) / len(negatives),
        "post_chars_mean": statistics.mean(len(p) for p in posts),
        "match_ms_median": statistics.median(times) * 1000,
        "match_ms_p99": sorted(times)[int(len(times) * 0.99)] * 1000,
        "machine": f"{platform.python_implementation()} {platform.python_version()}, "
        f"{platform.machine()}",
    }


def report(result: dict) -> str:
    rows = "\n".join(
        f"| {item['text']} | {'; '.join(f'“{w}” ({c})' for w, c in item['matches'])} |"
        for item in result["false_positives"]
    )
    return (
        "# Crisis language: recall and false positives\n\n"
        f"{__doc__.split(chr(10) + chr(10))[0]}\n\n"
        "| measure | value |\n| --- | --- |\n"
        f"| recall on method and plan sentences | {result['recall']:.0%} "
        f"({result['positives'] - len(result['missed'])} of {result['positives']}) |\n"
        f"| false-positive rate on recovery talk | {result['false_positive_rate']:.1%} "
        f"({len(result['false_positives'])} of {result['negatives']}) |\n"
        f"| matching time per post, median | {result['match_ms_median']:.3f} ms "
        f"({result['post_chars_mean']:.0f} characters on average) |\n"
        f"| matching time per post, p99 | {result['match_ms_p99']:.3f} ms |\n"
        f"| machine | {result['machine']} |\n\n"
        "## Ordinary sentences that matched\n\n"
        "A match shows the author crisis lines and tells the moderator on duty; nothing is "
        "removed and nobody else is told, so a false match costs a moment of attention.\n\n"
        "| sentence | matched words (construct) |\n| --- | --- |\n"
        f"{rows}\n"
    )


def main() -> None:
    result = measure()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "crisis_lexicon.json").write_text(json.dumps(result, indent=2) + "\n")
    (RESULTS / "crisis_lexicon.md").write_text(report(result))
    print(report(result))


if __name__ == "__main__":
    main()
