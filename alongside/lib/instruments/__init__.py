"""Validated assessments as data, and their scoring (Django-free).

from alongside.lib.instruments import get, score
result = score(get("phq9"), {"1": 0, ..., "9": 1})
"""

from __future__ import annotations

from alongside.lib.instruments.definitions import INSTRUMENTS, PHQ9_ITEM9
from alongside.lib.instruments.model import (
    AnswerError,
    AnswersInvalid,
    Evidence,
    FlagKind,
    Instrument,
    Item,
    ItemKind,
    Result,
    score,
    validate,
)

__all__ = [
    "INSTRUMENTS",
    "PHQ9_ITEM9",
    "AnswerError",
    "AnswersInvalid",
    "Evidence",
    "FlagKind",
    "Instrument",
    "Item",
    "ItemKind",
    "Result",
    "get",
    "score",
    "validate",
]


def get(key: str) -> Instrument:
    """The instrument with this key; KeyError for an unknown one."""
    return INSTRUMENTS[key]
