"""Privacy state changes: grants and revocations, exports, erasure. Each is atomic and audited."""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.lib.errors import FieldError
from alongside.privacy.models import (
    AccessLogEntry,
    Action,
    ConsentGrant,
    DataExport,
    ExportStatus,
    Interface,
    RetentionHold,
    Scope,
)
from alongside.privacy.notices import PART2_REDISCLOSURE_NOTICE
from alongside.privacy.policy import log_access
from alongside.privacy.registry import REGISTRY, Erase


class GrantError(FieldError):
    """A grant that cannot be made, with a sentence saying why (and which field)."""


@transaction.atomic
def grant_access(
    *,
    member: User,
    scopes: list[str],
    purpose: str,
    grantee_user: User | None = None,
    grantee_organization: Organization | None = None,
    grantee_role: str = "",
    starts_at: datetime.datetime | None = None,
    expires_at: datetime.datetime | None = None,
    interface: str = Interface.PAGE,
) -> ConsentGrant:
    """Give a person, or a role within one organization, access to some scopes.

    Raises GrantError for an empty scope list, an unknown scope (the journal is not one),
    a grant to oneself, a missing grantee, or an end that is not after the start or not in the future.
    """
    starts_at = starts_at or timezone.now()
    unknown = [s for s in scopes if s not in Scope.values]
    if not scopes:
        raise GrantError("scopes", _("Choose at least one kind of information to share."))
    if unknown:
        raise GrantError("scopes", _("These cannot be shared: %(s)s.") % {"s": ", ".join(unknown)})
    if not purpose.strip():
        raise GrantError("purpose", _("Say in a few words why you are sharing this."))
    if grantee_user is None and (grantee_organization is None or not grantee_role):
        raise GrantError("grantee", _("Choose a person, or a role within an organization."))
    if grantee_user is not None and grantee_user.pk == member.pk:
        raise GrantError("grantee", _("You can always see your own data; choose someone else."))
    if grantee_role and grantee_role not in Role.values:
        raise GrantError("grantee", _("That role does not exist."))
    if expires_at is not None and expires_at <= timezone.now():
        # A grant that has already ended would show as given, yet share nothing.
        raise GrantError("expires_at", _("Choose an end in the future, or leave it empty."))
    if expires_at is not None and expires_at <= starts_at:
        raise GrantError("expires_at", _("The end must be after the start."))
    grant = ConsentGrant.objects.create(
        member=member,
        grantee_user=grantee_user,
        grantee_organization=grantee_organization if grantee_user is None else None,
        grantee_role=grantee_role if grantee_user is None else "",
        scopes=[s for s in Scope.values if s in scopes],
        purpose=purpose.strip(),
        starts_at=starts_at,
        expires_at=expires_at,
        notice_text=PART2_REDISCLOSURE_NOTICE if Scope.COUNSELING in scopes else "",
    )
    log_access(
        actor=member, member=member, scope=",".join(grant.scopes), interface=interface,
        action=Action.GRANT, grant=grant, record=grant,
    )
    return grant


@transaction.atomic
def revoke_grant(*, grant: ConsentGrant, by: User, interface: str = Interface.PAGE) -> bool:
    """Revoke at once (the next request is refused). False if it was already revoked."""
    locked = ConsentGrant.objects.select_for_update().get(pk=grant.pk)
    if locked.revoked_at is not None:
        return False
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    log_access(
        actor=by, member=locked.member, scope=",".join(locked.scopes), interface=interface,
        action=Action.REVOKE, grant=locked, record=locked,
    )
    grant.revoked_at = locked.revoked_at
    return True


def sharable_people(member: User) -> list[tuple[User, str]]:
    """People the member may name in a grant: others in the member's organizations."""
    org_ids = Membership.objects.active().filter(user=member).values("organization_id")
    memberships = (
        Membership.objects.active()
        .filter(organization_id__in=org_ids, user__is_active=True)
        .exclude(user=member)
        .exclude(role=Role.MEMBER)
        .select_related("user", "organization")
        .order_by("user__first_name", "role")
    )
    return [(m.user, f"{m.user.display_name} — {m.get_role_display()}, {m.organization.name}") for m in memberships]


# ---------------------------------------------------------------- export


@transaction.atomic
def request_export(*, member: User) -> tuple[DataExport, bool]:
    """Queue an export. One at a time: a second request returns the one in progress (False)."""
    User.objects.select_for_update().get(pk=member.pk)  # serialise double submissions
    running = DataExport.objects.filter(
        member=member, status__in=[ExportStatus.PENDING, ExportStatus.RUNNING]
    ).first()
    if running is not None:
        return running, False
    export = DataExport.objects.create(member=member)
    from alongside.privacy.tasks import build_export

    transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return export, True


