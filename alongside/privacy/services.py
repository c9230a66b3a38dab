"""Privacy state changes: grants and revocations, exports, erasure. Each is atomic and audited."""

from __future__ import annotations

import datetime
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from alongside.accounts.models import Membership, Organization, Role, User
from alongside.accounts.sensitive import Credential, SensitiveAction, confirm_sensitive
from alongside.lib.errors import FieldError
from alongside.notifications.services import close_sockets
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
from alongside.privacy.registry import REGISTRY, SECTIONS, Erase

if TYPE_CHECKING:
    from alongside.journey.models import Worksheet

log = logging.getLogger(__name__)


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
    milestone_tracks: list[int] | None = None,
    worksheets: list[int] | None = None,
    interface: str = Interface.PAGE,
    credential: Credential,
) -> ConsentGrant:
    """Give a person, or a role within one organization, access to some scopes.

    The member must have confirmed it is them (SensitiveActionRefused otherwise).
    `milestone_tracks` limits a milestones grant to some of the member's own tracks (None: every
    track, including ones started later). `worksheets` names the member's own worksheets a
    worksheets grant covers (at least one; there is no "every worksheet"); it is ignored without
    that scope. Raises GrantError for an empty scope list, an unknown scope (the journal is not
    one), a grant to oneself, a missing grantee, an expiry that is not after the start or not in
    the future, a track or worksheet that is not the member's, or a worksheets grant naming
    none.
    """
    _confirm_own(credential, member, SensitiveAction.GRANT)
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
    if grantee_role == Role.MEMBER:
        # Anyone can be offered the member role from outside: a grant to it would reach strangers.
        raise GrantError(
            "grantee", _("Share with a person, or with a supporting role such as counselor.")
        )
    if Scope.COUNSELING in scopes and not _keeps_counseling_records(
        grantee_user, grantee_role if grantee_user is None else ""
    ):
        # Counseling records are read on a counselor's client page, nowhere else: shared with
        # anyone else they would be a promise with nothing behind it.
        raise GrantError(
            "scopes",
            _(
                "Counseling records can be shared only with a counselor. Choose a counselor, "
                "or leave counseling records out."
            ),
        )
    if expires_at is not None and expires_at <= timezone.now():
        # A grant that has already ended would show as given, yet share nothing.
        raise GrantError("expires_at", _("Choose an end in the future, or leave it empty."))
    if expires_at is not None and expires_at <= starts_at:
        raise GrantError("expires_at", _("The end must be after the start."))
    tracks = _own_tracks(member, milestone_tracks)
    sheets = _own_worksheets(member, worksheets) if Scope.WORKSHEETS in scopes else []
    grant = ConsentGrant.objects.create(
        member=member,
        grantee_user=grantee_user,
        grantee_organization=grantee_organization if grantee_user is None else None,
        grantee_role=grantee_role if grantee_user is None else "",
        scopes=[s for s in Scope.values if s in scopes],
        milestone_tracks=tracks if Scope.MILESTONES in scopes else None,
        worksheets=sheets,
        purpose=purpose.strip(),
        starts_at=starts_at,
        expires_at=expires_at,
        notice_text=PART2_REDISCLOSURE_NOTICE if Scope.COUNSELING in scopes else "",
    )
    log_access(
        actor=member,
        member=member,
        scope=",".join(grant.scopes),
        interface=interface,
        action=Action.GRANT,
        grant=grant,
        record=grant,
    )
    return grant


def _keeps_counseling_records(grantee_user: User | None, grantee_role: str) -> bool:
    if grantee_user is None:
        return grantee_role == Role.COUNSELOR
    return Membership.objects.filter(user=grantee_user, role=Role.COUNSELOR).exists()


def _own_tracks(member: User, track_ids: list[int] | None) -> list[int] | None:
    """The chosen track ids, checked to be the member's own (None stays None: every track)."""
    if track_ids is None:
        return None
    from alongside.journey.models import Track

    wanted = sorted(set(track_ids))
    if not wanted:
        raise GrantError("milestone_tracks", _("Choose at least one track, or share every track."))
    found = set(Track.objects.for_member(member).filter(pk__in=wanted).values_list("pk", flat=True))
    if len(found) != len(wanted):
        raise GrantError("milestone_tracks", _("Choose from your own tracks."))
    return wanted


