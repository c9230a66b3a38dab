"""Forms for treatment plan pages: they parse input; the rules are in services/plans.py and
services/plan_content.py.

The plan editor is one form for the whole version. Its inputs are named by the path of the value
in the plan's content (`problems[0].goals[1].objectives[0].target_on`), the same path the content
check names in its errors, so each error lands beside its input. Buttons add or remove a
problem, goal, objective or intervention without saving (the page comes back with the change);
"Save" saves the whole as the next version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alongside.accounts.models import User
from alongside.counseling.models import AsamEdition
from alongside.counseling.services import plan_content
from alongside.counseling.services.plan_content import (
    DIMENSION_NUMBERS,
    RATINGS,
    ObjectiveStatus,
)


class StartPlanForm(forms.Form):
    member = forms.TypedChoiceField(label=gettext_lazy("Who the plan is with"), coerce=int)
    edition = forms.ChoiceField(
        label=gettext_lazy("ASAM Criteria edition"),
        choices=AsamEdition.choices,
        initial=AsamEdition.FOURTH,
        widget=forms.RadioSelect,
    )
    review_every_days = forms.IntegerField(
        label=gettext_lazy("Review every (days)"),
        initial=90,
        help_text=gettext_lazy("From 7 to 365 days. Reviews due within 14 days are listed."),
    )

    def __init__(self, *args: Any, clients: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = cast(forms.TypedChoiceField, self.fields["member"])
        member.choices = [("", _("Choose a person"))] + [(c.pk, c.display_name) for c in clients]


class ReviewEveryForm(forms.Form):
    review_every_days = forms.IntegerField(
        label=gettext_lazy("Review every (days)"),
        help_text=gettext_lazy("From 7 to 365 days."),
    )


class ReviewForm(forms.Form):
    summary = forms.CharField(
        label=gettext_lazy("What the review found"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Progress on the objectives, what is working, what needs to change. Kept encrypted."
        ),
    )
    revise = forms.BooleanField(
        label=gettext_lazy("Change the plan now (opens the plan to save its next version)"),
        required=False,
    )


class SignatureForm(forms.Form):
    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)


# ---------------------------------------------------------------- the plan editor

# A path as the editor names its inputs: `problems[0].goals[1].text`.
_STEP = re.compile(r"([a-z_]+)(?:\[(\d{1,2})\])?")
# Lists the editor's buttons may add to, with what a new item holds.
_NEW: dict[str, dict[str, Any]] = {
    "problems": {"text": "", "dimension": "", "goals": [], "interventions": []},
    "goals": {"text": "", "objectives": []},
    "objectives": {
        "text": "",
        "measure": "",
        "target_on": "",
        "status": ObjectiveStatus.NOT_STARTED,
    },
    "interventions": {"what": "", "who": "", "how_often": ""},
}
# What the person writes in each kind of item: an item where all of these are empty (and that
# holds nothing) is a row added and left blank, dropped on saving.
_WRITTEN = {"text", "measure", "target_on", "what", "who", "how_often"}


def _steps(path: str) -> list[tuple[str, int | None]] | None:
    steps = []
    for part in path.split("."):
        match = _STEP.fullmatch(part)
        if match is None:
            return None
        steps.append((match.group(1), int(match.group(2)) if match.group(2) else None))
    return steps


def _put(root: dict[str, Any], steps: list[tuple[str, int | None]], value: str) -> None:
    node: Any = root
    for n, (name, index) in enumerate(steps):
        last = n == len(steps) - 1
        if index is None:
            if last:
                node[name] = value
                return
            node = node.setdefault(name, {})
        else:
            items = node.setdefault(name, {})  # by index until every input is read
            node = items.setdefault(index, {})
            if last:
                return


def _as_lists(node: Any) -> Any:
    if isinstance(node, dict):
        if node and all(isinstance(k, int) for k in node):
            return [_as_lists(node[k]) for k in sorted(node)]
        return {k: _as_lists(v) for k, v in node.items()}
    return node


def content_from_post(data: QueryDict) -> dict[str, Any]:
    """The plan as the editor sent it, in the content's shape (values as typed; the content
    check reads and judges them)."""
    root: dict[str, Any] = {}
    for name in data:
        if not name.startswith(("asam[", "problems[")):
            continue
        steps = _steps(name)
        if steps is not None:
            _put(root, steps, str(data.get(name, "")))
    content = _as_lists(root)
    content.setdefault("asam", [])
    content.setdefault("problems", [])
    return content


def _blank(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    if any(str(item.get(k) or "").strip() for k in _WRITTEN):
        return False
    return all(not v for k, v in item.items() if isinstance(v, list))


def drop_blank_rows(content: dict[str, Any]) -> dict[str, Any]:
    """The content without rows added and left empty (a blank objective under a goal that is
    written is dropped; the goal is kept)."""

    def clean(items: list[Any], children: tuple[str, ...]) -> list[Any]:
        kept = []
        for item in items:
            if isinstance(item, dict):
                for child in children:
                    if isinstance(item.get(child), list):
                        item[child] = clean(item[child], CHILDREN.get(child, ()))
            if not _blank(item):
                kept.append(item)
        return kept

    CHILDREN = {"goals": ("objectives",), "problems": ("goals", "interventions")}  # noqa: N806
    content["problems"] = clean(content.get("problems", []), CHILDREN["problems"])
    return content


def apply_edit(content: dict[str, Any], action: str) -> bool:
    """Apply an editor button ("add:problems[0].goals", "remove:problems[0].goals[1]") to the
    content; False for anything else (which then means "save")."""
    verb, _sep, path = action.partition(":")
    steps = _steps(path) if path else None
    if verb not in {"add", "remove"} or not steps:
        return False
    node: Any = content
    for name, index in steps[:-1]:
        node = node.get(name) if isinstance(node, dict) else None
        if index is not None:
            node = node[index] if isinstance(node, list) and index < len(node) else None
        if node is None:
            return False
    name, index = steps[-1]
    items: list[Any] | None = node.get(name) if isinstance(node, dict) else None
    if name not in _NEW:
        return False
    if items is None:
        items = node[name] = []
    if verb == "add" and index is None:
        new = {k: (list(v) if isinstance(v, list) else v) for k, v in _NEW[name].items()}
        items.append(new)
        return True
    if verb == "remove" and index is not None and index < len(items):
        del items[index]
        return True
    return False


@dataclass(frozen=True)
class Box:
    """One input of the editor: its name (the content path), value and error."""

    name: str
    value: str
    error: str = ""

    @property
    def id(self) -> str:
        return "f-" + re.sub(r"[^a-z0-9]+", "-", self.name).strip("-")


@dataclass
class PlanEditor:
    """The editor's inputs for a content (as saved, or as sent back with errors)."""

    content: dict[str, Any]
    edition: str
    errors: dict[str, str] = field(default_factory=dict)
    shown: set[str] = field(default_factory=set)
    asam: list[dict[str, Any]] = field(init=False)
    problems: list[dict[str, Any]] = field(init=False)
    summary: list[tuple[str, str]] = field(init=False)

    def __post_init__(self) -> None:
        self.asam = self._asam()
        self.problems = self._problems()
        # Every error, for the summary above the form, linked to its input where one shows it.
        self.summary = [
            (Box(path, "").id if path in self.shown else "", message)
            for path, message in self.errors.items()
        ]

    def box(self, path: str, value: Any) -> Box:
        self.shown.add(path)
        text = "" if value is None else str(value)
        return Box(path, text, self.errors.get(path, ""))

    @property
    def dimension_choices(self) -> list[tuple[str, str]]:
        return [
            (str(n), f"{n}. {plan_content.dimension_name(self.edition, n)}")
            for n in DIMENSION_NUMBERS
        ]

    @property
    def problem_dimension_choices(self) -> list[tuple[str, str]]:
        return [("", _("Choose a dimension"))] + self.dimension_choices

    @property
    def rating_choices(self) -> list[tuple[str, str]]:
        return [("", _("Not rated yet"))] + [
            (str(n), f"{n} — {words}") for n, words in RATINGS.items()
        ]

    @property
    def status_choices(self) -> list[tuple[str, str]]:
        return [(str(v), str(label)) for v, label in ObjectiveStatus.choices]

    def _asam(self) -> list[dict[str, Any]]:
        given = {
            str(r.get("dimension")): r for r in self.content.get("asam", []) if isinstance(r, dict)
        }
        rows = []
        for i, number in enumerate(DIMENSION_NUMBERS):
            rating = given.get(str(number), {})
            path = f"asam[{i}]"
            rows.append(
                {
                    "number": number,
                    "name": plan_content.dimension_name(self.edition, number),
                    "dimension": self.box(f"{path}.dimension", number),
                    "rating": self.box(f"{path}.rating", rating.get("rating")),
                    "note": self.box(f"{path}.note", rating.get("note")),
                }
            )
        return rows

    def _problems(self) -> list[dict[str, Any]]:
        rows = []
        for p, problem in enumerate(self._items(self.content, "problems")):
            path = f"problems[{p}]"
            rows.append(
                {
                    "number": p + 1,
                    "path": path,
                    "id": self.box(f"{path}.id", problem.get("id")),
                    "text": self.box(f"{path}.text", problem.get("text")),
                    "dimension": self.box(f"{path}.dimension", problem.get("dimension")),
                    "goals": self._goals(problem, path),
                    "interventions": [
                        {
                            "number": n + 1,
                            "path": f"{path}.interventions[{n}]",
                            **{
                                key: self.box(f"{path}.interventions[{n}].{key}", item.get(key))
                                for key in ("id", "what", "who", "how_often")
                            },
                        }
                        for n, item in enumerate(self._items(problem, "interventions"))
                    ],
                }
            )
        return rows

    def _goals(self, problem: dict[str, Any], path: str) -> list[dict[str, Any]]:
        rows = []
        for g, goal in enumerate(self._items(problem, "goals")):
            goal_path = f"{path}.goals[{g}]"
            rows.append(
                {
                    "number": g + 1,
                    "path": goal_path,
                    "id": self.box(f"{goal_path}.id", goal.get("id")),
                    "text": self.box(f"{goal_path}.text", goal.get("text")),
                    "objectives": [
                        {
                            "number": n + 1,
                            "path": f"{goal_path}.objectives[{n}]",
                            **{
                                key: self.box(
                                    f"{goal_path}.objectives[{n}].{key}",
                                    item.get(key)
                                    or (ObjectiveStatus.NOT_STARTED if key == "status" else ""),
                                )
                                for key in ("id", "text", "measure", "target_on", "status")
                            },
                        }
                        for n, item in enumerate(self._items(goal, "objectives"))
                    ],
                }
            )
        return rows

    @staticmethod
    def _items(node: Any, name: str) -> list[dict[str, Any]]:
        items = node.get(name) if isinstance(node, dict) else None
        return [i if isinstance(i, dict) else {} for i in items] if isinstance(items, list) else []