def collect_member_data(member: User) -> dict:
    """Everything Alongside holds about the member, section by section (schema: docs/)."""
    sections: dict[str, list[dict]] = {}
    for handler in REGISTRY.values():
        if not handler.export or not handler.section:
            continue
        sections.setdefault(handler.section, []).extend(
            handler.to_dict(row) for row in handler.rows(member)
        )
    return {
        "format": "alongside-export",
        "version": 1,
        "generated_at": timezone.now().isoformat(),
        "profile": {
            "email": member.email,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "display_name": member.display_name,
            "handle": member.handle,
            "pronouns": member.pronouns,
            "time_zone": member.time_zone,
            "language": member.language,
            "country": member.country,
            "pathways": member.pathways,
            "joined_at": member.date_joined.isoformat(),
        },
        "sections": dict(sorted(sections.items())),
    }


def run_export(*, export_id: int) -> DataExport | None:
    """Build the archive (JSON + readable HTML), reporting progress as it goes."""
    export = DataExport.objects.filter(pk=export_id).select_related("member").first()
    if export is None or export.status not in (ExportStatus.PENDING, ExportStatus.RUNNING):
        return export  # erased or already done: nothing to do
    DataExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, progress=10)
    try:
        data = collect_member_data(export.member)
        DataExport.objects.filter(pk=export.pk).update(progress=60)
        html = render_to_string("privacy/export_summary.html", {"data": data, "member": export.member})
    except Exception as exc:  # the member must hear that it failed, not wait forever
        DataExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, error=str(exc)[:200]
        )
        raise
    with transaction.atomic():
        export = DataExport.objects.select_for_update().filter(pk=export.pk).first()
        if export is None:
            return None  # the account was erased while we worked
        now = timezone.now()
        export.archive_json = json.dumps(data, indent=2, ensure_ascii=False)
        export.summary_html = html
        export.status = ExportStatus.READY
        export.progress = 100
        export.ready_at = now
        export.expires_at = now + datetime.timedelta(hours=DataExport.LIFETIME_HOURS)
        export.save()
        log_access(
            actor=export.member, member=export.member, scope="all", interface=Interface.EXPORT,
            action=Action.EXPORT, record=export,
        )
    return export


# ---------------------------------------------------------------- erasure


@dataclass(frozen=True)
class ErasureStep:
    label: str
    count: int
    erase: Erase
    explain: str


def erasure_plan(member: User) -> list[ErasureStep]:
    """What erasure will do, with counts, so the member sees it before confirming."""
    steps = []
    for handler in REGISTRY.values():
        count = handler.rows(member).count()
        if count:
            steps.append(ErasureStep(str(handler.label), count, handler.erase, str(handler.explain)))
    return steps


def counseling_keepers(member: User) -> set[int]:
    """Organizations keeping the member's counseling records: those the member granted them to."""
    keepers: set[int] = set()
    for grant in ConsentGrant.objects.filter(member=member):
        if Scope.COUNSELING not in grant.scopes:
            continue
        if grant.grantee_organization_id:
            keepers.add(grant.grantee_organization_id)
        elif grant.grantee_user_id:
            keepers.update(
                Membership.objects.filter(user_id=grant.grantee_user_id, role=Role.COUNSELOR)
                .values_list("organization_id", flat=True)
            )
    return keepers


@transaction.atomic
def erase_member(*, member: User) -> None:
    """Erase the account: personal rows deleted or anonymized per the register, counseling
    records kept for their keeper under the retention rule, the person signed out everywhere."""
    member = User.objects.select_for_update().get(pk=member.pk)
    now = timezone.now()
    retention = datetime.timedelta(days=365 * settings.COUNSELING_RETENTION_YEARS)
    for org_id in counseling_keepers(member):
        RetentionHold.objects.get_or_create(
            member=member,
            organization_id=org_id,
            defaults={"reason": "42 CFR Part 2 / state record retention", "retain_until": now + retention},
        )
    for handler in REGISTRY.values():
        rows = handler.rows(member)
        if handler.erase == Erase.DELETE:
            rows.delete()
        elif handler.erase == Erase.ANONYMIZE:
            if handler.anonymize is not None:
                handler.anonymize(rows)
            elif handler.model is ConsentGrant:
                rows.filter(revoked_at__isnull=True).update(revoked_at=now)
                if handler.owner == "member":
                    for grant in rows:
                        grant.purpose = ""
                        grant.save(update_fields=["purpose"])
    AccessLogEntry.objects.create(
        actor=None, member=member, scope="all", action=Action.ERASE, interface=Interface.PAGE,
        record_type="accounts.user", record_id=str(member.pk),
    )
    _end_sessions(member)
    member.email = f"erased-{uuid.uuid4().hex}@erased.invalid"
    member.first_name = ""
    member.last_name = ""
    member.handle = ""
    member.pronouns = ""
    member.pathways = []
    member.time_zone = "UTC"
    member.is_active = False
    member.set_unusable_password()
    member.save()


def _end_sessions(member: User) -> None:
    user_id = str(member.pk)
    for session in Session.objects.all().iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            session.delete()
