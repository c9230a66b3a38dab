"""Global assignment of seekers to supporters: hard constraints, the optimum, and the reasons."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alongside.lib.assignment import (
    DEFAULT_WEIGHTS,
    Result,
    Seeker,
    Supporter,
    assign,
    violations,
)


def seeker(id: int, languages: str = "en", **kwargs) -> Seeker:
    return Seeker(id=id, languages=frozenset(languages.split()), **kwargs)


def supporter(id: int, languages: str = "en", capacity: int = 1, **kwargs) -> Supporter:
    return Supporter(id=id, languages=frozenset(languages.split()), capacity=capacity, **kwargs)


def paired(result: Result) -> dict[int, int]:
    return {p.seeker_id: p.supporter_id for p in result.pairs}


def feasible(s: Seeker, p: Supporter) -> bool:
    """The hard constraints other than capacity, written out again for the tests."""
    same_gender = s.gender != "" and s.gender == p.gender
    gender_ok = same_gender or not (s.wants_same_gender or p.same_gender_only)
    return bool(s.languages & p.languages) and p.id not in s.excluded and gender_ok


def pair_points(s: Seeker, p: Supporter, weights=DEFAULT_WEIGHTS) -> float:
    """A pair's score without the capacity component, from a run with only them in it."""
    (pair,) = assign([s], [Supporter(**{**p.__dict__, "capacity": 1})], weights=weights).pairs
    return sum(r.points for r in pair.reasons if r.name != "capacity")


def capacity_points(supporter: Supporter, taken: int, weights=DEFAULT_WEIGHTS) -> float:
    """The capacity points of filling ``taken`` of a supporter's places: each place scores the
    share of places still free after it."""
    c = supporter.capacity
    return sum(weights["capacity"] * (c - k - 1) / c for k in range(taken))


def brute_force_best(
    seekers: list[Seeker], supporters: list[Supporter], weights=DEFAULT_WEIGHTS
) -> tuple[int, float]:
    """(pairs, total score) of the best assignment, trying every one: most pairs first, then
    the highest score."""
    points = {
        (s.id, p.id): pair_points(s, p, weights)
        for s in seekers
        for p in supporters
        if feasible(s, p)
    }
    best = (0, 0.0)
    for choice in itertools.product([None, *supporters], repeat=len(seekers)):
        chosen = [(s, p) for s, p in zip(seekers, choice, strict=True) if p is not None]
        load = Counter(p.id for _, p in chosen)
        if any(load[p.id] > p.capacity for p in supporters):
            continue
        if any((s.id, p.id) not in points for s, p in chosen):
            continue
        total = sum(points[s.id, p.id] for s, p in chosen)
        total += sum(capacity_points(p, load[p.id], weights) for p in supporters if load[p.id])
        best = max(best, (len(chosen), total))
    return best


def total(result: Result) -> float:
    return sum(p.score for p in result.pairs)


# ------------------------------------------------------------------------- hard constraints


@pytest.mark.parametrize(
    ("seeker_languages", "supporter_languages", "is_paired"),
    [
        ("en", "en", True),
        ("es", "en", False),
        ("en es", "es", True),
        ("pl", "en es pt", False),
        ("pl pt", "pt fr", True),
    ],
)
def test_a_seeker_is_paired_only_with_a_supporter_who_speaks_one_of_their_languages(
    seeker_languages, supporter_languages, is_paired
) -> None:
    result = assign([seeker(1, seeker_languages)], [supporter(10, supporter_languages)])

    assert (1 in paired(result)) is is_paired
    assert (1 in result.unmatched) is not is_paired


def test_no_supporter_takes_more_people_than_their_capacity() -> None:
    seekers = [seeker(i) for i in range(1, 8)]
    supporters = [supporter(10, capacity=0), supporter(11, capacity=1), supporter(12, capacity=3)]

    result = assign(seekers, supporters)

    load = Counter(p.supporter_id for p in result.pairs)
    assert load == {11: 1, 12: 3}
    assert len(result.unmatched) == 3
    assert violations(result, seekers, supporters) == []


