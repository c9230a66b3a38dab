"""How support rows are exported and erased.

A member's circle, settings, SOS alerts (with every step) and hard days, with the encouragement
they received, are theirs: exported, and deleted with the account. Someone who was chosen,
alerted or who answered keeps nothing of the member's; erasing *them* takes them out of other
people's circles and alerts, deletes the encouragement they wrote, and leaves the member's SOS
log saying "someone" where their name was.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alongside.privacy.registry import Erase, clear_field, jsonable, register, serialize_fields
from alongside.support.models import (
    AlertRecipient,
    CircleMember,
    Encouragement,
    HardDay,
    OnCallShift,
    SosAlert,
    SosEvent,
    SupportSettings,
)


def _alert_row(alert: SosAlert) -> dict:
    data = serialize_fields(alert, exclude=("member",))
    data["steps"] = [
        {
            "at": jsonable(e.at),
            "what": str(e.get_kind_display()),
            "who": e.person.display_name if e.person else None,
            "response": e.response,
        }
        for e in alert.events.select_related("person")
    ]
    data["alerted"] = [r.person.display_name for r in alert.recipients.select_related("person")]
    return data


def _hard_day_row(hard_day: HardDay) -> dict:
    return {
        "sent_at": jsonable(hard_day.sent_at),
        "note": hard_day.note,
        "sent_to": [p.display_name for p in hard_day.recipients.all()],
        "encouragements": [
            {"from": e.author.display_name, "message": e.message, "at": jsonable(e.created_at)}
            for e in hard_day.encouragements.select_related("author")
        ],
    }


register(
    CircleMember,
    "member",
    section="support_circle",
    label=_("your support circle"),
    erase=Erase.DELETE,
    explain=_("The people you chose are no longer in your circle."),
    exclude=("member",),
)
register(
    SupportSettings,
    "member",
    section="support_settings",
    label=_("your SOS settings"),
    erase=Erase.DELETE,
    explain=_("Your SOS settings are deleted."),
    exclude=("member",),
)
register(
    SosAlert,
    "member",
    section="sos_alerts",
    label=_("SOS alerts and their steps"),
    erase=Erase.DELETE,
    explain=_("Every SOS you sent, who it reached and who answered, is deleted."),
    serialize=_alert_row,
)
register(
    HardDay,
    "member",
    section="hard_days",
    label=_("hard days and the encouragement you received"),
    erase=Erase.DELETE,
    explain=_("Every hard day you sent and every message of encouragement on it is deleted."),
    serialize=_hard_day_row,
)
register(
    CircleMember,
    "person",
    section="support_circles_joined",
    label=_("support circles you were chosen for"),
    erase=Erase.DELETE,
    explain=_("You are taken out of every support circle you were chosen for."),
    serialize=lambda e: {
        "chosen_by": e.member.display_name,
        "answer": e.answer,
        "chosen_at": jsonable(e.chosen_at),
    },
)
register(
    AlertRecipient,
    "person",
    section="sos_alerts_received",
    label=_("SOS alerts you received"),
    erase=Erase.DELETE,
    explain=_("The record that an SOS reached you is deleted."),
    serialize=lambda r: {
        "from": r.alert.member.display_name,
        "alerted_at": jsonable(r.alerted_at),
        "on_call": r.is_on_call,
    },
)
register(
    SosAlert,
    "acknowledged_by",
    section="",
    label=_("SOS alerts you answered"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("The member's SOS keeps that someone answered, without your name."),
    anonymize=clear_field("acknowledged_by"),
)
register(
    SosEvent,
    "person",
    section="",
    label=_("steps of other people's SOS that name you"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("The steps stay in the member's log without your name."),
    anonymize=clear_field("person"),
)
register(
    HardDay.recipients.through,
    "user",
    section="",
    label=_("hard days sent to you"),
    export=False,
    erase=Erase.DELETE,
    explain=_("You are taken off every hard day sent to you."),
)
register(
    Encouragement,
    "author",
    section="encouragements_sent",
    label=_("encouragement you sent"),
    erase=Erase.DELETE,
    explain=_("Messages of encouragement you sent to others are deleted."),
    serialize=lambda e: {
        "to": e.hard_day.member.display_name,
        "message": e.message,
        "at": jsonable(e.created_at),
    },
)
register(
    OnCallShift,
    "person",
    section="on_call_shifts",
    label=_("your on-call shifts"),
    erase=Erase.DELETE,
    explain=_("Your on-call shifts and their hand-over notes are deleted."),
    exclude=("person", "created_by"),
)
register(
    OnCallShift,
    "created_by",
    section="",
    label=_("on-call shifts you set up"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_("The shifts stay on the rota without your name as who set them up."),
    anonymize=clear_field("created_by"),
)
