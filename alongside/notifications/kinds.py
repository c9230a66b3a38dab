"""The kinds of notice a person can route to e-mail and push, each a group of the `kind` strings
that apps pass to `notify()`. A kind no group names falls into "other"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class PreferenceKind:
    key: str
    label: StrOrPromise
    help: StrOrPromise
    kinds: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()


PREFERENCE_KINDS: tuple[PreferenceKind, ...] = (
    PreferenceKind(
        "safety",
        _("Safety alerts and SOS"),
        _("Someone you support needs help now. These always come at once, even in quiet hours."),
        frozenset({"assessment_safety", "assessment_safety_member"}),
        ("sos", "safety"),
    ),
    PreferenceKind(
        "messages",
        _("Messages and encouragement"),
        _("A message from one of your people, or a word of encouragement on a hard day."),
        frozenset({"message", "direct_message", "encouragement"}),
        ("message", "hard_day"),
    ),
    PreferenceKind(
        "reminders",
        _("Reminders"),
        _(
            "Your daily check-in, questionnaires that are due, appointments the next day, plans "
            "to sign, and session notes waiting for your signature."
        ),
        frozenset(
            {
                "check_in_reminder",
                "assessment_due",
                "appointment_reminder",
                "counseling_plan_to_sign",
                "note_unsigned",
            }
        ),
        ("reminder",),
    ),
    PreferenceKind(
        "appointments",
        _("Appointments"),
        _(
            "Counseling appointments booked, changed or cancelled for you, and answers to a "
            "time you asked for."
        ),
        frozenset(
            {
                "appointment_booked",
                "appointment_changed",
                "appointment_cancelled",
                "appointment_requested",
                "appointment_answered",
            }
        ),
        ("appointment",),
    ),
    PreferenceKind(
        "milestones",
        _("Milestones and congratulations"),
        _("Days you have reached, and congratulations from others."),
        frozenset({"milestone", "congratulation"}),
    ),
    PreferenceKind(
        "account",
        _("Your account and sharing"),
        _("New sign-ins, API tokens, invitations, and who can now see what you share."),
        frozenset(
            {
                "new_reader",
                "role_invitation",
                "role_ended",
                "api_token_created",
                "security_refusals",
            }
        ),
    ),
    PreferenceKind(
        "housing",
        _("Your house"),
        _("An offer of a bed, an answer to an offer you made, and new house rules to sign."),
        frozenset({"housing_offer", "housing_offer_answer", "housing_rules"}),
        ("housing_",),
    ),
    PreferenceKind(
        "forum_digest",
        _("Forum digest"),
        _("Once a day, the new replies in forum threads you read or wrote in."),
        frozenset({"community_digest"}),
    ),
    PreferenceKind(
        "forums",
        _("Forums"),
        _("Moderators' decisions about your posts and, if you moderate, posts to review."),
        prefixes=("community_",),
    ),
    PreferenceKind("other", _("Everything else"), _("Any other notice.")),
)
BY_KEY = {k.key: k for k in PREFERENCE_KINDS}


def preference_kind(kind: str) -> PreferenceKind:
    """The group a notice's `kind` belongs to."""
    for group in PREFERENCE_KINDS:
        if kind in group.kinds or kind.startswith(group.prefixes or ("\0",)):
            return group
    return BY_KEY["other"]
