"""Pathway tools as data: each worksheet is one `Tool` with its fields, and one generic model
(Worksheet) stores any of them. The wording is ours, written for this platform; step work holds
only the member's own writing, never a fellowship's literature."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Pathway

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


TEXT, TEXTAREA, NUMBER, SCALE, CHOICE, MINUTES, CONFIRM, TRACK = (
    "text",
    "textarea",
    "number",
    "scale",
    "choice",
    "minutes",
    "confirm",
    "track",
)


@dataclass(frozen=True)
class ToolField:
    name: str
    label: StrOrPromise
    kind: str = TEXTAREA
    required: bool = True
    help: StrOrPromise = ""
    choices: tuple[tuple[str, StrOrPromise], ...] = ()
    min_value: int | None = None
    max_value: int | None = None


@dataclass(frozen=True)
class Tool:
    key: str
    label: StrOrPromise
    description: StrOrPromise
    pathways: frozenset[str]
    fields: tuple[ToolField, ...]
    summary: str  # the field whose answer names a saved worksheet in the history
    has_timer: bool = False
    needs_moderation_track: bool = False
    tags: tuple[str, ...] = field(default=())

    def field(self, name: str) -> ToolField:
        return next(f for f in self.fields if f.name == name)

    def summarize(self, values: dict) -> str:
        """A short line naming a saved worksheet in the history."""
        spec = self.field(self.summary)
        value = values.get(spec.name)
        if value in (None, ""):
            return ""
        if spec.choices:
            value = dict(spec.choices).get(str(value), value)
        text = str(value)
        return text if len(text) <= 80 else text[:79] + "…"


def _scale(
    name: str, label: StrOrPromise, required: bool = True, help: StrOrPromise = ""
) -> ToolField:
    return ToolField(name, label, SCALE, required, help, min_value=0, max_value=10)


TWELVE_STEP = frozenset({Pathway.NA, Pathway.AA, Pathway.DRA, Pathway.CELEBRATE})

TOOLS: tuple[Tool, ...] = (
    Tool(
        key="thought_record",
        label=_("Thought record"),
        description=_(
            "Catch an automatic thought, weigh the evidence, and find a more balanced one (CBT)."
        ),
        pathways=frozenset({Pathway.SMART, Pathway.TREATMENT, Pathway.LIFERING, Pathway.OTHER}),
        summary="situation",
        fields=(
            ToolField(
                "situation",
                _("Situation"),
                help=_("Where were you, with whom, what was happening?"),
            ),
            ToolField(
                "automatic_thought", _("Automatic thought"), help=_("What went through your mind?")
            ),
            ToolField(
                "feelings", _("Feelings"), TEXT, help=_("For example anxious, ashamed, angry.")
            ),
            _scale("feeling_strength", _("How strong were the feelings (0–10)?"), required=False),
            ToolField("evidence_for", _("Evidence for the thought")),
            ToolField("evidence_against", _("Evidence against the thought")),
            ToolField("balanced_thought", _("Balanced thought")),
            _scale("feeling_after", _("How strong are the feelings now (0–10)?"), required=False),
        ),
    ),
    Tool(
        key="cost_benefit",
        label=_("Cost-benefit analysis"),
        description=_(
            "Weigh the benefits and costs of using and of not using, short and long term (SMART Recovery)."
        ),
        pathways=frozenset({Pathway.SMART}),
        summary="decision",
        fields=(
            ToolField(
                "decision",
                _("What are you deciding about?"),
                TEXT,
                help=_("For example drinking at the wedding."),
            ),
            ToolField("benefits_of_using", _("Benefits of using")),
            ToolField("costs_of_using", _("Costs of using")),
            ToolField("benefits_of_not_using", _("Benefits of not using")),
            ToolField("costs_of_not_using", _("Costs of not using")),
            ToolField("what_i_see", _("Looking at all four, what do you see?"), required=False),
        ),
    ),
    Tool(
        key="abc",
        label=_("ABC worksheet"),
        description=_(
            "Activating event, beliefs, consequences — then dispute the belief and find an effective new one (SMART Recovery)."
        ),
        pathways=frozenset({Pathway.SMART}),
        summary="activating_event",
        fields=(
            ToolField("activating_event", _("A — Activating event")),
            ToolField("beliefs", _("B — Beliefs about it")),
            ToolField("consequences", _("C — Consequences: how you felt and what you did")),
            ToolField(
                "disputation",
                _("D — Dispute the beliefs"),
                help=_("Is it true? Is it helpful? What would I tell a friend?"),
            ),
            ToolField("effective_new_belief", _("E — Effective new belief")),
        ),
    ),
    Tool(
        key="step_work",
        label=_("Step-work journal"),
        description=_(
            "Your own writing on the step you are working, to share with your sponsor if you choose."
        ),
        pathways=TWELVE_STEP,
        summary="step",
        fields=(
            ToolField(
                "step",
                _("Step"),
                CHOICE,
                choices=tuple((str(n), _("Step %(n)d") % {"n": n}) for n in range(1, 13)),
            ),
            ToolField(
                "writing",
                _("My writing"),
                help=_(
                    "In your own words: what this step means to you today and what you are doing about it."
                ),
            ),
            ToolField("shared_with", _("Who I shared it with (optional)"), TEXT, required=False),
        ),
    ),
    Tool(
        key="meditation",
        label=_("Meditation log"),
        description=_(
            "Sit with a timer and note what you practised and noticed (Refuge Recovery, mindfulness)."
        ),
        pathways=frozenset({Pathway.REFUGE}),
        summary="practice",
        has_timer=True,
        fields=(
            ToolField(
                "practice",
                _("Practice"),
                CHOICE,
                choices=(
                    ("breath", _("Breath awareness")),
                    ("kindness", _("Loving-kindness")),
                    ("body_scan", _("Body scan")),
                    ("forgiveness", _("Forgiveness")),
                    ("other", _("Something else")),
                ),
            ),
            ToolField(
                "minutes",
                _("Minutes"),
                MINUTES,
                min_value=1,
                max_value=240,
                help=_("The timer fills this in; you can type it too."),
            ),
            ToolField("noticed", _("What I noticed (optional)"), required=False),
        ),
    ),
    Tool(
        key="urge_surfing",
        label=_("Urge-surfing log"),
        description=_(
            "Ride out an urge with a timer: notice it rise, peak and fall without acting on it."
        ),
        pathways=frozenset({Pathway.REFUGE, Pathway.SMART, Pathway.MODERATION}),
        summary="urge_before",
        has_timer=True,
        fields=(
            _scale("urge_before", _("Urge at the start (0–10)")),
            ToolField(
                "minutes",
                _("Minutes I surfed it"),
                MINUTES,
                min_value=1,
                max_value=240,
                help=_("The timer fills this in; you can type it too."),
            ),
            _scale("urge_after", _("Urge at the end (0–10)")),
            ToolField(
                "noticed", _("Where I felt it and what I noticed (optional)"), required=False
            ),
        ),
    ),
    Tool(
        key="sos_commitment",
        label=_("Daily sobriety commitment"),
        description=_(
            "Acknowledge your addiction and make today's commitment to sobriety, in your own words (SOS)."
        ),
        pathways=frozenset({Pathway.SOS}),
        summary="in_my_words",
        fields=(
            ToolField("commitment", _("Today I commit to staying sober"), CONFIRM),
            ToolField("in_my_words", _("My commitment in my own words"), TEXT),
            ToolField("how", _("What I will do today to keep it (optional)"), required=False),
        ),
    ),
    Tool(
        key="lifering_plan",
        label=_("Personal recovery plan"),
        description=_(
            "Build your own recovery program, area by area, strengthening your sober self (LifeRing)."
        ),
        pathways=frozenset({Pathway.LIFERING}),
        summary="sober_self",
        fields=(
            ToolField("sober_self", _("What my sober self wants")),
            ToolField("body_and_health", _("My body and health"), required=False),
            ToolField("people", _("People and relationships"), required=False),
            ToolField("feelings", _("Feelings and emotional life"), required=False),
            ToolField("work_and_time", _("Work, school and free time"), required=False),
            ToolField("practices", _("Daily sobriety practices")),
            ToolField("next_steps", _("Next steps")),
        ),
    ),
    Tool(
        key="drink_log",
        label=_("Drink log"),
        description=_(
            "Write down each drinking occasion and see it against your limits (Moderation Management)."
        ),
        pathways=frozenset({Pathway.MODERATION}),
        summary="drinks",
        needs_moderation_track=True,
        fields=(
            ToolField("track", _("Track"), TRACK),
            ToolField("drinks", _("Drinks"), NUMBER, min_value=0, max_value=50),
            ToolField("where", _("Where and with whom (optional)"), TEXT, required=False),
            ToolField("mood", _("How I felt (optional)"), TEXT, required=False),
            ToolField("note", _("Note (optional)"), required=False),
        ),
    ),
)

TOOLS_BY_KEY = {tool.key: tool for tool in TOOLS}


def get_tool(key: str) -> Tool | None:
    return TOOLS_BY_KEY.get(key)


def tools_for(pathways: list[str]) -> tuple[list[Tool], list[Tool]]:
    """(tools offered for the member's pathways, the others). Every tool stays available."""
    chosen = set(pathways)
    offered = [tool for tool in TOOLS if tool.pathways & chosen]
    return offered, [tool for tool in TOOLS if tool not in offered]
