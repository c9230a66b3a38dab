"""Crisis language: every method and plan phrase is found (recall 100 %), each match says which
words, which phrase and which construct, and ordinary recovery talk is measured in bench/."""

from __future__ import annotations

from pathlib import Path

import pytest

from alongside.community import crisis
from alongside.lib.phrases import PhraseMatcher, normalize

DATA = Path(__file__).resolve().parent / "data"


def lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_every_method_and_plan_sentence_in_the_test_set_is_found() -> None:
    missed = [line for line in lines("crisis_method_plan.txt") if not crisis.find(line)]
    assert missed == []


def test_every_curated_method_and_plan_phrase_is_found_on_its_own() -> None:
    missed = [p for p in crisis.method_plan_phrases() if not crisis.find(f"well, {p}.")]
    assert missed == []


def test_a_match_names_the_words_as_written_the_phrase_and_the_construct() -> None:
    text = "Honestly I DON’T want to be alive anymore"
    found = crisis.find(text)
    assert {m.construct for m in found} == {"Passive suicidal ideation"}
    match = found[0]
    assert match.words == "DON’T want to be alive"
    assert text[match.start : match.end] == match.words
    assert match.phrase == "don't want to be alive"


def test_the_vendored_lexicon_keeps_its_five_constructs_and_its_licence() -> None:
    import json

    data = json.loads(crisis.LEXICON.read_text(encoding="utf-8"))
    assert data["license"] == "Apache-2.0"
    assert [c["variable_name"] for c in data["constructs"]] == [
        "passive_suicidal_ideation",
        "active_suicidal_ideation_suicidal_planning",
        "lethal_means_for_suicide",
        "direct_self_injury",
        "other_suicidal_language",
    ]
    assert "Apache License" in (crisis.DATA / "LICENSE-suicide-risk-lexicon").read_text()
    assert "Suicide Risk Lexicon" in (crisis.DATA / "NOTICE").read_text()


@pytest.mark.parametrize(
    "text",
    [
        "I took my pills this morning like the doctor said.",
        "This headache is killing me.",
        "We made a safety plan with my counselor.",
        "The bridge on my commute has a lovely view.",
    ],
)
def test_everyday_words_the_lexicon_lists_are_not_matched_on_their_own(text: str) -> None:
    assert crisis.find(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("please end it", ["end it"]),
        ("bend it like that", []),
        ("800mg", ["800 mg"]),
        ("dont  want TO, die", ["don't want to die"]),
    ],
)
def test_phrases_match_whole_words_ignoring_case_apostrophes_and_spacing(
    text: str, found: list[str]
) -> None:
    matcher = PhraseMatcher([("end it", "x"), ("800 mg", "x"), ("don't want to die", "x")])
    assert [m.phrase for m in matcher.find(text)] == found


def test_normalizing_keeps_where_each_character_came_from() -> None:
    flat, where = normalize("It’s  OK")
    assert flat == "its ok"
    assert [where[i] for i in range(len(flat))] == [0, 1, 3, 4, 6, 7]
