"""Skills for hard moments, as data: what each is for, where it sits on the skills page, and what
a supporter may suggest (a skill or any pathway tool). The wording is ours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from alongside.journey.models import Skill
from alongside.journey.tools import TOOLS, get_tool

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class SkillInfo:
    key: str
    label: StrOrPromise
    description: StrOrPromise

    @property
    def url(self) -> str:
        return reverse("journey:skills") + f"#{self.key}"


SKILLS: tuple[SkillInfo, ...] = (
    SkillInfo(
        Skill.BREATHING,
        Skill.BREATHING.label,
        _("Breathe in for four, hold for four, out for six, with a guide to follow."),
    ),
    SkillInfo(
        Skill.GROUNDING,
        Skill.GROUNDING.label,
        _(
            "Come back to the room: five things you see, four you feel, three you hear, two you "
            "smell, one you taste."
        ),
    ),
    SkillInfo(
        Skill.HALT,
        Skill.HALT.label,
        _("Are you hungry, angry, lonely or tired? Pick one small thing to do about it."),
    ),
    SkillInfo(
        Skill.TAPE_FORWARD,
        Skill.TAPE_FORWARD.label,
        _("Picture the whole evening if you use: the next hour, tonight, tomorrow morning."),
    ),
    SkillInfo(
        Skill.COPING_CARDS,
        Skill.COPING_CARDS.label,
        _("Cards you write for yourself on a good day, to read on a hard one."),
    ),
)
SKILLS_BY_KEY = {skill.key: skill for skill in SKILLS}

# One small action for each HALT answer: doable in the next few minutes, anywhere.
HALT_ACTIONS: dict[str, StrOrPromise] = {
    "hungry": _("Eat something small now — a piece of fruit, toast, a glass of milk."),
    "angry": _("Step away for five minutes and write down what you would like to say."),
    "lonely": _('Text one person from your list: "Hey, thinking of you."'),
    "tired": _("Lie down or sit with your eyes closed for ten minutes, phone face down."),
}


@dataclass(frozen=True)
class Suggestible:
    """Something a supporter can suggest: a skill or a pathway tool, by key."""

    key: str
    label: StrOrPromise
    url: str


def suggestible(key: str) -> Suggestible | None:
    """The skill or tool `key` names, or None when it names neither."""
    skill = SKILLS_BY_KEY.get(key)
    if skill is not None:
        return Suggestible(skill.key, skill.label, skill.url)
    tool = get_tool(key)
    if tool is not None:
        return Suggestible(tool.key, tool.label, reverse("journey:tool", args=[tool.key]))
    return None


def suggestible_choices() -> list[tuple[str, StrOrPromise]]:
    """Skills first (for the hardest moments), then every pathway tool."""
    return [(skill.key, skill.label) for skill in SKILLS] + [
        (tool.key, tool.label) for tool in TOOLS
    ]


# The words beside the 1–5 "how much did it help" rating.
HELPED: tuple[tuple[int, StrOrPromise], ...] = (
    (1, _("not at all")),
    (2, _("a little")),
    (3, _("some")),
    (4, _("a lot")),
    (5, _("very much")),
)
