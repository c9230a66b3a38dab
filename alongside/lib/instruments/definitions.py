"""The seven instruments, each defined once, exactly as the project's reference records them
(shared research notes, instruments.md sections 1–3). Evidence marks follow the reference:
VERIFIED [V], SECONDARY [S], UNVERIFIED [U]; every UNVERIFIED rule is said on screen.

Wording: BARC-10 (free to use per PhenX), PHQ-9, GAD-7, AUDIT-C and the readiness ruler carry
their usual wording. DAST-10 (copyright Skinner / CAMH, licence unconfirmed) and the BAM (VA
form, licence not recorded) default to paraphrases; an organization may enter its licensed
wording for those items.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from alongside.lib.instruments.model import (
    Band,
    CutOff,
    Evidence,
    FlagKind,
    Instrument,
    Item,
    ItemFlag,
    ItemKind,
    Licence,
    Note,
    Option,
    Subscale,
)
from alongside.lib.instruments.model import (
    gettext_noop as _,
)

# ------------------------------------------------------------------ BARC-10

AGREE_6 = (
    Option(1, _("Strongly disagree")),
    Option(2, _("Disagree")),
    Option(3, _("Somewhat disagree")),
    Option(4, _("Somewhat agree")),
    Option(5, _("Agree")),
    Option(6, _("Strongly agree")),
)

BARC10 = Instrument(
    key="barc10",
    name="BARC-10",
    title=_("Brief Assessment of Recovery Capital"),
    purpose=_("The strengths and resources that support your recovery (recovery capital)."),
    period=_("now"),
    stem=_("How much do you agree or disagree with each statement?"),
    items=tuple(
        Item(str(n), text, options=AGREE_6)
        for n, text in enumerate(
            [
                _("There are more important things to me in life than using substances."),
                _("In general I am happy with my life."),
                _("I have enough energy to complete the tasks I set myself."),
                _("I am proud of the community I live in and feel part of it."),
                _("I get lots of support from friends."),
                _(
                    "I regard my life as challenging and fulfilling without the need for using drugs or alcohol."
                ),
                _("My living space has helped to drive my recovery journey."),
                _("I take full responsibility for my actions."),
                _("I am happy dealing with a range of professional people."),
                _("I am making good progress on my recovery journey."),
            ],
            start=1,
        )
    ),
    total_label=_("Recovery capital (10–60)"),
    cutoffs=(
        CutOff(
            47,
            "barc10_strength",
            _(
                "47 or more: a level of recovery capital associated with sustained remission in the validation study. A strength, not a diagnosis."
            ),
            kind=FlagKind.STRENGTH,
        ),
    ),
    citation=_(
        "Vilsaint CL, Kelly JF, Bergman BG, Groshkova T, Best D, White W. Development and "
        "validation of a Brief Assessment of Recovery Capital (BARC-10) for alcohol and drug use "
        "disorder. Drug Alcohol Depend. 2017;177:71–76. Scoring: PhenX Toolkit protocol "
        "“Unidimensional Assessment of Recovery Capital”."
    ),
    licence=Licence(
        _("PhenX marks the BARC-10 as freely available; no permission is needed."),
        wording_free=True,
    ),
    notes=(
        Note(
            _(
                "The total is the plain sum of the ten answers (10–60); no item is reverse-scored. Higher means more recovery capital."
            )
        ),
        Note(_("The scale is unidimensional: no sub-domain scores are computed.")),
        Note(
            _(
                "Labels for answers 2 to 5 follow common implementations; the source names only 1 (strongly disagree) and 6 (strongly agree)."
            ),
            Evidence.SECONDARY,
        ),
    ),
)

# ------------------------------------------------------------------ BAM

HEALTH_5 = (
    Option(0, _("Excellent")),
    Option(1, _("Very good")),
    Option(2, _("Good")),
    Option(3, _("Fair")),
    Option(4, _("Poor")),
)
EXTENT_5 = (
    Option(0, _("Not at all")),
    Option(1, _("Slightly")),
    Option(2, _("Moderately")),
    Option(3, _("Considerably")),
    Option(4, _("Extremely")),
)
NO_YES_BAM = (Option("no", _("No"), 0), Option("yes", _("Yes"), 4))

# days: 0 → 0; 1–3 → 1; 4–8 → 2; 9–15 → 3; 16–30 → 4 (reference: VA table via Blueprint [S]).
BAM_DAY_BINS = ((0, 0, 0), (1, 3, 1), (4, 8, 2), (9, 15, 3), (16, 30, 4))


def _days(key: str, text: str, **kwargs: Any) -> Item:
    return Item(key, text, kind=ItemKind.DAYS, paraphrased=True, **kwargs)


def _bam(key: str, text: str, options: tuple[Option, ...], **kwargs: Any) -> Item:
    return Item(key, text, options=options, paraphrased=True, **kwargs)


BAM_DRUGS = [
    ("7a", _("Marijuana (cannabis)")),
    ("7b", _("Sedatives or tranquilizers")),
    ("7c", _("Cocaine or crack")),
    ("7d", _("Other stimulants (such as methamphetamine)")),
    ("7e", _("Opiates (such as heroin, fentanyl or prescription pain pills)")),
    ("7f", _("Inhalants")),
    ("7g", _("Other drugs")),
]

BAM = Instrument(
    key="bam",
    name="BAM",
    title=_("Brief Addiction Monitor"),
    purpose=_("How the past month went: use, risks and what protects your recovery."),
    period=_("the past 30 days"),
    stem=_(
        "These questions are about the past 30 days. For the “how many days” questions, enter a number from 0 to 30."
    ),
    items=(
        _bam("1", _("Over the past 30 days, how has your physical health been?"), HEALTH_5),
        _days(
            "2", _("On how many nights did you have a hard time falling asleep or staying asleep?")
        ),
        _days(
            "3",
            _(
                "On how many days did you feel depressed, anxious, angry or very upset for most of the day?"
            ),
        ),
        _days(
            "4",
            _("On how many days did you have any alcohol at all?"),
            help=_("If none, enter 0; question 5 is then skipped."),
        ),
        _days(
            "5",
            _(
                "On how many days did you have 5 or more drinks (4 or more if you are a woman or over 65)?"
            ),
            skip_when=("4", 0),
            help=_("Skip this if your answer to question 4 was 0."),
        ),
        _days(
            "6",
            _(
                "On how many days did you use street or illegal drugs, or take prescription medicine in a way it was not prescribed?"
            ),
            help=_("If none, enter 0; questions 7A to 7G are then skipped."),
        ),
        *(
            _days(
                key,
                text,
                scored=False,
                skip_when=("6", 0),
                group=_(
                    "On how many days did you use each of these? (Skip these if your answer to question 6 was 0.)"
                ),
            )
            for key, text in BAM_DRUGS
        ),
        _bam(
            "8", _("How much have cravings or urges to drink or use drugs bothered you?"), EXTENT_5
        ),
        _bam(
            "9",
            _(
                "How confident are you that you can stay completely away from alcohol and drugs for the next 30 days?"
            ),
            EXTENT_5,
        ),
        _days(
            "10",
            _(
                "On how many days did you go to self-help meetings (such as AA, NA or SMART Recovery) to support your recovery?"
            ),
        ),
        _days(
            "11",
            _(
                "On how many days were you in risky situations, or with people, places or things that put your recovery at risk?"
            ),
        ),
        _bam(
            "12", _("How much does your religion or spirituality support your recovery?"), EXTENT_5
        ),
        _days(
            "13",
            _(
                "On how many days did you spend much of your time at work, at school or volunteering?"
            ),
        ),
        _bam(
            "14",
            _(
                "Do you have enough income from legal sources to pay for necessities such as housing, food, transport and clothing for yourself and anyone who depends on you?"
            ),
            NO_YES_BAM,
        ),
        _bam(
            "15",
            _(
                "How much have arguments or problems getting along with family or friends bothered you?"
            ),
            EXTENT_5,
        ),
        _days(
            "16",
            _(
                "On how many days were you in contact with family or friends who support your recovery?"
            ),
        ),
        _bam(
            "17",
            _("How satisfied are you with your progress toward your recovery goals?"),
            EXTENT_5,
        ),
    ),
    has_total=False,
    day_bins=BAM_DAY_BINS,
    subscales=(
        Subscale("use", _("Use"), ("4", "5", "6"), 0, 12, _("higher means more use")),
        Subscale(
            "risk",
            _("Risk factors"),
            ("1", "2", "3", "8", "11", "15"),
            0,
            24,
            _("higher means more risk"),
        ),
        Subscale(
            "protective",
            _("Protective factors"),
            ("9", "10", "12", "13", "14", "16"),
            0,
            24,
            _("higher means more protection"),
        ),
    ),
    cutoffs=(
        CutOff(
            1,
            "bam_use",
            _("Use 1 or more: any use in the past 30 days."),
            subscale="use",
            evidence=Evidence.SECONDARY,
        ),
        CutOff(
            12,
            "bam_risk",
            _("Risk factors 12 or more: clinically significant risk."),
            subscale="risk",
            evidence=Evidence.SECONDARY,
        ),
        CutOff(
            12,
            "bam_protective_low",
            _("Protective factors 12 or less: low protection."),
            subscale="protective",
            at_or_below=True,
            evidence=Evidence.SECONDARY,
        ),
    ),
    citation=_(
        "Cacciola JS, Alterman AI, DePhilippis D, Drapkin ML, Valadez C Jr, Fala NC, Oslin D, "
        "McKay JR. Development and initial evaluation of the Brief Addiction Monitor (BAM). "
        "J Subst Abuse Treat. 2013;44(3):256–263. doi:10.1016/j.jsat.2012.07.013. Form: VA "
        "VISN 4 MIRECC / Philadelphia CESATE (categorical version)."
    ),
    licence=Licence(
        _(
            "Developed by the US Department of Veterans Affairs. Our reference records no licence terms for the form's wording, so the default wording here is a paraphrase; your organization can enter the official wording."
        ),
        wording_free=False,
        evidence=Evidence.UNVERIFIED,
    ),
    notes=(
        Note(
            _(
                "Day counts become codes: 0 days → 0; 1–3 → 1; 4–8 → 2; 9–15 → 3; 16–30 → 4. Item 14: no → 0, yes → 4."
            ),
            Evidence.SECONDARY,
        ),
        Note(
            _(
                "If question 4 is 0, question 5 is skipped; if question 6 is 0, questions 7A–7G are skipped. Skipped items score 0."
            )
        ),
        Note(
            _(
                "Questions 7A–7G only describe question 6 and are not scored; question 17 belongs to no subscale."
            )
        ),
        Note(
            _(
                "Subscales and their cut-offs are the VA composite scores, from secondary copies of the VA scoring text."
            ),
            Evidence.SECONDARY,
        ),
        Note(
            _(
                "No total score is validated, so none is shown. Review the individual answers when planning care."
            )
        ),
    ),
)

# ------------------------------------------------------------------ PHQ-9 and GAD-7

FREQUENCY_4 = (
    Option(0, _("Not at all")),
    Option(1, _("Several days")),
    Option(2, _("More than half the days")),
    Option(3, _("Nearly every day")),
)
DIFFICULTY_4 = (
    Option(0, _("Not difficult at all")),
    Option(1, _("Somewhat difficult")),
    Option(2, _("Very difficult")),
    Option(3, _("Extremely difficult")),
)

PHQ9_ITEM9 = "phq9_item9"

PHQ9 = Instrument(
    key="phq9",
    name="PHQ-9",
    title=_("Patient Health Questionnaire"),
    purpose=_("A screen for depression."),
    period=_("the past 2 weeks"),
    stem=_(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    ),
    items=(
        *(
            Item(str(n), text, options=FREQUENCY_4)
            for n, text in enumerate(
                [
                    _("Little interest or pleasure in doing things"),
                    _("Feeling down, depressed, or hopeless"),
                    _("Trouble falling or staying asleep, or sleeping too much"),
                    _("Feeling tired or having little energy"),
                    _("Poor appetite or overeating"),
                    _(
                        "Feeling bad about yourself, or that you are a failure or have let yourself or your family down"
                    ),
                    _("Trouble concentrating on things"),
                    _(
                        "Moving or speaking slowly enough that others could notice, or being fidgety or restless"
                    ),
                    _(
                        "Thoughts that you would be better off dead, or of hurting yourself in some way"
                    ),
                ],
                start=1,
            )
        ),
        Item(
            "10",
            _(
                "If you checked off any problems, how difficult have they made it for you to do your work, take care of things at home, or get along with other people?"
            ),
            options=DIFFICULTY_4,
            scored=False,
            required=False,
            help=_("Optional, and not part of the score."),
        ),
    ),
    total_label=_("Total (0–27)"),
    bands=(
        Band(0, 4, "minimal", _("Minimal")),
        Band(5, 9, "mild", _("Mild")),
        Band(10, 14, "moderate", _("Moderate")),
        Band(15, 19, "moderately_severe", _("Moderately severe")),
        Band(20, 27, "severe", _("Severe")),
    ),
    cutoffs=(
        # xgettext:no-python-format
        CutOff(
            10,
            "phq9_cutoff",
            _("10 or more: the cut-off for major depression (sensitivity 88%, specificity 88%)."),
        ),
    ),
    item_flags=(
        ItemFlag(
            "9",
            1,
            PHQ9_ITEM9,
            _(
                "Item 9 was answered above “not at all”: further suicide-risk assessment by a competent person is needed, whatever the total."
            ),
        ),
    ),
    citation=_(
        "Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity "
        "measure. J Gen Intern Med. 2001;16(9):606–613. doi:10.1046/j.1525-1497.2001.016009606.x"
    ),
    licence=Licence(
        _(
            "Item wording as in the HL7 QI-Core PHQ-9 example. The PHQ screeners are widely described as free to reproduce; our reference does not record their licence terms."
        ),
        wording_free=True,
        evidence=Evidence.UNVERIFIED,
    ),
    notes=(
        Note(
            _(
                "Total of items 1–9 (0–27). Bands: 0–4 minimal, 5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe."
            )
        ),
        Note(
            _(
                "Any answer to item 9 other than “not at all” raises a safety flag at once, whatever the total."
            ),
            Evidence.SECONDARY,
        ),
        Note(_("The optional difficulty question (10) is recorded but not scored.")),
    ),
)

GAD7 = Instrument(
    key="gad7",
    name="GAD-7",
    title=_("Generalized Anxiety Disorder scale"),
    purpose=_("A screen for anxiety."),
    period=_("the past 2 weeks"),
    stem=_("Over the last 2 weeks, how often have you been bothered by the following problems?"),
    items=tuple(
        Item(str(n), text, options=FREQUENCY_4)
        for n, text in enumerate(
            [
                _("Feeling nervous, anxious or on edge"),
                _("Not being able to stop or control worrying"),
                _("Worrying too much about different things"),
                _("Trouble relaxing"),
                _("Being so restless that it is hard to sit still"),
                _("Becoming easily annoyed or irritable"),
                _("Feeling afraid as if something awful might happen"),
            ],
            start=1,
        )
    ),
    total_label=_("Total (0–21)"),
    bands=(
        Band(0, 4, "minimal", _("Minimal")),
        Band(5, 9, "mild", _("Mild")),
        Band(10, 14, "moderate", _("Moderate")),
        Band(15, 21, "severe", _("Severe")),
    ),
    cutoffs=(
        CutOff(
            10,
            "gad7_cutoff",
            _("10 or more: a reasonable cut-point for identifying generalised anxiety disorder."),
        ),
    ),
    citation=_(
        "Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized "
        "anxiety disorder: the GAD-7. Arch Intern Med. 2006;166:1092–1097."
    ),
    licence=Licence(
        _(
            "Usual published wording. Widely described as free to reproduce; our reference does not record its licence terms."
        ),
        wording_free=True,
        evidence=Evidence.UNVERIFIED,
    ),
    notes=(
        Note(
            _(
                "Total of the seven items (0–21). Cut-points 5, 10 and 15 mark mild, moderate and severe."
            )
        ),
    ),
)

# ------------------------------------------------------------------ AUDIT-C

SEX_MALE = "male"
SEX_FEMALE = "female"
SEX_UNSPECIFIED = "unspecified"


def _audit_c_notes(
    answers: Mapping[str, Any], item_scores: dict[str, int], flags: set[str]
) -> tuple[Note, ...]:
    """A positive screen with every point from question 1 stays positive, with the VA's note."""
    if "auditc_positive" in flags and item_scores.get("2") == 0 and item_scores.get("3") == 0:
        return (
            Note(
                _(
                    "All points come from question 1 (how often). VA guidance says the person is probably drinking within limits and a clinician should review; the score-based result stands."
                ),
                Evidence.UNVERIFIED,
            ),
        )
    return ()