def test_a_seeker_never_gets_a_supporter_they_excluded() -> None:
    best_fit = supporter(10, pathways=frozenset({"aa"}), years_in_recovery=9)
    other = supporter(11)
    excluding = seeker(1, pathways=frozenset({"aa"}), excluded=frozenset({10}))

    result = assign([excluding], [best_fit, other])

    assert paired(result) == {1: 11}


@pytest.mark.parametrize(
    ("seeker_gender", "wants_same", "supporter_gender", "same_only", "is_paired"),
    [
        ("woman", True, "woman", False, True),
        ("woman", True, "man", False, False),
        ("woman", True, "", False, False),  # the supporter has not said
        ("", True, "", False, False),  # "not said" never matches a same-gender rule
        ("woman", False, "man", True, False),  # the supporter's rule
        ("", False, "woman", True, False),
        ("man", False, "man", True, True),
        ("man", True, "man", True, True),  # both rules, both met
        ("man", False, "woman", False, True),  # no rule on either side
        ("", False, "", False, True),
        ("Woman ", True, "woman", False, True),  # spelled differently, the same gender
    ],
)
def test_the_same_gender_norm_holds_on_either_side(
    seeker_gender, wants_same, supporter_gender, same_only, is_paired
) -> None:
    s = seeker(1, gender=seeker_gender, wants_same_gender=wants_same)
    p = supporter(10, gender=supporter_gender, same_gender_only=same_only)

    result = assign([s], [p])

    assert (1 in paired(result)) is is_paired
    assert violations(result, [s], [p]) == []


def test_pairing_everyone_comes_before_a_higher_score() -> None:
    # Seeker 1 scores far better with supporter 10, but seeker 2 can only have 10: both are
    # paired only if 1 takes 11.
    s1 = seeker(1, "en es", pathways=frozenset({"aa"}))
    s2 = seeker(2, "en")
    great = supporter(10, "en es", pathways=frozenset({"aa"}), years_in_recovery=10)
    poor = supporter(11, "es", utc_offset_hours=12)

    result = assign([s1, s2], [great, poor])

    assert paired(result) == {1: 11, 2: 10}


# ------------------------------------------------------------------------------ continuity


def test_a_seeker_keeps_their_current_supporter_and_takes_one_of_their_places() -> None:
    current = supporter(10, capacity=2, pathways=frozenset({"na"}))
    staying = seeker(1, current_supporter_id=10)
    # Both newcomers fit supporter 10 better than the staying seeker does, and 10 has a
    # second place for one of them only.
    newcomers = [seeker(2, pathways=frozenset({"na"})), seeker(3, pathways=frozenset({"na"}))]
    elsewhere = supporter(11)

    result = assign([staying, *newcomers], [current, elsewhere])

    by_seeker = {p.seeker_id: p for p in result.pairs}
    assert by_seeker[1].supporter_id == 10
    assert by_seeker[1].continuing
    assert by_seeker[1].reasons[0].words == "Continues with their current supporter"
    assert Counter(p.supporter_id for p in result.pairs) == {10: 2, 11: 1}
    assert not by_seeker[2].continuing and not by_seeker[3].continuing


def test_continuing_people_beyond_capacity_keep_their_places_by_seeker_id() -> None:
    current = supporter(10, capacity=2)
    seekers = [seeker(i, current_supporter_id=10) for i in (7, 3, 5)]
    other = supporter(11)

    result = assign(seekers, [current, other])

    assert paired(result) == {3: 10, 5: 10, 7: 11}
    assert [p.continuing for p in result.pairs] == [True, True, False]
    assert violations(result, seekers, [current, other]) == []


@pytest.mark.parametrize(
    "changed",
    [
        {"excluded": frozenset({10})},
        {"languages": frozenset({"pl"})},
        {"wants_same_gender": True},
    ],
)
def test_a_current_supporter_no_longer_feasible_is_not_kept(changed) -> None:
    s = Seeker(
        **{**seeker(1, "en pl", gender="woman", current_supporter_id=10).__dict__, **changed}
    )
    current = supporter(10, "en", gender="man")
    other = supporter(11, "en pl", gender="woman")

    result = assign([s], [current, other])

    assert paired(result) == {1: 11}
    assert not result.pairs[0].continuing


