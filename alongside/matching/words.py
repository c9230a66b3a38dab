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


def _names(
    codes: Iterable[object],
    choices: type[SupportLanguage] | type[Pathway],
    *,
    word: str | None = None,
) -> str:
    """The codes' names as a list read aloud: "English and Spanish" (or `word`: "or")."""
    labels = dict(choices.choices)
    names = sorted(str(labels.get(str(code), code)) for code in codes)
    return get_text_list(names, word or _("and"))


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


def unmatched_words(
    rule: str, values: Mapping[str, Any], *, role: str, roles: str, stored: str
) -> str:
    """Why a run left someone unmatched, in words; `stored` (the solver's English) when the
    rule is not known."""
    languages = _names(values.get("codes", []), SupportLanguage, word=_("or"))
    if rule == "no_language":
        return _("No language is recorded for them, and a shared one is required.")
    if rule == "nobody_speaks":
        return _("No %(role)s speaks %(languages)s.") % {"role": role, "languages": languages}
    if rule == "no_place_speaks":
        return _("No %(role)s with a place left speaks %(languages)s.") % {
            "role": role,
            "languages": languages,
        }
    if rule == "full":
        n = int(values.get("n", 1))
        if n == 1:
            return _("The one suitable %(role)s is full.") % {"role": role}
        return _("All %(n)s suitable %(roles)s are full.") % {"n": n, "roles": roles}
    if rule == "not_placed":
        return _("Not placed in this run although a suitable %(role)s has room.") % {"role": role}
    if rule != "ruled_out":
        return stored
    by_gender, by_exclusion = bool(values.get("by_gender")), bool(values.get("by_exclusion"))
    if values.get("wants_same_gender"):
        if by_gender and not values.get("gender_said"):
            return _(
                "They asked for a %(role)s of the same gender, but their gender is not recorded."
            ) % {"role": role}
        why = _("their wish for a %(role)s of the same gender") % {"role": role}
    else:
        why = _("the rule of a %(role)s to take only people of their own gender") % {"role": role}
    words = {"role": role, "roles": roles, "languages": languages, "why": why}
    if by_gender and not by_exclusion:
        return (
            _("Every %(role)s with a place left who speaks %(languages)s is ruled out by %(why)s.")
            % words
        )
    if by_exclusion and not by_gender:
        return (
            _(
                "Every %(role)s with a place left who speaks %(languages)s is on their excluded list."
            )
            % words
        )
    return (
        _(
            "Every %(role)s with a place left who speaks %(languages)s is on their excluded list "
            "or ruled out by %(why)s."
        )
        % words
    )


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
