"""The CRAFT programme for family and friends, as data: its three goals and its steps, each
step a worksheet described with the journey's own tool shapes (journey/tools.py), so the same
form machinery draws and checks it. The wording is ours, in plain words for a worried parent,
partner or friend; the method is Community Reinforcement and Family Training (Meyers, Miller
and colleagues), which in trials helped about two in three families get a loved one into
treatment (Miller, Meyers & Tonigan 1999: 64 %, against 30 % for a confrontational
intervention and 13 % for Al-Anon facilitation), and left the family members themselves less
depressed, anxious and angry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from alongside.journey.tools import CONFIRM, SCALE, TEXT, Tool, ToolField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SOURCE = (
    "Community Reinforcement and Family Training (CRAFT): Meyers, Miller, Hill & Tonigan 1999; "
    "Miller, Meyers & Tonigan 1999. Prompts ours."
)

LESS_USE, TREATMENT, OWN_LIFE = "less_use", "treatment", "own_life"


@dataclass(frozen=True)
class Goal:
    key: str
    title: StrOrPromise
    text: StrOrPromise


GOALS: tuple[Goal, ...] = (
    Goal(
        LESS_USE,
        _("Less drinking or drug use"),
        _(
            "Learn what leads up to their use and what they get out of it, so that time "
            "without it becomes the more rewarding time, for them and for you."
        ),
    ),
    Goal(
        TREATMENT,
        _("Getting them into treatment"),
        _(
            "Be ready with warm words and real options for the moment they are open to help. "
            "In one study, two in three families who learned these skills saw their loved one "
            "start treatment, most after four to six sessions."
        ),
    ),
    Goal(
        OWN_LIFE,
        _("A better life for you"),
        _(
            "Your own well-being matters whether or not they change. Families who learned these "
            "skills felt less worried, low and angry, even when their loved one did not change."
        ),
    ),
)
GOALS_BY_KEY = {goal.key: goal for goal in GOALS}


@dataclass(frozen=True)
class Step:
    """One step of the programme: why it matters, a few points to keep in mind, its worksheet."""

    number: int
    tool: Tool
    goals: tuple[str, ...]
    why: StrOrPromise
    points: tuple[StrOrPromise, ...] = ()

    @property
    def key(self) -> str:
        return self.tool.key

    @property
    def title(self) -> StrOrPromise:
        return self.tool.label

    def goal_titles(self) -> list[str]:
        return [str(GOALS_BY_KEY[g].title) for g in self.goals]


def _tool(key: str, label: StrOrPromise, description: StrOrPromise, summary: str, *fields):
    return Tool(
        key=key,
        label=label,
        description=description,
        pathways=frozenset(),
        fields=tuple(fields),
        summary=summary,
        source=SOURCE,
    )


FUNCTIONAL_ANALYSIS = _tool(
    "functional_analysis",
    _("Understanding their use"),
    _("Look closely at one time they drank or used: what came before, and what came after."),
    "situation",
    ToolField(
        "situation",
        _("A recent time they drank or used"),
        TEXT,
        help=_("When and where it was, and who they were with."),
        group=_("Before"),
    ),
    ToolField(
        "triggers",
        _("What came before it"),
        help=_(
            "The people, places, times of day, feelings or thoughts that often lead to it: "
            "payday, a row, a call from an old friend, boredom on a Friday night."
        ),
        group=_("Before"),
    ),
    ToolField(
        "behaviour",
        _("What they did"),
        help=_("What they used, about how much, and for how long."),
        group=_("During"),
    ),
    ToolField(
        "short_term",
        _("What it gave them in the short term"),
        help=_(
            "Be honest: relief, fun, sleep, feeling part of a group, getting away from a worry."
        ),
        group=_("After"),
    ),
    ToolField(
        "long_term",
        _("What it cost them, and you, in the long term"),
        help=_("Health, money, work, trust, time with the people they love."),
        group=_("After"),
    ),
    ToolField(
        "where_i_can_help",
        _("Where I could step in (optional)"),
        required=False,
        help=_(
            "A trigger you could plan around together, or a healthier way for them to get the "
            "same good feeling."
        ),
    ),
)

POSITIVE_COMMUNICATION = _tool(
    "positive_communication",
    _("Talking so they can hear you"),
    _("Turn one hard conversation into words that invite them closer instead of pushing away."),
    "positive",
    ToolField(
        "original",
        _("Something I said, or want to say, that could come out as blame"),
        help=_("For example: “You're drunk again, you always ruin everything.”"),
    ),
    ToolField(
        "positive",
        _("The same thing said positively"),
        help=_(
            "Say what you would like, not what you don't: “I'd love us to have dinner together.”"
        ),
    ),
    ToolField(
        "i_statement",
        _("An “I” statement: how I feel"),
        help=_("“I feel worried and lonely when you come home late.”"),
    ),
    ToolField(
        "understanding",
        _("Offering understanding"),
        help=_("“I know things have been really hard at work lately.”"),
    ),
    ToolField(
        "partial_responsibility",
        _("Taking a share of the responsibility"),
        help=_("“I know I've been short with you too.”"),
    ),
    ToolField(
        "offer_help",
        _("Offering help"),
        help=_("“Is there anything I can do to make this week easier?”"),
    ),
    ToolField(
        "when",
        _("When I will say it (optional)"),
        TEXT,
        required=False,
        help=_("Choose a calm moment when they are sober, not in the middle of an argument."),
    ),
)

REWARDING_SOBER_TIME = _tool(
    "rewarding_sober_time",
    _("Rewarding sober time"),
    _(
        "Make time without alcohol or drugs the good time, and let rewards wait when they have used."
    ),
    "this_week",
    ToolField(
        "rewards",
        _("Things they enjoy that I could offer or share when they are sober"),
        help=_(
            "Small and real: their favourite meal, a walk together, a film, time with the kids, "
            "a word of thanks."
        ),
    ),
    ToolField("this_week", _("One planned reward for this week"), TEXT),
    ToolField(
        "when_used",
        _("What I will calmly hold back if they have been drinking or using"),
        help=_("Not a punishment: the reward simply waits for a sober time. Say so kindly, once."),
    ),
    ToolField(
        "how_it_went",
        _("How it went (optional)"),
        required=False,
        help=_("Come back and write what happened, and what you would try next time."),
    ),
)

NATURAL_CONSEQUENCES = _tool(
    "natural_consequences",
    _("Letting natural consequences happen"),
    _("Stop shielding them from the results of their use, so those results can do their work."),
    "stop_doing",
    ToolField(
        "shielding",
        _("Ways I have been protecting them from the results of their use"),
        help=_(
            "Calling in sick for them, cleaning up, paying debts, making excuses to family, "
            "getting them to bed."
        ),
    ),
    ToolField("stop_doing", _("One thing I will stop doing"), TEXT),
    ToolField(
        "likely_result",
        _("What will probably happen when I step back"),
        help=_("A late start at work, a bill to sort out, waking up where they fell asleep."),
    ),
    ToolField(
        "is_safe",
        _("Letting this happen puts nobody in danger"),
        CONFIRM,
        help=_(
            "Never step back from danger — driving, an overdose, violence, a child left alone. "
            "Those belong in your safety plan."
        ),
    ),
    ToolField(
        "how_to_tell",
        _("How I will tell them, calmly and without blame (optional)"),
        required=False,
        help=_("“I love you, and I'm not going to call your boss for you any more.”"),
    ),
)

SAFETY_PLAN = _tool(
    "safety_plan",
    _("Safety plan, with naloxone"),
    _("Know what to do in an overdose, and where to go if you ever feel unsafe."),
    "naloxone_where",
    ToolField(
        "naloxone_where",
        _("Where our naloxone (Narcan) is kept"),
        TEXT,
        help=_(
            "Somewhere everyone at home knows and can reach fast. Check the date on the box. "
            "Pharmacies in many places give it without a prescription."
        ),
        group=_("Naloxone"),
    ),
    ToolField(
        "overdose_signs",
        _("The signs of an overdose I will watch for"),
        help=_(
            "They will not wake up or answer you; breathing is slow, noisy or has stopped; lips "
            "or fingertips turn blue or grey; pupils are tiny; they make gurgling or snoring sounds."
        ),
        group=_("If I think they have overdosed"),
    ),
    ToolField(
        "emergency_number",
        _("The emergency number where we live"),
        TEXT,
        help=_("911 in the US and Canada, 999 or 112 in the UK and Ireland, 000 in Australia."),
        group=_("If I think they have overdosed"),
    ),
    ToolField(
        "will_act",
        _("I will call emergency services, give naloxone, and stay with them until help comes"),
        CONFIRM,
        help=_(
            "Call first, then spray the naloxone into one nostril. Lay them on their side if "
            "they breathe. Give a second dose after two or three minutes if they do not wake. "
            "Stay: naloxone can wear off before the drug does."
        ),
        group=_("If I think they have overdosed"),
    ),
    ToolField(
        "warning_signs",
        _("Signs that things could turn violent (optional)"),
        required=False,
        help=_("Threats, breaking things, certain drugs or amounts, a look you have learned."),
        group=_("If I ever feel unsafe"),
    ),
    ToolField(
        "safe_place",
        _("Where I (and any children) can go to be safe (optional)"),
        TEXT,
        required=False,
        help=_("A neighbour, a friend's home, a room with a lock and a phone."),
        group=_("If I ever feel unsafe"),
    ),
    ToolField(
        "who_to_call",
        _("Who I can call (optional)"),
        TEXT,
        required=False,
        help=_("A friend, a family member, a domestic violence helpline."),
        group=_("If I ever feel unsafe"),
    ),
)

MY_LIFE = _tool(
    "my_life",
    _("Your own life"),
    _("Take stock of how you are doing, and choose one thing just for you this week."),
    "one_thing",
    ToolField(
        "with_them",
        _("How happy I am with my relationship with them"),
        SCALE,
        min_value=0,
        max_value=10,
        group=_("How happy am I, from 0 to 10, with…"),
    ),
    ToolField(
        "health",
        _("My health"),
        SCALE,
        min_value=0,
        max_value=10,
        group=_("How happy am I, from 0 to 10, with…"),
    ),
    ToolField(
        "friends",
        _("My friends and social life"),
        SCALE,
        min_value=0,
        max_value=10,
        group=_("How happy am I, from 0 to 10, with…"),
    ),
    ToolField(
        "time_for_me",
        _("Time for myself"),
        SCALE,
        min_value=0,
        max_value=10,
        group=_("How happy am I, from 0 to 10, with…"),
    ),
    ToolField(
        "one_thing",
        _("One thing I will do for myself this week"),
        TEXT,
        help=_("A walk, a class, coffee with a friend, an early night, a family meeting."),
    ),
    ToolField(
        "my_support",
        _("Who supports me (optional)"),
        TEXT,
        required=False,
        help=_("A friend, a counselor, a family group such as SMART Family & Friends or Al-Anon."),
    ),
)

SUGGESTING_TREATMENT = _tool(
    "suggesting_treatment",
    _("Suggesting treatment"),
    _("Plan how to invite them to get help, at a moment when they may say yes."),
    "what_to_say",
    ToolField(
        "windows",
        _("Moments when they may be open to help"),
        help=_(
            "After a bad morning or a scare, when they ask why you have changed, when they say "
            "they are worried about their drinking, health or job."
        ),
    ),
    ToolField(
        "what_to_say",
        _("What I will say"),
        help=_(
            "Short, warm and specific: “I love you. I found someone we could talk to together — "
            "would you come with me on Thursday?”"
        ),
    ),
    ToolField(
        "options",
        _("The help I will have ready"),
        help=_(
            "A counselor's name and number, a meeting, a walk-in time — so you can act the same "
            "day they say yes."
        ),
    ),
    ToolField(
        "if_no",
        _("If they say no (optional)"),
        required=False,
        help=_("Stay warm, leave it for now, and try again at the next window. No is not never."),
    ),
)

STEPS: tuple[Step, ...] = (
    Step(
        1,
        FUNCTIONAL_ANALYSIS,
        (LESS_USE,),
        _(
            "Drinking and drug use happen for reasons. When you know what usually comes before "
            "and what they get out of it, you can see where to step in — without blame."
        ),
        (
            _("Pick one ordinary time, not the worst one."),
            _("Write what you saw, not what you fear."),
        ),
    ),
    Step(
        2,
        POSITIVE_COMMUNICATION,
        (LESS_USE, TREATMENT),
        _(
            "Criticism makes people defend themselves. Positive, specific words make it easier "
            "for them to hear you, and to come towards you."
        ),
        (
            _("Keep it short and about one thing."),
            _("Talk when they are sober and things are calm."),
        ),
    ),
    Step(
        3,
        REWARDING_SOBER_TIME,
        (LESS_USE,),
        _(
            "People do more of what is rewarded. Make the sober times warm and worth having, "
            "and let the good things wait quietly when they have used."
        ),
        (_("Plan one reward a week, and notice sober time out loud."),),
    ),
    Step(
        4,
        NATURAL_CONSEQUENCES,
        (LESS_USE, TREATMENT),
        _(
            "Out of love, families often clean up after use. Stepping back lets the results of "
            "drinking or using reach the person they belong to — which is often what starts change."
        ),
        (_("Step back from one thing at a time, never from danger."),),
    ),
    Step(
        5,
        SAFETY_PLAN,
        (OWN_LIFE,),
        _(
            "Some moments need a plan made in advance: an overdose, or a time you feel unsafe. "
            "If you ever fear for anyone's safety, do this step first."
        ),
        (
            _("In an emergency, call your emergency number now."),
            _("Naloxone cannot harm someone who has not taken opioids: if in doubt, give it."),
        ),
    ),
    Step(
        6,
        MY_LIFE,
        (OWN_LIFE,),
        _(
            "Caring for someone who drinks or uses is exhausting. You deserve rest, friends and "
            "joy whether or not they change — and you will help them better for it."
        ),
        (_("Come back to this worksheet every few weeks and compare."),),
    ),
    Step(
        7,
        SUGGESTING_TREATMENT,
        (TREATMENT,),
        _(
            "There are moments when someone is more open to help. Be ready for them, with the "
            "words and the options, so a yes can turn into a first appointment the same day."
        ),
        (_("Have the phone number ready before you need it."),),
    ),
)
STEPS_BY_KEY = {step.key: step for step in STEPS}


def get_step(key: str) -> Step | None:
    return STEPS_BY_KEY.get(key)
