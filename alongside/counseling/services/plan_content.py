"""What a treatment plan version holds, as data: the ASAM dimensions of each edition, the 0–4
risk ratings, objective statuses, and the one check of a version's content that every way in
(the plan editor, the API, a review) goes through.

A version's content (PlanVersion.content) is::

    {"asam": [{"dimension": 1..6, "rating": 0..4 | None, "note": str}]   # all six, in order
     "problems": [{"id", "text", "dimension": 1..6,
                   "goals": [{"id", "text",
                              "objectives": [{"id", "text", "measure",
                                              "target_on": "YYYY-MM-DD", "status"}]}],
                   "interventions": [{"id", "what", "who", "how_often"}]}]}

Every problem, goal, objective and intervention has an id that stays the same from version to
version (new ones get one here), so two versions can be compared item by item (`changes`).
Errors name the path of the bad value the way a person reads it:
`problems[0].goals[1].objectives[0].target_on`.

Nothing here reads or writes the database.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.counseling.models import AsamEdition

# ---------------------------------------------------------------- the ASAM dimensions

# The six dimensions of each edition of the ASAM Criteria, by number. The 4th edition (2023)
# renamed and regrouped them; readiness to change is no longer a dimension of its own but part
# of each. Numbers are what a plan stores, so a plan reads in the names of its own edition.
DIMENSIONS: dict[str, dict[int, Promise]] = {
    AsamEdition.THIRD: {
        1: gettext_lazy("Acute Intoxication and/or Withdrawal Potential"),
        2: gettext_lazy("Biomedical Conditions and Complications"),
        3: gettext_lazy("Emotional, Behavioral, or Cognitive Conditions and Complications"),
        4: gettext_lazy("Readiness to Change"),
        5: gettext_lazy("Relapse, Continued Use, or Continued Problem Potential"),
        6: gettext_lazy("Recovery/Living Environment"),
    },
    AsamEdition.FOURTH: {
        1: gettext_lazy("Intoxication, Withdrawal, and Addiction Medications"),
        2: gettext_lazy("Biomedical Conditions"),
        3: gettext_lazy("Psychiatric and Cognitive Conditions"),
        4: gettext_lazy("Substance Use-Related Risks"),
        5: gettext_lazy("Recovery Environment Interactions"),
        6: gettext_lazy("Person-Centered Considerations"),
    },
}
DIMENSION_NUMBERS = (1, 2, 3, 4, 5, 6)

# Dimensional risk is rated 0 to 4 in both editions; placement follows the highest-risk
# dimensions, never an average, so the plan shows each rating and adds none up.
RATINGS: dict[int, Promise] = {
    0: gettext_lazy("no risk"),
    1: gettext_lazy("mild"),
    2: gettext_lazy("moderate"),
    3: gettext_lazy("significant"),
    4: gettext_lazy("severe"),
}


def dimension_name(edition: str, number: int) -> str:
    return str(DIMENSIONS.get(edition, DIMENSIONS[AsamEdition.FOURTH]).get(number, number))


def rating_words(rating: int | None) -> str:
    """ "2 of 4 (moderate)", or "not rated yet"."""
    if rating is None:
        return _("not rated yet")
    return _("%(rating)s of 4 (%(words)s)") % {"rating": rating, "words": RATINGS[rating]}


class ObjectiveStatus(models.TextChoices):
    NOT_STARTED = "not_started", gettext_lazy("Not started")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    MET = "met", gettext_lazy("Met")
    NOT_MET = "not_met", gettext_lazy("Not met")


# ---------------------------------------------------------------- the shape


class AsamRating(TypedDict):
    dimension: int
    rating: int | None
    note: str


class Objective(TypedDict):
    id: str
    text: str
    measure: str
    target_on: str
    status: str


class Goal(TypedDict):
    id: str
    text: str
    objectives: list[Objective]


class Intervention(TypedDict):
    id: str
    what: str
    who: str
    how_often: str


class Problem(TypedDict):
    id: str
    text: str
    dimension: int
    goals: list[Goal]
    interventions: list[Intervention]


class Content(TypedDict):
    asam: list[AsamRating]
    problems: list[Problem]


# Limits that keep a plan something two people can read and sign together.
MAX_PROBLEMS = 20
MAX_GOALS = 10
MAX_OBJECTIVES = 10
MAX_INTERVENTIONS = 10
MAX_TEXT = 1000
MAX_NOTE = 2000
MAX_SHORT = 200
ID = re.compile(r"^[a-z][a-z0-9]{0,15}$")
# A target date is a day someone can plan for: from ten years back (objectives carried over
# from an old plan) to ten years ahead.
TARGET_YEARS = 10


def empty_content() -> Content:
    """A new plan's first version: the six dimensions, none rated yet."""
    return {
        "asam": [{"dimension": n, "rating": None, "note": ""} for n in DIMENSION_NUMBERS],
        "problems": [],
    }