def _own_worksheets(member: User, worksheet_ids: list[int] | None) -> list[int]:
    """The chosen worksheet ids, checked to be the member's own; at least one."""
    from alongside.journey.models import Worksheet

    wanted = sorted(set(worksheet_ids or []))
    if not wanted:
        raise GrantError("worksheets", _("Choose at least one worksheet to share."))
    found = set(Worksheet.objects.filter(member=member, pk__in=wanted).values_list("pk", flat=True))
    if len(found) != len(wanted):
        raise GrantError("worksheets", _("Choose from your own worksheets."))
    return wanted


# The grant form lists this many of the member's latest worksheets (and any they ask for by id,
# as "Share this worksheet" does), so a year of daily drink logs does not make a page of boxes.
WORKSHEETS_OFFERED = 100


def sharing_worksheets(member: User, *, also: Iterable[int] = ()) -> list[tuple[int, str]]:
    """The member's worksheets to choose from for a worksheets grant, newest first, each named
    "<tool> — <day>"; `also` adds older ones of the member's by id."""
    from alongside.journey.models import Worksheet

    mine = Worksheet.objects.filter(member=member).only("pk", "tool", "on")
    latest = list(mine[:WORKSHEETS_OFFERED])
    shown = {w.pk for w in latest}
    asked = [pk for pk in also if pk not in shown]
    older = list(mine.filter(pk__in=asked)) if asked else []
    return [(w.pk, worksheet_label(w)) for w in latest + older]


def worksheet_label(worksheet: Worksheet) -> str:
    """The tool's name and the worksheet's day: "Change plan — 3 March 2026"."""
    from alongside.journey.tools import TOOLS_BY_KEY

    tool = TOOLS_BY_KEY.get(worksheet.tool)
    name = str(tool.label) if tool is not None else worksheet.tool
    return f"{name} — {date_format(worksheet.on, 'DATE_FORMAT')}"


def grant_worksheets(grant: ConsentGrant) -> list[tuple[int, str]]:
    """(id, name) of each worksheet a worksheets grant covers that still exists, newest first."""
    if Scope.WORKSHEETS not in grant.scopes:
        return []
    from alongside.journey.models import Worksheet

    sheets = Worksheet.objects.filter(member_id=grant.member_id, pk__in=grant.worksheets)
    return [(w.pk, worksheet_label(w)) for w in sheets.only("pk", "tool", "on")]


def worksheet_labels(grant: ConsentGrant) -> list[str] | None:
    """Names of the worksheets a worksheets grant covers (None without that scope)."""
    if Scope.WORKSHEETS not in grant.scopes:
        return None
    return [label for _pk, label in grant_worksheets(grant)]


def sharing_tracks(member: User) -> list[tuple[int, str]]:
    """The member's tracks that have milestones to share (active abstinence tracks), for the
    choice of which tracks a milestones grant covers."""
    from alongside.journey.models import Track, TrackGoal

    tracks = Track.objects.for_member(member).active().filter(goal=TrackGoal.ABSTINENCE)
    return [(t.pk, t.label) for t in tracks]


def track_labels(grant: ConsentGrant) -> list[str] | None:
    """Names of the tracks a milestones grant is limited to (None: every track)."""
    if grant.milestone_tracks is None:
        return None
    from alongside.journey.models import Track

    return [
        t.label
        for t in Track.objects.filter(member_id=grant.member_id, pk__in=grant.milestone_tracks)
    ]


@transaction.atomic
def revoke_grant(
    *, grant: ConsentGrant, by: User, credential: Credential, interface: str = Interface.PAGE
) -> bool:
    """Revoke at once (the next request is refused). False if it was already revoked.

    Callers fetch the grant through access.py first, so a grant that is not the person's
    answers 404 before any confirmation is asked for.
    """
    _confirm_own(credential, by, SensitiveAction.REVOKE)
    locked = ConsentGrant.objects.select_for_update().get(pk=grant.pk)
    if locked.revoked_at is not None:
        return False
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    log_access(
        actor=by,
        member=locked.member,
        scope=",".join(locked.scopes),
        interface=interface,
        action=Action.REVOKE,
        grant=locked,
        record=locked,
    )
    grant.revoked_at = locked.revoked_at
    return True