AUDITC = Instrument(
    key="auditc",
    name="AUDIT-C",
    title=_("Alcohol Use Disorders Identification Test – Consumption"),
    purpose=_("A screen for hazardous drinking."),
    period=_("the past year"),
    stem=_(
        "These questions are about your drinking. One drink is a standard drink: a can of beer, a glass of wine or a shot of spirits."
    ),
    items=(
        Item(
            "1",
            _("How often do you have a drink containing alcohol?"),
            options=(
                Option(0, _("Never")),
                Option(1, _("Monthly or less")),
                Option(2, _("2 to 4 times a month")),
                Option(3, _("2 to 3 times a week")),
                Option(4, _("4 or more times a week")),
            ),
        ),
        Item(
            "2",
            _(
                "How many drinks containing alcohol do you have on a typical day when you are drinking?"
            ),
            options=(
                Option(0, _("1 or 2")),
                Option(1, _("3 or 4")),
                Option(2, _("5 or 6")),
                Option(3, _("7 to 9")),
                Option(4, _("10 or more")),
            ),
        ),
        Item(
            "3",
            _("How often do you have six or more drinks on one occasion?"),
            options=(
                Option(0, _("Never")),
                Option(1, _("Less than monthly")),
                Option(2, _("Monthly")),
                Option(3, _("Weekly")),
                Option(4, _("Daily or almost daily")),
            ),
        ),
        Item(
            "sex",
            _("Which cut-off should be used for you?"),
            options=(
                Option(SEX_MALE, _("The cut-off for men (4 or more)")),
                Option(SEX_FEMALE, _("The cut-off for women (3 or more)")),
                Option(
                    SEX_UNSPECIFIED,
                    _("Non-binary, another answer, or I'd rather not say (3 or more)"),
                ),
            ),
            scored=False,  # an input to the cut-off, never points in the total
            context=True,
            required=False,
            default=SEX_UNSPECIFIED,
            help=_(
                "The published cut-offs differ for men and women. When you choose neither, the lower one is used — a product choice, not a published rule (unverified)."
            ),
        ),
    ),
    total_label=_("Total (0–12)"),
    cutoffs=(
        CutOff(
            4,
            "auditc_positive",
            _("Positive screen: 4 or more (cut-off for men)."),
            kind=FlagKind.SCREEN,
            when={"sex": (SEX_MALE,)},
        ),
        CutOff(
            3,
            "auditc_positive",
            _("Positive screen: 3 or more (cut-off for women)."),
            kind=FlagKind.SCREEN,
            when={"sex": (SEX_FEMALE,)},
        ),
        CutOff(
            3,
            "auditc_positive",
            _(
                "Positive screen: 3 or more (the lower cut-off, used for non-binary people and when sex is not given — a product choice)."
            ),
            kind=FlagKind.SCREEN,
            when={"sex": (SEX_UNSPECIFIED,)},
            evidence=Evidence.UNVERIFIED,
        ),
    ),
    citation=_(
        "The first three questions of the WHO AUDIT (Babor TF et al., 2001; NIDA adaptation). "
        "Cut-offs: Bush K et al. Arch Intern Med. 1998;158:1789–1795; Bradley KA et al. Arch "
        "Intern Med. 2003;163:821–829."
    ),
    licence=Licence(
        _(
            "Usual WHO wording. WHO publishes the AUDIT openly; our reference does not record its licence terms."
        ),
        wording_free=True,
        evidence=Evidence.UNVERIFIED,
    ),
    notes=(
        Note(
            _(
                "Total of the three questions (0–12). A positive screen is 4 or more for men and 3 or more for women."
            )
        ),
        Note(
            _(
                "For non-binary people, and anyone who does not say, the lower cut-off (3) is used. This is a product choice, not a published rule."
            ),
            Evidence.UNVERIFIED,
        ),
    ),
    answer_notes=_audit_c_notes,
)

