"""Invitations and allies: a member asks someone close to them to be their ally and says what
they will see; the person accepts or declines; the member changes what they see, or takes all of
it back. Pages and the API both call these.

What an ally sees is never stored here: it is a consent grant (privacy) for milestones or a
check-in summary, and a place in the member's support circle (support) for "having a hard day"
and SOS. Both are made only when the invitee accepts, so nothing is shared before; both are
read afresh on every request, so a change or a revocation holds from the next one.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from alongside.accounts.models import InvitationStatus, User
from alongside.accounts.sensitive import Credential, SensitiveAction, confirm_sensitive
from alongside.accounts.services import account_for_email
from alongside.family.models import ALLY_SCOPES, Ally, AllyInvitation, Relationship
from alongside.lib import maildomains
from alongside.lib.errors import FieldError
from alongside.notifications.services import notify
from alongside.privacy.models import Interface, Scope
from alongside.privacy.scopes import DISCLOSURES, SUPPORT_CIRCLE
from alongside.privacy.services import grant_access, revoke_grant
from alongside.support import services as support
from alongside.support.models import CircleAnswer, CircleMember

MAX_EMAIL = 254


class FamilyError(FieldError):
    """Input that cannot be used, with the field it concerns and what to do instead."""


class InvitationClosed(Exception):
    """An invitation that can no longer be answered (or not by this person), and why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# ---------------------------------------------------------------- what an ally may be offered


@dataclass(frozen=True)
class Choice:
    """One thing a member may let an ally see, in the words the consent screens use."""

    key: str
    label: str
    words: str


def choices(keys: list[str] | None = None) -> list[Choice]:
    """The four choices (or those of `keys`), each named and explained in privacy's own words:
    milestones and the check-in summary (consent scopes), "having a hard day" and SOS (the
    support circle)."""
    labels = dict(Scope.choices)
    circle = {record.key: record for record in SUPPORT_CIRCLE}
    found = [Choice(s.value, str(labels[s]), capfirst(DISCLOSURES[s].words())) for s in ALLY_SCOPES]
    for key, label, record in (
        ("hard_days", _("“Having a hard day”"), circle["hard_day"]),
        ("sos", _("SOS"), circle["sos"]),
    ):
        fields = ", ".join(str(f.label) for f in record.fields)
        found.append(Choice(key, str(label), f"{capfirst(str(record.heading))}: {fields}"))
    return found if keys is None else [c for c in found if c.key in keys]


def _checked_choices(
    scopes: list[str], gets_hard_days: bool, gets_sos: bool, *, may_be_none: bool = False
) -> list[str]:
    unknown = [s for s in scopes if s not in ALLY_SCOPES]
    if unknown:
        raise FamilyError(
            "scopes",
            _("An ally can be shown milestones and a check-in summary only, not: %(s)s.")
            % {"s": ", ".join(unknown)},
        )
    if not (scopes or gets_hard_days or gets_sos or may_be_none):
        raise FamilyError("scopes", _("Choose at least one thing they will see."))
    return [s.value for s in ALLY_SCOPES if s.value in scopes]


# ---------------------------------------------------------------- the address


def mail_leaves_the_machine() -> bool:
    """Only where e-mail really goes out (an SMTP server) is a domain asked whether it takes
    mail; development keeps e-mail in the outbox and tests in memory, and neither looks anything
    up on the network."""
    return settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"


def domain_takes_mail(domain: str) -> bool | None:
    """False when the domain can receive no mail; None when nobody asked or it cannot be told."""
    if maildomains.is_reserved(domain):
        return False
    if not mail_leaves_the_machine():
        return None
    return maildomains.takes_mail(domain)


def checked_address(email: str) -> str:
    """The address, lower-cased, or FamilyError naming what is wrong with it: not an address
    at all, or one whose domain takes no mail (a typo such as gmial.con, a reserved name)."""
    email = (email or "").strip().lower()
    if not email:
        raise FamilyError("email", _("Write their email address."))
    try:
        validate_email(email)
    except ValidationError:
        raise FamilyError(
            "email",
            _(
                "“%(email)s” is not an email address. Check it for a typo: it looks like name@example.com."
            )
            % {"email": email},
        ) from None
    if len(email) > MAX_EMAIL:
        raise FamilyError("email", _("An email address is at most 254 characters."))
    domain = email.rsplit("@", 1)[1]
    if domain_takes_mail(domain) is False:
        raise FamilyError(
            "email",
            _(
                "“%(domain)s” does not receive email, so the invitation could not reach them. "
                "Check the part after the @ for a typo."
            )
            % {"domain": domain},
        )
    return email