def _confirm_own(credential: Credential, owner: User, action: SensitiveAction) -> None:
    """Confirm an action on the owner's own data, by the owner."""
    # A credential of someone else is a mistake in the calling code, never a way in.
    if credential.user.pk != owner.pk:
        raise PermissionError("The credential belongs to someone else.")
    confirm_sensitive(credential, action)


def sharable_people(member: User) -> list[tuple[User, str]]:
    """People the member may name in a grant: those holding a supporting role in the member's
    organizations, then the member's sponsors and mentors (alongside/peers) and confirmed
    accountability partners (who may belong to no organization of theirs). Someone who is both
    is listed once, by their role."""
    from alongside.messaging.models import Partnership
    from alongside.peers.models import SupportRelationship
    from alongside.peers.services import kind_word

    org_ids = Membership.objects.active().filter(user=member).values("organization_id")
    memberships = (
        Membership.objects.active()
        .filter(organization_id__in=org_ids, user__is_active=True)
        .exclude(user=member)
        .exclude(role=Role.MEMBER)
        .select_related("user", "organization")
        .order_by("user__first_name", "role")
    )
    people = [
        (m.user, f"{m.user.display_name} — {m.get_role_display()}, {m.organization.name}")
        for m in memberships
    ]
    listed = {user.pk for user, _label in people}
    partnerships = (
        Partnership.objects.filter(confirmed_at__isnull=False)
        .filter(Q(asked_by=member) | Q(partner=member))
        .select_related("asked_by", "partner")
    )
    partners: dict[int, User] = {}
    for partnership in partnerships:
        other = (
            partnership.partner if partnership.asked_by_id == member.pk else partnership.asked_by
        )
        if other.is_active and other.pk not in listed:
            partners[other.pk] = other
    for partner in sorted(partners.values(), key=lambda u: str(u.display_name)):
        label = _("%(name)s — accountability partner") % {"name": partner.display_name}
        people.append((partner, label))
    supporters = (
        SupportRelationship.objects.active()
        .filter(member=member, supporter__is_active=True)
        .exclude(supporter_id__in=listed | set(partners))
        .select_related("supporter")
    )
    for relationship in supporters:
        label = _("%(name)s — your %(kind)s") % {
            "name": relationship.supporter.display_name,
            "kind": kind_word(relationship.kind),
        }
        people.append((relationship.supporter, label))
    return people


# ---------------------------------------------------------------- export


@transaction.atomic
def request_export(*, member: User, credential: Credential) -> tuple[DataExport, bool]:
    """Queue an export. One at a time: a second request returns the one in progress (False).

    Every request counts against the export rate limit, whichever interface made it.
    """
    _confirm_own(credential, member, SensitiveAction.EXPORT_REQUEST)
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


@dataclass(frozen=True)
class ExportFile:
    body: str
    content_type: str
    filename: str


def download_export(*, export: DataExport, fmt: str, credential: Credential) -> ExportFile:
    """The archive of a ready export (`fmt` "json", otherwise the readable HTML).

    The caller has fetched the export through access.py and checked that it is ready.
    """
    _confirm_own(credential, export.member, SensitiveAction.EXPORT_DOWNLOAD)
    if fmt == "json":
        return ExportFile(
            export.archive_json,
            "application/json; charset=utf-8",
            f"alongside-export-{export.ready_at:%Y-%m-%d}.json",
        )
    return ExportFile(
        export.summary_html,
        "text/html; charset=utf-8",
        f"alongside-export-{export.ready_at:%Y-%m-%d}.html",
    )


def collect_member_data(member: User) -> dict:
    """Everything Alongside holds about the member, section by section (schema: docs/)."""
    sections: dict[str, list[dict]] = {}
    for handler in REGISTRY.values():
        if not handler.export or not handler.section:
            continue
        sections.setdefault(handler.section, []).extend(
            handler.to_dict(row) for row in handler.rows(member)
        )
    for section, build in SECTIONS.items():
        rows = build(member)
        if rows:
            sections.setdefault(section, []).extend(rows)
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
        html = render_to_string(
            "privacy/export_summary.html", {"data": data, "member": export.member}
        )
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
            actor=export.member,
            member=export.member,
            scope="all",
            interface=Interface.EXPORT,
            action=Action.EXPORT,
            record=export,
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
            steps.append(
                ErasureStep(str(handler.label), count, handler.erase, str(handler.explain))
            )
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
                Membership.objects.filter(
                    user_id=grant.grantee_user_id, role=Role.COUNSELOR
                ).values_list("organization_id", flat=True)
            )
    return keepers


