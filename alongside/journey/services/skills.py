"""Skills for hard moments: uses the member keeps, coping cards, and supporters' suggestions."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Role, User
from alongside.accounts.roles import roles_of
from alongside.journey.models import CopingCard, Skill, SkillUse, ToolSuggestion
from alongside.journey.services.errors import JourneyError
from alongside.journey.skills import SKILLS, SkillInfo, suggestible
from alongside.privacy import policy

MAX_CARD_FRONT, MAX_CARD_BACK, MAX_NOTE = 300, 1000, 500
# A use logged offline is sent when the phone is back online, possibly days later; older than
# this it is refused (a clock gone wrong), as is anything from the future beyond clock drift.
OLDEST_USE = datetime.timedelta(days=30)
CLOCK_DRIFT = datetime.timedelta(minutes=10)
SUGGESTER_ROLES = frozenset({Role.COUNSELOR, Role.PEER_SPECIALIST, Role.MENTOR})


# ----------------------------------------------------------------------------------------------
# Skill uses


@transaction.atomic
def record_skill_use(
    *,
    member: User,
    skill: str,
    client_id: uuid.UUID,
    helped: int | None = None,
    used_at: datetime.datetime | None = None,
) -> tuple[SkillUse, bool]:
    """Add one use of a skill to the member's history; (the use, whether it is new).

    Idempotent by `client_id`: the same id sent again (a retry, an offline queue sent twice)
    returns the use already recorded and changes nothing. Raises JourneyError for an unknown
    skill, a rating outside 1–5 or a time that cannot be right."""
    if skill not in Skill.values:
        raise JourneyError("skill", _("Choose one of the skills on the page."))
    if helped is not None and not 1 <= helped <= 5:
        raise JourneyError("helped", _("Rate how much it helped from 1 to 5."))
    now = timezone.now()
    used_at = used_at or now
    if timezone.is_naive(used_at):
        raise JourneyError("used_at", _("Give the time with its time zone."))
    if used_at > now + CLOCK_DRIFT or used_at < now - OLDEST_USE:
        raise JourneyError("used_at", _("That time is not within the last 30 days."))
    existing = SkillUse.objects.filter(member=member, client_id=client_id).first()
    if existing is not None:
        return existing, False
    try:
        # A savepoint: two copies arriving at once meet the unique constraint, not a 500.
        with transaction.atomic():
            use = SkillUse.objects.create(
                member=member, skill=skill, client_id=client_id, helped=helped, used_at=used_at
            )
    except IntegrityError:
        return SkillUse.objects.get(member=member, client_id=client_id), False
    return use, True


@dataclass(frozen=True)
class RatedSkill:
    skill: SkillInfo
    average: float | None  # how much it helped, 1–5, over the uses that were rated
    uses: int


def skills_by_rating(member: User) -> list[RatedSkill]:
    """Every skill, the member's best-rated first; skills never rated come after them. Ties go
    to the most used, then to the page's order. One query."""
    stats = {
        row["skill"]: row
        for row in SkillUse.objects.for_member(member)
        .values("skill")
        .annotate(average=Avg("helped"), uses=Count("id"))
    }
    rated = [
        RatedSkill(
            skill,
            stats.get(skill.key, {}).get("average"),
            stats.get(skill.key, {}).get("uses", 0),
        )
        for skill in SKILLS
    ]
    order = {skill.key: n for n, skill in enumerate(SKILLS)}
    return sorted(
        rated,
        key=lambda r: (r.average is None, -(r.average or 0), -r.uses, order[r.skill.key]),
    )


# ----------------------------------------------------------------------------------------------
# Coping cards


def _card_text(front: str, back: str) -> tuple[str, str]:
    front, back = (front or "").strip(), (back or "").strip()
    if not front:
        raise JourneyError("front", _("Write the front of the card: the moment it is for."))
    if len(front) > MAX_CARD_FRONT:
        raise JourneyError(
            "front", _("Keep the front to %(n)d characters.") % {"n": MAX_CARD_FRONT}
        )
    if not back:
        raise JourneyError("back", _("Write the back of the card: what you want to remember."))
    if len(back) > MAX_CARD_BACK:
        raise JourneyError("back", _("Keep the back to %(n)d characters.") % {"n": MAX_CARD_BACK})
    return front, back


@transaction.atomic
def add_coping_card(*, member: User, front: str, back: str) -> CopingCard:
    """A coping card of the member's own (encrypted). Raises JourneyError naming the field."""
    front, back = _card_text(front, back)
    return CopingCard.objects.create(member=member, front=front, back=back)


@transaction.atomic
def delete_coping_card(*, card: CopingCard) -> None:
    card.delete()


# ----------------------------------------------------------------------------------------------
# Suggestions


def may_suggest(suggester: User, member: User) -> bool:
    """Whether `suggester` may suggest a tool to `member`: they are a counselor, peer specialist
    or mentor, and the member shares something with them now."""
    if not suggester.is_authenticated or suggester.pk == member.pk or not member.is_active:
        return False
    roles = roles_of(suggester)
    # Only people whose work is suggesting tools; an ally or a fellow member is not.
    if not roles.roles & SUGGESTER_ROLES:
        return False
    # Staff reach no member's data before turning on MFA (privacy policy, rule 4).
    if roles.mfa_blocks_member_data:
        return False
    # The member's choice: a grant naming the suggester or a role they hold, any scope.
    return any(p.pk == suggester.pk for p in policy.people_member_shares_with(member))


@transaction.atomic
def suggest_tool(*, suggester: User, member: User, tool: str, note: str = "") -> ToolSuggestion:
    """Suggest a skill or pathway tool to a member; it shows on their home until dismissed.

    Precondition: `member` came from access.access_member_to_suggest (which asks
    `may_suggest`); asked again here so no caller can skip it. Raises Http404 when the rule
    refuses, JourneyError for an unknown tool or a note that is too long."""
    if not may_suggest(suggester, member):
        raise policy.refuse(suggester, record_type="accounts.user", record_id=member.pk)
    if suggestible(tool) is None:
        raise JourneyError("tool", _("Choose one of the tools in the list."))
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise JourneyError("note", _("Keep the note to %(n)d characters.") % {"n": MAX_NOTE})
    return ToolSuggestion.objects.create(
        member=member, suggested_by=suggester, tool=tool, note=note
    )


@transaction.atomic
def dismiss_suggestion(*, suggestion: ToolSuggestion) -> ToolSuggestion:
    if suggestion.dismissed_at is None:
        suggestion.dismissed_at = timezone.now()
        suggestion.save(update_fields=["dismissed_at"])
    return suggestion


@dataclass(frozen=True)
class SuggestionCard:
    suggestion: ToolSuggestion
    label: str
    url: str
    suggested_by: str


def open_suggestions(member: User) -> list[SuggestionCard]:
    """The member's suggestions not yet dismissed, newest first, with where each one leads.
    A suggestion whose tool has since gone is left out. One query."""
    cards = []
    for suggestion in (
        ToolSuggestion.objects.filter(member=member).open().select_related("suggested_by")[:10]
    ):
        target = suggestible(suggestion.tool)
        if target is None:
            continue
        by = suggestion.suggested_by
        cards.append(
            SuggestionCard(
                suggestion,
                str(target.label),
                target.url,
                str(by.display_name) if by is not None else _("Someone who has left Alongside"),
            )
        )
    return cards
