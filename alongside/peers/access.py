"""The only way from (user, id) to peer-support objects. Missing and not-yours both raise
Http404 (through `policy.refuse`, which writes the refusal to the security log).

- a supporter's profile: anyone signed in, while it is listed (it is shown to people looking);
- a request: the member who asked (to withdraw) or the supporter asked (to answer);
- a relationship: its two people, and nobody else.
"""

from __future__ import annotations

from alongside.accounts.models import User
from alongside.peers.models import SupporterProfile, SupportRelationship, SupportRequest
from alongside.privacy import policy


def access_listed_supporter(user: User, supporter_id: int) -> SupporterProfile:
    found = (
        SupporterProfile.objects.filter(
            user_id=supporter_id,
            is_listed=True,  # only people who chose to be shown
            user__is_active=True,
        )
        .select_related("user")
        .first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="peers.supporterprofile", record_id=supporter_id)
    return found


def access_sent_request(user: User, request_id: int) -> SupportRequest:
    found = (
        SupportRequest.objects.filter(pk=request_id, member=user)
        .select_related("supporter")
        .first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="peers.supportrequest", record_id=request_id)
    return found


def access_received_request(user: User, request_id: int) -> SupportRequest:
    found = (
        SupportRequest.objects.filter(
            pk=request_id,
            supporter=user,
            member__is_active=True,  # an erased or deactivated member's request is gone
        )
        .select_related("member")
        .first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(user, record_type="peers.supportrequest", record_id=request_id)
    return found


def access_relationship(user: User, relationship_id: int) -> SupportRelationship:
    found = (
        SupportRelationship.objects.involving(user)
        .filter(pk=relationship_id)
        .select_related("member", "supporter")
        .first()
        if user.is_authenticated
        else None
    )
    if found is None:
        raise policy.refuse(
            user, record_type="peers.supportrelationship", record_id=relationship_id
        )
    return found