def test_violations_finds_a_broken_continuity() -> None:
    seekers = [seeker(1, current_supporter_id=10)]
    supporters = [supporter(10), supporter(11)]
    moved = Result(pairs=[assign(seekers, [supporters[1]]).pairs[0]], unmatched={})

    assert violations(moved, seekers, supporters) == [
        "Seeker 1 should have continued with supporter 10."
    ]


# --------------------------------------------------------------------------------- optimum


def test_the_global_optimum_beats_greedy_matching_on_a_crafted_case() -> None:
    # Seeker 1 follows AA and NA, seeker 2 only NA. Supporter 10 follows both, 11 only AA.
    # Greedy, in id order, gives 10 to seeker 1 and leaves seeker 2 with 11 (nothing shared);
    # the optimum gives 11 to seeker 1 (AA) and 10 to seeker 2 (NA).
    seekers = [seeker(1, pathways=frozenset({"aa", "na"})), seeker(2, pathways=frozenset({"na"}))]
    supporters = [
        supporter(10, pathways=frozenset({"aa", "na"})),
        supporter(11, pathways=frozenset({"aa"})),
    ]
    greedy_total, free = 0.0, list(supporters)
    for s in seekers:
        best = max(free, key=lambda p: (pair_points(s, p), -p.id))
        greedy_total += pair_points(s, best)
        free.remove(best)

    result = assign(seekers, supporters)

    assert paired(result) == {1: 11, 2: 10}
    assert total(result) > greedy_total + 10
    assert (len(result.pairs), total(result)) == pytest.approx(
        brute_force_best(seekers, supporters), abs=0.02
    )


def test_spare_capacity_spreads_people_across_supporters_alike() -> None:
    seekers = [seeker(1), seeker(2)]
    supporters = [supporter(10, capacity=2), supporter(11, capacity=2)]

    result = assign(seekers, supporters)

    assert sorted(paired(result).values()) == [10, 11]


def test_a_short_candidate_list_still_leaves_no_one_out_while_a_suitable_place_is_free() -> None:
    # Everyone ranks supporter 10 first; with one candidate each, two are tried again.
    seekers = [seeker(i, pathways=frozenset({"aa"})) for i in (1, 2, 3)]
    supporters = [
        supporter(10, pathways=frozenset({"aa"}), years_in_recovery=10),
        supporter(11, years_in_recovery=1),
        supporter(12),
    ]

    result = assign(seekers, supporters, candidates_per_seeker=1)

    assert sorted(paired(result)) == [1, 2, 3]
    assert violations(result, seekers, supporters) == []


# --------------------------------------------------------------------------------- reasons


@pytest.mark.parametrize(
    ("seeker_kwargs", "supporter_kwargs", "expected"),
    [
        ({"languages": "es"}, {"languages": "en es"}, ("language", 25.0, "Both speak Spanish")),
        (
            {"languages": "en es"},
            {"languages": "es en"},
            ("language", 25.0, "Both speak English and Spanish"),
        ),
        ({"languages": "en pl"}, {"languages": "pl"}, ("language", 12.5, "Both speak Polish")),
        (
            {"pathways": frozenset({"smart"})},
            {"pathways": frozenset({"smart", "aa"})},
            ("pathway", 30.0, "Both follow SMART Recovery"),
        ),
        (
            {"pathways": frozenset({"aa", "na", "smart", "refuge"})},
            {"pathways": frozenset({"aa", "na"})},
            ("pathway", 15.0, "Both follow AA and NA"),
        ),
        ({"utc_offset_hours": -5}, {"utc_offset_hours": -5}, ("time_zone", 20.0, "Same time zone")),
        (
            {"utc_offset_hours": -8},
            {"utc_offset_hours": -5},
            ("time_zone", 15.0, "Time zones 3 hours apart"),
        ),
        (
            {"utc_offset_hours": -11},
            {"utc_offset_hours": 12},
            ("time_zone", 18.33, "Time zones 1 hour apart"),  # across the date line
        ),
        (
            {"utc_offset_hours": 5.5},
            {"utc_offset_hours": 1},
            ("time_zone", 12.5, "Time zones 4.5 hours apart"),
        ),
        ({}, {"years_in_recovery": 2}, ("experience", 6.0, "2 years in recovery")),
        ({}, {"years_in_recovery": 12}, ("experience", 15.0, "12 years in recovery")),
        ({}, {"years_in_recovery": 0.5}, ("experience", 1.5, "6 months in recovery")),
        ({}, {"capacity": 4}, ("capacity", 7.5, "Keeps 3 of their 4 places free")),
    ],
)
def test_each_reason_gives_its_points_and_names_what_is_shared(
    seeker_kwargs, supporter_kwargs, expected
) -> None:
    s = seeker(1, **{"languages": "en", **seeker_kwargs})
    p = supporter(10, **{"languages": "en", **supporter_kwargs})

    (pair,) = assign([s], [p]).pairs

    assert expected in [(r.name, r.points, r.words) for r in pair.reasons]


