"""The vocabulary of meetings: type codes (Meeting Guide's, NA's and our own) and the programs.

Type names come from code4recovery/spec `data/types.json` (MIT), shipped in data/types.json with
English and Spanish names. A code means one thing here in every program: feeds that use a code
differently are mapped on import (BMLT world IDs, for example).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

TYPES_FILE = Path(__file__).resolve().parent / "data" / "types.json"

DEMOGRAPHIC_CODES = [
    "W",
    "M",
    "Y",
    "SEN",
    "LGBTQ",
    "G",
    "L",
    "BI",
    "T",
    "NB",
    "POC",
    "N",
    "NDG",
    "P",
]
ACCESSIBILITY_CODES = [
    "X",
    "XB",
    "ASL",
    "D-HOH",
    "BV-I",
    "CAPT",
    "FF",
    "QUIET",
    "TRANSIT",
    "PARK",
    "CF",
    "BA",
]
FORMAT_CODES = [
    "BE",
    "D",
    "SP",
    "ST",
    "B",
    "LIT",
    "MED",
    "TR",
    "12x12",
    "A",
    "BRK",
    "CAN",
    "OUT",
    "POA",
    "XT",
    "MATF",
    "TRAU",
]
NEWCOMER_CODES = {"BE"}


@lru_cache(maxsize=1)
def _types() -> dict:
    return json.loads(TYPES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def type_table() -> dict[str, dict[str, str]]:
    data = _types()
    table: dict[str, dict[str, str]] = {}
    for section in ("spec", "extra", "na", "alongside"):
        table.update(data.get(section, {}))
    return table


@lru_cache(maxsize=1)
def spec_codes() -> frozenset[str]:
    """The codes of code4recovery/spec itself, the only ones our published feed's `types` carry."""
    return frozenset(_types().get("spec", {}))


def known_codes() -> frozenset[str]:
    return frozenset(type_table())


@lru_cache(maxsize=1)
def type_names() -> dict[str, str]:
    """Lower-cased English (and Spanish) names, and common aliases, to codes (for CSV imports)."""
    names: dict[str, str] = {}
    for code, labels in type_table().items():
        for label in labels.values():
            names.setdefault(label.casefold(), code)
    names.update(_types().get("aliases", {}))
    return names


def type_label(code: str, language: str | None = None) -> str:
    labels = type_table().get(code)
    if labels is None:
        return code
    lang = (language or get_language() or "en")[:2]
    return labels.get(lang) or labels.get("en") or code


def choices(codes: list[str]) -> list[tuple[str, str]]:
    return list(_choices(tuple(codes), get_language() or "en"))


@lru_cache(maxsize=64)
def _choices(codes: tuple[str, ...], language: str) -> tuple[tuple[str, str], ...]:
    """The names come from the shipped types.json, so they are kept per language."""
    return tuple((c, type_label(c, language)) for c in codes)


LANGUAGE_NAMES = {
    "en": _("English"),
    "es": _("Spanish"),
    "fr": _("French"),
    "de": _("German"),
    "pt": _("Portuguese"),
    "pl": _("Polish"),
    "ru": _("Russian"),
    "uk": _("Ukrainian"),
    "ko": _("Korean"),
    "ja": _("Japanese"),
    "ar": _("Arabic"),
    "fa": _("Persian"),
    "it": _("Italian"),
    "ase": _("American Sign Language"),
}


def language_label(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


# Programs for every pathway, seeded by migration 0002 (kept here for code that names them).
PROGRAM_SLUGS = [
    "na",
    "aa",
    "smart",
    "sos",
    "lifering",
    "dra",
    "celebrate",
    "refuge",
    "mm",
    "alanon",
    "naranon",
    "smart-family",
    "therapy",
]


def ensure_programs() -> None:
    """Create any missing program from the migration's list. Migrations seed them; a database
    emptied since (a test flush, a restore of data only) gets them back here."""
    import importlib

    from django.apps import apps

    from alongside.meetings.models import Program

    if Program.objects.filter(slug__in=PROGRAM_SLUGS).count() == len(PROGRAM_SLUGS):
        return
    importlib.import_module("alongside.meetings.migrations.0002_seed_programs").seed(apps, None)