class _Check:
    """Collects errors by path while a content is read, so a person sees every one at once."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}

    def fail(self, path: str, message: str) -> None:
        self.errors.setdefault(path, message)

    def text(self, value: Any, path: str, *, required: bool, limit: int, missing: str = "") -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(path, _("Give text here."))
            return ""
        value = value.strip()
        if required and not value:
            self.fail(path, missing or _("Write a few words here."))
        elif len(value) > limit:
            self.fail(path, _("Keep this to %(n)d characters.") % {"n": limit})
        return value

    def number(self, value: Any, path: str, choices: tuple[int, ...], message: str) -> int | None:
        # "3" from a form and 3 from JSON are the same answer; 3.0 or true are not.
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or value not in choices:
            self.fail(path, message)
            return None
        return value

    def items(self, value: Any, path: str, limit: int, what: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, _("Give a list here."))
            return []
        if len(value) > limit:
            self.fail(
                path, _("A plan holds up to %(n)d %(what)s here.") % {"n": limit, "what": what}
            )
            return []
        return value

    def mapping(self, value: Any, path: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path, _("Give an object here."))
            return None
        return value


@dataclass
class _Ids:
    """Ids seen in this content (each once), and the next free number for each kind of item."""

    taken: set[str]
    next_number: dict[str, int]

    def give(self, check: _Check, value: Any, path: str, prefix: str) -> str:
        if value not in (None, ""):
            if not isinstance(value, str) or not ID.match(value):
                check.fail(path, _("An id is a short code of lower-case letters and digits."))
                return ""
            if value in self.taken:
                check.fail(path, _("This id is used twice in the plan."))
                return value
            self.taken.add(value)
            return value
        while True:
            self.next_number[prefix] = self.next_number.get(prefix, 0) + 1
            made = f"{prefix}{self.next_number[prefix]}"
            if made not in self.taken:
                self.taken.add(made)
                return made


def _ids_in(content: Any) -> set[str]:
    found: set[str] = set()
    pending = [content]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            if isinstance(item.get("id"), str):
                found.add(item["id"])
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return found


def _numbers_used(ids: set[str]) -> dict[str, int]:
    """The highest number given so far to each kind ("p3" → p: 3), so a new item never takes
    the id of one removed in the version before."""
    highest: dict[str, int] = {}
    for value in ids:
        match = re.match(r"^([a-z])(\d+)$", value)
        if match:
            prefix, number = match.group(1), int(match.group(2))
            highest[prefix] = max(highest.get(prefix, 0), number)
    return highest


def clean_content(raw: Any, *, edition: str, previous: Any = None, today: datetime.date) -> Content:
    """The content as it will be saved: text trimmed, the ASAM summary as the six dimensions of
    the edition in order, ids given to new items. `previous` (the content it follows) keeps new
    ids from reusing removed ones; `today` bounds target dates.

    Raises ValidationError({path: message}) naming every bad value, e.g.
    "problems[0].goals[1].objectives[0].target_on". Nothing is saved by this function."""
    check = _Check()
    top = check.mapping(raw, "content")
    if top is None:
        raise ValidationError(check.errors)
    for key in sorted(set(top) - {"asam", "problems"}):
        check.fail(key, _("This is not part of a plan."))
    used = _ids_in(previous) | _ids_in(top)
    ids = _Ids(taken=set(), next_number=_numbers_used(used))
    content: Content = {
        "asam": _clean_asam(check, top.get("asam")),
        "problems": [
            _clean_problem(check, ids, item, f"problems[{i}]", today)
            for i, item in enumerate(
                check.items(top.get("problems"), "problems", MAX_PROBLEMS, _("problems"))
            )
        ],
    }
    if check.errors:
        raise ValidationError(check.errors)
    return content


def _clean_asam(check: _Check, raw: Any) -> list[AsamRating]:
    given: dict[int, AsamRating] = {}
    for i, item in enumerate(check.items(raw, "asam", len(DIMENSION_NUMBERS), _("dimensions"))):
        path = f"asam[{i}]"
        found = check.mapping(item, path)
        if found is None:
            continue
        for key in sorted(set(found) - {"dimension", "rating", "note"}):
            check.fail(f"{path}.{key}", _("This is not part of a rating."))
        number = check.number(
            found.get("dimension"),
            f"{path}.dimension",
            DIMENSION_NUMBERS,
            _("Choose a dimension from 1 to 6."),
        )
        rating = found.get("rating")
        if rating in (None, ""):
            rating = None
        else:
            rating = check.number(
                rating, f"{path}.rating", tuple(RATINGS), _("Rate the risk from 0 to 4.")
            )
        note = check.text(found.get("note"), f"{path}.note", required=False, limit=MAX_NOTE)
        if number is None:
            continue
        if number in given:
            check.fail(f"{path}.dimension", _("Each dimension is rated once."))
            continue
        given[number] = {"dimension": number, "rating": rating, "note": note}
    return [given.get(n, {"dimension": n, "rating": None, "note": ""}) for n in DIMENSION_NUMBERS]


def _only(check: _Check, found: dict[str, Any], path: str, keys: set[str]) -> None:
    for key in sorted(set(found) - keys):
        check.fail(f"{path}.{key}", _("This is not part of the plan."))


def _clean_problem(check: _Check, ids: _Ids, raw: Any, path: str, today: datetime.date) -> Problem:
    found = check.mapping(raw, path) or {}
    _only(check, found, path, {"id", "text", "dimension", "goals", "interventions"})
    problem: Problem = {
        "id": ids.give(check, found.get("id"), f"{path}.id", "p"),
        "text": check.text(
            found.get("text"),
            f"{path}.text",
            required=True,
            limit=MAX_TEXT,
            missing=_("Say what the problem is."),
        ),
        "dimension": check.number(
            found.get("dimension"),
            f"{path}.dimension",
            DIMENSION_NUMBERS,
            _("Choose the ASAM dimension this problem belongs to."),
        )
        or 0,
        "goals": [],
        "interventions": [],
    }
    goals = check.items(found.get("goals"), f"{path}.goals", MAX_GOALS, _("goals"))
    for g, goal_raw in enumerate(goals):
        goal_path = f"{path}.goals[{g}]"
        goal = check.mapping(goal_raw, goal_path) or {}
        _only(check, goal, goal_path, {"id", "text", "objectives"})
        objectives = check.items(
            goal.get("objectives"), f"{goal_path}.objectives", MAX_OBJECTIVES, _("objectives")
        )
        problem["goals"].append(
            {
                "id": ids.give(check, goal.get("id"), f"{goal_path}.id", "g"),
                "text": check.text(
                    goal.get("text"),
                    f"{goal_path}.text",
                    required=True,
                    limit=MAX_TEXT,
                    missing=_("Say what the goal is."),
                ),
                "objectives": [
                    _clean_objective(check, ids, o, f"{goal_path}.objectives[{n}]", today)
                    for n, o in enumerate(objectives)
                ],
            }
        )
    interventions = check.items(
        found.get("interventions"), f"{path}.interventions", MAX_INTERVENTIONS, _("interventions")
    )
    for n, item_raw in enumerate(interventions):
        item_path = f"{path}.interventions[{n}]"
        item = check.mapping(item_raw, item_path) or {}
        _only(check, item, item_path, {"id", "what", "who", "how_often"})
        problem["interventions"].append(
            {
                "id": ids.give(check, item.get("id"), f"{item_path}.id", "i"),
                "what": check.text(
                    item.get("what"),
                    f"{item_path}.what",
                    required=True,
                    limit=MAX_TEXT,
                    missing=_("Say what will be done."),
                ),
                "who": check.text(
                    item.get("who"),
                    f"{item_path}.who",
                    required=True,
                    limit=MAX_SHORT,
                    missing=_("Say who does it."),
                ),
                "how_often": check.text(
                    item.get("how_often"),
                    f"{item_path}.how_often",
                    required=True,
                    limit=MAX_SHORT,
                    missing=_("Say how often, for example “weekly”."),
                ),
            }
        )
    return problem


def _clean_objective(
    check: _Check, ids: _Ids, raw: Any, path: str, today: datetime.date
) -> Objective:
    found = check.mapping(raw, path) or {}
    _only(check, found, path, {"id", "text", "measure", "target_on", "status"})
    status = found.get("status") or ObjectiveStatus.NOT_STARTED
    if status not in ObjectiveStatus.values:
        check.fail(f"{path}.status", _("Choose not started, in progress, met or not met."))
        status = ObjectiveStatus.NOT_STARTED
    return {
        "id": ids.give(check, found.get("id"), f"{path}.id", "o"),
        "text": check.text(
            found.get("text"),
            f"{path}.text",
            required=True,
            limit=MAX_TEXT,
            missing=_("Say what the objective is."),
        ),
        "measure": check.text(
            found.get("measure"),
            f"{path}.measure",
            required=True,
            limit=MAX_TEXT,
            missing=_("Say how it will be measured, so both of you can tell when it is met."),
        ),
        "target_on": _target_on(check, found.get("target_on"), f"{path}.target_on", today),
        "status": str(status),
    }


def _target_on(check: _Check, value: Any, path: str, today: datetime.date) -> str:
    if value in (None, ""):
        check.fail(path, _("Give a target date."))
        return ""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        check.fail(path, _("Give the target date as YYYY-MM-DD, like 2026-03-31."))
        return ""
    try:
        day = datetime.date.fromisoformat(value.strip())
    except ValueError:
        check.fail(path, _("There is no such day. Give the target date as YYYY-MM-DD."))
        return ""
    if abs(day.year - today.year) > TARGET_YEARS:
        check.fail(path, _("Choose a target date within ten years of today."))
        return ""
    return day.isoformat()


# ---------------------------------------------------------------- reading a content


def has_problems(content: Content) -> bool:
    return bool(content.get("problems"))


def reasons_not_to_sign(content: Content) -> dict[str, str]:
    """Why this content is not ready to be signed, by path (empty when it is): a plan needs at
    least one problem, and the ASAM summary rated in all six dimensions."""
    reasons: dict[str, str] = {}
    if not has_problems(content):
        reasons["problems"] = _(
            "This plan has no problems yet, so there is nothing to sign. Add at least one "
            "problem with its goals first."
        )
    unrated = [r["dimension"] for r in content.get("asam", []) if r.get("rating") is None]
    if unrated:
        reasons["asam"] = _("Rate every ASAM dimension before signing (not rated yet: %(d)s).") % {
            "d": ", ".join(str(n) for n in unrated)
        }
    return reasons


@dataclass(frozen=True)
class ObjectiveRow:
    """One objective, with where it sits in the plan: what an adherence view lists."""

    problem: str
    goal: str
    text: str
    measure: str
    target_on: datetime.date | None
    status: str

    @property
    def status_label(self) -> str:
        return str(ObjectiveStatus(self.status).label)

    @property
    def is_met(self) -> bool:
        return self.status == ObjectiveStatus.MET


def objective_rows(content: Content) -> list[ObjectiveRow]:
    """Every objective of a content, in plan order."""
    rows = []
    for problem in content.get("problems", []):
        for goal in problem.get("goals", []):
            for objective in goal.get("objectives", []):
                target = objective.get("target_on")
                rows.append(
                    ObjectiveRow(
                        problem=problem["text"],
                        goal=goal["text"],
                        text=objective["text"],
                        measure=objective["measure"],
                        target_on=datetime.date.fromisoformat(target) if target else None,
                        status=objective["status"],
                    )
                )
    return rows


def progress(content: Content) -> tuple[int, int]:
    """(objectives met, objectives in all) of a content."""
    rows = objective_rows(content)
    return sum(r.is_met for r in rows), len(rows)


# ---------------------------------------------------------------- what changed


def _by_id(items: list[Any]) -> dict[str, Any]:
    return {item["id"]: item for item in items if isinstance(item, dict) and "id" in item}


def changes(old: Content | None, new: Content, *, edition: str) -> list[str]:
    """What changed from one version's content to the next, in plain sentences in the current
    language (items matched by id). The first version: what it holds."""
    if old is None:
        return []
    lines: list[str] = []
    old_asam: dict[int, Any] = {r["dimension"]: r for r in old.get("asam", [])}
    for rating in new.get("asam", []):
        before: dict[str, Any] = old_asam.get(rating["dimension"], {"rating": None, "note": ""})
        name = dimension_name(edition, rating["dimension"])
        if before.get("rating") != rating["rating"]:
            lines.append(
                _("%(dimension)s: risk from %(old)s to %(new)s.")
                % {
                    "dimension": name,
                    "old": rating_words(before.get("rating")),
                    "new": rating_words(rating["rating"]),
                }
            )
        if (before.get("note") or "") != rating["note"]:
            lines.append(_("%(dimension)s: the note changed.") % {"dimension": name})
    lines += _item_changes(
        old.get("problems", []),
        new.get("problems", []),
        added=_("Problem added: %(text)s"),
        removed=_("Problem removed: %(text)s"),
        reworded=_("Problem reworded: %(text)s"),
    )
    old_problems = _by_id(old.get("problems", []))
    for problem in new.get("problems", []):
        was: dict[str, Any] | None = old_problems.get(problem["id"])
        if was is None:
            continue
        if was.get("dimension") != problem["dimension"]:
            lines.append(
                _("Problem “%(text)s” moved to %(dimension)s.")
                % {
                    "text": problem["text"],
                    "dimension": dimension_name(edition, problem["dimension"]),
                }
            )
        lines += _goal_changes(was.get("goals", []), problem["goals"])
        lines += _item_changes(
            was.get("interventions", []),
            problem["interventions"],
            added=_("Intervention added: %(text)s"),
            removed=_("Intervention removed: %(text)s"),
            reworded=_("Intervention changed: %(text)s"),
            text=lambda i: f"{i['what']} ({i['who']}, {i['how_often']})",
        )
    return lines


def _goal_changes(old: list[Goal], new: list[Goal]) -> list[str]:
    lines = _item_changes(
        old,
        new,
        added=_("Goal added: %(text)s"),
        removed=_("Goal removed: %(text)s"),
        reworded=_("Goal reworded: %(text)s"),
    )
    old_goals = _by_id(old)
    for goal in new:
        before = old_goals.get(goal["id"])
        if before is None:
            continue
        lines += _item_changes(
            before.get("objectives", []),
            goal["objectives"],
            added=_("Objective added: %(text)s"),
            removed=_("Objective removed: %(text)s"),
            reworded=_("Objective reworded: %(text)s"),
        )
        old_objectives = _by_id(before.get("objectives", []))
        for objective in goal["objectives"]:
            was = old_objectives.get(objective["id"])
            if was is None:
                continue
            if was.get("status") != objective["status"]:
                lines.append(
                    _("Objective “%(text)s”: %(old)s → %(new)s.")
                    % {
                        "text": objective["text"],
                        "old": ObjectiveStatus(was["status"]).label,
                        "new": ObjectiveStatus(objective["status"]).label,
                    }
                )
            if was.get("target_on") != objective["target_on"]:
                lines.append(
                    _("Objective “%(text)s”: target date moved to %(day)s.")
                    % {"text": objective["text"], "day": objective["target_on"]}
                )
            if was.get("measure") != objective["measure"]:
                lines.append(
                    _("Objective “%(text)s”: measured differently now.")
                    % {"text": objective["text"]}
                )
    return lines


def _item_changes(
    old: list[Any],
    new: list[Any],
    *,
    added: str,
    removed: str,
    reworded: str,
    text: Any = None,
) -> list[str]:
    words = text or (lambda item: item["text"])
    old_items, new_items = _by_id(old), _by_id(new)
    lines = [added % {"text": words(i)} for key, i in new_items.items() if key not in old_items]
    lines += [removed % {"text": words(i)} for key, i in old_items.items() if key not in new_items]
    lines += [
        reworded % {"text": words(i)}
        for key, i in new_items.items()
        if key in old_items and words(old_items[key]) != words(i)
    ]
    return lines


# ---------------------------------------------------------------- for reading


def readable(content: Content, *, edition: str) -> dict[str, Any]:
    """The content as a page shows it: dimension names of the plan's edition, ratings and
    statuses in words, target dates as dates. The six dimensions are always there, in order."""
    ratings = {r["dimension"]: r for r in content.get("asam", [])}
    asam = []
    for number in DIMENSION_NUMBERS:
        rating = ratings.get(number, {"dimension": number, "rating": None, "note": ""})
        asam.append(
            {
                "dimension": number,
                "name": dimension_name(edition, number),
                "rating": rating["rating"],
                "rating_words": rating_words(rating["rating"]),
                "note": rating["note"],
            }
        )
    problems = []
    for problem in content.get("problems", []):
        problems.append(
            {
                **problem,
                "dimension_name": dimension_name(edition, problem["dimension"]),
                "goals": [
                    {
                        **goal,
                        "objectives": [
                            {
                                **objective,
                                "target_day": (
                                    datetime.date.fromisoformat(objective["target_on"])
                                    if objective.get("target_on")
                                    else None
                                ),
                                "status_label": ObjectiveStatus(objective["status"]).label,
                            }
                            for objective in goal["objectives"]
                        ],
                    }
                    for goal in problem["goals"]
                ],
            }
        )
    return {"asam": asam, "problems": problems}