def test_reasons_come_highest_first_and_add_up_to_the_score() -> None:
    s = seeker(1, "en es", pathways=frozenset({"na"}), utc_offset_hours=-6)
    p = supporter(10, "es", pathways=frozenset({"na"}), utc_offset_hours=-5, years_in_recovery=3)

    (pair,) = assign([s], [p]).pairs

    assert [r.name for r in pair.reasons] == ["pathway", "time_zone", "language", "experience"]
    assert pair.score == pytest.approx(sum(r.points for r in pair.reasons))
    assert pair.score == pytest.approx(30 + 20 * 11 / 12 + 12.5 + 9, abs=0.01)
    assert not any(r.name == "capacity" for r in pair.reasons)  # their last place: 0 points


def test_a_component_weighted_zero_gives_no_reason() -> None:
    weights = {**DEFAULT_WEIGHTS, "time_zone": 0.0}

    (pair,) = assign([seeker(1)], [supporter(10)], weights=weights).pairs

    assert [r.name for r in pair.reasons] == ["language"]


@pytest.mark.parametrize(
    ("seekers", "supporters", "expected"),
    [
        ([seeker(1, "pl")], [supporter(10, "en")], "No supporter speaks Polish."),
        (
            [seeker(1, "pt pl")],
            [supporter(10, "en")],
            "No supporter speaks Polish or Portuguese.",
        ),
        (
            [seeker(1, "pl")],
            [supporter(10, "pl", capacity=0), supporter(11, "en")],
            "No supporter with a place left speaks Polish.",
        ),
        (
            [seeker(1, excluded=frozenset({10, 11}))],
            [supporter(10), supporter(11)],
            "Every supporter with a place left who speaks English is on their excluded list.",
        ),
        (
            [seeker(1, gender="woman", wants_same_gender=True)],
            [supporter(10, gender="man"), supporter(11, gender="")],
            "Every supporter with a place left who speaks English is ruled out by their wish "
            "for a supporter of the same gender.",
        ),
        (
            [seeker(1, wants_same_gender=True)],
            [supporter(10, gender="man")],
            "They asked for a supporter of the same gender, but their gender is not recorded.",
        ),
        (
            [seeker(1, gender="man")],
            [supporter(10, gender="woman", same_gender_only=True)],
            "Every supporter with a place left who speaks English is ruled out by a "
            "supporter's rule to take only people of their own gender.",
        ),
        (
            [seeker(1, gender="man", excluded=frozenset({10}))],
            [supporter(10), supporter(11, gender="woman", same_gender_only=True)],
            "Every supporter with a place left who speaks English is on their excluded list or "
            "ruled out by a supporter's rule to take only people of their own gender.",
        ),
        (
            [seeker(1, current_supporter_id=10), seeker(2)],
            [supporter(10)],
            "The one suitable supporter is full.",
        ),
        (
            [seeker(1), seeker(2), seeker(3)],
            [supporter(10, "en"), supporter(11, "en es")],
            "All 2 suitable supporters are full.",
        ),
        (
            [seeker(1, "")],
            [supporter(10)],
            "No language is recorded for them, and a shared one is required.",
        ),
    ],
)
def test_an_unmatched_seeker_is_told_which_constraint_left_them_out(
    seekers, supporters, expected
) -> None:
    result = assign(seekers, supporters)

    assert result.unmatched[max(s.id for s in seekers)] == expected


