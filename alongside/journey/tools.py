"""Pathway tools as data: each worksheet is one `Tool` with its fields, and one generic model
(Worksheet) stores any of them. The wording is ours, written for this platform; step work holds
only the member's own writing, never a fellowship's literature."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Pathway

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


TEXT, TEXTAREA, NUMBER, SCALE, CHOICE, MINUTES, CONFIRM, TRACK, PERSON = (
    "text",
    "textarea",
    "number",
    "scale",
    "choice",
    "minutes",
    "confirm",
    "track",
    # Someone the member shares with (a consent grant naming them, or a role grant reaching
    # them), stored as their user id: "filled in together with my counselor".
    "person",
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
    # Fields sharing a group are drawn together as one fieldset whose legend is the group.
    group: StrOrPromise = ""
    # Required only once the named field has an answer (a value's "helps or hurts").
    needed_with: str = ""


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
    # The published practice the tool is drawn from (the wording is always ours).
    source: str = ""
    # The groups sit side by side where the screen is wide enough (a 2×2 decisional balance).
    is_grid: bool = False
    # An instrument (alongside/lib/instruments) whose scores over time the tool's page shows.
    trend_instrument: str = ""

    def field(self, name: str) -> ToolField:
        return next(f for f in self.fields if f.name == name)

    @property
    def person_field(self) -> str:
        """The field naming who the worksheet was filled in with, if the tool has one."""
        return next((f.name for f in self.fields if f.kind == PERSON), "")

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


def _fill(pattern: StrOrPromise, values: dict) -> str:
    return str(pattern) % values


# Interpolated when shown, so each reader gets their own language.
fill_lazy = lazy(_fill, str)


def _scale(
    name: str, label: StrOrPromise, required: bool = True, help: StrOrPromise = ""
) -> ToolField:
    return ToolField(name, label, SCALE, required, help, min_value=0, max_value=10)


TWELVE_STEP = frozenset({Pathway.NA, Pathway.AA, Pathway.DRA, Pathway.CELEBRATE})

_FIRST_TOOLS: tuple[Tool, ...] = (
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

# ----------------------------------------------------------------------------------------------
# Celebrate Recovery: one worksheet per recovery principle. Each principle is named briefly in
# our own words and followed by open questions of ours; no published wording, no scripture.

CELEBRATE_SOURCE = (
    "Celebrate Recovery's eight recovery principles, by John Baker, Saddleback Church "
    "(celebraterecovery.com). Named and questioned in our own words; nothing quoted."
)

_PRINCIPLES: tuple[tuple[StrOrPromise, tuple[StrOrPromise, StrOrPromise, StrOrPromise]], ...] = (
    (
        _("admitting I am not in control"),
        (
            _("Where in your life have you been trying to hold on to control?"),
            _("What has trying to manage it on your own cost you, and the people around you?"),
            _("What would it be like to stop carrying this alone?"),
        ),
    ),
    (
        _("believing that help is possible and that I matter"),
        (
            _("What makes it hard, or easier, to believe that things can change for you?"),
            _("When have you felt that you mattered to God or to someone else?"),
            _("Where have you already seen signs of hope?"),
        ),
    ),
    (
        _("choosing to place my life and will in God's care"),
        (
            _("What would it mean for you, today, to hand this over?"),
            _("What holds you back from making that choice, or from making it again?"),
            _("What is one small way you can practise trusting this week?"),
        ),
    ),
    (
        _("looking honestly at my life and telling someone I trust"),
        (
            _("What have you been keeping to yourself that you are ready to look at?"),
            _("What patterns do you notice in what you have done and what has been done to you?"),
            _("Who is a safe person you could talk this through with?"),
        ),
    ),
    (
        _("becoming ready for change and asking for help with my shortcomings"),
        (
            _("Which habits or attitudes keep getting in your way?"),
            _("What makes letting go of them frightening, and what makes it worth it?"),
            _("What would asking for help with one of them look like?"),
        ),
    ),
    (
        _("forgiving, and making amends where it is safe to"),
        (
            _("Whom do you need to forgive, and where are you with it?"),
            _("Whom have you hurt, and what might making it right look like?"),
            _(
                "Is there anyone for whom contact would do more harm than good? "
                "What could you do instead?"
            ),
        ),
    ),
    (
        _("keeping a daily time for reflection and prayer"),
        (
            _("When and where in your day can you be quiet for a few minutes?"),
            _("Looking at today: what went well, and where did you slip back into old ways?"),
            _("Is there anything to put right promptly?"),
        ),
    ),
    (
        _("passing on what I have received"),
        (
            _("What has changed in you that you could share with someone else?"),
            _("Who in your life might be helped by your story or your example?"),
            _("How can you serve without neglecting your own recovery?"),
        ),
    ),
)


def _principle_tool(number: int, name: StrOrPromise, questions: tuple) -> Tool:
    first, second, third = questions
    return Tool(
        key=f"cr_principle_{number}",
        label=fill_lazy(
            _("Celebrate Recovery — Principle %(n)d: %(name)s"), {"n": number, "name": name}
        ),
        description=_(
            "Reflect on this principle in your own words, to share with your sponsor or "
            "accountability partner if you choose."
        ),
        pathways=frozenset({Pathway.CELEBRATE}),
        summary="reflection_1",
        source=CELEBRATE_SOURCE,
        fields=(
            ToolField("reflection_1", first),
            ToolField("reflection_2", second, required=False),
            ToolField("reflection_3", third, required=False),
            ToolField("this_week", _("One thing I will do this week (optional)"), required=False),
            ToolField(
                "shared_with",
                _("Who I shared it with (optional)"),
                TEXT,
                required=False,
                help=_("Your sponsor or accountability partner, if you choose to share it."),
            ),
        ),
    )


CELEBRATE_TOOLS = tuple(
    _principle_tool(number, name, questions)
    for number, (name, questions) in enumerate(_PRINCIPLES, start=1)
)

# ----------------------------------------------------------------------------------------------
# Motivational interviewing: for the member alone, or filled in together with a counselor or
# peer specialist (recorded, and shown in the history).

MI_SOURCE = (
    "Miller WR, Rollnick S. Motivational Interviewing: Helping People Change, 3rd ed. "
    "Guilford Press, 2013 (decisional balance, change plan, readiness ruler)."
)
MI_PATHWAYS = frozenset({Pathway.TREATMENT, Pathway.MODERATION, Pathway.OTHER})


def _filled_in_with() -> ToolField:
    return ToolField(
        "filled_in_with",
        _("Filled in together with (optional)"),
        PERSON,
        required=False,
        help=_(
            "If you worked on this with your counselor or peer specialist, choose them. "
            "Only people you already share with are listed."
        ),
    )


MI_TOOLS: tuple[Tool, ...] = (
    Tool(
        key="decisional_balance",
        label=_("Decisional balance"),
        description=_(
            "Four boxes: the good and the not-so-good of making a change, and of things staying "
            "as they are (motivational interviewing)."
        ),
        pathways=MI_PATHWAYS,
        summary="change",
        source=MI_SOURCE,
        is_grid=True,
        trend_instrument="readiness",
        fields=(
            ToolField(
                "change",
                _("The change I am thinking about"),
                TEXT,
                help=_("For example cutting down, stopping, or starting treatment."),
            ),
            ToolField(
                "change_good",
                _("Good things about changing"),
                group=_("If I make this change"),
            ),
            ToolField(
                "change_not_so_good",
                _("Not-so-good things about changing"),
                group=_("If I make this change"),
            ),
            ToolField(
                "stay_good",
                _("Good things about things staying as they are"),
                group=_("If things stay as they are"),
            ),
            ToolField(
                "stay_not_so_good",
                _("Not-so-good things about things staying as they are"),
                group=_("If things stay as they are"),
            ),
            ToolField(
                "what_stands_out",
                _("Looking at the four boxes, what stands out? (optional)"),
                required=False,
            ),
            _filled_in_with(),
        ),
    ),
    Tool(
        key="mi_change_plan",
        label=_("Change plan"),
        description=_(
            "The changes you want to make, why they matter, and how you will go about them "
            "(motivational interviewing)."
        ),
        pathways=MI_PATHWAYS,
        summary="changes",
        source=MI_SOURCE,
        trend_instrument="readiness",
        fields=(
            ToolField("changes", _("The changes I want to make")),
            ToolField("why", _("Why these changes matter to me")),
            ToolField("steps", _("The steps I plan to take")),
            ToolField(
                "who_can_help",
                _("Who can help, and how"),
                required=False,
                help=_("For example: my sister — I can call her on Friday evenings."),
            ),
            ToolField(
                "in_the_way",
                _("What could get in the way, and what I will do then"),
                required=False,
            ),
            ToolField("how_i_will_know", _("How I will know it is working"), required=False),
            _filled_in_with(),
        ),
    ),
)

# ----------------------------------------------------------------------------------------------
# SMART Recovery's remaining tools (with cost-benefit analysis and ABC above).

SMART_SOURCE = "SMART Recovery Handbook, 3rd ed., SMART Recovery, 2013; wording ours."
VALUES_RANKED = 5
USING_EFFECT = (
    ("helps", _("Using helps this")),
    ("hurts", _("Using hurts this")),
    ("both", _("Some of each / not sure")),
)


def _value_row(rank: int) -> tuple[ToolField, ToolField]:
    legend = fill_lazy(_("What matters to me — number %(n)d"), {"n": rank})
    return (
        ToolField(
            f"value_{rank}",
            _("What matters"),
            TEXT,
            required=rank == 1,
            group=legend,
            help=_("Number 1 is what matters most to you.") if rank == 1 else "",
        ),
        ToolField(
            f"using_{rank}",
            _("Does using help or hurt this?"),
            CHOICE,
            required=False,
            group=legend,
            choices=USING_EFFECT,
            needed_with=f"value_{rank}",
        ),
    )


SMART_TOOLS: tuple[Tool, ...] = (
    Tool(
        key="hierarchy_of_values",
        label=_("Hierarchy of values"),
        description=_(
            "Put what matters most to you in order, then see whether using helps or hurts each "
            "(SMART Recovery)."
        ),
        pathways=frozenset({Pathway.SMART}),
        summary="value_1",
        source=SMART_SOURCE,
        fields=(
            *(spec for rank in range(1, VALUES_RANKED + 1) for spec in _value_row(rank)),
            ToolField(
                "what_i_notice",
                _("Looking at your list, what do you notice? (optional)"),
                required=False,
            ),
        ),
    ),
    Tool(
        key="disarm",
        label=_("DISARM"),
        description=_(
            "Destructive Imagery and Self-talk Awareness and Refusal Method: give the urge's "
            "voice a name, write down what it says, and answer it back (SMART Recovery)."
        ),
        pathways=frozenset({Pathway.SMART}),
        summary="voice_name",
        source=SMART_SOURCE,
        fields=(
            ToolField(
                "voice_name",
                _("A name for the urge's voice"),
                TEXT,
                help=_("Anything that helps you see it as separate from you — 'the Salesman'."),
            ),
            ToolField("it_says", _("What it says to me")),
            ToolField(
                "answer_back",
                _("My answer back"),
                help=_("What is true? What do you want for yourself?"),
            ),
            ToolField("what_i_did", _("What I did next (optional)"), required=False),
        ),
    ),
    Tool(
        key="smart_change_plan",
        label=_("Change plan worksheet"),
        description=_(
            "Write down the changes you want, your reasons and your steps, so you can keep "
            "track of them (SMART Recovery)."
        ),
        pathways=frozenset({Pathway.SMART}),
        summary="changes",
        source=SMART_SOURCE,
        fields=(
            ToolField("changes", _("The changes I want to make are")),
            ToolField("reasons", _("The most important reasons for making these changes are")),
            ToolField("steps", _("The steps I plan to take in changing are")),
            ToolField(
                "others_can_help",
                _("How other people can help me"),
                required=False,
                help=_("Who, and what you could ask of them."),
            ),
            ToolField(
                "how_i_will_know",
                _("I will know that my plan is working when"),
                required=False,
            ),
            ToolField(
                "interfere",
                _("Some things that could interfere with my plan are"),
                required=False,
            ),
        ),
    ),
)

# ----------------------------------------------------------------------------------------------
# Dual Recovery Anonymous: step work that speaks to both the substance use and the emotional or
# psychiatric illness. Only the member's own writing is kept.

DUAL_STEP_WORK = Tool(
    key="dual_step_work",
    label=_("Dual recovery step work"),
    description=_(
        "Your own writing on the step you are working, for your recovery from substance use and "
        "from your mental-health condition alike (Dual Recovery Anonymous)."
    ),
    pathways=frozenset({Pathway.DRA}),
    summary="step",
    source=(
        "Dual Recovery Anonymous World Services, published materials on the Twelve Steps of "
        "dual recovery; prompts ours, no literature reproduced."
    ),
    fields=(
        ToolField(
            "step",
            _("Step"),
            CHOICE,
            choices=tuple((str(n), _("Step %(n)d") % {"n": n}) for n in range(1, 13)),
        ),
        ToolField(
            "substance_use",
            _("This step and my substance use"),
            help=_("In your own words: what this step asks of you about drinking or using."),
        ),
        ToolField(
            "mental_health",
            _("This step and my mental health"),
            help=_(
                "In your own words: what this step means for your emotional or psychiatric "
                "illness — symptoms, treatment, medication, self-care."
            ),
        ),
        ToolField(
            "both_together",
            _("Where the two meet for me today (optional)"),
            required=False,
            help=_("How one affects the other, and what helps with both."),
        ),
        ToolField("shared_with", _("Who I shared it with (optional)"), TEXT, required=False),
    ),
)

TOOLS: tuple[Tool, ...] = (*_FIRST_TOOLS, *CELEBRATE_TOOLS, *MI_TOOLS, *SMART_TOOLS, DUAL_STEP_WORK)

TOOLS_BY_KEY = {tool.key: tool for tool in TOOLS}


def get_tool(key: str) -> Tool | None:
    return TOOLS_BY_KEY.get(key)


def tools_for(pathways: list[str]) -> tuple[list[Tool], list[Tool]]:
    """(tools offered for the member's pathways, the others). Every tool stays available.

    Among the offered, a pathway's own tools come before those several pathways share (a
    Celebrate Recovery member sees the principle worksheets before the general step work)."""
    chosen = set(pathways)
    offered = [tool for tool in TOOLS if tool.pathways & chosen]
    # sorted() is stable: tools as specific as each other keep the order they are defined in.
    offered = sorted(offered, key=lambda tool: len(tool.pathways))
    return offered, [tool for tool in TOOLS if tool not in offered]
