"""Finding phrases in text people write, free of Django: one Aho–Corasick pass (pyahocorasick)
over the text, linear in its length however many phrases, with each match's offsets in the text
as written so it can be shown and explained.

Matching ignores case, apostrophes ("don't" is "dont") and runs of spaces or punctuation; a
number and the letters after it are two words ("800mg"); only whole words match ("end it" is not
in "bend it").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

APOSTROPHES = frozenset("'’‘`´")


@dataclass(frozen=True)
class Match:
    phrase: str  # the phrase as listed
    label: str  # what the phrase stands for (a construct, a watched word's action)
    start: int  # offsets into the text as written
    end: int


def normalize(text: str) -> tuple[str, list[int]]:
    """Lower case without apostrophes, every other run of non-letters one space; and for each
    character kept, where it was in `text`."""
    out: list[str] = []
    where: list[int] = []
    for i, char in enumerate(text):
        if char in APOSTROPHES:
            continue
        if char.isalnum():
            # "800mg" reads as "800 mg": an amount and its unit are two words.
            if out and out[-1] != " " and out[-1].isdigit() != char.isdigit():
                out.append(" ")
                where.append(i)
            out.append(char.lower())
            where.append(i)
        elif out and out[-1] != " ":
            out.append(" ")
            where.append(i)
    return "".join(out), where


class PhraseMatcher:
    """Phrases, each with a label; `find(text)` returns every whole-word match."""

    def __init__(self, phrases: Iterable[tuple[str, str]]) -> None:
        self._automaton = ahocorasick.Automaton()
        keyed: dict[str, tuple[str, list[str]]] = {}
        for phrase, label in phrases:
            key = normalize(phrase)[0].strip()
            if key:
                keyed.setdefault(key, (phrase, []))[1].append(label)
        for key, (phrase, labels) in keyed.items():
            self._automaton.add_word(key, (phrase, tuple(labels), len(key)))
        self.is_empty = not keyed
        if not self.is_empty:
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        if self.is_empty or not text:
            return []
        flat, where = normalize(text)
        found: list[Match] = []
        for end, (phrase, labels, key_length) in self._automaton.iter(flat):
            start = end - key_length + 1
            # Whole words only: a letter or digit on either side means a longer word.
            if start > 0 and flat[start - 1] != " ":
                continue
            if end + 1 < len(flat) and flat[end + 1] != " ":
                continue
            for label in labels:
                found.append(Match(phrase, label, where[start], where[end] + 1))
        return found
