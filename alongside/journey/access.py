"""The only way from (user, id) to journey objects; sensitive reads are logged by the policy.

Missing and not-yours both raise Http404. A member's own tracks, plans, journal and worksheets
are changed only by the member; supporters read milestones, check-ins, plans and the worksheets
a member picks through the privacy policy (a grant of that scope), which logs every look.
"""

from __future__ import annotations

from typing import TypeAlias, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from alongside.accounts.models import User
from alongside.journey.models import (
    Celebration,
    CheckIn,
    CopingCard,
    CopingStrategy,
    GoalStep,
    IfThenPlan,
    JournalEntry,
    RecoveryGoal,
    SupportContact,
    SymptomLog,
    ToolSuggestion,
    Track,
    Trigger,
    WarningSign,
    Worksheet,
)
from alongside.journey.services.skills import may_suggest
from alongside.privacy import policy
from alongside.privacy.models import JOURNAL, Interface, Scope

M = TypeVar("M", bound=Model)

# The rows of the relapse-prevention plan, by the name used in URLs and the API.
PlanItem: TypeAlias = Trigger | CopingStrategy | WarningSign | SupportContact | IfThenPlan
PLAN_ITEMS: dict[str, type[PlanItem]] = {
    "triggers": Trigger,
    "coping-strategies": CopingStrategy,
    "warning-signs": WarningSign,
    "mental-health-warning-signs": WarningSign,
    "support-contacts": SupportContact,
    "if-then-plans": IfThenPlan,
}


def access_member(user: User, member_id: int) -> User:
    member = User.objects.filter(pk=member_id).first()
    if member is None:
        raise policy.refuse(user, record_type="accounts.user", record_id=member_id)
    return member


def _own(model: type[M], user: User, pk: int, **extra: object) -> M:
    """One of the user's own rows of `model`."""
    # Signed-out people own nothing; another member's rows look exactly like missing ones.
    found = (
        model._default_manager.filter(pk=pk, member=user, **extra).first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type=model._meta.label_lower, record_id=pk)
    return found


def access_track(user: User, track_id: int) -> Track:
    """One of the member's own tracks (archived ones too, for their history)."""
    return _own(Track, user, track_id)


def access_plan_item(user: User, kind: str, item_id: int) -> PlanItem:
    """A trigger, coping strategy, warning sign, contact or if-then plan of the member's own."""
    model = PLAN_ITEMS.get(kind)
    if model is None:
        raise Http404("Not found.")
    if model in (Trigger, CopingStrategy):
        # Removed triggers and strategies stay for history but can no longer be changed.
        return _own(model, user, item_id, archived_at__isnull=True)
    return _own(model, user, item_id)


def access_goal(user: User, goal_id: int) -> RecoveryGoal:
    return _own(RecoveryGoal, user, goal_id)


def access_goal_step(user: User, goal_id: int, step_id: int) -> GoalStep:
    return _own(GoalStep, user, step_id, goal_id=goal_id)


def access_worksheet(user: User, worksheet_id: int) -> Worksheet:
    return _own(Worksheet, user, worksheet_id)


def access_journal_entry(user: User, entry_id: int) -> JournalEntry:
    """A journal entry, for its writer only: the journal is never shareable (the policy refuses
    everyone else whatever grants exist)."""
    entry = JournalEntry.objects.filter(pk=entry_id).select_related("member").first()
    if entry is None:
        raise policy.refuse(user, record_type="journey.journalentry", record_id=entry_id)
    policy.require(user, entry.member, JOURNAL, record=entry)
    return entry


def access_member_check_ins(
    user: User, member_id: int, *, interface: str = Interface.PAGE
) -> tuple[User, QuerySet[CheckIn]]:
    """A member's check-ins, for the member or someone they granted "check-ins" to.

    Writes one access-log row per call when the viewer is not the member; raises Http404 when
    the member does not exist or has not shared check-ins with the viewer.
    """
    member = access_member(user, member_id)
    policy.require(
        user, member, Scope.CHECK_INS, interface=interface, record_type="journey.checkin"
    )
    return member, CheckIn.objects.for_member(member)


def access_member_symptom_logs(
    user: User, member_id: int, *, interface: str = Interface.PAGE
) -> tuple[User, QuerySet[SymptomLog]]:
    """A member's symptom logs (dual recovery), for the member or someone they granted
    "check-ins" to, whose consent screen lists them. One access-log row per call; Http404 when
    the member does not exist or has not shared check-ins with the viewer."""
    member = access_member(user, member_id)
    policy.require(
        user, member, Scope.CHECK_INS, interface=interface, record_type="journey.symptomlog"
    )
    return member, SymptomLog.objects.for_member(member)


def access_check_in(user: User, check_in_id: int, *, interface: str = Interface.PAGE) -> CheckIn:
    """One check-in, for its member or a grantee of "check-ins" (logged with its id)."""
    check_in = CheckIn.objects.filter(pk=check_in_id).select_related("member").first()
    if check_in is None:
        raise policy.refuse(user, record_type="journey.checkin", record_id=check_in_id)
    policy.require(user, check_in.member, Scope.CHECK_INS, interface=interface, record=check_in)
    return check_in


