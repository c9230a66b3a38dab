"""The only way from (user, id) to messaging objects. Missing, not-yours and not-allowed all
raise Http404 through `policy.refuse`, which writes the refusal to the security log: a person
one may not message looks exactly like a person who does not exist."""

from __future__ import annotations

from alongside.accounts.models import User
from alongside.meetings.models import Group
from alongside.messaging import services
from alongside.messaging.models import Partnership
from alongside.privacy import policy
from alongside.privacy.models import Interface, Scope


def access_person(
    user: User, other_id: int, *, interface: str = Interface.PAGE, reading: bool = False
) -> services.Relation:
    """The person `other_id` as the user may message them, or Http404 when there is no tie or
    they blocked the user. `reading`: the user is about to read the conversation; when the user
    reads as a care-team member (by the member's "messages" consent) the look is written to
    the member's access log, as every other read by consent is."""
    other = (
        User.objects.filter(pk=other_id, is_active=True).first() if user.is_authenticated else None
    )
    if other is None:
        raise policy.refuse(user, record_type="accounts.user", record_id=other_id)
    try:
        found = services.relation(user, other)
    except services.NoRelationship:
        raise policy.refuse(user, record_type="accounts.user", record_id=other_id) from None
    if reading and found.ties == [services.Tie.CARE_TEAM] and services.cares_for(user, other):
        policy.require(
            user, other, Scope.CARE_MESSAGES, interface=interface, record_type="messaging.message"
        )
    return found


def access_partnership(user: User, partnership_id: int) -> Partnership:
    """A partnership (or request) the user is one of the two people in."""
    found = Partnership.objects.filter(pk=partnership_id).first() if user.is_authenticated else None
    # One of its two people: nobody else learns that it exists.
    if found is None or user.pk not in (found.asked_by_id, found.partner_id):
        raise policy.refuse(user, record_type="messaging.partnership", record_id=partnership_id)
    return found


def access_group_to_opt_into(user: User, group_id: int) -> Group:
    """A group the member is part of (saved or attended one of its meetings, or opted in)."""
    if user.is_authenticated:
        for group, _opted in services.groups_to_opt_into(user):
            if group.pk == group_id:
                return group
    raise policy.refuse(user, record_type="meetings.group", record_id=group_id)
