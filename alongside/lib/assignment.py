"""Global assignment of people to supporters: mentees to mentors, participants to a peer
specialist's caseload.

An assignment run finds, for everyone at once, the pairs with the highest total score under
hard constraints, and explains every pair in words a supervisor reads. Greedy ranking (each
person takes the best supporter still free, in turn) is what most mentoring platforms do; it
leaves later people with worse matches or none when an earlier one took the only supporter who
fitted them both. Here the whole run is one min-cost assignment (LAPJVsp,
``scipy.sparse.csgraph.min_weight_full_bipartite_matching``).

Hard constraints (never broken):

- a shared language;
- capacity: a supporter with capacity c is in at most c pairs, continuing ones included;
- exclusions: a seeker never gets a supporter on their ``excluded`` list;
- the same-gender norm, on either side: a seeker who wants a supporter of the same gender, or a
  supporter who takes only people of their own gender, is paired only when both genders are
  said and equal ("" is not said, and never matches such a rule);
- continuity: a seeker whose current supporter is in the run and still feasible with them
  (language, exclusion, gender) keeps that supporter, before anything else is solved. When the
  supporter has fewer places than continuing people, the lowest seeker ids keep theirs and the
  others are matched like everyone else.

The soft score (0 to the sum of the weights, higher is better) adds one component per
``DEFAULT_WEIGHTS`` key; see that mapping for each one's rule. Among the assignments that pair as
many people as possible, the run takes the one with the highest total score: leaving someone
unmatched is the last resort.

How the graph is built, and why 10,000 people and 2,000 supporters take about a second:

- People and supporters become numpy arrays (languages and pathways as bitmasks, one bit per
  distinct code); feasibility and scores are computed a block of seekers at a time against
  every supporter with room, without a Python loop over pairs.
- Each seeker keeps only their ``candidates_per_seeker`` best feasible supporters
  (``np.argpartition``), ranked with a small deterministic spread added (``SPREAD_POINTS``):
  without it, seekers alike all list the same few supporters, who can take only some of them.
  A seeker left unmatched because all of their candidates filled up is tried again against the
  supporters still with room, so nobody is left unmatched while a feasible supporter has a
  place (later rounds are optimal among themselves, not together with the first).
- Each free place is a vertex of its own (a supporter with 3 places left is 3 vertices, the
  k-th scoring a little lower on "capacity", which spreads people across supporters).
- Whichever side is smaller, seekers or places, is the solver's row side, and each row has a
  "left out" column of its own that costs more than any number of real pairs could save: the
  solver leaves a seeker unmatched (or a place empty) only when no assignment of the others
  makes room. A row that must be left out is found only after searching the whole graph; with
  the smaller side as rows there are few of them, which in a tight market (about as many
  places as people) makes the solve ten times faster.
- Costs are ``sum(weights) + 1 - score``: at least 1, because the sparse matrix treats a zero
  as no edge.

Reasons are worked out afterwards, for the chosen pairs only. The same input gives the same
output: people and supporters are ordered by id before anything is built.

Django-free on purpose: the peer-support app turns its rows into ``Seeker`` and ``Supporter``
and stores what comes back.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

__all__ = [
    "DEFAULT_WEIGHTS",
    "Pair",
    "Reason",
    "Result",
    "Seeker",
    "Supporter",
    "assign",
    "violations",
]


@dataclass(frozen=True)
class Seeker:
    """A person to be assigned: a mentee, a participant waiting for a peer specialist."""

    id: int
    languages: frozenset[str]  # ISO 639-1 codes; at least one shared language is required
    pathways: frozenset[str] = frozenset()  # "aa", "na", "smart", …: scored, not required
    utc_offset_hours: float = 0.0  # closer time zones score better
    gender: str = ""  # "" = not said
    wants_same_gender: bool = False  # then the supporter's gender must be said and equal
    excluded: frozenset[int] = frozenset()  # supporter ids never to assign
    current_supporter_id: int | None = None  # kept when still feasible (continuity)


@dataclass(frozen=True)
class Supporter:
    """A mentor, sponsor or peer specialist with places to give."""

    id: int
    languages: frozenset[str]
    capacity: int  # places, continuing people included: never exceeded
    pathways: frozenset[str] = frozenset()
    utc_offset_hours: float = 0.0
    gender: str = ""  # "" = not said
    same_gender_only: bool = False  # then only seekers whose said gender equals theirs
    years_in_recovery: float = 0.0


@dataclass(frozen=True)
class Reason:
    """One component of a pair's score, e.g. ``Reason("language", 25.0, "Both speak Spanish",
    {"codes": ["es"]})``: ``words`` in English, and ``values`` for a caller that words it in
    another language (language or pathway "codes", "hours" apart, "years" in recovery, "free"
    places of a "capacity")."""

    name: str
    points: float
    words: str
    values: Mapping[str, object] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Pair:
    seeker_id: int
    supporter_id: int
    score: float  # the sum of the reasons' points
    reasons: tuple[Reason, ...]  # highest points first ("continuity" first when continuing)
    continuing: bool  # kept with their current supporter rather than chosen by this run


@dataclass(frozen=True)
class Result:
    pairs: list[Pair]  # ordered by seeker id
    unmatched: dict[int, str]  # seeker id -> why, in plain words
    # The same, as a Reason whose name is the rule ("no_language", "nobody_speaks",
    # "no_place_speaks", "ruled_out", "full", "not_placed") and whose values say what it found,
    # for a caller that words it in another language.
    why_unmatched: dict[int, Reason] = field(default_factory=dict)


# Points of each score component when it is at its best; a pair's score is their sum (0–100).
#   pathway     the share of the seeker's pathways the supporter also follows
#   language    the share of the seeker's languages the supporter also speaks (one is required)
#   time_zone   full in the same zone, falling evenly to 0 at 12 hours apart (the farthest)
#   experience  years in recovery, full from EXPERIENCE_FULL_YEARS on
#   capacity    the share of the supporter's places still free once this pair is made
#               (spreads people across supporters rather than filling one up first)
DEFAULT_WEIGHTS: Mapping[str, float] = MappingProxyType(
    {"pathway": 30.0, "language": 25.0, "time_zone": 20.0, "experience": 15.0, "capacity": 10.0}
)
EXPERIENCE_FULL_YEARS = 5.0

CHUNK_CELLS = 1 << 19  # seeker × supporter cells scored at once: 2 MB per float32 array
# Candidates are ranked with up to this many points of a deterministic spread added (see
# _spread), in this many variants.
SPREAD_POINTS = 10.0
SPREAD_VARIANTS = 64

PATHWAY_NAMES = {
    "aa": "AA",
    "na": "NA",
    "smart": "SMART Recovery",
    "sos": "SOS",
    "lifering": "LifeRing",
    "dra": "Dual Recovery Anonymous",
    "celebrate": "Celebrate Recovery",
    "refuge": "Refuge Recovery",
    "mm": "Moderation Management",
    "treatment": "professional treatment",
    "other": "another pathway",
}
LANGUAGE_NAMES = {
    "ar": "Arabic",
    "bn": "Bengali",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "hi": "Hindi",
    "ht": "Haitian Creole",
    "it": "Italian",
    "ja": "Japanese",
    "ko": "Korean",
    "nl": "Dutch",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "so": "Somali",
    "sw": "Swahili",
    "tl": "Tagalog",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "vi": "Vietnamese",
    "zh": "Chinese",
}

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
MaskArray = npt.NDArray[np.unsignedinteger]


def assign(
    seekers: Sequence[Seeker],
    supporters: Sequence[Supporter],
    *,
    weights: Mapping[str, float] = DEFAULT_WEIGHTS,
    candidates_per_seeker: int = 30,
) -> Result:
    """Pair seekers with supporters: as many as the hard constraints allow, then the highest
    total score, every pair explained.

    ``weights`` maps component names (the keys of ``DEFAULT_WEIGHTS``) to their points at best;
    a component left out counts 0. Raises ``ValueError`` for an unknown or negative weight,
    ``candidates_per_seeker`` below 1, a negative capacity, or an id given twice.
    """
    w = _weights(weights)
    if candidates_per_seeker < 1:
        raise ValueError("candidates_per_seeker must be at least 1")
    run = _prepare(sorted(seekers, key=_id), sorted(supporters, key=_id), w)
    used = np.zeros(len(run.supporters), dtype=np.int64)  # places taken, per supporter row
    matched = np.full(len(run.seekers), -1, dtype=np.int64)  # supporter row, per seeker row
    continuing = _keep_continuing(run, used, matched)
    pending = np.flatnonzero(matched < 0)
    while pending.size:  # a round that hands seekers back has placed someone: this ends
        pending = _solve_round(run, pending, used, matched, candidates_per_seeker)
    why = _explain_unmatched(run, used, np.flatnonzero(matched < 0))
    return Result(
        pairs=_explain_pairs(run, matched, continuing),
        unmatched={pk: reason.words for pk, reason in why.items()},
        why_unmatched=why,
    )


def violations(
    result: Result, seekers: Sequence[Seeker], supporters: Sequence[Supporter]
) -> list[str]:
    """Every hard-constraint breach in ``result``, in words (empty when there is none): pairs
    without a shared language, over capacity, excluded, against a same-gender rule, continuity
    not kept or claimed wrongly, and seekers paired twice, both paired and unmatched, or missing.
    Written independently of ``assign`` (sets and loops, no arrays) so that it can check it."""
    found: list[str] = []
    seeker_by_id = {s.id: s for s in seekers}
    supporter_by_id = {p.id: p for p in supporters}
    times_paired: dict[int, int] = defaultdict(int)
    load: dict[int, int] = defaultdict(int)
    paired_with: dict[int, Pair] = {}
    for pair in result.pairs:
        seeker = seeker_by_id.get(pair.seeker_id)
        supporter = supporter_by_id.get(pair.supporter_id)
        if seeker is None or supporter is None:
            found.append(f"Pair {pair.seeker_id}–{pair.supporter_id} names someone not in the run.")
            continue
        times_paired[seeker.id] += 1
        load[supporter.id] += 1
        paired_with[seeker.id] = pair
        if not seeker.languages & supporter.languages:
            found.append(f"Seeker {seeker.id} and supporter {supporter.id} share no language.")
        if supporter.id in seeker.excluded:
            found.append(f"Seeker {seeker.id} is paired with supporter {supporter.id}, excluded.")
        if not _gender_allows(seeker, supporter):
            found.append(
                f"Seeker {seeker.id} and supporter {supporter.id} break a same-gender rule."
            )
        if pair.continuing and seeker.current_supporter_id != supporter.id:
            found.append(
                f"Seeker {seeker.id} is marked as continuing with {supporter.id}, "
                "who is not their current supporter."
            )
    for seeker_id, times in times_paired.items():
        if times > 1:
            found.append(f"Seeker {seeker_id} is paired {times} times.")
    for supporter_id, n in load.items():
        capacity = supporter_by_id[supporter_id].capacity
        if n > capacity:
            found.append(f"Supporter {supporter_id} has {n} people for {capacity} places.")
    for seeker_id in result.unmatched:
        if seeker_id in times_paired:
            found.append(f"Seeker {seeker_id} is both paired and unmatched.")
        elif seeker_id not in seeker_by_id:
            found.append(f"Unmatched seeker {seeker_id} is not in the run.")
        elif not result.unmatched[seeker_id]:
            found.append(f"Unmatched seeker {seeker_id} has no reason given.")
    for seeker in seekers:
        if seeker.id not in times_paired and seeker.id not in result.unmatched:
            found.append(f"Seeker {seeker.id} is neither paired nor unmatched.")
    staying: dict[int, list[int]] = defaultdict(list)
    for seeker in seekers:
        if seeker.current_supporter_id not in supporter_by_id:
            continue
        current = supporter_by_id[seeker.current_supporter_id]
        if _feasible_ignoring_capacity(seeker, current):
            staying[current.id].append(seeker.id)
    for supporter_id, seeker_ids in staying.items():
        for seeker_id in sorted(seeker_ids)[: max(0, supporter_by_id[supporter_id].capacity)]:
            kept = paired_with.get(seeker_id)
            if kept is None or kept.supporter_id != supporter_id or not kept.continuing:
                found.append(
                    f"Seeker {seeker_id} should have continued with supporter {supporter_id}."
                )
    return found


# ----------------------------------------------------------------------------------- inputs


def _weights(weights: Mapping[str, float]) -> dict[str, float]:
    unknown = sorted(set(weights) - set(DEFAULT_WEIGHTS))
    if unknown:
        raise ValueError(f"unknown weights: {', '.join(unknown)}")
    w = {name: float(weights.get(name, 0.0)) for name in DEFAULT_WEIGHTS}
    if any(v < 0 or not math.isfinite(v) for v in w.values()):
        raise ValueError("weights must be finite and at least 0")
    return w


def _id(person: Seeker | Supporter) -> int:
    return person.id


def _check_ids(seekers: Sequence[Seeker], supporters: Sequence[Supporter]) -> None:
    """Refuse an id given twice (the lists come sorted by id) or a negative capacity."""
    for kind, ids in (
        ("seeker", [s.id for s in seekers]),
        ("supporter", [p.id for p in supporters]),
    ):
        repeated = sorted({a for a, b in zip(ids, ids[1:], strict=False) if a == b})
        if repeated:
            raise ValueError(f"{kind} ids given twice: {repeated[:5]}")
    if any(p.capacity < 0 for p in supporters):
        raise ValueError("a supporter's capacity cannot be negative")


def _norm_gender(gender: str) -> str:
    return gender.strip().casefold()


def _gender_allows(seeker: Seeker, supporter: Supporter) -> bool:
    gender = _norm_gender(seeker.gender)
    if gender and gender == _norm_gender(supporter.gender):
        return True
    return not (seeker.wants_same_gender or supporter.same_gender_only)


def _feasible_ignoring_capacity(seeker: Seeker, supporter: Supporter) -> bool:
    return (
        bool(seeker.languages & supporter.languages)
        and supporter.id not in seeker.excluded
        and _gender_allows(seeker, supporter)
    )


@dataclass
class _Side:
    """One side of the run as arrays, one row per person in id order."""

    ids: IntArray
    languages: MaskArray  # (n, words): bit b set when the person speaks code b
    pathways: MaskArray
    n_languages: IntArray
    n_pathways: IntArray
    utc_offset: FloatArray  # hours east of UTC, modulo 24
    gender: IntArray  # 0 = not said, else a code shared by both sides
    gender_rule: BoolArray  # wants_same_gender (seekers) / same_gender_only (supporters)


@dataclass
class _Run:
    """Everything a run works from, built once."""

    seekers: list[Seeker]  # in id order, as the rows of ``s``
    supporters: list[Supporter]  # in id order, as the rows of ``p``
    s: _Side
    p: _Side
    capacity: IntArray  # per supporter row
    experience: FloatArray  # per supporter row: years in recovery, clipped to [0, full]
    excluded_seeker: IntArray  # exclusions as (seeker row, supporter row) pairs
    excluded_supporter: IntArray
    w: dict[str, float]


def _masks(sets: Sequence[frozenset[str]], bit_of: dict[str, int]) -> MaskArray:
    """One bit per code, in the smallest unsigned type that holds them all (uint8 for up to 8
    codes: the bitwise work on every pair is several times faster than on uint64), in as many
    uint64 words as needed beyond 64."""
    width = next((b for b in (8, 16, 32) if len(bit_of) <= b), 64)
    words = max(1, -(-len(bit_of) // width))
    dtype = np.dtype(f"uint{width}")
    rows = np.asarray([i for i, codes in enumerate(sets) for _ in codes], dtype=np.int64)
    bits = np.asarray([bit_of[code] for codes in sets for code in codes], dtype=np.int64)
    out = np.zeros((len(sets), words), dtype=dtype)
    one = np.left_shift(np.ones(bits.size, dtype=dtype), (bits % width).astype(dtype))
    np.bitwise_or.at(out, (rows, bits // width), one)
    return out


def _side(
    people: Sequence[Seeker] | Sequence[Supporter],
    language_bit: dict[str, int],
    pathway_bit: dict[str, int],
    gender_code: dict[str, int],
    gender_rule: Iterable[bool],
) -> _Side:
    n = len(people)
    return _Side(
        ids=np.fromiter((x.id for x in people), np.int64, n),
        languages=_masks([x.languages for x in people], language_bit),
        pathways=_masks([x.pathways for x in people], pathway_bit),
        n_languages=np.fromiter((len(x.languages) for x in people), np.int64, n),
        n_pathways=np.fromiter((len(x.pathways) for x in people), np.int64, n),
        # In [0, 24): the distance between two is then min(d, 24 - d) with d = |a - b|.
        utc_offset=np.fromiter((x.utc_offset_hours for x in people), np.float64, n) % 24,
        gender=np.fromiter((gender_code[_norm_gender(x.gender)] for x in people), np.int64, n),
        gender_rule=np.fromiter(gender_rule, np.bool_, n),
    )


def _prepare(seekers: list[Seeker], supporters: list[Supporter], w: dict[str, float]) -> _Run:
    _check_ids(seekers, supporters)
    people: list[Seeker | Supporter] = [*seekers, *supporters]
    language_bit = {c: i for i, c in enumerate(sorted(set().union(*(x.languages for x in people))))}
    pathway_bit = {c: i for i, c in enumerate(sorted(set().union(*(x.pathways for x in people))))}
    said = sorted({_norm_gender(x.gender) for x in people} - {""})
    gender_code = {g: i for i, g in enumerate(["", *said])}
    row_of = {p.id: r for r, p in enumerate(supporters)}
    exclusions = [
        (r, row_of[i]) for r, seeker in enumerate(seekers) for i in seeker.excluded if i in row_of
    ]
    pairs = np.asarray(exclusions, dtype=np.int64).reshape(-1, 2)
    return _Run(
        seekers=seekers,
        supporters=supporters,
        s=_side(
            seekers, language_bit, pathway_bit, gender_code, (x.wants_same_gender for x in seekers)
        ),
        p=_side(
            supporters,
            language_bit,
            pathway_bit,
            gender_code,
            (x.same_gender_only for x in supporters),
        ),
        capacity=np.fromiter((x.capacity for x in supporters), np.int64, len(supporters)),
        experience=np.fromiter(
            (min(max(x.years_in_recovery, 0.0), EXPERIENCE_FULL_YEARS) for x in supporters),
            np.float64,
            len(supporters),
        ),
        excluded_seeker=pairs[:, 0],
        excluded_supporter=pairs[:, 1],
        w=w,
    )


# ----------------------------------------------------------------------------- continuity


def _keep_continuing(run: _Run, used: IntArray, matched: IntArray) -> BoolArray:
    """Keep each seeker with their current supporter while feasible and while places last,
    lowest seeker ids first; returns which seeker rows were kept."""
    row_of = {p.id: r for r, p in enumerate(run.supporters)}
    kept = np.zeros(len(run.seekers), dtype=np.bool_)
    for r, seeker in enumerate(run.seekers):  # in id order: the lowest ids keep their places
        if seeker.current_supporter_id not in row_of:
            continue
        col = row_of[seeker.current_supporter_id]
        if used[col] < run.capacity[col] and _feasible_ignoring_capacity(
            seeker, run.supporters[col]
        ):
            matched[r] = col
            used[col] += 1
            kept[r] = True
    return kept


# ---------------------------------------------------------------------------------- solve


def _shared_bits(a: MaskArray, b: MaskArray) -> npt.NDArray[np.uint8]:
    """Bits set in both, for every row of ``a`` against every row of ``b``: (len a, len b)."""
    total = np.bitwise_count(a[:, None, 0] & b[None, :, 0])
    for word in range(1, a.shape[1]):
        total += np.bitwise_count(a[:, None, word] & b[None, :, word])
    return total


def _gender_blocked(run: _Run, rows: IntArray, cols: IntArray) -> BoolArray:
    """Pairs a same-gender rule rules out: either side has the rule, and the genders are not
    both said and equal."""
    sg, pg = run.s.gender[rows][:, None], run.p.gender[cols][None, :]
    ruled = run.s.gender_rule[rows][:, None] | run.p.gender_rule[cols][None, :]
    return ruled & ((sg != pg) | (sg == 0))


def _exclusions_in(run: _Run, rows: IntArray, cols: IntArray) -> tuple[IntArray, IntArray]:
    """The exclusions among ``rows`` × ``cols``, as (row position, column position)."""
    row_pos = np.full(len(run.seekers), -1, dtype=np.int64)
    row_pos[rows] = np.arange(rows.size)
    col_pos = np.full(len(run.supporters), -1, dtype=np.int64)
    col_pos[cols] = np.arange(cols.size)
    r, c = row_pos[run.excluded_seeker], col_pos[run.excluded_supporter]
    hit = (r >= 0) & (c >= 0)
    return r[hit], c[hit]


def _pair_block(
    run: _Run, rows: IntArray, cols: IntArray
) -> tuple[npt.NDArray[np.float32], BoolArray]:
    """The points that depend on both sides (language, pathway, time zone) and which pairs a
    hard constraint rules out (capacity aside), for ``rows`` × ``cols``."""
    s, p, w, f32 = run.s, run.p, run.w, np.float32
    shared_languages = _shared_bits(s.languages[rows], p.languages[cols])
    ruled_out = shared_languages == 0
    ruled_out |= _gender_blocked(run, rows, cols)
    ruled_out[_exclusions_in(run, rows, cols)] = True

    def per_item(weight: float, counts: IntArray) -> npt.NDArray[np.float32]:
        return (weight / np.maximum(counts, 1)).astype(f32)[:, None]

    points = shared_languages.astype(f32)
    points *= per_item(w["language"], s.n_languages[rows])
    if w["pathway"]:
        shared_pathways = _shared_bits(s.pathways[rows], p.pathways[cols]).astype(f32)
        shared_pathways *= per_item(w["pathway"], s.n_pathways[rows])
        points += shared_pathways
    if w["time_zone"]:
        apart = s.utc_offset[rows].astype(f32)[:, None] - p.utc_offset[cols].astype(f32)
        np.abs(apart, out=apart)
        np.minimum(apart, f32(24) - apart, out=apart)
        apart *= f32(-w["time_zone"] / 12)
        apart += f32(w["time_zone"])
        points += apart
    return points, ruled_out


def _spread(run: _Run, cols: IntArray) -> npt.NDArray[np.float32]:
    """SPREAD_VARIANTS rows of pseudo-random points in [0, SPREAD_POINTS), one per supporter
    of ``cols``, from their id: seeker ``i`` ranks candidates with row ``id % SPREAD_VARIANTS``
    added, so that seekers alike do not all list the same few supporters (who could take only
    some of them) but each a different selection among those nearly as good."""
    ids = run.p.ids[cols].astype(np.uint64)
    variant = np.arange(SPREAD_VARIANTS, dtype=np.uint64)[:, None]
    with np.errstate(over="ignore"):
        h = (ids * np.uint64(0x9E3779B97F4A7C15)) ^ (
            (variant + np.uint64(1)) * np.uint64(0xBF58476D1CE4E5B9)
        )
        h ^= h >> np.uint64(31)
        h *= np.uint64(0x94D049BB133111EB)
        h ^= h >> np.uint64(29)
    return (h >> np.uint64(40)).astype(np.float32) * np.float32(SPREAD_POINTS / 2**24)


def _capacity_points(w: dict[str, float], capacity: IntArray, place: IntArray) -> FloatArray:
    """The capacity component of taking place number ``place`` (0-based, continuing people
    first) of a supporter with ``capacity`` places: the share still free afterwards."""
    return w["capacity"] * (capacity - place - 1) / np.maximum(capacity, 1)


def _candidates(
    run: _Run, pending: IntArray, cols: IntArray, next_place: FloatArray, k: int
) -> tuple[IntArray, IntArray, FloatArray, BoolArray]:
    """Each pending seeker's ``k`` best feasible supporters among ``cols``, ranked by score
    (the capacity component at the supporter's next free place) plus the spread: for each,
    (row position in pending, column position in cols, score without capacity), and per row
    whether feasible supporters were left out."""
    take = min(k, cols.size)
    experience = run.experience[cols] * (run.w["experience"] / EXPERIENCE_FULL_YEARS)
    extra = (next_place + _spread(run, cols)).astype(np.float32)  # ranking only
    ranking = extra + experience.astype(np.float32)
    variant = run.s.ids % SPREAD_VARIANTS
    scale = np.float32(min(100.0, 32_000 / (sum(run.w.values()) + SPREAD_POINTS)))
    step = max(1, CHUNK_CELLS // cols.size)
    rows_out, cols_out, base_out, cut_out = [], [], [], []
    for start in range(0, pending.size, step):
        rows = pending[start : start + step]
        points, ruled_out = _pair_block(run, rows, cols)
        if take < cols.size:
            v = variant[rows]
            points += ranking[v]
            # Ranked as int16 hundredths of a point: argpartition is 3 times faster on them
            # than on floats. Ruled-out pairs rank below every real one (scores are >= 0).
            rank = (points * scale).astype(np.int16)
            np.putmask(rank, ruled_out, np.int16(-1))
            best = np.argpartition(rank, cols.size - take, axis=1)[:, cols.size - take :]
            kept = ~np.take_along_axis(ruled_out, best, axis=1)
            cut_out.append(kept.all(axis=1) & (cols.size - ruled_out.sum(axis=1) > take))
            r, c = np.nonzero(kept)
            col = best[r, c]
            base = points[r, col] - extra[v[r], col]
        else:
            r, col = np.nonzero(~ruled_out)
            base = points[r, col] + experience[col]
            cut_out.append(np.zeros(rows.size, dtype=np.bool_))
        rows_out.append(r + start)
        cols_out.append(col)
        base_out.append(base.astype(np.float64))
    return (
        np.concatenate(rows_out),
        np.concatenate(cols_out),
        np.concatenate(base_out),
        np.concatenate(cut_out),
    )


def _solve_round(
    run: _Run, pending: IntArray, used: IntArray, matched: IntArray, k: int
) -> IntArray:
    """One min-cost assignment of the ``pending`` seeker rows to the places still free;
    updates ``used`` and ``matched`` and returns the rows worth another round: those left
    unmatched whose candidate list was cut short (a supporter beyond it may still have room)."""
    w = run.w
    room = run.capacity - used
    cols = np.flatnonzero(room > 0)
    if cols.size == 0:
        return pending[:0]
    next_place = _capacity_points(w, run.capacity[cols], used[cols])
    e_row, e_col, e_base, cut_short = _candidates(run, pending, cols, next_place, k)
    active = np.unique(e_row)  # seekers with a candidate: the others cannot be placed
    if active.size == 0:
        return pending[:0]

    # The free places of the supporters someone listed, numbered supporter by supporter.
    graph_row = np.full(pending.size, -1, dtype=np.int64)
    graph_row[active] = np.arange(active.size)
    wanted = np.unique(e_col)
    places = room[cols[wanted]]
    first_place = np.zeros(cols.size, dtype=np.int64)
    first_place[wanted] = np.cumsum(places) - places
    n_places = int(places.sum())

    # One edge per candidate and free place of theirs, the k-th free place scoring a little
    # lower on capacity (so the solver fills places in order and spreads people out).
    per_edge = room[cols[e_col]]
    edge = np.repeat(np.arange(e_col.size), per_edge)
    nth = np.arange(edge.size) - np.repeat(np.cumsum(per_edge) - per_edge, per_edge)
    supporter = cols[e_col[edge]]
    top = sum(w.values()) + 1.0  # above any score, so every cost is at least 1
    cost = top - e_base[edge] - _capacity_points(w, run.capacity[supporter], used[supporter] + nth)
    # Whichever side is smaller (seekers or places) is the row side, each row with a "left
    # out" column of its own that costs more than any number of real pairs could save, so the
    # solver leaves a row out only when no assignment of the others makes room for it. Rows
    # the solver must leave out search the whole graph first; with the smaller side as rows
    # there are few of them (in a tight market, 10 times fewer and 10 times faster).
    seeker_of_edge = graph_row[e_row[edge]]
    place_of_edge = first_place[e_col[edge]] + nth
    left_out = min(active.size, n_places) * top + 1.0
    by_place = n_places < active.size
    rows, columns = (place_of_edge, seeker_of_edge) if by_place else (seeker_of_edge, place_of_edge)
    n_rows, n_columns = (n_places, active.size) if by_place else (active.size, n_places)
    graph = csr_matrix(
        (
            np.concatenate([cost, np.full(n_rows, left_out)]),
            (
                np.concatenate([rows, np.arange(n_rows)]),
                np.concatenate([columns, n_columns + np.arange(n_rows)]),
            ),
        ),
        shape=(n_rows, n_columns + n_rows),
    )
    row_ind, col_ind = min_weight_full_bipartite_matching(graph)
    real = col_ind < n_columns
    seeker_pos, place = (
        (col_ind[real], row_ind[real]) if by_place else (row_ind[real], col_ind[real])
    )
    owners = np.repeat(cols[wanted], places)[place]
    matched[pending[active[seeker_pos]]] = owners
    np.add.at(used, owners, 1)
    placed = np.zeros(active.size, dtype=np.bool_)
    placed[seeker_pos] = True
    left = active[~placed]
    return pending[left[cut_short[left]]]


# -------------------------------------------------------------------------------- explain


@functools.lru_cache(maxsize=4096)
def _listed(codes: frozenset[str], kind: str, word: str = "and") -> str:
    """Names for codes, as read: "Spanish", "English and Spanish", "AA, NA and SMART
    Recovery"."""
    names = sorted(
        (LANGUAGE_NAMES if kind == "language" else PATHWAY_NAMES).get(c, c) for c in codes
    )
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


@functools.lru_cache(maxsize=4096)
def _apart_words(hours: float) -> str:
    if hours == 0:
        return "Same time zone"
    return f"Time zones {hours:g} hour{'' if hours == 1 else 's'} apart"


@functools.lru_cache(maxsize=4096)
def _experience_words(years: float) -> str:
    if years >= 1:
        value = round(years, 1)
        return f"{value:g} year{'' if value == 1 else 's'} in recovery"
    months = max(1, round(years * 12))
    return f"{months} month{'' if months == 1 else 's'} in recovery"


@functools.lru_cache(maxsize=4096)
def _capacity_words(free: int, capacity: int) -> str:
    # Only said when it scores, so at least one place stays free.
    return f"Keeps {free} of their {capacity} places free"


def _pair_points(
    run: _Run, rows: IntArray, cols: IntArray, place: IntArray
) -> dict[str, list[float]]:
    """Each score component of the pairs ``rows[i]``–``cols[i]``, as the solver counted it
    (``place``: which of the supporter's places the pair takes, 0-based), to 2 decimals."""
    s, p, w = run.s, run.p, run.w

    def shared(a: MaskArray, b: MaskArray) -> IntArray:
        return np.bitwise_count(a[rows] & b[cols]).sum(axis=1)

    apart = np.abs(s.utc_offset[rows] - p.utc_offset[cols])
    apart = np.minimum(apart, 24 - apart)
    capacity = run.capacity[cols]
    points = {
        "language": w["language"]
        * shared(s.languages, p.languages)
        / np.maximum(s.n_languages[rows], 1),
        "pathway": w["pathway"]
        * shared(s.pathways, p.pathways)
        / np.maximum(s.n_pathways[rows], 1),
        "time_zone": w["time_zone"] * (1 - apart / 12),
        "experience": w["experience"] * run.experience[cols] / EXPERIENCE_FULL_YEARS,
        "capacity": _capacity_points(w, capacity, place),
    }
    return {name: np.round(values, 2).tolist() for name, values in points.items()}


def _values(
    name: str, seeker: Seeker, supporter: Supporter, apart: float, place: int
) -> dict[str, object]:
    """What the words of a score component say, as values."""
    if name == "language":
        return {"codes": sorted(seeker.languages & supporter.languages)}
    if name == "pathway":
        return {"codes": sorted(seeker.pathways & supporter.pathways)}
    if name == "time_zone":
        return {"hours": apart}
    if name == "experience":
        return {"years": supporter.years_in_recovery}
    return {"free": supporter.capacity - place - 1, "capacity": supporter.capacity}


def _words(name: str, seeker: Seeker, supporter: Supporter, apart: float, place: int) -> str:
    """What a score component means for one pair, in words."""
    if name == "language":
        return "Both speak " + _listed(seeker.languages & supporter.languages, "language")
    if name == "pathway":
        return "Both follow " + _listed(seeker.pathways & supporter.pathways, "pathway")
    if name == "time_zone":
        return _apart_words(apart)
    if name == "experience":
        return _experience_words(supporter.years_in_recovery)
    return _capacity_words(supporter.capacity - place - 1, supporter.capacity)


def _explain_pairs(run: _Run, matched: IntArray, continuing: BoolArray) -> list[Pair]:
    """The chosen pairs with their reasons, in seeker id order."""
    rows = np.flatnonzero(matched >= 0)
    cols = matched[rows]
    # Each supporter's places are numbered continuing people first, then by seeker id: their
    # capacity points add up to what the solver counted, whichever order it filled them in.
    order = np.lexsort((rows, ~continuing[rows], cols))
    first = np.searchsorted(cols[order], cols[order])
    place = np.empty_like(rows)
    place[order] = np.arange(rows.size) - first
    points = _pair_points(run, rows, cols, place)
    apart = np.abs(run.s.utc_offset[rows] - run.p.utc_offset[cols])
    apart = np.round(np.minimum(apart, 24 - apart), 2).tolist()
    pairs = []
    for i, (r, c) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        seeker, supporter = run.seekers[r], run.supporters[c]
        reasons = [
            Reason(
                name,
                value,
                _words(name, seeker, supporter, apart[i], int(place[i])),
                _values(name, seeker, supporter, apart[i], int(place[i])),
            )
            for value, name in sorted(
                ((points[name][i], name) for name in points), key=lambda x: (-x[0], x[1])
            )
            if value > 0
        ]
        if continuing[r]:
            reasons.insert(0, Reason("continuity", 0.0, "Continues with their current supporter"))
        pairs.append(
            Pair(
                seeker_id=seeker.id,
                supporter_id=supporter.id,
                score=round(sum(x.points for x in reasons), 2),
                reasons=tuple(reasons),
                continuing=bool(continuing[r]),
            )
        )
    return pairs  # rows are in seeker id order


def _explain_unmatched(run: _Run, used: IntArray, rows: IntArray) -> dict[int, Reason]:
    """Why each of the seeker ``rows`` is unmatched: the first hard constraint, in the order
    language, places, exclusions and gender, then full, that rules every supporter out."""
    out: dict[int, Reason] = {}
    cols = np.arange(len(run.supporters))
    if rows.size == 0:
        return out
    has_place = run.capacity > 0
    full = used >= run.capacity
    step = max(1, CHUNK_CELLS // max(1, cols.size))
    for start in range(0, rows.size, step):
        block = rows[start : start + step]
        speaks = _shared_bits(run.s.languages[block], run.p.languages) > 0
        with_place = speaks & has_place
        gender_ok = ~_gender_blocked(run, block, cols)
        allowed = np.ones_like(speaks)
        allowed[_exclusions_in(run, block, cols)] = False
        for i, r in enumerate(block.tolist()):
            seeker = run.seekers[r]
            languages = _listed(seeker.languages, "language", "or") if seeker.languages else ""
            suitable = with_place[i] & gender_ok[i] & allowed[i]
            values: dict[str, object] = {"codes": sorted(seeker.languages)}
            if not seeker.languages:
                rule, why = (
                    "no_language",
                    ("No language is recorded for them, and a shared one is required."),
                )
            elif not speaks[i].any():
                rule, why = "nobody_speaks", f"No supporter speaks {languages}."
            elif not with_place[i].any():
                rule, why = "no_place_speaks", f"No supporter with a place left speaks {languages}."
            elif not suitable.any():
                values |= {
                    "by_gender": not (with_place[i] & gender_ok[i]).any(),
                    "by_exclusion": not (with_place[i] & allowed[i]).any(),
                    "wants_same_gender": seeker.wants_same_gender,
                    "gender_said": bool(_norm_gender(seeker.gender)),
                }
                rule, why = (
                    "ruled_out",
                    _ruled_out(
                        seeker,
                        f"Every supporter with a place left who speaks {languages}",
                        by_gender=bool(values["by_gender"]),
                        by_exclusion=bool(values["by_exclusion"]),
                    ),
                )
            elif full[suitable].all():
                n = int(suitable.sum())
                values["n"] = n
                rule, why = (
                    "full",
                    (
                        "The one suitable supporter is full."
                        if n == 1
                        else f"All {n} suitable supporters are full."
                    ),
                )
            else:  # not reached: a seeker with a suitable supporter with room is tried again
                rule, why = (
                    "not_placed",
                    ("Not placed in this run although a suitable supporter has room."),
                )
            out[seeker.id] = Reason(rule, 0.0, why, values)
    return out


def _ruled_out(seeker: Seeker, who: str, *, by_gender: bool, by_exclusion: bool) -> str:
    """Words for a seeker whose every language-sharing supporter with a place is ruled out by
    the same-gender norm, their exclusions, or a mix of the two."""
    if seeker.wants_same_gender:
        gender_rule = "their wish for a supporter of the same gender"
        if not _norm_gender(seeker.gender) and by_gender:
            return (
                "They asked for a supporter of the same gender, but their gender is not recorded."
            )
    else:
        gender_rule = "a supporter's rule to take only people of their own gender"
    if by_gender and not by_exclusion:
        return f"{who} is ruled out by {gender_rule}."
    if by_exclusion and not by_gender:
        return f"{who} is on their excluded list."
    return f"{who} is on their excluded list or ruled out by {gender_rule}."
