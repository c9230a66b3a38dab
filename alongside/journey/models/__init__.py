"""The member's recovery journey: tracks and their attempts, milestones and celebrations, daily
check-ins, relapse-prevention and safety plans, recovery goals, journal and pathway worksheets.

Free text that says something about a person's recovery is encrypted at rest
(EncryptedTextField), track names and supporters' congratulations included; labels chosen from
a list are not.

By resource: tracks, attempts, celebrations and a moderation track's use per day (tracks.py),
the relapse-prevention plan (plans.py), daily check-ins (check_ins.py), the safety plan
(safety_plans.py), recovery goals and their steps (goals.py), the journal and worksheets
(writing.py), the check-in reminder (reminders.py), dual recovery's symptom log
(symptoms.py), and skills for hard moments, coping cards and supporters' tool suggestions
(skills.py). The three kinds of plan have a module
each because check-ins, which name the plan's triggers and coping strategies, come between them
in the order below. Every name is imported here, so `from alongside.journey.models import
CheckIn` works as it always has."""

# Django registers models in the order they are imported (and creates their content types and
# permissions in it): the order they had when this package was one module.
# isort: off
from alongside.journey.models.tracks import (
    Attempt,
    Celebration,
    CelebrationQuerySet,
    Congratulation,
    DateMeaning,
    EndKind,
    Track,
    TrackGoal,
    TrackKind,
    TrackQuerySet,
    UseDay,
    milestone_label,
)
from alongside.journey.models.plans import (
    CopingStrategy,
    IfThenPlan,
    LiveQuerySet,
    PlanItemQuerySet,
    SupportContact,
    Trigger,
    TriggerKind,
    WarningCondition,
    WarningSign,
)
from alongside.journey.models.check_ins import HIGH_CRAVING, CheckIn, CheckInQuerySet, Mood
from alongside.journey.models.safety_plans import SafetyPlan
from alongside.journey.models.goals import (
    Domain,
    GoalChange,
    GoalChangeKind,
    GoalQuerySet,
    GoalStatus,
    GoalStep,
    RecoveryGoal,
)
from alongside.journey.models.writing import JournalEntry, Worksheet, WorksheetComment
from alongside.journey.models.reminders import CheckInReminder, CheckInReminderQuerySet
from alongside.journey.models.symptoms import (
    COMMON_SYMPTOMS,
    HIGH_SELF_HARM,
    MoodState,
    SymptomKind,
    SymptomLog,
    SymptomLogQuerySet,
    SymptomRating,
    SymptomTracking,
    TrackedSymptom,
    offers_symptom_log,
)
from alongside.journey.models.skills import (
    CopingCard,
    Skill,
    SkillUse,
    SkillUseQuerySet,
    ToolSuggestion,
    ToolSuggestionQuerySet,
)

# isort: on

__all__ = [
    "COMMON_SYMPTOMS",
    "HIGH_CRAVING",
    "HIGH_SELF_HARM",
    "Attempt",
    "Celebration",
    "CelebrationQuerySet",
    "CheckIn",
    "CheckInQuerySet",
    "CheckInReminder",
    "CheckInReminderQuerySet",
    "Congratulation",
    "CopingCard",
    "CopingStrategy",
    "DateMeaning",
    "Domain",
    "EndKind",
    "GoalChange",
    "GoalChangeKind",
    "GoalQuerySet",
    "GoalStatus",
    "GoalStep",
    "IfThenPlan",
    "JournalEntry",
    "LiveQuerySet",
    "Mood",
    "MoodState",
    "PlanItemQuerySet",
    "RecoveryGoal",
    "SafetyPlan",
    "Skill",
    "SkillUse",
    "SkillUseQuerySet",
    "SupportContact",
    "SymptomKind",
    "SymptomLog",
    "SymptomLogQuerySet",
    "SymptomRating",
    "SymptomTracking",
    "Track",
    "TrackGoal",
    "TrackKind",
    "ToolSuggestion",
    "ToolSuggestionQuerySet",
    "TrackQuerySet",
    "TrackedSymptom",
    "Trigger",
    "TriggerKind",
    "UseDay",
    "WarningCondition",
    "WarningSign",
    "Worksheet",
    "WorksheetComment",
    "milestone_label",
    "offers_symptom_log",
]