def access_member_milestones(
    user: User, member_id: int, *, interface: str = Interface.PAGE
) -> tuple[User, frozenset[int] | None]:
    """A member whose milestones the viewer may see (themself, or a "milestones" grantee), and
    the track ids the viewer's grants cover (None: every track); one access-log row per call
    for a grantee. Callers show only the covered tracks and their celebrations."""
    member = access_member(user, member_id)
    policy.require(user, member, Scope.MILESTONES, interface=interface, record_type="journey.track")
    return member, policy.milestone_tracks(user, member)


def access_member_medication(
    user: User, member_id: int, *, interface: str = Interface.PAGE
) -> tuple[User, QuerySet[CheckIn]]:
    """A member's daily medication answers (substance-use and, for dual recovery, psychiatric),
    for the member or a grantee of "medication" (its own scope: the check-ins scope does not
    include it). One access-log row per call."""
    member = access_member(user, member_id)
    policy.require(
        user, member, Scope.MEDICATION, interface=interface, record_type="journey.checkin"
    )
    answered = Q(took_medication__isnull=False) | Q(took_psychiatric_medication__isnull=False)
    return member, CheckIn.objects.for_member(member).filter(answered)


def access_celebration(
    user: User, celebration_id: int, *, interface: str = Interface.PAGE, action: str = "read"
) -> Celebration:
    """A celebration, for its member or a "milestones" grantee whose grant covers its track
    (logged with its id). Anyone else — a counselor without that grant included — gets 404, as
    if it did not exist."""
    celebration = (
        Celebration.objects.filter(pk=celebration_id).select_related("member", "track").first()
    )
    if celebration is None:
        raise policy.refuse(user, record_type="journey.celebration", record_id=celebration_id)
    # A milestones grant may name some tracks only: another track's celebration is not shared.
    covered = policy.milestone_tracks(user, celebration.member)
    if covered is not None and celebration.track_id not in covered:
        raise policy.refuse(user, record_type="journey.celebration", record_id=celebration_id)
    policy.require(
        user,
        celebration.member,
        Scope.MILESTONES,
        interface=interface,
        record=celebration,
        action=action,
    )
    return celebration


def access_member_plans(user: User, member_id: int, *, interface: str = Interface.PAGE) -> User:
    """A member whose recovery goals and plans the viewer may read ("plans" grant)."""
    member = access_member(user, member_id)
    policy.require(
        user, member, Scope.PLANS, interface=interface, record_type="journey.recoverygoal"
    )
    return member


def access_member_worksheets(
    user: User, member_id: int, *, interface: str = Interface.PAGE
) -> tuple[User, QuerySet[Worksheet]]:
    """A member and the worksheets the viewer may read: every one of the member's own, or for a
    "worksheets" grantee only those their grants name. One access-log row per call for a
    grantee; Http404 when the member does not exist or shares no worksheets with the viewer."""
    member = access_member(user, member_id)
    policy.require(
        user, member, Scope.WORKSHEETS, interface=interface, record_type="journey.worksheet"
    )
    covered = policy.shared_worksheets(user, member)
    sheets = Worksheet.objects.filter(member=member)
    return member, sheets if covered is None else sheets.filter(pk__in=covered)


def access_shared_worksheet(
    user: User, member_id: int, worksheet_id: int, *, interface: str = Interface.PAGE
) -> Worksheet:
    """One of a member's worksheets, for the member or a "worksheets" grantee whose grant names
    it (logged with its id). A worksheet the grant does not name, or of another member, answers
    404 as if it did not exist."""
    sheet = (
        Worksheet.objects.filter(pk=worksheet_id, member_id=member_id)
        .select_related("member")
        .first()
    )
    if sheet is None:
        raise policy.refuse(user, record_type="journey.worksheet", record_id=worksheet_id)
    # A grant shares the worksheets the member picked, never the others.
    covered = policy.shared_worksheets(user, sheet.member)
    if covered is not None and sheet.pk not in covered:
        raise policy.refuse(user, record_type="journey.worksheet", record_id=worksheet_id)
    policy.require(user, sheet.member, Scope.WORKSHEETS, interface=interface, record=sheet)
    return sheet


def access_coping_card(user: User, card_id: int) -> CopingCard:
    """One of the member's own coping cards (nobody else's: cards are never shared)."""
    return _own(CopingCard, user, card_id)


def access_own_suggestion(user: User, suggestion_id: int) -> ToolSuggestion:
    """A tool suggestion made to the member, for the member to open or dismiss."""
    return _own(ToolSuggestion, user, suggestion_id)


def access_member_to_suggest(user: User, member_id: int) -> User:
    """A member the user may suggest a tool to: the user is their counselor, peer specialist or
    mentor and the member shares with them (services.skills.may_suggest). Anyone else gets
    Http404, as if the member did not exist. Nothing of the member's data is read, so nothing
    is written to their access log."""
    member = access_member(user, member_id)
    if not may_suggest(user, member):
        raise policy.refuse(user, record_type="accounts.user", record_id=member_id)
    return member
