"""How accounts, privacy and the sign-in libraries' rows are exported and erased."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import (
    ApiToken,
    Membership,
    OrganizationAuditEntry,
    RoleInvitation,
    User,
)
from alongside.privacy.models import (
    AccessLogEntry,
    ConsentGrant,
    DataExport,
    RetentionHold,
    SecurityEvent,
)
from alongside.privacy.registry import Erase, register, serialize_fields


def _grant_row(grant: ConsentGrant) -> dict:
    data = serialize_fields(grant, exclude=("notice_text", "grantee_organization", "grantee_role"))
    data["grantee"] = grant.grantee_label
    data["status"] = grant.status()
    return data


def _log_row(entry: AccessLogEntry) -> dict:
    return {
        "at": entry.at.isoformat(),
        "who": entry.actor.display_name if entry.actor is not None else None,
        "scope": entry.scope,
        "action": entry.action,
        "interface": entry.interface,
        "record_type": entry.record_type,
        "record_id": entry.record_id,
        "grant": entry.grant_id,
    }


register(
    Membership,
    "user",
    section="memberships",
    label=_("organization roles"),
    erase=Erase.DELETE,
    explain=_("You leave every organization."),
    serialize=lambda m: {
        "organization": m.organization.name,
        "role": m.role,
        "since": m.created_at.isoformat(),
        "active": m.is_active,
    },
)
register(
    ApiToken,
    "user",
    section="api_tokens",
    label=_("API tokens"),
    erase=Erase.DELETE,
    explain=_("Every token stops working and is deleted."),
    exclude=("key_hash", "user"),
)
register(
    EmailAddress,
    "user",
    section="email_addresses",
    label=_("email addresses"),
    erase=Erase.DELETE,
    explain=_("Your email addresses are deleted."),
    serialize=lambda e: {"email": e.email, "verified": e.verified, "primary": e.primary},
)
register(
    Authenticator,
    "user",
    section="two_step_verification",
    label=_("two-step verification"),
    erase=Erase.DELETE,
    explain=_("Your authenticator and recovery codes are deleted."),
    serialize=lambda a: {"type": a.type, "created_at": a.created_at.isoformat()},
)
register(
    User.groups.through,
    "user",
    section="",
    label=_("permission groups"),
    export=False,
    erase=Erase.DELETE,
    explain=_("Removed."),
)
register(
    User.user_permissions.through,
    "user",
    section="",
    label=_("permissions"),
    export=False,
    erase=Erase.DELETE,
    explain=_("Removed."),
)
register(
    ConsentGrant,
    "member",
    section="consent_grants",
    label=_("sharing grants you gave"),
    erase=Erase.ANONYMIZE,
    explain=_(
        "Every grant is revoked at once; its purpose text is erased. The record that a grant existed stays so the access log can still say which grant applied."
    ),
    serialize=_grant_row,
)
register(
    ConsentGrant,
    "grantee_user",
    section="",
    label=_("grants others gave you"),
    export=False,
    erase=Erase.ANONYMIZE,
    explain=_(
        "Grants naming you are revoked; the people who gave them are told nothing about you."
    ),
)
register(
    AccessLogEntry,
    "member",
    section="access_log",
    label=_("your access log"),
    erase=Erase.KEEP,
    explain=_(
        "Kept, append-only, pointing at an anonymous account: it records what others did, not who you are."
    ),
    serialize=_log_row,
)
register(
    AccessLogEntry,
    "actor",
    section="",
    label=_("records of what you looked at"),
    export=False,
    erase=Erase.KEEP,
    explain=_("Kept in other members' access logs, under an anonymous account."),
)
register(
    SecurityEvent,
    "actor",
    section="",
    label=_("lookups you were refused"),
    export=False,
    erase=Erase.KEEP,
    explain=_(
        "Kept in the security log your organizations' admins read, under an anonymous account."
    ),
)
register(
    DataExport,
    "member",
    section="",
    label=_("data exports"),
    export=False,
    erase=Erase.DELETE,
    explain=_("Every export is deleted, including one still being prepared."),
)
register(
    RetentionHold,
    "member",
    section="",
    label=_("retention holds"),
    export=False,
    erase=Erase.KEEP,
    explain=_("Created by erasure itself."),
)
register(
    RoleInvitation,
    "invitee",
    section="role_invitations",
    label=_("roles offered to you"),
    erase=Erase.ANONYMIZE,
    explain=_(
        "The address each was sent to is erased; the organization's audit log keeps only that a role was offered."
    ),
    serialize=lambda i: {
        "organization": i.organization.name,
        "role": i.role,
        "status": i.status,
        "offered_at": i.created_at.isoformat(),
    },
    anonymize=lambda rows: rows.update(email=""),
)
register(
    RoleInvitation,
    "invited_by",
    section="",
    label=_("roles you offered"),
    export=False,
    erase=Erase.KEEP,
    explain=_("Kept in the organization's audit log, under an anonymous account."),
)
register(
    OrganizationAuditEntry,
    "subject",
    section="organization_role_history",
    label=_("your role history in organizations"),
    erase=Erase.KEEP,
    explain=_("Kept, append-only, in the organization's audit log under an anonymous account."),
    serialize=lambda e: {
        "organization": e.organization.name,
        "at": e.at.isoformat(),
        "action": e.action,
        "role": e.role,
    },
)
register(
    OrganizationAuditEntry,
    "actor",
    section="",
    label=_("role changes you made"),
    export=False,
    erase=Erase.KEEP,
    explain=_("Kept in the organization's audit log, under an anonymous account."),
)
