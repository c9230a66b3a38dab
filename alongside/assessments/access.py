"""The only way from (user, id) to assessment objects. A member's results are theirs and, by
consent scope "assessments", their grantees'; every look by someone else is logged by the
policy (one row per call). Missing and not-yours both raise Http404."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from alongside.accounts.models import User
from alongside.accounts.roles import roles_of
from alongside.assessments.models import Administration, AssessmentSchedule, SafetyAlert
from alongside.privacy import policy
from alongside.privacy.models import Action, Interface, Scope


def access_member(user: User, member_id: int) -> User:
    member = User.objects.filter(pk=member_id).first()
    if member is None:
        raise policy.refuse(
            user, record_type="accounts.user", record_id=member_id, scope=Scope.ASSESSMENTS
        )
    return member


def access_member_assessments(
    user: User,
    member_id: int,
    *,
    interface: str = Interface.PAGE,
    record_type: str = "assessments.administration",
) -> User:
    """The member whose results the user may read: the member, or a grantee of "assessments".

    Writes one access-log row when the viewer is not the member; Http404 otherwise.
    """
    member = access_member(user, member_id)
    policy.require(user, member, Scope.ASSESSMENTS, interface=interface, record_type=record_type)
    return member


def access_administration(
    user: User, administration_id: int, *, interface: str = Interface.PAGE
) -> Administration:
    """One administration, for its member or a grantee of "assessments" (logged with its id)."""
    administration = (
        Administration.objects.filter(pk=administration_id)
        .select_related("member", "administered_by", "corrects")
        .first()
    )
    if administration is None:
        raise policy.refuse(
            user, record_type="assessments.administration", record_id=administration_id
        )
    policy.require(
        user, administration.member, Scope.ASSESSMENTS, interface=interface, record=administration
    )
    return administration


def _may_act_for(user: User, member: User, *, interface: str, action: str) -> policy.Decision:
    """The member acts for themselves. Staff act only with the member's "assessments" consent
    and MFA (the policy checks both); supporters who are not staff may look but not act."""
    if user.pk == member.pk:
        return policy.decide(user, member, Scope.ASSESSMENTS)
    if action == Action.READ:
        decision = policy.require(
            user,
            member,
            Scope.ASSESSMENTS,
            interface=interface,
            record_type="assessments.administration",
        )
    else:
        # Writes are logged by the service, with the record they create.
        decision = policy.decide(user, member, Scope.ASSESSMENTS)
        if not decision:
            raise policy.refuse(
                user, record_type="accounts.user", record_id=member.pk, scope=Scope.ASSESSMENTS
            )
    if not roles_of(user).is_staff:
        raise PermissionDenied("Only the member or their care team can do this.")
    return decision


def access_member_to_administer(
    user: User, member_id: int, *, interface: str = Interface.PAGE, action: str = Action.READ
) -> tuple[User, policy.Decision]:
    """The member, and the decision letting the user complete an instrument with them.

    For a GET (action READ) a staff look is logged here; for a submission (WRITE) nothing is
    logged until the service stores the administration. Http404 without consent or MFA;
    PermissionDenied for a grantee who is not staff (a mentor or ally may read, not administer).
    """
    member = access_member(user, member_id)
    return member, _may_act_for(user, member, interface=interface, action=action)


def access_member_schedules(
    user: User, member_id: int, *, interface: str = Interface.PAGE, action: str = Action.READ
) -> tuple[User, policy.Decision]:
    """The member whose schedules the user may see (READ, logged) or set (WRITE, logged by
    the service): the member, or staff holding "assessments" consent with MFA."""
    member = access_member(user, member_id)
    return member, _may_act_for(user, member, interface=interface, action=action)


def access_administration_to_correct(
    user: User,
    administration_id: int,
    *,
    interface: str = Interface.PAGE,
    action: str = Action.READ,
) -> tuple[Administration, policy.Decision]:
    """An administration the user may correct: their own, or (staff with consent) the member's."""
    administration = (
        Administration.objects.filter(pk=administration_id).select_related("member").first()
    )
    if administration is None:
        raise policy.refuse(
            user, record_type="assessments.administration", record_id=administration_id
        )
    if action == Action.READ:
        # Reading the answers to correct them is a look at the record itself.
        decision = policy.require(
            user,
            administration.member,
            Scope.ASSESSMENTS,
            interface=interface,
            record=administration,
        )
        if user.pk != administration.member_id and not roles_of(user).is_staff:
            raise PermissionDenied("Only the member or their care team can correct a result.")
        return administration, decision
    return administration, _may_act_for(
        user, administration.member, interface=interface, action=action
    )


def access_schedule(
    user: User, schedule_id: int, *, interface: str = Interface.PAGE
) -> tuple[AssessmentSchedule, policy.Decision]:
    """A schedule the user may end: the member's own, or staff with the member's consent."""
    schedule = AssessmentSchedule.objects.filter(pk=schedule_id).select_related("member").first()
    if schedule is None:
        raise policy.refuse(
            user, record_type="assessments.assessmentschedule", record_id=schedule_id
        )
    return schedule, _may_act_for(user, schedule.member, interface=interface, action=Action.WRITE)


def access_correction_target(member: User, administration_id: int) -> Administration | None:
    """The member's own earlier result that a new administration corrects, or None.

    The caller has already cleared access to `member` (and logged it); the lookup stays
    within that member's results, so an id of anyone else's reads as missing.
    """
    return Administration.objects.filter(pk=administration_id, member=member).first()


def access_safety_alert_to_acknowledge(
    user: User, administration_id: int, *, interface: str = Interface.PAGE
) -> SafetyAlert:
    """The safety alert of a result, for a care-team member to acknowledge: staff holding the
    member's "assessments" consent with MFA (the people it was raised to). Http404 for a missing
    alert and for anyone who may not see the result; PermissionDenied for the member and for
    supporters who are not staff. The service logs the acknowledgement."""
    alert = (
        SafetyAlert.objects.filter(administration_id=administration_id)
        .select_related("member", "administration")
        .first()
    )
    if alert is None:
        raise policy.refuse(
            user, record_type="assessments.safetyalert", record_id=administration_id
        )
    if user.pk == alert.member_id:
        raise PermissionDenied("The care team follows up a safety alert, not the member.")
    _may_act_for(user, alert.member, interface=interface, action=Action.WRITE)
    return alert
