"""Consent grants, the access log, data exports."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.accounts.models import Organization, Role, User
from alongside.privacy.fields import EncryptedTextField


class Scope(models.TextChoices):
    """What a member can share. The private journal is deliberately not a scope."""

    MILESTONES = "milestones", _("Milestones")
    CHECK_INS = "check_ins", _("Daily check-ins")
    CHECK_IN_SUMMARY = "check_in_summary", _("Check-in summary (day and mood only)")
    MEDICATION = "medication", _("Medication")
    PLANS = "plans", _("Plans (recovery, relapse-prevention, safety)")
    WORKSHEETS = "worksheets", _("Worksheets you choose")
    ASSESSMENTS = "assessments", _("Assessments")
    ATTENDANCE = "attendance", _("Meeting attendance")
    HOUSING = "housing", _("Housing")
    COUNSELING = "counseling", _("Counseling records")
    CARE_MESSAGES = "care_messages", _("Messages with your care team")


# Never shareable, whatever a grant says (journal entries are for the member alone).
JOURNAL = "journal"
# Not a grant scope: what a member's support circle reads (alongside/support; the member's
# choice of circle is the consent). Written in the access log like a scope.
SUPPORT_CIRCLE = "support_circle"
# Not a grant scope: a peer specialist's case record of a member who shares with them (the
# member's sharing is the consent; alongside/caseload). Written in the access log like a scope.
CASELOAD = "caseload"


class GrantQuerySet(models.QuerySet):
    def active(self, at=None) -> GrantQuerySet:
        """Grants in force now: started, not expired, not revoked."""
        at = at or timezone.now()
        return self.filter(starts_at__lte=at, revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=at)
        )

    def for_member(self, member: User) -> GrantQuerySet:
        return self.filter(member=member)


class ConsentGrant(models.Model):
    """A member lets one person, or one role within one organization, see some scopes."""

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants_given")
    grantee_user = models.ForeignKey(
        User, on_delete=models.CASCADE, null=True, blank=True, related_name="grants_received"
    )
    grantee_organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="grants"
    )
    grantee_role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    scopes = models.JSONField(default=list)
    # Which of the member's tracks a "milestones" grant covers: null for every track (including
    # ones started later), else a list of track ids. A removed track simply drops out: a list
    # never widens to "every track".
    milestone_tracks = models.JSONField(_("tracks shared"), null=True, blank=True, default=None)
    # Which of the member's worksheets a "worksheets" grant covers: always a list of ids the
    # member picked, never "every worksheet" (each one is a choice to share that writing). A
    # deleted worksheet simply drops out.
    worksheets = models.JSONField(_("worksheets shared"), default=list, blank=True)
    purpose = EncryptedTextField(_("purpose"))
    starts_at = models.DateTimeField(_("starts"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The exact notice the member saw when granting counseling records (42 CFR 2.32 / 2.31).
    notice_text = models.TextField(blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="grant_has_one_kind_of_grantee",
                condition=(
                    Q(
                        grantee_user__isnull=False,
                        grantee_organization__isnull=True,
                        grantee_role="",
                    )
                    | Q(grantee_user__isnull=True, grantee_organization__isnull=False)
                    & ~Q(grantee_role="")
                ),
            )
        ]
        indexes = [models.Index(fields=["grantee_user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.member} → {self.grantee_label}"

    @property
    def grantee_label(self) -> str:
        if self.grantee_user is not None:
            return self.grantee_user.display_name
        return _("every %(role)s at %(org)s") % {
            "role": Role(self.grantee_role).label.lower(),
            "org": self.grantee_organization.name,  # type: ignore[union-attr]  # a grant names a person or an organization
        }

    def status(self, at=None) -> str:
        at = at or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= at:
            return "expired"
        if self.starts_at > at:
            return "scheduled"
        return "active"

    def covers_track(self, track_id: int) -> bool:
        """Whether this grant's milestones include the track (every track when none chosen)."""
        return self.milestone_tracks is None or track_id in self.milestone_tracks

    def covers_worksheet(self, worksheet_id: int) -> bool:
        """Whether this grant shares the worksheet (it names the scope and the worksheet)."""
        return Scope.WORKSHEETS in self.scopes and worksheet_id in self.worksheets

    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels[s]) for s in self.scopes if s in labels]


class Interface(models.TextChoices):
    PAGE = "page", _("Web page")
    API = "api", _("API")
    EXPORT = "export", _("Export")
    TASK = "task", _("Background task")
    # Whoever holds a proof-of-attendance sheet checks it on a public page, signed in or not.
    PROOF = "proof", _("Public proof-of-attendance check page")


