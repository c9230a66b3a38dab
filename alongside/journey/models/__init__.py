"""The member's recovery journey: tracks and their attempts, milestones and celebrations, daily
check-ins, relapse-prevention and safety plans, recovery goals, journal and pathway worksheets.

Free text that says something about a person's recovery is encrypted at rest
(EncryptedTextField), track names and supporters' congratulations included; labels chosen from
a list are not.

By resource: tracks, attempts, celebrations and a moderation track's use per day (tracks.py),
the relapse-prevention plan (plans.py), daily check-ins (check_ins.py), the safety plan
(safety_plans.py), recovery goals and their steps (goals.py), the journal and worksheets
(writing.py), the check-in reminder (reminders.py), and skills for hard moments, coping cards
and supporters' tool suggestions (skills.py). The three kinds of plan have a module
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
    WarningSign,
)
from alongside.journey.models.check_ins import HIGH_CRAVING, CheckIn, CheckInQuerySet, Mood
from alongside.journey.models.safety_plans import SafetyPlan
from alongside.journey.models.goals import (
    Domain,
    GoalQuerySet,
    GoalStatus,
    GoalStep,
    RecoveryGoal,
)
from alongside.journey.models.writing import JournalEntry, Worksheet
from alongside.journey.models.reminders import CheckInReminder, CheckInReminderQuerySet
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
    "HIGH_CRAVING",
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
    "GoalQuerySet",
    "GoalStatus",
    "GoalStep",
    "IfThenPlan",
    "JournalEntry",
    "LiveQuerySet",
    "Mood",
    "PlanItemQuerySet",
    "RecoveryGoal",
    "SafetyPlan",
    "Skill",
    "SkillUse",
    "SkillUseQuerySet",
    "SupportContact",
    "Track",
    "TrackGoal",
    "TrackKind",
    "ToolSuggestion",
    "ToolSuggestionQuerySet",
    "TrackQuerySet",
    "Trigger",
    "TriggerKind",
    "UseDay",
    "WarningSign",
    "Worksheet",
    "milestone_label",
]
