"""The only way from (user, id) to caseload objects. Missing and not-yours both raise Http404
(through `policy.refuse`, which writes the refusal to the security log).

A case record is reached by an active peer specialist of its organization while the member
shares something with them (a grant to them or to their role there, in force, their two-step
verification on): the member's sharing is the consent, and revoking it closes the record to
them on the next request. Each look is written to the member's access log.
"""

from __future__ import annotations

from alongside.accounts.models import User
from alongside.caseload import services
from alongside.caseload.models import CaseRecord, FollowUp
from alongside.privacy import policy
from alongside.privacy.models import CASELOAD, Interface


def _sharing_member(user: User, member_id: int) -> User | None:
    if not user.is_authenticated or not services.organizations_of(user):
        return None  # only peer specialists keep case records
    return next((m for m, _s in policy.members_sharing_with(user) if m.pk == member_id), None)


def access_member_record(
    user: User, member_id: int, *, interface: str = Interface.PAGE
) -> CaseRecord:
    """The member's case record in the peer specialist's organization (opened on first
    access), for a peer specialist the member shares with."""
    member = _sharing_member(user, member_id)
    if member is None:
        raise policy.refuse(user, record_type="caseload.caserecord", record_id=member_id)
    record = services.record_for(staff=user, member=member)
    policy.log_access(actor=user, member=member, scope=CASELOAD, interface=interface, record=record)
    return record


def access_follow_up(user: User, follow_up_id: int) -> FollowUp:
    found = FollowUp.objects.filter(pk=follow_up_id).select_related("record").first()
    if found is None or _sharing_member(user, found.record.member_id) is None:
        raise policy.refuse(user, record_type="caseload.followup", record_id=follow_up_id)
    return found
