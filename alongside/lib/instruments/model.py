"""The shape of an instrument, and the one scoring engine every instrument uses.

An instrument is data: items with their response options and codes, skip rules, which items
make up the total and each subscale, bands, cut-offs, flags, source and licence. `score()`
validates a complete set of answers against that data and returns a `Result`; nothing is
prorated and nothing is guessed, so incomplete or out-of-range answers raise `AnswersInvalid`
naming every item at fault.

Django-free on purpose: the same functions back the web form, the JSON API, the pure scoring
endpoint and the tests. Strings are marked with `gettext_noop` so they reach the translation
catalog; the web layer translates them when it shows them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


def gettext_noop(text: str) -> str:
    """Marks a string for the translation catalog; the web layer translates at display time."""
    return text


class ItemKind(StrEnum):
    CHOICE = "choice"  # one of the listed options; the option carries its code
    # A count of days 0–30, or the paper form's category ("1-3", "4-8", …) when only that is
    # known; either becomes a code by the instrument's day bins.
    DAYS = "days"


class Evidence(StrEnum):
    """How well a rule is sourced in the project's reference (instruments.md)."""

    VERIFIED = "verified"  # [V] checked against the cited source
    SECONDARY = "secondary"  # [S] a secondary source only
    UNVERIFIED = "unverified"  # [U] from memory, unresolved, or a product decision: said on screen


class FlagKind(StrEnum):
    SAFETY = "safety"  # needs follow-up by a competent person at once (PHQ-9 item 9)
    CONCERN = "concern"  # a score at or past a clinical cut-off
    STRENGTH = "strength"  # a strengths indicator (BARC-10 ≥ 47), never a diagnosis
    SCREEN = "screen"  # a positive screen (AUDIT-C)


@dataclass(frozen=True)
class Option:
    value: int | str  # what is submitted
    label: str
    score: int | None = None  # the code it scores; None: the value itself (an int)

    @property
    def code(self) -> int | None:
        """The points this answer scores; None for a text answer that scores nothing (the
        options of a context item such as AUDIT-C's choice of cut-off)."""
        if self.score is not None:
            return self.score
        return self.value if isinstance(self.value, int) else None


@dataclass(frozen=True)
class Item:
    key: str  # "1", "7a", "readiness": also what the person sees as the item's number
    text: str
    kind: ItemKind = ItemKind.CHOICE
    options: tuple[Option, ...] = ()
    scored: bool = True  # False: recorded but in no total or subscale (BAM 7A–7G, PHQ-9 item 10)
    required: bool = True
    # Skipped (and scored 0) when the named item's answer equals the value: BAM 5 and 7A–7G.
    skip_when: tuple[str, int] | None = None
    # A scoring input rather than a question about the person (AUDIT-C's sex for its cut-off).
    context: bool = False
    # Only for context items: what is used when it is left out (and recorded as used).
    default: int | str | None = None
    help: str = ""
    group: str = ""  # items sharing a group are shown under one heading (BAM 7A–7G)
    # Default wording is a paraphrase because the original's licence is not confirmed.
    paraphrased: bool = False

    @property
    def label(self) -> str:
        return self.key.upper() if self.key[:1].isdigit() else self.key

    def option_for(self, value: int | str) -> Option | None:
        return next((o for o in self.options if o.value == value), None)


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    key: str
    label: str
    action: str = ""  # the source's suggested action, if any (DAST-10)


@dataclass(frozen=True)
class CutOff:
    """A published threshold: `score >= value` (or `<=`), drawn on trend charts."""

    value: int
    key: str
    label: str
    kind: FlagKind = FlagKind.CONCERN
    at_or_below: bool = False  # True: the flag is raised at or below the value (BAM Protective)
    subscale: str = ""  # "" for the total
    # Applies only when every named context answer is one of the listed values (AUDIT-C by sex).
    when: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    evidence: Evidence = Evidence.VERIFIED

    def reached(self, score: int) -> bool:
        return score <= self.value if self.at_or_below else score >= self.value

    def applies(self, answers: Mapping[str, Any]) -> bool:
        return all(answers.get(k) in allowed for k, allowed in self.when.items())


@dataclass(frozen=True)
class ItemFlag:
    """A flag raised by one item's answer, whatever the total (PHQ-9 item 9)."""

    item: str
    at_least: int
    key: str
    label: str
    kind: FlagKind = FlagKind.SAFETY
    evidence: Evidence = Evidence.SECONDARY