# ----------------------------------------------------------------------- inputs and order


def random_instance(
    rng: random.Random, seekers: int, supporters: int
) -> tuple[list[Seeker], list[Supporter]]:
    languages = [("en",), ("en",), ("en", "es"), ("es",), ("pl",), ("en", "pl")]
    pathways = ["aa", "na", "smart", "refuge"]
    genders = ["", "woman", "man"]
    supporter_list = [
        Supporter(
            id=1000 + i,
            languages=frozenset(rng.choice(languages)),
            capacity=rng.randint(0, 4),
            pathways=frozenset(rng.sample(pathways, rng.randint(0, 2))),
            utc_offset_hours=rng.choice([-8, -6, -5, 0, 1]),
            gender=rng.choice(genders),
            same_gender_only=rng.random() < 0.2,
            years_in_recovery=rng.choice([0, 0.5, 1, 3, 8]),
        )
        for i in range(supporters)
    ]
    ids = [p.id for p in supporter_list]
    seeker_list = [
        Seeker(
            id=i + 1,
            languages=frozenset(rng.choice(languages)),
            pathways=frozenset(rng.sample(pathways, rng.randint(0, 2))),
            utc_offset_hours=rng.choice([-8, -6, -5, 0, 1]),
            gender=rng.choice(genders),
            wants_same_gender=rng.random() < 0.2,
            excluded=frozenset(rng.sample(ids, 2)) if rng.random() < 0.1 else frozenset(),
            current_supporter_id=rng.choice(ids) if rng.random() < 0.1 else None,
        )
        for i in range(seekers)
    ]
    return seeker_list, supporter_list


def test_the_same_people_in_any_order_get_the_same_result() -> None:
    rng = random.Random(7)
    seekers, supporters = random_instance(rng, 300, 60)

    first = assign(seekers, supporters, candidates_per_seeker=5)
    rng.shuffle(seekers)
    rng.shuffle(supporters)
    again = assign(seekers, supporters, candidates_per_seeker=5)

    assert again == first
    assert violations(first, seekers, supporters) == []


def test_more_than_64_languages_are_told_apart() -> None:
    codes = [f"x{i:02}" for i in range(70)]
    supporters = [
        Supporter(id=10 + i, languages=frozenset({c}), capacity=1) for i, c in enumerate(codes)
    ]

    result = assign([seeker(1, "x66"), seeker(2, "x03 x69")], supporters)

    assert paired(result)[1] == 10 + 66
    assert paired(result)[2] in (10 + 3, 10 + 69)


