"""Crisis language: the Suicide Risk Lexicon v1.0 (five of its constructs, data/NOTICE) and our
own method and plan phrases, matched with lib/phrases. A match is explainable: the words as
written, the phrase, and the construct it stands for. No score is kept or shown.

Lexicon tokens that are ordinary recovery talk on their own ("pills", "cut", "suicide") are
left out (data/crisis_phrases.json), so that a post about a doctor's new prescription does not
page a moderator; method and plan phrases built on them are ours, and are always matched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alongside.lib.phrases import Match, PhraseMatcher

DATA = Path(__file__).resolve().parent / "data"
LEXICON = DATA / "suicide_risk_lexicon_v1-0.json"
OWN = DATA / "crisis_phrases.json"
METHOD_PLAN = "Method or plan (Alongside)"


@dataclass(frozen=True)
class CrisisMatch:
    words: str  # as written
    phrase: str
    construct: str
    start: int
    end: int

    def as_dict(self) -> dict:
        return {
            "words": self.words,
            "phrase": self.phrase,
            "construct": self.construct,
            "start": self.start,
            "end": self.end,
        }


def _own() -> dict:
    return json.loads(OWN.read_text(encoding="utf-8"))


def method_plan_phrases() -> list[str]:
    return list(_own()["method_plan"])


@cache
def matcher() -> PhraseMatcher:
    own = _own()
    ambiguous = {p.lower() for p in own["ambiguous_lexicon_tokens"]}
    lexicon = json.loads(LEXICON.read_text(encoding="utf-8"))
    phrases = [
        (token, construct["name"])
        for construct in lexicon["constructs"]
        for token in construct["tokens"]
        if token.lower() not in ambiguous
    ]
    phrases += [(phrase, METHOD_PLAN) for phrase in own["method_plan"]]
    return PhraseMatcher(phrases)


def find(text: str) -> list[CrisisMatch]:
    """Every crisis phrase in the text, in order, each once per construct."""
    found: list[Match] = matcher().find(text)
    return [CrisisMatch(text[m.start : m.end], m.phrase, m.label, m.start, m.end) for m in found]