@dataclass(frozen=True)
class Subscale:
    key: str
    label: str
    items: tuple[str, ...]
    low: int
    high: int
    direction: str  # plain words: "higher means more use"


@dataclass(frozen=True)
class Note:
    text: str
    evidence: Evidence = Evidence.VERIFIED


@dataclass(frozen=True)
class Licence:
    text: str
    wording_free: bool  # False: default wording is paraphrased; organizations may set theirs
    evidence: Evidence = Evidence.VERIFIED


@dataclass(frozen=True)
class Instrument:
    key: str
    name: str  # "PHQ-9"
    title: str  # "Patient Health Questionnaire"
    purpose: str
    period: str  # "the past 2 weeks"
    stem: str  # the instruction shown above the items
    items: tuple[Item, ...]
    citation: str
    licence: Licence
    version: str = "1"
    has_total: bool = True
    total_label: str = gettext_noop("Total")
    bands: tuple[Band, ...] = ()
    cutoffs: tuple[CutOff, ...] = ()
    item_flags: tuple[ItemFlag, ...] = ()
    subscales: tuple[Subscale, ...] = ()
    notes: tuple[Note, ...] = ()
    # Maps a day count (0–30) to a code; used by DAYS items (BAM).
    day_bins: tuple[tuple[int, int, int], ...] = ()
    # Extra notes that depend on the answers and flags (AUDIT-C: all points from question 1).
    answer_notes: (
        Callable[[Mapping[str, Any], dict[str, int], set[str]], tuple[Note, ...]] | None
    ) = None
    follow_up: tuple[str, ...] = ()  # prompts shown with the result (readiness ruler)

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)

    @property
    def item_keys(self) -> tuple[str, ...]:
        return tuple(i.key for i in self.items)

    @property
    def questions(self) -> tuple[Item, ...]:
        return tuple(i for i in self.items if not i.context)

    @property
    def total_range(self) -> tuple[int, int]:
        scored = [i for i in self.items if i.scored and not i.context]
        return (
            sum(self._item_range(i)[0] for i in scored),
            sum(self._item_range(i)[1] for i in scored),
        )

    def _item_range(self, item: Item) -> tuple[int, int]:
        if item.kind == ItemKind.DAYS:
            codes = [code for _lo, _hi, code in self.day_bins]
        else:
            codes = [o.code for o in item.options if o.code is not None]
        return min(codes), max(codes)

    def band_for(self, total: int) -> Band | None:
        return next((b for b in self.bands if b.low <= total <= b.high), None)

    def day_code(self, days: int | str) -> int:
        if isinstance(days, str):
            return next(code for lo, hi, code in self.day_bins if day_category(lo, hi) == days)
        return next(code for lo, hi, code in self.day_bins if lo <= days <= hi)

    def day_category(self, text: object) -> str | None:
        """The canonical category ("4-8") a text names, or None ("0" is a count, not this)."""
        if not isinstance(text, str):
            return None
        cleaned = text.strip().replace("–", "-").replace(" ", "")
        labels = {day_category(lo, hi) for lo, hi, _code in self.day_bins if lo != hi}
        return cleaned if cleaned in labels else None


# ------------------------------------------------------------------ validation


@dataclass(frozen=True)
class AnswerError:
    item: str
    code: str  # missing | not_an_option | not_days | skipped_answered | unknown_item | more_than
    message: str  # plain English; the web layer shows a translated sentence for `code`
    params: Mapping[str, Any] = field(default_factory=dict)


class AnswersInvalid(ValueError):
    """Answers that cannot be scored, with one error per item at fault."""

    def __init__(self, errors: list[AnswerError]) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors

    def by_item(self) -> dict[str, AnswerError]:
        return {e.item: e for e in self.errors}


MAX_DAYS = 30


