"""The only way from (user, id) to a privacy object. Missing and not-yours both raise Http404,
through `policy.refuse` (which writes the refusal to the security log)."""

from __future__ import annotations

from django.db.models import QuerySet

from alongside.accounts.models import User
from alongside.privacy import policy, security
from alongside.privacy.models import ConsentGrant, DataExport, SecurityEvent


def access_own_grant(user: User, grant_id: int) -> ConsentGrant:
    """A grant the user gave. Grantees manage nothing: only the member changes a grant."""
    grant = (
        ConsentGrant.objects.filter(pk=grant_id, member=user)
        .select_related("grantee_user", "grantee_organization")
        .first()
    )
    if grant is None:
        raise policy.refuse(user, record_type="privacy.consentgrant", record_id=grant_id)
    return grant


def access_own_export(user: User, export_id: int) -> DataExport:
    """One of the user's own exports (exports are never shown to anyone else)."""
    export = DataExport.objects.filter(pk=export_id, member=user).first()
    if export is None:
        raise policy.refuse(user, record_type="privacy.dataexport", record_id=export_id)
    return export


def access_security_log(user: User) -> QuerySet[SecurityEvent]:
    """The refused lookups of people in the organizations the user administers. Only
    organization admins read it; anyone else is refused like any other lookup."""
    if not user.is_authenticated or not security.administered_organization_ids(user):
        raise policy.refuse(user, record_type="privacy.securityevent")
    return security.events_seen_by(user)