# ------------------------------------------------------------------ DAST-10

DAST_YES_SCORES = (Option("no", _("No"), 0), Option("yes", _("Yes"), 1))
DAST_REVERSED = (Option("no", _("No"), 1), Option("yes", _("Yes"), 0))

DAST10 = Instrument(
    key="dast10",
    name="DAST-10",
    title=_("Drug Abuse Screening Test"),
    purpose=_("A screen for problems related to drug use."),
    period=_("the past 12 months"),
    stem=_(
        "These questions are about the past 12 months and about drugs, not alcohol or tobacco. Drugs include medicines taken in larger amounts or more often than prescribed, and any drug taken for a non-medical reason."
    ),
    items=tuple(
        Item(str(n), text, options=DAST_REVERSED if n == 3 else DAST_YES_SCORES, paraphrased=True)
        for n, text in enumerate(
            [
                _("Did you use any drug for a reason other than a medical one?"),
                _("Did you use more than one drug on the same occasion?"),
                _("Could you always stop using drugs whenever you wanted to?"),
                _("Did drug use ever leave you with blackouts or flashbacks?"),
                _("Did you ever feel bad or guilty about using drugs?"),
                _("Did your partner or your parents ever complain about your drug use?"),
                _("Did you neglect your family because of drug use?"),
                _("Did you do something illegal to get drugs?"),
                _("When you stopped taking drugs, did you have withdrawal symptoms (feel sick)?"),
                _(
                    "Did drug use cause you medical problems (such as memory loss, hepatitis, seizures or bleeding)?"
                ),
            ],
            start=1,
        )
    ),
    total_label=_("Total (0–10)"),
    bands=(
        Band(0, 0, "none", _("No problems reported"), _("None")),
        Band(1, 2, "low", _("Low level"), _("Monitor")),
        Band(3, 5, "moderate", _("Moderate level"), _("Further investigation")),
        Band(6, 8, "substantial", _("Substantial level"), _("Intensive assessment")),
        Band(9, 10, "severe", _("Severe level"), _("Intensive assessment")),
    ),
    citation=_(
        "Skinner HA. The Drug Abuse Screening Test. Addict Behav. 1982;7:363–371. Scoring and bands: Australian Comorbidity Guidelines, Appendix W."
    ),
    licence=Licence(
        _(
            "DAST-10 © Harvey A. Skinner and the Centre for Addiction and Mental Health (CAMH). Licence terms are not confirmed, so the default wording here is a paraphrase; your organization can enter licensed wording."
        ),
        wording_free=False,
        evidence=Evidence.UNVERIFIED,
    ),
    notes=(
        Note(
            _(
                "One point for each “yes”, except question 3, where “no” scores the point. Total 0–10."
            )
        ),
        Note(_("Answering “no” to every question scores 1, because of question 3.")),
        Note(_("Bands: 0 none, 1–2 low, 3–5 moderate, 6–8 substantial, 9–10 severe.")),
    ),
)