def _is_own_address(member: User, email: str) -> bool:
    return (
        member.email.lower() == email
        or EmailAddress.objects.filter(user=member, email__iexact=email).exists()
    )


# ---------------------------------------------------------------- invitations


@transaction.atomic
def invite_ally(
    *,
    credential: Credential,
    email: str,
    relationship: str,
    scopes: list[str],
    gets_hard_days: bool = False,
    gets_sos: bool = False,
) -> AllyInvitation:
    """The member (the credential's person) invites someone to be their ally, saying what
    they will see. Nothing is shared now: the choices wait for the invitee to accept.

    Sharing needs the member to have confirmed it is them recently (SensitiveActionRefused);
    the grant made on acceptance rests on this confirmation. An e-mail goes to the address once
    the transaction commits, and a notice to the account that holds it, if one does. Raises
    FamilyError for a bad or dead address, the member's own address, someone already their
    ally, an invitation to the address already waiting, an unknown relationship, an unknown
    choice or no choice at all.
    """
    confirm_sensitive(credential, SensitiveAction.GRANT)
    member = credential.user
    email = checked_address(email)
    if relationship not in Relationship.values:
        raise FamilyError("relationship", _("Choose who they are to you."))
    scopes = _checked_choices(scopes, gets_hard_days, gets_sos)
    if _is_own_address(member, email):
        raise FamilyError("email", _("That is your own address. Write theirs."))
    account = account_for_email(email)
    if account is not None and Ally.objects.active().filter(member=member, person=account).exists():
        raise FamilyError(
            "email",
            _("%(name)s is already your ally. Change what they see on their page instead.")
            % {"name": account.display_name},
        )
    waiting = (
        AllyInvitation.objects.select_for_update()
        .filter(member=member, email=email, status=InvitationStatus.PENDING)
        .first()
    )
    if waiting is not None and waiting.is_open:
        raise FamilyError(
            "email",
            _(
                "An invitation to this address is already waiting for an answer. Withdraw it first to send a new one."
            ),
        )
    if waiting is not None:  # past its day: close it so a new one can go
        waiting.status = InvitationStatus.EXPIRED
        waiting.save(update_fields=["status"])
    invitation = AllyInvitation.objects.create(
        member=member,
        email=email,
        relationship=relationship,
        scopes=scopes,
        gets_hard_days=gets_hard_days,
        gets_sos=gets_sos,
    )
    if account is not None:
        with translation.override(account.language):
            notify(
                user=account,
                kind="ally_invitation",
                title=_("Someone asked you to be their ally"),
                body=_(
                    "%(name)s asked you to stand alongside them in their recovery. See what they "
                    "would share with you, and accept or decline."
                )
                % {"name": member.display_name},
                url=reverse("family:invitation", args=[invitation.pk]),
                dedupe_key=f"ally-invitation-{invitation.pk}",
                about=member,
            )
    from alongside.family.tasks import send_ally_invitation_email

    transaction.on_commit(lambda: send_ally_invitation_email.enqueue(invitation.pk))
    return invitation


def is_addressed_to(invitation: AllyInvitation, user: User) -> bool:
    """Whether the user answers this invitation: they did, or they have verified its address."""
    if invitation.invitee_id is not None:
        return invitation.invitee_id == user.pk
    return EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists()


def _check_answerable(invitation: AllyInvitation, user: User) -> None:
    """InvitationClosed, saying why, unless the user may accept or decline it now."""
    name = invitation.member.display_name
    if invitation.member_id == user.pk:
        raise InvitationClosed(
            _("You sent this invitation. The person you invited accepts or declines it.")
        )
    if not is_addressed_to(invitation, user):
        raise InvitationClosed(_("This invitation was sent to another email address."))
    state = invitation.state()
    if state == InvitationStatus.ACCEPTED:
        raise InvitationClosed(
            _("You have already accepted this invitation.")
            if invitation.invitee_id == user.pk
            else _("This invitation has already been answered.")
        )
    if state == InvitationStatus.DECLINED:
        raise InvitationClosed(
            _(
                "You declined this invitation. If you have changed your mind, ask %(name)s to send a new one."
            )
            % {"name": name}
        )
    if state == InvitationStatus.WITHDRAWN:
        raise InvitationClosed(_("%(name)s withdrew this invitation.") % {"name": name})
    if state == InvitationStatus.EXPIRED:
        raise InvitationClosed(
            _("This invitation expired on %(day)s. Ask %(name)s to send a new one.")
            % {
                "day": date_format(invitation.expires_at.astimezone(user.zone), "DATE_FORMAT"),
                "name": name,
            }
        )


