"""A proposed pair's reasons in the reader's language.

The solver (alongside/lib/assignment.py) explains each score component in English words and in
values; a run stores both, and the words a supervisor reads are made here from the values, so
they follow the language of whoever reads the run, not of whoever started it. A reason stored
without values keeps its stored words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alongside.accounts.models import Pathway
from alongside.matching.models import RunKind
from alongside.peers.models import SupportLanguage


def role_word(kind: str, *, plural: bool = False) -> str:
    """Who supports people in a run of this kind, as a word in a sentence."""
    if kind == RunKind.CASELOAD:
        return _("peer specialists") if plural else _("peer specialist")
    return _("mentors") if plural else _("mentor")


def _names(codes: Iterable[object], choices: type[SupportLanguage] | type[Pathway]) -> str:
    labels = dict(choices.choices)
    names = sorted(str(labels.get(str(code), code)) for code in codes)
    return get_text_list(names, _("and"))


def reason_words(reason: Mapping[str, Any], *, role: str) -> str:
    """One stored reason ({name, points, words, values}) in words; `role` names the supporter
    ("mentor", "peer specialist") in the reader's language."""
    values = reason.get("values")
    name = reason.get("name")
    if name == "continuity":
        return _("Continues with their current %(role)s") % {"role": role}
    if not isinstance(values, Mapping):
        return str(reason.get("words", ""))
    if name == "language":
        return _("Both speak %(languages)s") % {
            "languages": _names(values.get("codes", []), SupportLanguage)
        }
    if name == "pathway":
        return _("Both follow %(pathways)s") % {
            "pathways": _names(values.get("codes", []), Pathway)
        }
    if name == "time_zone":
        hours = float(values.get("hours", 0))
        if hours == 0:
            return _("Same time zone")
        return ngettext(
            "Time zones %(hours)s hour apart",
            "Time zones %(hours)s hours apart",
            1 if hours == 1 else 2,  # a plural form counts whole numbers: 1.5 hours are "hours"
        ) % {"hours": f"{hours:g}"}
    if name == "experience":
        years = float(values.get("years", 0))
        if years >= 1:
            shown = round(years, 1)
            return ngettext(
                "%(years)s year in recovery",
                "%(years)s years in recovery",
                1 if shown == 1 else 2,  # 1.5 years are "years"
            ) % {"years": f"{shown:g}"}
        months = max(1, round(years * 12))
        return ngettext("%(n)s month in recovery", "%(n)s months in recovery", months) % {
            "n": months
        }
    if name == "capacity":
        return _("Keeps %(free)s of their %(capacity)s places free") % {
            "free": values.get("free"),
            "capacity": values.get("capacity"),
        }
    return str(reason.get("words", ""))


def described(reasons: Iterable[Mapping[str, Any]], *, role: str) -> list[dict[str, Any]]:
    """The stored reasons with their words made in the reader's language."""
    return [
        {
            "name": r.get("name", ""),
            "points": r.get("points", 0),
            "words": reason_words(r, role=role),
        }
        for r in reasons
    ]
