"""The only way from (user, id) to journey objects; sensitive reads are logged by the policy."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from alongside.accounts.models import User
from alongside.journey.models import CheckIn
from alongside.privacy import policy
from alongside.privacy.models import Interface, Scope


def access_member(user: User, member_id: int) -> User:
    member = User.objects.filter(pk=member_id).first()
    if member is None:
        raise Http404("Not found.")
    return member


def access_member_check_ins(
    user: User, member_id: int, *, interface: str = Interface.PAGE
) -> tuple[User, QuerySet[CheckIn]]:
    """A member's check-ins, for the member or someone they granted "check-ins" to.

    Writes one access-log row per call when the viewer is not the member; raises Http404 when
    the member does not exist or has not shared check-ins with the viewer.
    """
    member = access_member(user, member_id)
    policy.require(user, member, Scope.CHECK_INS, interface=interface, record_type="journey.checkin")
    return member, CheckIn.objects.for_member(member)


def access_check_in(user: User, check_in_id: int, *, interface: str = Interface.PAGE) -> CheckIn:
    """One check-in, for its member or a grantee of "check-ins" (logged with its id)."""
    check_in = CheckIn.objects.filter(pk=check_in_id).select_related("member").first()
    if check_in is None:
        raise Http404("Not found.")
    policy.require(user, check_in.member, Scope.CHECK_INS, interface=interface, record=check_in)
    return check_in