def _confirmed_when_invited(member: User) -> Credential:
    # The member confirmed it was them (recent password, and code for staff) when they sent
    # the invitation, which named exactly these choices; the grant is made now, when the
    # invitee accepts, with nobody of the member's side present to confirm again.
    return Credential.for_setup(member)


@transaction.atomic
def accept_invitation(
    *, invitation: AllyInvitation, user: User, interface: str = Interface.PAGE
) -> Ally:
    """The invitee accepts: from now on they see what the member chose — a consent grant to
    them for the chosen scopes, and a place in the member's support circle (already agreed)
    for the chosen signals. The member is told. Raises InvitationClosed when it cannot be
    accepted (expired, withdrawn, answered, the member's own, or they are already an ally)."""
    locked = (
        AllyInvitation.objects.select_for_update().select_related("member").get(pk=invitation.pk)
    )
    _check_answerable(locked, user)
    member = locked.member
    if Ally.objects.active().filter(member=member, person=user).exists():
        raise InvitationClosed(
            _("You are already %(name)s's ally. They change what you see on their side.")
            % {"name": member.display_name}
        )
    grant = None
    if locked.scopes:
        with translation.override(member.language):
            purpose = _("Family and friends: %(name)s, my %(relationship)s") % {
                "name": user.display_name,
                "relationship": Relationship(locked.relationship).label.lower(),
            }
        grant = grant_access(
            member=member,
            grantee_user=user,
            scopes=list(locked.scopes),
            purpose=purpose,
            interface=interface,
            credential=_confirmed_when_invited(member),
        )
    if locked.gets_hard_days or locked.gets_sos:
        support.add_agreed_person(
            member=member,
            person=user,
            gets_sos=locked.gets_sos,
            gets_hard_days=locked.gets_hard_days,
        )
    ally = Ally.objects.create(
        member=member,
        person=user,
        relationship=locked.relationship,
        invitation=locked,
        grant=grant,
    )
    locked.status = InvitationStatus.ACCEPTED
    locked.invitee = user
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "invitee", "answered_at"])
    with translation.override(member.language):
        notify(
            user=member,
            kind="ally_accepted",
            title=_("Someone accepted your invitation"),
            body=_("%(name)s is now your ally and sees what you chose.")
            % {"name": user.display_name},
            url=reverse("family:ally", args=[ally.pk]),
            dedupe_key=f"ally-accepted-{locked.pk}",
        )
    return ally


@transaction.atomic
def decline_invitation(*, invitation: AllyInvitation, user: User) -> AllyInvitation:
    """The invitee says no: nothing is shared, and the member is told. Raises InvitationClosed
    as `accept_invitation` does."""
    locked = (
        AllyInvitation.objects.select_for_update().select_related("member").get(pk=invitation.pk)
    )
    _check_answerable(locked, user)
    locked.status = InvitationStatus.DECLINED
    locked.invitee = user
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "invitee", "answered_at"])
    with translation.override(locked.member.language):
        notify(
            user=locked.member,
            kind="ally_declined",
            title=_("Someone declined your invitation"),
            body=_("%(name)s declined your invitation. Nothing is shared with them.")
            % {"name": user.display_name},
            url=reverse("family:allies"),
            dedupe_key=f"ally-declined-{locked.pk}",
        )
    return locked


@transaction.atomic
def withdraw_invitation(*, invitation: AllyInvitation) -> bool:
    """The member takes back an invitation still waiting; False if it was already answered
    (or had expired). Withdrawing shares nothing, so it needs no confirmation."""
    locked = AllyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open:
        return False
    locked.status = InvitationStatus.WITHDRAWN
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_at"])
    invitation.status, invitation.answered_at = locked.status, locked.answered_at
    return True


def invitations_sent(member: User) -> list[AllyInvitation]:
    """The member's invitations not accepted: waiting ones first, then the last few others."""
    found = list(
        AllyInvitation.objects.filter(member=member)
        .exclude(status=InvitationStatus.ACCEPTED)
        .select_related("invitee")[:50]
    )
    return sorted(found, key=lambda i: not i.is_open)