def day_category(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}-{high}"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _as_int(value: object) -> int | None:
    if isinstance(value, bool):  # True is an int in Python; it is not a number of days
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _coerce_choice(item: Item, value: object) -> int | str | None:
    """The option value the answer names, or None when it names none of them."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    for option in item.options:
        if isinstance(option.value, int):
            number = _as_int(value)
            if number is not None and number == option.value:
                return option.value
        elif isinstance(value, str) and value.strip().lower() == option.value:
            return option.value
    return None


def _choices_text(item: Item) -> str:
    return ", ".join(str(o.value) for o in item.options)


def is_skipped(item: Item, answers: Mapping[str, Any]) -> bool:
    if item.skip_when is None:
        return False
    controller, value = item.skip_when
    return answers.get(controller) == value


def validate(instrument: Instrument, answers: Mapping[str, object]) -> dict[str, int | str]:
    """Normalise a complete set of answers, or raise AnswersInvalid naming each item at fault.

    Skipped items may be left out or answered 0; an optional item may be left out. Every other
    item must have an answer among its options (or 0–30 days). Nothing is filled in or prorated.
    """
    errors: list[AnswerError] = []
    known = set(instrument.item_keys)
    for key in answers:
        if str(key) not in known:
            errors.append(
                AnswerError(
                    str(key),
                    "unknown_item",
                    f"“{key}” is not an item of the {instrument.name}.",
                    {"item": key, "instrument": instrument.name},
                )
            )
    clean: dict[str, int | str] = {}
    # Controlling items come before the items they skip, so one pass in order is enough.
    for item in instrument.items:
        raw = answers.get(item.key)
        params = {"item": item.label}
        controller_unknown = item.skip_when is not None and item.skip_when[0] not in clean
        if is_skipped(item, clean):
            number = _as_int(raw)
            if not _blank(raw) and number != 0:
                controller, value = item.skip_when  # type: ignore[misc]
                errors.append(
                    AnswerError(
                        item.key,
                        "skipped_answered",
                        f"Item {item.label} is skipped when item {controller.upper()} is {value}; leave it empty.",
                        {**params, "controller": controller.upper(), "value": value},
                    )
                )
            continue
        if _blank(raw):
            if item.context and item.default is not None:
                clean[item.key] = item.default
            # Whether an item is skipped is unknown until its controlling item is answered;
            # that item's own error says what is wrong.
            elif item.required and not controller_unknown:
                errors.append(
                    AnswerError(item.key, "missing", f"Item {item.label} needs an answer.", params)
                )
            continue
        if item.kind == ItemKind.DAYS:
            category = instrument.day_category(raw)
            if category is not None:
                clean[item.key] = category
                continue
            number = _as_int(raw)
            if number is None or not 0 <= number <= MAX_DAYS:
                errors.append(
                    AnswerError(
                        item.key,
                        "not_days",
                        f"Item {item.label}: {raw!r} is not a number of days from 0 to {MAX_DAYS} (or a category such as 4-8).",
                        {**params, "value": raw, "max": MAX_DAYS},
                    )
                )
                continue
            clean[item.key] = number
        else:
            chosen = _coerce_choice(item, raw)
            if chosen is None:
                errors.append(
                    AnswerError(
                        item.key,
                        "not_an_option",
                        f"Item {item.label}: {raw!r} is not one of its answers ({_choices_text(item)}).",
                        {**params, "value": raw, "choices": _choices_text(item)},
                    )
                )
                continue
            clean[item.key] = chosen
    errors += _consistency_errors(instrument, clean)
    if errors:
        raise AnswersInvalid(errors)
    return clean


def _consistency_errors(
    instrument: Instrument, clean: Mapping[str, int | str]
) -> list[AnswerError]:
    """A day count inside a skip group cannot exceed the day count that opens it: days with
    5+ drinks (BAM 5) are days with any alcohol (BAM 4); days of one drug (7A–7G) are days of
    drug use (BAM 6)."""
    errors = []
    for item in instrument.items:
        if item.kind != ItemKind.DAYS or item.skip_when is None or item.key not in clean:
            continue
        controller = instrument.item(item.skip_when[0])
        if controller.kind != ItemKind.DAYS or controller.key not in clean:
            continue
        answer, opened = clean[item.key], clean[controller.key]
        if isinstance(answer, int) and isinstance(opened, int):
            more = answer > opened
        else:  # a category on either side: compare the bins
            more = instrument.day_code(answer) > instrument.day_code(opened)
        if more:
            errors.append(
                AnswerError(
                    item.key,
                    "more_than",
                    f"Item {item.label} cannot be more days than item {controller.label} ({clean[controller.key]}).",
                    {
                        "item": item.label,
                        "controller": controller.label,
                        "value": clean[controller.key],
                    },
                )
            )
    return errors


# ------------------------------------------------------------------ scoring


@dataclass(frozen=True)
class FlagResult:
    key: str
    label: str
    kind: FlagKind
    evidence: Evidence
    subscale: str = ""

    @property
    def urgent(self) -> bool:
        return self.kind == FlagKind.SAFETY


@dataclass(frozen=True)
class SubscaleResult:
    key: str
    label: str
    score: int
    low: int
    high: int
    direction: str
    flags: tuple[FlagResult, ...] = ()


@dataclass(frozen=True)
class Result:
    instrument: str
    version: str
    answers: dict[str, int | str]
    item_scores: dict[str, int]
    skipped: tuple[str, ...]
    total: int | None
    total_range: tuple[int, int] | None
    band: Band | None
    subscales: tuple[SubscaleResult, ...]
    flags: tuple[FlagResult, ...]
    notes: tuple[Note, ...]

    @property
    def flag_keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.flags)

    def has_flag(self, key: str) -> bool:
        return key in self.flag_keys

    @property
    def needs_safety_follow_up(self) -> bool:
        return any(f.urgent for f in self.flags)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready copy, stored with each administration and returned by the API."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "total": self.total,
            "total_range": list(self.total_range) if self.total_range else None,
            "band": None
            if self.band is None
            else {
                "key": self.band.key,
                "label": self.band.label,
                "low": self.band.low,
                "high": self.band.high,
                "action": self.band.action,
            },
            "subscales": [
                {
                    "key": s.key,
                    "label": s.label,
                    "score": s.score,
                    "low": s.low,
                    "high": s.high,
                    "direction": s.direction,
                    "flags": [_flag_dict(f) for f in s.flags],
                }
                for s in self.subscales
            ],
            "flags": [_flag_dict(f) for f in self.flags],
            "item_scores": dict(self.item_scores),
            "skipped": list(self.skipped),
            "notes": [{"text": n.text, "evidence": str(n.evidence)} for n in self.notes],
        }


def _flag_dict(flag: FlagResult) -> dict[str, Any]:
    return {
        "key": flag.key,
        "label": flag.label,
        "kind": str(flag.kind),
        "evidence": str(flag.evidence),
        "subscale": flag.subscale,
        "urgent": flag.urgent,
    }


def item_score(instrument: Instrument, item: Item, answer: int | str | None) -> int:
    """The code one answer scores; a skipped (absent) answer scores 0."""
    if answer is None:
        return 0
    if item.kind == ItemKind.DAYS:
        return instrument.day_code(answer)
    option = item.option_for(answer)
    assert (
        option is not None and option.code is not None
    )  # validate() let only listed options through
    return option.code


def score(instrument: Instrument, answers: Mapping[str, object]) -> Result:
    """Validate and score one complete set of answers (raises AnswersInvalid)."""
    clean = validate(instrument, answers)
    skipped = tuple(i.key for i in instrument.items if is_skipped(i, clean))
    item_scores = {
        item.key: item_score(instrument, item, clean.get(item.key))
        for item in instrument.items
        if item.scored and not item.context and (item.key in clean or item.key in skipped)
    }
    flags: list[FlagResult] = []
    total = None
    band = None
    if instrument.has_total:
        total = sum(item_scores.values())
        band = instrument.band_for(total)
        flags += _cutoff_flags(instrument, clean, "", total)
    subscales = []
    for sub in instrument.subscales:
        value = sum(item_scores[k] for k in sub.items)
        sub_flags = tuple(_cutoff_flags(instrument, clean, sub.key, value))
        flags += sub_flags
        subscales.append(
            SubscaleResult(sub.key, sub.label, value, sub.low, sub.high, sub.direction, sub_flags)
        )
    for rule in instrument.item_flags:
        answer = clean.get(rule.item)
        if (
            answer is not None
            and item_score(instrument, instrument.item(rule.item), answer) >= rule.at_least
        ):
            flags.append(FlagResult(rule.key, rule.label, rule.kind, rule.evidence))
    notes = (
        instrument.answer_notes(clean, item_scores, {f.key for f in flags})
        if instrument.answer_notes
        else ()
    )
    return Result(
        instrument=instrument.key,
        version=instrument.version,
        answers=clean,
        item_scores=item_scores,
        skipped=skipped,
        total=total,
        total_range=instrument.total_range if instrument.has_total else None,
        band=band,
        subscales=tuple(subscales),
        # Safety flags first: whoever reads the result reads them before anything else.
        flags=tuple(sorted(flags, key=lambda f: f.kind != FlagKind.SAFETY)),
        notes=tuple(notes),
    )


def _cutoff_flags(
    instrument: Instrument, answers: Mapping[str, Any], subscale: str, value: int
) -> list[FlagResult]:
    return [
        FlagResult(c.key, c.label, c.kind, c.evidence, subscale)
        for c in instrument.cutoffs
        if c.subscale == subscale and c.applies(answers) and c.reached(value)
    ]
