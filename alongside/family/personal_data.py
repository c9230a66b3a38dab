"""How family rows are exported and erased.

A member's invitations and allies are theirs: exported, and deleted with them (the grants they
made are privacy's, revoked with their account). An ally's link to the member they support, their
CRAFT worksheets and their well-being check-ins are the ally's: exported, and deleted with them.
An invitation the ally answered stays in the member's history, without the ally's name or
address."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.family.models import Ally, AllyInvitation, CraftWorksheet, WellbeingCheckIn
from alongside.privacy.registry import Erase, jsonable, register


def _invitation_row(invitation: AllyInvitation) -> dict:
    return {
        "email": invitation.email,
        "relationship": invitation.relationship,
        "shares": invitation.choice_keys(),
        "status": invitation.state(),
        "sent_at": jsonable(invitation.created_at),
        "expires_at": jsonable(invitation.expires_at),
        "answered_at": jsonable(invitation.answered_at),
    }


def _ally_row(ally: Ally) -> dict:
    return {
        "ally": ally.person.display_name,
        "relationship": ally.relationship,
        "started_at": jsonable(ally.started_at),
        "ended_at": jsonable(ally.ended_at),
    }


def _supporting_row(ally: Ally) -> dict:
    return {
        "supporting": ally.member.display_name,
        "relationship": ally.relationship,
        "started_at": jsonable(ally.started_at),
        "ended_at": jsonable(ally.ended_at),
    }


def _anonymize_invitee(rows) -> None:
    rows.update(invitee=None, email="")


register(
    AllyInvitation,
    "member",
    section="ally_invitations",
    label=_("invitations you sent to family and friends"),
    erase=Erase.DELETE,
    explain=_("Every invitation you sent is deleted."),
    serialize=_invitation_row,
)
register(
    AllyInvitation,
    "invitee",
    section="",
    label=_("invitations you answered"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("Invitations you answered stay with the person who sent them, without your name."),
    anonymize=_anonymize_invitee,
)
register(
    Ally,
    "member",
    section="allies",
    label=_("your allies"),
    erase=Erase.DELETE,
    explain=_("Your allies are removed; what you shared with them was revoked with your account."),
    serialize=_ally_row,
)
register(
    Ally,
    "person",
    section="allies_of",
    label=_("people you are an ally of"),
    erase=Erase.DELETE,
    explain=_("You are no longer anyone's ally."),
    serialize=_supporting_row,
)
register(
    CraftWorksheet,
    "person",
    section="craft_worksheets",
    label=_("your CRAFT worksheets"),
    erase=Erase.DELETE,
    explain=_("Your CRAFT worksheets are deleted."),
    serialize=lambda w: {"tool": w.tool, "on": jsonable(w.on), "answers": w.values},
)
register(
    WellbeingCheckIn,
    "person",
    section="wellbeing_check_ins",
    label=_("your well-being check-ins"),
    erase=Erase.DELETE,
    explain=_("Your well-being check-ins are deleted."),
    serialize=lambda c: {
        "on": jsonable(c.on),
        "stress": c.stress,
        "sleep_hours": jsonable(c.sleep_hours),
        "took_time_for_self": c.took_time_for_self,
        "note": c.note,
    },
)