# ------------------------------------------------------------------ readiness ruler

READINESS = Instrument(
    key="readiness",
    name=_("Readiness ruler"),
    title=_("Readiness ruler"),
    purpose=_("How ready you feel to make a change, in your own terms."),
    period=_("now"),
    stem=_("On a scale from 0 to 10, where 0 is not at all ready and 10 is completely ready:"),
    items=(
        Item(
            "readiness",
            _("How ready are you to make a change?"),
            options=tuple(
                Option(
                    n,
                    _("0 — not at all ready")
                    if n == 0
                    else _("10 — completely ready")
                    if n == 10
                    else str(n),
                )
                for n in range(11)
            ),
        ),
    ),
    total_label=_("Readiness (0–10)"),
    follow_up=(
        _("Why did you choose that number, and not a lower one?"),
        _("What would help you move up one point?"),
    ),
    citation=_(
        "Motivational interviewing (Miller WR, Rollnick S). Validation: Heather N, Smailes D, "
        "Cassidy P. Drug Alcohol Depend. 2008;98:235–240. doi:10.1016/j.drugalcdep.2008.06.005"
    ),
    licence=Licence(
        _("A single question in common use in motivational interviewing."),
        wording_free=True,
        evidence=Evidence.SECONDARY,
    ),
    notes=(
        Note(
            _(
                "Stored exactly as given (0–10). No validated mapping from this number to a stage of change exists, so none is shown."
            )
        ),
    ),
)

INSTRUMENTS: dict[str, Instrument] = {
    i.key: i for i in (BARC10, BAM, PHQ9, GAD7, AUDITC, DAST10, READINESS)
}
