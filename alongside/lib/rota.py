"""A weekly chore rota: each chore goes to one person, and the effort (units of 1 to 5 per
chore) is spread as evenly as it can be — every person's total within one unit of everyone
else's whenever the chores allow it.

How:

1. People are taken in a turn order that rotates with the week (`turn`), so the heaviest chore,
   and the gap left when there are fewer chores than people, move round the house week by week.
2. Greedy first (longest first): chores by effort, heaviest first, each to the person with the
   least effort so far (then the fewest chores, then the turn order).
3. When the greedy spread is more than one unit, a depth-first search over the same order looks
   for a better one, trying people with equal totals only once (they are interchangeable for
   the spread) and stopping at the best spread possible (0 when the total divides evenly, else
   1) or after `BUDGET` steps. A house's rota (a dozen chores, a dozen people) is searched in
   full in well under a millisecond; the budget only bounds a pathological list.

Everything is deterministic: the same chores, people and turn give the same rota.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
P = TypeVar("P", bound=Hashable)

BUDGET = 50_000


@dataclass(frozen=True)
class Rota(Generic[K, P]):
    """The chosen person for each chore, and each person's total effort (0 for none)."""

    assignments: dict[K, P]
    loads: dict[P, int]

    @property
    def spread(self) -> int:
        """The gap between the most and the least effort anyone has (0 for nobody)."""
        return max(self.loads.values()) - min(self.loads.values()) if self.loads else 0


def turn_order(people: Sequence[P], turn: int) -> list[P]:
    """The people, starting `turn` places along (wrapping round)."""
    if not people:
        return []
    start = turn % len(people)
    return [*people[start:], *people[:start]]


def assign(chores: Sequence[tuple[K, int]], people: Sequence[P], *, turn: int = 0) -> Rota[K, P]:
    """Each chore (key, effort ≥ 1) to one of `people` (distinct), spreading effort evenly.
    No people: no assignments. Raises ValueError for an effort below 1 or repeated people."""
    if len(set(people)) != len(people):
        raise ValueError("Each person once.")
    if any(effort < 1 for _key, effort in chores):
        raise ValueError("Every chore takes at least one unit of effort.")
    order = turn_order(people, turn)
    if not order:
        return Rota({}, {})
    ranked = sorted(chores, key=lambda chore: -chore[1])  # stable: keeps the given order on ties
    efforts = [effort for _key, effort in ranked]
    chosen = _greedy(efforts, len(order))
    best_spread = _spread(efforts, chosen, len(order))
    floor = 0 if sum(efforts) % len(order) == 0 else 1
    # With fewer chores than people the greedy rota is already the best: one chore each.
    if best_spread > floor and len(efforts) >= len(order):
        found = _search(efforts, len(order), best_spread, floor)
        if found is not None:
            chosen = found
    assignments = {key: order[slot] for (key, _effort), slot in zip(ranked, chosen, strict=True)}
    loads = {person: 0 for person in order}
    for (_key, effort), slot in zip(ranked, chosen, strict=True):
        loads[order[slot]] += effort
    return Rota(assignments, loads)


def _loads(efforts: Sequence[int], slots: Sequence[int], n: int) -> list[int]:
    loads = [0] * n
    for effort, slot in zip(efforts, slots, strict=True):
        loads[slot] += effort
    return loads


def _spread(efforts: Sequence[int], slots: Sequence[int], n: int) -> int:
    loads = _loads(efforts, slots, n)
    return max(loads) - min(loads)


def _greedy(efforts: Sequence[int], n: int) -> list[int]:
    loads, counts, slots = [0] * n, [0] * n, []
    for effort in efforts:
        slot = min(range(n), key=lambda s: (loads[s], counts[s], s))
        loads[slot] += effort
        counts[slot] += 1
        slots.append(slot)
    return slots


def _search(efforts: Sequence[int], n: int, to_beat: int, floor: int) -> list[int] | None:
    """The assignment with the smallest spread below `to_beat` found within BUDGET steps."""
    best: list[int] | None = None
    best_spread = to_beat
    loads = [0] * n
    slots: list[int] = []
    remaining = [sum(efforts[i:]) for i in range(len(efforts) + 1)]
    steps = 0

    def walk(i: int) -> bool:
        """True to stop: the floor is reached or the budget spent."""
        nonlocal best, best_spread, steps
        steps += 1
        if steps > BUDGET:
            return True
        if i == len(efforts):
            spread = max(loads) - min(loads)
            if spread < best_spread:
                best, best_spread = list(slots), spread
            return best_spread <= floor
        # Nobody's total ever falls, and the lightest can rise by at most what remains.
        if max(loads) - min(loads[s] + remaining[i] for s in range(n)) >= best_spread:
            return False
        tried: set[int] = set()
        for slot in sorted(range(n), key=lambda s: (loads[s], s)):
            if loads[slot] in tried:
                continue
            tried.add(loads[slot])
            loads[slot] += efforts[i]
            slots.append(slot)
            stop = walk(i + 1)
            slots.pop()
            loads[slot] -= efforts[i]
            if stop:
                return True
        return False

    walk(0)
    return best