def invitations_received(user: User) -> list[AllyInvitation]:
    """Open invitations addressed to the user (an address of theirs they have verified)."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values("email")
    return list(
        AllyInvitation.objects.open()
        .filter(email__in=verified, member__is_active=True)
        .exclude(member=user)
        .select_related("member")
    )


# ---------------------------------------------------------------- allies and what they see


@dataclass(frozen=True)
class Sharing:
    """What one ally sees now, read from the grant and the circle."""

    scopes: list[str]
    gets_hard_days: bool
    gets_sos: bool
    declined_signals: bool  # they declined the circle's signals on their side

    @property
    def keys(self) -> list[str]:
        return [
            *self.scopes,
            *(["hard_days"] if self.gets_hard_days else []),
            *(["sos"] if self.gets_sos else []),
        ]

    def words(self) -> list[Choice]:
        return choices(self.keys)


def _circle_entry(ally: Ally) -> CircleMember | None:
    return CircleMember.objects.filter(member_id=ally.member_id, person_id=ally.person_id).first()


def sharing_of(ally: Ally) -> Sharing:
    grant = ally.grant
    scopes = (
        [s for s in grant.scopes if s in ALLY_SCOPES]
        if grant is not None and grant.status() == "active"
        else []
    )
    entry = _circle_entry(ally)
    declined = entry is not None and entry.answer == CircleAnswer.DECLINED
    return Sharing(
        scopes=scopes,
        gets_hard_days=bool(entry and entry.gets_hard_days and not declined),
        gets_sos=bool(entry and entry.gets_sos and not declined),
        declined_signals=declined,
    )


def allies_of(member: User) -> list[tuple[Ally, Sharing]]:
    allies = Ally.objects.active().filter(member=member).select_related("person", "grant")
    return [(ally, sharing_of(ally)) for ally in allies]


@transaction.atomic
def change_sharing(
    *,
    ally: Ally,
    credential: Credential,
    scopes: list[str],
    gets_hard_days: bool,
    gets_sos: bool,
    interface: str = Interface.PAGE,
) -> Sharing:
    """The member changes what an ally sees; it holds from the ally's next request. A change of
    scopes revokes the grant and makes a new one (the access log shows both); signals change
    the ally's place in the circle. Needs recent confirmation (SensitiveActionRefused); raises
    FamilyError for an unknown choice. Choosing nothing keeps them as an ally who sees nothing."""
    confirm_sensitive(credential, SensitiveAction.GRANT)
    member = credential.user
    wanted = _checked_choices(scopes, gets_hard_days, gets_sos, may_be_none=True)
    current = sharing_of(ally)
    if set(wanted) != set(current.scopes):
        if ally.grant is not None and ally.grant.revoked_at is None:
            revoke_grant(grant=ally.grant, by=member, credential=credential, interface=interface)
        ally.grant = None
        if wanted:
            with translation.override(member.language):
                purpose = _("Family and friends: %(name)s, my %(relationship)s") % {
                    "name": ally.person.display_name,
                    "relationship": Relationship(ally.relationship).label.lower(),
                }
            ally.grant = grant_access(
                member=member,
                grantee_user=ally.person,
                scopes=wanted,
                purpose=purpose,
                interface=interface,
                credential=credential,
            )
        ally.save(update_fields=["grant"])
    entry = _circle_entry(ally)
    if gets_hard_days or gets_sos:
        if entry is None:
            support.add_agreed_person(
                member=member, person=ally.person, gets_sos=gets_sos, gets_hard_days=gets_hard_days
            )
        else:
            support.update_circle_member(
                entry=entry, gets_sos=gets_sos, gets_hard_days=gets_hard_days
            )
    elif entry is not None:
        support.remove_from_circle(entry=entry)
    return sharing_of(ally)


@transaction.atomic
def end_ally(*, ally: Ally, credential: Credential, interface: str = Interface.PAGE) -> None:
    """Stop sharing anything with the ally, from their next request: the grant is revoked, they
    leave the circle, and the link ends. They are not told (a member may need to end it
    quietly); their own worksheets and check-ins stay theirs. Needs recent confirmation."""
    confirm_sensitive(credential, SensitiveAction.REVOKE)
    locked = Ally.objects.select_for_update(of=("self",)).select_related("grant").get(pk=ally.pk)
    if locked.ended_at is not None:
        return
    if locked.grant is not None and locked.grant.revoked_at is None:
        revoke_grant(
            grant=locked.grant, by=credential.user, credential=credential, interface=interface
        )
    entry = _circle_entry(locked)
    if entry is not None:
        support.remove_from_circle(entry=entry)
    locked.ended_at = timezone.now()
    locked.save(update_fields=["ended_at"])
    ally.ended_at = locked.ended_at