@transaction.atomic
def erase_member(*, member: User, credential: Credential) -> None:
    """Erase the account: personal rows deleted or anonymized per the register, counseling
    records kept for their keeper under the retention rule, the person signed out everywhere.
    Once the erasure commits, SQLite's write-ahead log is emptied (checkpoint_write_ahead_log)."""
    _confirm_own(credential, member, SensitiveAction.ERASE)
    transaction.on_commit(checkpoint_write_ahead_log)
    member = User.objects.select_for_update().get(pk=member.pk)
    now = timezone.now()
    retention = datetime.timedelta(days=365 * settings.COUNSELING_RETENTION_YEARS)
    for org_id in counseling_keepers(member):
        RetentionHold.objects.get_or_create(
            member=member,
            organization_id=org_id,
            defaults={
                "reason": "42 CFR Part 2 / state record retention",
                "retain_until": now + retention,
            },
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
        actor=None,
        member=member,
        scope="all",
        action=Action.ERASE,
        interface=Interface.PAGE,
        record_type="accounts.user",
        record_id=str(member.pk),
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


def checkpoint_write_ahead_log() -> None:
    """Copy SQLite's write-ahead log into the database file and truncate it to nothing.

    Until a checkpoint, the -wal file keeps the pages as they were before an erasure, plaintext
    included; secure_delete (settings) then zeroes the erased content in the database file.
    PRAGMA has no ORM form, hence the cursor. PostgreSQL needs nothing here: its WAL segments
    are recycled by the server (docs/privacy.md says what operators do about backups).
    """
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        # Waits (busy_timeout) for readers still on older pages; if one outlasts it, the next
        # automatic checkpoint finishes the job and the log line says so.
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        busy, _log_frames, _moved = cursor.fetchone()
    if busy:
        log.warning(
            "The write-ahead log could not be emptied after an erasure (a reader held it); "
            "its old pages are overwritten as the log is reused."
        )


def _end_sessions(member: User) -> None:
    user_id = str(member.pk)
    # Through the session engine, so a copy in the shared cache (cached_db) goes with the row.
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for session in Session.objects.all().iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            store.delete(session.session_key)
    close_sockets(user_id=member.pk)


# ---------------------------------------------------------------- new readers of role grants


def tell_members_of_new_reader(*, membership: Membership, occasion: str) -> list[User]:
    """Someone has just taken a role: tell every member whose grant to that role in that
    organization now reaches them (an in-app notice naming the person in its encrypted body).

    Grants in force or scheduled to start count; `occasion` makes the notice happen once per
    member for this role change however often it is called. Returns the members told.
    """
    from django.urls import reverse
    from django.utils import translation

    from alongside.notifications.services import notify

    reader = membership.user
    now = timezone.now()
    grants = (
        ConsentGrant.objects.filter(
            grantee_organization_id=membership.organization_id,
            grantee_role=membership.role,
            revoked_at__isnull=True,
            member__is_active=True,
        )
        .exclude(member=reader)
        .exclude(expires_at__lte=now)
        .select_related("member", "grantee_organization")
        .order_by("member_id", "created_at")
    )
    told: dict[int, User] = {}
    for grant in grants:
        member = grant.member
        if member.pk in told:
            continue
        with translation.override(member.language):
            notify(
                user=member,
                kind="new_reader",
                title=_("Someone new can see what you share"),
                url=reverse("privacy:sharing"),
                dedupe_key=f"new-reader:{occasion}"[:80],
                body=_(
                    "%(person)s now holds the role of %(role)s at %(org)s, so what you share with "
                    "%(grantee)s reaches them too. You can see everyone it reaches, and revoke it at "
                    "any time, on “Who can see my data”."
                )
                % {
                    "person": reader.display_name,
                    "role": membership.get_role_display(),
                    "org": grant.grantee_organization.name,  # type: ignore[union-attr]  # chosen by its organization above
                    "grantee": grant.grantee_label,
                },
                about=reader,
            )
        told[member.pk] = member
    return list(told.values())