class Action(models.TextChoices):
    READ = "read", _("Viewed")
    WRITE = "write", _("Changed")
    GRANT = "grant", _("Granted access")
    REVOKE = "revoke", _("Revoked access")
    EXPORT = "export", _("Exported")
    ERASE = "erase", _("Erased")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The access log is append-only.")

    def delete(self):
        raise PermissionError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """Who touched whose data, which scope and record, when, through which grant and interface.

    Append-only to the application: no update, no delete (PostgreSQL also refuses them with a
    trigger). Rows of an erased member stay, pointing at the anonymized account.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="access_made")
    member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="access_log")
    # One scope, or for a grant or revocation every scope it names, comma-separated.
    scope = models.CharField(max_length=200)
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.READ)
    interface = models.CharField(max_length=10, choices=Interface.choices)
    record_type = models.CharField(max_length=60, blank=True)
    record_id = models.CharField(max_length=40, blank=True)
    # Grants are revoked, never deleted, so the log can always say which one applied.
    grant = models.ForeignKey(ConsentGrant, on_delete=models.PROTECT, null=True, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["member", "-at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.scope} of {self.member_id} by {self.actor_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")

    def scope_label(self) -> str:
        if self.scope == SUPPORT_CIRCLE:
            return str(_("Support circle: SOS and hard days"))
        if self.scope == CASELOAD:
            return str(_("Your peer specialist's record of their work with you"))
        return str(dict(Scope.choices).get(self.scope, self.scope))


class SecurityEvent(models.Model):
    """A refused lookup: someone asked for data that is missing or not theirs, and got a 404.

    Written where access is denied (`policy.refuse`), whatever route asked, so a person trying
    ids one after another leaves a trail, and a burst of them alerts their organizations' admins.
    The person refused never sees this log; their organizations' admins do.
    """

    at = models.DateTimeField(default=timezone.now)
    # Empty for a visitor who is not signed in (the public proof check page).
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="refused_lookups"
    )
    interface = models.CharField(max_length=10, choices=Interface.choices)
    # What was asked for: a kind of record (and its id), or a member and a scope.
    record_type = models.CharField(max_length=60)
    record_id = models.CharField(max_length=40, blank=True)
    scope = models.CharField(max_length=40, blank=True)
    path = models.CharField(max_length=300, blank=True)
    # The refusal that made the actor's recent refusals a burst and alerted the admins.
    alerted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "-at"], name="security_event_actor_time")]

    def __str__(self) -> str:
        return f"refused {self.record_type} {self.record_id} to {self.actor_id}"

    def what(self) -> str:
        """The kind of thing asked for, in words ("check-in #42", "meeting attendance of member #7")."""
        from django.apps import apps

        try:
            label = str(apps.get_model(self.record_type)._meta.verbose_name)
        except (LookupError, ValueError):
            label = self.record_type
        if self.scope:
            label = _("%(scope)s of %(what)s") % {
                "scope": str(dict(Scope.choices).get(self.scope, self.scope)).lower(),
                "what": label,
            }
        return f"{label} #{self.record_id}" if self.record_id else label


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to start")
    RUNNING = "running", _("Being prepared")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Could not be prepared")


def _export_token() -> str:
    return secrets.token_urlsafe(24)


class DataExport(models.Model):
    """A member's download of everything Alongside holds about them (encrypted at rest)."""

    LIFETIME_HOURS = 24

    member = models.ForeignKey(User, on_delete=models.CASCADE, related_name="exports")
    token = models.CharField(max_length=40, unique=True, default=_export_token)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(default=0)
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    archive_json = EncryptedTextField(blank=True)
    summary_html = EncryptedTextField(blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Export {self.pk} of {self.member_id}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_in_progress(self) -> bool:
        return self.status in {ExportStatus.PENDING, ExportStatus.RUNNING}


class RetentionHold(models.Model):
    """Counseling records an organization must keep after the member erased their account.

    42 CFR Part 2 programs and state law require treatment records to be kept for years; the
    member's erasure hides them from everyone except this organization's counselors and admins
    until `retain_until`, after which `alongside manage purge_retained` deletes them.
    """

    member = models.ForeignKey(User, on_delete=models.PROTECT, related_name="retention_holds")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="retention_holds"
    )
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    retain_until = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "organization"], name="one_hold_per_org")
        ]

    def __str__(self) -> str:
        return f"Hold on {self.member_id} for {self.organization}"
