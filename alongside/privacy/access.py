"""The only way from (user, id) to a privacy object. Missing and not-yours both raise Http404."""

from __future__ import annotations

from django.http import Http404

from alongside.accounts.models import User
from alongside.privacy.models import ConsentGrant, DataExport


def access_own_grant(user: User, grant_id: int) -> ConsentGrant:
    """A grant the user gave. Grantees manage nothing: only the member changes a grant."""
    grant = (
        ConsentGrant.objects.filter(pk=grant_id, member=user)
        .select_related("grantee_user", "grantee_organization")
        .first()
    )
    if grant is None:
        raise Http404("No such grant.")
    return grant


def access_own_export(user: User, export_id: int) -> DataExport:
    """One of the user's own exports (exports are never shown to anyone else)."""
    export = DataExport.objects.filter(pk=export_id, member=user).first()
    if export is None:
        raise Http404("No such export.")
    return export