def test_nobody_on_either_side_is_an_empty_result() -> None:
    assert assign([], [supporter(10)]) == Result(pairs=[], unmatched={})
    assert assign([seeker(1)], []).unmatched == {1: "No supporter speaks English."}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weights": {"charm": 5.0}}, "unknown weights: charm"),
        ({"weights": {"language": -1.0}}, "at least 0"),
        ({"candidates_per_seeker": 0}, "at least 1"),
    ],
)
def test_bad_weights_and_settings_are_refused(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        assign([seeker(1)], [supporter(10)], **kwargs)


@pytest.mark.parametrize(
    ("seekers", "supporters", "message"),
    [
        ([seeker(1), seeker(1)], [supporter(10)], "seeker ids given twice"),
        ([seeker(1)], [supporter(10), supporter(10)], "supporter ids given twice"),
        ([seeker(1)], [supporter(10, capacity=-1)], "negative"),
    ],
)
def test_repeated_ids_and_negative_capacity_are_refused(seekers, supporters, message) -> None:
    with pytest.raises(ValueError, match=message):
        assign(seekers, supporters)


# --------------------------------------------------------------------------------- properties

SUPPORTER_IDS = [100, 101, 102, 103]


@st.composite
def instances(
    draw: st.DrawFn, *, max_seekers: int = 7, max_supporters: int = 4, current: bool = True
):
    languages = st.frozensets(st.sampled_from(["en", "es", "pl"]), min_size=1, max_size=2)
    pathways = st.frozensets(st.sampled_from(["aa", "na", "smart"]), max_size=2)
    genders = st.sampled_from(["", "woman", "man"])
    offsets = st.sampled_from([-12, -8, -5, 0, 5.5, 12])
    ids = SUPPORTER_IDS[: draw(st.integers(1, max_supporters))]
    supporters = [
        Supporter(
            id=i,
            languages=draw(languages),
            capacity=draw(st.integers(0, 3)),
            pathways=draw(pathways),
            utc_offset_hours=draw(offsets),
            gender=draw(genders),
            same_gender_only=draw(st.booleans()),
            years_in_recovery=draw(st.sampled_from([0, 0.5, 2, 7])),
        )
        for i in ids
    ]
    seekers = [
        Seeker(
            id=i,
            languages=draw(languages),
            pathways=draw(pathways),
            utc_offset_hours=draw(offsets),
            gender=draw(genders),
            wants_same_gender=draw(st.booleans()),
            excluded=draw(st.frozensets(st.sampled_from(ids), max_size=2)),
            current_supporter_id=draw(st.none() | st.sampled_from(ids)) if current else None,
        )
        for i in range(1, draw(st.integers(1, max_seekers)) + 1)
    ]
    return seekers, supporters


def most_pairs(seekers: list[Seeker], supporters: list[Supporter], result: Result) -> int:
    """The most pairs possible once the continuing ones are fixed (augmenting paths over
    the supporters' free places)."""
    free = Counter({p.id: p.capacity for p in supporters})
    fixed = [p for p in result.pairs if p.continuing]
    free.subtract(p.supporter_id for p in fixed)
    places = [p for p in supporters for _ in range(max(0, free[p.id]))]
    holder: dict[int, Seeker] = {}

    def augment(s: Seeker, seen: set[int]) -> bool:
        for n, p in enumerate(places):
            if n in seen or not feasible(s, p):
                continue
            seen.add(n)
            if n not in holder or augment(holder[n], seen):
                holder[n] = s
                return True
        return False

    staying = {p.seeker_id for p in fixed}
    return len(fixed) + sum(augment(s, set()) for s in seekers if s.id not in staying)


@settings(max_examples=150, deadline=None)
@given(instance=instances(), candidates=st.integers(1, 5))
def test_random_instances_break_no_hard_constraint_and_pair_as_many_as_possible(
    instance, candidates
) -> None:
    seekers, supporters = instance

    result = assign(seekers, supporters, candidates_per_seeker=candidates)

    assert violations(result, seekers, supporters) == []
    load = Counter(p.supporter_id for p in result.pairs)
    by_id = {s.id: s for s in seekers}
    for seeker_id in result.unmatched:
        room = [
            p.id for p in supporters if load[p.id] < p.capacity and feasible(by_id[seeker_id], p)
        ]
        assert room == [], f"seeker {seeker_id} unmatched while {room} have room"
    if candidates >= len(supporters):
        # Leaving a seeker unmatched costs more than any number of real pairs could save,
        # so the solve pairs as many as possible (with a cheaper "left out" it need not).
        assert len(result.pairs) == most_pairs(seekers, supporters, result)


@settings(max_examples=60, deadline=None)
@given(instance=instances(max_seekers=5, max_supporters=3, current=False))
def test_small_instances_reach_the_optimum_found_by_trying_every_assignment(instance) -> None:
    seekers, supporters = instance

    result = assign(seekers, supporters)

    best_pairs, best_total = brute_force_best(seekers, supporters)
    assert len(result.pairs) == best_pairs
    assert total(result) == pytest.approx(best_total, abs=0.01 * len(seekers) + 1e-6)
